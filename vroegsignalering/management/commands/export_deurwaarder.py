from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invordering.models import Aanslag
from vroegsignalering import deurwaarder
from vroegsignalering.constants import Exportformaat


class Command(BaseCommand):
    help = (
        "Overdrachtsbestand voor de deurwaarder met de sociale gegevens per aanslag (contactpogingen en "
        "uitkomsten, inkomen tegenover beslagvrije voet, klantgroep, advies). Formaat in docs/vroegsignalering.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=date.fromisoformat, help="YYYY-MM-DD, standaard vandaag.")
        parser.add_argument("--out", required=True, help="Bestand, eindigend op .csv of .json.")
        parser.add_argument("--formaat", choices=Exportformaat.values, help="Standaard: volgens --out.")
        parser.add_argument(
            "--aanslag", nargs="+", required=True, help="Aanslagnummers die naar de deurwaarder gaan."
        )
        parser.add_argument("--deurwaarder", default="", help="Naam van het deurwaarderskantoor.")

    def handle(self, *args, datum=None, out=None, formaat=None, aanslag=None, deurwaarder="", **options):
        gevonden = list(Aanslag.objects.filter(aanslagnummer__in=aanslag))
        onbekend = sorted(set(aanslag) - {a.aanslagnummer for a in gevonden})
        if onbekend:
            raise CommandError("Onbekende aanslagnummers: " + ", ".join(onbekend))
        try:
            overdracht = deurwaarder_module_overdracht(gevonden, datum, out, deurwaarder, formaat)
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"{overdracht.aantal} aanslagen overgedragen in {overdracht.bestandsnaam}")


def deurwaarder_module_overdracht(aanslagen, datum, out, naam, formaat):
    return deurwaarder.overdracht_maak(
        aanslagen=aanslagen, datum=datum or timezone.localdate(), uit=out, deurwaarder=naam, formaat=formaat
    )
