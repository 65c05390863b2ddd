"""PostgreSQL only: let the database hand the run just the aanslagen that may get a fact today.

Most open aanslagen have nothing due on a given day. ``kandidaten`` selects, and locks, a chunk's
aanslagen for which ``stappen.volgende`` *could* be due, with a conservative bound: every knob at the
value that makes a step earliest over all policies in force (base and pilot variants), instalment
aanslagen from a lower bound of their effective due date (``stappen.effectieve_vervaldatum``: the
first instalment the payments do not cover), anything paused or resuming always. The run
still applies the exact rules (``_lees`` and ``beslis``) to these candidates, so the filter can only
make the run cheaper, never change a decision: ``tests/invordering/keten/test_voorfilter.py`` runs
the same days with and without it.

``klantgroepen_bijwerken`` recomputes the customer groups of given residents in one UPDATE (the rule
of ``klantgroepen.klantgroep`` in SQL; the same test compares both). The run calls it only for the
residents whose history it changes (``klantgroepen.py``).
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from ..constants import AanslagStatus, Klantgroep
from ..models import Aanslag, Belastingplichtige, Ketenstand, Pauze, Termijn
from .beleid import Beleidskeuze
from .klantgroepen import JAREN
from .stappen import NIVEAU
from .stappen import S as St


def _niveau_sql() -> str:
    delen = " ".join(f"WHEN '{fase}' THEN {n}" for fase, n in NIVEAU.items() if fase)
    return f"COALESCE(CASE k.fase {delen} END, 0)"


def _grenzen(keuze: Beleidskeuze) -> dict:
    """Per knob the value that makes a step earliest over all policies in force (None: never)."""
    alle = keuze.alle

    def minimum(waarden):
        waarden = [w or 0 for w in waarden]
        return min(waarden) if waarden else None

    na = [b.herinnering_dagen_na_vervaldatum for b in alle if b.herinnering_dagen_na_vervaldatum is not None]
    voor = [b.herinnering_dagen_voor_einde for b in alle if b.herinnering_dagen_voor_einde is not None]
    return {
        "proactief": minimum(b.proactief_dagen for b in alle if b.proactief_meerjarig),
        "halverwege": any(b.herinnering_halverwege for b in alle),
        "voor_einde": max(voor) if voor else None,
        "na": min(na) if na else None,
        "na_overal": len(na) == len(alle),
        "herinnering_tot_aanmaning": minimum(
            (b.dagen_tot_aanmaning or 0) - b.herinnering_dagen_na_vervaldatum
            for b in alle
            if b.herinnering_dagen_na_vervaldatum is not None
        ),
        "aanmaning": minimum(b.dagen_tot_aanmaning for b in alle),
        "vooraankondiging": minimum(b.dagen_tot_vooraankondiging for b in alle if b.vooraankondiging),
        "dwangbevel": minimum(max(14, b.dagen_tot_dwangbevel or 0) for b in alle),
        "hernieuwd_bevel": minimum(b.dagen_tot_hernieuwd_bevel for b in alle),
        "deurwaarder": minimum(b.dagen_tot_deurwaarder for b in alle),
    }


def _subquery(qs) -> tuple[str, list]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def kandidaten(
    *, van: int, tot: int, datum: date, keuze: Beleidskeuze, kolommen: tuple[str, ...]
) -> list[tuple]:
    """Lock and read (``kolommen`` of Aanslag) the open aanslagen with id in [van, tot] that may get a
    fact on ``datum``; ordered by id."""
    g = _grenzen(keuze)
    lvl = _niveau_sql()
    a, k = Aanslag._meta.db_table, Ketenstand._meta.db_table
    voor: list[str] = []  # before the due date
    voor_params: list = []
    proactief, proactief_params = "false", []
    if g["proactief"] is not None:
        # multi-year arrears from the history itself (as klantgroepen.klantgroep), not the stored group
        proactief = (
            f"({lvl} < {NIVEAU[St.PROACTIEF_CONTACT]} AND a.dagtekening + %s <= %s AND "
            f"(SELECT count(DISTINCT h.belastingjaar) FROM {a} h JOIN {k} hk ON hk.aanslag_id = h.id "
            "WHERE h.belastingplichtige_id = a.belastingplichtige_id AND h.belastingjaar >= %s "
            "AND hk.aanmaning_op IS NOT NULL) >= 2)"
        )
        proactief_params = [g["proactief"], datum, datum.year - JAREN + 1]
        voor.append(proactief)
        voor_params += proactief_params
    if g["halverwege"]:
        # one day early on purpose: the bound need not be exact, only never late
        voor.append(
            f"({lvl} < {NIVEAU[St.HERINNERING_HALVERWEGE]} "
            "AND a.dagtekening + (a.vervaldatum - a.dagtekening) / 2 - 1 <= %s)"
        )
        voor_params.append(datum)
    if g["voor_einde"] is not None:
        voor.append(f"({lvl} < {NIVEAU[St.HERINNERING_VOOR_EINDE]} AND a.vervaldatum - %s <= %s)")
        voor_params += [g["voor_einde"], datum]
    # On or after the due date every moment grows with the due date, so ``v.verval`` (a lower bound of
    # the effective due date; exact for one instalment) never makes a due step look later.
    na: list[str] = []
    na_params: list = []
    if g["na"] is not None:
        na.append(f"({lvl} < {NIVEAU[St.HERINNERING_NA_VERVALDATUM]} AND v.verval + %s <= %s)")
        na_params += [g["na"], datum]
    # The aanmaning counts from the free reminder when there was one (and every policy has that
    # reminder), else from the due date.
    if g["herinnering_tot_aanmaning"] is None:
        moment, moment_params = "v.verval + %s", [g["aanmaning"]]
    elif g["na_overal"]:
        moment = "CASE WHEN k.herinnering_op IS NOT NULL THEN k.herinnering_op + %s ELSE v.verval + %s END"
        moment_params = [g["herinnering_tot_aanmaning"], g["aanmaning"]]
    else:
        moment = "LEAST(k.herinnering_op + %s, v.verval + %s)"
        moment_params = [g["herinnering_tot_aanmaning"], g["aanmaning"]]
    na.append(f"({lvl} < {NIVEAU[St.AANMANING]} AND {moment} <= %s)")
    na_params += [*moment_params, datum]
    for soort, kolom, sleutel in (
        (St.VOORAANKONDIGING, "aanmaning_op", "vooraankondiging"),
        (St.DWANGBEVEL, "aanmaning_op", "dwangbevel"),
        (St.HERNIEUWD_BEVEL, "dwangbevel_op", "hernieuwd_bevel"),
        (St.DEURWAARDER, "hernieuwd_bevel_op", "deurwaarder"),
    ):
        if g[sleutel] is not None:
            na.append(f"({lvl} < {NIVEAU[soort]} AND k.{kolom} + %s <= %s)")
            na_params += [g[sleutel], datum]

    actief = Pauze.objects.actief_op(datum)
    persoon_sql, persoon_params = _subquery(actief.values("belastingplichtige_id"))
    aanslag_sql, aanslag_params = _subquery(
        Pauze.aanslagen.through.objects.filter(pauze__in=actief.values("id")).values("aanslag_id")
    )
    voor_sql = " OR ".join(voor) or "false"
    kol = ", ".join(f"a.{Aanslag._meta.get_field(c).column}" for c in kolommen)
    # Instalments: the earliest due date of the instalments the payments do not all cover (the
    # cumulative sum in ``volgnummer`` order above the amount paid), never later than the effective
    # due date; evaluated only for aanslagen in instalments. Before that date only proactive contact
    # can be due (the pre-due reminders are for one instalment only).
    t = Termijn._meta.db_table
    verval = f"""CASE WHEN a.aantal_termijnen = 1 THEN a.vervaldatum ELSE LEAST(a.vervaldatum, (
            SELECT min(c.vervaldatum) FROM (
                SELECT t.vervaldatum, sum(t.bedrag) OVER (ORDER BY t.volgnummer) AS cumulatief
                FROM {t} t WHERE t.aanslag_id = a.id) c
            WHERE c.cumulatief > a.bedrag_belasting - a.open_belasting)) END"""
    sql = f"""
        SELECT {kol} FROM {a} a LEFT JOIN {k} k ON k.aanslag_id = a.id AND k.aanslag_id BETWEEN %s AND %s
        CROSS JOIN LATERAL (SELECT {verval} AS verval) v
        WHERE a.id BETWEEN %s AND %s AND a.status = %s AND (
            k.gepauzeerd
            OR (a.aantal_termijnen = 1 AND a.vervaldatum > %s AND ({voor_sql}))
            OR (a.aantal_termijnen <> 1 AND {proactief})
            OR (v.verval <= %s AND ({" OR ".join(na)}))
            OR a.belastingplichtige_id IN ({persoon_sql})
            OR a.id IN ({aanslag_sql})
        )
        ORDER BY a.id FOR UPDATE OF a"""
    params = [
        van,
        tot,
        van,
        tot,
        AanslagStatus.OPEN,
        datum,
        *voor_params,
        *proactief_params,
        datum,
        *na_params,
    ]
    params += [*persoon_params, *aanslag_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def klantgroepen_bijwerken(*, personen: list[int], datum: date) -> int:
    """Recompute the customer groups of ``personen`` (resident ids) from their last ``JAREN`` tax years
    in one UPDATE (the rule of ``klantgroepen.klantgroep``); residents without any aanslag are left
    alone. Returns how many groups changed."""
    if not personen:
        return 0
    a, k, p = Aanslag._meta.db_table, Ketenstand._meta.db_table, Belastingplichtige._meta.db_table
    with connection.cursor() as cursor:
        # Only changed residents are locked, in id order (two overlapping runs cannot deadlock here),
        # and not against the key-share locks of another chunk's deferred foreign-key checks (NO KEY).
        # All of a resident's aanslagen are read (none: left alone), the positions only of those in
        # the window (the others count as without reminders). Every step is an index lookup per
        # resident (LATERAL on the id array, each fenced with OFFSET 0 so the planner cannot flatten
        # it): a plain join, a flattened LATERAL or an ``= ANY(array)`` filter on the residents lets it
        # scan the big tables whole (a hash join over all aanslagen: 1.2-1.8 s per 10,000 residents,
        # depending on the statistics). The current group is read along, so only residents whose
        # group changes are locked and rechecked.
        cursor.execute(
            f"""
            WITH g AS (
                SELECT r.id, min(pp.klantgroep) AS huidig, CASE
                    WHEN count(DISTINCT x.belastingjaar) FILTER (WHERE x.aanmaning_op IS NOT NULL) >= 2 THEN %s
                    WHEN count(*) FILTER (WHERE x.aanmaning_op IS NOT NULL) >= 1 THEN %s
                    WHEN count(*) FILTER (WHERE x.herinnering_op IS NOT NULL) >= 1 THEN %s
                    ELSE %s END AS groep
                FROM unnest(%s::bigint[]) AS r(id)
                JOIN LATERAL (SELECT klantgroep FROM {p} WHERE id = r.id OFFSET 0) pp ON true
                JOIN LATERAL (
                    SELECT a.belastingjaar, k.herinnering_op, k.aanmaning_op FROM {a} a
                    LEFT JOIN LATERAL (
                        SELECT herinnering_op, aanmaning_op FROM {k}
                        WHERE aanslag_id = a.id AND a.belastingjaar >= %s OFFSET 0
                    ) k ON true
                    WHERE a.belastingplichtige_id = r.id OFFSET 0
                ) x ON true
                GROUP BY r.id
            ), c AS (
                SELECT p.id, g.groep FROM g JOIN {p} p ON p.id = g.id
                WHERE g.huidig IS DISTINCT FROM g.groep AND p.klantgroep IS DISTINCT FROM g.groep
                ORDER BY p.id FOR NO KEY UPDATE OF p
            )
            UPDATE {p} p SET klantgroep = c.groep, klantgroep_bepaald_op = %s
            FROM c WHERE p.id = c.id AND p.klantgroep IS DISTINCT FROM c.groep""",
            [
                Klantgroep.MEERJARIGE_ACHTERSTAND,
                Klantgroep.NIEUWE_ACHTERSTAND,
                Klantgroep.VERGEET,
                Klantgroep.BETAALT_OP_TIJD,
                "{" + ",".join(map(str, sorted(set(personen)))) + "}",
                datum.year - JAREN + 1,
                datum,
            ],
        )
        return cursor.rowcount


def open_in_bereik(*, van: int, tot: int) -> int:
    """The number of open aanslagen with id in [van, tot] (the chunk's share of the progress)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Aanslag._meta.db_table} WHERE id BETWEEN %s AND %s AND status = %s",
            [van, tot, AanslagStatus.OPEN],
        )
        return cursor.fetchone()[0]
