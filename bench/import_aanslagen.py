"""Benchmark: import_aanslagen of a 100,000-row CSV into PostgreSQL.

    .venv/bin/python bench/import_aanslagen.py [--rijen 100000]

Creates a fresh database `si_bench_import`, writes a CSV of invented aanslagen (two lines each; a
mix of 1 and 10 installments, as with direct debit), and times the command in a child process:
rows per second and the child's peak memory (max RSS). Then imports the same file again (nothing
changes) and times that too.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _db import manage, verse_database  # noqa: E402


def schrijf_csv(pad: Path, rijen: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from invordering.betalingskenmerk import maak
    from invordering.demo import demo_bsns
    from invordering.importeren import KOLOMMEN

    rnd = random.Random(1)
    aanslagen = rijen // 2
    bsns = demo_bsns(min(aanslagen, 80_000))
    with open(pad, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(KOLOMMEN)
        for i in range(aanslagen):
            bsn = bsns[i % len(bsns)]
            termijnen = 10 if rnd.random() < 0.45 else 1
            kop = [
                f"B{i:09d}",
                "2026",
                "2026-02-28",
                "2026-03-31" if termijnen > 1 else "2026-04-30",
                termijnen,
                maak(500_000_000 + i),
                bsn,
                "A.",
                "",
                f"Bench{i % len(bsns)}",
                "Kerkstraat",
                (i % 150) + 1,
                "",
                "7401 AB",
                "Lindeveld",
            ]
            w.writerow([*kop, 1, "afvalstoffenheffing", "Afvalstoffenheffing", "327.60"])
            w.writerow(
                [
                    *kop,
                    2,
                    "rioolheffing_gebruiker",
                    "Rioolheffing",
                    f"{rnd.randrange(15000, 25000) / 100:.2f}",
                ]
            )


def meet(pad: Path, database_url: str) -> tuple[float, float, float]:
    """Wall time, CPU time of the import process (less sensitive to a busy machine), peak RSS in MiB.

    ru_maxrss of children is the maximum over all children so far, so the second figure is an upper bound.
    """
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    manage("import_aanslagen", str(pad), database_url=database_url, stdout=subprocess.PIPE)
    duur = time.perf_counter() - start
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime)
    return duur, cpu, na.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=100_000)
    args = parser.parse_args()
    url = verse_database("si_bench_import")
    manage("migrate", "-v0", database_url=url)
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / "aanslagen.csv"
        schrijf_csv(pad, args.rijen)
        duur, cpu, piek = meet(pad, url)
        print(
            f"import_aanslagen {args.rijen} rijen: {duur:.1f} s ({args.rijen / duur:,.0f} rijen/s), "
            f"CPU van het proces {cpu:.1f} s ({args.rijen / cpu:,.0f} rijen per CPU-seconde), piekgeheugen {piek:,.0f} MiB"
        )
        duur2, cpu2, _ = meet(pad, url)
        print(f"zelfde bestand nogmaals (verandert niets): {duur2:.1f} s, CPU {cpu2:.1f} s")
        print(
            f"belasting van de machine (load average 1 min): {os.getloadavg()[0]:.1f} op {os.cpu_count()} kernen"
        )


if __name__ == "__main__":
    main()
