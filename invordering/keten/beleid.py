"""Which collection policy applies to a resident on a date: the policy for everyone, or a pilot variant.

A variant applies to a resident whose postcode area (the four digits) is in its list, or who falls in
its random share. The share is a lottery with a fixed outcome: a hash of (``pilot_zaad``, resident id)
mapped to 0..9999, in the share when below ``pilot_aandeel`` x 100. The same resident stays in or out
on every run, and a larger share keeps everyone who was in. The first matching variant (by id) wins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ..models import Belastingplichtige, Invorderingsbeleid

FOUT_POSTCODE = "Postcodegebied {deel!r} is geen viercijferig getal of reeks zoals 6900-6999."
FOUT_GEEN_BELEID = "Er is geen invorderingsbeleid geldig op {datum:%d-%m-%Y}; leg het vast in het beheer."


def postcodegebieden(tekst: str) -> list[tuple[int, int]]:
    """Parse '6811, 6812, 6900-6999' into inclusive ranges; raises ValueError naming the bad part."""
    gebieden = []
    for deel in (d.strip() for d in tekst.split(",")):
        if not deel:
            continue
        van, _, tot = deel.partition("-")
        van, tot = van.strip(), (tot.strip() or van.strip())
        if not (len(van) == 4 and van.isdigit() and len(tot) == 4 and tot.isdigit() and van <= tot):
            raise ValueError(FOUT_POSTCODE.format(deel=deel))
        gebieden.append((int(van), int(tot)))
    return gebieden


def lot(zaad: str, belastingplichtige_id: int) -> int:
    """The resident's fixed lottery number 0..9999 for a pilot (deterministic, evenly spread)."""
    digest = hashlib.blake2b(f"{zaad}:{belastingplichtige_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % 10000


def _postcodecijfers(postcode: str) -> int | None:
    cijfers = (postcode or "")[:4]
    return int(cijfers) if len(cijfers) == 4 and cijfers.isdigit() else None


@dataclass
class Variant:
    beleid: Invorderingsbeleid
    gebieden: list[tuple[int, int]]
    drempel: int | None  # residents with lot < drempel are in the share
    zaad: str

    def past(self, belastingplichtige_id: int, postcode: str) -> bool:
        cijfers = _postcodecijfers(postcode)
        if cijfers is not None and any(van <= cijfers <= tot for van, tot in self.gebieden):
            return True
        return self.drempel is not None and lot(self.zaad, belastingplichtige_id) < self.drempel


@dataclass
class Beleidskeuze:
    """The policies in force on one date, loaded once (one query) and applied per resident in memory."""

    basis: Invorderingsbeleid
    varianten: list[Variant] = field(default_factory=list)

    def voor(self, belastingplichtige_id: int, postcode: str) -> Invorderingsbeleid:
        for variant in self.varianten:
            if variant.past(belastingplichtige_id, postcode):
                return variant.beleid
        return self.basis

    @property
    def alle(self) -> list[Invorderingsbeleid]:
        return [self.basis, *(v.beleid for v in self.varianten)]


def _variant(beleid: Invorderingsbeleid) -> Variant:
    aandeel = beleid.pilot_aandeel
    return Variant(
        beleid=beleid,
        gebieden=postcodegebieden(beleid.pilot_postcodes),
        drempel=int(aandeel * 100) if aandeel is not None else None,
        zaad=beleid.pilot_zaad or beleid.naam,
    )


def beleidskeuze(*, datum: date, beleid: Invorderingsbeleid | None = None) -> Beleidskeuze:
    """The policy for everyone on ``datum`` and its active variants; with ``beleid`` (a what-if, saved
    or not) that one policy applies to everyone and no variant does."""
    if beleid is not None:
        return Beleidskeuze(basis=beleid)
    rijen = list(
        Invorderingsbeleid.objects.filter(actief=True)
        .filter(geldig_vanaf__lte=datum, basis__isnull=True)
        .order_by("-geldig_vanaf", "-id")[:1]
    )
    if not rijen:
        raise LookupError(FOUT_GEEN_BELEID.format(datum=datum))
    basis = rijen[0]
    varianten = [_variant(v) for v in basis.varianten.filter(actief=True).order_by("id")]
    return Beleidskeuze(basis=basis, varianten=varianten)


def beleid_voor(*, belastingplichtige: Belastingplichtige, datum: date) -> Invorderingsbeleid:
    """The policy (or pilot variant) that applies to one resident on ``datum``."""
    return beleidskeuze(datum=datum).voor(belastingplichtige.pk, belastingplichtige.postcode)
