"""Benchmark: import a camt.053.001.02 statement of 100,000 entries (goal: <= 30 s on PostgreSQL).

Run by hand, against a throw-away database that Django creates and drops (``test_<name>``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/si_betalen .venv/bin/python bench/camt053_import.py
    .venv/bin/python bench/camt053_import.py --aantal 20000          # SQLite, smaller

The mix: half structured references paid in full, a fifth typed into the free text with spaces and
paid in part, a tenth one payment for two aanslagen typed with dots, a tenth overpaid (refund offers),
and a tenth that cannot be matched (no kenmerk, bank costs). Spread over five booking dates. Setup is
not timed; the import is timed as a whole (parsing included), then the same file again (idempotent).

``--hergebruik`` (PostgreSQL) keeps the loaded database as a template (``<name>_sjabloon_<N>``) and
the statement file, so a later run only copies the template (seconds) and the measured process does
nothing but the import: its peak memory is then the import's. Drop the template when done:
``--opruimen``.

Besides wall time and CPU (this process, and the backends of all its connections, should the import
open more than one), it prints the main thread's CPU plus that of its own backend: the import's
critical path if work were moved to another thread or connection (tried in the camt5 round, see
docs/benchmarks.md); for the sequential import it equals the CPU sum.
"""

import argparse
import contextlib
import cProfile
import os
import pstats
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from invordering import betalingskenmerk  # noqa: E402
from invordering.constants import Boekingsoort, Component  # noqa: E402
from invordering.models import Aanslag, Belastingplichtige, Boeking  # noqa: E402
from tests.invordering.camt import EIGEN_IBAN, Ntry, Tx, _ntry, met_punten, met_spaties  # noqa: E402

BATCH = 5000


def cpu_backend() -> tuple[float, float]:
    """CPU seconds of this connection's PostgreSQL backend and of those of the other connections
    closed so far (same machine), zeros on SQLite."""
    if connection.vendor != "postgresql":
        return 0.0, 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return _backend_cpu(pid), _ANDERE_BACKENDS[0]


_ANDERE_BACKENDS = [0.0]  # CPU seconds of the backends of other connections, closed meanwhile


def _backend_cpu(pid: int) -> float:
    velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _tel_andere_backends(sender, connection, **kwargs):
    """The import may read through a connection of its own (a thread): count its backend's CPU too,
    read when the connection closes."""
    if connection.vendor != "postgresql":
        return
    pid, sluiten = connection.connection.info.backend_pid, connection.close

    def close():
        with contextlib.suppress(OSError):
            _ANDERE_BACKENDS[0] += _backend_cpu(pid)
        sluiten()
        connection.close = sluiten

    connection.close = close


