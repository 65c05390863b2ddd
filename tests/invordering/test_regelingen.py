"""Payment plans: the affordable proposal, making a plan, flexibility, and the daily watch, with exact
dates and amounts. Policy (seeded): at most 12 installments, 6 by default, at least EUR 10, the first
14 days after the plan, missed 5 days after the due date, reminder -> 14 days -> call -> 14 days -> lapse."""

from datetime import date
from decimal import Decimal as D

import pytest

from communicatie.models import Brief
from communicatie.sjablonen import Sjabloon
from invordering import betalingskenmerk, regelingen, selectors, services
from invordering.constants import (
    AanslagStatus,
    Betaalbron,
    Bron,
    BvvBron,
    Inkomensbron,
    PauzeReden,
    RegelingGebeurtenisSoort,
    RegelingStatus,
    RegelingTermijnStatus,
    TaakSoort,
    TaakStatus,
)
from invordering.models import Betaling, Inkomensgegeven, Pauze, Taak, VastgesteldeBvv
from invordering.regelingen import regeling_maak, regeling_voorstel, regelingen_bewaken
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)


def persoon_met_schuld(inkomen="1600.00", bedragen=("300.00", "150.00")):
    """An alleenstaande with an income (bvv 1,300.61) and open aanslagen; the second is the oldest."""
    persoon = BelastingplichtigeFactory()
    if inkomen is not None:
        Inkomensgegeven.objects.create(
            belastingplichtige=persoon,
            netto_maandinkomen=D(inkomen),
            bron=Inkomensbron.LOONSTROOK,
            peildatum=date(2026, 1, 15),
        )
    aanslagen = [AanslagFactory(belastingplichtige=persoon, bedrag=D(bedragen[0]))]
    for bedrag in bedragen[1:]:
        aanslagen.append(
            AanslagFactory(
                belastingplichtige=persoon,
                bedrag=D(bedrag),
                belastingjaar=2025,
                dagtekening=date(2025, 2, 28),
                eerste_vervaldatum=date(2025, 4, 30),
            )
        )
    return persoon, aanslagen


_ref = iter(range(1, 10_000))


def betaal(persoon, bedrag, datum, regeling=None):
    betaling = Betaling.objects.create(
        datum=datum,
        bedrag=D(bedrag),
        bron=Betaalbron.BANK,
        referentie=f"test-{next(_ref)}",
        belastingplichtige=persoon,
    )
    aanslagen = list(regeling.aanslagen.order_by("vervaldatum")) if regeling else []
    services.betaling_toerekenen(betaling=betaling, aanslagen=aanslagen)
    return betaling


def schema_van(regeling):
    return [
        (t.volgnummer, t.vervaldatum, t.bedrag, t.status) for t in regeling.termijnen.order_by("volgnummer")
    ]


def brieven(sjabloon):
    return list(Brief.objects.filter(sjabloon=sjabloon).order_by("id"))


# --- Proposal -------------------------------------------------------------------------------------
def test_voorstel_binnen_de_aflossingscapaciteit():
    persoon, aanslagen = persoon_met_schuld()
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START)
    assert voorstel.totaal == D("450.00")
    assert voorstel.capaciteit == D("299.39") and voorstel.bvv == D("1300.61")
    assert (voorstel.aantal_termijnen, voorstel.termijnbedrag, voorstel.haalbaar) == (6, D("75.00"), True)
    assert voorstel.termijnen[0] == (date(2026, 3, 16), D("75.00"))
    assert voorstel.termijnen[-1] == (date(2026, 8, 16), D("75.00"))
    assert "299.39" in voorstel.waarom and voorstel.why == voorstel.waarom
    gegevens = voorstel.als_gegevens()
    assert (gegevens["totaal"], gegevens["termijnbedrag"], gegevens["aantal_termijnen"]) == (
        "450.00",
        "75.00",
        6,
    )
    assert gegevens["termijnen"][0] == {"datum": "2026-03-16", "bedrag": "75.00"}
    # The oldest aanslag first.
    assert voorstel.aanslag_ids == (aanslagen[1].pk, aanslagen[0].pk)


