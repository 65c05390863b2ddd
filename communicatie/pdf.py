"""The one PDF entry point: a letter's HTML rendered by WeasyPrint (A4, tagged PDF/UA-1) and stored.

``render`` returns the HTML beside the PDF so tests assert on text, not pixels. WeasyPrint is imported
lazily: it loads Pango, which the web process rarely needs.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import weergave
from .constants import BriefStatus
from .models import Brief

CSS_PAD = "communicatie/brief.css"
# PDF/UA-1: tagged structure, document language and title, so screen readers can read the letter.
PDF_OPTIES = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


@dataclass(frozen=True)
class Weergave:
    html: str
    pdf: bytes
    paginas: int
    versie: int


@functools.cache
def css() -> str:
    pad = finders.find(CSS_PAD)
    with open(pad, encoding="utf-8") as bestand:
        return bestand.read()


@functools.cache
def _stylesheet():
    """The letter CSS parsed once per process (parsing it per letter costs a fifth of a render)."""
    from weasyprint import CSS

    return CSS(string=css(), font_config=_fonts())


@functools.cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_naar_pdf(html: str, *, identificatie: str = "") -> tuple[bytes, int]:
    """PDF bytes and page count. The file identifier comes from ``identificatie`` (the letter key), so
    the same letter always gives the same bytes."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render(font_config=_fonts(), stylesheets=[_stylesheet()])
    ident = hashlib.sha256((identificatie or html).encode("utf-8")).hexdigest()[:32].encode()
    pdf = document.write_pdf(pdf_identifier=ident, **PDF_OPTIES)
    return pdf, len(document.pages)


def brief_gegevens(brief: Brief) -> dict:
    """What a render needs, as plain data (picklable, for worker processes)."""
    return {
        "id": brief.pk,
        "sleutel": brief.sleutel,
        "sjabloon": brief.sjabloon,
        "gegevens": brief.gegevens,
        "datum": brief.datum,
        "naam": brief.naam,
        "adresregels": list(brief.adresregels),
        "taal": brief.taal,
    }


def render_gegevens(data: dict, tekst: weergave.Tekst) -> Weergave:
    html = weergave.html(
        sjabloon=data["sjabloon"],
        gegevens=data["gegevens"],
        datum=data["datum"],
        naam=data["naam"],
        adresregels=data["adresregels"],
        taal=data["taal"],
        tekst=tekst,
    )
    pdf, paginas = html_naar_pdf(html, identificatie=data["sleutel"])
    return Weergave(html=html, pdf=pdf, paginas=paginas, versie=tekst.versie)


def render(brief: Brief, *, tekst: weergave.Tekst | None = None) -> Weergave:
    """HTML and PDF of a letter with the text in force (or the one given), without storing anything."""
    if tekst is None:
        tekst = weergave.teksten()[brief.sjabloon]
    return render_gegevens(brief_gegevens(brief), tekst)


def bestandsnaam(brief: Brief) -> str:
    return f"brief-{brief.pk}-{brief.sjabloon}.pdf"


def opslaan(brief: Brief, weergave_: Weergave) -> Brief:
    """Store a rendered PDF once: a letter already made keeps its first file (what was sent)."""
    with transaction.atomic():
        vers = Brief.objects.select_for_update().get(pk=brief.pk)
        if vers.pdf:
            return vers
        vers.pdf.save(bestandsnaam(vers), ContentFile(weergave_.pdf), save=False)
        vers.status = BriefStatus.GEMAAKT if vers.status == BriefStatus.AANGEMAAKT else vers.status
        vers.sjabloon_versie = weergave_.versie
        vers.paginas = weergave_.paginas
        vers.gemaakt_op = timezone.now()
        vers.save(update_fields=["pdf", "status", "sjabloon_versie", "paginas", "gemaakt_op"])
    return vers


def pdf_voor(brief: Brief) -> bytes:
    """The letter's PDF; rendered and stored first when it was not made yet (the archive copy)."""
    if not brief.pdf:
        brief = opslaan(brief, render(brief))
    with brief.pdf.open("rb") as bestand:
        return bestand.read()


def voorbeeld_pdf(
    sjabloon: str, gegevens: dict, *, datum: date, tekst: weergave.Tekst | None = None
) -> Weergave:
    """A sample letter to a made-up resident (admin preview, tests)."""
    data = {
        "id": None,
        "sleutel": f"voorbeeld:{sjabloon}",
        "sjabloon": sjabloon,
        "gegevens": gegevens,
        "datum": datum,
        "naam": "J. de Vries",
        "adresregels": ["Dorpsstraat 1", "1234 AB  Voorbeeldstad"],
        "taal": "nl",
    }
    return render_gegevens(data, tekst or weergave.standaardtekst(sjabloon))
