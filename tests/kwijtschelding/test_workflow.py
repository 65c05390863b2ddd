"""Every workflow transition, with its effect on the chain (pause and resumption), tasks, letters and the ledger."""

import re
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communicatie.models import Brief
from invordering import selectors as kern
from invordering.constants import (
    AanslagStatus,
    Boekingsoort,
    PauzeReden,
    TaakSoort,
    TaakStatus,
    ToestemmingSoort,
)
from invordering.models import Boeking, Pauze, Taak, Toestemming
from kwijtschelding import services
from kwijtschelding.berekening import Inkomstenpost
from kwijtschelding.constants import (
    FOUT_ALLEEN_MEDEWERKER,
    FOUT_GEEN_AANSLAGEN,
    FOUT_PARTNER_ZONDER_PARTNER,
    VerzoekBron,
    VerzoekStatus,
)
from kwijtschelding.models import Besluit, Gebeurtenis, Kwijtscheldingsbeleid, Kwijtscheldingsverzoek
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.factories import (
    DATUM,
    aanslag,
    gegevens_arm,
    gegevens_deels,
    gegevens_rijk,
    medewerker,
)

pytestmark = pytest.mark.django_db


def _indienen(persoon=None, gegevens=None, aanslagen=None, **kwargs):
    persoon = persoon or BelastingplichtigeFactory()
    aanslagen = aanslagen or [aanslag(persoon)]
    return services.verzoek_indienen(
        belastingplichtige=persoon,
        aanslagen=aanslagen,
        gegevens=gegevens or gegevens_arm(),
        datum=DATUM,
        **kwargs,
    )


def _statussen(verzoek):
    return list(Gebeurtenis.objects.filter(verzoek=verzoek).values_list("van_status", "naar_status"))


def test_indienen_zet_in_behandeling_en_pauzeert_alleen_de_gevraagde_aanslagen():
    persoon = BelastingplichtigeFactory()
    gevraagd = aanslag(persoon)
    ander = aanslag(persoon, eerste_vervaldatum=date(2026, 5, 31))
    verzoek = _indienen(persoon, aanslagen=[gevraagd])
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING
    assert _statussen(verzoek) == [("", "ingediend"), ("ingediend", "in_behandeling")]
    pauze = Pauze.objects.get(bron=f"kwijtschelding:{verzoek.pk}")
    assert pauze.reden == PauzeReden.KWIJTSCHELDING and pauze.start == DATUM
    assert kern.is_gepauzeerd(aanslag=gevraagd, datum=DATUM + timedelta(days=30))
    assert not kern.is_gepauzeerd(aanslag=ander, datum=DATUM + timedelta(days=30))
    taak = Taak.objects.get(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN, belastingplichtige=persoon)
    assert taak.deadline == DATUM + timedelta(weeks=8)


def test_indienen_legt_toestemming_voor_jaarlijkse_toets_vast():
    verzoek = _indienen(gegevens=gegevens_arm(toestemming_automatische_toets=True))
    toestemming = Toestemming.objects.get(belastingplichtige=verzoek.belastingplichtige)
    assert toestemming.soort == ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS
    assert toestemming.ingetrokken_op is None


def test_medewerker_dient_namens_inwoner_in(django_user_model):
    officer = medewerker(django_user_model)
    verzoek = _indienen(bron=VerzoekBron.MEDEWERKER, door=officer)
    assert verzoek.ingediend_door == officer and verzoek.bron == VerzoekBron.MEDEWERKER


def test_slechte_invoer_noemt_het_veld_en_bewaart_niets():
    persoon = BelastingplichtigeFactory()
    with pytest.raises(ValidationError) as fout:
        services.verzoek_indienen(
            belastingplichtige=persoon, aanslagen=[], gegevens=gegevens_arm(), datum=DATUM
        )
    assert fout.value.message_dict == {"aanslagen": [FOUT_GEEN_AANSLAGEN]}
    with pytest.raises(ValidationError) as fout:
        _indienen(persoon, gegevens=gegevens_arm(woonlasten=D("-1.00")))
    assert "woonlasten" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        _indienen(persoon, gegevens=gegevens_arm(inkomsten=(Inkomstenpost("partner", "loon", D("100.00")),)))
    assert fout.value.message_dict == {"inkomsten": [FOUT_PARTNER_ZONDER_PARTNER]}
    with pytest.raises(ValidationError) as fout:
        _indienen(aanslagen=[aanslag(BelastingplichtigeFactory())], persoon=persoon)
    assert "aanslagen" in fout.value.message_dict
    assert not Kwijtscheldingsverzoek.objects.exists() and not Pauze.objects.exists()


