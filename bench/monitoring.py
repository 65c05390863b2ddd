"""Benchmark: the monitoring report on PostgreSQL with many aanslagen.

    .venv/bin/python bench/monitoring.py [--aanslagen 1000000] [--herhaal 3] [--bewaar]

Fills a fresh database (``si_mon_bench``) set-based with generate_series: residents in ten places, two
tax years of aanslagen (half 2025, half 2026) with a ledger of the usual shape (almost all paid, some
costs, waived costs, remission, uncollectable), contacts, tasks, pauses, plans, remission requests and
decisions, and the chain's step facts when the chain's models are present. Then it times the full
report for the year 2026 (all sections, as the page builds it), per group 'totaal' and 'woonplaats',
and prints the query count. Figures go into docs/monitoring.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _db import verse_database  # noqa: E402

VULLEN = [
    # Residents: 1 per 1.4 aanslagen, ten places, 200 postcode areas, four customer groups.
    """
    INSERT INTO invordering_belastingplichtige (id, bsn, voorletters, voornaam, tussenvoegsel, achternaam, straat,
        huisnummer_toevoeging, postcode, woonplaats, telefoon, email, taal, kanaal, iban, leefsituatie,
        partner_naam, is_ondernemer, klantgroep, aangemaakt_op, gewijzigd_op)
    SELECT i, lpad(i::text, 9, '0'), '', '', '', 'Bench', '', '', (8000 + i %% 200)::text || ' AB',
        (ARRAY['Zwolle','Kampen','Deventer','Almelo','Hengelo','Enschede','Dalfsen','Ommen','Raalte','Olst'])[1 + i %% 10],
        '', '', 'nl', 'brief', '', '', '', false,
        (ARRAY['betaalt_op_tijd','vergeet','nieuwe_achterstand','meerjarige_achterstand'])[1 + (i * 7) %% 4],
        now(), now()
    FROM generate_series(1, %(inwoners)s) AS i
    """,
    # Aanslagen: odd ids 2025, even ids 2026; 93%% paid, 3%% remitted, 1%% uncollectable, 3%% open.
    """
    INSERT INTO invordering_aanslag (id, aanslagnummer, belastingjaar, dagtekening, vervaldatum, betalingskenmerk,
        aantal_termijnen, status, bedrag_belasting, open_belasting, open_kosten, open_rente, openstaand,
        afgehandeld_op, aangemaakt_op, belastingplichtige_id)
    SELECT i, 'B' || i, j, make_date(j, 2, 28), make_date(j, 4, 30), lpad(i::text, 16, '0'), 1,
        CASE WHEN p < 93 THEN 'betaald' WHEN p < 96 THEN 'kwijtgescholden' WHEN p < 97 THEN 'oninbaar' ELSE 'open' END,
        100 + (i * 37) %% 500, 0, 0, 0, CASE WHEN p >= 97 THEN 100 + (i * 37) %% 500 ELSE 0 END,
        CASE WHEN p < 97 THEN make_date(j, 3, 1) + (i * 13) %% 280 END, now(), 1 + i %% %(inwoners)s
    FROM (SELECT i, 2025 + i %% 2 AS j, (i * 31) %% 100 AS p FROM generate_series(1, %(aanslagen)s) AS i) s
    """,
    # Ledger: the tax, then payments, costs, remission and write-offs spread over the year.
    """
    INSERT INTO invordering_boeking (datum, component, soort, bedrag, omschrijving, aangemaakt_op, aanslag_id)
    SELECT a.dagtekening, 'belasting', 'aanslag', a.bedrag_belasting, '', now(), a.id FROM invordering_aanslag a
    """,
    """
    INSERT INTO invordering_boeking (datum, component, soort, bedrag, omschrijving, aangemaakt_op, aanslag_id)
    SELECT a.afgehandeld_op,
        'belasting',
        CASE a.status WHEN 'betaald' THEN 'betaling' WHEN 'kwijtgescholden' THEN 'kwijtschelding' ELSE 'oninbaar' END,
        -a.bedrag_belasting, '', now(), a.id
    FROM invordering_aanslag a WHERE a.afgehandeld_op IS NOT NULL
    """,
    """
    INSERT INTO invordering_boeking (datum, component, soort, bedrag, omschrijving, aangemaakt_op, aanslag_id)
    SELECT a.vervaldatum + 30, 'kosten', 'kosten', 18, '', now(), a.id FROM invordering_aanslag a WHERE a.id %% 12 = 0
    UNION ALL
    SELECT a.vervaldatum + 50, 'kosten', 'betaling', -18, '', now(), a.id FROM invordering_aanslag a WHERE a.id %% 24 = 0
    UNION ALL
    SELECT a.vervaldatum + 40, 'kosten', 'kosten_vervallen', -18, '', now(), a.id FROM invordering_aanslag a WHERE a.id %% 36 = 6
    """,
    """
    INSERT INTO invordering_contact (tijdstip, kanaal, richting, uitkomst, notitie, belastingplichtige_id)
    SELECT make_timestamptz(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28, 10, 0, 0), CASE WHEN i %% 9 = 0 THEN 'huisbezoek' ELSE 'telefoon' END,
        CASE WHEN i %% 11 = 0 THEN 'inkomend' ELSE 'uitgaand' END,
        (ARRAY['niet_bereikt','niet_bereikt','bereikt_wil_wel','bereikt_kan_niet','bereikt_wil_niet','verkeerd_nummer'])[1 + i %% 6],
        '', 1 + (i * 17) %% %(inwoners)s
    FROM generate_series(1, %(aanslagen)s / 15) AS i
    """,
    """
    INSERT INTO invordering_taak (soort, status, aangemaakt_op, deadline, afgerond_op, uitkomst, toelichting, bron,
        belastingplichtige_id)
    SELECT 'voorbellen_aanmaning', CASE WHEN i %% 5 = 0 THEN 'open' ELSE 'afgerond' END,
        make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28), make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28) + 10,
        CASE WHEN i %% 5 <> 0 THEN make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28) + i %% 14 END, '', '', '',
        1 + (i * 19) %% %(inwoners)s
    FROM generate_series(1, %(aanslagen)s / 20) AS i
    """,
    """
    INSERT INTO invordering_pauze (reden, start, beeindigd_op, beeindigd_reden, bron, toelichting, aangemaakt_op,
        belastingplichtige_id)
    SELECT (ARRAY['betalingsregeling','kwijtschelding','adempauze','schuldhulp'])[1 + i %% 4],
        make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28),
        CASE WHEN i %% 3 = 0 THEN make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28) + 60 END, '', '', '', now(),
        1 + (i * 23) %% %(inwoners)s
    FROM generate_series(1, %(aanslagen)s / 30) AS i
    """,
    """
    INSERT INTO invordering_betalingsregeling (status, startdatum, totaal, termijnbedrag, afwijking_reden, overgeslagen,
        gepauzeerde_maanden, versie, beeindigd_op, besluit, bron, aangemaakt_op, belastingplichtige_id)
    SELECT (ARRAY['afgerond','vervallen','beeindigd','actief'])[1 + i %% 4],
        make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28), 300, 50, '', 0, 0, 1,
        CASE WHEN i %% 4 <> 3 THEN make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28) + 150 END, '', 'medewerker', now(),
        1 + (i * 29) %% %(inwoners)s
    FROM generate_series(1, %(aanslagen)s / 50) AS i
    """,
    """
    INSERT INTO kwijtschelding_kwijtscheldingsverzoek (status, ingediend_op, bron, leefsituatie, partner_naam,
        aantal_kinderen, aow_aanvrager, aow_partner, ondernemer, woonlasten, huurtoeslag, zorgpremie, zorgtoeslag,
        alimentatie_betaald, kinderopvang_netto, banktegoed, auto_waarde, auto_onmisbaar, overig_vermogen,
        toestemming_automatische_toets, ontbrekend, aangemaakt_op, gewijzigd_op, belastingplichtige_id)
    SELECT (ARRAY['toegewezen','gedeeltelijk','afgewezen'])[1 + i %% 3], make_date(2025 + i %% 2, 1 + i %% 12, 1 + i %% 28),
        'portaal', 'alleenstaande', '', 0, false, false, false, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, false, '', now(), now(),
        1 + (i * 31) %% %(inwoners)s
    FROM generate_series(1, %(aanslagen)s / 40) AS i
    """,
    """
    INSERT INTO kwijtschelding_besluit (uitkomst, datum, kwijtgescholden, te_betalen, bezwaar_tot, berekening,
        automatisch, afwijzingsgrond, aangemaakt_op, verzoek_id)
    SELECT v.status, v.ingediend_op + 20, CASE WHEN v.status = 'afgewezen' THEN 0 ELSE 150 END, 0, v.ingediend_op + 62,
        '{}', v.id %% 2 = 0, '', now(), v.id
    FROM kwijtschelding_kwijtscheldingsverzoek v
    """,
    # Chain facts: a reminder after the due date for 1 in 4 aanslagen, an aanmaning for 1 in 8, a
    # dwangbevel for 1 in 25, fewer renewed demands and handovers, bvv-gate decisions; 1 in 10 residents
    # in the pilot variant.
    """
    INSERT INTO invordering_ketenstap (sleutel, aanslag_id, belastingplichtige_id, soort, datum, kosten, kosten_tarief,
        beleid_naam, regel, reden, tegengehouden, sjabloon, toelichting, aangemaakt_op)
    SELECT s.soort || ':' || a.id, a.id, a.belastingplichtige_id, s.soort, a.vervaldatum + s.dagen, s.kosten, s.kosten,
        CASE WHEN a.belastingplichtige_id %% 10 = 0 THEN 'Proef bellen' ELSE 'Sociaal' END, 'bench',
        s.reden, s.tegen, '', '', now()
    FROM invordering_aanslag a
    JOIN (VALUES ('herinnering_na_vervaldatum', 4, 3, 0, '', ''), ('aanmaning', 8, 21, 18, '', ''),
                 ('dwangbevel', 25, 45, 46, '', ''), ('hernieuwd_bevel', 100, 75, 18, '', ''),
                 ('deurwaarder', 200, 100, 0, '', ''),
                 ('geen_escalatie', 90, 45, 0, 'beslagvrije_voet', 'dwangbevel'))
         AS s(soort, elke, dagen, kosten, reden, tegen) ON a.id %% s.elke = 0
    """,
    # The chain position per aanslag, as the run keeps it, derived from the facts above.
    """
    INSERT INTO invordering_ketenstand (aanslag_id, fase, fase_datum, herinnering_op, aanmaning_op,
        vooraankondiging_op, dwangbevel_op, hernieuwd_bevel_op, kosten_totaal, gepauzeerd, bijgewerkt_op)
    SELECT aanslag_id, max(soort), max(datum),
        max(datum) FILTER (WHERE soort = 'herinnering_na_vervaldatum'), max(datum) FILTER (WHERE soort = 'aanmaning'),
        max(datum) FILTER (WHERE soort = 'vooraankondiging'), max(datum) FILTER (WHERE soort = 'dwangbevel'),
        max(datum) FILTER (WHERE soort = 'hernieuwd_bevel'), sum(kosten), false, max(datum)
    FROM invordering_ketenstap GROUP BY aanslag_id
    """,
    "ANALYZE",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aanslagen", type=int, default=1_000_000)
    parser.add_argument("--herhaal", type=int, default=3)
    parser.add_argument(
        "--bewaar", action="store_true", help="keep the filled database (skip filling if it exists)"
    )
    args = parser.parse_args()
    naam = "si_mon_bench"
    url = f"postgres://postgres@127.0.0.1:5432/{naam}"
    if not args.bewaar or os.environ.get("BENCH_VERS", "1") == "1":
        url = verse_database(naam)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from monitoring.periodes import Periode
    from monitoring.rapport import rapport_lees, rapport_maak, snapshot_maak
    from monitoring.weergave import grafieken_voor

    call_command("migrate", verbosity=0)
    with connection.cursor() as c:
        c.execute("SELECT to_regclass('invordering_aanslag') IS NOT NULL")
        bestaat = c.fetchone()[0]
        if bestaat:
            c.execute("SELECT count(*) FROM invordering_aanslag")
            bestaat = c.fetchone()[0] == args.aanslagen
    if not bestaat:
        begin = time.perf_counter()
        parameters = {"aanslagen": args.aanslagen, "inwoners": int(args.aanslagen / 1.4)}
        with connection.cursor() as c:
            for sql in VULLEN:
                c.execute(sql, parameters)
        print(f"gevuld: {args.aanslagen:,} aanslagen in {time.perf_counter() - begin:.1f} s")
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM invordering_boeking")
        print(f"boekingen: {c.fetchone()[0]:,}")
    periode = Periode.jaar(2026)
    for groep in ("totaal", "woonplaats"):
        tijden = []
        for _ in range(args.herhaal):
            begin = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                r = rapport_maak(periode=periode, dimensie=groep)
                grafieken_voor(r)
            tijden.append(time.perf_counter() - begin)
        print(
            f"rapport 2026 per {groep}: beste {min(tijden):.2f} s, slechtste {max(tijden):.2f} s, {len(q)} queries"
        )
        traagste = sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:3]
        for t in traagste:
            print(f"   {float(t['time']):.2f} s  {t['sql'][:110]}")
        # The page as the teamlead opens it: the nightly snapshot, charts and the template.
        snapshot_maak(periode=periode, dimensie=groep, nu=timezone.now())
        tijden = []
        for _ in range(args.herhaal):
            begin = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                r = rapport_lees(periode=periode, dimensie=groep)
                html = render_to_string(
                    "monitoring/rapport.html",
                    {"rapport": r, "grafieken": grafieken_voor(r), "periode": periode, "groep": groep},
                )
            tijden.append(time.perf_counter() - begin)
        assert r.snapshot_op is not None and len(html) > 10_000
        print(
            f"pagina uit snapshot per {groep}: beste {min(tijden):.3f} s, slechtste {max(tijden):.3f} s, {len(q)} queries"
        )


if __name__ == "__main__":
    main()
