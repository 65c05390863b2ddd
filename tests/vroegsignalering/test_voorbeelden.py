"""The example files in docs/ follow the formats the code writes and reads."""

import csv
import json
from pathlib import Path

from vroegsignalering import deurwaarder, uitwisseling
from vroegsignalering.constants import DeurwaarderUitkomst, Uitkomst

MAP = Path(__file__).resolve().parents[2] / "docs" / "voorbeelden" / "vroegsignalering"


def lees_csv(naam):
    with open(MAP / naam, newline="", encoding="utf-8") as f:
        lezer = csv.DictReader(f)
        return tuple(lezer.fieldnames), list(lezer)


def test_signalen_voorbeelden():
    kop, rijen = lees_csv("signalen.csv")
    assert kop == uitwisseling.EXPORT_VELDEN and rijen
    document = json.loads((MAP / "signalen.json").read_text(encoding="utf-8"))
    assert document["aantal"] == len(document["signalen"])
    assert all(tuple(s) == uitwisseling.EXPORT_VELDEN for s in document["signalen"])


def test_terugkoppeling_voorbeeld():
    kop, rijen = lees_csv("terugkoppeling.csv")
    assert kop == uitwisseling.TERUGKOPPELING_KOLOMMEN
    assert {r["uitkomst"] for r in rijen} <= set(Uitkomst.values)


def test_deurwaarder_voorbeelden():
    kop, rijen = lees_csv("deurwaarder-overdracht.csv")
    assert kop == deurwaarder.OVERDRACHT_VELDEN and rijen
    document = json.loads((MAP / "deurwaarder-overdracht.json").read_text(encoding="utf-8"))
    assert all(set(a) == {*deurwaarder.OVERDRACHT_VELDEN, "contacten"} for a in document["aanslagen"])
    kop, rijen = lees_csv("deurwaarder-terugmelding.csv")
    assert kop[:3] == deurwaarder.TERUGMELDING_KOLOMMEN
    assert {r["uitkomst"] for r in rijen} <= set(DeurwaarderUitkomst.values)