def piek_geheugen_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _beheer(sql: str, *params) -> list:
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE need autocommit)."""
    import psycopg

    instellingen = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=instellingen["USER"],
        password=instellingen["PASSWORD"] or None,
        host=instellingen["HOST"] or None,
        port=instellingen["PORT"] or None,
        autocommit=True,
    ) as beheer:
        cursor = beheer.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else []


def cpu_zelf() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def bsns(aantal: int):
    kandidaat = 100_000_000
    while aantal:
        cijfers = f"{kandidaat:09d}"
        if sum(int(c) * w for c, w in zip(cijfers, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0:
            yield cijfers
            aantal -= 1
        kandidaat += 1


def opzet(aantal: int) -> list[tuple[int, str]]:
    """``aantal`` aanslagen of EUR 100, two per resident; returns (resident id, kenmerk) per aanslag."""
    personen = [
        Belastingplichtige(bsn=b, achternaam=f"Bench{i}", leefsituatie="alleenstaande")
        for i, b in enumerate(bsns(aantal // 2 + 1))
    ]
    Belastingplichtige.objects.bulk_create(personen, batch_size=BATCH)
    ids = list(Belastingplichtige.objects.order_by("id").values_list("id", flat=True))
    aanslagen = [
        Aanslag(
            aanslagnummer=f"B{i:09d}",
            belastingplichtige_id=ids[i // 2],
            belastingjaar=2026,
            dagtekening=date(2026, 2, 28),
            vervaldatum=date(2026, 4, 30),
            betalingskenmerk=betalingskenmerk.maak(5_000_000 + i),
            bedrag_belasting=Decimal("100.00"),
            open_belasting=Decimal("100.00"),
            openstaand=Decimal("100.00"),
        )
        for i in range(aantal)
    ]
    Aanslag.objects.bulk_create(aanslagen, batch_size=BATCH)
    rijen = list(
        Aanslag.objects.order_by("id").values_list("id", "belastingplichtige_id", "betalingskenmerk")
    )
    Boeking.objects.bulk_create(
        (
            Boeking(
                aanslag_id=a,
                datum=date(2026, 2, 28),
                component=Component.BELASTING,
                soort=Boekingsoort.AANSLAG,
                bedrag=Decimal("100.00"),
            )
            for a, _, _ in rijen
        ),
        batch_size=BATCH,
    )
    return [(p, k) for _, p, k in rijen]


def schrijf_afschrift(pad: Path, aanslagen: list[tuple[int, str]], entries: int) -> int:
    """Write a statement of exactly ``entries`` entries (some pay two aanslagen, so more are needed)."""
    n = len(aanslagen)
    geschreven = 0
    with open(pad, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
            "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-04-06T20:00:00</CreDtTm></GrpHdr>"
            f"<Stmt><Id>BENCH-1</Id><CreDtTm>2026-04-06T20:00:00</CreDtTm><Acct><Id><IBAN>{EIGEN_IBAN}</IBAN></Id></Acct>"
        )
        i = 0
        while geschreven < entries and i < n:
            datum = date(2026, 4, 1) + timedelta(days=i % 5)
            soort = i % 20
            kenmerk = aanslagen[i][1]
            if soort < 10:
                txs, stap = [Tx(Decimal("100.00"), kenmerk=kenmerk)], 1
            elif soort < 14:
                txs, stap = [Tx(Decimal("40.00"), omschrijving=f"aanslag {met_spaties(kenmerk)}")], 1
            elif soort < 16 and i + 1 < n and aanslagen[i + 1][0] == aanslagen[i][0]:
                tekst = f"{met_punten(kenmerk)} en {met_punten(aanslagen[i + 1][1])}"
                txs, stap = [Tx(Decimal("200.00"), omschrijving=tekst)], 2
            elif soort < 18:
                txs, stap = [Tx(Decimal("110.00"), kenmerk=kenmerk)], 1
            elif soort == 18:
                txs, stap = [Tx(Decimal("25.00"), omschrijving="gemeentebelasting")], 1
            else:
                txs, stap = [Tx(Decimal("-2.50"), omschrijving="kosten betalingsverkeer")], 1
            f.write(_ntry(Ntry(txs, datum=datum)))
            i += stap
            geschreven += 1
        f.write("</Stmt></BkToCstmrStmt></Document>")
    return pad.stat().st_size


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aantal", type=int, default=100_000, help="entries on the statement")
    parser.add_argument("--profiel", action="store_true", help="print the import's top functions (cProfile)")
    parser.add_argument(
        "--hergebruik", action="store_true", help="keep/reuse the loaded database as a template (PostgreSQL)"
    )
    parser.add_argument("--opruimen", action="store_true", help="drop the template of --hergebruik and stop")
    args = parser.parse_args()

    oude_naam = connection.settings_dict["NAME"]
    uitvoer = ROOT / "bench" / "uitvoer"
    pad = uitvoer / f"camt053-{args.aantal}.xml"
    sjabloon = f"{oude_naam}_sjabloon_{args.aantal}"
    if args.opruimen:
        _beheer(f'DROP DATABASE IF EXISTS "{sjabloon}"')
        pad.unlink(missing_ok=True)
        return
    test_naam = connection.creation._get_test_db_name()
    klaar = (
        args.hergebruik
        and connection.vendor == "postgresql"
        and pad.exists()
        and _beheer("SELECT 1 FROM pg_database WHERE datname = %s", sjabloon)
    )
    if klaar:
        t0 = time.perf_counter()
        connection.close()
        _beheer(f'DROP DATABASE IF EXISTS "{test_naam}"')
        _beheer(f'CREATE DATABASE "{test_naam}" TEMPLATE "{sjabloon}"')
        connection.settings_dict["NAME"] = test_naam
        print(f"opzet: kopie van {sjabloon}, {time.perf_counter() - t0:.1f} s")
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from invordering.bankafschriften import camt053_importeer

        if not klaar:
            t0 = time.perf_counter()
            aanslagen = opzet(args.aantal * 11 // 10)
            uitvoer.mkdir(exist_ok=True)
            grootte = schrijf_afschrift(pad, aanslagen, args.aantal)
            # A live database has planner statistics; a freshly bulk-loaded one does not until autovacuum
            # runs. VACUUM also sets the visibility map, as on a database that has been running a while.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            print(
                f"opzet: {len(aanslagen)} aanslagen, afschrift met {args.aantal} boekingen "
                f"({grootte / 1e6:.0f} MB), {time.perf_counter() - t0:.1f} s"
            )
            if args.hergebruik and connection.vendor == "postgresql":
                connection.close()
                _beheer(f'DROP DATABASE IF EXISTS "{sjabloon}"')
                _beheer(f'CREATE DATABASE "{sjabloon}" TEMPLATE "{test_naam}"')
                print(f"sjabloon {sjabloon} bewaard: draai opnieuw met --hergebruik om alleen te meten")
                return

        connection_created.connect(_tel_andere_backends)
        profiel = cProfile.Profile() if args.profiel else None
        c_py, c_hoofd, (c_db, c_ander) = cpu_zelf(), time.thread_time(), cpu_backend()
        t1 = time.perf_counter()
        if profiel:
            profiel.enable()
        r = camt053_importeer(bron=pad)
        if profiel:
            profiel.disable()
        duur = time.perf_counter() - t1
        c_py, c_hoofd = cpu_zelf() - c_py, time.thread_time() - c_hoofd
        c_db, c_ander = (na - voor for na, voor in zip(cpu_backend(), (c_db, c_ander), strict=True))
        print(
            f"import: {r.transacties} transacties in {duur:.1f} s ({r.transacties / duur:.0f}/s) "
            f"[{connection.vendor}]: {r.toegerekend} geboekt, {r.ongematcht} werkbak, "
            f"{r.terugbetalingen} terugbetalingen voorgesteld"
        )
        # CPU is less sensitive than wall time to what else the shared machine is doing. The main
        # thread waits for its own connection's backend, so their sum bounds the import's wall time
        # on an idle machine (from above: the backend also works while the client streams COPY rows).
        print(
            f"cpu: python {c_py:.1f} s, database backend {c_db + c_ander:.1f} s, "
            f"samen {c_py + c_db + c_ander:.1f} s; piekgeheugen {piek_geheugen_mib():.0f} MiB"
        )
        print(
            f"kritiek pad: hoofddraad {c_hoofd:.1f} s + zijn backend {c_db:.1f} s = {c_hoofd + c_db:.1f} s "
            f"(andere draad {max(0.0, c_py - c_hoofd):.1f} s, andere backends {c_ander:.1f} s)"
        )
        if profiel:
            pstats.Stats(profiel).sort_stats("cumulative").print_stats(35)
        t2 = time.perf_counter()
        r2 = camt053_importeer(bron=pad)
        print(
            f"zelfde bestand opnieuw: {r2.al_ingelezen} al ingelezen, {r2.toegerekend} geboekt, {time.perf_counter() - t2:.1f} s"
        )
    finally:
        connection.creation.destroy_test_db(oude_naam, verbosity=0)


if __name__ == "__main__":
    main()
