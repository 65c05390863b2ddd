"""The yearly automatic re-test: offer, results, and grant / officer / offer of a plan; idempotent and
set-based (query counts equal for two batch sizes)."""

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communicatie.models import Brief
from invordering import selectors as kern
from invordering.constants import AanslagStatus, TaakSoort
from invordering.models import Pauze, Taak, Toestemming
from kwijtschelding import services, tasks
from kwijtschelding.constants import HertoetsStatus, VerzoekBron, VerzoekStatus
from kwijtschelding.models import Besluit, Gebeurtenis, Hertoets, Kwijtscheldingsverzoek
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.factories import aanslag

pytestmark = pytest.mark.django_db

RUN = date(2026, 3, 9)
KOLOMMEN = "kenmerk;bsn;gevonden;netto_inkomen_aanvrager;netto_inkomen_partner;banktegoed;auto_waarde"


def _moment(d):
    return timezone.make_aware(datetime.combine(d, time(12)))


def _eerder_toegewezen(persoon=None, *, besluit_op=date(2025, 5, 1), toestemming=True, **feiten):
    """A resident who got remission before (a decided request), with consent for the yearly test."""
    persoon = persoon or BelastingplichtigeFactory()
    basis = {
        "leefsituatie": "alleenstaande",
        "woonlasten": D("700.00"),
        "huurtoeslag": D("250.00"),
        "zorgpremie": D("150.00"),
        "zorgtoeslag": D("131.00"),
    }
    basis.update(feiten)
    verzoek = Kwijtscheldingsverzoek.objects.create(
        belastingplichtige=persoon,
        status=VerzoekStatus.TOEGEWEZEN,
        ingediend_op=besluit_op - timedelta(days=30),
        bron=VerzoekBron.PORTAAL,
        toestemming_automatische_toets=toestemming,
        **basis,
    )
    Besluit.objects.create(
        verzoek=verzoek,
        uitkomst="toegewezen",
        datum=besluit_op,
        kwijtgescholden=D("300.00"),
        te_betalen=D("0.00"),
        bezwaar_tot=besluit_op + timedelta(days=10),
        berekening={},
    )
    if toestemming:
        services.toestemming_automatische_toets_geven(
            belastingplichtige=persoon, tijdstip=_moment(besluit_op - timedelta(days=30)), bron="portaal"
        )
    return persoon


def _aanvraag_rijen(jaar=2026):
    rijen = []
    for pad in sorted(settings.KWIJTSCHELDING_UITWISSELING_MAP.glob(f"kwijtschelding-{jaar}-aanvraag-*.csv")):
        with pad.open(encoding="utf-8") as f:
            rijen += list(csv.DictReader(f, delimiter=";"))
    return rijen


