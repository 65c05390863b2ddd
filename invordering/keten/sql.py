"""``veld__in_ids=[...]``: membership in a list of integer ids that stays cheap for thousands of ids.

On PostgreSQL the list goes as one text literal cast to ``bigint[]`` (``veld = ANY('{1,2,3}'::bigint[])``):
the driver need not inspect every element, and the planner sees one array, so it uses the index
instead of a hash join over the whole table. Elsewhere it is a plain ``IN``.

Also the chain's set-based writes (``invoegen_of_negeren``, ``invoegen_of_bijwerken``, ``bestaande``):
COPY into a temporary table and one ``INSERT ... ON CONFLICT`` on PostgreSQL, the ORM elsewhere.
"""

from collections.abc import Iterable, Sequence

from django.db import connections, models, router
from django.db.models import lookups
from django.utils import timezone


class Ids:
    """A list of integer ids for ``__in_ids`` that Django passes on whole: a plain list is walked
    element by element when the filter is built (``resolve_lookup_value``), which for a few thousand
    ids per query costs more than the query."""

    __slots__ = ("ids", "literal")

    def __init__(self, ids: Iterable[int]):
        self.ids = [int(v) for v in ids]
        self.literal = "{" + ",".join(map(str, self.ids)) + "}"

    def __iter__(self):
        return iter(self.ids)

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)


class InIds(lookups.In):
    lookup_name = "in_ids"

    def get_prep_lookup(self):
        return self.rhs if isinstance(self.rhs, Ids) else Ids(self.rhs)

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, self.rhs.literal)


models.IntegerField.register_lookup(InIds)  # BigAutoField and the positive variants are subclasses
models.ForeignKey.register_lookup(InIds)


# --- Set-based writes for the chain: COPY into a temporary table, then one INSERT ... ON CONFLICT ---
# On PostgreSQL a chunk's rows go to the server with COPY (no per-value preparation in Django or the
# driver) and land with one INSERT ... SELECT, so the unique constraints still decide what is new.
# Elsewhere (SQLite: the embedded default and half of CI) the same result through the ORM.


def _db(model):
    return connections[router.db_for_write(model)]


def _postgres(model) -> bool:
    return _db(model).vendor == "postgresql"


def _volledig(model, velden: Sequence[str]) -> tuple[list, list]:
    """The model's non-pk columns: the given ones (attnames) first, then the others with their default
    (auto_now fields: now), so rows can go to a table whose NOT NULL columns have no server default."""
    eigen = [model._meta.get_field(v) for v in velden]
    namen = {f.attname for f in eigen}
    rest = [f for f in model._meta.concrete_fields if f.attname not in namen and not f.primary_key]
    nu = timezone.now()
    vast = [
        nu if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        for f in rest
    ]
    return eigen + rest, vast


def _tijdelijk(cursor, model, kolommen: list, rijen: Iterable[tuple], vast: list) -> str:
    """COPY ``rijen`` (+ the constant ``vast`` values) into an emptied temporary twin of the model's table
    (its rows live until the transaction ends, so the caller must be inside one)."""
    if not _db(model).in_atomic_block:
        raise RuntimeError("invoegen via een tijdelijke tabel kan alleen binnen een transactie")
    qn = _db(model).ops.quote_name
    tabel = model._meta.db_table
    tijdelijk = qn(f"_keten_{tabel}")
    lijst = ", ".join(qn(f.column) for f in kolommen)
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {tijdelijk} ON COMMIT DELETE ROWS AS "
        f"SELECT {lijst} FROM {qn(tabel)} WITH NO DATA"
    )
    cursor.execute(f"TRUNCATE {tijdelijk}")
    with cursor.cursor.copy(f"COPY {tijdelijk} ({lijst}) FROM STDIN") as copy:
        if vast:
            vast_t = tuple(vast)
            for rij in rijen:
                copy.write_row(rij + vast_t)
        else:
            for rij in rijen:
                copy.write_row(rij)
    return tijdelijk


