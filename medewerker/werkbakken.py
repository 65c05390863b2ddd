"""The officers' worklists (werkbakken): which task kinds each holds, counts and filtered pages.

A constant number of queries per page whatever the size of the list: one grouped count for every
worklist, a count and one page of tasks (with their resident and what that resident owes in total).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from html import escape as html_escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from invordering import rollen
from invordering.constants import (
    NUL,
    OPEN_TAAKSTATUSSEN,
    AanslagStatus,
    BankmutatieStatus,
    TaakSoort,
)
from invordering.models import Aanslag, Bankmutatie, Belastingplichtige, Taak
from invordering.oninbaar import TAAK_ONINBAAR_BEOORDELEN
from vroegsignalering.selectors import terugkoppeling_te_behandelen

from . import rechten, voorbereid

PER_PAGINA = 50
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Werkbak:
    sleutel: str
    titel: str
    soorten: tuple[str, ...]
    recht: str = rechten.OPENEN


WERKBAKKEN = (
    Werkbak(
        "voorbellen",
        _("Bellen vóór aanmaning of dwangbevel"),
        (TaakSoort.VOORBELLEN_AANMANING, TaakSoort.VOORBELLEN_DWANGBEVEL),
    ),
    Werkbak("huisbezoek", _("Huisbezoeken"), (TaakSoort.HUISBEZOEK,)),
    Werkbak("sociaal", _("Sociaal spoor"), (TaakSoort.SOCIAAL_SPOOR, TaakSoort.PROACTIEF_CONTACT)),
    Werkbak("regelingen", _("Betalingsregelingen"), (TaakSoort.REGELING_VERZOEK, TaakSoort.GEMISTE_TERMIJN)),
    Werkbak(
        "kwijtschelding",
        _("Kwijtschelding: beoordelen en bellen"),
        (TaakSoort.KWIJTSCHELDING_BEOORDELEN, TaakSoort.ONTBREKENDE_GEGEVENS, TaakSoort.HULP_BIJ_AANVRAAG),
    ),
    Werkbak("terugbellen", _("Terugbelverzoeken uit het portaal"), (TaakSoort.TERUGBELVERZOEK,)),
    Werkbak("signalen", _("Terugkoppeling vroegsignalen"), (TaakSoort.SIGNAAL_TERUGKOPPELING,)),
    Werkbak("tegoed", _("Tegoed terugbetalen"), (TaakSoort.TEGOED_TERUGBETALEN,)),
    # The bailiff's report is a reason to propose a write-off, not an approval: an officer judges it
    # and proposes; the teamleider's four-eyes task then lands in "vier_ogen".
    Werkbak(
        "deurwaarder",
        _("Deurwaarder meldt oninbaar"),
        (TaakSoort.DEURWAARDER_ONINBAAR,),
        recht=rechten.ONINBAAR_VOORSTELLEN,
    ),
    Werkbak(
        "vier_ogen",
        _("Vier ogen: goedkeuren"),
        (TAAK_ONINBAAR_BEOORDELEN,),
        recht=rechten.ONINBAAR_GOEDKEUREN,
    ),
)
PER_SLEUTEL = {w.sleutel: w for w in WERKBAKKEN}
BETALINGEN = "betalingen"
TERUGKOPPELING = "terugkoppeling"
# Feedback from debt help older than this is shown as overdue (work planning, not law).
TERUGKOPPELING_TERMIJN = timedelta(days=5)


def zichtbaar(gebruiker) -> list[Werkbak]:
    return [w for w in WERKBAKKEN if gebruiker.has_perm(w.recht)]


@dataclass
class Telling:
    werkbak: Werkbak | None
    sleutel: str
    titel: str
    totaal: int = 0
    te_laat: int = 0
    van_mij: int = 0
    niet_toegewezen: int = 0
    url: str = ""


@lru_cache(maxsize=128)
def _url(prefix: str, naam: str, *args) -> str:
    return reverse(naam, args=args)


def url(naam: str, *args) -> str:
    """``reverse()`` kept per process: the start page printed about thirty URLs per view (70 us each).
    Keyed on the script prefix, the only per-request input ``reverse`` reads here."""
    return _url(get_script_prefix(), naam, *args)


@lru_cache(maxsize=1)
def _terugkoppeling_sql() -> tuple[str, tuple]:
    """The feedback-to-handle selector's SQL (vroegsignalering keeps the rule), compiled once per
    process: it has no per-request parameter."""
    sql, params = terugkoppeling_te_behandelen().order_by().values("datum").query.sql_with_params()
    return sql, tuple(params)


# The open statuses written into the statement, not bound: the count runs as a prepared statement,
# and PostgreSQL's generic plan for it (chosen after five executions) can use the partial index
# taak_open_werkbak_telling only when it sees the index's own condition; with the statuses as
# parameters it read the whole table instead (30 ms against 7 ms for 50,000 open tasks, and more as
# closed tasks pile up). Fixed values of our own (OPEN_TAAKSTATUSSEN), never input.
OPEN_STATUSSEN = "({})".format(", ".join(f"'{s.value}'" for s in OPEN_TAAKSTATUSSEN))


def tellingen(*, gebruiker, vandaag: date) -> list[Telling]:
    """Counts per visible worklist, with the unmatched bank entries and the debt-help feedback: one
    statement (raw SQL, PostgreSQL and SQLite; was three ORM queries, most of their cost building the
    SQL). The tasks are grouped by kind over columns of the partial index taak_open_werkbak_telling
    only (soort, deadline, toegewezen_aan_id, status), so PostgreSQL counts from the index alone, also
    with the generic plan of the prepared statement (``OPEN_STATUSSEN``)."""
    bakken = zichtbaar(gebruiker)
    soorten = [s for w in bakken for s in w.soorten]
    datum = connection.ops.adapt_datefield_value
    delen, params = [], []
    if soorten:
        tabel = f'"{Taak._meta.db_table}"'
        delen.append(
            f"SELECT 'taak' AS bron, {tabel}.\"soort\" AS soort, COUNT(*) AS totaal, "
            f'SUM(CASE WHEN {tabel}."deadline" < %s THEN 1 ELSE 0 END) AS te_laat, '
            f'SUM(CASE WHEN {tabel}."toegewezen_aan_id" = %s THEN 1 ELSE 0 END) AS van_mij, '
            f'SUM(CASE WHEN {tabel}."toegewezen_aan_id" IS NULL THEN 1 ELSE 0 END) AS niet '
            f'FROM {tabel} WHERE {tabel}."status" IN {OPEN_STATUSSEN} '
            f'AND {tabel}."soort" IN ({", ".join(["%s"] * len(soorten))}) '
            f'GROUP BY {tabel}."soort"'
        )
        params += [datum(vandaag), gebruiker.pk, *soorten]
    betalingen = gebruiker.has_perm(rechten.BETALING_KOPPELEN)
    if betalingen:
        delen.append(
            f"SELECT '{BETALINGEN}', '', COUNT(*), SUM(CASE WHEN boekdatum < %s THEN 1 ELSE 0 END), 0, 0 "
            f"FROM {Bankmutatie._meta.db_table} WHERE status = %s"
        )
        params += [datum(vandaag.replace(day=1)), BankmutatieStatus.ONGEMATCHT]
    terug = gebruiker.has_perm(rechten.HANDELEN)
    if terug:
        sql, sql_params = _terugkoppeling_sql()
        delen.append(
            f"SELECT '{TERUGKOPPELING}', '', COUNT(*), SUM(CASE WHEN t.datum < %s THEN 1 ELSE 0 END), 0, 0 "
            f"FROM ({sql}) t"
        )
        params += [datum(vandaag - TERUGKOPPELING_TERMIJN), *sql_params]
    rijen = {}
    if delen:
        with voorbereid.cursor(connection) as cursor:
            cursor.execute(" UNION ALL ".join(delen), params)
            rijen = {(bron, soort): [int(g or 0) for g in getallen] for bron, soort, *getallen in cursor}
    uitkomst = []
    for w in bakken:
        t = Telling(w, w.sleutel, str(w.titel), url=url("medewerker:werkbak", w.sleutel))
        for soort in w.soorten:
            if ("taak", soort) in rijen:
                totaal, te_laat, van_mij, niet = rijen["taak", soort]
                t.totaal += totaal
                t.te_laat += te_laat
                t.van_mij += van_mij
                t.niet_toegewezen += niet
        uitkomst.append(t)
    for sleutel, aan, titel, pagina in (
        (BETALINGEN, betalingen, _("Niet gekoppelde betalingen"), "medewerker:betalingen"),
        (TERUGKOPPELING, terug, _("Terugkoppeling van schuldhulp"), "medewerker:terugkoppelingen"),
    ):
        if aan:
            totaal, te_laat, *_rest = rijen.get((sleutel, ""), (0, 0))
            uitkomst.append(
                Telling(None, sleutel, str(titel), totaal=totaal, te_laat=te_laat, url=url(pagina))
            )
    return uitkomst


def pagina_lezen(taken, *, vandaag: date | None = None, soorten: tuple[str, ...] = ()) -> list:
    """One page of tasks (a sliced ``taken()`` queryset) as a list, with what its rows show set on
    each task: ``inwoner_naam``, ``aanslagnummer``, ``openstaand_totaal`` (what the resident owes
    across open aanslagen, two decimals), ``soort_label``, ``toegewezen_naam``, ``te_laat``
    (deadline before ``vandaag``) and ``andere_taken``: how many other open tasks of ``soorten``
    (the worklist's kinds) the resident has, so a second call about another aanslag shows.

    Two queries: the page's ids in the worklist's order (the filters and sorting of ``taken()``), then
    the tasks with their resident's name, aanslagnummer, assignee and total open amount in one
    statement (raw SQL, PostgreSQL and SQLite) instead of three prefetches and a grouped sum. The sum
    is a subquery for the page's fifty rows only.
    """
    ids = list(taken.values_list("id", flat=True))
    if not ids:
        return []
    sql, velden = _pagina_sql(len(ids), len(soorten))
    with voorbereid.cursor(connection) as cursor:
        cursor.execute(sql, [AanslagStatus.OPEN, *soorten, *ids])
        gelezen = cursor.fetchall()
    n = len(velden)
    # The tasks built from the row (Taak.from_db), not through a RawQuerySet: half the cost.
    per_id = {r[0]: (Taak.from_db(connection.alias, velden, r[:n]), r[n:]) for r in gelezen}
    # The kind's label looked up once per page: get_soort_display() translates every choice's label
    # on each call (about twenty gettext calls per row).
    labels = {waarde: str(label) for waarde, label in TaakSoort.choices}
    uit = []
    for pk in ids:
        (
            t,
            (
                voorletters,
                tussenvoegsel,
                achternaam,
                aanslagnummer,
                voornaam,
                u_achternaam,
                gebruikersnaam,
                som,
                andere,
            ),
        ) = per_id[pk]
        t.inwoner_naam = naam(voorletters, tussenvoegsel, achternaam)
        t.aanslagnummer = aanslagnummer
        t.openstaand_totaal = (NUL if som is None else Decimal(str(som))).quantize(CENT)
        t.soort_label = labels.get(t.soort, t.soort)
        voornaam_achternaam = f"{voornaam or ''} {u_achternaam or ''}".strip()
        t.toegewezen_naam = (voornaam_achternaam or gebruikersnaam or "") if t.toegewezen_aan_id else ""
        t.te_laat = bool(vandaag and t.deadline and t.deadline < vandaag)
        t.andere_taken = int(andere)
        uit.append(t)
    return uit


def naam(voorletters: str, tussenvoegsel: str, achternaam: str) -> str:
    """``Belastingplichtige.naam`` from the three columns, without building a resident per row."""
    return " ".join(p for p in (voorletters, tussenvoegsel, achternaam) if p)


@lru_cache(maxsize=64)
def _pagina_sql(n: int, soorten: int) -> tuple[str, list[str]]:
    taak, inwoner = Taak._meta.db_table, Belastingplichtige._meta.db_table
    aanslag, gebruiker = Aanslag._meta.db_table, get_user_model()._meta.db_table
    velden = Taak._meta.concrete_fields  # the pk first: per_id above reads r[0]
    kolommen = ", ".join(f't."{v.column}"' for v in velden)
    return (
        f"SELECT {kolommen}, b.voorletters, b.tussenvoegsel, b.achternaam, a.aanslagnummer, "
        f"u.first_name, u.last_name, u.username, "
        f"(SELECT ROUND(SUM(o.openstaand), 2) FROM {aanslag} o "
        f"WHERE o.belastingplichtige_id = t.belastingplichtige_id AND o.status = %s) AS open_som, "
        + (
            f"(SELECT COUNT(*) FROM {taak} z WHERE z.belastingplichtige_id = t.belastingplichtige_id "
            f"AND z.status IN {OPEN_STATUSSEN} AND z.soort IN ({', '.join(['%s'] * soorten)}) AND z.id <> t.id) "
            if soorten
            else "0 "
        )
        + "AS andere "
        f"FROM {taak} t JOIN {inwoner} b ON b.id = t.belastingplichtige_id "
        f"LEFT JOIN {aanslag} a ON a.id = t.aanslag_id LEFT JOIN {gebruiker} u ON u.id = t.toegewezen_aan_id "
        f"WHERE t.id IN ({', '.join(['%s'] * n)})",
        [v.attname for v in velden],
    )


def rijen(taken, *, via: str) -> list[SafeString]:
    """The table rows of one page of tasks (from ``pagina_lezen``) as HTML, one per task.

    The same markup the template's row loop printed, built with one format per row: fifty rows through
    the template engine (a lookup, filter and escape per cell, a URL reverse per row) took about half
    the page's time.
    """
    kies, te_laat, in_behandeling = (
        escape(gettext("Kies taak")),
        gettext("te laat"),
        gettext("in behandeling"),
    )
    te_laat_html = f' <strong class="label-te-laat">{escape(te_laat)}</strong>'
    in_behandeling_html = f" <em>({escape(in_behandeling)})</em>"
    # "/medewerker/dossier/<pk>/": reversed once, the pk put in per row.
    dossier = reverse("medewerker:dossier", args=[0]).removesuffix("0/")
    via = escape(via)
    # What the template's localize gives for an int and a two-decimal amount, worked out once per page
    # (formats.localize looks the format up per call); with a thousands separator, localize itself.
    groeperen = settings.USE_THOUSAND_SEPARATOR
    scheiding = formats.get_format("DECIMAL_SEPARATOR")
    uit = []
    for t in taken:
        pk = formats.localize(t.pk) if groeperen else str(t.pk)
        bedrag = (
            formats.localize(t.openstaand_totaal)
            if groeperen
            else f"{t.openstaand_totaal:f}".replace(".", scheiding)
        )
        if t.deadline:
            uiterlijk = t.deadline.strftime("%d-%m-%Y") + (te_laat_html if t.te_laat else "")
        else:
            uiterlijk = "–"
        soort = html_escape(t.soort_label)
        if t.aanslagnummer:
            soort += f" · {html_escape(t.aanslagnummer)}"
        if t.status == "in_behandeling":
            soort += in_behandeling_html
        klasse = ' class="te-laat"' if t.te_laat else ""
        meer = ""
        if t.andere_taken:
            label = ngettext("nog %(n)s taak", "nog %(n)s taken", t.andere_taken) % {"n": t.andere_taken}
            meer = f' <span class="label-meer">{html_escape(label)}</span>'
        # truncatechars:80; Truncator only for text that may be longer (it counts the NFC form).
        toelichting = unicodedata.normalize("NFC", t.toelichting)
        if len(toelichting) > 80:
            toelichting = Truncator(t.toelichting).chars(80)
        uit.append(
            mark_safe(  # noqa: S308 - every value above is escaped (html.escape, as Django's escape)
                f"<tr{klasse}>\n"
                f'      <td><input type="checkbox" name="taak" value="{pk}" aria-label="{kies} {pk}"></td>\n'
                f"      <td>{uiterlijk}</td>\n"
                f'      <td><a href="{dossier}{t.belastingplichtige_id}/?via={via}">'
                f"{html_escape(t.inwoner_naam)}</a>{meer}</td>\n"
                f"      <td>{soort}</td>\n"
                f'      <td class="getal">€ {bedrag}</td>\n'
                f"      <td>{html_escape(t.toegewezen_naam or '–')}</td>\n"
                f"      <td>{html_escape(toelichting)}</td>\n"
                "    </tr>"
            )
        )
    return uit


def taken(*, werkbak: Werkbak, gebruiker, vandaag: date, filters: dict):
    """The open tasks of a worklist with the filters applied, overdue first then by deadline."""
    qs = (
        Taak.objects.open().filter(soort__in=werkbak.soorten)
        # No joins: the page query sorts the tasks alone and takes the first fifty; ``pagina_lezen``
        # reads what those fifty rows show.
    )
    toegewezen = filters.get("toegewezen") or ""
    if toegewezen == "mij":
        qs = qs.filter(toegewezen_aan=gebruiker)
    elif toegewezen == "niemand":
        qs = qs.filter(toegewezen_aan__isnull=True)
    elif toegewezen.isdigit():
        qs = qs.filter(toegewezen_aan_id=int(toegewezen))
    if filters.get("soort") in werkbak.soorten:
        qs = qs.filter(soort=filters["soort"])
    if filters.get("te_laat"):
        qs = qs.filter(deadline__lt=vandaag)
    if filters.get("volgorde") == "nieuw":
        return qs.order_by("-aangemaakt_op", "-id")
    return qs.order_by(F("deadline").asc(nulls_last=True), "aangemaakt_op", "id")


def medewerkers():
    """Staff a task can be assigned to: the officers and teamleiders (one query)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=(rollen.MEDEWERKER, rollen.TEAMLEIDER))
        .distinct()
        .order_by("first_name", "username")
    )
