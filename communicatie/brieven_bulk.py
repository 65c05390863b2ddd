"""Letter records for batch jobs: many letters in a fixed number of queries, from plain data.

``brieven_vastleggen`` does what ``services.brieven_maak`` does (one letter per ``sleutel``, an
existing one is left as it is, ``{sleutel: id}`` back for all), without model instances: on
PostgreSQL the rows go with COPY into a temporary table and land with one ``INSERT ... ON CONFLICT
(sleutel) DO NOTHING``; elsewhere through ``brieven_maak``. Callers stay ignorant of the models.
"""

import json
from collections.abc import Sequence
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router, transaction
from django.utils import timezone

from .constants import BriefStatus
from .models import Brief
from .services import Briefverzoek, brieven_maak
from .sjablonen import controleer

# (sleutel, sjabloon, datum, ontvanger, naam, adresregels, gegevens, taal): Briefverzoek's fields.
Briefrij = tuple[str, str, date, str, str, list, dict, str]
KOLOMMEN = (
    "sleutel",
    "sjabloon",
    "datum",
    "ontvanger",
    "naam",
    "adresregels",
    "gegevens",
    "taal",
    "status",
    "pdf",
    "kanaal",
    "aangemaakt_op",
)
TIJDELIJK = "_brieven_vastleggen"


def brieven_vastleggen(rijen: Sequence[Briefrij]) -> dict[str, int]:
    """Record letters (rows in ``Briefrij`` order); returns ``{sleutel: brief id}`` for every row."""
    if not rijen:
        return {}
    for r in rijen:
        controleer(r[1], r[6])
    con = connections[router.db_for_write(Brief)]
    if con.vendor != "postgresql":
        return brieven_maak([Briefverzoek(*r) for r in rijen])
    qn = con.ops.quote_name
    lijst = ", ".join(qn(Brief._meta.get_field(k).column) for k in KOLOMMEN)
    tabel = qn(Brief._meta.db_table)
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    vast = (BriefStatus.AANGEMAAKT, "", "", timezone.now())
    with (
        transaction.atomic(using=con.alias, savepoint=False),
        con.cursor() as cursor,
        con.wrap_database_errors,
    ):
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {TIJDELIJK} ON COMMIT DELETE ROWS AS "
            f"SELECT {lijst} FROM {tabel} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {TIJDELIJK}")
        with cursor.cursor.copy(f"COPY {TIJDELIJK} ({lijst}) FROM STDIN") as copy:
            for sleutel, sjabloon, datum, ontvanger, naam, adres, gegevens, taal in rijen:
                copy.write_row(
                    (
                        sleutel,
                        sjabloon,
                        datum,
                        ontvanger,
                        naam,
                        json.dumps(list(adres), ensure_ascii=False),
                        encoder.encode(gegevens),
                        taal,
                        *vast,
                    )
                )
        cursor.execute(
            f"INSERT INTO {tabel} ({lijst}) SELECT {lijst} FROM {TIJDELIJK} ON CONFLICT (sleutel) DO NOTHING"
        )
        cursor.execute(f"SELECT t.sleutel, b.id FROM {TIJDELIJK} t JOIN {tabel} b ON b.sleutel = t.sleutel")
        return dict(cursor.fetchall())
