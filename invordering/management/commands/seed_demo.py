from datetime import date

from django.core.management.base import BaseCommand, CommandError

from invordering.demo import demo_keten, demo_maak
from invordering.models import Belastingplichtige


class Command(BaseCommand):
    help = (
        "Maak verzonnen, realistische demodata (geen echte personen). Zelfde --seed en --datum: zelfde data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--inwoners", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--datum",
            type=date.fromisoformat,
            default=None,
            help="Peildatum JJJJ-MM-DD (standaard: vandaag).",
        )
        parser.add_argument(
            "--als-leeg", action="store_true", help="Doe niets als er al belastingplichtigen zijn."
        )
        parser.add_argument(
            "--keten",
            action="store_true",
            help="Draai daarna de invorderingsketen dag voor dag over de demodagen (ketengeschiedenis; "
            "kost ongeveer 20 s CPU bij 400 inwoners).",
        )

    def handle(self, *args, inwoners, seed, datum, als_leeg, keten=False, **options):
        if inwoners < 1:
            raise CommandError("--inwoners moet minstens 1 zijn.")
        if als_leeg and Belastingplichtige.objects.exists():
            self.stdout.write("Er staan al gegevens in de database; seed_demo doet niets (--als-leeg).")
            return
        if Belastingplichtige.objects.exists():
            raise CommandError(
                "De database bevat al belastingplichtigen. Begin met een lege database (verwijder var/db.sqlite3)."
            )
        datum = datum or date.today()
        s = demo_maak(inwoners=inwoners, seed=seed, datum=datum)
        self.stdout.write(
            f"Demodata op {datum:%d-%m-%Y}: {s.inwoners} inwoners, {s.aanslagen} aanslagen, {s.betalingen} betalingen."
        )
        self.stdout.write("Betaalgedrag: " + ", ".join(f"{k} {v}" for k, v in sorted(s.gedrag.items())))
        if keten:
            k = demo_keten(datum=datum)
            self.stdout.write(
                "Invorderingsketen gedraaid tot deze datum: "
                + ", ".join(f"{soort} {n}" for soort, n in sorted(k.verslag.stappen.items()))
            )
            self.stdout.write(
                "Contacten van het demoteam: "
                + ", ".join(f"{uitkomst} {n}" for uitkomst, n in sorted(k.contacten.items()))
            )
        self.stdout.write(self.style.WARNING("Demo-accounts (alleen voor de demo):"))
        for username, wachtwoord, rol in s.accounts:
            self.stdout.write(f"  {username:<12} {wachtwoord:<28} {rol}")
