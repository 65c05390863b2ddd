"""Seed the remission policy table. Functioneel beheer adds a row each year (and for earlier years) in the admin.

Figures and their sources (checked 2026):
- kosten van bestaan 90% of the bijstandsnorm: Uitvoeringsregeling Invorderingswet 1990 (URI) art. 16; a
  municipality may choose 90-100% (Regeling kwijtschelding belastingen medeoverheden, BWBR0047157, art. 2).
- at least 80% of the payment capacity is used: URI art. 11.
- car limit EUR 3,350: Leidraad Invordering 2008 26.2.3, as taken over in the Leidraad invordering
  waterschapsbelastingen HHNK 2026 (CVDR756485); URI art. 12 itself still names EUR 2,269.
- norm premie EUR 47 (single) / EUR 106 (couple) per month: Leidraad 26.2.19 as in HHNK 2026; the
  national Leidraad's 2026 figure was not read directly (unverified).
- maximum rent EUR 932.93 and normhuur EUR 252.49 (own contribution): Wet op de huurtoeslag art. 13 lid 1 a
  and art. 17 lid 2, text in force on 1 January 2026 (URI art. 15 lid 1 b refers to both).
- asset allowance increase 0 (municipal choice, at most EUR 2,000: Regeling medeoverheden art. 4).
- administratief beroep within 10 days, to the college: URI art. 24 with art. 28 lid 2 b.
- 14 days before collection resumes after a refusal: Leidraad 26.4.6 (as in HHNK 2026).
- two weeks to supply missing data: Leidraad 26.1.3 (as in HHNK 2026).
2025 figures for rent and premium were not found; the row starts on 1 January 2026.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

BRON = __doc__


def vullen(apps, schema_editor):
    Beleid = apps.get_model("kwijtschelding", "Kwijtscheldingsbeleid")
    Beleid.objects.get_or_create(
        geldig_vanaf=date(2026, 1, 1),
        defaults={
            "kosten_van_bestaan_percentage": Decimal("90"),
            "betalingscapaciteit_percentage": Decimal("80"),
            "auto_grens": Decimal("3350.00"),
            "vermogen_verhoging": Decimal("0.00"),
            "normpremie_alleenstaande": Decimal("47.00"),
            "normpremie_echtgenoten": Decimal("106.00"),
            "maximale_woonlasten": Decimal("932.93"),
            "eigen_bijdrage_woonlasten": Decimal("252.49"),
            "kinderopvang_meetellen": True,
            "ondernemer_prive": True,
            "automatisch_toewijzen": False,
            "beroeptermijn_dagen": 10,
            "wachttermijn_na_afwijzing_dagen": 14,
            "termijn_aanvullen_dagen": 14,
            "beslistermijn_weken": 8,
            "afspraak_termijn_dagen": 5,
            "hertoets_geldigheid_maanden": 24,
            "bron": BRON.strip(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("kwijtschelding", "0001_initial")]
    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
