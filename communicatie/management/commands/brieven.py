from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communicatie.drukstraat import brieven_verwerken, manifest_pad


class Command(BaseCommand):
    help = (
        "Maak de brieven van een dag: PDF per brief (archief), berichten per e-mail of sms, en één "
        "drukbestand met manifest (CSV) voor de brieven die per post gaan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=date.fromisoformat, help="JJJJ-MM-DD (standaard: vandaag)")
        parser.add_argument("--out", required=True, type=Path, help="Het drukbestand, bijvoorbeeld druk.pdf")
        parser.add_argument(
            "--processen", type=int, default=None, help="Aantal processen (standaard: alle kernen)"
        )

    def handle(self, *args, **opties):
        datum = opties["datum"] or timezone.localdate()
        uit: Path = opties["out"]
        if uit.suffix.lower() != ".pdf":
            raise CommandError("--out moet een .pdf-bestand zijn.")
        r = brieven_verwerken(datum=datum, uit=uit, n=opties["processen"])
        self.stdout.write(
            f"{datum}: {r.brieven} brieven, {r.gerenderd} nieuw gemaakt op {r.processen} processen; "
            f"{r.op_papier} per post ({r.paginas} pagina's) in {uit}, manifest {manifest_pad(uit)}."
        )