def _uitslagen(inkomens: dict, naam="resultaat", jaar=2026, gevonden="ja"):
    """Answer every offered resident: ``inkomens`` maps bsn -> (income, bank) (default: bijstand level)."""
    regels = [KOLOMMEN]
    for rij in _aanvraag_rijen(jaar):
        inkomen, bank = inkomens.get(rij["bsn"], ("1300.00", "200.00"))
        regels.append(f"{rij['kenmerk']};{rij['bsn']};{gevonden};{inkomen};0.00;{bank};0.00")
    pad = settings.KWIJTSCHELDING_UITWISSELING_MAP / f"kwijtschelding-{jaar}-{naam}.csv"
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def test_volledige_ronde_geslaagd_kwijtgescholden_voor_de_eerste_herinnering():
    persoon = _eerder_toegewezen()
    nieuw = aanslag(persoon, regels=(("afvalstoffenheffing", "320.00"), ("rioolheffing_gebruiker", "190.00")))

    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.aangeboden == 1 and verslag.toegewezen == 0
    (rij,) = _aanvraag_rijen()
    assert rij["bsn"] == persoon.bsn and rij["peildatum"] == "2025-12-31"
    # Without results nothing else happens, and a second run offers no one twice.
    assert services.hertoets_uitvoeren(datum=RUN + timedelta(days=1)).aangeboden == 0
    assert Hertoets.objects.count() == 1 and len(_aanvraag_rijen()) == 1

    _uitslagen({})
    verslag = services.hertoets_uitvoeren(datum=RUN + timedelta(days=2))
    assert (verslag.uitslagen, verslag.toegewezen) == (1, 1)
    nieuw.refresh_from_db()
    assert nieuw.status == AanslagStatus.KWIJTGESCHOLDEN and nieuw.openstaand == D("0.00")
    assert kern.saldo_uit_grootboek(aanslag=nieuw) == kern.saldo_aanslag(aanslag=nieuw)
    verzoek = Kwijtscheldingsverzoek.objects.get(bron=VerzoekBron.HERTOETS)
    assert verzoek.status == VerzoekStatus.TOEGEWEZEN and list(verzoek.aanslagen.all()) == [nieuw]
    assert verzoek.inkomsten.get().bedrag == D("1300.00")
    assert list(Gebeurtenis.objects.filter(verzoek=verzoek).values_list("van_status", "naar_status")) == [
        ("", "ingediend"),
        ("ingediend", "in_behandeling"),
        ("in_behandeling", "toegewezen"),
    ]
    besluit = verzoek.besluit
    assert besluit.automatisch and besluit.kwijtgescholden == D("510.00")
    brief = Brief.objects.get(sleutel=f"kwijtschelding:hertoets:2026:{persoon.pk}")
    assert brief.sjabloon == "kwijtschelding_hertoets" and brief.gegevens["uitkomst"] == "geslaagd"
    assert brief.gegevens["bezwaar_tot"] == (RUN + timedelta(days=12)).isoformat()
    assert brief.gegevens["kwijtgescholden"] == "510.00"
    assert Hertoets.objects.get().status == HertoetsStatus.TOEGEWEZEN
    assert not kern.pauzes_actief(datum=RUN + timedelta(days=2), belastingplichtige=persoon).exists()

    # Idempotent: another run changes nothing.
    verslag = services.hertoets_uitvoeren(datum=RUN + timedelta(days=3))
    assert (verslag.aangeboden, verslag.uitslagen, verslag.toegewezen) == (0, 0, 0)
    assert Kwijtscheldingsverzoek.objects.filter(bron=VerzoekBron.HERTOETS).count() == 1
    assert Brief.objects.count() == 1


def test_niet_geslaagd_krijgt_regeling_en_check_aangeboden():
    persoon = _eerder_toegewezen()
    nieuw = aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    _uitslagen({persoon.bsn: ("3400.00", "200.00")})
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.niet_geslaagd == 1
    nieuw.refresh_from_db()
    assert nieuw.status == AanslagStatus.OPEN and nieuw.openstaand == D("300.00")
    assert not Kwijtscheldingsverzoek.objects.filter(bron=VerzoekBron.HERTOETS).exists()
    brief = Brief.objects.get(sleutel=f"kwijtschelding:hertoets:2026:{persoon.pk}")
    assert brief.gegevens["uitkomst"] == "niet_geslaagd"
    assert brief.gegevens["regeling_url"].endswith("/portaal/regeling/")
    assert brief.gegevens["check_url"].endswith("/portaal/kwijtschelding/check/")
    assert brief.gegevens["openstaand"] == "300.00"
    assert brief.gegevens["aanslagen"] == [
        {"aanslagnummer": nieuw.aanslagnummer, "belastingjaar": 2026, "openstaand": "300.00"}
    ]
    assert Hertoets.objects.get().status == HertoetsStatus.NIET_GESLAAGD


