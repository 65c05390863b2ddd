"""Indexes for the officers' dashboard (issue 9, measured on 1,000,000 aanslagen):

- two partial indexes on open tasks for the worklists: a page in deadline order without sorting the
  whole worklist, and the counts per kind from the index alone;
- on PostgreSQL only, a trigram index on UPPER(achternaam) so that searching a resident by part of the
  surname (``achternaam__icontains``, which Django writes as ``UPPER(achternaam) LIKE UPPER('%..%')``)
  does not scan every resident. It needs the pg_trgm extension (trusted since PostgreSQL 13: the
  database owner may create it). SQLite keeps searching without it.
"""

from django.conf import settings
from django.db import migrations, models

TRIGRAM = "invordering_bp_achternaam_trgm"


def trigram_aan(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM} ON invordering_belastingplichtige "
        "USING gin (UPPER(achternaam) gin_trgm_ops)"
    )


def trigram_uit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM}")


class Migration(migrations.Migration):
    dependencies = [
        ("invordering", "0007_minder_indexen_voor_bulkboeken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="taak",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "in_behandeling"))),
                fields=["deadline", "aangemaakt_op", "id"],
                include=("soort", "toegewezen_aan"),
                name="taak_open_werkbak_volgorde",
            ),
        ),
        migrations.AddIndex(
            model_name="taak",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "in_behandeling"))),
                fields=["soort", "deadline", "toegewezen_aan"],
                name="taak_open_werkbak_telling",
            ),
        ),
        migrations.RunPython(trigram_aan, trigram_uit),
    ]
