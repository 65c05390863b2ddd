"""An assessment walked through every path of the chain, asserting the exact facts, dates and costs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from invordering import regelingen, rollen
from invordering.constants import (
    AanslagStatus,
    ContactKanaal,
    ContactUitkomst,
    Inkomensbron,
    Klantgroep,
    PauzeReden,
    TaakSoort,
    TaakStatus,
)
from invordering.keten.oninbaar import FOUT_VIER_OGEN, oninbaar_afboeken
from invordering.models import Aanslag, Invorderingsbeleid, Ketenstand, Ketenstap, Taak
from invordering.services import (
    Afboeking,
    inkomen_vastleggen,
    kwijtschelding_afboeken,
    pauze_start,
    pauzes_beeindig_voor_bron,
    taak_afronden,
)
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

from .helpers import DWANGBEVEL_300, TOT_VOORBELLEN, betaal, contact, draai, feiten

pytestmark = pytest.mark.django_db
D = Decimal
START = date(2026, 3, 1)


def _beltaak(aanslag) -> Taak:
    return Taak.objects.get(aanslag=aanslag, soort=TaakSoort.VOORBELLEN_DWANGBEVEL)


def test_betaald_na_de_kosteloze_herinnering():
    aanslag = AanslagFactory()
    draai(START, date(2026, 5, 4), volledig=True)
    betaal(aanslag, D("300.00"), date(2026, 5, 5))
    draai(date(2026, 5, 5), date(2026, 8, 31), volledig=True)
    assert feiten(aanslag) == TOT_VOORBELLEN[:3]
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.BETAALD
    assert aanslag.open_kosten == 0


def test_bereikt_wil_niet_dan_dwangbevel_hernieuwd_bevel_en_deurwaarder():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 25))
    contact(_beltaak(aanslag), ContactUitkomst.BEREIKT_WIL_NIET, date(2026, 6, 26))
    draai(date(2026, 6, 26), date(2026, 10, 31))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN,
        (date(2026, 6, 26), "dwangbevel", DWANGBEVEL_300, "", ""),
        (date(2026, 8, 25), "hernieuwd_bevel", D("18.00"), "", ""),  # dwangbevel + 60
        (date(2026, 9, 24), "deurwaarder", D("0.00"), "", ""),  # hernieuwd bevel + 30
    ]
    aanslag.refresh_from_db()
    assert aanslag.open_kosten == D("8.00") + DWANGBEVEL_300 + D("18.00")
    assert aanslag.openstaand == D("300.00") + aanslag.open_kosten
    dwangbevel = Ketenstap.objects.get(aanslag=aanslag, soort="dwangbevel")
    assert dwangbevel.brief.sjabloon == "dwangbevel"
    assert dwangbevel.brief.gegevens["kosten"] == "62.00"
    assert dwangbevel.brief.gegevens["openstaand"] == "370.00"
    assert dwangbevel.brief.gegevens["uiterste_datum"] == "2026-06-28"  # + 2 days
    assert dwangbevel.beleid.naam == "Standaard"
    assert dwangbevel.regel == "aanmaning + 35 dagen"


def test_niet_bereikt_na_de_belpogingen_dan_huisbezoek_dan_dwangbevel():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 26))
    beltaak = _beltaak(aanslag)
    # Calls during the day, after the 07:00 run of that day.
    contact(beltaak, ContactUitkomst.NIET_BEREIKT, date(2026, 6, 26))
    draai(date(2026, 6, 27), date(2026, 6, 29))
    contact(beltaak, ContactUitkomst.NIET_BEREIKT, date(2026, 6, 29))
    draai(date(2026, 6, 30), date(2026, 6, 30))
    contact(beltaak, ContactUitkomst.NIET_BEREIKT, date(2026, 6, 30))
    draai(date(2026, 7, 1), date(2026, 7, 2))
    beltaak.refresh_from_db()
    assert (beltaak.status, beltaak.uitkomst) == (TaakStatus.AFGEROND, ContactUitkomst.NIET_BEREIKT)
    bezoek = Taak.objects.get(aanslag=aanslag, soort=TaakSoort.HUISBEZOEK)
    assert bezoek.deadline == date(2026, 7, 11)
    contact(bezoek, ContactUitkomst.NIET_BEREIKT, date(2026, 7, 3), kanaal=ContactKanaal.HUISBEZOEK)
    taak_afronden(taak=bezoek, datum=date(2026, 7, 3))
    draai(date(2026, 7, 3), date(2026, 7, 10))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN,
        (date(2026, 6, 26), "geen_escalatie", D("0.00"), "open_taak", "dwangbevel"),
        (date(2026, 7, 1), "huisbezoek", D("0.00"), "", ""),  # third 'not reached' on 30-06
        (date(2026, 7, 2), "geen_escalatie", D("0.00"), "open_taak", "dwangbevel"),
        (date(2026, 7, 3), "dwangbevel", DWANGBEVEL_300, "", ""),
    ]
    assert Ketenstap.objects.get(aanslag=aanslag, soort="huisbezoek").taak == bezoek


def test_bereikt_wil_wel_dan_regeling_en_na_vervallen_verder_waar_de_keten_was():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 25))
    contact(_beltaak(aanslag), ContactUitkomst.BEREIKT_WIL_WEL, date(2026, 6, 26))
    draai(date(2026, 6, 26), date(2026, 6, 29))
    regeling = regelingen.regeling_maak(
        belastingplichtige=aanslag.belastingplichtige,
        datum=date(2026, 6, 30),
        aantal_termijnen=6,
        afwijking_reden="Afgesproken in het gesprek.",
    )
    draai(date(2026, 6, 30), date(2026, 7, 31))
    regelingen.regeling_laat_vervallen(regeling=regeling, datum=date(2026, 8, 1), besluit="Niet betaald.")
    draai(date(2026, 8, 1), date(2026, 8, 20))
    pauze_id = regeling.pauze_id
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN,
        (date(2026, 6, 26), "regeling_aanbod", D("0.00"), "", ""),
        # 'wil wel' waits 14 days (to 10-07); by then the plan's pause holds the dwangbevel.
        (date(2026, 7, 10), "geen_escalatie", D("0.00"), "pauze", "dwangbevel"),
        # The plan lapsed on 01-08: the chain resumes where it was, after the 14 days' wait.
        (date(2026, 8, 15), "dwangbevel", DWANGBEVEL_300, "", ""),
    ]
    besluit = Ketenstap.objects.get(aanslag=aanslag, soort="geen_escalatie")
    assert besluit.sleutel.endswith(f":pauze:{pauze_id}")


def test_bereikt_wil_wel_zonder_regeling_dan_dwangbevel_na_de_wachttijd():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 25))
    contact(_beltaak(aanslag), ContactUitkomst.BEREIKT_WIL_WEL, date(2026, 6, 26))
    draai(date(2026, 6, 26), date(2026, 7, 15))
    assert feiten(aanslag)[-2:] == [
        (date(2026, 6, 26), "regeling_aanbod", D("0.00"), "", ""),
        (date(2026, 7, 10), "dwangbevel", DWANGBEVEL_300, "", ""),
    ]


def test_een_gesprek_geldt_voor_alle_aanslagen_van_de_inwoner():
    """Two aanslagen reach the call before the dwangbevel on the same day: two call tasks, one call.
    The outcome answers the question for the resident (seed 003: the whole customer, not one claim),
    so it completes both tasks and the chain offers a plan on both; the other task no longer lapses
    into a dwangbevel while the resident said they would pay."""
    persoon = BelastingplichtigeFactory()
    eerste, tweede = AanslagFactory(belastingplichtige=persoon), AanslagFactory(belastingplichtige=persoon)
    ander = AanslagFactory()  # another resident's task is not theirs to answer
    draai(START, date(2026, 6, 25))
    contact(_beltaak(eerste), ContactUitkomst.BEREIKT_WIL_WEL, date(2026, 6, 26))
    assert [(t.status, t.uitkomst, t.afgerond_op) for t in map(_beltaak, (eerste, tweede, ander))] == [
        (TaakStatus.AFGEROND, ContactUitkomst.BEREIKT_WIL_WEL, date(2026, 6, 26)),
        (TaakStatus.AFGEROND, ContactUitkomst.BEREIKT_WIL_WEL, date(2026, 6, 26)),
        (TaakStatus.OPEN, "", None),
    ]
    draai(date(2026, 6, 26), date(2026, 7, 15))
    for aanslag in (eerste, tweede):
        assert feiten(aanslag)[-2:] == [
            (date(2026, 6, 26), "regeling_aanbod", D("0.00"), "", ""),
            (date(2026, 7, 10), "dwangbevel", DWANGBEVEL_300, "", ""),
        ]


@pytest.mark.parametrize("uitkomst", [ContactUitkomst.NIET_BEREIKT, ContactUitkomst.VERKEERD_NUMMER])
def test_niet_bereikt_geldt_alleen_voor_de_eigen_taak(uitkomst):
    """Not reached (or a wrong number) answers nothing: each task keeps its own attempts, and a
    home visit after a wrong number still has to happen."""
    persoon = BelastingplichtigeFactory()
    eerste, tweede = AanslagFactory(belastingplichtige=persoon), AanslagFactory(belastingplichtige=persoon)
    draai(START, date(2026, 6, 25))
    contact(_beltaak(eerste), uitkomst, date(2026, 6, 26))
    assert (_beltaak(tweede).status, _beltaak(tweede).uitkomst) == (TaakStatus.OPEN, "")


def test_bereikt_kan_niet_dan_sociaal_spoor():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 25))
    contact(_beltaak(aanslag), ContactUitkomst.BEREIKT_KAN_NIET, date(2026, 6, 26))
    draai(date(2026, 6, 26), date(2026, 7, 31))
    sociaal = Taak.objects.get(aanslag=aanslag, soort=TaakSoort.SOCIAAL_SPOOR)
    assert sociaal.status == TaakStatus.OPEN  # the social track does not lapse
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN,
        (date(2026, 6, 26), "geen_escalatie", D("0.00"), "contact_kan_niet", "dwangbevel"),
        (date(2026, 6, 27), "geen_escalatie", D("0.00"), "open_taak", "dwangbevel"),
    ]
    # The officer closes the social track without a solution: the chain goes on.
    draai(date(2026, 8, 1), date(2026, 8, 2))
    taak_afronden(taak=sociaal, datum=date(2026, 8, 3), toelichting="Geen recht op kwijtschelding.")
    draai(date(2026, 8, 3), date(2026, 8, 3))
    assert feiten(aanslag)[-1] == (date(2026, 8, 3), "dwangbevel", DWANGBEVEL_300, "", "")


def test_kwijtschelding_in_behandeling_pauzeert_en_toekenning_sluit_de_keten():
    aanslag = AanslagFactory()
    draai(START, date(2026, 5, 9))
    pauze = pauze_start(
        belastingplichtige=aanslag.belastingplichtige,
        reden=PauzeReden.KWIJTSCHELDING,
        start=date(2026, 5, 10),
        bron="kwijtschelding:1",
    )
    draai(date(2026, 5, 10), date(2026, 6, 30))
    kwijtschelding_afboeken(afboekingen=[Afboeking(aanslag.pk, D("300.00"))], datum=date(2026, 7, 1))
    pauzes_beeindig_voor_bron(bron="kwijtschelding:1", datum=date(2026, 7, 1))
    draai(date(2026, 7, 1), date(2026, 9, 30))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN[:3],
        (date(2026, 5, 21), "geen_escalatie", D("0.00"), "pauze", "aanmaning"),
    ]
    assert Ketenstap.objects.get(soort="geen_escalatie").sleutel.endswith(f"pauze:{pauze.pk}")
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.KWIJTGESCHOLDEN


def test_adempauze_die_afloopt_start_de_keten_weer():
    aanslag = AanslagFactory()
    draai(START, date(2026, 5, 14))
    pauze_start(
        belastingplichtige=aanslag.belastingplichtige,
        reden=PauzeReden.ADEMPAUZE,
        start=date(2026, 5, 15),
        geplande_einde=date(2026, 8, 15),
        bron="signaal:7",
    )
    draai(date(2026, 5, 15), date(2026, 9, 30))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN[:3],
        (date(2026, 5, 21), "geen_escalatie", D("0.00"), "pauze", "aanmaning"),
        # The adempauze ends by itself on 15-08; the next step waits 14 days (dagen_na_pauze).
        (date(2026, 8, 29), "aanmaning", D("8.00"), "", ""),
        (date(2026, 9, 19), "vooraankondiging", D("0.00"), "", ""),
    ]
    stand = Ketenstand.objects.get(aanslag=aanslag)
    assert stand.gepauzeerd is False


@pytest.mark.parametrize(
    ("inkomen", "geblokkeerd"),
    [
        (D("1200.00"), True),  # under the bijstandsnorm: the bvv is 95% of the income
        (D("3000.00"), False),  # well above: capacity left, the call before the dwangbevel follows
    ],
)
def test_beslagvrije_voet_houdt_het_dwangbevel_tegen_en_opent_een_taak(inkomen, geblokkeerd):
    aanslag = AanslagFactory()
    inkomen_vastleggen(
        belastingplichtige=aanslag.belastingplichtige,
        netto_maandinkomen=inkomen,
        bron=Inkomensbron.UWV,
        peildatum=date(2026, 1, 1),
    )
    draai(START, date(2026, 6, 30))
    if not geblokkeerd:
        assert feiten(aanslag)[-2:] == [
            TOT_VOORBELLEN[-1],
            (date(2026, 6, 26), "geen_escalatie", D("0.00"), "open_taak", "dwangbevel"),
        ]
        return
    draai(date(2026, 7, 1), date(2026, 7, 5))
    sociaal = Taak.objects.get(aanslag=aanslag, soort=TaakSoort.SOCIAAL_SPOOR)
    taak_afronden(taak=sociaal, datum=date(2026, 7, 6))
    draai(date(2026, 7, 6), date(2026, 10, 31))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN[:5],
        (date(2026, 6, 25), "geen_escalatie", D("0.00"), "beslagvrije_voet", "dwangbevel"),
        (date(2026, 6, 26), "geen_escalatie", D("0.00"), "open_taak", "dwangbevel"),
        # The social track closed, the income is still under the bvv: still no coercive step.
        (date(2026, 7, 6), "geen_escalatie", D("0.00"), "beslagvrije_voet", "dwangbevel"),
    ]
    besluit = Ketenstap.objects.filter(reden="beslagvrije_voet").first()
    assert besluit.taak == sociaal
    assert "inkomen 1200.00" in besluit.regel
    assert not Taak.objects.filter(soort=TaakSoort.VOORBELLEN_DWANGBEVEL).exists()


def test_kleine_schuld_geen_dwangbevel_maar_een_beltaak():
    aanslag = AanslagFactory(bedrag=D("20.00"))
    draai(START, date(2026, 9, 30))
    assert feiten(aanslag) == [
        *TOT_VOORBELLEN[:3],
        (date(2026, 5, 21), "aanmaning", D("8.00"), "", ""),  # cap: 50% of 20.00 = 10.00
        (date(2026, 6, 11), "geen_escalatie", D("0.00"), "kleine_schuld", "dwangbevel"),
        (date(2026, 6, 12), "geen_escalatie", D("0.00"), "open_taak", "vooraankondiging"),
    ]
    taak = Taak.objects.get(aanslag=aanslag, soort=TaakSoort.VOORBELLEN_DWANGBEVEL)
    assert taak.status == TaakStatus.VERVALLEN  # not picked up within its term (10 days)
    assert taak.afgerond_op == date(2026, 6, 22)


def test_kostenplafond_ten_opzichte_van_de_oorspronkelijke_schuld():
    Invorderingsbeleid.objects.create(
        naam="Zonder bellen",
        geldig_vanaf=date(2026, 1, 1),
        voorbellen_dwangbevel=False,
        kosten_maximum_procent=50,
    )
    aanslag = AanslagFactory(bedrag=D("60.00"))
    draai(START, date(2026, 9, 30))
    stappen = {s.soort: (s.kosten, s.kosten_tarief) for s in Ketenstap.objects.filter(aanslag=aanslag)}
    assert stappen["aanmaning"] == (D("8.00"), D("8.00"))
    assert stappen["dwangbevel"] == (D("22.00"), D("46.00"))  # 30.00 cap - 8.00 already charged
    assert stappen["hernieuwd_bevel"] == (D("0.00"), D("18.00"))
    aanslag.refresh_from_db()
    assert aanslag.open_kosten == D("30.00")


def test_voorbellen_voor_de_aanmaning_alleen_binnen_de_drempels():
    Invorderingsbeleid.objects.create(
        naam="Bellen voor aanmaning",
        geldig_vanaf=date(2026, 1, 1),
        voorbellen_aanmaning=True,
        voorbellen_aanmaning_vanaf=D("100.00"),
        voorbellen_aanmaning_tot=D("1000.00"),
    )
    groot = AanslagFactory(bedrag=D("300.00"))
    klein = AanslagFactory(bedrag=D("50.00"))
    draai(START, date(2026, 5, 21))
    assert feiten(groot)[-1] == (date(2026, 5, 21), "voorbellen_aanmaning", D("0.00"), "", "")
    assert Taak.objects.get(aanslag=groot).soort == TaakSoort.VOORBELLEN_AANMANING
    assert feiten(klein)[-1] == (date(2026, 5, 21), "aanmaning", D("8.00"), "", "")


def test_meerjarige_achterstand_krijgt_proactief_contact_in_plaats_van_herinneringen():
    persoon = BelastingplichtigeFactory()
    for jaar in (2024, 2025):
        oud = AanslagFactory(
            belastingplichtige=persoon,
            belastingjaar=jaar,
            dagtekening=date(jaar, 2, 28),
            eerste_vervaldatum=date(jaar, 4, 30),
        )
        Aanslag.objects.filter(pk=oud.pk).update(status=AanslagStatus.BETAALD)
        Ketenstand.objects.create(
            aanslag=oud, fase="aanmaning", aanmaning_op=date(jaar, 5, 21), bijgewerkt_op=date(jaar, 5, 21)
        )
    aanslag = AanslagFactory(belastingplichtige=persoon)
    draai(START, date(2026, 5, 3))
    persoon.refresh_from_db()
    assert persoon.klantgroep == Klantgroep.MEERJARIGE_ACHTERSTAND
    assert persoon.klantgroep_bepaald_op == START
    assert feiten(aanslag) == [
        (date(2026, 3, 7), "proactief_contact", D("0.00"), "", ""),  # dagtekening + 7
        (date(2026, 5, 3), "herinnering_na_vervaldatum", D("0.00"), "", ""),
    ]
    assert Taak.objects.get(aanslag=aanslag).soort == TaakSoort.PROACTIEF_CONTACT


def test_termijnen_de_eerste_onbetaalde_termijn_telt():
    aanslag = AanslagFactory(bedrag=D("1000.00"), aantal_termijnen=10)  # 100.00 per month from 30-04
    betaal(aanslag, D("200.00"), date(2026, 4, 20))  # the first two installments
    draai(START, date(2026, 7, 3))
    # No reminders before the due date for installments; the third installment is due 30-06.
    assert feiten(aanslag) == [(date(2026, 7, 3), "herinnering_na_vervaldatum", D("0.00"), "", "")]


def test_oninbaar_met_vier_ogen_sluit_de_keten():
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 25))
    medewerker = User.objects.create_user("medewerker")
    teamleider = User.objects.create_user("teamleider")
    rollen.rollen_bijwerken()
    teamleider.groups.add(Group.objects.get(name=rollen.TEAMLEIDER))
    with pytest.raises(PermissionError, match="Vier ogen"):
        oninbaar_afboeken(
            aanslag=aanslag,
            datum=date(2026, 6, 26),
            reden="Geen inkomen boven de bvv.",
            voorgesteld_door=teamleider,
            goedgekeurd_door=teamleider,
        )
    with pytest.raises(PermissionError):
        oninbaar_afboeken(
            aanslag=aanslag,
            datum=date(2026, 6, 26),
            reden="Geen inkomen boven de bvv.",
            voorgesteld_door=teamleider,
            goedgekeurd_door=medewerker,
        )
    stap = oninbaar_afboeken(
        aanslag=aanslag,
        datum=date(2026, 6, 26),
        reden="Geen inkomen boven de bvv.",
        voorgesteld_door=medewerker,
        goedgekeurd_door=teamleider,
    )
    draai(date(2026, 6, 26), date(2026, 9, 30))
    aanslag.refresh_from_db()
    assert (aanslag.status, aanslag.openstaand, aanslag.afgehandeld_op) == (
        AanslagStatus.ONINBAAR,
        D("0.00"),
        date(2026, 6, 26),
    )
    assert feiten(aanslag) == [*TOT_VOORBELLEN, (date(2026, 6, 26), "oninbaar", D("0.00"), "", "")]
    assert "Afgeboekt 308.00" in stap.toelichting
    assert _beltaak(aanslag).status == TaakStatus.VERVALLEN
    assert FOUT_VIER_OGEN.startswith("Vier ogen")


def test_datums_uit_het_beleid_niet_uit_de_code():
    """The same aanslag under a policy with other moments gets its steps on other days."""
    Invorderingsbeleid.objects.create(
        naam="Later",
        geldig_vanaf=date(2026, 1, 1),
        herinnering_halverwege=False,
        herinnering_dagen_voor_einde=None,
        herinnering_dagen_na_vervaldatum=10,
        dagen_tot_aanmaning=30,
        vooraankondiging=False,
        voorbellen_dwangbevel=False,
        dagen_tot_dwangbevel=14,
    )
    aanslag = AanslagFactory()
    draai(START, date(2026, 6, 30))
    assert feiten(aanslag) == [
        (date(2026, 5, 10), "herinnering_na_vervaldatum", D("0.00"), "", ""),
        (date(2026, 5, 30), "aanmaning", D("8.00"), "", ""),
        (date(2026, 6, 13), "dwangbevel", DWANGBEVEL_300, "", ""),
    ]
    assert date(2026, 6, 13) - date(2026, 5, 30) == timedelta(days=14)
