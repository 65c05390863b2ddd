from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from invordering.keten.run import CHUNK, keten_draaien


class Command(BaseCommand):
    help = (
        "Draai de invorderingsketen voor één dag: herinneringen, aanmaningen, beltaken, dwangbevelen, ... "
        "voor alle open aanslagen. Dezelfde dag opnieuw draaien maakt niets dubbel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", type=date.fromisoformat, default=None, help="JJJJ-MM-DD (standaard: vandaag)."
        )
        parser.add_argument(
            "--chunk", type=int, default=CHUNK, help="Aanslagen per deel (standaard: %(default)s)."
        )

    def handle(self, *args, datum: date | None, chunk: int, **options):
        dag = datum or timezone.localdate()
        v = keten_draaien(datum=dag, chunk=chunk)
        stappen = ", ".join(f"{soort} {n}" for soort, n in sorted(v.stappen.items())) or "geen"
        redenen = ", ".join(f"{reden} {n}" for reden, n in sorted(v.niet_escaleren.items())) or "geen"
        self.stdout.write(
            f"{dag:%d-%m-%Y}: {v.bekeken} open aanslagen bekeken in {v.delen} delen. Stappen: {stappen}. "
            f"Niet geëscaleerd: {redenen}. Kosten {v.kosten:.2f}, {v.brieven} brieven, {v.taken} taken, "
            f"{v.klantgroep_gewijzigd} klantgroepen gewijzigd."
        )
