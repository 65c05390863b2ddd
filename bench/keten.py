"""Benchmark: one day's collection-chain run over 1,000,000 open aanslagen in PostgreSQL.

    .venv/bin/python bench/keten.py [--aanslagen 1000000] [--alleen-referentie] [--naam PREFIX]
    .venv/bin/python bench/keten.py --alleen-laden ...   # load outside the bench lock, then
    flock /work/bench.lock .venv/bin/python bench/keten.py --hergebruik ...   # measure

1. Fresh database ``<naam>`` (``--naam``, default ``si_bench_keten``); residents, aanslagen (10% in
   10 installments), the tax in the ledger and chain positions are loaded with set-based SQL (not
   timed), then copied (CREATE DATABASE ... TEMPLATE) to the databases the runs change. The bench day
   has a heavy mix: ~20% of the aanslagen get a step (free reminders, aanmaningen,
   vooraankondigingen, calls before the dwangbevel, hernieuwde bevelen, pause decisions, the bvv gate
   for low incomes). ``keten_draaien`` runs in a child process: wall time, its CPU, the CPU of its
   PostgreSQL backend (from /proc while its connection is open), peak memory (max RSS).
   ``--alleen-laden`` stops after loading; ``--hergebruik`` measures on those copies (under the
   bench lock) and refuses copies a run has already changed.
2. The ratio against a raw-SQL reference for the simplest step (the free reminder after the due
   date): a second database where that is the only step due for 15% of the aanslagen, copied once
   (CREATE DATABASE ... TEMPLATE); the run on one copy, three INSERT ... SELECT statements (letters,
   facts, positions) on the other. Both must take the same decisions (count and checksum of the
   aanslagen that got the reminder); the ratio is run time / SQL time.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _db import manage, verse_database  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
DAG = "2026-06-01"

PERSONEN = """
INSERT INTO invordering_belastingplichtige
  (bsn, voorletters, voornaam, tussenvoegsel, achternaam, straat, huisnummer, huisnummer_toevoeging,
   postcode, woonplaats, telefoon, email, taal, kanaal, iban, leefsituatie, partner_naam, is_ondernemer,
   klantgroep, klantgroep_bepaald_op, aangemaakt_op, gewijzigd_op)
SELECT lpad(i::text, 9, '0'), 'A.', 'Anna', '', 'Bench' || i, 'Kerkstraat', (i %% 150) + 1, '',
       (1000 + i %% 8999)::text || ' AB', 'Lindeveld', '', '', 'nl', 'brief', '', 'alleenstaande', '', false,
       'betaalt_op_tijd', DATE '2026-05-31', now(), now()
FROM generate_series(1, %(n)s) AS i
"""

# Groups by g = i % 100 (see the module docstring); columns: dagtekening, vervaldatum, stand.
AANSLAGEN = """
INSERT INTO invordering_aanslag
  (aanslagnummer, belastingplichtige_id, belastingjaar, dagtekening, vervaldatum, betalingskenmerk,
   aantal_termijnen, status, bedrag_belasting, open_belasting, open_kosten, open_rente, openstaand, aangemaakt_op)
SELECT 'B' || lpad(i::text, 10, '0'), p.id, 2026, x.dagtekening, x.vervaldatum, lpad(i::text, 16, '0'),
       x.termijnen, 'open', 300.00, 300.00, 0, 0, 300.00, now()