def test_voorstel_meer_termijnen_als_het_standaardbedrag_niet_past():
    persoon, _ = persoon_met_schuld(inkomen="1000.00", bedragen=("600.00",))  # bvv 950.00: capacity 50.00
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START)
    assert voorstel.capaciteit == D("50.00")
    assert (voorstel.aantal_termijnen, voorstel.termijnbedrag, voorstel.haalbaar) == (12, D("50.00"), True)
    assert all(bedrag <= voorstel.capaciteit for _, bedrag in voorstel.termijnen)


def test_voorstel_past_niet_binnen_het_beleid():
    persoon, _ = persoon_met_schuld(inkomen="600.00")  # bvv 570.00: capacity 30.00, 15 months needed
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START)
    assert (voorstel.aantal_termijnen, voorstel.termijnbedrag, voorstel.haalbaar) == (12, D("37.50"), False)
    assert "kwijtschelding" in voorstel.waarom and "30.00" in voorstel.waarom
    assert len(voorstel.afwijkingen) == 1


def test_voorstel_geen_ruimte_bij_inkomen_op_de_bvv():
    persoon, _ = persoon_met_schuld(inkomen="1000.00")
    VastgesteldeBvv.objects.create(
        belastingplichtige=persoon,
        bedrag=D("1000.00"),
        bron=BvvBron.DEURWAARDER,
        vastgesteld_op=date(2026, 2, 1),
    )
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START)
    assert voorstel.capaciteit == D("0.00") and not voorstel.haalbaar
    assert voorstel.waarom == regelingen.WAAROM_GEEN_RUIMTE.format(inkomen="1000.00", bvv="1000.00")


def test_voorstel_zonder_inkomen_en_minimumbedrag():
    persoon, _ = persoon_met_schuld(inkomen=None, bedragen=("35.00",))
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START)
    assert voorstel.capaciteit is None and voorstel.haalbaar
    assert [b for _, b in voorstel.termijnen] == [D("11.67"), D("11.67"), D("11.66")]
    assert "inkomen niet" in voorstel.waarom and "minstens 10.00" in voorstel.waarom


def test_voorstel_voor_gekozen_aanslag_en_niets_open():
    persoon, aanslagen = persoon_met_schuld()
    voorstel = regeling_voorstel(belastingplichtige=persoon, datum=START, aanslagen=[aanslagen[0]])
    assert voorstel.totaal == D("300.00") and voorstel.aanslag_ids == (aanslagen[0].pk,)
    leeg = regeling_voorstel(belastingplichtige=BelastingplichtigeFactory(), datum=START)
    assert (leeg.totaal, leeg.aantal_termijnen, leeg.haalbaar) == (D("0.00"), 0, False)


# --- Making a plan --------------------------------------------------------------------------------
def test_regeling_maken_pauzeert_de_keten_en_bevestigt():
    persoon, aanslagen = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    assert regeling.status == RegelingStatus.ACTIEF and regeling.totaal == D("450.00")
    assert betalingskenmerk.is_geldig(regeling.betalingskenmerk)
    assert schema_van(regeling)[0] == (1, date(2026, 3, 16), D("75.00"), RegelingTermijnStatus.ACTIEF)
    assert len(schema_van(regeling)) == 6
    pauze = regeling.pauze
    assert (pauze.reden, pauze.bron, pauze.start) == (
        PauzeReden.BETALINGSREGELING,
        f"regeling:{regeling.pk}",
        START,
    )
    assert selectors.gepauzeerde_aanslag_ids(datum=START, aanslag_ids=[a.pk for a in aanslagen]) == {
        a.pk for a in aanslagen
    }
    [brief] = brieven(Sjabloon.REGELING_BEVESTIGING)
    assert brief.gegevens["totaal"] == "450.00" and brief.gegevens["incasso"] is False
    assert brief.gegevens["termijnen"][0] == {"datum": "2026-03-16", "bedrag": "75.00"}
    assert brief.gegevens["betaling"] == {
        "bedrag": "75.00",
        "kenmerk": regeling.betalingskenmerk,
        "doel": f"regeling:{regeling.pk}",
    }
    assert regeling.gebeurtenissen.get().soort == RegelingGebeurtenisSoort.AANGEMAAKT
    with pytest.raises(ValueError, match="al een lopende betalingsregeling"):
        regeling_maak(belastingplichtige=persoon, datum=START)


