"""Seed a starting signal policy: municipal choices, not law (DOMEIN.md "Early warning").

No municipal basis is filled in: without one, a signal leaves only with the resident's consent (there
is no general legal basis for tax offices since the 2022-2024 experiment ended). Functioneel beheer
adds a row with a later ``geldig_vanaf`` to change any value.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

BRON = (
    "Startwaarden (keuze van de gemeente, niet wettelijk): DOMEIN.md 'Early warning'; pauze 4-8 maanden "
    "volgens afspraken met schuldeisers; Besluit gemeentelijke schuldhulpverlening art. 2."
)
CRITERIA = [
    # criterium, actief, drempel_bedrag, aantal, dagen
    ("achterstand_bedrag", True, Decimal("250.00"), 2, 14),
    ("meerjarig", True, None, 2, 14),
    ("kan_niet_betalen", True, None, None, 90),
    ("geen_contact", True, None, 2, 28),
    # Step-based criteria: switched on by 0003 once the chain stores its step facts.
    ("aanmaning_geen_contact", False, None, 1, 14),
    ("dwangbevel", False, None, None, 0),
]


def zaai(apps, schema_editor):
    Signaalbeleid = apps.get_model("vroegsignalering", "Signaalbeleid")
    Signaalcriterium = apps.get_model("vroegsignalering", "Signaalcriterium")
    beleid, nieuw = Signaalbeleid.objects.get_or_create(
        geldig_vanaf=date(2021, 1, 1),
        defaults={
            "grondslag": "",
            "periode_maanden": 3,
            "wachttijd_dagen": 14,
            "min_contactpogingen": 1,
            "verwijzing_pauze_dagen": 42,
            "adempauze_maanden": 4,
            "schuldhulp_maanden": 6,
            "bron": BRON,
        },
    )
    if nieuw:
        Signaalcriterium.objects.bulk_create(
            Signaalcriterium(beleid=beleid, criterium=c, actief=a, drempel_bedrag=b, aantal=n, dagen=d)
            for c, a, b, n, d in CRITERIA
        )


class Migration(migrations.Migration):
    dependencies = [("vroegsignalering", "0001_initial")]

    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
