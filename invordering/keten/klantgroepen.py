"""Customer groups from payment history (issue 3 point 6; seed 004's klantgroep 1 = multi-year arrears).

Over the last ``JAREN`` tax years of a resident's aanslagen (open or closed):
- two or more tax years that needed an aanmaning: ``meerjarige_achterstand``;
- one such year: ``nieuwe_achterstand``;
- none, but an aanslag needed the free reminder after the due date: ``vergeet``;
- otherwise (also without any aanslag in those years): ``betaalt_op_tijd``.

A group changes only when the history does: when the run stores a reminder or an aanmaning, and when
a new year moves the window. So the run keeps them current instead of recomputing them all every day
(on PostgreSQL in SQL, elsewhere through the ORM; the pre-filter test compares both):
``klantgroepen_actueel`` at the start of a run recomputes every resident once per calendar year (a
``Verwerking`` of kind ``klantgroepen`` records it) and otherwise only residents without a group yet;
``run._schrijf`` recomputes the residents whose reminder or aanmaning dates it just changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from ..constants import Klantgroep, VerwerkingSoort, VerwerkingStatus
from ..models import Aanslag, Belastingplichtige, Verwerking
from ..verwerkingen import verwerking_fout, verwerking_klaar, verwerking_ophogen, verwerking_start
from . import sql

JAREN = 4
DEEL = 10_000  # residents per transaction of the yearly recompute


def klantgroep(historie: Iterable[tuple[int, date | None, date | None]]) -> str:
    """``historie``: (belastingjaar, herinnering na vervaldatum op, aanmaning op) per aanslag."""
    jaren_aanmaning = set()
    herinnerd = False
    for jaar, herinnering_op, aanmaning_op in historie:
        if aanmaning_op is not None:
            jaren_aanmaning.add(jaar)
        if herinnering_op is not None:
            herinnerd = True
    if len(jaren_aanmaning) >= 2:
        return Klantgroep.MEERJARIGE_ACHTERSTAND
    if jaren_aanmaning:
        return Klantgroep.NIEUWE_ACHTERSTAND
    if herinnerd:
        return Klantgroep.VERGEET
    return Klantgroep.BETAALT_OP_TIJD


def klantgroepen_bijwerken(*, personen: Iterable[int], datum: date) -> int:
    """Recompute the customer groups of ``personen`` (resident ids) from their committed history on
    ``datum``; residents without any aanslag are left alone. Returns how many groups changed."""
    personen = sorted(set(personen))
    if not personen:
        return 0
    if connection.vendor == "postgresql":
        from .voorfilter import klantgroepen_bijwerken as in_sql

        return in_sql(personen=personen, datum=datum)
    historie: dict[int, list] = {}
    for persoon_id, jaar, herinnering_op, aanmaning_op in Aanslag.objects.filter(
        belastingplichtige_id__in_ids=sql.Ids(personen)
    ).values_list(
        "belastingplichtige_id", "belastingjaar", "ketenstand__herinnering_op", "ketenstand__aanmaning_op"
    ):
        rij = historie.setdefault(persoon_id, [])
        if jaar >= datum.year - JAREN + 1:
            rij.append((jaar, herinnering_op, aanmaning_op))
    huidig = dict(
        Belastingplichtige.objects.filter(id__in_ids=sql.Ids(historie)).values_list("id", "klantgroep")
    )
    per_groep: dict[str, list[int]] = defaultdict(list)
    for persoon_id, h in historie.items():
        groep = klantgroep(h)
        if huidig.get(persoon_id) != groep:
            per_groep[groep].append(persoon_id)
    for groep, ids in per_groep.items():
        Belastingplichtige.objects.filter(id__in_ids=sql.Ids(ids)).update(
            klantgroep=groep, klantgroep_bepaald_op=datum
        )
    return sum(len(ids) for ids in per_groep.values())


def klantgroepen_actueel(*, datum: date) -> int:
    """Make every resident's customer group current for ``datum`` before a run; returns how many
    changed. Once per calendar year (or after a run of another year, or when the last recompute did
    not finish) every resident is recomputed, in transactions of ``DEEL`` residents; otherwise only
    residents without a group yet (new since the last run)."""
    laatste = (
        Verwerking.objects.filter(soort=VerwerkingSoort.KLANTGROEPEN).order_by("-gestart_op", "-id").first()
    )
    if laatste is not None and laatste.status == VerwerkingStatus.KLAAR and laatste.datum.year == datum.year:
        nieuw = list(Belastingplichtige.objects.filter(klantgroep="").values_list("id", flat=True))
        with transaction.atomic():
            return klantgroepen_bijwerken(personen=nieuw, datum=datum)
    verwerking = verwerking_start(
        soort=VerwerkingSoort.KLANTGROEPEN, datum=datum, totaal=Belastingplichtige.objects.count()
    )
    gewijzigd, vanaf = 0, 0
    try:
        while True:
            ids = list(
                Belastingplichtige.objects.filter(id__gt=vanaf)
                .order_by("id")
                .values_list("id", flat=True)[:DEEL]
            )
            if not ids:
                break
            with transaction.atomic():
                gewijzigd += klantgroepen_bijwerken(personen=ids, datum=datum)
            verwerking_ophogen(verwerking, len(ids))
            vanaf = ids[-1]
    except Exception as exc:
        verwerking_fout(verwerking, f"{type(exc).__name__}: {exc}")
        raise
    verwerking_klaar(verwerking, {"datum": datum.isoformat(), "klantgroep_gewijzigd": gewijzigd})
    return gewijzigd
