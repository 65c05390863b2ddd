import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from monitoring.simulatie import simuleer
from monitoring.watals import beleid_kiezen

FOUT_NIET_ZEKER = (
    "simuleer schrijft verzonnen betalingen, gesprekken en verzoeken in de database. Doe dit alleen op een "
    "kopie of een demodatabase; is dit er een, geef dan --zeker mee."
)


def _datum(waarde: str, naam: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise CommandError(f"{naam} '{waarde}' is geen datum (JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Gesimuleerde gemeente: draai de echte keten dag voor dag terwijl gesimuleerde inwoners betalen, "
        "bellen en om een regeling of kwijtschelding vragen (docs/monitoring.md). Verandert de database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--van", required=True, help="eerste dag, JJJJ-MM-DD")
        parser.add_argument("--tot", required=True, help="laatste dag, JJJJ-MM-DD")
        parser.add_argument(
            "--beleid", help="naam van een vastgelegd beleid, of 'Klassiek'; standaard het geldende"
        )
        parser.add_argument("--zaad", type=int, default=2026, help="zelfde zaad, zelfde uitkomst")
        parser.add_argument(
            "--zonder-signalen",
            action="store_true",
            help="draai de dagelijkse signaaltaak (vroegsignalering) niet, zoals een gemeente zonder",
        )
        parser.add_argument(
            "--zeker",
            action="store_true",
            help="nodig als DEBUG uit staat: bevestigt dat dit een kopie of demodatabase is",
        )

    def handle(self, *args, van, tot, beleid=None, zaad=2026, zeker=False, zonder_signalen=False, **options):
        if not settings.DEBUG and not zeker:
            raise CommandError(FOUT_NIET_ZEKER)
        begin, einde = _datum(van, "--van"), _datum(tot, "--tot")
        if einde < begin:
            raise CommandError(f"--tot ({einde}) ligt voor --van ({begin}).")
        gekozen = None
        if beleid:
            try:
                gekozen = beleid_kiezen(naam=beleid, datum=begin)
            except LookupError as fout:
                raise CommandError(str(fout)) from None
        verslag = simuleer(van=begin, tot=einde, beleid=gekozen, zaad=zaad, signalen=not zonder_signalen)
        self.stdout.write(json.dumps(verslag.als_dict(), indent=2, ensure_ascii=False))