def test_gedeeltelijk_gaat_naar_een_medewerker_en_pauzeert():
    persoon = _eerder_toegewezen()
    nieuw = aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    # 1,450 - 197.51 housing = 1,252.49: 20.34 a month above the kosten van bestaan, partly remitted.
    _uitslagen({persoon.bsn: ("1450.00", "200.00")})
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.naar_medewerker == 1
    verzoek = Kwijtscheldingsverzoek.objects.get(bron=VerzoekBron.HERTOETS)
    assert verzoek.status == VerzoekStatus.IN_BEHANDELING
    assert kern.is_gepauzeerd(aanslag=nieuw, datum=RUN + timedelta(days=30))
    assert Pauze.objects.get(bron=verzoek.bron_sleutel).aanslagen.get() == nieuw
    taak = Taak.objects.get(soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN)
    assert taak.sleutel == f"kwijtschelding:beoordelen:{verzoek.pk}" and taak.deadline == RUN + timedelta(
        weeks=8
    )
    nieuw.refresh_from_db()
    assert nieuw.openstaand == D("300.00")  # nothing written off before the officer decides
    assert Hertoets.objects.get().resultaat["uitkomst"] == "gedeeltelijk"


def test_ondernemer_gaat_altijd_naar_een_medewerker():
    persoon = _eerder_toegewezen(ondernemer=True)
    aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    _uitslagen({})
    assert services.hertoets_uitvoeren(datum=RUN).naar_medewerker == 1


def test_uitslag_voor_de_aanslagen_wacht_op_de_import():
    persoon = _eerder_toegewezen()
    services.hertoets_uitvoeren(datum=date(2026, 1, 5))
    _uitslagen({})
    verslag = services.hertoets_uitvoeren(datum=date(2026, 1, 6))
    assert verslag.wacht_op_aanslag == 1 and Hertoets.objects.get().status == HertoetsStatus.ONTVANGEN
    nieuw = aanslag(persoon)  # import_aanslagen runs
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.toegewezen == 1
    nieuw.refresh_from_db()
    assert nieuw.status == AanslagStatus.KWIJTGESCHOLDEN


def test_wie_wordt_aangeboden():
    welkom = _eerder_toegewezen()
    zonder_toestemming = _eerder_toegewezen(toestemming=False)
    te_oud = _eerder_toegewezen(besluit_op=date(2023, 6, 1))
    te_nieuw = _eerder_toegewezen(besluit_op=date(2026, 1, 20))  # tested from the next year on
    ingetrokken = _eerder_toegewezen()
    services.toestemming_automatische_toets_intrekken(
        belastingplichtige=ingetrokken, tijdstip=_moment(date(2026, 2, 1))
    )
    afgewezen = _eerder_toegewezen()
    Besluit.objects.filter(verzoek__belastingplichtige=afgewezen).update(uitkomst="afgewezen")
    services.hertoets_uitvoeren(datum=RUN)
    aangeboden = {r["bsn"] for r in _aanvraag_rijen()}
    assert aangeboden == {welkom.bsn}
    assert {zonder_toestemming.bsn, te_oud.bsn, te_nieuw.bsn, ingetrokken.bsn, afgewezen.bsn}.isdisjoint(
        aangeboden
    )


def test_toestemming_ingetrokken_na_aanbieden_wordt_overgeslagen():
    persoon = _eerder_toegewezen()
    nieuw = aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    services.toestemming_automatische_toets_intrekken(belastingplichtige=persoon, tijdstip=_moment(RUN))
    _uitslagen({})
    verslag = services.hertoets_uitvoeren(datum=RUN + timedelta(days=1))
    assert verslag.overgeslagen == 1 and verslag.toegewezen == 0
    nieuw.refresh_from_db()
    assert nieuw.status == AanslagStatus.OPEN


def test_niet_gevonden_bij_inlichtingenbureau():
    _eerder_toegewezen()
    services.hertoets_uitvoeren(datum=RUN)
    _uitslagen({}, gevonden="nee")
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.niet_gevonden == 1 and Hertoets.objects.get().status == HertoetsStatus.NIET_GEVONDEN