def test_regeling_voor_een_deel_pauzeert_alleen_dat_deel():
    persoon, aanslagen = persoon_met_schuld()
    regeling_maak(belastingplichtige=persoon, datum=START, aanslagen=[aanslagen[0]], aantal_termijnen=3)
    assert selectors.gepauzeerde_aanslag_ids(datum=START, aanslag_ids=[a.pk for a in aanslagen]) == {
        aanslagen[0].pk
    }


def test_aanslag_van_een_ander_wordt_geweigerd():
    persoon, _ = persoon_met_schuld()
    ander = AanslagFactory()
    with pytest.raises(ValueError, match=f"Aanslag {ander.aanslagnummer} staat niet open"):
        regeling_maak(belastingplichtige=persoon, datum=START, aanslagen=[ander])


def test_afwijken_kan_alleen_met_reden_en_niet_in_het_portaal():
    persoon, _ = persoon_met_schuld(inkomen="600.00")  # capacity 30.00
    with pytest.raises(ValueError, match="leg de reden vast"):
        regeling_maak(belastingplichtige=persoon, datum=START, aantal_termijnen=15)
    with pytest.raises(ValueError, match="niet in het portaal"):
        regeling_maak(
            belastingplichtige=persoon,
            datum=START,
            aantal_termijnen=15,
            bron=Bron.PORTAAL,
            afwijking_reden="x",
        )
    regeling = regeling_maak(
        belastingplichtige=persoon,
        datum=START,
        aantal_termijnen=15,
        afwijking_reden="Langer, binnen de bvv (teamleider)",
    )
    assert [t[2] for t in schema_van(regeling)] == [D("30.00")] * 15
    assert regeling.afwijking_reden == "Langer, binnen de bvv (teamleider)"
    assert "15 termijnen" in regeling.gebeurtenissen.get().gegevens["afwijkingen"][0]


def test_portaal_binnen_beleid_en_anders_een_verzoek():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START, aantal_termijnen=4, bron=Bron.PORTAAL)
    assert regeling.bron == Bron.PORTAAL and regeling.termijnbedrag == D("112.50")
    taak = regelingen.regeling_verzoek(
        belastingplichtige=persoon, datum=START, toelichting="Liever 18 maanden", aantal_termijnen=18
    )
    assert (taak.soort, taak.deadline) == (TaakSoort.REGELING_VERZOEK, date(2026, 3, 7))
    assert "18 termijnen" in taak.toelichting


# --- The daily watch ------------------------------------------------------------------------------
def test_gemiste_termijn_herinnering_beltaak_en_vervallen():
    persoon, aanslagen = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "75.00", date(2026, 3, 14), regeling)

    assert regelingen_bewaken(datum=date(2026, 3, 21)).herinneringen == 0  # installment 1 paid
    assert regelingen_bewaken(datum=date(2026, 4, 20)).herinneringen == 0  # 2 is due 16 Apr + 5 days
    assert regelingen_bewaken(datum=date(2026, 4, 21)).herinneringen == 1
    assert regelingen_bewaken(datum=date(2026, 4, 21)).herinneringen == 0  # idempotent
    [brief] = brieven(Sjabloon.REGELING_GEMISTE_TERMIJN)
    assert brief.datum == date(2026, 4, 21)
    assert {k: brief.gegevens[k] for k in ("termijn_datum", "termijn_bedrag", "uiterste_datum")} == {
        "termijn_datum": "2026-04-16",
        "termijn_bedrag": "75.00",
        "uiterste_datum": "2026-05-05",
    }
    assert brief.gegevens["betaling"]["kenmerk"] == regeling.betalingskenmerk

    assert regelingen_bewaken(datum=date(2026, 5, 4)).beltaken == 0
    assert regelingen_bewaken(datum=date(2026, 5, 5)).beltaken == 1
    taak = Taak.objects.get(soort=TaakSoort.GEMISTE_TERMIJN)
    assert (taak.belastingplichtige, taak.aangemaakt_op, taak.deadline) == (
        persoon,
        date(2026, 5, 5),
        date(2026, 5, 19),
    )
    assert regelingen_bewaken(datum=date(2026, 5, 6)).beltaken == 0

    assert regelingen_bewaken(datum=date(2026, 5, 18)).vervallen == 0
    assert regelingen_bewaken(datum=date(2026, 5, 19)).vervallen == 1
    regeling.refresh_from_db()
    assert (regeling.status, regeling.beeindigd_op) == (RegelingStatus.VERVALLEN, date(2026, 5, 19))
    assert "termijn 2 (vervaldatum 16-04-2026)" in regeling.besluit and "05-05-2026" in regeling.besluit
    pauze = Pauze.objects.get(pk=regeling.pauze_id)
    assert pauze.beeindigd_op == date(2026, 5, 19)
    assert not selectors.gepauzeerde_aanslag_ids(
        datum=date(2026, 5, 19), aanslag_ids=[a.pk for a in aanslagen]
    )
    [vervallen] = brieven(Sjabloon.REGELING_VERVALLEN)
    assert vervallen.gegevens["openstaand"] == "375.00"
    assert list(regeling.gebeurtenissen.values_list("soort", flat=True)) == [
        RegelingGebeurtenisSoort.AANGEMAAKT,
        RegelingGebeurtenisSoort.HERINNERING,
        RegelingGebeurtenisSoort.BELTAAK,
        RegelingGebeurtenisSoort.VERVALLEN,
    ]
    assert regelingen_bewaken(datum=date(2026, 5, 20)).bekeken == 0


