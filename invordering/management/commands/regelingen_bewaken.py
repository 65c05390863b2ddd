from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from invordering.regelingen import regelingen_bewaken


class Command(BaseCommand):
    help = (
        "Bewaak de termijnen van betalingsregelingen: gemiste termijn -> kosteloze herinnering; "
        "na de gratieperiode -> beltaak; daarna vervalt de regeling. Opnieuw draaien doet niets dubbel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", type=date.fromisoformat, default=None, help="JJJJ-MM-DD (standaard: vandaag)."
        )

    def handle(self, *args, datum: date | None, **options):
        r = regelingen_bewaken(datum=datum or timezone.localdate())
        self.stdout.write(
            f"{r.bekeken} regelingen bekeken: {r.herinneringen} herinneringen, {r.beltaken} beltaken, "
            f"{r.vervallen} vervallen, {r.afgerond} afgerond."
        )
