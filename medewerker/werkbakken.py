"""The officers' worklists (werkbakken): which task kinds each holds, counts and filtered pages.

A constant number of queries per page whatever the size of the list: one grouped count for every
worklist, a count and one page of tasks (with their resident and what that resident owes in total).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from invordering import rollen
from invordering.constants import NUL, AanslagStatus, BankmutatieStatus, TaakSoort
from invordering.geld import som_bedrag
from invordering.models import Aanslag, Bankmutatie, Belastingplichtige, Taak
from invordering.oninbaar import TAAK_ONINBAAR_BEOORDELEN
from vroegsignalering.selectors import terugkoppeling_te_behandelen

from . import rechten

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


def tellingen(*, gebruiker, vandaag: date) -> list[Telling]:
    """Counts per visible worklist (two queries: tasks grouped by kind, unmatched bank entries)."""
    bakken = zichtbaar(gebruiker)
    rijen = (
        Taak.objects.open()
        .filter(soort__in=[s for w in bakken for s in w.soorten])
        .order_by()
        .values("soort")
        # Counted over soort (never null), not id: every column read is then in the partial index
        # taak_open_werkbak_telling, so PostgreSQL counts from the index alone (index-only scan)
        # instead of reading all open tasks from the table. (COUNT(*) cannot take a FILTER in Django.)
        .annotate(
            totaal=Count("soort"),
            te_laat=Count("soort", filter=Q(deadline__lt=vandaag)),
            van_mij=Count("soort", filter=Q(toegewezen_aan=gebruiker)),
            niet_toegewezen=Count("soort", filter=Q(toegewezen_aan__isnull=True)),
        )
    )
    per_soort = {r["soort"]: r for r in rijen}
    uitkomst = []
    for w in bakken:
        t = Telling(w, w.sleutel, str(w.titel))
        for soort in w.soorten:
            r = per_soort.get(soort)
            if r:
                t.totaal += r["totaal"]
                t.te_laat += r["te_laat"]
                t.van_mij += r["van_mij"]
                t.niet_toegewezen += r["niet_toegewezen"]
        uitkomst.append(t)
    if gebruiker.has_perm(rechten.BETALING_KOPPELEN):
        mutaties = Bankmutatie.objects.filter(status=BankmutatieStatus.ONGEMATCHT).aggregate(
            totaal=Count("id"), te_laat=Count("id", filter=Q(boekdatum__lt=vandaag.replace(day=1)))
        )
        uitkomst.append(Telling(None, BETALINGEN, str(_("Niet gekoppelde betalingen")), **mutaties))
    if gebruiker.has_perm(rechten.HANDELEN):
        terug = (
            terugkoppeling_te_behandelen()
            .order_by()
            .aggregate(
                totaal=Count("id"), te_laat=Count("id", filter=Q(datum__lt=vandaag - TERUGKOPPELING_TERMIJN))
            )
        )
        uitkomst.append(Telling(None, TERUGKOPPELING, str(_("Terugkoppeling van schuldhulp")), **terug))
    return uitkomst


def openstaand_op_pagina(taken, *, vandaag: date | None = None) -> None:
    """Set on one page of tasks what its rows show: ``openstaand_totaal`` (what the resident owes
    across open aanslagen, two decimals), ``soort_label``, ``toegewezen_naam`` and ``te_laat``
    (deadline before ``vandaag``), so the template only prints.

    One grouped query for the page's residents. (As a subquery in the list query PostgreSQL computed
    it for every task in the worklist before sorting, not only for the fifty shown.)
    """
    ids = {t.belastingplichtige_id for t in taken}
    sommen = dict(
        Aanslag.objects.filter(belastingplichtige_id__in=ids, status=AanslagStatus.OPEN)
        .order_by()
        .values("belastingplichtige_id")
        .annotate(s=som_bedrag("openstaand"))
        .values_list("belastingplichtige_id", "s")
    )
    # The kind's label looked up once per page: get_soort_display() translates every choice's label
    # on each call (about twenty gettext calls per row).
    labels = {waarde: str(label) for waarde, label in TaakSoort.choices}
    for t in taken:
        t.openstaand_totaal = (sommen.get(t.belastingplichtige_id) or NUL).quantize(CENT)
        t.soort_label = labels.get(t.soort, t.soort)
        mens = t.toegewezen_aan
        t.toegewezen_naam = (mens.get_full_name() or mens.get_username()) if mens else ""
        t.te_laat = bool(vandaag and t.deadline and t.deadline < vandaag)


def rijen(taken, *, via: str) -> list[SafeString]:
    """The table rows of one page of tasks (after ``openstaand_op_pagina``) as HTML, one per task.

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
    uit = []
    for t in taken:
        pk = formats.localize(t.pk)
        if t.deadline:
            uiterlijk = t.deadline.strftime("%d-%m-%Y") + (te_laat_html if t.te_laat else "")
        else:
            uiterlijk = "–"
        soort = escape(t.soort_label)
        if t.aanslag_id and t.aanslag:
            soort += f" · {escape(t.aanslag.aanslagnummer)}"
        if t.status == "in_behandeling":
            soort += in_behandeling_html
        klasse = ' class="te-laat"' if t.te_laat else ""
        uit.append(
            mark_safe(  # noqa: S308 - every value above is escaped
                f"<tr{klasse}>\n"
                f'      <td><input type="checkbox" name="taak" value="{pk}" aria-label="{kies} {pk}"></td>\n'
                f"      <td>{uiterlijk}</td>\n"
                f'      <td><a href="{dossier}{t.belastingplichtige_id}/?via={via}">'
                f"{escape(t.belastingplichtige.naam)}</a></td>\n"
                f"      <td>{soort}</td>\n"
                f'      <td class="getal">€ {formats.localize(t.openstaand_totaal)}</td>\n'
                f"      <td>{escape(t.toegewezen_naam or '–')}</td>\n"
                f"      <td>{escape(Truncator(t.toelichting).chars(80))}</td>\n"
                "    </tr>"
            )
        )
    return uit


def taken(*, werkbak: Werkbak, gebruiker, vandaag: date, filters: dict):
    """The open tasks of a worklist with the filters applied, overdue first then by deadline."""
    qs = (
        Taak.objects.open()
        .filter(soort__in=werkbak.soorten)
        # Prefetched, not joined: the page query then sorts the tasks alone and takes the first fifty,
        # instead of joining every task of the worklist with residents and aanslagen first.
        # Only the columns a row prints.
        .prefetch_related(
            Prefetch(
                "belastingplichtige",
                queryset=Belastingplichtige.objects.only("id", "voorletters", "tussenvoegsel", "achternaam"),
            ),
            Prefetch("aanslag", queryset=Aanslag.objects.only("id", "aanslagnummer")),
            Prefetch(
                "toegewezen_aan",
                queryset=get_user_model().objects.only("id", "first_name", "last_name", "username"),
            ),
        )
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
