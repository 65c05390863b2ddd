"""Benchmark: the daily signal job, its rerun, the precondition check and the export, on PostgreSQL.

    .venv/bin/python bench/signalen.py [--rijen 20000]

Creates a fresh database `si_bench_vroeg`, imports invented aanslagen (``--rijen`` CSV rows, two per
aanslag, one aanslag per resident, all past due on 20-05-2026) and sets the amount criterion to take
every resident. Then times, each in a child process: `signalen_bepalen` on day 1 (a signal, an offer
letter and a contact task per resident), the same day again (nothing new), a contact attempt and
consent for everyone, `signalen_bepalen` two weeks later (every signal's preconditions checked: all
ready) and `export_signalen` of them all to JSON.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _db import manage, verse_database  # noqa: E402
from import_aanslagen import schrijf_csv  # noqa: E402

VOORBEREIDEN = """
from datetime import date
from vroegsignalering.models import Signaalbeleid
beleid = Signaalbeleid.objects.get(geldig_vanaf=date(2021, 1, 1))
beleid.criteria.filter(criterium="achterstand_bedrag").update(aantal=1, drempel_bedrag=1, dagen=14)
"""
CONTACT_EN_TOESTEMMING = """
from datetime import datetime
from django.utils import timezone
from invordering.models import Belastingplichtige, Contact, Toestemming
t = timezone.make_aware(datetime(2026, 5, 25, 10))
ids = list(Belastingplichtige.objects.values_list("id", flat=True))
Contact.objects.bulk_create([Contact(belastingplichtige_id=i, tijdstip=t, kanaal="telefoon", uitkomst="niet_bereikt") for i in ids], batch_size=5000)
Toestemming.objects.bulk_create([Toestemming(belastingplichtige_id=i, soort="gegevens_naar_schuldhulp", gegeven_op=t, bron="medewerker") for i in ids], batch_size=5000)
"""


def shell(code: str, url: str) -> None:
    manage("shell", "-c", code, database_url=url)


def tijd(url: str, aanroep: str) -> tuple[float, str]:
    """Time one service call inside a child process (Django start-up not counted)."""
    code = (
        "import time\nfrom datetime import date\nfrom vroegsignalering import services, uitwisseling\n"
        "services.beleid_op(datum=date(2026, 1, 1))\n"  # warm up: connection, imports
        f"t = time.perf_counter()\nuit = {aanroep}\nprint(time.perf_counter() - t)\n"
        "print(getattr(uit, 'als_dict', lambda: {'aantal': uit.aantal})())"
    )
    regels = manage("shell", "-c", code, database_url=url, stdout=subprocess.PIPE, text=True).stdout.split(
        "\n"
    )
    regels = [r for r in regels if r.strip()]
    return float(regels[-2]), regels[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = verse_database("si_bench_vroeg")
    manage("migrate", "-v0", database_url=url)
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / "aanslagen.csv"
        schrijf_csv(pad, args.rijen)
        manage("import_aanslagen", str(pad), database_url=url, stdout=subprocess.PIPE)
        shell(VOORBEREIDEN, url)
        # Aanslagen in ten installments fall due only in December: not in arrears on these days.
        n = int(
            manage(
                "shell",
                "-c",
                "from invordering.models import Aanslag; print(Aanslag.objects.filter(vervaldatum__lt='2026-05-06').count())",
                database_url=url,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout.split()[-1]
        )
        d1, u1 = tijd(url, "services.signalen_bepalen(datum=date(2026, 5, 20))")
        print(
            f"signalen_bepalen dag 1, {n} inwoners in achterstand: {d1:.2f} s ({n / d1:,.0f} inwoners/s): {u1}"
        )
        d2, u2 = tijd(url, "services.signalen_bepalen(datum=date(2026, 5, 20))")
        print(f"zelfde dag nogmaals: {d2:.2f} s ({d2 / d1:.2f} x): {u2}")
        shell(CONTACT_EN_TOESTEMMING, url)
        d3, u3 = tijd(url, "services.signalen_bepalen(datum=date(2026, 6, 3))")
        print(f"twee weken later, alle voorwaarden getoetst: {d3:.2f} s: {u3}")
        d4, u4 = tijd(
            url, f"uitwisseling.signalen_exporteren(datum=date(2026, 6, 3), uit='{Path(tmp) / 's.json'}')"
        )
        print(f"export_signalen: {d4:.2f} s ({n / d4:,.0f} signalen/s): {u4}")
        print(
            f"belasting van de machine (load average 1 min): {os.getloadavg()[0]:.1f} op {os.cpu_count()} kernen"
        )


if __name__ == "__main__":
    main()
