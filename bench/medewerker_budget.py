"""Where the CPU of a dashboard page goes: Django with a signed-in officer, the template, the page's own
Python (reads, forms, the audit row) and PostgreSQL, per request, in one process without load.

The latency bench (``medewerker_latency.py``) says how far each page is from the trivial view; this one
says why, and what a change could win at most: a page cannot get cheaper than its cost without the
part a change removes. Run it on the database that bench loaded:

    .venv/bin/python bench/medewerker_budget.py [--database si_mw_bench] [--herhaal 300]

Requests go through Django's WSGI handler as gunicorn calls it, with the same production settings
(DEBUG off, cached template loader, persistent connection). CPU is ``time.process_time`` for Python
and ``/proc`` of the connection's PostgreSQL backend; the template is timed around the Django backend's
``Template.render``.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._db import PYTHON, ROOT  # noqa: E402
from bench.medewerker_latency import _cpu_seconden, paginas, productie, sessie  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="si_mw_bench", help="loaded by medewerker_latency.py")
    parser.add_argument("--herhaal", type=int, default=300, help="requests per page (after 30 warm-up)")
    args = parser.parse_args()

    static = Path(tempfile.mkdtemp(prefix="si-mw-budget-"))
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ.update({**productie(database_url, static), "DJANGO_SETTINGS_MODULE": "config.settings"})
    subprocess.run([PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], check=True)
    cookie, persoon = sessie(dict(os.environ))

    import django

    django.setup()
    import django.template.backends.django as backend
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    sjabloon = {"cpu": 0.0}
    render = backend.Template.render

    def getimed(self, context=None, request=None):
        begin = time.process_time()
        try:
            return render(self, context, request)
        finally:
            sjabloon["cpu"] += time.process_time() - begin

    backend.Template.render = getimed
    queries = {"n": 0}

    def tel(execute, sql, params, many, context):
        queries["n"] += 1
        return execute(sql, params, many, context)

    handler = WSGIHandler()
    status = {}

    def verzoek(pad: str) -> None:
        pad, _, query = pad.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": pad,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={cookie}",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        antwoord = handler(environ, lambda s, h, e=None: status.__setitem__("s", s))
        b"".join(antwoord)
        antwoord.close()

    uitkomst = {}
    for naam, pad in paginas(persoon).items():
        for _ in range(30):
            verzoek(pad)
        if not status["s"].startswith("200"):
            raise SystemExit(f"{pad}: {status['s']}")
        backend_pid = connection.cursor().connection.info.backend_pid
        sjabloon["cpu"], queries["n"] = 0.0, 0
        db_voor, web_voor = _cpu_seconden(backend_pid), time.process_time()
        with connection.execute_wrapper(tel):
            for _ in range(args.herhaal):
                verzoek(pad)
        n = args.herhaal
        uitkomst[naam] = {
            "web": (time.process_time() - web_voor) * 1000 / n,
            "db": (_cpu_seconden(backend_pid) - db_voor) * 1000 / n,
            "sjabloon": sjabloon["cpu"] * 1000 / n,
            "queries": queries["n"] / n,
        }
    basis, ingelogd = uitkomst["triviaal (/healthz)"], uitkomst["triviaal ingelogd (ijkpunt)"]
    print(f"\nCPU in ms per verzoek, {args.herhaal} verzoeken per pagina, één proces zonder belasting")
    print(
        f"{'pagina':29} {'queries':>7} {'web':>6} {'sjabloon':>8} {'eigen':>6} {'db':>6} {'totaal':>6}"
        f" {'/healthz':>8} {'/ijkpunt':>8} {'zonder sjabloon /healthz':>25}"
    )
    for naam, r in uitkomst.items():
        totaal = r["web"] + r["db"]
        # The page's own Python: what it costs beyond a signed-in trivial page and its template.
        eigen = r["web"] - r["sjabloon"] - ingelogd["web"] if r is not basis and r is not ingelogd else 0.0
        print(
            f"{naam:29} {r['queries']:7.1f} {r['web']:6.2f} {r['sjabloon']:8.2f} {eigen:6.2f} {r['db']:6.2f}"
            f" {totaal:6.2f} {totaal / (basis['web'] + basis['db']):8.1f}"
            f" {totaal / (ingelogd['web'] + ingelogd['db']):8.1f}"
            f" {(totaal - r['sjabloon']) / (basis['web'] + basis['db']):25.1f}"
        )
    print(
        "web = Python van het verzoek; sjabloon = daarvan het renderen; eigen = web - sjabloon - web van "
        "ijkpunt; db = CPU van de PostgreSQL-backend. Doel (issue 9): p95 <= 3x de triviale view; onder "
        "volle belasting volgt p95 de CPU per verzoek (docs/medewerker.md)."
    )
    shutil.rmtree(static, ignore_errors=True)


if __name__ == "__main__":
    main()
