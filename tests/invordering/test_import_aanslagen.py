import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from invordering import betalingskenmerk, importeren
from invordering.betalingskenmerk import maak
from invordering.constants import Component
from invordering.importeren import KOLOMMEN, importeer
from invordering.models import Aanslag, AanslagRegel, Belastingplichtige, Boeking, Termijn
from tests.invordering.factories import geldig_bsn

pytestmark = pytest.mark.django_db


def rij(**anders):
    basis = {
        "aanslagnummer": "20260001",
        "belastingjaar": "2026",
        "dagtekening": "2026-02-28",
        "eerste_vervaldatum": "2026-03-31",
        "aantal_termijnen": "1",
        "betalingskenmerk": maak(1),
        "bsn": geldig_bsn(0),
        "voorletters": "A.",
        "tussenvoegsel": "de",
        "achternaam": "Vries",
        "straat": "Kerkstraat",
        "huisnummer": "12",
        "toevoeging": "A",
        "postcode": "1234 AB",
        "woonplaats": "Voorbeeld",
        "regelnummer": "1",
        "belastingsoort": "afvalstoffenheffing",
        "omschrijving": "Kerkstraat 12 A",
        "bedrag": "312.00",
    }
    basis.update(anders)
    return basis


def csv_tekst(*rijen, kop=KOLOMMEN):
    regels = [";".join(kop)] + [";".join(r.get(k, "") for k in kop) for r in rijen]
    return "\n".join(regels) + "\n"


def doe(*rijen, partieel=False):
    return importeer(io.StringIO(csv_tekst(*rijen)), partieel=partieel)


def test_goede_aanslag_met_twee_regels_en_termijnen():
    resultaat, afgewezen = doe(
        rij(aantal_termijnen="3"),
        rij(aantal_termijnen="3", regelnummer="2", belastingsoort="rioolheffing_gebruiker", bedrag="188,02"),
    )
    assert resultaat.foutloos and resultaat.opgeslagen and not afgewezen
    aanslag = Aanslag.objects.get(aanslagnummer="20260001")
    assert aanslag.bedrag_belasting == aanslag.openstaand == D("500.02")
    assert aanslag.vervaldatum == date(2026, 5, 31)
    assert list(Termijn.objects.filter(aanslag=aanslag).values_list("vervaldatum", "bedrag")) == [
        (date(2026, 3, 31), D("166.68")),
        (date(2026, 4, 30), D("166.67")),
        (date(2026, 5, 31), D("166.67")),
    ]
    assert AanslagRegel.objects.filter(aanslag=aanslag).count() == 2
    boeking = Boeking.objects.get(aanslag=aanslag)
    assert (boeking.component, boeking.bedrag) == (Component.BELASTING, D("500.02"))
    persoon = aanslag.belastingplichtige
    assert (persoon.naam, persoon.postcode, persoon.huisnummer_toevoeging) == ("A. de Vries", "1234 AB", "A")


def test_nogmaals_importeren_verandert_niets():
    tekst = csv_tekst(rij(), rij(aanslagnummer="20260002", betalingskenmerk=maak(2), bsn=geldig_bsn(1)))
    importeer(io.StringIO(tekst))
    voor = (
        Aanslag.objects.count(),
        Boeking.objects.count(),
        Termijn.objects.count(),
        Belastingplichtige.objects.count(),
    )
    resultaat, _ = importeer(io.StringIO(tekst))
    assert resultaat.foutloos
    assert (resultaat.aanslagen_nieuw, resultaat.aanslagen_ongewijzigd) == (0, 2)
    assert (
        Aanslag.objects.count(),
        Boeking.objects.count(),
        Termijn.objects.count(),
        Belastingplichtige.objects.count(),
    ) == voor


