from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vroegsignalering import deurwaarder


class Command(BaseCommand):
    help = (
        "Terugmelding van de deurwaarder inlezen (CSV: aanslagnummer, uitkomst, datum[, bedrag]): betaald, "
        "regeling of oninbaar. Bij een fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--datum", type=date.fromisoformat, help="Verwerkingsdatum, standaard vandaag.")

    def handle(self, *args, bestand=None, datum=None, **options):
        try:
            verslag = deurwaarder.terugmelding_importeren(pad=bestand, datum=datum or timezone.localdate())
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            f"regels: {verslag.regels}, nieuw: {verslag.nieuw}, al bekend: {verslag.al_bekend}, "
            f"taken: {len(verslag.taken)}"
        )
