import csv
import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from invordering import services as kern
from invordering.constants import PauzeReden, TaakSoort, ToestemmingSoort
from invordering.models import Pauze, Taak
from invordering.selectors import pauzes_actief
from vroegsignalering import services, uitwisseling
from vroegsignalering.constants import FOUT_SIGNAAL_NIET_DOORGEGEVEN, SignaalStatus, Uitkomst
from vroegsignalering.models import Signaal, Signaalexport, Terugkoppeling

from .conftest import persoon_met_achterstand, poging, toestemming

D1 = date(2026, 5, 20)


def gereed_signaal(**persoon):
    p = persoon_met_achterstand("150.00", "120.00", **persoon)
    poging(p, D1)
    toestemming(p, D1)
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get(belastingplichtige=p)
    assert signaal.status == SignaalStatus.GEREED
    return signaal


def geexporteerd_signaal(tmp_path, **persoon):
    signaal = gereed_signaal(**persoon)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / f"s{signaal.pk}.json")
    signaal.refresh_from_db()
    return signaal


def test_export_json_precies_de_velden(beleid, tmp_path, settings):
    signaal = gereed_signaal(telefoon="0612345678", email="a@example.org", huisnummer=7, postcode="1234 AB")
    export = uitwisseling.signalen_exporteren(datum=D1 + timedelta(days=1), uit=tmp_path / "signalen.json")
    document = json.loads((tmp_path / "signalen.json").read_text())
    assert set(document) == {"versie", "afzender", "exportdatum", "aantal", "signalen"}
    assert (document["exportdatum"], document["aantal"], document["afzender"]) == (
        "2026-05-21",
        1,
        settings.ORGANISATIE_NAAM,
    )
    [rij] = document["signalen"]
    assert list(rij) == list(uitwisseling.EXPORT_VELDEN)
    p = signaal.belastingplichtige
    assert rij == {
        "signaal_id": signaal.pk,
        "signaaldatum": "2026-05-20",
        "soort_signaal": "achterstand_bedrag",
        "grondslag": "toestemming",
        "bsn": p.bsn,
        "voorletters": "J.",
        "tussenvoegsel": "",
        "achternaam": p.achternaam,
        "straat": "Dorpsstraat",
        "huisnummer": 7,
        "huisnummer_toevoeging": "",
        "postcode": "1234 AB",
        "woonplaats": "Voorbeeld",
        "telefoon": "0612345678",
        "email": "a@example.org",
        "bedrag_achterstand": "270.00",
        "datum_ontstaan": "2026-04-30",
        "aantal_contactpogingen": 1,
        "laatste_contactpoging": "2026-05-20",
        "warme_overdracht": False,
        "toelichting_verwijzing": "",
    }
    signaal.refresh_from_db()
    assert (signaal.status, signaal.export, signaal.geexporteerd_op) == (
        SignaalStatus.GEEXPORTEERD,
        export,
        D1 + timedelta(days=1),
    )
    assert export.aantal == 1
    assert export.sha256 == hashlib.sha256((tmp_path / "signalen.json").read_bytes()).hexdigest()


def test_export_csv_kop_en_waarden(beleid, tmp_path):
    signaal = gereed_signaal()
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "signalen.csv")
    with open(tmp_path / "signalen.csv", newline="") as f:
        lezer = csv.DictReader(f)
        rijen = list(lezer)
    assert tuple(lezer.fieldnames) == uitwisseling.EXPORT_VELDEN
    assert len(rijen) == 1
    assert rijen[0]["signaal_id"] == str(signaal.pk)
    assert rijen[0]["bedrag_achterstand"] == "270.00"
    assert rijen[0]["warme_overdracht"] == "nee"
    assert rijen[0]["telefoon"] == ""


def test_elk_signaal_gaat_een_keer_en_elke_export_wordt_vastgelegd(beleid, tmp_path):
    gereed_signaal()
    gereed_signaal()
    eerste = uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "a.csv")
    tweede = uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "b.csv")
    assert (eerste.aantal, tweede.aantal) == (2, 0)
    assert Signaalexport.objects.count() == 2
    assert len((tmp_path / "b.csv").read_text().splitlines()) == 1  # header only