FROM generate_series(1, %(n)s) AS i
JOIN invordering_belastingplichtige p ON p.bsn = lpad(i::text, 9, '0')
CROSS JOIN LATERAL (SELECT
    CASE WHEN %(alleen)s THEN
        CASE WHEN i %% 100 < 15 THEN DATE '2026-02-28' ELSE DATE '2026-05-28' END
    WHEN i %% 100 < 40 THEN DATE '2026-05-28' ELSE DATE '2026-02-28' END AS dagtekening,
    CASE WHEN %(alleen)s THEN
        CASE WHEN i %% 100 < 15 THEN DATE '2026-05-29' ELSE DATE '2026-09-30' END
    WHEN i %% 100 < 40 THEN DATE '2026-09-30'
    WHEN i %% 100 < 46 THEN DATE '2026-05-29'
    WHEN i %% 100 < 49 THEN DATE '2026-06-08'
    ELSE DATE '2026-04-30' END AS vervaldatum,
    CASE WHEN NOT %(alleen)s AND i %% 100 < 40 AND i %% 4 = 0 THEN 10 ELSE 1 END AS termijnen
) x
"""

TERMIJNEN = """
INSERT INTO invordering_termijn (aanslag_id, volgnummer, vervaldatum, bedrag)
SELECT a.id, t, (DATE '2026-06-30' + make_interval(months => t - 1))::date, 30.00
FROM invordering_aanslag a CROSS JOIN generate_series(1, 10) AS t WHERE a.aantal_termijnen = 10;
INSERT INTO invordering_termijn (aanslag_id, volgnummer, vervaldatum, bedrag)
SELECT a.id, 1, a.vervaldatum, 300.00 FROM invordering_aanslag a WHERE a.aantal_termijnen = 1;
INSERT INTO invordering_boeking (aanslag_id, datum, component, soort, bedrag, omschrijving, aangemaakt_op)
SELECT a.id, a.dagtekening, 'belasting', 'aanslag', a.bedrag_belasting, '', now() FROM invordering_aanslag a;
"""

# Chain positions for the mixed day (g = number in the aanslagnummer mod 100).
STANDEN = """
INSERT INTO invordering_ketenstand
  (aanslag_id, fase, fase_datum, herinnering_op, aanmaning_op, vooraankondiging_op, dwangbevel_op,
   hernieuwd_bevel_op, kosten_totaal, gepauzeerd, wacht_tot, bijgewerkt_op)
SELECT a.id, s.fase, s.fase_datum, s.herinnering_op, s.aanmaning_op, s.vooraankondiging_op, s.dwangbevel_op,
       NULL, s.kosten, false, NULL, DATE '2026-05-31'
FROM invordering_aanslag a
CROSS JOIN LATERAL (SELECT substr(a.aanslagnummer, 2)::bigint %% 100 AS g) gg
CROSS JOIN LATERAL (SELECT
    CASE WHEN g < 54 THEN 'herinnering_na_vervaldatum' WHEN g < 56 THEN 'aanmaning'
         WHEN g < 58 THEN 'vooraankondiging' WHEN g < 59 THEN 'dwangbevel' WHEN g < 60 THEN 'herinnering_na_vervaldatum'
         WHEN g < 75 THEN 'herinnering_na_vervaldatum' ELSE 'aanmaning' END AS fase,
    DATE '2026-05-01' AS fase_datum,
    CASE WHEN g < 54 THEN DATE '2026-05-14' WHEN g < 60 THEN DATE '2026-04-01' WHEN g < 75 THEN DATE '2026-05-20'
         ELSE DATE '2026-04-01' END AS herinnering_op,
    CASE WHEN g < 54 THEN NULL WHEN g < 56 THEN DATE '2026-05-11' WHEN g < 58 THEN DATE '2026-04-27'
         WHEN g < 59 THEN DATE '2026-03-01' WHEN g < 75 THEN NULL ELSE DATE '2026-05-25' END AS aanmaning_op,
    CASE WHEN g >= 56 AND g < 59 THEN DATE '2026-05-18' END AS vooraankondiging_op,
    CASE WHEN g = 58 THEN DATE '2026-04-02' END AS dwangbevel_op,
    CASE WHEN g >= 54 AND g < 59 OR g >= 75 THEN 8.00 ELSE 0 END AS kosten
) s
WHERE g >= 49 AND NOT %(alleen)s
"""

# The customer groups yesterday's run left (klantgroepen.klantgroep over the loaded history, as the
# run's own UPDATE computes them), and the record that this year's recompute of every group is done: a
# real day does not start with every group stale, nor with the yearly recompute.
KLANTGROEPEN = """
UPDATE invordering_belastingplichtige p SET klantgroep = g.groep, klantgroep_bepaald_op = DATE '2026-05-31'
FROM (SELECT a.belastingplichtige_id AS id, CASE
          WHEN count(DISTINCT a.belastingjaar) FILTER (WHERE a.belastingjaar >= 2023 AND k.aanmaning_op IS NOT NULL) >= 2
            THEN 'meerjarige_achterstand'
          WHEN count(*) FILTER (WHERE a.belastingjaar >= 2023 AND k.aanmaning_op IS NOT NULL) >= 1 THEN 'nieuwe_achterstand'
          WHEN count(*) FILTER (WHERE a.belastingjaar >= 2023 AND k.herinnering_op IS NOT NULL) >= 1 THEN 'vergeet'
          ELSE 'betaalt_op_tijd' END AS groep
      FROM invordering_aanslag a LEFT JOIN invordering_ketenstand k ON k.aanslag_id = a.id
      GROUP BY a.belastingplichtige_id) g
