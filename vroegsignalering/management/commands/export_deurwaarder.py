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
            "--aanslag",
            nargs="+",
            help="Aanslagnummers die naar de deurwaarder gaan. Standaard: wat de keten aan de deurwaarder gaf "
            "en nog in geen overdrachtsbestand stond.",
        )
        parser.add_argument(
            "--deurwaarder", dest="kantoor", default="", help="Naam van het deurwaarderskantoor."
        )

    def handle(self, *args, datum=None, out=None, formaat=None, aanslag=None, kantoor="", **options):
        datum = datum or timezone.localdate()
        if aanslag:
            gevonden = list(Aanslag.objects.filter(aanslagnummer__in=aanslag))
            onbekend = sorted(set(aanslag) - {a.aanslagnummer for a in gevonden})
            if onbekend:
                raise CommandError("Onbekende aanslagnummers: " + ", ".join(onbekend))
        else:
            gevonden = list(deurwaarder.te_overdragen(datum=datum))
        try:
            overdracht = deurwaarder.overdracht_maak(
                aanslagen=gevonden, datum=datum, uit=out, deurwaarder=kantoor, formaat=formaat
            )
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"{overdracht.aantal} aanslagen overgedragen in {overdracht.bestandsnaam}")