def test_betaling_na_herinnering_voorkomt_beltaak_en_ruimt_taak_op():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "75.00", date(2026, 3, 14), regeling)
    regelingen_bewaken(datum=date(2026, 4, 21))
    regelingen_bewaken(datum=date(2026, 5, 5))  # call task
    betaal(persoon, "75.00", date(2026, 5, 8), regeling)
    uitkomst = regelingen_bewaken(datum=date(2026, 5, 19))
    assert (uitkomst.vervallen, uitkomst.beltaken) == (0, 0)
    assert Taak.objects.get(soort=TaakSoort.GEMISTE_TERMIJN).status == TaakStatus.VERVALLEN
    regeling.refresh_from_db()
    assert regeling.status == RegelingStatus.ACTIEF
    # Installment 3 (16 May) is the next one missed: its own reminder on 21 May.
    assert regelingen_bewaken(datum=date(2026, 5, 21)).herinneringen == 1


def test_deelbetaling_telt_mee_en_de_herinnering_vraagt_de_rest():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "100.00", date(2026, 3, 14), regeling)
    regelingen_bewaken(datum=date(2026, 4, 21))
    [brief] = brieven(Sjabloon.REGELING_GEMISTE_TERMIJN)
    assert (brief.gegevens["termijn_bedrag"], brief.gegevens["achterstand"]) == ("50.00", "50.00")
    stand = regelingen.regeling_stand(regeling=regeling, datum=date(2026, 4, 21))
    assert [t.betaald for t in stand.termijnen[:3]] == [D("75.00"), D("25.00"), D("0.00")]
    assert stand.achterstand == D("50.00") and stand.volgende.volgnummer == 2


def test_terugboeking_maakt_een_betaalde_termijn_weer_open():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaling = betaal(persoon, "75.00", date(2026, 3, 14), regeling)
    services.betaling_terugboeken(betaling=betaling, datum=date(2026, 4, 25), referentie="storno-1")
    regelingen_bewaken(datum=date(2026, 4, 25))
    [brief] = brieven(Sjabloon.REGELING_GEMISTE_TERMIJN)
    assert (brief.gegevens["termijn_datum"], brief.gegevens["achterstand"]) == ("2026-03-16", "150.00")


def test_alles_betaald_rondt_af_en_beeindigt_de_pauze():
    persoon, aanslagen = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "450.00", date(2026, 4, 2), regeling)
    assert all(
        a.status == AanslagStatus.BETAALD
        for a in type(aanslagen[0]).objects.filter(pk__in=[a.pk for a in aanslagen])
    )
    assert regelingen_bewaken(datum=date(2026, 4, 3)).afgerond == 1
    regeling.refresh_from_db()
    assert (regeling.status, regeling.beeindigd_op) == (RegelingStatus.AFGEROND, date(2026, 4, 3))
    assert Pauze.objects.get(pk=regeling.pauze_id).beeindigd_op == date(2026, 4, 3)


