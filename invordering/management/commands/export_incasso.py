from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from invordering.incasso import incassobatch_maak, incassobestand
from invordering.models import Incassobatch


class Command(BaseCommand):
    help = (
        "Schrijf de automatische incasso (SEPA pain.008.001.02) voor de termijnen die op de incassodatum "
        "vervallen zijn. Opnieuw draaien op dezelfde dag schrijft hetzelfde bestand opnieuw."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum",
            type=date.fromisoformat,
            default=None,
            help="Incassodatum JJJJ-MM-DD (standaard: vandaag).",
        )
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")

    def handle(self, *args, datum: date | None, out: Path, **options):
        datum = datum or timezone.localdate()
        try:
            with transaction.atomic():  # a batch is only kept when its file could be made
                batch = incassobatch_maak(datum=datum, aangemaakt_op=timezone.now())
                if batch is None:
                    batch = Incassobatch.objects.filter(incassodatum=datum).order_by("-id").first()
                    if batch is None:
                        self.stdout.write(
                            f"Geen termijnen om te incasseren op {datum:%d-%m-%Y}; geen bestand geschreven."
                        )
                        return
                    self.stdout.write(
                        f"Niets nieuws; de laatste batch van {datum:%d-%m-%Y} wordt opnieuw geschreven."
                    )
                xml = incassobestand(batch=batch)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(xml)
        self.stdout.write(
            f"{batch.bericht_id}: {batch.aantal} incasso's, totaal {batch.totaal:.2f}, naar {out}."
        )