@pytest.mark.parametrize(
    ("anders", "veld", "reden"),
    [
        ({"achternaam": ""}, "achternaam", importeren.FOUT_LEEG),
        ({"dagtekening": "28-13-2026"}, "dagtekening", importeren.FOUT_DATUM),
        ({"eerste_vervaldatum": "2026-02-01"}, "eerste_vervaldatum", importeren.FOUT_VERVAL),
        ({"bedrag": "12,3x"}, "bedrag", importeren.FOUT_BEDRAG),
        ({"bedrag": "12.345"}, "bedrag", importeren.FOUT_BEDRAG),
        ({"bedrag": "0"}, "bedrag", importeren.FOUT_BEDRAG_POSITIEF),
        ({"bsn": "123456789"}, "bsn", importeren.FOUT_BSN),
        ({"betalingskenmerk": "1234567890123456"}, "betalingskenmerk", importeren.FOUT_KENMERK),
        (
            {"betalingskenmerk": betalingskenmerk.maak(betalingskenmerk.GERESERVEERD_VANAF + 7)},
            "betalingskenmerk",
            importeren.FOUT_KENMERK_GERESERVEERD,
        ),
        ({"belastingsoort": "zonnebelasting"}, "belastingsoort", importeren.FOUT_SOORT),
        ({"aantal_termijnen": "13"}, "aantal_termijnen", importeren.FOUT_TERMIJNEN),
        ({"aantal_termijnen": "twee"}, "aantal_termijnen", importeren.FOUT_GETAL),
        ({"belastingjaar": "1890"}, "belastingjaar", importeren.FOUT_JAAR),
        ({"postcode": "12345"}, "postcode", importeren.FOUT_POSTCODE),
        ({"huisnummer": "12a"}, "huisnummer", importeren.FOUT_GETAL),
    ],
)
def test_foute_regel_wordt_gemeld_met_regelnummer_veld_en_reden(anders, veld, reden):
    goed = rij(aanslagnummer="20260009", betalingskenmerk=maak(9), bsn=geldig_bsn(5))
    resultaat, afgewezen = doe(goed, rij(**anders))
    assert not resultaat.opgeslagen
    assert [(m.regel, m.veld, m.reden) for m in resultaat.meldingen] == [(3, veld, reden)]
    assert Aanslag.objects.count() == 0 and Belastingplichtige.objects.count() == 0
    assert [r.nummer for r in afgewezen] == [3]


def test_regels_van_een_aanslag_moeten_overeenkomen():
    resultaat, _ = doe(rij(), rij(regelnummer="2", dagtekening="2026-02-27"))
    assert [(m.regel, m.veld) for m in resultaat.meldingen] == [(3, "dagtekening")]
    assert "regel 2" in resultaat.meldingen[0].reden


def test_dubbel_regelnummer():
    resultaat, _ = doe(rij(), rij())
    assert [(m.regel, m.veld) for m in resultaat.meldingen] == [(3, "regelnummer")]


def test_zelfde_kenmerk_bij_twee_aanslagen_in_bestand():
    resultaat, _ = doe(rij(), rij(aanslagnummer="20260002", bsn=geldig_bsn(1)))
    assert [(m.regel, m.veld, m.reden) for m in resultaat.meldingen] == [
        (3, "betalingskenmerk", importeren.FOUT_KENMERK_DUBBEL)
    ]


def test_kenmerk_van_bestaande_andere_aanslag():
    doe(rij())
    resultaat, _ = doe(rij(aanslagnummer="20260002", bsn=geldig_bsn(1)))
    assert [(m.regel, m.veld, m.reden) for m in resultaat.meldingen] == [
        (2, "betalingskenmerk", importeren.FOUT_KENMERK_DUBBEL)
    ]


def test_bestaande_aanslag_met_andere_gegevens():
    doe(rij())
    resultaat, _ = doe(rij(bedrag="313.00"))
    assert [(m.regel, m.veld, m.reden) for m in resultaat.meldingen] == [
        (2, "aanslagnummer", importeren.FOUT_BESTAAT_ANDERS)
    ]
    assert Aanslag.objects.get().bedrag_belasting == D("312.00")


def test_zelfde_bsn_met_ander_adres_in_een_bestand():
    resultaat, _ = doe(rij(), rij(aanslagnummer="20260002", betalingskenmerk=maak(2), straat="Molenweg"))
    assert [(m.regel, m.veld) for m in resultaat.meldingen] == [(3, "bsn")]