WHERE p.id = g.id AND p.klantgroep <> g.groep;
INSERT INTO invordering_verwerking (soort, datum, status, totaal, gedaan, gestart_op, klaar_op, foutmelding, verslag)
VALUES ('klantgroepen', DATE '2026-01-01', 'klaar', NULL, 0, now() - interval '1 day', now() - interval '1 day', '',
        '{}');
"""

PAUZES_EN_INKOMENS = """
INSERT INTO invordering_pauze (belastingplichtige_id, reden, start, bron, toelichting, beeindigd_reden, aangemaakt_op)
SELECT a.belastingplichtige_id, 'handmatig', DATE '2026-05-01', 'bench:' || a.id, '', '', now()
FROM invordering_aanslag a WHERE substr(a.aanslagnummer, 2)::bigint %% 100 = 59;
INSERT INTO invordering_inkomensgegeven (belastingplichtige_id, netto_maandinkomen, bron, peildatum, toelichting, vastgelegd_op)
SELECT a.belastingplichtige_id, CASE WHEN a.id %% 2 = 0 THEN 1100.00 ELSE 3200.00 END, 'uwv', DATE '2026-01-01', '', now()
FROM invordering_aanslag a WHERE substr(a.aanslagnummer, 2)::bigint %% 100 IN (57, 58);
"""

# The raw-SQL reference for the free reminder after the due date (the run's rule for an aanslag in
# one installment with no step yet, no pause: vervaldatum + 3 days on or before the day).
REFERENTIE = """
CREATE TEMP TABLE kandidaat AS
SELECT a.id, a.belastingplichtige_id, a.aanslagnummer, a.belastingjaar, a.openstaand, a.betalingskenmerk,
       p.voorletters, p.tussenvoegsel, p.achternaam, p.straat, p.huisnummer, p.postcode, p.woonplaats, p.taal
FROM invordering_aanslag a
JOIN invordering_belastingplichtige p ON p.id = a.belastingplichtige_id
LEFT JOIN invordering_ketenstand k ON k.aanslag_id = a.id
WHERE a.status = 'open' AND a.vervaldatum + 3 <= DATE '{dag}' AND a.vervaldatum <= DATE '{dag}'
  AND (k.aanslag_id IS NULL OR k.fase IN ('', 'herinnering_halverwege', 'herinnering_voor_einde', 'proactief_contact'))
  AND NOT EXISTS (SELECT 1 FROM invordering_pauze z WHERE z.belastingplichtige_id = a.belastingplichtige_id
                  AND z.start <= DATE '{dag}' AND (z.beeindigd_op IS NULL OR z.beeindigd_op > DATE '{dag}')
                  AND (z.geplande_einde IS NULL OR z.geplande_einde > DATE '{dag}'));
INSERT INTO communicatie_brief (sleutel, sjabloon, datum, ontvanger, naam, adresregels, taal, gegevens, status, pdf, kanaal, aangemaakt_op)
SELECT 'keten:herinnering_na_vervaldatum:' || id, 'herinnering_na_vervaldatum', DATE '{dag}',
       'belastingplichtige:' || belastingplichtige_id, concat_ws(' ', voorletters, nullif(tussenvoegsel, ''), achternaam),
       jsonb_build_array(straat || ' ' || huisnummer, postcode || '  ' || woonplaats), taal,
       jsonb_build_object('aanslagnummer', aanslagnummer, 'belastingjaar', belastingjaar, 'openstaand', openstaand::text,
                          'kosten', '0.00', 'betaling', jsonb_build_object('bedrag', openstaand::text, 'kenmerk', betalingskenmerk,
                          'doel', 'aanslag:' || id), 'uiterste_datum', (DATE '{dag}' + 14)::text),
       'aangemaakt', '', '', now()
FROM kandidaat ON CONFLICT (sleutel) DO NOTHING;
INSERT INTO invordering_ketenstap (sleutel, aanslag_id, belastingplichtige_id, soort, datum, kosten, kosten_tarief,
       beleid_id, beleid_naam, regel, reden, tegengehouden, sjabloon, brief_id, taak_id, toelichting, aangemaakt_op)
SELECT 'herinnering_na_vervaldatum:' || c.id, c.id, c.belastingplichtige_id, 'herinnering_na_vervaldatum', DATE '{dag}',
       0, 0, b.id, b.naam, 'vervaldatum + 3 dagen', '', '', 'herinnering_na_vervaldatum', br.id, NULL, '', now()
