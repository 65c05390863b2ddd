"""The dossier's own reads: the repayment capacity from rows it already holds, and the actions that
have their own page instead of a form on every dossier view."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from invordering.beslagvrije_voet import aflossingscapaciteit
from invordering.constants import BvvBron, Inkomensbron
from invordering.models import Inkomensgegeven, VastgesteldeBvv
from medewerker import dossier
from tests.invordering.factories import BelastingplichtigeFactory

from .conftest import VANDAAG, als

pytestmark = pytest.mark.django_db

ACTIES_MET_EIGEN_PAGINA = {
    "pauze": "Pauzeren",
    "verwijzen": "Doorverwijzen",
    "toestemming": "Vastleggen",
    "oninbaar": "Voorstellen",
    "inkomen": "Vastleggen",
    "bvv": "Vastleggen",
    "schuldenoverzicht": "Stuur het overzicht",
    "contactgegevens": "Opslaan",
}


@pytest.fixture(autouse=True)
def _verse_tabellen():
    dossier._tabellen.clear()  # the legal tables kept per process: each test reads its own
    yield
    dossier._tabellen.clear()


def _inkomen(persoon, bedrag, peildatum):
    Inkomensgegeven.objects.create(
        belastingplichtige=persoon,
        netto_maandinkomen=D(bedrag),
        bron=Inkomensbron.LOONSTROOK,
        peildatum=peildatum,
    )


def _bvv(persoon, bedrag, vastgesteld_op, geldig_tot=None):
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon,
        bedrag=D(bedrag),
        bron=BvvBron.values[0],
        vastgesteld_op=vastgesteld_op,
        geldig_tot=geldig_tot,
    )


def _capaciteit_op_de_pagina(client, persoon):
    antwoord = client.get(reverse("medewerker:dossier", args=[persoon.pk]))
    assert antwoord.status_code == 200
    return antwoord.context["d"].capaciteit


def test_capaciteit_in_het_dossier_is_die_van_de_dienst(client, medewerker, persoon):
    """Same answer as ``aflossingscapaciteit`` (which reads its own rows) in each case: an estimate from
    the latest income, an official bvv in force, rows after today or expired left out, no income."""
    als(client, medewerker)
    geval = {}
    geval["schatting"] = persoon
    zonder = BelastingplichtigeFactory(leefsituatie="alleenstaande")
    geval["geen inkomen"] = zonder
    officieel = BelastingplichtigeFactory(leefsituatie="alleenstaande")
    _inkomen(officieel, "2100.00", date(2026, 3, 1))
    _inkomen(officieel, "9999.00", date(2026, 9, 1))  # after today: not yet
    _bvv(officieel, "1500.00", date(2026, 2, 1))
    _bvv(officieel, "1800.00", date(2026, 1, 1), geldig_tot=date(2026, 1, 31))  # expired
    _bvv(officieel, "1000.00", date(2026, 8, 1))  # not yet
    geval["officieel"] = officieel
    for naam, p in geval.items():
        verwacht = aflossingscapaciteit(belastingplichtige=p, peildatum=VANDAAG)
        assert _capaciteit_op_de_pagina(client, p) == verwacht, naam
    assert _capaciteit_op_de_pagina(client, officieel).bvv == D("1500.00")
    assert _capaciteit_op_de_pagina(client, officieel).inkomen == D("2100.00")
    assert _capaciteit_op_de_pagina(client, zonder).capaciteit is None


def test_capaciteit_met_meer_rijen_dan_het_dossier_leest(client, medewerker, persoon):
    """Five incomes after today hide the one in force from the dossier's five rows: then the service
    itself answers, with the right income."""
    als(client, medewerker)
    for maand in range(7, 12):
        _inkomen(persoon, "5000.00", date(2026, maand, 1))
    capaciteit = _capaciteit_op_de_pagina(client, persoon)
    assert capaciteit == aflossingscapaciteit(belastingplichtige=persoon, peildatum=VANDAAG)
    assert capaciteit.inkomen == D("1600.00")


def test_elke_actie_heeft_een_eigen_pagina_en_een_link_in_het_dossier(client, medewerker, persoon):
    als(client, medewerker)
    pagina = client.get(reverse("medewerker:dossier", args=[persoon.pk])).content.decode()
    assert 'id="actie-contact"' in pagina  # the call is still recorded on the dossier itself
    for naam, knop in ACTIES_MET_EIGEN_PAGINA.items():
        url = reverse(f"medewerker:{naam}", args=[persoon.pk])
        assert f'href="{url}"' in pagina, naam
        antwoord = client.get(url)
        assert antwoord.status_code == 200, naam
        inhoud = antwoord.content.decode()
        assert '<form method="post" action="">' in inhoud and knop in inhoud, naam
        assert persoon.bsn in inhoud


def test_actiepagina_volgt_de_rol(client, beheerder, persoon):
    als(client, beheerder)
    for naam in ACTIES_MET_EIGEN_PAGINA:
        assert client.get(reverse(f"medewerker:{naam}", args=[persoon.pk])).status_code == 403, naam


def test_actie_zonder_eigen_pagina_blijft_alleen_post(client, medewerker, persoon):
    als(client, medewerker)
    assert client.get(reverse("medewerker:contact", args=[persoon.pk])).status_code == 405


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_contactformulier_is_dezelfde_html_als_django_het_maakt(persoon, taal):
    """The dossier's contact form, rendered from the per-process parts, is Form.as_p() exactly."""
    from django import forms as django_forms
    from django.utils import translation

    from invordering import services
    from invordering.constants import TaakSoort
    from invordering.models import Taak
    from medewerker.forms import ContactForm

    services.taak_maak(soort=TaakSoort.HUISBEZOEK, belastingplichtige=persoon, datum=VANDAAG)
    services.taak_maak(soort=TaakSoort.VOORBELLEN_AANMANING, belastingplichtige=persoon, datum=VANDAAG)
    for taken in ([], list(Taak.objects.filter(belastingplichtige=persoon))):
        with translation.override(taal):
            form = ContactForm(persoon=persoon, taken=taken)
            html = str(form.as_p())
            assert html == str(django_forms.Form.as_p(form))
    assert all(f'<option value="{t.pk}">' in html for t in taken) and len(taken) == 2