def test_fout_uitslagbestand_noemt_regel_en_veld_en_wordt_niet_gebruikt():
    persoon = _eerder_toegewezen()
    aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    (rij,) = _aanvraag_rijen()
    pad = settings.KWIJTSCHELDING_UITWISSELING_MAP / "kwijtschelding-2026-resultaat.csv"
    pad.write_text(f"{KOLOMMEN}\n{rij['kenmerk']};{persoon.bsn};ja;veel;0.00;-5;0.00\n", encoding="utf-8")
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert any("regel 2, veld netto_inkomen_aanvrager" in f for f in verslag.fouten)
    assert any("regel 2, veld banktegoed" in f for f in verslag.fouten)
    assert Hertoets.objects.get().status == HertoetsStatus.GEEXPORTEERD
    with pytest.raises(CommandError, match="netto_inkomen_aanvrager"):
        call_command("kwijtschelding_hertoets", "--datum", RUN.isoformat())


def test_uitslag_met_verkeerd_bsn_wordt_niet_toegepast():
    persoon = _eerder_toegewezen()
    aanslag(persoon)
    services.hertoets_uitvoeren(datum=RUN)
    (rij,) = _aanvraag_rijen()
    pad = settings.KWIJTSCHELDING_UITWISSELING_MAP / "kwijtschelding-2026-resultaat.csv"
    pad.write_text(f"{KOLOMMEN}\n{rij['kenmerk']};999999990;ja;1300.00;0.00;0.00;0.00\n", encoding="utf-8")
    verslag = services.hertoets_uitvoeren(datum=RUN)
    assert verslag.fouten and Hertoets.objects.get().status == HertoetsStatus.GEEXPORTEERD


def _ronde(aantal: int):
    """``aantal`` residents per outcome (pass, partial, fail), offered and answered; returns the query
    count of the run that decides them."""
    inkomens = {}
    for _ in range(aantal):
        for inkomen in ("1300.00", "1450.00", "3400.00"):
            persoon = _eerder_toegewezen()
            aanslag(persoon, regels=(("afvalstoffenheffing", "200.00"), ("rioolheffing_gebruiker", "100.00")))
            inkomens[persoon.bsn] = (inkomen, "100.00")
    with CaptureQueriesContext(connection) as aanbieden:
        assert services.hertoets_uitvoeren(datum=RUN).aangeboden == 3 * aantal
    _uitslagen(inkomens, naam=f"resultaat-{aantal}")
    with CaptureQueriesContext(connection) as vastgelegd:
        verslag = services.hertoets_uitvoeren(datum=RUN)
    assert (verslag.toegewezen, verslag.naar_medewerker, verslag.niet_geslaagd) == (aantal, aantal, aantal)
    return len(aanbieden.captured_queries), len(vastgelegd.captured_queries)


def test_aantal_queries_hangt_niet_af_van_het_aantal_inwoners():
    klein = _ronde(2)
    # Start the second round clean: the first round's residents are no longer offered.
    Toestemming.objects.update(ingetrokken_op=_moment(date(2025, 1, 1)))
    for pad in settings.KWIJTSCHELDING_UITWISSELING_MAP.iterdir():
        pad.unlink()
    groot = _ronde(7)
    assert klein == groot, (klein, groot)


def test_taak_en_commando_roepen_dezelfde_service_aan():
    persoon = _eerder_toegewezen()
    aanslag(persoon)
    resultaat = tasks.kwijtschelding_hertoets.delay(RUN.isoformat()).get()
    assert resultaat["aangeboden"] == 1 and resultaat["belastingjaar"] == 2026
    _uitslagen({})
    call_command("kwijtschelding_hertoets", "--datum", RUN.isoformat())
    assert Hertoets.objects.get().status == HertoetsStatus.TOEGEWEZEN
