from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kwijtschelding import services


class Command(BaseCommand):
    help = (
        "Jaarlijkse automatische kwijtscheldingstoets: inwoners met toestemming aanbieden aan het "
        "Inlichtingenbureau, uitslagen inlezen en beslissen op de aanslagen van het belastingjaar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=date.fromisoformat, help="YYYY-MM-DD, standaard vandaag.")
        parser.add_argument("--jaar", type=int, help="Belastingjaar, standaard het jaar van --datum.")

    def handle(self, *args, datum=None, jaar=None, **options):
        datum = datum or timezone.localdate()
        verslag = services.hertoets_uitvoeren(datum=datum, belastingjaar=jaar)
        for sleutel, waarde in verslag.als_dict().items():
            if sleutel != "fouten":
                self.stdout.write(f"{sleutel}: {waarde}")
        if verslag.fouten:
            raise CommandError("Fouten bij de hertoets:\n" + "\n".join(verslag.fouten))
