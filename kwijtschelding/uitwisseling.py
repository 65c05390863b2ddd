"""File exchange for the yearly re-test, modelled on the Inlichtingenbureau (IB) service for remission.

The municipality puts a list of residents in an outgoing folder; the IB (or the person who carries the
files to and from it) puts a result file in the same folder. Both are semicolon-separated UTF-8 CSV.

Outgoing ``kwijtschelding-<jaar>-aanvraag-<datum>.csv``:
    kenmerk;bsn;geboortedatum;postcode;huisnummer;peildatum
Incoming ``kwijtschelding-<jaar>-resultaat*.csv``:
    kenmerk;bsn;gevonden;netto_inkomen_aanvrager;netto_inkomen_partner;banktegoed;auto_waarde
``gevonden`` is ``ja``/``nee``; amounts are net per month (income) or on the peildatum (bank, car),
with a decimal point, empty meaning 0.

The real IB answers with a verdict per resident based on national criteria; this adapter returns the
underlying income and asset figures so the municipality's own calculation (berekening.bereken) decides.
An adapter for the IB's own format implements the same two methods.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from django.conf import settings

from invordering.constants import CENT

AANVRAAG_KOLOMMEN = ("kenmerk", "bsn", "geboortedatum", "postcode", "huisnummer", "peildatum")
RESULTAAT_KOLOMMEN = (
    "kenmerk",
    "bsn",
    "gevonden",
    "netto_inkomen_aanvrager",
    "netto_inkomen_partner",
    "banktegoed",
    "auto_waarde",
)
FOUT_KOLOMMEN = "{bestand}: de kopregel moet zijn: {kolommen}"
FOUT_VELD = "{bestand}, regel {regel}, veld {veld}: {reden}"


class Uitwisselfout(ValueError):
    """A result file that cannot be read; lists every bad field with its file, line and column."""

    def __init__(self, fouten: Sequence[str]):
        self.fouten = list(fouten)
        super().__init__("\n".join(self.fouten))


@dataclass(frozen=True)
class Aanvraagregel:
    kenmerk: str
    bsn: str
    geboortedatum: date | None
    postcode: str
    huisnummer: int | None
    peildatum: date


@dataclass(frozen=True)
class Uitslag:
    kenmerk: str
    bsn: str
    gevonden: bool
    netto_inkomen_aanvrager: Decimal
    netto_inkomen_partner: Decimal
    banktegoed: Decimal
    auto_waarde: Decimal


class Uitwisseling(Protocol):
    def exporteer(self, *, jaar: int, datum: date, regels: Sequence[Aanvraagregel]) -> Path | None: ...

    def lees_uitslagen(self, *, jaar: int) -> list[Uitslag]: ...


class Bestandsuitwisseling:
    """The file-based exchange in one folder (setting KWIJTSCHELDING_UITWISSELING_MAP)."""

    def __init__(self, map: Path | str):
        self.map = Path(map)

    def aanvraag_pad(self, *, jaar: int, datum: date) -> Path:
        return self.map / f"kwijtschelding-{jaar}-aanvraag-{datum.isoformat()}.csv"

    def exporteer(self, *, jaar: int, datum: date, regels: Sequence[Aanvraagregel]) -> Path | None:
        """Write the list of residents to test; written to a temporary name first, so the other side never
        reads half a file. Nothing to send: no file."""
        if not regels:
            return None
        self.map.mkdir(parents=True, exist_ok=True)
        pad = self.aanvraag_pad(jaar=jaar, datum=datum)
        buffer = io.StringIO()
        schrijver = csv.writer(buffer, delimiter=";", lineterminator="\n")
        schrijver.writerow(AANVRAAG_KOLOMMEN)
        for r in regels:
            schrijver.writerow(
                [
                    r.kenmerk,
                    r.bsn,
                    r.geboortedatum.isoformat() if r.geboortedatum else "",
                    r.postcode,
                    r.huisnummer or "",
                    r.peildatum.isoformat(),
                ]
            )
        fd, tijdelijk = tempfile.mkstemp(dir=self.map, prefix=".aanvraag-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(buffer.getvalue())
        os.replace(tijdelijk, pad)
        return pad

    def lees_uitslagen(self, *, jaar: int) -> list[Uitslag]:
        """Every result row for ``jaar`` from every result file; raises Uitwisselfout listing all bad fields
        (nothing of a bad file is used)."""
        uitslagen: list[Uitslag] = []
        fouten: list[str] = []
        if not self.map.is_dir():
            return []
        for pad in sorted(self.map.glob(f"kwijtschelding-{jaar}-resultaat*.csv")):
            rijen, bestandsfouten = _lees_resultaatbestand(pad)
            fouten += bestandsfouten
            if not bestandsfouten:
                uitslagen += rijen
        if fouten:
            raise Uitwisselfout(fouten)
        return uitslagen


def _bedrag(waarde: str) -> Decimal:
    waarde = (waarde or "").strip()
    if not waarde:
        return Decimal("0.00")
    bedrag = Decimal(waarde)
    if bedrag < 0 or bedrag != bedrag.quantize(CENT):
        raise InvalidOperation
    return bedrag.quantize(CENT)


def _lees_resultaatbestand(pad: Path) -> tuple[list[Uitslag], list[str]]:
    fouten: list[str] = []
    rijen: list[Uitslag] = []
    with pad.open(encoding="utf-8-sig", newline="") as f:
        lezer = csv.DictReader(f, delimiter=";")
        if tuple(lezer.fieldnames or ()) != RESULTAAT_KOLOMMEN:
            return [], [FOUT_KOLOMMEN.format(bestand=pad.name, kolommen=";".join(RESULTAAT_KOLOMMEN))]
        for nummer, rij in enumerate(lezer, start=2):
            regelfouten = []
            kenmerk = (rij["kenmerk"] or "").strip()
            bsn = (rij["bsn"] or "").strip()
            if not kenmerk:
                regelfouten.append(
                    FOUT_VELD.format(bestand=pad.name, regel=nummer, veld="kenmerk", reden="leeg")
                )
            if not (bsn.isdigit() and len(bsn) == 9):
                regelfouten.append(
                    FOUT_VELD.format(bestand=pad.name, regel=nummer, veld="bsn", reden="geen negen cijfers")
                )
            gevonden = (rij["gevonden"] or "").strip().lower()
            if gevonden not in ("ja", "nee"):
                regelfouten.append(
                    FOUT_VELD.format(bestand=pad.name, regel=nummer, veld="gevonden", reden="ja of nee")
                )
            bedragen = {}
            for veld in RESULTAAT_KOLOMMEN[3:]:
                try:
                    bedragen[veld] = _bedrag(rij[veld])
                except (InvalidOperation, ValueError):
                    regelfouten.append(
                        FOUT_VELD.format(
                            bestand=pad.name,
                            regel=nummer,
                            veld=veld,
                            reden="geen bedrag van 0 of meer (12.34)",
                        )
                    )
            fouten += regelfouten
            if not regelfouten:
                rijen.append(Uitslag(kenmerk=kenmerk, bsn=bsn, gevonden=gevonden == "ja", **bedragen))
    return rijen, fouten


def standaard_uitwisseling() -> Bestandsuitwisseling:
    return Bestandsuitwisseling(settings.KWIJTSCHELDING_UITWISSELING_MAP)
