"""Benchmark: the print street. N letters through the full path (query, template, QR, PDF, archive, one
print file) on all cores, on one process, and the same letter HTML with plain WeasyPrint in one process.

Goal (issue 7): the full path on both cores >= 1.3x the plain single-process rate.

    .venv/bin/python bench/brieven.py                       # SQLite, 2,000 letters
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/si_comm .venv/bin/python bench/brieven.py
    .venv/bin/python bench/brieven.py --aantal 200 --enkel 0   # quick, without the one-process full run

Runs in a throw-away test database. The letters are a mix of every template and state (voorbeelden.py),
each to its own resident and postcode. "Plain" renders each letter's complete HTML (CSS inlined, as one
would without our code) with ``HTML(string=...).write_pdf()``; its HTML is made before the clock starts.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

DATUM = date(2026, 4, 16)


def cpu() -> float:
    """CPU seconds of this process and its finished children (the render workers)."""
    zelf, kinderen = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return zelf.ru_utime + zelf.ru_stime + kinderen.ru_utime + kinderen.ru_stime


def letters_maken(aantal: int) -> None:
    from communicatie import voorbeelden
    from communicatie.services import Briefverzoek, brieven_maak

    toestanden = voorbeelden.alle_toestanden()
    verzoeken = []
    for i in range(aantal):
        sjabloon, toestand = toestanden[i % len(toestanden)]
        verzoeken.append(
            Briefverzoek(
                sleutel=f"bench:{i}",
                sjabloon=sjabloon,
                datum=DATUM,
                ontvanger=f"belastingplichtige:{i}",
                naam=f"J. Jansen-{i}",
                adresregels=[f"Dorpsstraat {i % 300 + 1}", f"{1000 + (i * 37) % 9000} AB  Voorbeeldstad"],
                gegevens=voorbeelden.voorbeeld(sjabloon, toestand),
            )
        )
    brieven_maak(verzoeken)


def opnieuw() -> None:
    from communicatie.constants import BriefStatus
    from communicatie.models import Brief

    Brief.objects.update(pdf="", status=BriefStatus.AANGEMAAKT, gemaakt_op=None)


def vol_pad(processen: int, map_: Path) -> float:
    from communicatie.drukstraat import brieven_verwerken

    start, cpu_start = time.perf_counter(), cpu()
    resultaat = brieven_verwerken(datum=DATUM, uit=map_ / f"druk-{processen}.pdf", n=processen)
    duur = time.perf_counter() - start
    print(
        f"  {resultaat.gerenderd} letters, {resultaat.paginas} pages in the print file; "
        f"CPU {(cpu() - cpu_start) / max(resultaat.gerenderd, 1):.3f} s per letter"
    )
    return duur


def kaal(aantal: int) -> float:
    from weasyprint import HTML

    from communicatie import pdf, weergave
    from communicatie.models import Brief

    teksten = weergave.teksten()
    htmls = []
    for b in Brief.objects.order_by("id")[:aantal]:
        d = pdf.brief_gegevens(b)
        htmls.append(
            weergave.html(
                sjabloon=d["sjabloon"],
                gegevens=d["gegevens"],
                datum=d["datum"],
                naam=d["naam"],
                adresregels=d["adresregels"],
                tekst=teksten[d["sjabloon"]],
                css=pdf.css(),
            )
        )
    start, cpu_start = time.perf_counter(), cpu()
    for h in htmls:
        HTML(string=h).write_pdf()
    duur = time.perf_counter() - start
    print(f"  CPU {(cpu() - cpu_start) / len(htmls):.3f} s per letter")
    return duur


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aantal", type=int, default=2000)
    parser.add_argument(
        "--enkel", type=int, default=None, help="letters for the one-process full run (0: skip)"
    )
    args = parser.parse_args()
    enkel = args.aantal if args.enkel is None else args.enkel
    kernen = os.cpu_count() or 1

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        letters_maken(args.aantal)
        with tempfile.TemporaryDirectory() as map_:
            from django.test import override_settings

            with override_settings(
                STORAGES={
                    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                    "private": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": map_, "base_url": None},
                    },
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                },
                SMS_BACKEND="communicatie.sms.GeheugenBackend",
            ):
                print(
                    f"{args.aantal} letters, {kernen} cores, database {connection.vendor}, "
                    f"load average at start {os.getloadavg()[0]:.1f}"
                )
                t_kaal = kaal(args.aantal)
                print(f"plain WeasyPrint, 1 process: {t_kaal:.1f} s = {args.aantal / t_kaal:.2f} letters/s")
                t_vol = vol_pad(kernen, Path(map_))
                print(f"full path, {kernen} processes: {t_vol:.1f} s = {args.aantal / t_vol:.2f} letters/s")
                print(
                    f"ratio full path on all cores / plain single process: {t_kaal / t_vol:.2f}x (goal >= 1.3x)"
                )
                if enkel:
                    from communicatie.models import Brief

                    opnieuw()
                    Brief.objects.filter(pk__in=Brief.objects.order_by("id").values("pk")[enkel:]).update(
                        status="vervallen"
                    )
                    t_een = vol_pad(1, Path(map_))
                    per_s_een = enkel / t_een
                    print(
                        f"full path, 1 process ({enkel} letters): {t_een:.1f} s = {per_s_een:.2f} letters/s"
                    )
                    print(
                        f"parallel speed-up ({kernen} processes / 1): {(args.aantal / t_vol) / per_s_een:.2f}x"
                    )
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
