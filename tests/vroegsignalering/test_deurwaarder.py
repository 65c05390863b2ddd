import csv
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from invordering import services as kern
from invordering.constants import ContactUitkomst, Inkomensbron, PauzeReden, TaakSoort
from invordering.models import Taak
from vroegsignalering import deurwaarder
from vroegsignalering.constants import Advies
from vroegsignalering.models import Deurwaarderterugmelding, Overdrachtregel
from vroegsignalering.uitwisseling import ImportFout

from .conftest import persoon_met_achterstand, poging

D1 = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _normen(db):
    from invordering.models import Bijstandsnorm
    from tests.kwijtschelding.conftest import TESTNORMEN

    for (leefsituatie, aow), bedrag in TESTNORMEN.items():
        Bijstandsnorm.objects.update_or_create(
            geldig_vanaf=date(2026, 1, 1), leefsituatie=leefsituatie, aow=aow, defaults={"bedrag": D(bedrag)}
        )


def test_overdracht_draagt_de_sociale_feiten(tmp_path):
    p = persoon_met_achterstand("300.00", telefoon="0612345678", klantgroep="nieuwe_achterstand")
    poging(p, date(2026, 5, 10))
    poging(p, date(2026, 5, 20), uitkomst=ContactUitkomst.BEREIKT_WIL_WEL)
    kern.inkomen_vastleggen(
        belastingplichtige=p,
        netto_maandinkomen=D("2400.00"),
        bron=Inkomensbron.LOONSTROOK,
        peildatum=date(2026, 6, 1),
    )
    aanslag = p.aanslagen.get()
    overdracht = deurwaarder.overdracht_maak(
        aanslagen=[aanslag], datum=D1, uit=tmp_path / "o.json", deurwaarder="Kantoor X"
    )
    document = json.loads((tmp_path / "o.json").read_text())
    [rij] = document["aanslagen"]
    assert (document["deurwaarder"], document["datum"], overdracht.aantal) == ("Kantoor X", "2026-07-01", 1)
    assert rij["aanslagnummer"] == aanslag.aanslagnummer
    assert rij["openstaand"] == "300.00"
    assert (rij["contactpogingen"], rij["contact_bereikt"]) == (2, True)
    assert (rij["laatste_contact_datum"], rij["laatste_contact_uitkomst"]) == (
        "2026-05-20",
        "bereikt_wil_wel",
    )
    assert [c["uitkomst"] for c in rij["contacten"]] == ["bereikt_wil_wel", "niet_bereikt"]
    assert rij["klantgroep"] == "nieuwe_achterstand"
    assert (rij["inkomen_bekend"], rij["netto_maandinkomen"]) == (True, "2400.00")
    bvv = D(rij["beslagvrije_voet"])
    assert D(rij["aflossingscapaciteit"]) == D("2400.00") - bvv > 0
    assert rij["advies"] == Advies.REGELING_BINNEN_CAPACITEIT
    assert Overdrachtregel.objects.get().gegevens == rij


def test_overdracht_csv_en_geen_dubbele_overdracht(tmp_path):
    p = persoon_met_achterstand("300.00")
    aanslag = p.aanslagen.get()
    deurwaarder.overdracht_maak(aanslagen=[aanslag], datum=D1, uit=tmp_path / "o.csv")
    with open(tmp_path / "o.csv", newline="") as f:
        lezer = csv.DictReader(f)
        [rij] = list(lezer)
    assert tuple(lezer.fieldnames) == deurwaarder.OVERDRACHT_VELDEN
    assert (rij["advies"], rij["inkomen_bekend"], rij["contact_bereikt"]) == (
        Advies.EERST_HUISBEZOEK,
        "nee",
        "nee",
    )
    tweede = deurwaarder.overdracht_maak(aanslagen=[aanslag], datum=D1, uit=tmp_path / "o2.csv")
    assert tweede.aantal == 0


@pytest.mark.parametrize(
    ("capaciteit", "uitkomst", "pauze", "advies"),
    [
        (D("100.00"), ContactUitkomst.BEREIKT_WIL_WEL, PauzeReden.ADEMPAUZE, Advies.NIET_DWINGEN_PAUZE),
        (D("0.00"), ContactUitkomst.BEREIKT_WIL_NIET, None, Advies.GEEN_BESLAG_ONDER_BVV),
        (None, ContactUitkomst.BEREIKT_KAN_NIET, None, Advies.SOCIAAL_SPOOR),
        (None, None, None, Advies.EERST_HUISBEZOEK),
        (D("60.00"), ContactUitkomst.BEREIKT_WIL_NIET, "bijstand", Advies.GEEN_BESLAG_ONDER_BVV),
        (D("100.00"), ContactUitkomst.BEREIKT_WIL_NIET, None, Advies.INVORDEREN_MET_MAATWERK),
        (D("100.00"), ContactUitkomst.BEREIKT_WIL_WEL, None, Advies.REGELING_BINNEN_CAPACITEIT),
    ],
)
def test_advies(capaciteit, uitkomst, pauze, advies):
    from invordering.beslagvrije_voet import Capaciteit

    if pauze == "bijstand":  # income 1200, bvv 95% of it: the bijstand level
        pauze, cap = None, Capaciteit(1, D1, D("1200.00"), D1, D("1140.00"), "schatting", capaciteit, "")
    else:
        cap = Capaciteit(1, D1, D("2000.00") if capaciteit else None, None, D("1500.00"), "", capaciteit, "")
    assert (
        deurwaarder.advies_bepalen(capaciteit=cap, laatste_bereikt_uitkomst=uitkomst, pauze_reden=pauze)
        == advies
    )


