"""Allocating the receipts of one bank statement chunk, set-based (used by ``bankafschriften``).

Books exactly what ``services.betalingen_toerekenen`` books, for payments inserted just now in the
same transaction (nothing of them is allocated yet, and no other transaction can see or lock them):
first the aanslagen the payment names, in that order, then the resident's other open aanslagen by due
date, date and number; within an aanslag costs, interest, then tax. The rule itself is the general
service's (``services.toerekenvolgorde`` and ``services.verdeel``). The difference is the cost: the
payments are not read back, the ledger rows are streamed (COPY on PostgreSQL), and on PostgreSQL the
cached balances and the status of every aanslag touched are set by one ``UPDATE ... FROM unnest(...)``
per chunk (an aanslag paid in full is ``betaald`` that day).
Elsewhere (SQLite) the ledger rows go through ``bulk_create`` and ``services.saldo_bijwerken``
recomputes the balances from the ledger. ``tests/invordering/test_bankboeken.py`` holds both paths
against the general service.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from .bulk import bulk_insert
from .constants import NUL, AanslagStatus, Boekingsoort, Component
from .models import Aanslag, Boeking
from .services import saldo_bijwerken, toerekenvolgorde, verdeel

BOEKING_VELDEN = (
    "aanslag_id",
    "datum",
    "component",
    "soort",
    "bedrag",
    "betaling_id",
    "omschrijving",
    "aangemaakt_op",
)

_SALDI_SQL = """
UPDATE invordering_aanslag AS a
   SET open_kosten = v.kosten, open_rente = v.rente, open_belasting = v.belasting, openstaand = v.openstaand,
       status = CASE WHEN v.openstaand <= 0 AND a.status = %(open)s THEN %(betaald)s ELSE a.status END,
       afgehandeld_op = CASE WHEN v.openstaand <= 0 AND a.status = %(open)s THEN %(datum)s
                             ELSE a.afgehandeld_op END
  FROM unnest(%(ids)s::bigint[], %(kosten)s::numeric[], %(rente)s::numeric[], %(belasting)s::numeric[],
              %(openstaand)s::numeric[]) AS v(id, kosten, rente, belasting, openstaand)
 WHERE a.id = v.id AND a.id = ANY(%(ids)s::bigint[])  -- lets the planner probe the index, not scan
"""


def nieuwe_betalingen_toerekenen(
    *, toewijzingen: Sequence[tuple[object, Sequence[int]]], datum: date, snel: bool | None = None
) -> dict[int, Decimal]:
    """Allocate payments saved just now: ``toewijzingen`` pairs a payment (a Betaling or a row of
    ``bulk.rij_klasse(Betaling)`` with ``pk``, ``datum``, ``bedrag`` and ``belastingplichtige_id``
    set) with the aanslag ids it names. Returns the amount allocated per payment id; the rest is the
    resident's credit. ``snel`` (default: on PostgreSQL) sets the cached balances directly.

    Runs inside the caller's transaction; locks the residents' open aanslagen in id order, as the
    general service does, so a concurrent allocation cannot spend the same open amount.
    """
    snel = connection.vendor == "postgresql" if snel is None else snel
    uitkomst = {b.pk: NUL for b, _ in toewijzingen}
    personen = {b.belastingplichtige_id for b, _ in toewijzingen if b.belastingplichtige_id}
    if not personen:
        return uitkomst
    per_persoon: dict[int, list[tuple]] = {}
    open_bedragen: dict[int, dict[str, Decimal]] = {}  # id -> {component: open amount}
    openstaand: dict[int, Decimal] = {}
    for aanslag_id, persoon_id, vervaldatum, dagtekening, nummer, kosten, rente, belasting, totaal in (
        Aanslag.objects.select_for_update()
        .filter(belastingplichtige_id__in_lijst=personen, status=AanslagStatus.OPEN)
        .order_by("id")
        .values_list(
            "id",
            "belastingplichtige_id",
            "vervaldatum",
            "dagtekening",
            "aanslagnummer",
            "open_kosten",
            "open_rente",
            "open_belasting",
            "openstaand",
        )
    ):
        per_persoon.setdefault(persoon_id, []).append((vervaldatum, dagtekening, nummer, aanslag_id))
        open_bedragen[aanslag_id] = {
            Component.KOSTEN: kosten,
            Component.RENTE: rente,
            Component.BELASTING: belasting,
        }
        openstaand[aanslag_id] = totaal
    oudste_eerst = {p: [a[3] for a in sorted(lijst)] for p, lijst in per_persoon.items()}

    nu = timezone.now()
    boekingen = []
    geraakt: set[int] = set()
    # Oldest first, as the general service: one booking date per chunk, so in the order they arrived.
    for betaling, genoemd in sorted(toewijzingen, key=lambda t: (t[0].datum, t[0].pk)):
        eigen = oudste_eerst.get(betaling.belastingplichtige_id)
        if not eigen:
            continue
        volgorde = toerekenvolgorde(eigen, genoemd)
        toerekeningen = verdeel(betaling.bedrag, [(a, open_bedragen[a]) for a in volgorde])
        for t in toerekeningen:
            open_bedragen[t.aanslag_id][t.component] -= t.bedrag
            openstaand[t.aanslag_id] -= t.bedrag
            geraakt.add(t.aanslag_id)
            boekingen.append(
                (
                    t.aanslag_id,
                    betaling.datum,
                    t.component,
                    Boekingsoort.BETALING,
                    -t.bedrag,
                    betaling.pk,
                    "",
                    nu,
                )
            )
        uitkomst[betaling.pk] = sum((t.bedrag for t in toerekeningen), NUL)
    if not boekingen:
        return uitkomst
    bulk_insert(Boeking, BOEKING_VELDEN, boekingen)
    if not snel:
        saldo_bijwerken(aanslag_ids=geraakt, datum=datum)
        return uitkomst
    ids = sorted(geraakt)
    with connection.cursor() as cursor:
        cursor.execute(
            _SALDI_SQL,
            {
                "open": AanslagStatus.OPEN,
                "betaald": AanslagStatus.BETAALD,
                "datum": datum,
                "ids": _array(ids),
                "kosten": _array(open_bedragen[a][Component.KOSTEN] for a in ids),
                "rente": _array(open_bedragen[a][Component.RENTE] for a in ids),
                "belasting": _array(open_bedragen[a][Component.BELASTING] for a in ids),
                "openstaand": _array(openstaand[a] for a in ids),
            },
        )
    return uitkomst


def _array(waarden) -> str:
    """Ints or Decimals as one PostgreSQL array literal: one parameter instead of a list that the
    driver would adapt value by value."""
    return "{" + ",".join(map(str, waarden)) + "}"
