from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vroegsignalering import uitwisseling
from vroegsignalering.constants import Exportformaat


class Command(BaseCommand):
    help = (
        "Signalen die klaar zijn doorgeven aan schuldhulpverlening, als CSV of JSON (formaat in "
        "docs/vroegsignalering.md). Elk signaal gaat één keer mee; elke export wordt vastgelegd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=date.fromisoformat, help="YYYY-MM-DD, standaard vandaag.")
        parser.add_argument("--out", required=True, help="Bestand, eindigend op .csv of .json.")
        parser.add_argument("--formaat", choices=Exportformaat.values, help="Standaard: volgens --out.")

    def handle(self, *args, datum=None, out=None, formaat=None, **options):
        try:
            export = uitwisseling.signalen_exporteren(
                datum=datum or timezone.localdate(), uit=out, formaat=formaat
            )
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            f"{export.aantal} signalen geschreven naar {export.bestandsnaam} (export {export.pk})"
        )
