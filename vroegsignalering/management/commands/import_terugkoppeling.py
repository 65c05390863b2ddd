from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vroegsignalering import uitwisseling


class Command(BaseCommand):
    help = (
        "Terugkoppeling van schuldhulpverlening inlezen (CSV: signaal_id, bsn, uitkomst, datum). Bij een fout "
        "wordt niets opgeslagen en staan de regels met fouten in de melding."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--datum", type=date.fromisoformat, help="Verwerkingsdatum, standaard vandaag.")

    def handle(self, *args, bestand=None, datum=None, **options):
        try:
            verslag = uitwisseling.terugkoppeling_importeren(pad=bestand, datum=datum or timezone.localdate())
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"regels: {verslag.regels}, nieuw: {verslag.nieuw}, al bekend: {verslag.al_bekend}")