def test_inkomen_onder_bvv_geeft_geen_beslag(tmp_path):
    p = persoon_met_achterstand("300.00")
    kern.inkomen_vastleggen(
        belastingplichtige=p,
        netto_maandinkomen=D("1200.00"),
        bron=Inkomensbron.GEMEENTE,
        peildatum=date(2026, 6, 1),
    )
    deurwaarder.overdracht_maak(aanslagen=list(p.aanslagen.all()), datum=D1, uit=tmp_path / "o.json")
    assert Overdrachtregel.objects.get().advies == Advies.GEEN_BESLAG_ONDER_BVV


def test_terugmelding_oninbaar_maakt_goedkeurtaak_en_sluit(tmp_path):
    p = persoon_met_achterstand("300.00")
    aanslag = p.aanslagen.get()
    deurwaarder.overdracht_maak(aanslagen=[aanslag], datum=D1, uit=tmp_path / "o.json")
    pad = tmp_path / "terug.csv"
    pad.write_text(f"aanslagnummer,uitkomst,datum,bedrag\n{aanslag.aanslagnummer},oninbaar,2026-08-01,\n")
    verslag = deurwaarder.terugmelding_importeren(pad=pad, datum=date(2026, 8, 2))
    taak = Taak.objects.get(soort=TaakSoort.DEURWAARDER_ONINBAAR)
    assert (taak.aanslag, verslag.taken) == (aanslag, [taak.pk])
    assert Overdrachtregel.objects.get().afgesloten_op == date(2026, 8, 1)
    again = deurwaarder.terugmelding_importeren(pad=pad, datum=date(2026, 8, 2))
    assert (again.nieuw, again.al_bekend) == (0, 1)
    assert Taak.objects.filter(soort=TaakSoort.DEURWAARDER_ONINBAAR).count() == 1


def test_terugmelding_regeling_en_betaald(tmp_path):
    p = persoon_met_achterstand("300.00", "200.00")
    a, b = p.aanslagen.order_by("id")
    deurwaarder.overdracht_maak(aanslagen=[a, b], datum=D1, uit=tmp_path / "o.json")
    pad = tmp_path / "terug.csv"
    pad.write_text(
        f"aanslagnummer;uitkomst;datum;bedrag\n{a.aanslagnummer};regeling;2026-08-01;50,00\n"
        f"{b.aanslagnummer};betaald;2026-08-03;200.00\n"
    )
    deurwaarder.terugmelding_importeren(pad=pad, datum=date(2026, 8, 5))
    regeling = Deurwaarderterugmelding.objects.get(uitkomst="regeling")
    assert (regeling.bedrag, regeling.regel.afgesloten_op) == (D("50.00"), None)
    assert Overdrachtregel.objects.get(aanslag=b).afgesloten_op == date(2026, 8, 3)


def test_terugmelding_fouten_per_regel(tmp_path):
    p = persoon_met_achterstand("300.00")
    aanslag = p.aanslagen.get()
    deurwaarder.overdracht_maak(aanslagen=[aanslag], datum=D1, uit=tmp_path / "o.json")
    pad = tmp_path / "terug.csv"
    pad.write_text(
        "aanslagnummer,uitkomst,datum,bedrag\n"
        f"{aanslag.aanslagnummer},betaald,2026-08-01,\n"
        "ONBEKEND,betaald,2026-08-01,\n"
        f"{aanslag.aanslagnummer},weg,2026-08-01,\n"
        f"{aanslag.aanslagnummer},regeling,2026-08-01,-5\n"
    )
    with pytest.raises(ImportFout) as fout:
        deurwaarder.terugmelding_importeren(pad=pad, datum=date(2026, 8, 2))
    assert fout.value.fouten == [
        "regel 3, aanslagnummer: onbekende overdrachtsregel ONBEKEND",
        "regel 4, uitkomst: onbekende uitkomst 'weg'; kies uit betaald, regeling, oninbaar",
        "regel 5, bedrag: geen geldig bedrag '-5'",
    ]
    assert not Deurwaarderterugmelding.objects.exists()


def test_commandos(tmp_path):
    p = persoon_met_achterstand("300.00")
    aanslag = p.aanslagen.get()
    call_command(
        "export_deurwaarder",
        "--datum",
        "2026-07-01",
        "--out",
        str(tmp_path / "o.csv"),
        "--aanslag",
        aanslag.aanslagnummer,
    )
    assert Overdrachtregel.objects.count() == 1
    pad = tmp_path / "t.csv"
    pad.write_text(f"aanslagnummer,uitkomst,datum\n{aanslag.aanslagnummer},betaald,2026-07-05\n")
    call_command("import_deurwaarder", str(pad), "--datum", "2026-07-06")
    assert Deurwaarderterugmelding.objects.count() == 1
