"""The integral dossier of a resident: everything the officer needs on one page, and one timeline.

Reads only (selectors of the domain apps where they exist, plain reads otherwise). A constant number
of queries whatever the number of aanslagen, payments or letters: every list is one query, the
timeline sources are each capped at the most recent TIJDLIJN_MAX rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from communicatie.selectors import brieven_voor
from invordering import regelingen
from invordering.beslagvrije_voet import aflossingscapaciteit
from invordering.constants import NUL, AanslagStatus, Boekingsoort, RegelingStatus, StapSoort
from invordering.keten.selectors import tijdlijn as ketentijdlijn
from invordering.models import (
    Aanslag,
    Belastingplichtige,
    Betaling,
    Betalingsregeling,
    Boeking,
    Contact,
    Inkomensgegeven,
    Ketenstand,
    Pauze,
    RegelingGebeurtenis,
    Taak,
    Toestemming,
    VastgesteldeBvv,
)
from kwijtschelding.models import Gebeurtenis, Kwijtscheldingsverzoek

from .models import ActieSoort, Dossieractie, Oninbaarvoorstel

TIJDLIJN_MAX = 100
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
    def lopend_verzoek(self):
        from kwijtschelding.constants import AFGESLOTEN

        return next((v for v in self.verzoeken if v.status not in AFGESLOTEN), None)


def laad(*, persoon_id: int, vandaag: date) -> Dossier:
    persoon = Belastingplichtige.objects.get(pk=persoon_id)
    d = Dossier(persoon=persoon, vandaag=vandaag)
    d.aanslagen = list(
        Aanslag.objects.filter(belastingplichtige=persoon).order_by("-belastingjaar", "aanslagnummer")
    )
    standen = {k.aanslag_id: k for k in Ketenstand.objects.filter(aanslag__belastingplichtige=persoon)}
    for a in d.aanslagen:
        a.stand = standen.get(a.pk)
    if persoon.postcode and persoon.huisnummer:
        d.huisgenoten = list(
            Belastingplichtige.objects.filter(postcode=persoon.postcode, huisnummer=persoon.huisnummer)
            .exclude(pk=persoon.pk)
            .order_by("achternaam")[:10]
        )
    d.inkomens = list(
        Inkomensgegeven.objects.filter(belastingplichtige=persoon).order_by("-peildatum", "-id")[:5]
    )
    d.capaciteit = aflossingscapaciteit(belastingplichtige=persoon, peildatum=vandaag)
    d.vastgestelde_bvv = list(VastgesteldeBvv.objects.filter(belastingplichtige=persoon)[:5])
    actief = set(
        Pauze.objects.actief_op(vandaag).filter(belastingplichtige=persoon).values_list("id", flat=True)
    )
    d.pauzes = list(
        Pauze.objects.filter(belastingplichtige=persoon)
        .prefetch_related(Prefetch("aanslagen", queryset=Aanslag.objects.only("id", "aanslagnummer")))
        .order_by("-start", "-id")[:20]
    )
    for p in d.pauzes:
        p.actief = p.pk in actief
    d.toestemmingen = list(Toestemming.objects.filter(belastingplichtige=persoon))
    d.regelingen = list(
        Betalingsregeling.objects.filter(belastingplichtige=persoon).order_by("-startdatum", "-id")
    )
    if d.actieve_regeling:
        d.regeling_stand = regelingen.regeling_stand(regeling=d.actieve_regeling, datum=vandaag)
    d.verzoeken = list(
        Kwijtscheldingsverzoek.objects.filter(belastingplichtige=persoon)
        .select_related("besluit")
        .order_by("-ingediend_op", "-id")[:10]
    )
    d.taken = list(
        Taak.objects.open().filter(belastingplichtige=persoon).select_related("toegewezen_aan", "aanslag")
    )
    d.voorstellen = list(
        Oninbaarvoorstel.objects.filter(belastingplichtige=persoon)
        .select_related("voorgesteld_door", "beoordeeld_door")
        .prefetch_related("aanslagen")[:10]
    )
    d.signalen, d.verwijzingen = _vroegsignalering(persoon)
    d.tijdlijn = tijdlijn(persoon=persoon)
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


def _vroegsignalering(persoon) -> tuple[list, list]:
    """Signals and referrals, from the vroegsignalering selectors once that app has them."""
    try:
        from vroegsignalering import selectors  # noqa: PLC0415 - built on another branch
    except ImportError:
        return [], []
    signalen = (
        list(selectors.signalen_van(belastingplichtige=persoon)[:20])
        if hasattr(selectors, "signalen_van")
        else []
    )
    verwijzingen = (
        list(selectors.verwijzingen_van(belastingplichtige=persoon).select_related("door")[:20])
        if hasattr(selectors, "verwijzingen_van")
        else []
    )
    return signalen, verwijzingen


def tijdlijn(*, persoon: Belastingplichtige) -> list[Regel]:
    """Letters, chain steps and bookings, contacts, payments, pauses, plans, remission and the
    dashboard's own actions, newest first (one query per source)."""
    regels: list[Regel] = []
    for stap in ketentijdlijn(belastingplichtige=persoon).order_by("-datum", "-id")[:TIJDLIJN_MAX]:
        regels.append(_stapregel(stap))
    for b in brieven_voor(f"belastingplichtige:{persoon.pk}")[:TIJDLIJN_MAX]:
        regels.append(
            Regel(
                _moment(b.datum),
                "brief",
                _("Brief: %(s)s") % {"s": _sjabloon(b.sjabloon)},
                b.get_status_display(),
            )
        )
    for b in (
        Boeking.objects.filter(aanslag__belastingplichtige=persoon, soort__in=STAPBOEKINGEN)
        .select_related("aanslag")
        .order_by("-datum", "-id")[:TIJDLIJN_MAX]
    ):
        regels.append(
            Regel(
                _moment(b.datum),
                "stap",
                b.get_soort_display(),
                f"{b.aanslag.aanslagnummer} · {b.get_component_display()}{' · ' + b.omschrijving if b.omschrijving else ''}",
                b.bedrag,
            )
        )
    for c in Contact.objects.filter(belastingplichtige=persoon).select_related("medewerker")[:TIJDLIJN_MAX]:
        regels.append(
            Regel(
                c.tijdstip,
                "contact",
                f"{c.get_kanaal_display()}: {c.get_uitkomst_display()}",
                c.notitie,
                door=_naam(c.medewerker),
            )
        )
    for b in Betaling.objects.filter(belastingplichtige=persoon).order_by("-datum", "-id")[:TIJDLIJN_MAX]:
        regels.append(
            Regel(
                _moment(b.datum),
                "betaling",
                f"{_('Betaling')} ({b.get_bron_display()})",
                b.get_status_display(),
                b.bedrag,
            )
        )
    for p in Pauze.objects.filter(belastingplichtige=persoon).select_related("aangemaakt_door")[
        :TIJDLIJN_MAX
    ]:
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
    for g in (
        RegelingGebeurtenis.objects.filter(regeling__belastingplichtige=persoon)
        .select_related("door")
        .order_by("-datum", "-id")[:TIJDLIJN_MAX]
    ):
        regels.append(
            Regel(_moment(g.datum), "regeling", g.get_soort_display(), g.toelichting, door=_naam(g.door))
        )
    for g in (
        Gebeurtenis.objects.filter(verzoek__belastingplichtige=persoon)
        .select_related("door")
        .order_by("-datum", "-id")[:TIJDLIJN_MAX]
    ):
        regels.append(
            Regel(
                _moment(g.datum),
                "kwijtschelding",
                _("Kwijtschelding: %(s)s") % {"s": g.get_naar_status_display()},
                g.toelichting,
                door=_naam(g.door),
            )
        )
    for a in (
        Dossieractie.objects.filter(belastingplichtige=persoon)
        .exclude(soort__in=ACTIES_MET_EIGEN_FEIT)
        .select_related("gebruiker")[:TIJDLIJN_MAX]
    ):
        regels.append(
            Regel(a.tijdstip, "actie", a.get_soort_display(), a.omschrijving, door=_naam(a.gebruiker))
        )
    regels.sort(key=lambda r: r.moment, reverse=True)
    return regels


def _stapregel(stap) -> Regel:
    """A chain fact: the step, or the decision not to take one, with the rule that caused it."""
    if stap.soort == StapSoort.GEEN_ESCALATIE:
        titel = _("Niet geëscaleerd: %(r)s") % {"r": stap.get_reden_display()}
        if stap.tegengehouden:
            titel += " (" + _("tegengehouden: %(s)s") % {"s": _stapnaam(stap.tegengehouden)} + ")"
    else:
        titel = stap.get_soort_display()
    delen = [stap.aanslag.aanslagnummer, stap.regel, stap.toelichting]
    return Regel(
        _moment(stap.datum),
        "stap",
        str(titel),
        " · ".join(d for d in delen if d),
        stap.kosten if stap.kosten else None,
    )


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
