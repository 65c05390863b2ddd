"""Seed the cost table (Kostenwet invordering rijksbelastingen) and the first collection policy from
shared/DOMEIN.md. Functioneel beheer adds later years' cost rows and policy versions in the admin."""

from datetime import date
from decimal import Decimal

from django.db import migrations

KOSTEN = [
    {
        "stap": "aanmaning",
        "geldig_vanaf": date(2022, 1, 1),
        "basis": Decimal("8.00"),
        "drempel": Decimal("454.00"),
        "stapgrootte": None,
        "verhoging": Decimal("10.00"),
        "maximum": None,
        "bron": "EUR 8 onder EUR 454, EUR 18 vanaf EUR 454: 2022, Deurwaarderscollectief Nederland (DOMEIN.md). "
        "EUR 9 / EUR 19 gezien op een latere gemeentepagina, jaar ONBEVESTIGD.",
    },
    {
        "stap": "dwangbevel",
        "geldig_vanaf": date(2023, 1, 1),
        "basis": Decimal("46.00"),
        "drempel": Decimal("90.00"),
        "stapgrootte": Decimal("45.00"),
        "verhoging": Decimal("4.00"),
        "maximum": Decimal("13745.00"),
        "bron": "EUR 46 tot EUR 90, plus EUR 4 per hele EUR 45 daarboven, maximaal EUR 13.745: 2023/2024, "
        "Deurwaarderscollectief Nederland; Stede Broec 'kosten 2024' (DOMEIN.md).",
    },
    {
        "stap": "hernieuwd_bevel",
        "geldig_vanaf": date(2022, 1, 1),
        "basis": Decimal("18.00"),
        "drempel": None,
        "stapgrootte": None,
        "verhoging": Decimal("0.00"),
        "maximum": None,
        "bron": "Ander exploot EUR 18: 2022; latere jaren ONBEVESTIGD (DOMEIN.md).",
    },
]

BELEID = {
    "naam": "Standaard",
    "geldig_vanaf": date(2020, 1, 1),
    "omschrijving": "Startbeleid na seed 001 en 004: kosteloze herinneringen, bellen voor het dwangbevel, "
    "kosten ten hoogste de helft van de aanslag, geen dwangbevel onder EUR 25.",
    "kosten_maximum_procent": Decimal("50.00"),
    "kleine_schuld_grens": Decimal("25.00"),
    "bron": "Startwaarden; functioneel beheer legt het vastgestelde beleid vast.",
}


def vullen(apps, schema_editor):
    Kostentarief = apps.get_model("invordering", "Kostentarief")
    Invorderingsbeleid = apps.get_model("invordering", "Invorderingsbeleid")
    for rij in KOSTEN:
        Kostentarief.objects.get_or_create(stap=rij["stap"], geldig_vanaf=rij["geldig_vanaf"], defaults=rij)
    Invorderingsbeleid.objects.get_or_create(
        naam=BELEID["naam"], geldig_vanaf=BELEID["geldig_vanaf"], defaults=BELEID
    )


class Migration(migrations.Migration):
    dependencies = [("invordering", "0005_keten_en_verwerking")]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