def invoegen_of_negeren(model, velden: Sequence[str], rijen: list[tuple], *, uniek: str) -> dict:
    """Insert rows (values in the order of ``velden``), skipping those whose ``uniek`` value exists;
    returns ``{uniek value: pk}`` for every row, new or already there. Four queries on PostgreSQL."""
    if not rijen:
        return {}
    if not _postgres(model):
        model.objects.bulk_create(
            [model(**dict(zip(velden, r, strict=True))) for r in rijen], ignore_conflicts=True
        )
        waarden = [r[velden.index(uniek)] for r in rijen]
        return dict(model.objects.filter(**{f"{uniek}__in": waarden}).values_list(uniek, "pk"))
    con = _db(model)
    qn = con.ops.quote_name
    kolommen, vast = _volledig(model, velden)
    lijst = ", ".join(qn(f.column) for f in kolommen)
    tabel = qn(model._meta.db_table)
    kolom = qn(model._meta.get_field(uniek).column)
    with con.cursor() as cursor, con.wrap_database_errors:
        tijdelijk = _tijdelijk(cursor, model, kolommen, rijen, vast)
        cursor.execute(
            f"INSERT INTO {tabel} ({lijst}) SELECT {lijst} FROM {tijdelijk} ON CONFLICT ({kolom}) DO NOTHING"
        )
        cursor.execute(
            f"SELECT t.{kolom}, m.{qn(model._meta.pk.column)} FROM {tijdelijk} t JOIN {tabel} m ON m.{kolom} = t.{kolom}"
        )
        return dict(cursor.fetchall())


def invoegen_of_bijwerken(model, velden: Sequence[str], rijen: list[tuple], *, uniek: str) -> None:
    """Upsert rows: insert, or on a conflict on ``uniek`` set the other given columns."""
    if not rijen:
        return
    if not _postgres(model):
        model.objects.bulk_create(
            [model(**dict(zip(velden, r, strict=True))) for r in rijen],
            update_conflicts=True,
            unique_fields=[uniek],
            update_fields=[v for v in velden if v != uniek],
            batch_size=1000,
        )
        return
    con = _db(model)
    qn = con.ops.quote_name
    kolommen, vast = _volledig(model, velden)
    lijst = ", ".join(qn(f.column) for f in kolommen)
    kolom = qn(model._meta.get_field(uniek).column)
    zet = ", ".join(
        f"{qn(f.column)} = EXCLUDED.{qn(f.column)}" for f in kolommen[: len(velden)] if f.attname != uniek
    )
    with con.cursor() as cursor, con.wrap_database_errors:
        tijdelijk = _tijdelijk(cursor, model, kolommen, rijen, vast)
        cursor.execute(
            f"INSERT INTO {qn(model._meta.db_table)} ({lijst}) SELECT {lijst} FROM {tijdelijk} "
            f"ON CONFLICT ({kolom}) DO UPDATE SET {zet}"
        )


def tekst_array(waarden: Iterable[str]) -> str:
    """A PostgreSQL ``text[]`` literal; building it here is far cheaper than the driver's list adapter."""
    return "{" + ",".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in waarden) + "}"


def bestaande(model, veld: str, waarden: list[str]) -> set[str]:
    """Which of the (text) ``waarden`` of a unique column exist already; one query."""
    if not waarden:
        return set()
    if not _postgres(model):
        return set(model.objects.filter(**{f"{veld}__in": waarden}).values_list(veld, flat=True))
    con = _db(model)
    qn = con.ops.quote_name
    kolom = qn(model._meta.get_field(veld).column)
    with con.cursor() as cursor:
        cursor.execute(
            f"SELECT {kolom} FROM {qn(model._meta.db_table)} WHERE {kolom} = ANY(%s::text[])",
            [tekst_array(waarden)],
        )
        return {r[0] for r in cursor.fetchall()}
