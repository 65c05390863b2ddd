"""The worked examples of docs/kwijtschelding.md are the tests: every block is read and recalculated."""

import re
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kwijtschelding.berekening import Belastingregel, Beleid, Berekening, Huishouden, Inkomstenpost, bereken

DOC = Path(__file__).resolve().parents[2] / "docs" / "kwijtschelding.md"
BLOK = re.compile(r"```(beleid|voorbeeld)\n(.*?)```", re.S)
BOOLEANS = {"ja": True, "nee": False}


def _blokken():
    tekst = DOC.read_text(encoding="utf-8")
    return [(soort, inhoud) for soort, inhoud in BLOK.findall(tekst)]


def _regels(inhoud: str) -> list[tuple[str, str]]:
    return [tuple(s.strip() for s in r.split(":", 1)) for r in inhoud.strip().splitlines() if r.strip()]


def _standaard_beleid() -> Beleid:
    (inhoud,) = [i for s, i in _blokken() if s == "beleid"]
    return Beleid(**{k: Decimal(v) for k, v in _regels(inhoud)})


def _voorbeeld(inhoud: str):
    invoer, verwacht = inhoud.split("---")
    beleid = _standaard_beleid()
    huishouden: dict = {}
    inkomsten, regels, aanslagen = [], [], {}
    norm = None
    for sleutel, waarde in _regels(invoer):
        if sleutel == "bijstandsnorm":
            norm = Decimal(waarde)
        elif sleutel == "inkomen":
            persoon, soort, bedrag = waarde.split()
            inkomsten.append(Inkomstenpost(persoon, soort, Decimal(bedrag)))
        elif sleutel == "regel":
            delen = waarde.split()
            aanslag, soort, kwijtscheldbaar, bedrag = delen[0], delen[1], delen[2], delen[-1]
            aanslag_id = aanslagen.setdefault(aanslag, len(aanslagen) + 1)
            regels.append(
                Belastingregel(
                    aanslag_id=aanslag_id,
                    aanslagnummer=aanslag,
                    volgnummer=len(regels) + 1,
                    belastingsoort=soort,
                    kwijtscheldbaar=BOOLEANS[kwijtscheldbaar],
                    open_bedrag=Decimal(bedrag),
                    vervaldatum=date(2026, 4, 30),
                    zakelijk="zakelijk" in delen,
                )
            )
        elif sleutel in {f.name for f in fields(Beleid)}:
            beleid = replace(beleid, **{sleutel: Decimal(waarde)})
        elif waarde in BOOLEANS:
            huishouden[sleutel] = BOOLEANS[waarde]
        elif sleutel == "leefsituatie":
            huishouden[sleutel] = waarde
        else:
            huishouden[sleutel] = Decimal(waarde)
    return (
        Huishouden(inkomsten=tuple(inkomsten), **huishouden),
        regels,
        norm,
        beleid,
        _regels(verwacht),
    )


VOORBEELDEN = [i for s, i in _blokken() if s == "voorbeeld"]


def test_er_zijn_minstens_acht_voorbeelden_die_alles_dekken():
    assert len(VOORBEELDEN) >= 8
    alles = "\n".join(VOORBEELDEN)
    for leefsituatie in ("alleenstaande\n", "alleenstaande_ouder", "gehuwd\n", "gehuwd_met_kinderen"):
        assert f"leefsituatie: {leefsituatie}" in alles
    for uitkomst in ("toegewezen", "gedeeltelijk", "afgewezen"):
        assert f"uitkomst: {uitkomst}" in alles
    assert "bijstandsnorm: 1530.21" in alles  # AOW norm
    assert "auto_als_vermogen: 5000.00" in alles and "banktegoed_als_vermogen: 2468.27" in alles
    assert " nee " in alles and "zakelijk" in alles


@pytest.mark.parametrize("inhoud", VOORBEELDEN, ids=[f"voorbeeld-{n + 1}" for n in range(len(VOORBEELDEN))])
def test_voorbeeld_uit_de_documentatie(inhoud):
    huishouden, regels, norm, beleid, verwacht = _voorbeeld(inhoud)
    uitkomst = bereken(huishouden=huishouden, regels=regels, bijstandsnorm=norm, beleid=beleid)
    velden = {f.name for f in fields(Berekening)}
    for sleutel, waarde in verwacht:
        assert sleutel in velden, sleutel
        gekregen = getattr(uitkomst, sleutel)
        assert str(gekregen) == waarde if sleutel == "uitkomst" else gekregen == Decimal(waarde), (
            sleutel,
            gekregen,
            waarde,
        )
    # The parts always add up: what is asked is remitted or paid.
    assert uitkomst.kwijtgescholden + uitkomst.te_betalen == uitkomst.gevraagd
