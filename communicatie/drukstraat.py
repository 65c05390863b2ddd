"""The print street: the day's letters rendered in parallel, archived one by one, and bound into one
print file in a fixed order with a CSV manifest.

Idempotent: a letter's PDF is made once and kept (the archive copy is what was sent); a rerun renders
only what is missing and binds the same stored files in the same order, so it writes the same file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import kanalen, pdf, weergave
from .constants import BriefStatus
from .models import Brief

RENDER_BATCH = 200  # letters per chunk handed to a worker and stored per transaction
_POSTCODE = re.compile(r"\b(\d{4})\s?([A-Z]{2})\b")
MANIFEST_KOLOMMEN = (
    "volgnummer",
    "brief_id",
    "sleutel",
    "sjabloon",
    "ontvanger",
    "naam",
    "postcode",
    "eerste_pagina",
    "paginas",
    "sha256",
)


@dataclass
class Drukresultaat:
    brieven: int = 0
    gerenderd: int = 0
    op_papier: int = 0
    paginas: int = 0
    processen: int = 1


def processen() -> int:
    ingesteld = int(getattr(settings, "COMMUNICATIE_PROCESSEN", 0) or 0)
    return ingesteld if ingesteld > 0 else (os.cpu_count() or 1)


def postcode(adresregels: Sequence[str]) -> str:
    for regel in reversed(list(adresregels)):
        gevonden = _POSTCODE.search(regel)
        if gevonden:
            return f"{gevonden[1]} {gevonden[2]}"
    return ""


def sorteersleutel(brief: Brief) -> tuple:
    """Print order: by postcode (postal sorting discount), letters to one recipient together, then by id."""
    return (postcode(brief.adresregels) or "~", brief.ontvanger, brief.sjabloon, brief.pk)


# --- Rendering in worker processes -----------------------------------------------------------------
_TEKSTEN: dict[str, weergave.Tekst] = {}


def _werker_start(teksten: dict[str, weergave.Tekst]) -> None:
    global _TEKSTEN
    _TEKSTEN = teksten


def _render_een(data: dict) -> tuple[int, bytes, int, int]:
    w = pdf.render_gegevens(data, _TEKSTEN[data["sjabloon"]])
    return data["id"], w.pdf, w.paginas, w.versie


def _render(
    datas: list[dict], teksten: dict[str, weergave.Tekst], n: int
) -> Iterator[tuple[int, bytes, int, int]]:
    if n <= 1 or len(datas) < 2:
        _werker_start(teksten)
        yield from map(_render_een, datas)
        return
    # fork: workers inherit the loaded Django, templates and WeasyPrint; they never touch the database
    # (the parent's connection is left alone, workers end with os._exit).
    import weasyprint  # noqa: F401 - loaded once before forking

    context = multiprocessing.get_context("fork")
    with context.Pool(n, initializer=_werker_start, initargs=(teksten,)) as pool:
        yield from pool.imap(_render_een, datas, chunksize=max(1, min(8, len(datas) // (n * 4) or 1)))


def _opslaan(resultaten: list[tuple[int, bytes, int, int]]) -> None:
    """Store a chunk of rendered PDFs; a letter that got a file meanwhile keeps its first one."""
    if not resultaten:
        return
    nu = timezone.now()
    with transaction.atomic():
        brieven = {
            b.pk: b
            for b in Brief.objects.select_for_update().filter(pk__in=[r[0] for r in resultaten], pdf="")
        }
        gewijzigd = []
        for pk, inhoud, paginas, versie in resultaten:
            brief = brieven.get(pk)
            if brief is None:
                continue
            brief.pdf.save(pdf.bestandsnaam(brief), ContentFile(inhoud), save=False)
            brief.paginas = paginas
            brief.sjabloon_versie = versie
            brief.gemaakt_op = nu
            if brief.status == BriefStatus.AANGEMAAKT:
                brief.status = BriefStatus.GEMAAKT
            gewijzigd.append(brief)
        Brief.objects.bulk_update(gewijzigd, ["pdf", "paginas", "sjabloon_versie", "gemaakt_op", "status"])


def brieven_renderen(brieven: list[Brief], *, n: int | None = None) -> int:
    """Render and store every letter in ``brieven`` that has no PDF yet, on ``n`` processes."""
    te_maken = [b for b in brieven if not b.pdf]
    if not te_maken:
        return 0
    teksten = weergave.teksten()
    datas = [pdf.brief_gegevens(b) for b in te_maken]
    buffer: list[tuple[int, bytes, int, int]] = []
    for resultaat in _render(datas, teksten, n or processen()):
        buffer.append(resultaat)
        if len(buffer) >= RENDER_BATCH:
            _opslaan(buffer)
            buffer = []
    _opslaan(buffer)
    return len(te_maken)


def brieven_van_de_dag(datum: date) -> list[Brief]:
    return list(Brief.objects.filter(datum=datum).exclude(status=BriefStatus.VERVALLEN).order_by("id"))


def drukbestand_schrijven(brieven: list[Brief], uit: Path, *, titel: str = "Drukbestand") -> int:
    """Bind the stored PDFs into one file and write the manifest beside it (``<uit>.csv``)."""
    from pypdf import PdfReader, PdfWriter

    schrijver = PdfWriter()
    regels = []
    pagina = 1
    for volgnummer, brief in enumerate(brieven, start=1):
        with brief.pdf.open("rb") as bestand:
            inhoud = bestand.read()
        lezer = PdfReader(io.BytesIO(inhoud))
        for p in lezer.pages:
            schrijver.add_page(p)
        aantal = len(lezer.pages)
        regels.append(
            {
                "volgnummer": volgnummer,
                "brief_id": brief.pk,
                "sleutel": brief.sleutel,
                "sjabloon": brief.sjabloon,
                "ontvanger": brief.ontvanger,
                "naam": brief.naam,
                "postcode": postcode(brief.adresregels),
                "eerste_pagina": pagina,
                "paginas": aantal,
                "sha256": hashlib.sha256(inhoud).hexdigest(),
            }
        )
        pagina += aantal
    schrijver.add_metadata({"/Title": titel, "/Producer": "Sociaal Invorderen"})
    uit.parent.mkdir(parents=True, exist_ok=True)
    with open(uit, "wb") as bestand:
        schrijver.write(bestand)
    with open(manifest_pad(uit), "w", newline="", encoding="utf-8") as bestand:
        csv.DictWriter(bestand, fieldnames=MANIFEST_KOLOMMEN, lineterminator="\n").writeheader()
        csv.DictWriter(bestand, fieldnames=MANIFEST_KOLOMMEN, lineterminator="\n").writerows(regels)
    return pagina - 1


def manifest_pad(uit: Path) -> Path:
    return uit.with_suffix(".csv")


def brieven_verwerken(*, datum: date, uit: Path | None = None, n: int | None = None) -> Drukresultaat:
    """The day's letters: settle the channel, render what is missing, send the notices, and (with
    ``uit``) write the print file of the letters that go on paper, in print order."""
    brieven = brieven_van_de_dag(datum)
    resultaat = Drukresultaat(brieven=len(brieven), processen=n or processen())
    kanalen.kanalen_bepalen(brieven)
    resultaat.gerenderd = brieven_renderen(brieven, n=resultaat.processen)
    kanalen.berichten_verstuur(datum=datum)
    if uit is None:
        return resultaat
    papier = sorted(
        (b for b in Brief.objects.filter(pk__in=[b.pk for b in brieven]) if kanalen.op_papier(b)),
        key=sorteersleutel,
    )
    resultaat.op_papier = len(papier)
    resultaat.paginas = drukbestand_schrijven(papier, Path(uit), titel=f"Drukbestand {datum.isoformat()}")
    Brief.objects.filter(pk__in=[b.pk for b in papier], status=BriefStatus.GEMAAKT).update(
        status=BriefStatus.VERZONDEN
    )
    return resultaat
