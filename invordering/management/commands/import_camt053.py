from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invordering.bank.camt053 import Camt053Fout
from invordering.bankafschriften import camt053_importeer
from invordering.constants import VerwerkingSoort
from invordering.verwerkingen import verwerking_fout, verwerking_klaar, verwerking_ophogen, verwerking_start


class Command(BaseCommand):
    help = (
        "Lees bankafschriften (camt.053.001.02): koppel betalingen aan aanslagen op betalingskenmerk, "
        "verwerk storno's en terugboekingen. Hetzelfde afschrift opnieuw inlezen boekt niets dubbel; "
        "wat niet te koppelen is, komt in de werkbak."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestanden", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--details", action="store_true", help="Toon elke niet-gekoppelde boeking.")

    def handle(self, *args, bestanden: list[Path], details: bool, **options):
        mislukt = []
        verwerking = verwerking_start(
            soort=VerwerkingSoort.IMPORT_CAMT053, datum=timezone.localdate(), totaal=len(bestanden)
        )
        verslag = {}
        for bestand in bestanden:
            if not bestand.is_file():
                self.stderr.write(f"{bestand}: bestand niet gevonden")
                mislukt.append(bestand)
                verwerking_ophogen(verwerking, 1)
                continue
            try:
                r = camt053_importeer(bron=bestand, naam=bestand.name)
            except Camt053Fout as exc:
                self.stderr.write(f"{bestand}: niet ingelezen, er is niets opgeslagen:")
                for melding in exc.meldingen:
                    self.stderr.write(f"  {melding}")
                mislukt.append(bestand)
                verwerking_ophogen(verwerking, 1)
                continue
            except Exception as exc:
                verwerking_fout(verwerking, f"{bestand.name}: {exc}")
                raise
            verwerking_ophogen(verwerking, 1)
            verslag[bestand.name] = {k: v for k, v in vars(r).items() if isinstance(v, int)}
            self.stdout.write(
                f"{bestand}: {r.transacties} transacties; {r.toegerekend} geboekt ({r.bedrag_toegerekend:.2f}), "
                f"{r.teruggeboekt} teruggeboekt, {r.ongematcht} niet gekoppeld (werkbak), "
                f"{r.al_ingelezen} al eerder ingelezen, {r.niet_geboekt} nog niet definitief; "
                f"{r.incasso_gestopt} incasso's gestopt, {r.terugbetalingen} terugbetalingen voorgesteld."
            )
            if details:
                for melding in r.meldingen:
                    self.stdout.write(f"  niet gekoppeld: {melding}")
        if not mislukt:
            verwerking_klaar(verwerking, verslag)
        if mislukt:
            verwerking_fout(verwerking, f"niet ingelezen: {', '.join(b.name for b in mislukt)}")
            raise CommandError(f"{len(mislukt)} van {len(bestanden)} bestand(en) niet ingelezen.")