def test_toewijzen_boekt_af_sluit_aanslag_hervat_keten_en_stuurt_beschikking(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon, regels=(("afvalstoffenheffing", "350.00"), ("rioolheffing_gebruiker", "180.00")))
    verzoek = _indienen(persoon, aanslagen=[a])
    besluit_datum = DATUM + timedelta(days=20)
    besluit = services.verzoek_beslissen(verzoek=verzoek, datum=besluit_datum, door=officer)

    assert (besluit.uitkomst, besluit.kwijtgescholden, besluit.te_betalen) == (
        "toegewezen",
        D("530.00"),
        D("0.00"),
    )
    a.refresh_from_db()
    assert a.status == AanslagStatus.KWIJTGESCHOLDEN and a.afgehandeld_op == besluit_datum
    assert a.openstaand == D("0.00")
    assert kern.saldo_uit_grootboek(aanslag=a) == kern.saldo_aanslag(aanslag=a)
    afboeking = Boeking.objects.get(aanslag=a, soort=Boekingsoort.KWIJTSCHELDING)
    assert afboeking.bedrag == D("-530.00") and afboeking.component == "belasting"
    pauze = Pauze.objects.get(bron=verzoek.bron_sleutel)
    assert pauze.beeindigd_op == besluit_datum
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.TOEGEWEZEN
    assert _statussen(verzoek)[-1] == ("in_behandeling", "toegewezen")
    assert Taak.objects.get(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN).status == TaakStatus.AFGEROND
    brief = Brief.objects.get(sleutel=f"kwijtschelding:besluit:{verzoek.pk}")
    assert brief.sjabloon == "kwijtschelding_besluit"
    assert brief.gegevens["uitkomst"] == "toegewezen" and brief.gegevens["kwijtgescholden"] == "530.00"
    # Administratief beroep: ten days after the date of the decision, to the college.
    assert brief.gegevens["bezwaar_tot"] == (besluit_datum + timedelta(days=10)).isoformat()
    assert brief.gegevens["beroep_bij"] == "het college van burgemeester en wethouders"
    rijen = {r["omschrijving"]: r["bedrag"] for r in brief.gegevens["berekening"]}
    assert rijen["Kosten van bestaan per maand (90% van de norm)"] == "1232.15"
    assert rijen["Kwijtgescholden"] == "530.00"


def test_gedeeltelijk_laat_rest_open_en_hervat_keten_na_wachttijd(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)  # 300.00 afvalstoffenheffing
    verzoek = _indienen(persoon, gegevens=gegevens_deels(), aanslagen=[a])
    besluit = services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer)
    assert (besluit.uitkomst, besluit.te_betalen, besluit.kwijtgescholden) == (
        "gedeeltelijk",
        D("195.26"),
        D("104.74"),
    )
    a.refresh_from_db()
    assert a.status == AanslagStatus.OPEN and a.openstaand == D("195.26")
    # The chain stays paused for 14 more days, then resumes for the rest.
    assert kern.is_gepauzeerd(aanslag=a, datum=DATUM + timedelta(days=13))
    assert not kern.is_gepauzeerd(aanslag=a, datum=DATUM + timedelta(days=14))
    brief = Brief.objects.get(sleutel=f"kwijtschelding:besluit:{verzoek.pk}")
    assert brief.gegevens["invordering_hervat_op"] == (DATUM + timedelta(days=14)).isoformat()


def test_alleen_een_medewerker_wijst_af():
    verzoek = _indienen(gegevens=gegevens_rijk())
    with pytest.raises(PermissionDenied, match=re.escape(str(FOUT_ALLEEN_MEDEWERKER))):
        services.verzoek_beslissen(verzoek=verzoek, datum=DATUM)
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING and not Besluit.objects.exists()


def test_gebruiker_zonder_recht_kan_niet_beslissen(django_user_model):
    gewone = django_user_model.objects.create_user("gast", "g@example.org", "wachtwoord-lang-genoeg")
    verzoek = _indienen()
    with pytest.raises(PermissionDenied):
        services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=gewone)


