"""Checks on uploaded proofs: the type is read from the content, not trusted from the name or browser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from .constants import (
    FOUT_DOCUMENT_EXTENSIE,
    FOUT_DOCUMENT_GROOT,
    FOUT_DOCUMENT_LEEG,
    FOUT_DOCUMENT_MISMATCH,
    FOUT_DOCUMENT_TYPE,
)


@dataclass(frozen=True)
class Bestandstype:
    content_type: str
    handtekening: bytes
    extensies: frozenset[str]


# File signatures ("magic numbers") of the types residents send: scans and phone photos.
TOEGESTAAN = (
    Bestandstype("application/pdf", b"%PDF-", frozenset({".pdf"})),
    Bestandstype("image/png", b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
    Bestandstype("image/jpeg", b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"})),
)
EXTENSIES = frozenset().union(*(t.extensies for t in TOEGESTAAN))


def max_grootte() -> int:
    """Upper limit in bytes (setting KWIJTSCHELDING_DOCUMENT_MAX_MB)."""
    return int(settings.KWIJTSCHELDING_DOCUMENT_MAX_MB) * 1024 * 1024


def bestandstype(bestand) -> str:
    """The content type of an upload if it is allowed; raises ValidationError naming the field otherwise.

    Checks size (not empty, not above the limit), extension, and the first bytes of the content; the
    content decides, and must match the extension.
    """
    grootte = bestand.size
    if not grootte:
        raise ValidationError(FOUT_DOCUMENT_LEEG, code="leeg")
    if grootte > max_grootte():
        raise ValidationError(
            FOUT_DOCUMENT_GROOT.format(max_mb=settings.KWIJTSCHELDING_DOCUMENT_MAX_MB), code="te_groot"
        )
    extensie = PurePath(bestand.name or "").suffix.lower()
    if extensie not in EXTENSIES:
        raise ValidationError(FOUT_DOCUMENT_EXTENSIE, code="extensie")
    bestand.seek(0)
    kop = bestand.read(16)
    bestand.seek(0)
    for soort in TOEGESTAAN:
        if kop.startswith(soort.handtekening):
            if extensie not in soort.extensies:
                raise ValidationError(FOUT_DOCUMENT_MISMATCH, code="mismatch")
            return soort.content_type
    raise ValidationError(FOUT_DOCUMENT_TYPE, code="type")
