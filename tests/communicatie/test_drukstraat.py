"""The print street: one file in a fixed order with a manifest, rendered once, in parallel, the same on
every run; notices for residents who chose e-mail or SMS."""

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from communicatie import drukstraat, sms, voorbeelden
from communicatie.constants import BerichtStatus, BriefStatus, Kanaal
from communicatie.models import Bericht, Brief
from communicatie.services import Briefverzoek, brieven_maak
from communicatie.sjablonen import Sjabloon
from invordering.constants import Kanaal as Voorkeur
from tests.invordering.factories import BelastingplichtigeFactory

from .pdfhulp import pdf_tekst, qr_codes

pytestmark = pytest.mark.django_db

DATUM = date(2026, 4, 16)
POSTCODES = ["9711 AA", "1011 AB", "5611 CC", "1011 AA"]


def brieven_voor(personen, sjabloon=Sjabloon.HERINNERING_NA_VERVALDATUM, datum=DATUM):
    verzoeken = [
        Briefverzoek(
            sleutel=f"test:{sjabloon}:{p.pk}:{datum}",
            sjabloon=sjabloon,
            datum=datum,
            ontvanger=f"belastingplichtige:{p.pk}",
            naam=p.naam,
            adresregels=p.adresregels,
            gegevens=voorbeelden.voorbeeld(sjabloon),
            taal=p.taal,
        )
        for p in personen
    ]
    return brieven_maak(verzoeken)


def manifest(pad: Path) -> list[dict]:
    with open(drukstraat.manifest_pad(pad), encoding="utf-8") as bestand:
        return list(csv.DictReader(bestand))


def test_drukbestand_in_vaste_volgorde_met_manifest_en_herhaalbaar(tmp_path, settings):
    settings.SMS_BACKEND = "communicatie.sms.GeheugenBackend"
    personen = [BelastingplichtigeFactory(postcode=pc) for pc in POSTCODES]
    brieven_voor(personen)
    brieven_voor(personen[:1], sjabloon=Sjabloon.AANMANING)
    brieven_voor(personen[1:2], datum=date(2026, 4, 17))  # another day: not in this file
    uit = tmp_path / "druk.pdf"

    call_command("brieven", "--datum", "2026-04-16", "--out", str(uit), "--processen", "2")

    rijen = manifest(uit)
    assert [r["postcode"] for r in rijen] == ["1011 AA", "1011 AB", "5611 CC", "9711 AA", "9711 AA"]
    assert [r["sjabloon"] for r in rijen][-2:] == [Sjabloon.AANMANING, Sjabloon.HERINNERING_NA_VERVALDATUM]
    lezer = PdfReader(uit)
    assert len(lezer.pages) == sum(int(r["paginas"]) for r in rijen)
    assert [int(r["eerste_pagina"]) for r in rijen] == [
        1 + sum(int(x["paginas"]) for x in rijen[:i]) for i in range(len(rijen))
    ]
    # The first letter in the file is addressed to the first row of the manifest.
    eerste = Brief.objects.get(pk=rijen[0]["brief_id"])
    eerste_pagina = pdf_tekst(uit.read_bytes()).split("\f")[0]
    assert eerste.naam in eerste_pagina and "1011 AA" in eerste_pagina
    assert set(Brief.objects.filter(datum=DATUM).values_list("status", flat=True)) == {BriefStatus.VERZONDEN}
    gemaakt = dict(Brief.objects.values_list("pk", "gemaakt_op"))

    # A rerun (here on one process) renders nothing again and writes the same bytes.
    tweede = tmp_path / "opnieuw.pdf"
    resultaat = drukstraat.brieven_verwerken(datum=DATUM, uit=tweede, n=1)
    assert resultaat.gerenderd == 0
    assert tweede.read_bytes() == uit.read_bytes()
    assert drukstraat.manifest_pad(tweede).read_bytes() == drukstraat.manifest_pad(uit).read_bytes()
    assert dict(Brief.objects.values_list("pk", "gemaakt_op")) == gemaakt


def test_parallel_en_op_een_proces_dezelfde_brieven(tmp_path):
    """Same text and QR code on any number of processes. (The payment link's signature carries the time it
    was made, which is why a letter is rendered once and its file kept: a rerun binds the same files.)"""
    personen = [BelastingplichtigeFactory(postcode=pc) for pc in POSTCODES]
    ids = brieven_voor(personen)
    brieven = list(Brief.objects.filter(pk__in=ids.values()))
    assert drukstraat.brieven_renderen(brieven, n=2) == 4
    parallel = {b.pk: b.pdf.read() for b in Brief.objects.filter(pk__in=ids.values())}
    Brief.objects.update(pdf="", status=BriefStatus.AANGEMAAKT)
    assert drukstraat.brieven_renderen(list(Brief.objects.all()), n=1) == 4
    een = {b.pk: b.pdf.read() for b in Brief.objects.all()}

    def zonder_handtekening(inhoud):
        # Whitespace dropped: the link wraps over lines; the timestamp and signature (43 characters) masked.
        tekst = "".join(pdf_tekst(inhoud).split())
        return re.sub(r":[0-9A-Za-z]{6}:[0-9A-Za-z_-]{43}/", ":<tijd>:<handtekening>/", tekst)

    assert {pk: zonder_handtekening(inhoud) for pk, inhoud in een.items()} == {
        pk: zonder_handtekening(inhoud) for pk, inhoud in parallel.items()
    }
    eerste = min(een)
    assert qr_codes(een[eerste]) == qr_codes(parallel[eerste]) and len(qr_codes(een[eerste])) == 1