def test_afwijzen_houdt_alles_open_en_hervat_na_veertien_dagen(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    verzoek = _indienen(persoon, gegevens=gegevens_rijk(), aanslagen=[a])
    besluit = services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer)
    assert (besluit.uitkomst, besluit.kwijtgescholden, besluit.te_betalen) == (
        "afgewezen",
        D("0.00"),
        D("300.00"),
    )
    a.refresh_from_db()
    assert a.status == AanslagStatus.OPEN and a.openstaand == D("300.00")
    assert not Boeking.objects.filter(soort=Boekingsoort.KWIJTSCHELDING).exists()
    assert Pauze.objects.get(bron=verzoek.bron_sleutel).beeindigd_op == DATUM + timedelta(days=14)


def test_medewerker_wijst_af_op_grond_buiten_de_berekening(django_user_model):
    officer = medewerker(django_user_model)
    verzoek = _indienen()  # the calculation would grant
    besluit = services.verzoek_beslissen(
        verzoek=verzoek, datum=DATUM, door=officer, afwijzingsgrond="Er loopt een bezwaar tegen de aanslag."
    )
    assert besluit.uitkomst == "afgewezen" and besluit.kwijtgescholden == D("0.00")
    assert besluit.berekening["uitkomst"] == "toegewezen"  # the breakdown is kept for the file
    brief = Brief.objects.get(sleutel=f"kwijtschelding:besluit:{verzoek.pk}")
    assert brief.gegevens["afwijzingsgrond"] == "Er loopt een bezwaar tegen de aanslag."
    rijen = {r["omschrijving"]: r["bedrag"] for r in brief.gegevens["berekening"]}
    assert (rijen["Kwijtgescholden"], rijen["U betaalt zelf"]) == ("0.00", "300.00")
    assert [r["kwijtgescholden"] for r in brief.gegevens["regels"]] == ["0.00"]


def test_automatisch_toewijzen_volgens_beleid():
    Kwijtscheldingsbeleid.objects.update(automatisch_toewijzen=True)
    verzoek = _indienen()
    assert verzoek.status == VerzoekStatus.TOEGEWEZEN
    assert verzoek.besluit.automatisch and verzoek.besluit.genomen_door is None
    assert not Taak.objects.filter(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN).exists()
    assert not kern.pauzes_actief(datum=DATUM, belastingplichtige=verzoek.belastingplichtige).exists()


def test_automatisch_toewijzen_wijst_nooit_af():
    Kwijtscheldingsbeleid.objects.update(automatisch_toewijzen=True)
    verzoek = _indienen(gegevens=gegevens_deels())
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING
    assert Taak.objects.filter(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN).exists()


