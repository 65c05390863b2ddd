"""Latency of the officers' dashboard under concurrent load, next to two trivial views on the same server.

PostgreSQL with PERSONEN residents and AANSLAGEN aanslagen (each with its ledger booking), a share of
them in the chain with open tasks; gunicorn as docker-compose runs it (3 sync workers, production
settings: DEBUG off, so the cached template loader, persistent connections CONN_MAX_AGE) and wrk as
the load. Measured per page: p50/p95/p99, requests/s, CPU per request (gunicorn workers + their
PostgreSQL backends, from /proc) and the p95 ratio to two baselines:

- ``/healthz``: one SELECT 1, no session (Django alone);
- ``/medewerker/ijkpunt/``: a tiny response behind the officers' sign-in and middleware (session,
  user, role check): the cost of "Django with a signed-in officer", no page queries.

Goal (issue 9): dossier and worklist p95 <= 3x the trivial view.

    .venv/bin/python bench/medewerker_latency.py [--aanslagen 1000000] [--duur 20] [--verbindingen 4]
    .venv/bin/python bench/medewerker_latency.py --hergebruik   # measure again on the loaded database

Needs PostgreSQL on 127.0.0.1:5432 (trust) and wrk (Debian package). Creates the database (--database,
default si_mw_bench) afresh unless --hergebruik.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._db import PYTHON, ROOT, manage, verse_database  # noqa: E402

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.0f %.0f %d\\n", summary.requests,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.status))
end
"""

VULLEN = """
INSERT INTO invordering_belastingplichtige (id, bsn, voorletters, voornaam, tussenvoegsel, achternaam, straat,
  huisnummer, huisnummer_toevoeging, postcode, woonplaats, telefoon, email, taal, kanaal, iban, leefsituatie,
  partner_naam, aantal_kinderen, is_ondernemer, klantgroep, aangemaakt_op, gewijzigd_op)
SELECT g, lpad((100000000 + g)::text, 9, '0'), 'A.', 'Anna', '', 'Naam' || g, 'Straat', g % 200 + 1, '',
  lpad(((g / 200) % 9000 + 1000)::text, 4, '0') || ' AB', 'Plaats', '0612345678', '', 'nl', 'brief', '',
  'alleenstaande', '', 0, false, '', now(), now()
FROM generate_series(1, {personen}) g;

INSERT INTO invordering_aanslag (id, aanslagnummer, belastingjaar, dagtekening, vervaldatum, betalingskenmerk,
  aantal_termijnen, status, bedrag_belasting, open_belasting, open_kosten, open_rente, openstaand,
  aangemaakt_op, belastingplichtige_id)
SELECT g, 'B' || g, 2020 + g % 7, DATE '2026-02-28', DATE '2026-04-30', lpad(g::text, 16, '0'), 1,
  CASE WHEN g % 10 < 8 THEN 'betaald' ELSE 'open' END, 300, CASE WHEN g % 10 < 8 THEN 0 ELSE 300 END, 0, 0,
  CASE WHEN g % 10 < 8 THEN 0 ELSE 300 END, now(), (g - 1) % {personen} + 1
FROM generate_series(1, {aanslagen}) g;

INSERT INTO invordering_boeking (datum, component, soort, bedrag, omschrijving, aangemaakt_op, aanslag_id)
SELECT DATE '2026-02-28', 'belasting', 'aanslag', 300, '', now(), g FROM generate_series(1, {aanslagen}) g;

INSERT INTO invordering_taak (soort, status, aangemaakt_op, deadline, uitkomst, toelichting, bron, aanslag_id,
  belastingplichtige_id)
SELECT (ARRAY['voorbellen_aanmaning','voorbellen_dwangbevel','huisbezoek','sociaal_spoor','terugbelverzoek',
  'kwijtschelding_beoordelen'])[g % 6 + 1], 'open', DATE '2026-05-01', DATE '2026-05-20' + (g % 30), '', '', '',
  g * 10 - 1, (g * 10 - 2) % {personen} + 1
FROM generate_series(1, {taken}) g;

SELECT setval(pg_get_serial_sequence('invordering_belastingplichtige', 'id'), {personen});
SELECT setval(pg_get_serial_sequence('invordering_aanslag', 'id'), {aanslagen});
VACUUM ANALYZE;
"""