def test_signaal_zonder_toestemming_of_grondslag_gaat_nooit_mee(beleid, tmp_path):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, D1)
    services.signalen_bepalen(datum=D1)
    export = uitwisseling.signalen_exporteren(datum=D1 + timedelta(days=30), uit=tmp_path / "s.json")
    assert export.aantal == 0
    assert Signaal.objects.get().status == SignaalStatus.VOORBEREIDING


def test_ingetrokken_toestemming_voor_export_houdt_signaal_tegen(beleid, tmp_path):
    signaal = gereed_signaal()
    kern.toestemming_trek_in(
        belastingplichtige=signaal.belastingplichtige,
        soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
        tijdstip=services._tijdstip(D1),
    )
    assert uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.json").aantal == 0
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.VOORBEREIDING
    assert (signaal.grondslag, signaal.toestemming) == ("", None)
    assert "toestemming ingetrokken" in signaal.voorwaarden_toelichting


def test_onbekend_formaat(beleid, tmp_path):
    with pytest.raises(ValueError, match="Onbekend formaat xml"):
        uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.xml")


# --- Feedback ---------------------------------------------------------------------------------------
def schrijf(tmp_path, regels, kop="signaal_id,bsn,uitkomst,datum"):
    pad = tmp_path / "terug.csv"
    pad.write_text("\n".join([kop, *regels]) + "\n")
    return pad


def test_adempauze_pauzeert_voor_de_beleidsperiode_en_eindigt_vanzelf(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    p = signaal.belastingplichtige
    pad = schrijf(tmp_path, [f"{signaal.pk},{p.bsn},adempauze,2026-06-01"])
    verslag = uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 2))
    assert (verslag.nieuw, verslag.al_bekend) == (1, 0)
    pauze = Pauze.objects.get(belastingplichtige=p)
    assert (pauze.reden, pauze.start, pauze.geplande_einde) == (
        PauzeReden.ADEMPAUZE,
        date(2026, 6, 1),
        date(2026, 10, 1),  # policy: 4 months
    )
    assert pauzes_actief(datum=date(2026, 9, 30), belastingplichtige=p).exists()
    assert not pauzes_actief(datum=date(2026, 10, 1), belastingplichtige=p).exists()
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.IN_BEHANDELING


def test_beleid_bepaalt_de_duur(beleid, tmp_path):
    beleid.adempauze_maanden = 8
    beleid.save()
    signaal = geexporteerd_signaal(tmp_path)
    services.terugkoppeling_vastleggen(signaal=signaal, uitkomst=Uitkomst.ADEMPAUZE, datum=date(2026, 6, 1))
    assert Pauze.objects.get().geplande_einde == date(2027, 2, 1)


def test_hulp_aanvaard_vervangt_adempauze_door_schuldhulppauze(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    p = signaal.belastingplichtige
    pad = schrijf(
        tmp_path,
        [f"{signaal.pk},{p.bsn},hulp_aanvaard,2026-07-01", f"{signaal.pk},{p.bsn},adempauze,2026-06-01"],
    )
    uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 7, 2))
    adem = Pauze.objects.get(reden=PauzeReden.ADEMPAUZE)
    hulp = Pauze.objects.get(reden=PauzeReden.SCHULDHULP)
    assert adem.beeindigd_op == date(2026, 7, 1)
    assert (hulp.start, hulp.geplande_einde, hulp.beeindigd_op) == (date(2026, 7, 1), date(2027, 1, 1), None)
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.AFGEROND