def test_aanvullende_gegevens_belletaak_brief_en_terug_in_behandeling(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    verzoek = _indienen(persoon, aanslagen=[a])
    services.verzoek_aanvullende_gegevens_vragen(
        verzoek=verzoek, ontbrekend=["Bankafschrift van de laatste maand", " "], datum=DATUM, door=officer
    )
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG
    assert verzoek.aanvullen_voor == DATUM + timedelta(days=14)
    taak = Taak.objects.get(soort=TaakSoort.ONTBREKENDE_GEGEVENS)
    assert taak.deadline == DATUM + timedelta(days=14) and "Bankafschrift" in taak.toelichting
    brief = Brief.objects.get(sjabloon="kwijtschelding_ontbrekende_gegevens")
    assert brief.gegevens["ontbrekend"] == ["Bankafschrift van de laatste maand"]
    assert brief.gegevens["uiterste_datum"] == (DATUM + timedelta(days=14)).isoformat()
    assert kern.is_gepauzeerd(aanslag=a, datum=DATUM + timedelta(days=10))

    later = DATUM + timedelta(days=9)
    services.verzoek_gegevens_aangevuld(
        verzoek=verzoek, datum=later, gegevens=gegevens_arm(banktegoed=D("150.00"))
    )
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING and verzoek.banktegoed == D("150.00")
    assert Taak.objects.get(pk=taak.pk).status == TaakStatus.AFGEROND
    assert Pauze.objects.filter(bron=verzoek.bron_sleutel).count() == 1  # the same pause continues
    assert _statussen(verzoek)[-3:] == [
        ("in_behandeling", "aanvullende_gegevens_nodig"),
        ("aanvullende_gegevens_nodig", "aanvullende_gegevens_nodig"),  # the facts were updated
        ("aanvullende_gegevens_nodig", "in_behandeling"),
    ]


def test_niet_aangevuld_medewerker_wijst_af_met_grond(django_user_model):
    officer = medewerker(django_user_model)
    verzoek = _indienen()
    services.verzoek_aanvullende_gegevens_vragen(verzoek=verzoek, ontbrekend=["Loonstrook"], datum=DATUM)
    with pytest.raises(ValidationError) as fout:
        services.verzoek_beslissen(verzoek=verzoek, datum=DATUM + timedelta(days=15), door=officer)
    assert "afwijzingsgrond" in fout.value.message_dict
    besluit = services.verzoek_beslissen(
        verzoek=verzoek,
        datum=DATUM + timedelta(days=15),
        door=officer,
        afwijzingsgrond="Geen loonstrook ontvangen.",
    )
    assert besluit.uitkomst == "afgewezen"
    assert Taak.objects.get(soort=TaakSoort.ONTBREKENDE_GEGEVENS).status == TaakStatus.AFGEROND


def test_ontbrekend_moet_iets_noemen():
    verzoek = _indienen()
    with pytest.raises(ValidationError) as fout:
        services.verzoek_aanvullende_gegevens_vragen(verzoek=verzoek, ontbrekend=["  "], datum=DATUM)
    assert "ontbrekend" in fout.value.message_dict


def test_intrekken_hervat_de_keten_dezelfde_dag():
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    verzoek = _indienen(persoon, aanslagen=[a])
    services.verzoek_intrekken(verzoek=verzoek, datum=DATUM + timedelta(days=3))
    assert not kern.is_gepauzeerd(aanslag=a, datum=DATUM + timedelta(days=3))
    assert Taak.objects.get(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN).status == TaakStatus.AFGEROND


def test_niet_toegestane_overgangen(django_user_model):
    officer = medewerker(django_user_model)
    verzoek = _indienen()
    with pytest.raises(ValueError):
        services.verzoek_gegevens_aangevuld(verzoek=verzoek, datum=DATUM)  # in_behandeling -> in_behandeling
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer)
    for actie in (
        lambda: services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer),
        lambda: services.verzoek_intrekken(verzoek=verzoek, datum=DATUM),
        lambda: services.verzoek_aanvullende_gegevens_vragen(verzoek=verzoek, ontbrekend=["x"], datum=DATUM),
    ):
        with pytest.raises(ValueError):
            actie()
    assert Besluit.objects.count() == 1


def test_kwijtschelding_over_twee_aanslagen_oudste_eerst_betaald(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    oud = aanslag(
        persoon, belastingjaar=2025, dagtekening=date(2025, 2, 28), eerste_vervaldatum=date(2025, 4, 30)
    )
    nieuw = aanslag(persoon)
    verzoek = _indienen(persoon, gegevens=gegevens_deels(), aanslagen=[nieuw, oud])
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer)
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    # 195.26 capacity settles the oldest aanslag first; the newest is remitted in full.
    assert oud.openstaand == D("195.26") and oud.status == AanslagStatus.OPEN
    assert nieuw.openstaand == D("0.00") and nieuw.status == AanslagStatus.KWIJTGESCHOLDEN


def test_kosten_blijven_staan_na_kwijtschelding_van_de_belasting(django_user_model):
    officer = medewerker(django_user_model)
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    from invordering import services as kern_services

    kern_services.boekingen_maak(
        boekingen=[Boeking(aanslag=a, datum=DATUM, component="kosten", soort="kosten", bedrag=D("18.00"))],
        datum=DATUM,
    )
    verzoek = _indienen(persoon, aanslagen=[a])
    services.verzoek_beslissen(verzoek=verzoek, datum=DATUM, door=officer)
    a.refresh_from_db()
    assert (a.open_belasting, a.open_kosten, a.status) == (D("0.00"), D("18.00"), AanslagStatus.OPEN)


def test_intrekken_terwijl_gegevens_ontbreken_sluit_ook_de_beltaak():
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    verzoek = _indienen(persoon, aanslagen=[a])
    services.verzoek_aanvullende_gegevens_vragen(verzoek=verzoek, ontbrekend=["Loonstrook"], datum=DATUM)
    services.verzoek_intrekken(verzoek=verzoek, datum=DATUM + timedelta(days=2))
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.INGETROKKEN
    assert not kern.is_gepauzeerd(aanslag=a, datum=DATUM + timedelta(days=2))
    assert set(Taak.objects.values_list("status", flat=True)) == {TaakStatus.AFGEROND}