def _samenvatting(d) -> dict:
    """What a dossier holds, comparable between two loads."""
    lijsten = [
        "aanslagen",
        "huisgenoten",
        "inkomens",
        "vastgestelde_bvv",
        "pauzes",
        "toestemmingen",
        "regelingen",
        "verzoeken",
        "taken",
        "voorstellen",
        "verwijzingen",
    ]
    uit = {naam: [x.pk for x in getattr(d, naam)] for naam in lijsten}
    uit["signalen"] = [repr(s) for s in d.signalen]
    uit["pauzes_actief"] = [p.actief for p in d.pauzes]
    uit["tijdlijn"] = [(r.moment, r.soort, str(r.titel), r.detail, r.bedrag, r.door) for r in d.tijdlijn]
    uit["capaciteit"] = repr(d.capaciteit)
    uit["regeling_stand"] = repr(d.regeling_stand)
    return uit


def test_dossier_leest_alleen_bronnen_met_rijen_en_toont_hetzelfde(client, teamleider, persoon):
    """persoon_met_bronnen names exactly the sources that hold the resident's rows, and the dossier
    read with them is the dossier read from every source; a sparse dossier costs fewer queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from medewerker.models import Oninbaarvoorstel
    from vroegsignalering.models import Verwijzing

    als(client, teamleider)
    aanslag = persoon.aanslagen.order_by("id").first()
    for naam, data in (
        ("bvv", {"bedrag": "1550.00", "bron": "deurwaarder", "vastgesteld_op": "2026-05-20"}),
        ("verwijzen", {"toelichting": "Wil hulp", "toestemming": "on"}),
        ("oninbaar", {"aanslagen": [aanslag.pk], "reden": "Geen verhaal"}),
    ):
        assert client.post(reverse(f"medewerker:{naam}", args=[persoon.pk]), data).status_code == 302
    BelastingplichtigeFactory(postcode=persoon.postcode, huisnummer=persoon.huisnummer)
    leeg = BelastingplichtigeFactory(postcode="9999 ZZ", huisnummer=1)
    modellen = dossier._bronmodellen()
    for p in (persoon, leeg):
        gelezen = dossier.persoon_met_bronnen(p.pk)
        verwacht = {n for n, m in modellen.items() if m.objects.filter(belastingplichtige=p).exists()}
        if p is persoon:
            verwacht.add("huisgenoten")
        assert gelezen.bronnen == verwacht
        assert _samenvatting(dossier.laad(persoon=gelezen, vandaag=VANDAAG)) == _samenvatting(
            dossier.laad(persoon=p, vandaag=VANDAAG)
        )
    assert {"inkomens", "vastgestelde_bvv", "pauzes", "toestemmingen", "voorstellen", "verwijzingen"} <= (
        dossier.persoon_met_bronnen(persoon.pk).bronnen
    )
    assert dossier.persoon_met_bronnen(leeg.pk).bronnen == set()
    assert dossier.persoon_met_bronnen(10**9) is None
    assert Verwijzing.objects.count() == Oninbaarvoorstel.objects.count() == 1

    def queries(p):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("medewerker:dossier", args=[p.pk])).status_code == 200
        return len(ctx.captured_queries)

    queries(persoon)  # warm-up
    assert queries(leeg) < queries(persoon)
    assert client.get(reverse("medewerker:dossier", args=[10**9])).status_code == 404


def test_het_contactformulier_zegt_dat_een_gesprek_alle_beltaken_afrondt(client, medewerker, persoon):
    """Two aanslagen, two calls before the aanmaning and a home visit: the officer reads before the
    call that reaching the resident completes all three; a callback request is not one of them."""
    from invordering import services
    from invordering.constants import TaakSoort

    als(client, medewerker)
    pagina = reverse("medewerker:dossier", args=[persoon.pk])
    hint = "Bereikt u de inwoner, dan worden ze allemaal afgerond"
    for soort in (TaakSoort.VOORBELLEN_AANMANING, TaakSoort.TERUGBELVERZOEK):
        services.taak_maak(soort=soort, belastingplichtige=persoon, datum=VANDAAG)
    assert hint not in client.get(pagina).content.decode()  # one call task: nothing to explain
    for soort in (TaakSoort.VOORBELLEN_AANMANING, TaakSoort.HUISBEZOEK):
        services.taak_maak(soort=soort, belastingplichtige=persoon, datum=VANDAAG)
    html = client.get(pagina).content.decode()
    assert f"Deze inwoner heeft 3 open bel- of bezoektaken. {hint}" in html


def test_huishouden_op_hetzelfde_adres_met_wat_ieder_open_heeft(client, medewerker, persoon):
    """Seed 003, the whole situation: the dossier names the others at the address with what each
    owes and the household's total; a flat with another addition is another home."""
    from invordering.constants import AanslagStatus
    from tests.invordering.factories import AanslagFactory

    partner = BelastingplichtigeFactory(achternaam="Visser", postcode="1234 AB", huisnummer=7)
    AanslagFactory(belastingplichtige=partner, bedrag=D("120.00"))
    AanslagFactory(belastingplichtige=partner, bedrag=D("80.00"), status=AanslagStatus.BETAALD)
    kind = BelastingplichtigeFactory(achternaam="Bakker-Visser", postcode="1234 AB", huisnummer=7)
    buren = BelastingplichtigeFactory(
        achternaam="Buur", postcode="1234 AB", huisnummer=7, huisnummer_toevoeging="A"
    )
    AanslagFactory(belastingplichtige=buren, bedrag=D("999.00"))

    d = dossier.laad(persoon=persoon, vandaag=VANDAAG)
    assert [(h.pk, h.open_totaal) for h in d.huisgenoten] == [(kind.pk, D("0.00")), (partner.pk, D("120.00"))]
    assert d.huishouden_open == d.totaal_open + D("120.00") == D("570.00")
    tekst = als(client, medewerker).get(reverse("medewerker:dossier", args=[persoon.pk])).content.decode()
    assert "Visser</a> (€ 120,00 open)" in tekst
    assert "Samen op dit adres open: <strong>€ 570,00</strong>" in tekst
    assert "Buur" not in tekst  # flat 7 A is another home
    assert dossier.persoon_met_bronnen(buren.pk).bronnen == {"aanslagen"}  # nobody else at 7 A

    # Nobody else owes anything: no household total, only the resident's own.
    from invordering.models import Aanslag

    Aanslag.objects.filter(belastingplichtige=partner).update(status=AanslagStatus.BETAALD)
    assert dossier.laad(persoon=persoon, vandaag=VANDAAG).huishouden_open is None
