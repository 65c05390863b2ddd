"""From a letter's data to its HTML: the template text (admin version or file default), the fixed frame
(address window, payment block with QR code and link, help offer, contact routes, help box in five
languages) and Dutch formatting. Pure apart from reading template versions; no domain model.
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine
from django.utils.safestring import mark_safe

from . import betaallink
from .qr import epc_payload, qr_svg
from .sjablonen import Sjabloon

BRIEVEN_MAP = Path(settings.BASE_DIR) / "templates" / "communicatie" / "brieven"
FRAME = "communicatie/brief.html"
_ONDERWERP = re.compile(r"^\{#\s*onderwerp:\s*(?P<onderwerp>.*?)\s*#\}\s*\n", re.DOTALL)
_BEDRAG = re.compile(r"^-?\d+\.\d{2}$")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Letters about remission do not offer remission again; a plan confirmation does not offer a plan.
ZONDER_KWIJTSCHELDING_AANBOD = {
    Sjabloon.KWIJTSCHELDING_BESLUIT,
    Sjabloon.KWIJTSCHELDING_ONTBREKENDE_GEGEVENS,
    Sjabloon.KWIJTSCHELDING_HERTOETS,
}
ZONDER_REGELING_AANBOD = {Sjabloon.REGELING_BEVESTIGING}

# The help box: fixed texts, not gettext (the letter itself is Dutch and binding). {telefoon} is filled in.
HULPTEKSTEN = (
    (
        "en",
        "ltr",
        "English",
        "Do you need help to read this letter? Please call us on {telefoon}. We are happy to help you.",
    ),
    (
        "tr",
        "ltr",
        "Türkçe",
        "Bu mektubu okumak için yardıma mı ihtiyacınız var? Bizi {telefoon} numarasından arayın. Size memnuniyetle yardım ederiz.",
    ),
    (
        "ar",
        "rtl",
        "العربية",
        "هل تحتاج إلى مساعدة في قراءة هذه الرسالة؟ اتصل بنا على الرقم {telefoon}. يسعدنا أن نساعدك.",
    ),
    (
        "pl",
        "ltr",
        "Polski",
        "Potrzebujesz pomocy w przeczytaniu tego listu? Zadzwoń do nas: {telefoon}. Chętnie pomożemy.",
    ),
    (
        "uk",
        "ltr",
        "Українська",
        "Потрібна допомога, щоб прочитати цей лист? Зателефонуйте нам: {telefoon}. Ми охоче допоможемо.",
    ),
)


@dataclass(frozen=True)
class Tekst:
    """The text a letter is rendered with: ``versie`` 0 is the file default."""

    onderwerp: str
    inhoud: str
    versie: int = 0


@functools.cache
def engine() -> Engine:
    """A template engine with the letter filters built in, so edited texts need no ``{% load %}``."""
    return Engine(
        dirs=[Path(settings.BASE_DIR) / "templates"],
        app_dirs=True,
        builtins=["communicatie.templatetags.brief"],
        autoescape=True,
    )


def standaardtekst(sjabloon: str) -> Tekst:
    """The shipped default of a letter: ``templates/communicatie/brieven/<key>.html``, its first line a
    comment ``{# onderwerp: ... #}`` with the subject."""
    bron = (BRIEVEN_MAP / f"{sjabloon}.html").read_text(encoding="utf-8")
    gevonden = _ONDERWERP.match(bron)
    if not gevonden:
        raise ValueError(f"{sjabloon}.html begint niet met {{# onderwerp: ... #}}")
    return Tekst(onderwerp=gevonden["onderwerp"], inhoud=bron[gevonden.end() :], versie=0)


def teksten() -> dict[str, Tekst]:
    """The text in force for every letter: the admin's version where there is one (one query)."""
    from .models import Briefsjabloon

    gewijzigd = {
        b.sleutel: Tekst(onderwerp=b.onderwerp, inhoud=b.inhoud, versie=b.versie)
        for b in Briefsjabloon.objects.all()
    }
    return {s: gewijzigd.get(s) or standaardtekst(s) for s in Sjabloon.values}


@functools.lru_cache(maxsize=256)
def _compileer(bron: str):
    return engine().from_string(bron)


def _omzetten(waarde):
    """Contract strings back to values: "12.30" -> Decimal, "2026-04-30" -> date (recursively)."""
    if isinstance(waarde, dict):
        return {k: _omzetten(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_omzetten(v) for v in waarde]
    if isinstance(waarde, str):
        if _BEDRAG.match(waarde):
            return Decimal(waarde)
        if _DATUM.match(waarde):
            return date.fromisoformat(waarde)
    return waarde


def organisatie() -> dict:
    return {
        "naam": settings.ORGANISATIE_NAAM,
        "iban": settings.ORGANISATIE_IBAN,
        "bic": settings.ORGANISATIE_BIC,
        "telefoon": settings.ORGANISATIE_TELEFOON,
        "email": settings.ORGANISATIE_EMAIL,
        "website": settings.ORGANISATIE_WEBSITE,
        "postadres": settings.ORGANISATIE_POSTADRES,
        "balie": settings.ORGANISATIE_BALIE,
        "chat": settings.ORGANISATIE_CHAT_URL,
        "whatsapp": settings.ORGANISATIE_WHATSAPP,
        "bereikbaar": settings.ORGANISATIE_BEREIKBAAR,
        "schuldhulp": settings.ORGANISATIE_SCHULDHULP,
        "portaal": settings.PORTAAL_BASIS_URL.rstrip("/") + "/portaal/",
    }


def betaalblok(betaling: dict | None, *, datum: date, uiterste_datum: date | None) -> dict | None:
    """The payment block for *the amount due now*: kenmerk, QR code (EPC) and a signed portal link.

    The link is valid until ``COMMUNICATIE_BETAALLINK_DAGEN`` after the letter's date (at least until the
    pay-by date); it is deterministic, so rendering a letter again gives the same link and QR code.
    """
    if not betaling or Decimal(str(betaling.get("bedrag") or "0")) <= 0:
        return None
    bedrag = Decimal(str(betaling["bedrag"]))
    kenmerk = str(betaling.get("kenmerk") or "")
    geldig_tot = datum + timedelta(days=settings.COMMUNICATIE_BETAALLINK_DAGEN)
    if uiterste_datum and uiterste_datum > geldig_tot:
        geldig_tot = uiterste_datum
    token = betaallink.maak_token(
        str(betaling.get("doel") or ""), bedrag=bedrag, kenmerk=kenmerk, geldig_tot=geldig_tot
    )
    payload = epc_payload(
        settings.ORGANISATIE_NAAM,
        settings.ORGANISATIE_IBAN,
        bedrag,
        kenmerk=kenmerk or None,
        bic=settings.ORGANISATIE_BIC,
    )
    return {
        "bedrag": bedrag,
        "kenmerk": kenmerk,
        "uiterste_datum": uiterste_datum,
        "url": betaallink.betaal_url(token),
        "geldig_tot": geldig_tot,
        "epc": payload,
        "qr": "data:image/svg+xml;base64,"
        + base64.b64encode(qr_svg(payload).encode("utf-8")).decode("ascii"),
    }


def context(
    *, sjabloon: str, gegevens: dict, datum: date, naam: str, adresregels: list[str], taal: str = "nl"
) -> dict:
    waarden = _omzetten(dict(gegevens))
    uiterste = waarden.get("uiterste_datum") if isinstance(waarden.get("uiterste_datum"), date) else None
    org = organisatie()
    hulpteksten = [
        # The number as an isolated left-to-right run, so it is not reversed inside Arabic text.
        {
            "taal": code,
            "richting": richting,
            "naam": label,
            "tekst": tekst.format(telefoon=f"\u2066{org['telefoon']}\u2069"),
        }
        for code, richting, label, tekst in HULPTEKSTEN
    ]
    # The resident's own language first.
    hulpteksten.sort(key=lambda h: h["taal"] != taal)
    return {
        **waarden,
        "gegevens": waarden,
        "sjabloon": sjabloon,
        "datum": datum,
        "naam": naam,
        "adresregels": adresregels,
        "taal": taal,
        "org": org,
        "betaling": betaalblok(gegevens.get("betaling"), datum=datum, uiterste_datum=uiterste),
        "hulpteksten": hulpteksten,
        "aanbod_kwijtschelding": sjabloon not in ZONDER_KWIJTSCHELDING_AANBOD,
        "aanbod_regeling": sjabloon not in ZONDER_REGELING_AANBOD,
    }


def html(
    *,
    sjabloon: str,
    gegevens: dict,
    datum: date,
    naam: str,
    adresregels: list[str],
    taal: str = "nl",
    tekst: Tekst | None = None,
    css: str = "",
) -> str:
    """The full letter as HTML (the PDF is made from this; tests read its text)."""
    tekst = tekst or standaardtekst(sjabloon)
    ctx = context(
        sjabloon=sjabloon, gegevens=gegevens, datum=datum, naam=naam, adresregels=adresregels, taal=taal
    )
    onderwerp = _compileer(tekst.onderwerp).render(Context(ctx)).strip()
    inhoud = _compileer(tekst.inhoud).render(Context(ctx))
    frame = engine().get_template(FRAME)
    return frame.render(
        Context({**ctx, "onderwerp": onderwerp, "inhoud": mark_safe(inhoud), "css": mark_safe(css)})  # noqa: S308
    )
