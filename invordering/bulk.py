"""Bulk writes for batch jobs: PostgreSQL COPY where available, ``bulk_create`` elsewhere.

The ORM spends most of a large ``bulk_create`` preparing values field by field; COPY streams tuples
straight to the server.

- ``bulk_insert`` / ``bulk_insert_objecten``: rows as tuples (or instances) in the order of ``velden``
  (attribute names, e.g. ``aanslag_id``); ids are not returned.
- ``invoegen``: unsaved instances, or plain rows of ``rij_klasse(model)``, that come back with their
  primary key set (on PostgreSQL the ids are taken from the table's sequence in one query).
- The ``__in_lijst`` lookup: ``__in`` as ``= ANY(%s)`` with one array parameter on PostgreSQL.

Values must already be what the column stores (Decimal, date, str, int, bool, None).
"""

import dataclasses
import functools
import operator
from collections.abc import Iterable, Sequence

from django.db import connection, connections, models, router
from django.db.models import lookups
from django.utils import timezone

BATCH = 5000


def bulk_insert(model, velden: Sequence[str], rijen: Iterable[tuple], *, batch_size: int = BATCH) -> int:
    """Insert rows without returning ids; returns the number of rows written."""
    connection = connections[router.db_for_write(model)]
    kolommen = [model._meta.get_field(veld).column for veld in velden]
    aantal = 0
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(k) for k in kolommen)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for rij in rijen:
                copy.write_row(rij)
                aantal += 1
        return aantal
    buffer = []
    for rij in rijen:
        buffer.append(model(**dict(zip(velden, rij, strict=True))))
        if len(buffer) >= batch_size:
            model.objects.bulk_create(buffer)
            aantal += len(buffer)
            buffer = []
    if buffer:
        model.objects.bulk_create(buffer)
        aantal += len(buffer)
    return aantal


def bulk_insert_objecten(model, objecten: Sequence, *, batch_size: int = BATCH) -> int:
    """Insert unsaved model instances (ids are not set on them; fetch them by natural key after)."""
    velden = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    for obj in objecten:
        for veld in velden:
            if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
                veld.pre_save(obj, add=True)
    return bulk_insert(
        model,
        [f.attname for f in velden],
        (tuple(getattr(obj, f.attname) for f in velden) for obj in objecten),
        batch_size=batch_size,
    )


EENVOUDIG = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.DateField,  # DateTimeField is a subclass
    models.DecimalField,
    models.IntegerField,  # the positive and small variants are subclasses
    models.ForeignKey,  # OneToOneField is a subclass
)


def _velden(model):
    velden = model._meta.concrete_fields
    if all(isinstance(v, EENVOUDIG) for v in velden):
        return velden
    return None


@functools.cache
def rij_klasse(model: type[models.Model]) -> type:
    """A plain row class with the model's column attributes (``attname``) and their defaults. A hundred
    thousand of these cost a fraction of as many model instances; ``invoegen`` takes either."""
    velden = [
        (v.attname, object, dataclasses.field(default=v.get_default())) for v in model._meta.concrete_fields
    ]
    pk = model._meta.pk.attname
    return dataclasses.make_dataclass(
        f"{model.__name__}Rij",
        velden,
        slots=True,
        namespace={"pk": property(lambda self: getattr(self, pk), lambda self, w: setattr(self, pk, w))},
    )


def invoegen(objecten: Sequence, model: type[models.Model] | None = None) -> Sequence:
    """Insert unsaved model instances (or rows of ``rij_klasse(model)``) and set their primary keys."""
    if not objecten:
        return objecten
    model = model or type(objecten[0])
    rijen = not isinstance(objecten[0], models.Model)
    velden = _velden(model)
    if connection.vendor != "postgresql" or velden is None:
        if not rijen:
            return model.objects.bulk_create(objecten)
        attnamen = [v.attname for v in model._meta.concrete_fields]
        gemaakt = model.objects.bulk_create([model(**{a: getattr(r, a) for a in attnamen}) for r in objecten])
        for rij, obj in zip(objecten, gemaakt, strict=True):
            rij.pk = obj.pk
        return objecten
    if not rijen:
        for obj in objecten:
            # Take the ids of related objects saved after they were assigned (as bulk_create does).
            obj._prepare_related_fields_for_save(operation_name="invoegen")
    tabel = model._meta.db_table
    nu = timezone.now()
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # The sequence looked up once (OFFSET 0 keeps the subquery apart): in the select list,
        # pg_get_serial_sequence() would search the catalog again for every id, ten times slower.
        cursor.execute(
            "SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS s OFFSET 0) q, "
            "generate_series(1, %s)",
            [tabel, model._meta.pk.column, len(objecten)],
        )
        for obj, (pk,) in zip(objecten, cursor.fetchall(), strict=True):
            obj.pk = pk
        for veld in velden:
            if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
                for obj in objecten:
                    setattr(obj, veld.attname, nu)
        kolommen = ", ".join(connection.ops.quote_name(v.column) for v in velden)
        waarden = operator.attrgetter(*(v.attname for v in velden))  # one C call per row
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(tabel)} ({kolommen}) FROM STDIN") as copy:
            for obj in objecten:
                copy.write_row(waarden(obj))
    if not rijen:
        for obj in objecten:
            obj._state.adding = False
            obj._state.db = connection.alias
    return objecten


class InLijst(lookups.In):
    """``veld__in_lijst=[...]``: like ``__in``, but on PostgreSQL as ``veld = ANY(%s)`` with one array
    parameter. A batch of thousands of ids otherwise becomes thousands of placeholders that Django and
    psycopg each prepare and parse; the values must already have the field's type (ints, strings)."""

    lookup_name = "in_lijst"

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [v for v in self.rhs if v is not None])


models.Field.register_lookup(InLijst)
models.ForeignObject.register_lookup(InLijst)  # relations keep their own lookup table
