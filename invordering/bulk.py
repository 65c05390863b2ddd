"""Bulk inserts for batch jobs: PostgreSQL COPY where available, ``bulk_create`` elsewhere.

The ORM spends most of a large ``bulk_create`` preparing values field by field; COPY streams tuples
straight to the server. Rows are tuples in the order of ``velden`` (attribute names, e.g.
``aanslag_id``); values must already be what the column stores (Decimal, date, str, int, None).
"""

from collections.abc import Iterable, Sequence

from django.db import connections, router

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
