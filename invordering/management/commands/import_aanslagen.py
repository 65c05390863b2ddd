from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invordering.constants import VerwerkingSoort
from invordering.importeren import ImportFout, importeer, schrijf_afwijzingen
from invordering.verwerkingen import verwerking_fout, verwerking_klaar, verwerking_start


class Command(BaseCommand):
    help = (
        "Importeer aanslagen uit een CSV-bestand van het heffingssysteem (formaat: docs/import-aanslagen.md). "
        "Eerst wordt het hele bestand gecontroleerd; bij een fout wordt niets opgeslagen, tenzij --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Sla de goede aanslagen op en schrijf de afgekeurde regels naar een afkeurbestand.",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=None,
            help="Pad van het afkeurbestand (standaard: <bestand>.afgekeurd.csv).",
        )

    def handle(self, *args, bestand: Path, partial: bool, rejects: Path | None, **options):
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        verwerking = verwerking_start(soort=VerwerkingSoort.IMPORT_AANSLAGEN, datum=timezone.localdate())
        try:
            with open(bestand, encoding="utf-8-sig", newline="") as f:
                resultaat, afgewezen = importeer(f, partieel=partial)
        except ImportFout as exc:
            verwerking_fout(verwerking, f"{bestand.name}: {exc}")
            raise CommandError(f"{bestand}: {exc}") from exc
        except Exception as exc:
            verwerking_fout(verwerking, f"{bestand.name}: {exc}")
            raise
        verslag = {k: v for k, v in vars(resultaat).items() if isinstance(v, int)}
        if resultaat.meldingen and not partial:
            verwerking_fout(
                verwerking, f"{bestand.name}: {len(resultaat.meldingen)} fout(en), niets geïmporteerd"
            )
        else:
            verwerking_klaar(verwerking, {"bestand": bestand.name, **verslag})
        for melding in resultaat.meldingen:
            self.stderr.write(str(melding))
        if afgewezen and (partial or rejects):
            pad = rejects or bestand.with_suffix(".afgekeurd.csv")
            schrijf_afwijzingen(pad, afgewezen, resultaat.meldingen)
            self.stderr.write(f"Afgekeurde regels geschreven naar {pad}")
        self.stdout.write(
            f"{resultaat.regels} regels gelezen: {resultaat.aanslagen_nieuw} aanslagen nieuw, "
            f"{resultaat.aanslagen_ongewijzigd} al aanwezig, {resultaat.aanslagen_afgekeurd} afgekeurd; "
            f"{resultaat.personen_nieuw} belastingplichtigen nieuw, {resultaat.personen_bijgewerkt} bijgewerkt."
        )
        if resultaat.meldingen and not partial:
            raise CommandError(
                f"{len(resultaat.meldingen)} fout(en) gevonden; er is niets geïmporteerd. "
                "Verbeter het bestand, of gebruik --partial om alleen de goede aanslagen te importeren."
            )