def test_niet_opgepakt_beeindigt_pauzes_en_maakt_taak(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    services.terugkoppeling_vastleggen(signaal=signaal, uitkomst=Uitkomst.ADEMPAUZE, datum=date(2026, 6, 1))
    services.terugkoppeling_vastleggen(
        signaal=signaal, uitkomst=Uitkomst.NIET_OPGEPAKT, datum=date(2026, 6, 10)
    )
    assert Pauze.objects.get().beeindigd_op == date(2026, 6, 10)
    taak = Taak.objects.get(soort=TaakSoort.SIGNAAL_TERUGKOPPELING)
    assert taak.belastingplichtige == signaal.belastingplichtige
    signaal.refresh_from_db()
    assert (signaal.status, signaal.afgesloten_op) == (SignaalStatus.AFGEROND, date(2026, 6, 10))


def test_zelfde_bestand_opnieuw_verandert_niets(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    pad = schrijf(tmp_path, [f"{signaal.pk},{signaal.belastingplichtige.bsn},adempauze,2026-06-01"])
    uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 2))
    verslag = uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 3))
    assert (verslag.nieuw, verslag.al_bekend) == (0, 1)
    assert (Terugkoppeling.objects.count(), Pauze.objects.count()) == (1, 1)


def test_fouten_noemen_regel_en_veld_en_niets_wordt_opgeslagen(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    niet_weg = gereed_signaal()
    bsn = signaal.belastingplichtige.bsn
    pad = schrijf(
        tmp_path,
        [
            f"{signaal.pk},{bsn},adempauze,2026-06-01",  # good
            f"{signaal.pk},{bsn},misschien,2026-06-01",
            f"999999,{bsn},opgepakt,2026-06-01",
            f"{signaal.pk},123456782,opgepakt,2026-06-01",
            f"{signaal.pk},{bsn},opgepakt,1-6-2026",
            f"{niet_weg.pk},{niet_weg.belastingplichtige.bsn},opgepakt,2026-06-01",
            f"{signaal.pk},,opgepakt,2026-06-01",
        ],
    )
    with pytest.raises(uitwisseling.ImportFout) as fout:
        uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 2))
    assert fout.value.fouten == [
        "regel 3, uitkomst: onbekende uitkomst 'misschien'; kies uit opgepakt, niet_opgepakt, hulp_aanvaard, adempauze",
        "regel 4, signaal_id: onbekend signaal 999999",
        "regel 5, bsn: het BSN hoort niet bij dit signaal",
        "regel 6, datum: geen geldige datum '1-6-2026' (JJJJ-MM-DD)",
        f"regel 7, signaal_id: {FOUT_SIGNAAL_NIET_DOORGEGEVEN.format(signaal=niet_weg.pk)}",
        "regel 8, bsn: mag niet leeg zijn",
    ]
    assert not Terugkoppeling.objects.exists()
    assert not Pauze.objects.exists()


def test_reden_kolom_wordt_niet_bewaard(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    pad = schrijf(
        tmp_path,
        [
            f"{signaal.pk},{signaal.belastingplichtige.bsn},niet_opgepakt,2026-06-01,wil geen hulp van de gemeente"
        ],
        kop="signaal_id,bsn,uitkomst,datum,reden",
    )
    uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 2))
    t = Terugkoppeling.objects.get()
    assert "wil geen hulp" not in json.dumps([str(getattr(t, f.attname)) for f in t._meta.concrete_fields])


def test_ontbrekende_kolommen(beleid, tmp_path):
    pad = schrijf(tmp_path, ["1,adempauze"], kop="signaal_id,uitkomst")
    with pytest.raises(uitwisseling.ImportFout, match="mist de kolommen: bsn, datum"):
        uitwisseling.terugkoppeling_importeren(pad=pad, datum=date(2026, 6, 2))


def test_terugkoppeling_op_signaal_dat_niet_weg_is_geweigerd(beleid):
    signaal = gereed_signaal()
    with pytest.raises(ValueError, match="nog niet doorgegeven"):
        services.terugkoppeling_vastleggen(signaal=signaal, uitkomst=Uitkomst.OPGEPAKT, datum=D1)


def test_bedrag_in_export_is_decimal_string(beleid, tmp_path):
    signaal = geexporteerd_signaal(tmp_path)
    assert signaal.bedrag == D("270.00")
