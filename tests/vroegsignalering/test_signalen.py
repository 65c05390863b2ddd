from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from communicatie.models import Brief
from communicatie.sjablonen import Sjabloon
from invordering import services as kern
from invordering.constants import ContactUitkomst, PauzeReden, TaakSoort, ToestemmingSoort
from invordering.models import Taak
from vroegsignalering import services
from vroegsignalering.constants import Criterium, Grondslag, SignaalStatus
from vroegsignalering.models import Signaal

from .conftest import GRONDSLAG, persoon_met_achterstand, poging, toestemming

D1 = date(2026, 5, 20)  # 20 days after the due date 30-04-2026


def test_achterstand_boven_bedrag_over_aanslagen(beleid):
    genoeg = persoon_met_achterstand("150.00", "120.00")  # 270 over two aanslagen
    een_aanslag = persoon_met_achterstand("400.00")  # above the amount but one aanslag (aantal 2)
    te_weinig = persoon_met_achterstand("100.00", "100.00")
    verslag = services.signalen_bepalen(datum=D1)
    assert verslag.nieuw == 1
    signaal = Signaal.objects.get()
    assert signaal.belastingplichtige == genoeg
    assert signaal.criterium == Criterium.ACHTERSTAND_BEDRAG
    assert signaal.bedrag == D("270.00")
    assert signaal.achterstand_sinds == date(2026, 4, 30)
    assert signaal.status == SignaalStatus.VOORBEREIDING
    assert not Signaal.objects.filter(belastingplichtige__in=[een_aanslag, te_weinig]).exists()


def test_niet_voor_de_dagen_na_vervaldatum_om_zijn(beleid):
    persoon_met_achterstand("150.00", "120.00")
    assert services.signalen_bepalen(datum=date(2026, 5, 14)).nieuw == 0  # 14 days: not yet
    assert services.signalen_bepalen(datum=date(2026, 5, 15)).nieuw == 1


def test_meerjarige_achterstand(beleid):
    p = persoon_met_achterstand("50.00", "60.00", jaren=[2025, 2026])
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get(belastingplichtige=p)
    assert signaal.criteria == [Criterium.MEERJARIG]
    assert signaal.achterstand_sinds == date(2025, 4, 30)
    assert signaal.bedrag == D("110.00")


def test_alle_criteria_die_gelden_worden_bewaard(beleid):
    p = persoon_met_achterstand("200.00", "100.00", jaren=[2025, 2026])
    services.signalen_bepalen(datum=D1)
    assert set(Signaal.objects.get(belastingplichtige=p).criteria) == {
        Criterium.ACHTERSTAND_BEDRAG,
        Criterium.MEERJARIG,
    }


def test_geen_contact_na_pogingen(beleid):
    p = persoon_met_achterstand("80.00")
    poging(p, date(2026, 5, 10))
    assert services.signalen_bepalen(datum=date(2026, 6, 1)).nieuw == 0  # one attempt, policy wants two
    poging(p, date(2026, 5, 20))
    assert services.signalen_bepalen(datum=date(2026, 6, 1)).nieuw == 1
    assert Signaal.objects.get().criterium == Criterium.GEEN_CONTACT


def test_geen_contact_geldt_niet_als_inwoner_bereikt_is(beleid):
    p = persoon_met_achterstand("80.00")
    poging(p, date(2026, 5, 10))
    poging(p, date(2026, 5, 12))
    poging(p, date(2026, 5, 13), uitkomst=ContactUitkomst.BEREIKT_WIL_WEL)
    assert services.signalen_bepalen(datum=date(2026, 6, 1)).nieuw == 0


def test_uitgeschakeld_criterium_telt_niet(beleid):
    beleid.criteria.filter(criterium=Criterium.ACHTERSTAND_BEDRAG).update(actief=False)
    persoon_met_achterstand("150.00", "120.00")
    assert services.signalen_bepalen(datum=D1).nieuw == 0


