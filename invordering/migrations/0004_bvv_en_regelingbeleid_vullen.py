"""Seed the bvv tables, the AOW ages and the first payment-plan policy from shared/DOMEIN.md.

Functioneel beheer adds the 1 January and 1 July rows of later years in the admin.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

BRON_MAXIMUM = "Gepubliceerde tabellen beslagvrije voet (aag.nl, fundamentvoor.nl), via DOMEIN.md"
MAXIMA = {
    date(2025, 1, 1): {
        "alleenstaande": "2071.24",
        "alleenstaande_ouder": "2242.24",
        "gehuwd": "2739.03",
        "gehuwd_met_kinderen": "2855.96",
    },
    date(2025, 7, 1): {
        "alleenstaande": "2093.67",
        "alleenstaande_ouder": "2264.67",
        "gehuwd": "2771.07",
        "gehuwd_met_kinderen": "2888.00",
    },
}

# 95% of the norm and of a low income: Wvbv (DOMEIN.md). The correction thresholds are starting values
# marked unverified: the official rekenregels were not found (docs/beslagvrije-voet.md).
BRON_REKENREGEL = (
    "95%: Wet vereenvoudiging beslagvrije voet (DOMEIN.md). Correcties: ONBEVESTIGDE startwaarden "
    "(woonkosten tussen kwaliteitskortingsgrens 477,20 en maximale huurgrens 900,07 van de huurtoeslag 2025); "
    "controleer met de officiële rekenregels."
)
REKENREGEL = {
    "percentage_norm": Decimal("95.00"),
    "percentage_inkomen": Decimal("95.00"),
    "woonkosten_drempel": Decimal("477.20"),
    "woonkosten_maximum": Decimal("900.07"),
    "zorgpremie_drempel": Decimal("0.00"),
    "percentage_kindgebonden_budget": Decimal("100.00"),
}

BRON_AOW = "SVB, AOW-leeftijd (Algemene Ouderdomswet art. 7a)"
AOW = {2024: (67, 0), 2025: (67, 0), 2026: (67, 0), 2027: (67, 0), 2028: (67, 3)}

BRON_BELEID = (
    "Startbeleid: 6 tot 12 maanden is gangbaar (DOMEIN.md, Arnhem, Dantumadiel); herinnering bij een "
    "gemiste termijn en flexibel (seed 001). Gemeentelijke keuze: pas aan in het beheer."
)


def vullen(apps, schema_editor):
    BvvMaximum = apps.get_model("invordering", "BvvMaximum")
    BvvRekenregel = apps.get_model("invordering", "BvvRekenregel")
    AowLeeftijd = apps.get_model("invordering", "AowLeeftijd")
    Regelingbeleid = apps.get_model("invordering", "Regelingbeleid")
    for vanaf, bedragen in MAXIMA.items():
        for leefsituatie, bedrag in bedragen.items():
            BvvMaximum.objects.get_or_create(
                geldig_vanaf=vanaf,
                leefsituatie=leefsituatie,
                defaults={"bedrag": Decimal(bedrag), "bron": BRON_MAXIMUM},
            )
        BvvRekenregel.objects.get_or_create(geldig_vanaf=vanaf, defaults={**REKENREGEL, "bron": BRON_REKENREGEL})
    for jaar, (jaren, maanden) in AOW.items():
        AowLeeftijd.objects.get_or_create(jaar=jaar, defaults={"jaren": jaren, "maanden": maanden, "bron": BRON_AOW})
    Regelingbeleid.objects.get_or_create(
        geldig_vanaf=date(2025, 1, 1),
        defaults={
            "max_termijnen": 12,
            "standaard_termijnen": 6,
            "min_termijnbedrag": Decimal("10.00"),
            "eerste_termijn_na_dagen": 14,
            "herinnering_na_dagen": 5,
            "gratie_dagen": 14,
            "bel_dagen": 14,
            "max_overslaan": 1,
            "max_pauze_maanden": 3,
            "bron": BRON_BELEID,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("invordering", "0003_betalen_en_beslagvrije_voet")]
    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
