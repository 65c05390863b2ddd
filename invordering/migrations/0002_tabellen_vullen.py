"""Seed the dated tables from shared/DOMEIN.md. Functioneel beheer extends them in the admin."""

from datetime import date
from decimal import Decimal

from django.db import migrations

BELASTINGSOORTEN = [
    # code, naam, kwijtscheldbaar (a municipal choice; these are the common defaults, DOMEIN.md)
    ("ozb_eigenaar_woning", "Onroerendezaakbelasting eigenaren woningen", False),
    ("ozb_eigenaar_niet_woning", "Onroerendezaakbelasting eigenaren niet-woningen", False),
    ("ozb_gebruiker_niet_woning", "Onroerendezaakbelasting gebruikers niet-woningen", False),
    ("afvalstoffenheffing", "Afvalstoffenheffing", True),
    ("rioolheffing_gebruiker", "Rioolheffing gebruikers", True),
    ("rioolheffing_eigenaar", "Rioolheffing eigenaren", False),
    ("hondenbelasting", "Hondenbelasting", True),
    ("precariobelasting", "Precariobelasting", False),
]

# Netto bijstandsnormen per maand incl. vakantietoeslag (DOMEIN.md, "Bijstandsnormen").
BRON = "Rijksoverheid, normbedragen Participatiewet (DOMEIN.md)"
NORMEN = {
    date(2025, 1, 1): {"alleen": "1345.45", "gehuwd": "1922.07", "alleen_aow": "1501.07", "gehuwd_aow": "2053.48"},
    date(2025, 7, 1): {"alleen": "1369.06", "gehuwd": "1955.80", "alleen_aow": "1530.21", "gehuwd_aow": "2094.98"},
}
SOORT = {
    "alleenstaande": "alleen",
    "alleenstaande_ouder": "alleen",  # since 2015 the single parent's norm equals the single person's
    "gehuwd": "gehuwd",
    "gehuwd_met_kinderen": "gehuwd",
}


def vullen(apps, schema_editor):
    Belastingsoort = apps.get_model("invordering", "Belastingsoort")
    Bijstandsnorm = apps.get_model("invordering", "Bijstandsnorm")
    for code, naam, kwijtscheldbaar in BELASTINGSOORTEN:
        Belastingsoort.objects.get_or_create(code=code, defaults={"naam": naam, "kwijtscheldbaar": kwijtscheldbaar})
    for vanaf, bedragen in NORMEN.items():
        for leefsituatie, soort in SOORT.items():
            for aow in (False, True):
                sleutel = f"{soort}_aow" if aow else soort
                Bijstandsnorm.objects.get_or_create(
                    geldig_vanaf=vanaf, leefsituatie=leefsituatie, aow=aow,
                    defaults={"bedrag": Decimal(bedragen[sleutel]), "bron": BRON},
                )


class Migration(migrations.Migration):
    dependencies = [("invordering", "0001_initial")]
    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