# --- Flexible plans -------------------------------------------------------------------------------
def test_aantal_termijnen_wijzigen():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "75.00", date(2026, 3, 14), regeling)
    regelingen.regeling_wijzig(regeling=regeling, datum=date(2026, 4, 10), aantal_termijnen=10)
    actief = [t for t in schema_van(regeling) if t[3] == RegelingTermijnStatus.ACTIEF]
    assert actief[0] == (1, date(2026, 3, 16), D("75.00"), RegelingTermijnStatus.ACTIEF)
    assert actief[1] == (7, date(2026, 4, 16), D("37.50"), RegelingTermijnStatus.ACTIEF)
    assert actief[-1] == (16, date(2027, 1, 16), D("37.50"), RegelingTermijnStatus.ACTIEF)
    assert len(actief) == 11
    assert sum(1 for t in schema_van(regeling) if t[3] == RegelingTermijnStatus.VERVANGEN) == 5
    regeling.refresh_from_db()
    assert (regeling.versie, regeling.termijnbedrag) == (2, D("37.50"))
    bevestiging = Brief.objects.get(sleutel=f"regeling_bevestiging:regeling:{regeling.pk}:v2")
    assert bevestiging.gegevens["totaal"] == "375.00" and len(bevestiging.gegevens["termijnen"]) == 10
    with pytest.raises(ValueError, match="13 termijnen, het beleid staat er 12 toe"):
        regelingen.regeling_wijzig(regeling=regeling, datum=date(2026, 4, 11), aantal_termijnen=12)


def test_wijzigen_na_deelbetaling_en_gemiste_termijn():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "100.00", date(2026, 3, 14), regeling)
    regelingen_bewaken(datum=date(2026, 4, 21))  # reminder for installment 2 (50.00 open)
    regelingen.regeling_wijzig(regeling=regeling, datum=date(2026, 4, 22), aantal_termijnen=5)
    stand = regelingen.regeling_stand(regeling=regeling, datum=date(2026, 4, 22))
    # 450 - 75 kept = 375 in 5 installments from 6 May (14 days on); the 25.00 extra paid counts towards the first.
    assert [(t.vervaldatum, t.bedrag, t.betaald) for t in stand.termijnen] == [
        (date(2026, 3, 16), D("75.00"), D("75.00")),
        (date(2026, 5, 6), D("75.00"), D("25.00")),
        (date(2026, 6, 6), D("75.00"), D("0.00")),
        (date(2026, 7, 6), D("75.00"), D("0.00")),
        (date(2026, 8, 6), D("75.00"), D("0.00")),
        (date(2026, 9, 6), D("75.00"), D("0.00")),
    ]
    assert stand.achterstand == D("0.00")
    assert regelingen_bewaken(datum=date(2026, 5, 5)).beltaken == 0  # the missed one is gone


def test_termijn_overslaan_een_keer():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "75.00", date(2026, 3, 14), regeling)
    nieuw = regelingen.regeling_termijn_overslaan(
        regeling=regeling, datum=date(2026, 4, 10), bron=Bron.PORTAAL
    )
    assert (nieuw.volgnummer, nieuw.vervaldatum, nieuw.bedrag) == (7, date(2026, 9, 16), D("75.00"))
    assert schema_van(regeling)[1] == (2, date(2026, 4, 16), D("75.00"), RegelingTermijnStatus.OVERGESLAGEN)
    assert regelingen_bewaken(datum=date(2026, 4, 21)).herinneringen == 0
    assert regelingen_bewaken(datum=date(2026, 5, 21)).herinneringen == 1  # installment 3, 16 May
    with pytest.raises(ValueError, match="maar 1 keer"):
        regelingen.regeling_termijn_overslaan(regeling=regeling, datum=date(2026, 5, 22))


def test_regeling_pauzeren_schuift_de_onbetaalde_termijnen_op():
    persoon, aanslagen = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    betaal(persoon, "75.00", date(2026, 3, 14), regeling)
    regelingen.regeling_pauzeer(
        regeling=regeling, datum=date(2026, 4, 10), maanden=2, reden="Ziek, minder inkomen"
    )
    assert [t[1] for t in schema_van(regeling)] == [
        date(2026, 3, 16),
        date(2026, 6, 16),
        date(2026, 7, 16),
        date(2026, 8, 16),
        date(2026, 9, 16),
        date(2026, 10, 16),
    ]
    assert regelingen_bewaken(datum=date(2026, 5, 21)).herinneringen == 0
    assert selectors.is_gepauzeerd(aanslag=aanslagen[0], datum=date(2026, 5, 21))
    with pytest.raises(ValueError, match="in totaal 3 maanden"):
        regelingen.regeling_pauzeer(regeling=regeling, datum=date(2026, 4, 11), maanden=2, reden="Nog eens")