def test_gepauzeerde_aanslagen_tellen_niet(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    kern.pauze_start(belastingplichtige=p, reden=PauzeReden.BETALINGSREGELING, start=date(2026, 5, 1))
    assert services.signalen_bepalen(datum=D1).nieuw == 0


def test_nieuw_signaal_stuurt_aanbodbrief_en_maakt_contacttaak(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get()
    brief = Brief.objects.get(sleutel=f"vroegsignaal-aanbod:{signaal.pk}")
    assert brief.sjabloon == Sjabloon.TOESTEMMING_SIGNAAL
    assert brief.ontvanger == f"belastingplichtige:{p.pk}"
    assert brief.gegevens["openstaand"] == "270.00"
    taak = Taak.objects.get(sleutel=f"vroegsignaal-contact:{signaal.pk}")
    assert taak.soort == TaakSoort.PROACTIEF_CONTACT
    assert signaal.aanbod_brief_op == D1


def test_herhaald_draaien_is_idempotent(beleid):
    persoon_met_achterstand("150.00", "120.00")
    persoon_met_achterstand("50.00", "60.00", jaren=[2025, 2026])
    assert services.signalen_bepalen(datum=D1).nieuw == 2
    verslag = services.signalen_bepalen(datum=D1)
    assert (verslag.nieuw, verslag.al_gesignaleerd) == (0, 2)
    assert Signaal.objects.count() == 2
    assert Brief.objects.count() == 2
    assert Taak.objects.filter(soort=TaakSoort.PROACTIEF_CONTACT).count() == 2


def test_een_signaal_per_persoon_per_periode(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    services.signalen_bepalen(datum=D1)
    Signaal.objects.filter(belastingplichtige=p).update(status=SignaalStatus.VERVALLEN)
    # Still in the same quarter (April-June): no second signal, even though the first is closed.
    assert services.signalen_bepalen(datum=date(2026, 6, 30)).nieuw == 0
    # A new quarter: a new signal may follow.
    assert services.signalen_bepalen(datum=date(2026, 7, 1)).nieuw == 1
    assert Signaal.objects.filter(belastingplichtige=p).count() == 2


def test_zonder_toestemming_of_grondslag_blijft_signaal_in_voorbereiding(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, date(2026, 5, 18))
    services.signalen_bepalen(datum=D1)
    services.signalen_bepalen(datum=D1 + timedelta(days=30))
    signaal = Signaal.objects.get()
    assert signaal.status == SignaalStatus.VOORBEREIDING
    assert services.ONTBREEKT_GRONDSLAG in signaal.voorwaarden_toelichting
    assert signaal.contactpogingen == 1


def test_met_toestemming_en_contact_gereed(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get()
    assert services.ONTBREEKT_CONTACT in signaal.voorwaarden_toelichting
    poging(p, D1 + timedelta(days=1))
    t = toestemming(p, D1 + timedelta(days=2))
    services.signalen_bepalen(datum=D1 + timedelta(days=3))
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.GEREED
    assert (signaal.grondslag, signaal.toestemming) == (Grondslag.TOESTEMMING, t)
    assert signaal.voorwaarden_vervuld_op == D1 + timedelta(days=3)
    assert (signaal.contactpogingen, signaal.laatste_contactpoging) == (1, D1 + timedelta(days=1))


def test_gemeentelijke_grondslag_wacht_op_brief_en_wachttijd(met_grondslag):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, D1)
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get()
    services.signalen_bepalen(datum=D1 + timedelta(days=13))
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.VOORBEREIDING
    assert "wachttijd" in signaal.voorwaarden_toelichting
    services.signalen_bepalen(datum=D1 + timedelta(days=14))
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.GEREED
    assert (signaal.grondslag, signaal.grondslag_tekst) == (Grondslag.GEMEENTELIJK, GRONDSLAG)
    assert signaal.toestemming is None


def test_ingetrokken_toestemming_is_bezwaar(met_grondslag):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, D1)
    toestemming(p, D1)
    kern.toestemming_trek_in(
        belastingplichtige=p, soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP, tijdstip=services._tijdstip(D1)
    )
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get()
    assert signaal.status == SignaalStatus.VERVALLEN
    assert signaal.voorwaarden_toelichting == services.BEZWAAR


def test_signaal_vervalt_als_er_niets_meer_openstaat(beleid):
    p = persoon_met_achterstand("150.00", "120.00")
    services.signalen_bepalen(datum=D1)
    p.aanslagen.update(status="betaald", openstaand=D("0.00"))
    assert services.signalen_bepalen(datum=D1 + timedelta(days=1)).vervallen == 1
    assert Signaal.objects.get().status == SignaalStatus.VERVALLEN


@pytest.mark.parametrize(
    ("pogingen", "brief", "toestemming", "grondslag", "vervuld", "ontbreekt"),
    [
        (1, date(2026, 5, 1), True, "", True, ()),
        (0, date(2026, 5, 1), True, "", False, (services.ONTBREEKT_CONTACT,)),
        (1, None, False, "", False, (services.ONTBREEKT_GRONDSLAG,)),
        (1, None, False, GRONDSLAG, False, (services.ONTBREEKT_BRIEF,)),
        (1, date(2026, 5, 7), False, GRONDSLAG, False, ("de wachttijd na de brief loopt tot 2026-05-21",)),
        (1, date(2026, 5, 6), False, GRONDSLAG, True, ()),
    ],
)
def test_voorwaarden_beoordelen(beleid, pogingen, brief, toestemming, grondslag, vervuld, ontbreekt):
    beleid.grondslag = grondslag
    b = services.voorwaarden_beoordelen(
        datum=date(2026, 5, 20),
        beleid=beleid,
        contactpogingen=pogingen,
        aanbod_brief_op=brief,
        toestemming=toestemming,
    )
    assert (b.vervuld, b.ontbreekt) == (vervuld, ontbreekt)
    if vervuld:
        assert b.grondslag == (Grondslag.TOESTEMMING if toestemming else Grondslag.GEMEENTELIJK)


def test_periode_start():
    assert services.periode_start(datum=date(2026, 5, 20), maanden=3) == date(2026, 4, 1)
    assert services.periode_start(datum=date(2026, 12, 31), maanden=6) == date(2026, 7, 1)
    assert services.periode_start(datum=date(2026, 1, 1), maanden=12) == date(2026, 1, 1)


def test_signaal_zonder_grondslag_vervalt_na_zijn_periode(beleid):
    persoon_met_achterstand("150.00", "120.00")
    services.signalen_bepalen(datum=D1)
    services.signalen_bepalen(datum=date(2026, 6, 30))
    assert Signaal.objects.get().status == SignaalStatus.VOORBEREIDING
    verslag = services.signalen_bepalen(datum=date(2026, 7, 1))
    oud, nieuw = Signaal.objects.order_by("id")
    assert oud.status == SignaalStatus.VERVALLEN
    assert oud.voorwaarden_toelichting.startswith("niet doorgegeven binnen de periode; ontbrak: ")
    # The new quarter brings a new signal (and a new offer letter).
    assert (nieuw.status, nieuw.periode_start, verslag.nieuw) == (
        SignaalStatus.VOORBEREIDING,
        date(2026, 7, 1),
        1,
    )