FROM kandidaat c
JOIN communicatie_brief br ON br.sleutel = 'keten:herinnering_na_vervaldatum:' || c.id
CROSS JOIN (SELECT id, naam FROM invordering_invorderingsbeleid WHERE basis_id IS NULL ORDER BY geldig_vanaf DESC LIMIT 1) b
ON CONFLICT (sleutel) DO NOTHING;
INSERT INTO invordering_ketenstand (aanslag_id, fase, fase_datum, herinnering_op, kosten_totaal, gepauzeerd, bijgewerkt_op)
SELECT id, 'herinnering_na_vervaldatum', DATE '{dag}', DATE '{dag}', 0, false, DATE '{dag}' FROM kandidaat
ON CONFLICT (aanslag_id) DO UPDATE SET fase = excluded.fase, fase_datum = excluded.fase_datum,
    herinnering_op = excluded.herinnering_op, bijgewerkt_op = excluded.bijgewerkt_op;
"""

CONTROLE = (
    "SELECT count(*), coalesce(sum(aanslag_id), 0) FROM invordering_ketenstap "
    "WHERE soort = 'herinnering_na_vervaldatum' AND datum = DATE '{dag}'"
)


def _cpu_van(pid: int) -> float:
    """User + system CPU seconds of a process on this machine (the PostgreSQL backend of a connection)."""
    velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def sql(url: str, tekst: str, params: dict | None = None) -> float:
    """Run statements on one connection; returns the CPU seconds of its PostgreSQL backend."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        pid = conn.info.backend_pid
        voor = _cpu_van(pid)
        for deel in [s for s in tekst.split(";\n") if s.strip()]:
            conn.execute(deel, params or {})
        return _cpu_van(pid) - voor


def vraag(url: str, tekst: str):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(tekst).fetchone()


def laad(naam: str, n: int, *, alleen: bool) -> str:
    url = verse_database(naam, SERVER)
    manage("migrate", "-v0", database_url=url)
    start = time.perf_counter()
    params = {"n": n, "alleen": alleen}
    sql(url, PERSONEN, params)
    sql(url, AANSLAGEN, params)
    sql(url, TERMIJNEN)
    sql(url, STANDEN, params)
    sql(url, KLANTGROEPEN)
    if not alleen:
        sql(url, PAUZES_EN_INKOMENS)
    sql(url, "VACUUM ANALYZE")
    print(f"  {naam}: {n:,} aanslagen geladen in {time.perf_counter() - start:.0f} s (niet gemeten)")
    return url


def kopie(bron: str, naam: str) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{naam}" TEMPLATE "{bron}"')
    url = f"{SERVER}/{naam}"
    sql(url, "VACUUM ANALYZE")  # statistics and visibility map are not part of the copy's state
    return url


# The run in a child process: its own CPU and peak memory, and the CPU of its PostgreSQL backend
# (read from /proc while the connection is still open; the database runs on this machine).
KIND = """
import json, os, resource, sys, time
import django
django.setup()
from datetime import date
from django.db import connection
from invordering.keten.run import keten_draaien
sys.path.insert(0, {bench!r})
from keten import _cpu_van
connection.ensure_connection()
pid = connection.connection.info.backend_pid
pg = _cpu_van(pid)
start = time.perf_counter()
v = keten_draaien(datum=date.fromisoformat({dag!r}))
duur = time.perf_counter() - start
pg = _cpu_van(pid) - pg
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"duur": duur, "cpu": ru.ru_utime + ru.ru_stime, "pg_cpu": pg, "piek": ru.ru_maxrss / 1024,
                  "verslag": v.als_dict()}}))
"""


# Production runs with DEBUG off (with DEBUG on Django keeps every query's SQL in memory).
def _env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def draai(url: str) -> dict:
    """One day's run in a child process; wall time measured around the whole process as well."""
    import json

    code = KIND.format(bench=str(Path(__file__).resolve().parent), dag=DAG)
    start = time.perf_counter()
    uit = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(url),
        cwd=str(Path(__file__).resolve().parent.parent),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    meting = json.loads(uit.stdout.strip().splitlines()[-1])
    meting["proces"] = time.perf_counter() - start
    return meting


