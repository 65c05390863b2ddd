"""Switch on the step-based criteria now that the chain stores its step facts (branch keten).

Seed 001: the 2022-2024 experiment signalled on aanmaning and dwangbevel moments and its evaluation
recommends passing those moments to debt help. Only the seeded starting policy is changed, and only
when its rows still read as seeded (functioneel beheer may have chosen otherwise).
"""

from datetime import date

from django.db import migrations


def aan(apps, schema_editor):
    Signaalcriterium = apps.get_model("vroegsignalering", "Signaalcriterium")
    Signaalcriterium.objects.filter(
        beleid__geldig_vanaf=date(2021, 1, 1),
        criterium__in=("aanmaning_geen_contact", "dwangbevel"),
        actief=False,
    ).update(actief=True)


def uit(apps, schema_editor):
    Signaalcriterium = apps.get_model("vroegsignalering", "Signaalcriterium")
    Signaalcriterium.objects.filter(
        beleid__geldig_vanaf=date(2021, 1, 1), criterium__in=("aanmaning_geen_contact", "dwangbevel")
    ).update(actief=False)


class Migration(migrations.Migration):
    dependencies = [("vroegsignalering", "0002_beleid_seed")]

    operations = [migrations.RunPython(aan, uit)]
