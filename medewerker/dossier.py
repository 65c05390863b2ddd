"""The integral dossier of a resident: everything the officer needs on one page, and one timeline.

Reads only (selectors of the domain apps where they exist, plain reads otherwise). A constant number
of queries whatever the number of aanslagen, payments or letters: every list is one query, the
timeline sources are each capped at the most recent TIJDLIJN_MAX rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from time import monotonic

from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from invordering import beslagvrije_voet, regelingen
from invordering.constants import (
    CONTACTTAKEN,
    NUL,
    AanslagStatus,
    Boekingsoort,
    Bron,
    RegelingStatus,
    StapSoort,
)
from invordering.geld import geld
from invordering.models import (
    Aanslag,
    Belastingplichtige,
    Betaling,
    Betalingsregeling,
    Boeking,
    Contact,
    Gegevenswijziging,
    Inkomensgegeven,
    Pauze,
    RegelingGebeurtenis,
    Taak,
    Toestemming,
    VastgesteldeBvv,
)
from invordering.services import CONTACTVELDEN
from kwijtschelding.models import Gebeurtenis, Kwijtscheldingsverzoek

from .models import ActieSoort, Dossieractie, Oninbaarvoorstel

TIJDLIJN_MAX = 100
CENT = Decimal("0.01")
# Actions whose effect the timeline already shows as a domain fact (contact, plan, pause, letter, ...).
ACTIES_MET_EIGEN_FEIT = {
    ActieSoort.CONTACT,
    ActieSoort.REGELING,
    ActieSoort.KWIJTSCHELDING,
    ActieSoort.KWIJTSCHELDING_BESLUIT,
    ActieSoort.KWIJTSCHELDING_AANVULLEN,
    ActieSoort.PAUZE,
    ActieSoort.PAUZE_EINDE,
    ActieSoort.INKOMEN,
    ActieSoort.VERWIJZING,
    ActieSoort.SCHULDENOVERZICHT,
    ActieSoort.CONTACTGEGEVENS,
}
# Bookings on the timeline: a payment appears once, as the payment itself; costs and the write-off
# with the chain fact that booked them.
STAPBOEKINGEN = [
    s
    for s in Boekingsoort.values
    if s not in (Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING, Boekingsoort.KOSTEN, Boekingsoort.ONINBAAR)
]


@dataclass
class Regel:
    """One line of the timeline."""

    moment: datetime
    soort: str  # brief, stap, contact, betaling, pauze, regeling, kwijtschelding, actie, signaal
    titel: str
    detail: str = ""
    bedrag: Decimal | None = None
    door: str = ""

    @property
    def datum(self) -> date:
        return (
            timezone.localtime(self.moment).date() if timezone.is_aware(self.moment) else self.moment.date()
        )


def _moment(waarde) -> datetime:
    if isinstance(waarde, datetime):
        return waarde if timezone.is_aware(waarde) else timezone.make_aware(waarde)
    return timezone.make_aware(datetime.combine(waarde, time(0)))


def _naam(gebruiker) -> str:
    if gebruiker is None:
        return ""
    return gebruiker.get_full_name() or gebruiker.get_username()


@dataclass
class Dossier:
    persoon: Belastingplichtige
    vandaag: date
    aanslagen: list = field(default_factory=list)
    huisgenoten: list = field(default_factory=list)
    inkomens: list = field(default_factory=list)
    capaciteit: object = None
    vastgestelde_bvv: list = field(default_factory=list)
    pauzes: list = field(default_factory=list)
    toestemmingen: list = field(default_factory=list)
    regelingen: list = field(default_factory=list)
    regeling_stand: object = None
    verzoeken: list = field(default_factory=list)
    taken: list = field(default_factory=list)
    voorstellen: list = field(default_factory=list)
    signalen: list = field(default_factory=list)
    verwijzingen: list = field(default_factory=list)
    tijdlijn: list = field(default_factory=list)

    @property
    def open_aanslagen(self):
        return [a for a in self.aanslagen if a.status == AanslagStatus.OPEN]

    @property
    def totaal_open(self) -> Decimal:
        return sum((a.openstaand for a in self.open_aanslagen), NUL)

    @property
    def huishouden_open(self) -> Decimal | None:
        """What the resident and the others at this address owe together; None when they owe nothing
        or nobody else lives there (then the resident's own total says it all)."""
        anderen = sum((h.open_totaal for h in self.huisgenoten), NUL)
        return self.totaal_open + anderen if anderen else None

    @property
    def open_per_component(self) -> dict[str, Decimal]:
        return {
            "belasting": sum((a.open_belasting for a in self.open_aanslagen), NUL),
            "kosten": sum((a.open_kosten for a in self.open_aanslagen), NUL),
            "rente": sum((a.open_rente for a in self.open_aanslagen), NUL),
        }

    @property
    def jaren(self) -> list[int]:
        return sorted({a.belastingjaar for a in self.open_aanslagen}, reverse=True)

    @property
    def laatste_inkomen(self):
        return self.inkomens[0] if self.inkomens else None

    @property
    def inkomen_leeftijd_dagen(self) -> int | None:
        inkomen = self.laatste_inkomen
        return (self.vandaag - inkomen.peildatum).days if inkomen else None

    @property
    def actieve_pauzes(self):
        return [p for p in self.pauzes if p.actief]

    @property
    def actieve_regeling(self):
        return next((r for r in self.regelingen if r.status == RegelingStatus.ACTIEF), None)

    @property
    def contacttaken(self) -> int:
        """Open calls and visits before a chain step: a conversation that reaches the resident
        completes them all (``services.contact_vastleggen``)."""
        return sum(1 for t in self.taken if t.soort in CONTACTTAKEN)

    @property
    def lopend_verzoek(self):
        from kwijtschelding.constants import AFGESLOTEN

        return next((v for v in self.verzoeken if v.status not in AFGESLOTEN), None)


# --- Which sources hold the resident's rows -------------------------------------------------------
# Most residents have no income facts, plans, remission requests, proposals, signals or referrals.
# The resident is read with one EXISTS per source (``persoon_met_bronnen``), and ``laad`` reads only
# the sources that hold rows: a sparse dossier costs a handful of queries, a full one no more than
# before (the check is part of reading the resident).
def _bronmodellen() -> dict:
    from vroegsignalering.models import Signaal, Verwijzing

    return {
        "aanslagen": Aanslag,
        "inkomens": Inkomensgegeven,
        "vastgestelde_bvv": VastgesteldeBvv,
        "pauzes": Pauze,
        "toestemmingen": Toestemming,
        "regelingen": Betalingsregeling,
        "verzoeken": Kwijtscheldingsverzoek,
        "taken": Taak,
        "voorstellen": Oninbaarvoorstel,
        "signalen": Signaal,
        "verwijzingen": Verwijzing,
    }


def _persoon_sql() -> str:
    t = Belastingplichtige._meta.db_table
    delen = [
        f"EXISTS (SELECT 1 FROM {model._meta.db_table} x "
        f"WHERE x.{model._meta.get_field('belastingplichtige').column} = b.id) AS heeft_{naam}"
        for naam, model in _bronmodellen().items()
    ]
    delen.append(
        f"EXISTS (SELECT 1 FROM {t} h WHERE h.postcode = b.postcode AND h.huisnummer = b.huisnummer "
        "AND h.huisnummer_toevoeging = b.huisnummer_toevoeging AND h.id <> b.id) AS heeft_huisgenoten"
    )
    return f"SELECT b.*, {', '.join(delen)} FROM {t} b WHERE b.id = %s"


def persoon_met_bronnen(pk: int) -> Belastingplichtige | None:
    """The resident (None if there is none) with ``bronnen``: the names of the dossier's sources that
    hold rows of theirs. One query."""
    persoon = next(iter(Belastingplichtige.objects.raw(_persoon_sql(), [pk])), None)
    if persoon is not None:
        persoon.bronnen = frozenset(
            naam for naam in (*_bronmodellen(), "huisgenoten") if getattr(persoon, f"heeft_{naam}")
        )
    return persoon


def laad(*, persoon: Belastingplichtige, vandaag: date) -> Dossier:
    """The dossier; with ``persoon.bronnen`` (``persoon_met_bronnen``) only the sources that hold
    rows are read, the others are empty lists. Without it every source is read."""
    d = Dossier(persoon=persoon, vandaag=vandaag)
    bronnen = getattr(persoon, "bronnen", None)

    def heeft(naam: str) -> bool:
        return bronnen is None or naam in bronnen

    if heeft("aanslagen"):
        d.aanslagen = list(
            Aanslag.objects.filter(belastingplichtige=persoon)
            .select_related("ketenstand")
            .order_by("-belastingjaar", "aanslagnummer")
        )
    for a in d.aanslagen:
        a.stand = getattr(a, "ketenstand", None)
    if persoon.postcode and persoon.huisnummer and heeft("huisgenoten"):
        # The household's debts next to the resident's own (seed 003: the whole situation): what each
        # other resident at this address (same house number addition: another flat is another home)
        # owes, in the same query.
        d.huisgenoten = list(
            Belastingplichtige.objects.filter(
                postcode=persoon.postcode,
                huisnummer=persoon.huisnummer,
                huisnummer_toevoeging=persoon.huisnummer_toevoeging,
            )
            .exclude(pk=persoon.pk)
            .only("id", "voorletters", "voornaam", "tussenvoegsel", "achternaam")
            .annotate(som=Sum("aanslagen__openstaand", filter=Q(aanslagen__status=AanslagStatus.OPEN)))
            .order_by("achternaam", "id")[:10]
        )
        for h in d.huisgenoten:
            h.open_totaal = geld(h.som)  # two places on SQLite too
    if heeft("inkomens"):
        d.inkomens = list(
            Inkomensgegeven.objects.filter(belastingplichtige=persoon).order_by("-peildatum", "-id")[:5]
        )
    if heeft("vastgestelde_bvv"):
        d.vastgestelde_bvv = list(
            VastgesteldeBvv.objects.filter(belastingplichtige=persoon).order_by("-vastgesteld_op", "-id")[:5]
        )
    d.capaciteit = capaciteit(
        persoon=persoon, inkomens=d.inkomens, vastgesteld=d.vastgestelde_bvv, peildatum=vandaag
    )
    # One query for the pauses, whether each is in force (the manager's own rule) and their aanslagen;
    # the timeline reads the same rows.
    if heeft("pauzes"):
        d.pauzes = list(
            Pauze.objects.filter(belastingplichtige=persoon)
            .annotate(actief=Exists(Pauze.objects.actief_op(vandaag).filter(pk=OuterRef("pk"))))
            .select_related("aangemaakt_door")
            .prefetch_related(Prefetch("aanslagen", queryset=Aanslag.objects.only("id", "aanslagnummer")))
            .order_by("-start", "-id")[:TIJDLIJN_MAX]
        )
    if heeft("toestemmingen"):
        d.toestemmingen = list(Toestemming.objects.filter(belastingplichtige=persoon))
    if heeft("regelingen"):
        d.regelingen = list(
            Betalingsregeling.objects.filter(belastingplichtige=persoon).order_by("-startdatum", "-id")
        )
    if d.actieve_regeling:
        d.regeling_stand = regelingen.regeling_stand(regeling=d.actieve_regeling, datum=vandaag)
    if heeft("verzoeken"):
        d.verzoeken = list(
            Kwijtscheldingsverzoek.objects.filter(belastingplichtige=persoon)
            .select_related("besluit")
            .order_by("-ingediend_op", "-id")[:10]
        )
    if heeft("taken"):
        d.taken = list(
            Taak.objects.open().filter(belastingplichtige=persoon).select_related("toegewezen_aan", "aanslag")
        )
    if heeft("voorstellen"):
        d.voorstellen = list(
            Oninbaarvoorstel.objects.filter(belastingplichtige=persoon)
            .select_related("voorgesteld_door", "beoordeeld_door")
            .prefetch_related(Prefetch("aanslagen", queryset=Aanslag.objects.only("id", "aanslagnummer")))[
                :10
            ]
        )
    d.signalen, d.verwijzingen = _vroegsignalering(
        persoon, signalen=heeft("signalen"), verwijzingen=heeft("verwijzingen")
    )
    d.tijdlijn = tijdlijn(persoon=persoon, pauzes=d.pauzes)
    for sig in d.signalen:
        d.tijdlijn.append(
            Regel(
                _moment(sig.datum),
                "signaal",
                _("Vroegsignaal: %(c)s") % {"c": sig.criterium_label},
                sig.status_label,
                sig.bedrag,
            )
        )
    for v in d.verwijzingen:
        d.tijdlijn.append(
            Regel(
                _moment(v.datum),
                "signaal",
                _("Warm doorverwezen naar schuldhulp"),
                v.toelichting,
                door=_naam(v.door),
            )
        )
    d.tijdlijn.sort(key=lambda r: r.moment, reverse=True)
    return d


# --- Repayment capacity from the rows the dossier already holds -----------------------------------
# The legal tables (bijstandsnormen, bvv maxima, the calculation rule, AOW ages) change once or twice
# a year; each web process keeps the set for a date this many seconds instead of reading four tables
# on every dossier view. A change in the admin shows in the dossier within this time.
TABELLEN_GELDIG = 300
_tabellen: dict[date, tuple[float, beslagvrije_voet.Tabellen]] = {}


def tabellen(peildatum: date) -> beslagvrije_voet.Tabellen:
    nu = monotonic()
    bewaard = _tabellen.get(peildatum)
    if bewaard is None or nu - bewaard[0] > TABELLEN_GELDIG:
        _tabellen.clear()  # one date in use at a time (today)
        bewaard = _tabellen[peildatum] = (nu, beslagvrije_voet.tabellen(peildatum))
    return bewaard[1]


def capaciteit(*, persoon, inkomens: list, vastgesteld: list, peildatum: date) -> beslagvrije_voet.Capaciteit:
    """``aflossingscapaciteit`` for one resident, computed from rows already read (no query).

    ``inkomens`` and ``vastgesteld`` are the resident's latest rows, newest first (as
    ``capaciteit_voor`` orders them). The income is the first one on or before ``peildatum``, the
    official bvv the first one in force; when the rows read hold none but there may be older ones, the
    service computes it itself.
    """
    inkomen = next((i for i in inkomens if i.peildatum <= peildatum), None)
    bvv = next(
        (
            v
            for v in vastgesteld
            if v.vastgesteld_op <= peildatum and (v.geldig_tot is None or v.geldig_tot >= peildatum)
        ),
        None,
    )
    if (inkomen is None and len(inkomens) == 5) or (bvv is None and len(vastgesteld) == 5):
        return beslagvrije_voet.aflossingscapaciteit(belastingplichtige=persoon, peildatum=peildatum)
    return beslagvrije_voet.capaciteit_uit_rijen(
        tab=tabellen(peildatum),
        persoon_id=persoon.pk,
        leefsituatie=persoon.leefsituatie,
        geboortedatum=persoon.geboortedatum,
        woonkosten=persoon.woonkosten,
        inkomen=(inkomen.netto_maandinkomen, inkomen.peildatum) if inkomen else None,
        vastgesteld=bvv,
    )


def _vroegsignalering(persoon, *, signalen: bool = True, verwijzingen: bool = True) -> tuple[list, list]:
    """Signals and referrals (each only when asked for), from the vroegsignalering selectors."""
    from vroegsignalering import selectors

    signalen = list(selectors.signalen_van(belastingplichtige=persoon)[:20]) if signalen else []
    verwijzingen = (
        list(selectors.verwijzingen_van(belastingplichtige=persoon).select_related("door")[:20])
        if verwijzingen
        else []
    )
    return signalen, verwijzingen


# --- The timeline: every source in one query ----------------------------------------------------
# Each source is the same rows its selector gives (the chain's ``keten.selectors.tijdlijn``,
# ``communicatie.selectors.brieven_voor``, ...), newest first and capped at TIJDLIJN_MAX, as a
# subquery of one UNION ALL: one round trip and no ORM compilation for nine sources. Columns:
# bron, datum (date sources), tijdstip (timestamp sources), id, three codes, two texts, aanslagnummer,
# amount, and the staff member's first name, last name and username. Portable (PostgreSQL, SQLite):
# each part is ``SELECT * FROM (... ORDER BY ... LIMIT n) AS alias``.
_GEEN = "CAST(NULL AS DATE) AS datum"
_GEEN_TIJD = "CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS tijdstip"
_GEEN_BEDRAG = "CAST(NULL AS NUMERIC) AS bedrag"
_GEEN_MENS = "'' AS voornaam, '' AS achternaam, '' AS gebruikersnaam"
_MENS = "COALESCE(u.first_name, '') AS voornaam, COALESCE(u.last_name, '') AS achternaam, COALESCE(u.username, '') AS gebruikersnaam"


def _tabellen_sql() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from communicatie.models import Brief
    from invordering.models import Ketenstap

    return {
        m: model._meta.db_table
        for m, model in {
            "stap": Ketenstap,
            "aanslag": Aanslag,
            "brief": Brief,
            "boeking": Boeking,
            "contact": Contact,
            "betaling": Betaling,
            "gebeurtenis": RegelingGebeurtenis,
            "regeling": Betalingsregeling,
            "kwgebeurtenis": Gebeurtenis,
            "verzoek": Kwijtscheldingsverzoek,
            "actie": Dossieractie,
            "wijziging": Gegevenswijziging,
            "gebruiker": get_user_model(),
        }.items()
    }


def _tijdlijn_sql() -> tuple[str, list]:
    """The UNION ALL and its fixed parameters (the resident's id goes in at the %(p)s places)."""
    from communicatie.constants import BriefStatus

    t = _tabellen_sql()
    n = TIJDLIJN_MAX
    delen = [
        f"""SELECT 'stap' AS bron, s.datum AS datum, {_GEEN_TIJD}, s.id AS id, s.soort AS c1, s.reden AS c2,
            s.tegengehouden AS c3, s.regel AS x1, s.toelichting AS x2, a.aanslagnummer AS nummer,
            s.kosten AS bedrag, {_GEEN_MENS}
            FROM {t["stap"]} s JOIN {t["aanslag"]} a ON a.id = s.aanslag_id
            WHERE s.belastingplichtige_id = %(p)s ORDER BY s.datum DESC, s.id DESC LIMIT {n}""",
        f"""SELECT 'brief' AS bron, b.datum AS datum, {_GEEN_TIJD}, b.id AS id, b.sjabloon AS c1, b.status AS c2,
            '' AS c3, '' AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_GEEN_MENS}
            FROM {t["brief"]} b WHERE b.ontvanger = %(ontvanger)s AND b.status <> %(vervallen)s
            ORDER BY b.datum DESC, b.id DESC LIMIT {n}""",
        f"""SELECT 'boeking' AS bron, b.datum AS datum, {_GEEN_TIJD}, b.id AS id, b.soort AS c1,
            b.component AS c2, '' AS c3, b.omschrijving AS x1, '' AS x2, a.aanslagnummer AS nummer,
            b.bedrag AS bedrag, {_GEEN_MENS}
            FROM {t["boeking"]} b JOIN {t["aanslag"]} a ON a.id = b.aanslag_id
            WHERE a.belastingplichtige_id = %(p)s AND b.soort IN ({", ".join(f"'{s}'" for s in STAPBOEKINGEN)})
            ORDER BY b.datum DESC, b.id DESC LIMIT {n}""",
        f"""SELECT 'contact' AS bron, {_GEEN}, c.tijdstip AS tijdstip, c.id AS id, c.kanaal AS c1,
            c.uitkomst AS c2, '' AS c3, c.notitie AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_MENS}
            FROM {t["contact"]} c LEFT JOIN {t["gebruiker"]} u ON u.id = c.medewerker_id
            WHERE c.belastingplichtige_id = %(p)s ORDER BY c.tijdstip DESC, c.id DESC LIMIT {n}""",
        f"""SELECT 'betaling' AS bron, b.datum AS datum, {_GEEN_TIJD}, b.id AS id, b.bron AS c1, b.status AS c2,
            '' AS c3, '' AS x1, '' AS x2, '' AS nummer, b.bedrag AS bedrag, {_GEEN_MENS}
            FROM {t["betaling"]} b WHERE b.belastingplichtige_id = %(p)s
            ORDER BY b.datum DESC, b.id DESC LIMIT {n}""",
        f"""SELECT 'regeling' AS bron, g.datum AS datum, {_GEEN_TIJD}, g.id AS id, g.soort AS c1, '' AS c2,
            '' AS c3, g.toelichting AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_MENS}
            FROM {t["gebeurtenis"]} g JOIN {t["regeling"]} r ON r.id = g.regeling_id
            LEFT JOIN {t["gebruiker"]} u ON u.id = g.door_id
            WHERE r.belastingplichtige_id = %(p)s ORDER BY g.datum DESC, g.id DESC LIMIT {n}""",
        f"""SELECT 'kwijtschelding' AS bron, g.datum AS datum, {_GEEN_TIJD}, g.id AS id, g.naar_status AS c1,
            '' AS c2, '' AS c3, g.toelichting AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_MENS}
            FROM {t["kwgebeurtenis"]} g JOIN {t["verzoek"]} v ON v.id = g.verzoek_id
            LEFT JOIN {t["gebruiker"]} u ON u.id = g.door_id
            WHERE v.belastingplichtige_id = %(p)s ORDER BY g.datum DESC, g.id DESC LIMIT {n}""",
        f"""SELECT 'actie' AS bron, {_GEEN}, a.tijdstip AS tijdstip, a.id AS id, a.soort AS c1, '' AS c2,
            '' AS c3, a.omschrijving AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_MENS}
            FROM {t["actie"]} a LEFT JOIN {t["gebruiker"]} u ON u.id = a.gebruiker_id
            WHERE a.belastingplichtige_id = %(p)s
            AND a.soort NOT IN ({", ".join(f"'{s}'" for s in sorted(ACTIES_MET_EIGEN_FEIT))})
            ORDER BY a.tijdstip DESC, a.id DESC LIMIT {n}""",
        f"""SELECT 'wijziging' AS bron, {_GEEN}, w.tijdstip AS tijdstip, w.id AS id, w.bron AS c1, '' AS c2,
            '' AS c3, CAST(w.wijzigingen AS TEXT) AS x1, '' AS x2, '' AS nummer, {_GEEN_BEDRAG}, {_MENS}
            FROM {t["wijziging"]} w LEFT JOIN {t["gebruiker"]} u ON u.id = w.door_id
            WHERE w.belastingplichtige_id = %(p)s ORDER BY w.tijdstip DESC, w.id DESC LIMIT {n}""",
    ]
    sql = " UNION ALL ".join(f"SELECT * FROM ({deel}) AS deel{i}" for i, deel in enumerate(delen))
    return sql, {"vervallen": BriefStatus.VERVALLEN}


_LABELS: dict[tuple, dict[str, str]] = {}


def _labels(model, veld: str) -> dict[str, str]:
    """A field's choice labels, translated once per process and language (the timeline looks up
    eleven fields' labels: about 150 gettext calls a view)."""
    sleutel = (model, veld, get_language())
    labels = _LABELS.get(sleutel)
    if labels is None:
        labels = _LABELS[sleutel] = {str(k): str(v) for k, v in model._meta.get_field(veld).flatchoices}
    return labels


def _datum(waarde) -> date:
    return date.fromisoformat(waarde) if isinstance(waarde, str) else waarde


def _tijdstip(waarde) -> datetime:
    if isinstance(waarde, str):  # SQLite: text in UTC
        waarde = datetime.fromisoformat(waarde)
    return waarde if timezone.is_aware(waarde) else timezone.make_aware(waarde, UTC)


def _bedrag(waarde) -> Decimal | None:
    return None if waarde is None else Decimal(str(waarde)).quantize(CENT)


def tijdlijn(*, persoon: Belastingplichtige, pauzes: list | None = None) -> list[Regel]:
    """Letters, chain steps and bookings, contacts, changed contact details, payments, pauses, plans,
    remission and the dashboard's own actions, newest first: one query for all sources (the pauses
    come from the dossier's own rows, or one query without them)."""
    from django.db import connection

    from communicatie.models import Brief
    from invordering.models import Ketenstap

    from . import voorbereid

    sql, parameters = _tijdlijn_sql()
    with voorbereid.cursor(connection) as cursor:
        cursor.execute(sql, {**parameters, "p": persoon.pk, "ontvanger": f"belastingplichtige:{persoon.pk}"})
        rijen = cursor.fetchall()
    stapsoort, reden = _labels(Ketenstap, "soort"), _labels(Ketenstap, "reden")
    briefstatus = _labels(Brief, "status")
    boekingsoort, component = _labels(Boeking, "soort"), _labels(Boeking, "component")
    kanaal, uitkomst = _labels(Contact, "kanaal"), _labels(Contact, "uitkomst")
    betaalbron, betaalstatus = _labels(Betaling, "bron"), _labels(Betaling, "status")
    regelingsoort = _labels(RegelingGebeurtenis, "soort")
    verzoekstatus = _labels(Gebeurtenis, "naar_status")
    actiesoort = _labels(Dossieractie, "soort")
    regels: list[Regel] = []
    for bron, datum, tijdstip, _id, c1, c2, c3, x1, x2, nummer, bedrag, voornaam, achternaam, naam in rijen:
        moment = _tijdstip(tijdstip) if tijdstip is not None else _moment(_datum(datum))
        door = f"{voornaam} {achternaam}".strip() or naam
        bedrag = _bedrag(bedrag)
        if bron == "stap":
            regels.append(_stapregel_uit(moment, c1, c2, c3, x1, x2, nummer, bedrag, stapsoort, reden))
        elif bron == "brief":
            titel = _("Brief: %(s)s") % {"s": _sjabloon(c1)}
            regels.append(Regel(moment, "brief", titel, briefstatus.get(c2, c2)))
        elif bron == "boeking":
            detail = f"{nummer} · {component.get(c2, c2)}{' · ' + x1 if x1 else ''}"
            regels.append(Regel(moment, "stap", boekingsoort.get(c1, c1), detail, bedrag))
        elif bron == "contact":
            titel = f"{kanaal.get(c1, c1)}: {uitkomst.get(c2, c2)}"
            regels.append(Regel(moment, "contact", titel, x1, door=door))
        elif bron == "betaling":
            titel = f"{_('Betaling')} ({betaalbron.get(c1, c1)})"
            regels.append(Regel(moment, "betaling", titel, betaalstatus.get(c2, c2), bedrag))
        elif bron == "regeling":
            regels.append(Regel(moment, "regeling", regelingsoort.get(c1, c1), x1, door=door))
        elif bron == "kwijtschelding":
            titel = _("Kwijtschelding: %(s)s") % {"s": verzoekstatus.get(c1, c1)}
            regels.append(Regel(moment, "kwijtschelding", titel, x1, door=door))
        elif bron == "wijziging":
            regels.append(_wijzigingregel(moment, c1, x1, door))
        else:
            regels.append(Regel(moment, "actie", actiesoort.get(c1, c1), x1, door=door))
    if pauzes is None:
        pauzes = Pauze.objects.filter(belastingplichtige=persoon).select_related("aangemaakt_door")[
            :TIJDLIJN_MAX
        ]
    for p in pauzes:
        regels.append(
            Regel(
                _moment(p.start),
                "pauze",
                _("Pauze: %(r)s") % {"r": p.get_reden_display()},
                p.toelichting,
                door=_naam(p.aangemaakt_door),
            )
        )
        if p.beeindigd_op:
            regels.append(Regel(_moment(p.beeindigd_op), "pauze", _("Pauze beëindigd"), p.beeindigd_reden))
    regels.sort(key=lambda r: r.moment, reverse=True)
    return regels


def _wijzigingregel(moment, bron, wijzigingen, door) -> Regel:
    """Changed contact details: which fields (not their values: the header shows the current ones,
    functioneel beheer reads the old ones in the history) and through which door."""
    velden = json.loads(wijzigingen)  # the JSON column as text on both databases (CAST ... AS TEXT)
    namen = [str(Belastingplichtige._meta.get_field(v).verbose_name) for v in CONTACTVELDEN if v in velden]
    titel = _("Contactgegevens gewijzigd: %(velden)s") % {"velden": ", ".join(namen)}
    detail = (
        _("door de inwoner in het portaal")
        if bron == Bron.PORTAAL
        else _labels(Gegevenswijziging, "bron").get(bron, bron)
    )
    return Regel(moment, "contact", titel, detail, door=door)


def _stapregel_uit(moment, soort, reden, tegengehouden, regel, toelichting, nummer, kosten, soorten, redenen):
    """A chain fact: the step, or the decision not to take one, with the rule that caused it."""
    if soort == StapSoort.GEEN_ESCALATIE:
        titel = _("Niet geëscaleerd: %(r)s") % {"r": redenen.get(reden, reden)}
        if tegengehouden:
            titel += " (" + _("tegengehouden: %(s)s") % {"s": _stapnaam(tegengehouden)} + ")"
    else:
        titel = soorten.get(soort, soort)
    delen = [nummer, regel, toelichting]
    return Regel(moment, "stap", str(titel), " · ".join(d for d in delen if d), kosten if kosten else None)


def _stapnaam(waarde: str) -> str:
    try:
        return str(StapSoort(waarde).label)
    except ValueError:
        return waarde


def _sjabloon(sleutel: str) -> str:
    from communicatie.sjablonen import Sjabloon

    try:
        return str(Sjabloon(sleutel).label)
    except ValueError:
        return sleutel
