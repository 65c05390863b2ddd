"""Every report table as CSV (semicolons and decimal commas, as Dutch Excel opens it) and as XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from .kader import AANTAL, BEDRAG, GETAL, PCT, Tabel

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _kop(tabel: Tabel) -> list[str]:
    return [str(tabel.groep_label or "Groep"), *[str(k.label) for k in tabel.kolommen]]


def _csv_waarde(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, Decimal):
        return str(waarde).replace(".", ",")
    return str(waarde)


def tabel_csv(tabel: Tabel) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(_kop(tabel))
    for rij in tabel.alle_rijen():
        schrijver.writerow([rij.groep, *[_csv_waarde(rij.waarde(k.sleutel)) for k in tabel.kolommen]])
    # The byte-order mark makes Excel read the file as UTF-8 (é, ë in labels and place names).
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def _blad_naam(titel: str, gebruikt: set[str]) -> str:
    basis = "".join(c for c in titel if c not in "[]:*?/\\")[:28] or "Tabel"
    naam, n = basis, 2
    while naam in gebruikt:
        naam, n = f"{basis[:25]} {n}", n + 1
    gebruikt.add(naam)
    return naam


def tabellen_xlsx(tabellen: Sequence[Tabel], *, kop: str = "") -> bytes:
    """One sheet per table: the title, the explanation, the header and the rows, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook()
    boek.remove(boek.active)
    gebruikt: set[str] = set()
    vet = Font(bold=True)
    for tabel in tabellen:
        blad = boek.create_sheet(_blad_naam(tabel.titel, gebruikt))
        blad.append([tabel.titel])
        blad["A1"].font = Font(bold=True, size=13)
        blad.append([kop] if kop else [])
        blad.append([tabel.uitleg])
        blad.append([])
        blad.append(_kop(tabel))
        for cel in blad[5]:
            cel.font = vet
        for rij in tabel.alle_rijen():
            blad.append([rij.groep, *[rij.waarde(k.sleutel) for k in tabel.kolommen]])
        for i, k in enumerate(tabel.kolommen, start=2):
            formaat = {BEDRAG: "#,##0.00", PCT: "0.0", AANTAL: "#,##0", GETAL: "0.0"}.get(k.soort, "General")
            for (cel,) in blad.iter_rows(min_row=6, min_col=i, max_col=i):
                cel.number_format = formaat
        blad.column_dimensions["A"].width = 28
    inhoud = io.BytesIO()
    boek.save(inhoud)
    return inhoud.getvalue()