def vul(database_url: str, *, aanslagen: int) -> dict:
    import psycopg

    personen = max(1, aanslagen * 2 // 5)  # 2.5 aanslagen per resident on average
    taken = aanslagen // 20  # the open aanslagen in the chain, half of them with a task
    begin = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as conn:
        for opdracht in VULLEN.split(";\n"):
            if opdracht.strip():
                for naam, waarde in (("personen", personen), ("aanslagen", aanslagen), ("taken", taken)):
                    opdracht = opdracht.replace("{" + naam + "}", str(waarde))
                conn.execute(opdracht)
    return {
        "personen": personen,
        "aanslagen": aanslagen,
        "taken": taken,
        "seconden": time.perf_counter() - begin,
    }


def productie(database_url: str, static: Path) -> dict[str, str]:
    """The environment of a production server (DEBUG off, cached template loader, persistent
    connections), without 2FA and TLS redirects so a bench can sign in with a session cookie."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "MEDEWERKER_2FA": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(static),
        "LOG_LEVEL": "WARNING",
    }


def paginas(persoon: int) -> dict[str, str]:
    """The pages measured, the two baselines first."""
    return {
        "triviaal (/healthz)": "/healthz",
        "triviaal ingelogd (ijkpunt)": "/medewerker/ijkpunt/",
        "werkbakken (start)": "/medewerker/",
        "werkbak voorbellen": "/medewerker/werkbak/voorbellen/",
        "dossier": f"/medewerker/dossier/{persoon}/?via=werkbak:voorbellen",
        "zoeken op naam (lijst)": "/medewerker/zoeken/?q=Naam12345",
    }


def sessie(env: dict) -> tuple[str, int]:
    """A signed-in officer (session cookie) and a resident with several aanslagen and a task."""
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from django.contrib.auth.models import Group;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from invordering import rollen; rollen.rollen_bijwerken();"
        "u, _ = get_user_model().objects.get_or_create(username='bench');"
        "u.set_password('bench-wachtwoord-123'); u.save(); u.groups.set([Group.objects.get(name=rollen.MEDEWERKER)]);"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'medewerker.inloggen.Rechten';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.save(); print('SESSIE', s.session_key)"
    )
    uit = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.search(r"SESSIE (\w+)", uit).group(1), 1000


def wrk(url: str, *, cookie: str, duur: int, verbindingen: int, lua: Path) -> dict:
    uit = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{verbindingen}",
            f"-d{duur}s",
            "--timeout",
            "10s",
            "-s",
            str(lua),
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    n, p50, p95, p99, fouten = map(
        int, map(float, re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\S+)", uit).groups())
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", uit).group(1))
    return {"n": n, "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000, "rps": rps, "fouten": fouten}


def _cpu_seconden(pid: int) -> float:
    """User + system CPU of one process (Linux /proc), 0 when it is gone."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def processen(server: subprocess.Popen, database_url: str) -> dict[str, list[int]]:
    """The gunicorn workers and the PostgreSQL backends connected to the bench database."""
    import psycopg

    workers = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    with psycopg.connect(database_url, autocommit=True) as conn:
        backends = [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
    return {"web": [server.pid, *workers], "db": backends}


def cpu(pids: dict[str, list[int]]) -> dict[str, dict[int, float]]:
    return {soort: {p: _cpu_seconden(p) for p in lijst} for soort, lijst in pids.items()}


def cpu_verschil(voor: dict[str, dict[int, float]], na: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU used between two readings, per kind; a process started in between counts from zero, one
    that ended in between is left out (its last seconds are lost, never counted negative)."""
    return {
        soort: sum(max(0.0, s - voor.get(soort, {}).get(p, 0.0)) for p, s in na[soort].items() if s > 0)
        for soort in na
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aanslagen", type=int, default=1_000_000)
    parser.add_argument("--duur", type=int, default=20)
    parser.add_argument("--verbindingen", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="as docker-compose.yml runs gunicorn")
    parser.add_argument("--poort", type=int, default=8765)
    parser.add_argument("--database", default="si_mw_bench", help="name of the PostgreSQL database")
    parser.add_argument("--hergebruik", action="store_true", help="take --database as the last run left it")
    args = parser.parse_args()

    if args.hergebruik:
        database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
        manage("migrate", "-v0", database_url=database_url)  # new indexes since the last load
    else:
        database_url = verse_database(args.database)
        manage("migrate", "-v0", database_url=database_url)
        gevuld = vul(database_url, aanslagen=args.aanslagen)
        print(
            f"geladen: {gevuld['personen']:,} inwoners, {gevuld['aanslagen']:,} aanslagen, "
            f"{gevuld['taken']:,} open taken in {gevuld['seconden']:.0f} s"
        )

    static = Path(tempfile.mkdtemp(prefix="si-mw-static-"))
    env = {**os.environ, **productie(database_url, static)}
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    cookie, persoon = sessie(env)
    lua = static / "p95.lua"
    lua.write_text(LUA)
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.poort}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        basis = f"http://127.0.0.1:{args.poort}"
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{basis}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        uitkomst = {}
        for naam, pad in paginas(persoon).items():
            wrk(basis + pad, cookie=cookie, duur=3, verbindingen=args.verbindingen, lua=lua)  # warm-up
            voor = cpu(processen(server, database_url))
            uitkomst[naam] = wrk(
                basis + pad, cookie=cookie, duur=args.duur, verbindingen=args.verbindingen, lua=lua
            )
            verschil = cpu_verschil(voor, cpu(processen(server, database_url)))
            n = max(1, uitkomst[naam]["n"])
            uitkomst[naam]["cpu_web"] = verschil["web"] * 1000 / n
            uitkomst[naam]["cpu_db"] = verschil["db"] * 1000 / n
        healthz = uitkomst["triviaal (/healthz)"]
        ijkpunt = uitkomst["triviaal ingelogd (ijkpunt)"]
        print(
            f"\n{args.verbindingen} verbindingen, {args.workers} gunicorn-workers, {args.duur} s per pagina; "
            "CPU in ms per verzoek (gunicorn / PostgreSQL)"
        )
        print(
            f"{'pagina':29} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>6} {'cpu web':>8} {'cpu db':>7}"
            f" {'p95/healthz':>12} {'p95/ijkpunt':>12} {'cpu/ijkpunt':>12} {'fouten':>7}"
        )
        for naam, r in uitkomst.items():
            print(
                f"{naam:29} {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} {r['rps']:6.0f} {r['cpu_web']:8.2f}"
                f" {r['cpu_db']:7.2f} {r['p95'] / healthz['p95']:12.2f} {r['p95'] / ijkpunt['p95']:12.2f}"
                f" {(r['cpu_web'] + r['cpu_db']) / (ijkpunt['cpu_web'] + ijkpunt['cpu_db']):12.2f} {r['fouten']:7d}"
            )
        print(
            "Doel (issue 9): p95 van dossier en elke werkbak <= 3x de triviale view. Beide ijkpunten staan "
            "hierboven; het doel geldt tegen /healthz, p95/ijkpunt is de vergelijking met Django met een "
            "ingelogde medewerker."
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static, ignore_errors=True)


if __name__ == "__main__":
    main()