def test_verkeerd_aantal_velden():
    tekst = csv_tekst(rij()) + "20260002;2026;te weinig\n"
    resultaat, afgewezen = importeer(io.StringIO(tekst))
    assert [(m.regel, m.veld) for m in resultaat.meldingen] == [(3, "*")]
    assert [r.nummer for r in afgewezen] == [3]


def test_ontbrekende_kolommen_in_kopregel():
    kop = [k for k in KOLOMMEN if k != "bedrag"]
    with pytest.raises(importeren.ImportFout, match="bedrag"):
        importeer(io.StringIO(csv_tekst(rij(), kop=kop)))


def test_partieel_importeert_goede_aanslagen_en_keurt_hele_foute_aanslag_af(tmp_path):
    resultaat, afgewezen = doe(
        rij(),
        rij(aanslagnummer="20260002", betalingskenmerk=maak(2), bsn=geldig_bsn(1)),
        rij(
            aanslagnummer="20260002",
            betalingskenmerk=maak(2),
            bsn=geldig_bsn(1),
            regelnummer="2",
            bedrag="-5",
        ),
        partieel=True,
    )
    assert resultaat.opgeslagen
    assert list(Aanslag.objects.values_list("aanslagnummer", flat=True)) == ["20260001"]
    assert sorted(r.nummer for r in afgewezen) == [3, 4]
    pad = tmp_path / "afgekeurd.csv"
    importeren.schrijf_afwijzingen(pad, afgewezen, resultaat.meldingen)
    inhoud = pad.read_text(encoding="utf-8").splitlines()
    assert inhoud[0].startswith("regel;aanslagnummer") and inhoud[0].endswith(";reden")
    assert inhoud[1].startswith("3;20260002") and inhoud[1].endswith(importeren.FOUT_AANSLAG_AFGEKEURD)
    assert inhoud[2].startswith("4;20260002") and "bedrag: " + importeren.FOUT_BEDRAG_POSITIEF in inhoud[2]


def test_bestaande_persoon_krijgt_nieuw_adres_uit_heffing():
    doe(rij())
    doe(
        rij(
            aanslagnummer="20260002",
            betalingskenmerk=maak(2),
            straat="Molenweg",
            huisnummer="3",
            toevoeging="",
        )
    )
    persoon = Belastingplichtige.objects.get()
    assert (persoon.straat, persoon.huisnummer) == ("Molenweg", 3)
    assert persoon.aanslagen.count() == 2


def test_commando_meldt_fouten_en_importeert_niets(tmp_path):
    pad = tmp_path / "aanslagen.csv"
    pad.write_text(
        csv_tekst(rij(), rij(aanslagnummer="20260002", betalingskenmerk=maak(2), bsn="123")), encoding="utf-8"
    )
    uit, fout = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_aanslagen", str(pad), stdout=uit, stderr=fout)
    assert "regel 3, veld bsn: " + importeren.FOUT_BSN in fout.getvalue()
    assert Aanslag.objects.count() == 0
    call_command("import_aanslagen", str(pad), "--partial", stdout=uit, stderr=fout)
    assert Aanslag.objects.count() == 1
    assert (tmp_path / "aanslagen.afgekeurd.csv").exists()


def test_commando_met_bom_en_komma_bedragen(tmp_path):
    pad = tmp_path / "aanslagen.csv"
    pad.write_text("\ufeff" + csv_tekst(rij(bedrag="1.234,56")), encoding="utf-8")
    call_command("import_aanslagen", str(pad), stdout=io.StringIO(), stderr=io.StringIO())
    assert Aanslag.objects.get().bedrag_belasting == D("1234.56")


def test_voorbeeld_uit_de_documentatie_importeert():
    from pathlib import Path

    tekst = (Path(__file__).resolve().parents[2] / "docs" / "import-aanslagen.md").read_text(encoding="utf-8")
    voorbeeld = tekst.split("## Example", 1)[1].split("```", 2)[1].strip("\n")
    resultaat, _ = importeer(io.StringIO(voorbeeld + "\n"))
    assert resultaat.foutloos and resultaat.aanslagen_nieuw == 1
    aanslag = Aanslag.objects.get()
    assert aanslag.bedrag_belasting == D("615.00") and aanslag.aantal_termijnen == 10