@pytest.mark.parametrize("aantal", [3, 9])
def test_renderen_met_vast_aantal_queries(aantal, django_assert_max_num_queries):
    personen = [BelastingplichtigeFactory() for _ in range(aantal)]
    brieven_voor(personen)
    brieven = list(Brief.objects.all())
    with django_assert_max_num_queries(8):
        drukstraat.brieven_renderen(brieven, n=1)
    assert Brief.objects.filter(pdf="").count() == 0


def test_digitale_voorkeur_krijgt_bericht_zonder_persoonsgegevens_en_geen_papier(tmp_path, settings):
    settings.SMS_BACKEND = "communicatie.sms.GeheugenBackend"
    sms.postvak.clear()
    per_mail = BelastingplichtigeFactory(kanaal=Voorkeur.EMAIL, email="inwoner@example.org")
    per_sms = BelastingplichtigeFactory(kanaal=Voorkeur.SMS, telefoon="0612345678")
    zonder_nummer = BelastingplichtigeFactory(kanaal=Voorkeur.SMS, telefoon="")
    op_papier = BelastingplichtigeFactory()
    brieven_voor([per_mail, per_sms, zonder_nummer, op_papier])
    brieven_voor([per_mail], sjabloon=Sjabloon.AANMANING)  # a formal letter: paper as well
    uit = tmp_path / "druk.pdf"

    drukstraat.brieven_verwerken(datum=DATUM, uit=uit, n=1)

    ontvangers = [r["ontvanger"] for r in manifest(uit)]
    assert f"belastingplichtige:{per_sms.pk}" not in ontvangers
    assert sorted(
        r["sjabloon"] for r in manifest(uit) if r["ontvanger"] == f"belastingplichtige:{per_mail.pk}"
    ) == [Sjabloon.AANMANING]
    assert f"belastingplichtige:{zonder_nummer.pk}" in ontvangers  # nobody to notify: on paper after all
    assert f"belastingplichtige:{op_papier.pk}" in ontvangers
    # Every letter is archived, also the digital ones.
    assert not Brief.objects.filter(pdf="").exists()

    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["inwoner@example.org"]
    assert [s.naar for s in sms.postvak] == ["0612345678"]
    for tekst in [m.body for m in mail.outbox] + [s.tekst for s in sms.postvak]:
        assert "/portaal/" in tekst
        for geheim in (per_mail.achternaam, per_sms.achternaam, "2026-000123", "€", "183", "5000"):
            assert geheim not in tekst
    assert Bericht.objects.filter(status=BerichtStatus.VERSTUURD).count() == 3
    assert Bericht.objects.get(brief__ontvanger=f"belastingplichtige:{zonder_nummer.pk}").status == (
        BerichtStatus.GEEN_ADRES
    )

    # A rerun sends nothing twice.
    drukstraat.brieven_verwerken(datum=DATUM, uit=tmp_path / "opnieuw.pdf", n=1)
    assert len(mail.outbox) == 2 and len(sms.postvak) == 1


def test_mislukt_bericht_wordt_vastgelegd_en_later_opnieuw_geprobeerd(settings):
    class Kapot(sms.BasisBackend):
        def verstuur(self, bericht):
            raise sms.SmsFout("provider niet bereikbaar")

    settings.SMS_BACKEND = "communicatie.sms.GeheugenBackend"
    sms.postvak.clear()
    persoon = BelastingplichtigeFactory(kanaal=Voorkeur.SMS, telefoon="0611111111")
    brieven_voor([persoon])
    import communicatie.kanalen as kanalen

    brieven = list(Brief.objects.all())
    kanalen.kanalen_bepalen(brieven)
    assert brieven[0].kanaal == Kanaal.SMS
    origineel = sms.backend
    sms.backend = lambda: Kapot()
    try:
        resultaat = kanalen.berichten_verstuur(datum=DATUM)
    finally:
        sms.backend = origineel
    bericht = Bericht.objects.get()
    assert (resultaat.mislukt, bericht.status, bericht.pogingen) == (1, BerichtStatus.MISLUKT, 1)
    assert "provider niet bereikbaar" in bericht.fout

    assert kanalen.berichten_verstuur(datum=DATUM).verstuurd == 1
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen, bericht.fout) == (BerichtStatus.VERSTUURD, 2, "")
    assert len(sms.postvak) == 1


def test_commando_wil_een_pdf_en_de_taak_maakt_geen_drukbestand(tmp_path, settings):
    from django.core.management.base import CommandError

    from communicatie.tasks import brieven_verwerken_taak

    with pytest.raises(CommandError, match="pdf"):
        call_command("brieven", "--datum", "2026-04-16", "--out", str(tmp_path / "druk.txt"))
    brieven_voor([BelastingplichtigeFactory()])
    assert brieven_verwerken_taak("2026-04-16") == {"brieven": 1, "gerenderd": 1}
    assert Brief.objects.get().status == BriefStatus.GEMAAKT and list(tmp_path.glob("*.pdf")) == []
