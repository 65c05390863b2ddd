from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from vroegsignalering import services


class Command(BaseCommand):
    help = (
        "Dagelijkse vroegsignalering: inwoners zoeken die aan de signaalcriteria voldoen, de aanbodbrief en "
        "een contacttaak maken, en de voorwaarden van signalen in voorbereiding controleren."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=date.fromisoformat, help="YYYY-MM-DD, standaard vandaag.")

    def handle(self, *args, datum=None, **options):
        verslag = services.signalen_bepalen(datum=datum or timezone.localdate())
        for sleutel, waarde in verslag.als_dict().items():
            self.stdout.write(f"{sleutel}: {waarde}")
