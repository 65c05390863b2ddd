"""Every letter in every state: rendered to PDF, QR code decoded from the page and compared with the EPC
payload, the payment link read back, the fixed parts present, and the reading-ease floor."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from communicatie import betaallink, leesbaarheid, pdf, voorbeelden, weergave
from communicatie.qr import epc_payload
from communicatie.sjablonen import VERPLICHTE_GEGEVENS, Sjabloon, controleer, voorbeeld_html

from .pdfhulp import LINK, pdf_tekst, qr_codes

DATUM = date(2026, 4, 16)
TOESTANDEN = voorbeelden.alle_toestanden()


def test_elk_sjabloon_heeft_een_standaardtekst_en_voorbeelden_die_het_contract_volgen():
    assert set(VOORBEELDEN_SLEUTELS := voorbeelden.VOORBEELDEN) == set(Sjabloon.values)
    for sjabloon in Sjabloon.values:
        tekst = weergave.standaardtekst(sjabloon)
        assert tekst.onderwerp and tekst.inhoud.strip() and tekst.versie == 0
        for toestand in VOORBEELDEN_SLEUTELS[sjabloon]:
            controleer(sjabloon, voorbeelden.voorbeeld(sjabloon, toestand))
    assert set(VERPLICHTE_GEGEVENS) == set(Sjabloon.values)


@pytest.mark.parametrize(("sjabloon", "toestand"), TOESTANDEN, ids=[f"{s}-{t}" for s, t in TOESTANDEN])
def test_brief_als_pdf_met_qr_code_betaallink_en_vaste_onderdelen(sjabloon, toestand):
    gegevens = voorbeelden.voorbeeld(sjabloon, toestand)
    w = pdf.voorbeeld_pdf(sjabloon, gegevens, datum=DATUM)

    assert w.pdf.startswith(b"%PDF-") and w.paginas >= 1
    tekst = pdf_tekst(w.pdf)
    # The address sits in the window, the letter speaks to the resident and ends with all contact routes.
    assert "J. de Vries" in tekst and "1234 AB" in tekst
    assert 'class="actie"' in w.html and "Wat moet u doen?" in tekst
    for route in (
        settings.ORGANISATIE_TELEFOON,
        settings.ORGANISATIE_EMAIL,
        settings.ORGANISATIE_CHAT_URL,
        settings.ORGANISATIE_WHATSAPP,
        "op afspraak",
    ):
        assert route in tekst, route
    assert "schulden" in tekst  # the offer of debt help is in every letter
    # The help box in five languages (fixed texts, with their language tagged for screen readers).
    for code in ("en", "tr", "ar", "pl", "uk"):
        assert f'lang="{code}"' in w.html
    assert "Do you need help to read this letter?" in tekst and "Potrzebujesz pomocy" in tekst

    betaling = gegevens.get("betaling")
    codes = qr_codes(w.pdf)
    if not betaling:
        assert codes == [] and "/portaal/betalen/" not in w.html
        return
    bedrag = Decimal(betaling["bedrag"])
    verwacht = epc_payload(
        settings.ORGANISATIE_NAAM,
        settings.ORGANISATIE_IBAN,
        bedrag,
        kenmerk=betaling["kenmerk"],
        bic=settings.ORGANISATIE_BIC,
    )
    assert codes == [verwacht]
    # The link in the letter pays exactly the amount due now, for the target and kenmerk of the letter.
    link = betaallink.lees_token(LINK.search(w.html.replace("<wbr>", ""))["token"], vandaag=DATUM)
    assert (link.doel, link.bedrag, link.kenmerk) == (betaling["doel"], bedrag, betaling["kenmerk"])
    assert link.geldig_tot >= date.fromisoformat(gegevens.get("uiterste_datum", DATUM.isoformat()))
    assert "5000 0012 3456 7890" in tekst or betaling["kenmerk"][:4] in tekst


@pytest.mark.parametrize(("sjabloon", "toestand"), TOESTANDEN, ids=[f"{s}-{t}" for s, t in TOESTANDEN])
def test_leesgemak_van_elke_meegeleverde_brief_is_minstens_60(sjabloon, toestand):
    html = weergave.html(
        sjabloon=sjabloon,
        gegevens=voorbeelden.voorbeeld(sjabloon, toestand),
        datum=DATUM,
        naam="J. de Vries",
        adresregels=["Dorpsstraat 1", "1234 AB  Voorbeeldstad"],
    )
    uitkomst = leesbaarheid.flesch_douma_html(html)
    assert uitkomst.woorden > 80
    assert uitkomst.score >= leesbaarheid.MINIMUM, f"{sjabloon}/{toestand}: {uitkomst}"


def test_de_vloer_vangt_een_moeilijke_tekst():
    moeilijk = weergave.Tekst(
        onderwerp="Mededeling",
        inhoud="<p>"
        + " ".join(
            [
                "Ingevolge de toepasselijke invorderingsbepalingen wordt belanghebbende "
                "overeenkomstig artikel elf geïnformeerd omtrent de consequenties van "
                "voortdurende betalingsachterstanden en daaraan verbonden maatregelen"
            ]
            * 4
        )
        + ".</p>",
    )
    html = weergave.html(
        sjabloon=Sjabloon.AANMANING,
        gegevens=voorbeelden.voorbeeld(Sjabloon.AANMANING),
        datum=DATUM,
        naam="J. de Vries",
        adresregels=[],
        tekst=moeilijk,
    )
    assert leesbaarheid.flesch_douma_html(html).score < leesbaarheid.MINIMUM


def test_juridische_inhoud_blijft_staan():
    def tekst(sjabloon, toestand=None):
        return pdf.voorbeeld_pdf(sjabloon, voorbeelden.voorbeeld(sjabloon, toestand), datum=DATUM).html

    assert "artikel 11 van de Invorderingswet 1990" in tekst(Sjabloon.AANMANING)
    dwangbevel = tekst(Sjabloon.DWANGBEVEL)
    assert "artikel 12 van de Invorderingswet 1990" in dwangbevel
    assert "artikel 17 van de Invorderingswet 1990" in dwangbevel and "6 weken" in dwangbevel
    besluit = tekst(Sjabloon.KWIJTSCHELDING_BESLUIT, "afgewezen")
    assert "het college van burgemeester en wethouders" in besluit and "11 mei 2026" in besluit
    assert "Uw vermogen is hoger" in besluit


def test_voorbeeld_html_voor_andere_apps(db):
    html = voorbeeld_html(
        Sjabloon.HERINNERING_NA_VERVALDATUM,
        voorbeelden.voorbeeld(Sjabloon.HERINNERING_NA_VERVALDATUM),
        taal="tr",
    )
    assert "U heeft nog niet betaald" in html
    # The resident's language comes first in the help box.
    assert html.index('lang="tr"') < html.index('lang="en"')
    with pytest.raises(ValueError, match="mist verplichte gegevens"):
        voorbeeld_html(Sjabloon.AANMANING, {"aanslagnummer": "1"})


def test_bedragen_en_datums_in_het_nederlands():
    html = pdf.voorbeeld_pdf(
        Sjabloon.REGELING_BEVESTIGING, voorbeelden.voorbeeld(Sjabloon.REGELING_BEVESTIGING), datum=DATUM
    ).html
    assert "€\u00a0183,60" in html and "1 mei 2026" in html and "6 delen" in html
