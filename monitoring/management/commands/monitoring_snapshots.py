from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring import rapport


class Command(BaseCommand):
    help = "Bereken de standaardperiodes van het monitoringrapport en bewaar ze (de nachtelijke taak)."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="JJJJ-MM-DD; standaard vandaag")

    def handle(self, *args, datum=None, **options):
        try:
            dag = date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError:
            raise CommandError(f"--datum '{datum}' is geen datum (JJJJ-MM-DD).") from None
        aantal = rapport.snapshots_bijwerken(datum=dag, nu=timezone.now())
        self.stdout.write(f"{aantal} rapporten berekend en bewaard voor {dag:%d-%m-%Y}.")