# A run shared by workers, as with Celery: the start (``keten_starten`` without the broker: a
# Verwerking and the chunks), then each worker process runs ``keten_deel_verwerken`` (the Celery task's
# body) for every ``werkers``-th chunk.
START = """
import json, time
import django
django.setup()
from datetime import date
from invordering.constants import VerwerkingSoort
from invordering.keten.klantgroepen import klantgroepen_actueel
from invordering.keten.run import keten_delen
from invordering.verwerkingen import verwerking_start, verwerking_totaal
start = time.time()
datum = date.fromisoformat({dag!r})
verwerking = verwerking_start(soort=VerwerkingSoort.KETEN, datum=datum)
klantgroepen_actueel(datum=datum)
grenzen, totaal = keten_delen()
verwerking_totaal(verwerking, totaal)
print(json.dumps({{"id": verwerking.pk, "grenzen": grenzen, "start": start, "eind": time.time()}}))
"""

WERKER = """
import json, resource, sys, time
import django
django.setup()
from datetime import date
from django.db import connection
from invordering.keten.run import Verslag, keten_deel_verwerken
sys.path.insert(0, {bench!r})
from keten import _cpu_van
taak = json.loads(sys.stdin.read())
connection.ensure_connection()
pid = connection.connection.info.backend_pid
pg = _cpu_van(pid)
datum = date.fromisoformat({dag!r})
verslag = Verslag(datum=datum)
start = time.time()
for van, tot in taak["grenzen"]:
    verslag.optellen(keten_deel_verwerken(verwerking_id=taak["id"], datum=datum, van=van, tot=tot))
eind = time.time()
pg = _cpu_van(pid) - pg
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"start": start, "eind": eind, "cpu": ru.ru_utime + ru.ru_stime, "pg_cpu": pg,
                  "piek": ru.ru_maxrss / 1024, "verslag": verslag.als_dict()}}))
"""