def test_medewerker_beeindigt_of_laat_vervallen_met_reden():
    persoon, _ = persoon_met_schuld()
    regeling = regeling_maak(belastingplichtige=persoon, datum=START)
    with pytest.raises(ValueError, match="Leg vast waarom"):
        regelingen.regeling_beeindig(regeling=regeling, datum=date(2026, 4, 1), reden=" ")
    regelingen.regeling_beeindig(regeling=regeling, datum=date(2026, 4, 1), reden="Naar schuldhulpverlening")
    regeling.refresh_from_db()
    assert (regeling.status, regeling.besluit) == (RegelingStatus.BEEINDIGD, "Naar schuldhulpverlening")
    assert Pauze.objects.get(pk=regeling.pauze_id).beeindigd_op == date(2026, 4, 1)
    assert not brieven(Sjabloon.REGELING_VERVALLEN)
    tweede = regeling_maak(belastingplichtige=persoon, datum=date(2026, 4, 2))
    regelingen.regeling_laat_vervallen(
        regeling=tweede, datum=date(2026, 6, 1), besluit="Afspraak niet nagekomen"
    )
    tweede.refresh_from_db()
    assert tweede.status == RegelingStatus.VERVALLEN
    assert brieven(Sjabloon.REGELING_VERVALLEN)[0].gegevens["openstaand"] == "450.00"
    with pytest.raises(ValueError, match="loopt niet meer"):
        regelingen.regeling_wijzig(regeling=tweede, datum=date(2026, 6, 2), aantal_termijnen=3)


def test_bewaken_met_vaste_aantal_queries(django_assert_max_num_queries):
    def opzet(aantal):
        for _ in range(aantal):
            persoon, _ = persoon_met_schuld()
            regeling = regeling_maak(belastingplichtige=persoon, datum=START)
            betaal(persoon, "75.00", date(2026, 3, 14), regeling)
        for _ in range(aantal):  # paid in full: these finish
            persoon, _ = persoon_met_schuld()
            regeling = regeling_maak(belastingplichtige=persoon, datum=START)
            betaal(persoon, "450.00", date(2026, 3, 14), regeling)

    opzet(2)
    with django_assert_max_num_queries(20) as klein:
        uitkomst = regelingen_bewaken(datum=date(2026, 4, 21))
    assert (uitkomst.herinneringen, uitkomst.afgerond) == (2, 2)
    opzet(8)
    with django_assert_max_num_queries(20) as groot:
        uitkomst = regelingen_bewaken(datum=date(2026, 4, 21))
    assert (uitkomst.herinneringen, uitkomst.afgerond) == (8, 8)
    assert len(groot.captured_queries) == len(klein.captured_queries)
    with django_assert_max_num_queries(20):
        assert regelingen_bewaken(datum=date(2026, 5, 5)).beltaken == 10
    with django_assert_max_num_queries(25):
        assert regelingen_bewaken(datum=date(2026, 5, 19)).vervallen == 10


def test_commando_en_taak_roepen_dezelfde_dienst_aan(capsys, settings):
    from django.core.management import call_command

    from config.celery import app
    from invordering import tasks_betalen

    persoon, _ = persoon_met_schuld()
    regeling_maak(belastingplichtige=persoon, datum=START)
    call_command("regelingen_bewaken", "--datum", "2026-03-21")
    assert "1 regelingen bekeken: 1 herinneringen" in capsys.readouterr().out
    assert tasks_betalen.regelingen_bewaken.apply(args=["2026-03-21"]).get()["herinneringen"] == 0
    assert tasks_betalen.regelingen_bewaken.apply(args=["2026-04-04"]).get()["beltaken"] == 1
    taak = settings.CELERY_BEAT_SCHEDULE["regelingen-bewaken"]["task"]
    assert taak == tasks_betalen.regelingen_bewaken.name and taak in app.tasks