def draai_werkers(url: str, werkers: int) -> dict:
    """One day's run shared by ``werkers`` processes; wall time from the start of ``keten_starten``'s
    work to the end of the last chunk (and around all processes, start-up included)."""
    import json

    bench, cwd = str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)
    begin = time.perf_counter()
    uit = subprocess.run(
        [sys.executable, "-c", START.format(dag=DAG)],
        env=_env(url),
        cwd=cwd,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    start = json.loads(uit.stdout.strip().splitlines()[-1])
    procs = []
    for w in range(werkers):
        proc = subprocess.Popen(
            [sys.executable, "-c", WERKER.format(bench=bench, dag=DAG)],
            env=_env(url),
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        proc.stdin.write(json.dumps({"id": start["id"], "grenzen": start["grenzen"][w::werkers]}))
        proc.stdin.close()
        procs.append(proc)
    metingen = []
    for proc in procs:
        uitvoer = proc.stdout.read()
        if proc.wait() != 0:
            raise SystemExit(f"werker faalde: {proc.returncode}")
        metingen.append(json.loads(uitvoer.strip().splitlines()[-1]))
    eind = max(m["eind"] for m in metingen)
    verwerking = vraag(
        url, f"SELECT status, gedaan, totaal FROM invordering_verwerking WHERE id = {start['id']}"
    )
    return {
        "duur": (start["eind"] - start["start"]) + eind - min(m["start"] for m in metingen),
        "proces": time.perf_counter() - begin,
        "cpu": sum(m["cpu"] for m in metingen),
        "pg_cpu": sum(m["pg_cpu"] for m in metingen),
        "piek": max(m["piek"] for m in metingen),
        "verslag": {"werkers": [m["verslag"] for m in metingen], "verwerking": verwerking},
    }


def _regel(m: dict) -> str:
    return (
        f"{m['duur']:.1f} s wall (proces incl. opstart {m['proces']:.1f} s), CPU Python {m['cpu']:.1f} s, "
        f"CPU PostgreSQL-backend {m['pg_cpu']:.1f} s, piekgeheugen {m['piek']:,.0f} MiB"
    )


def _belasting() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _nog_vers(url: str) -> bool:
    return vraag(url, f"SELECT count(*) FROM invordering_ketenstap WHERE datum = DATE '{DAG}'")[0] == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aanslagen", type=int, default=1_000_000)
    parser.add_argument("--alleen-referentie", action="store_true", help="Sla de gemengde dag over.")
    parser.add_argument("--naam", default="si_bench_keten", help="Voorvoegsel van de databases.")
    parser.add_argument(
        "--alleen-laden",
        action="store_true",
        help="Laad de bron-databases en maak verse kopieen om op te meten; meet niets (buiten de bench-lock).",
    )
    parser.add_argument(
        "--kopieer",
        action="store_true",
        help="Maak alleen verse kopieen van de geladen bron-databases (na een meting; buiten de bench-lock).",
    )
    parser.add_argument(
        "--werkers",
        type=int,
        default=1,
        help="Deel de gemengde dag over zoveel processen (zoals Celery-workers); 1: keten_draaien in een proces.",
    )
    parser.add_argument("--zonder-referentie", action="store_true", help="Sla de referentie over.")
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="Meet op de kopieen van een eerdere --alleen-laden (weigert als er al gedraaid is).",
    )
    args = parser.parse_args()
    n = args.aanslagen
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    gemengd, ref = f"{args.naam}", f"{args.naam}_ref"
    urls = {k: f"{SERVER}/{k}" for k in (f"{gemengd}_run", f"{ref}_run", f"{ref}_sql")}

    if args.kopieer:
        if not args.alleen_referentie:
            kopie(gemengd, f"{gemengd}_run")
        if not args.zonder_referentie:
            kopie(ref, f"{ref}_run")
            kopie(ref, f"{ref}_sql")
        print("  verse kopieen gemaakt; meet met --hergebruik (onder de bench-lock)")
        return
    if not args.hergebruik:
        if not args.alleen_referentie:
            print(f"Gemengde dag ({DAG}), {n:,} open aanslagen:")
            laad(gemengd, n, alleen=False)
            kopie(gemengd, f"{gemengd}_run")
        print(f"Referentie: alleen de kosteloze herinnering na de vervaldatum, {n:,} open aanslagen:")
        laad(ref, n, alleen=True)
        kopie(ref, f"{ref}_run")
        kopie(ref, f"{ref}_sql")
        if args.alleen_laden:
            print("  geladen; meet met --hergebruik (onder de bench-lock)")
            return
    else:
        vers = [
            u
            for u in urls.values()
            if (not args.alleen_referentie or "_ref" in u)
            and (not args.zonder_referentie or "_ref" not in u)
            and not _nog_vers(u)
        ]
        if vers:
            raise SystemExit(f"Niet vers (er is al gedraaid): {vers}; laad opnieuw met --alleen-laden.")

    if not args.alleen_referentie:
        url, w = urls[f"{gemengd}_run"], args.werkers
        print(f"Gemengde dag ({DAG}), {n:,} open aanslagen, {w} werker(s) [{_belasting()}]:")
        m = draai(url) if w == 1 else draai_werkers(url, w)
        print(f"  {m['verslag']}")
        print(f"  {'keten_draaien' if w == 1 else f'{w} werkers'}: {_regel(m)}")
        m2 = draai(url) if w == 1 else draai_werkers(url, w)
        print(f"  zelfde dag nogmaals (maakt niets nieuws): {_regel(m2)}")
        print(f"  [{_belasting()}]")
        if args.zonder_referentie:
            return

    print(
        f"Referentie: alleen de kosteloze herinnering na de vervaldatum, {n:,} open aanslagen [{_belasting()}]:"
    )
    m = draai(urls[f"{ref}_run"])
    start = time.perf_counter()
    pg_sql = sql(urls[f"{ref}_sql"], REFERENTIE.format(dag=DAG))
    duur_sql = time.perf_counter() - start
    a, b = (
        vraag(urls[f"{ref}_run"], CONTROLE.format(dag=DAG)),
        vraag(urls[f"{ref}_sql"], CONTROLE.format(dag=DAG)),
    )
    print(f"  {m['verslag']}")
    print(f"  run: {_regel(m)}")
    print(f"  SQL-referentie: {duur_sql:.1f} s wall, CPU PostgreSQL-backend {pg_sql:.1f} s")
    print(
        f"  verhouding (wall run / wall SQL): {m['duur'] / duur_sql:.1f}x "
        f"(met opstart van het proces {m['proces'] / duur_sql:.1f}x); "
        f"CPU (Python + backend) / CPU SQL-backend: {(m['cpu'] + m['pg_cpu']) / pg_sql:.1f}x"
    )
    print(
        f"  zelfde besluiten: {a == b} (run {a[0]:,} herinneringen, SQL {b[0]:,}; checksum {a[1]} / {b[1]})"
    )
    print(f"  [{_belasting()} op {os.cpu_count()} kernen]")


if __name__ == "__main__":
    main()
