"""A simulated municipality: the real chain runs day by day while simulated residents react.

Behavioural model (docs/monitoring.md, "De gesimuleerde gemeente"); shares from seed 001 (about 90%
pay on time; of the rest about 6 in 10 cannot and 3 in 10 will not pay) and seed 004 (45% of the
residents helped were entitled to remission; 34% of those reached accept help, seed 001):

- ``op_tijd``: pays the whole aanslag on a day between the dagtekening and its first installment's due date.
- ``vergeet``: forgets; pays 2-10 days after a free reminder (80%), else 3-12 days after the aanmaning
  (95%), else after the dwangbevel.
- ``kan_niet``: cannot pay (income known and at most 120% of the bijstandsnorm, or drawn). Pays nothing
  by itself. Reached by a call or visit it says so; then asks for remission (45%) or a payment plan
  (34% of the rest), and pays plan installments on time (85% each).
- ``wil_niet``: will not pay; pays 1-10 days after the dwangbevel (60%), else after the handover to the
  bailiff (90%).
- Calls and visits: officers work every open chain task the day after it opens, one attempt a day; a
  resident is reached with 35% per attempt (the chain decides on further attempts and visits).
- Officers decide remission requests 10 days after they are filed.

Randomness is a hash of (seed, resident or aanslag, event), not a shared generator, so a run is the
same for the same seed whatever order things happen in, and a rerun of a day changes nothing. Keys are
what a thing is (BSN, aanslagnummer, a task's unique key, an installment's plan start and number),
never a database id: ids differ between databases and between runs (PostgreSQL does not give back
the ids of a rolled-back transaction).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from invordering import rollen
from invordering.constants import (
    AanslagStatus,
    Betaalbron,
    BetalingStatus,
    ContactKanaal,
    ContactUitkomst,
    RegelingStatus,
    RegelingTermijnStatus,
    StapSoort,
    TaakSoort,
)
from invordering.keten.run import Verslag, keten_draaien
from invordering.models import (
    Aanslag,
    Betaling,
    Invorderingsbeleid,
    Ketenstap,
    RegelingTermijn,
    Taak,
)
from invordering.regelingen import regeling_maak, regelingen_bewaken
from invordering.selectors import bijstandsnorm, laatste_inkomen
from invordering.services import betalingen_toerekenen, contact_vastleggen
from vroegsignalering.services import signalen_bepalen

logger = logging.getLogger(__name__)

OP_TIJD, VERGEET, KAN_NIET, WIL_NIET = "op_tijd", "vergeet", "kan_niet", "wil_niet"
# Shares when income does not decide (seed 001): 90% on time; of the other 10%: 1 forgets, 6 cannot, 3 will not.
GEDRAG_AANDELEN = ((OP_TIJD, 0.90), (VERGEET, 0.01), (KAN_NIET, 0.06), (WIL_NIET, 0.03))
KANS_BEREIKT = 0.35
KANS_BETAALT_NA_HERINNERING = 0.80
KANS_BETAALT_NA_AANMANING = 0.95
KANS_WIL_NIET_NA_DWANGBEVEL = 0.60
KANS_WIL_NIET_NA_DEURWAARDER = 0.90
KANS_KWIJTSCHELDING = 0.45
KANS_REGELING = 0.34
KANS_TERMIJN_BETAALD = 0.85
BESLIS_NA_DAGEN = 10
INKOMEN_KAN_NIET = Decimal("1.20")  # income at most this times the bijstandsnorm: cannot pay
SIMULATIE_MEDEWERKER = "simulatie"
BELTAKEN = (
    TaakSoort.VOORBELLEN_AANMANING,
    TaakSoort.VOORBELLEN_DWANGBEVEL,
    TaakSoort.HUISBEZOEK,
    TaakSoort.SOCIAAL_SPOOR,
    TaakSoort.PROACTIEF_CONTACT,
)


def kans(zaad: int, *sleutel) -> float:
    """A fixed number in [0, 1) for (seed, key): the same question always gets the same answer."""
    tekst = ":".join(str(s) for s in (zaad, *sleutel))
    return int.from_bytes(hashlib.blake2b(tekst.encode(), digest_size=8).digest(), "big") / 2**64


def dagen(zaad: int, laag: int, hoog: int, *sleutel) -> int:
    return laag + int(kans(zaad, "dagen", *sleutel) * (hoog - laag + 1))


@dataclass
class Simulatieverslag:
    van: date
    tot: date
    beleid: str
    zaad: int
    dagen: int = 0
    gedrag: Counter = field(default_factory=Counter)
    gebeurtenissen: Counter = field(default_factory=Counter)
    keten: Verslag | None = None

    def als_dict(self) -> dict:
        return {
            "van": self.van.isoformat(),
            "tot": self.tot.isoformat(),
            "beleid": self.beleid,
            "zaad": self.zaad,
            "dagen": self.dagen,
            "gedrag": dict(sorted(self.gedrag.items())),
            "gebeurtenissen": dict(sorted(self.gebeurtenissen.items())),
            # The chain's counts, without its phase timings (those differ per run; the outcome does not).
            "keten": {k: v for k, v in self.keten.als_dict().items() if k != "tijden"}
            if self.keten
            else None,
        }


class Gemeente:
    """The simulated residents of the database's open aanslagen, with their behaviour."""

    def __init__(self, *, zaad: int, peildatum: date):
        self.zaad = zaad
        self.peildatum = peildatum
        self.gedrag: dict[int, str] = {}
        self._medewerker = None

    def gedrag_van(self, persoon) -> str:
        if persoon.pk not in self.gedrag:
            self.gedrag[persoon.pk] = self._bepaal(persoon)
        return self.gedrag[persoon.pk]

    def _bepaal(self, persoon) -> str:
        inkomen = laatste_inkomen(belastingplichtige=persoon) if persoon.leefsituatie else None
        if inkomen is not None:
            try:
                norm = bijstandsnorm(
                    leefsituatie=persoon.leefsituatie, aow=False, peildatum=self.peildatum
                ).bedrag
            except Exception:  # no norm row: fall back to the shares
                norm = None
            if norm and inkomen.netto_maandinkomen <= norm * INKOMEN_KAN_NIET:
                return KAN_NIET
        x, grens = kans(self.zaad, "gedrag", persoon.bsn), 0.0
        for gedrag, aandeel in GEDRAG_AANDELEN:
            grens += aandeel
            if x < grens:
                return gedrag
        return OP_TIJD

    @property
    def medewerker(self):
        """The simulated officer who works tasks and decides requests (group invorderingsmedewerker)."""
        if self._medewerker is None:
            rollen.rollen_bijwerken()
            gebruiker, _nieuw = get_user_model().objects.get_or_create(
                username=SIMULATIE_MEDEWERKER,
                defaults={"first_name": "Gesimuleerde", "last_name": "medewerker"},
            )
            gebruiker.groups.add(Group.objects.get(name=rollen.MEDEWERKER))
            self._medewerker = get_user_model().objects.get(pk=gebruiker.pk)
        return self._medewerker


def _moment(dag: date, uur: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(uur)))


def _betalen(*, dag: date, zaad: int, te_betalen: list[tuple[Aanslag, Decimal]], reden: str, verslag) -> None:
    if not te_betalen:
        return
    betalingen = []
    for aanslag, bedrag in te_betalen:
        referentie = f"sim:{zaad}:{aanslag.aanslagnummer}:{dag.isoformat()}:{reden}"
        b, nieuw = Betaling.objects.get_or_create(
            bron=Betaalbron.BANK,
            referentie=referentie,
            defaults={
                "datum": dag,
                "bedrag": bedrag,
                "betalingskenmerk": aanslag.betalingskenmerk,
                "belastingplichtige_id": aanslag.belastingplichtige_id,
                "status": BetalingStatus.ONGEMATCHT,
                "omschrijving": "Gesimuleerde betaling",
            },
        )
        if nieuw:
            betalingen.append((b, [aanslag.pk]))
            verslag.gebeurtenissen[f"betaald_{reden}"] += 1
    betalingen_toerekenen(toewijzingen=betalingen, datum=dag)


def _dag_inwoners(gemeente: Gemeente, dag: date, verslag: Simulatieverslag) -> None:
    """Residents pay what their behaviour says for this day."""
    z = gemeente.zaad
    deurwaarder = Ketenstap.objects.filter(aanslag=OuterRef("pk"), soort=StapSoort.DEURWAARDER, datum__lt=dag)
    herinnering = Ketenstap.objects.filter(
        aanslag=OuterRef("pk"),
        soort__in=(StapSoort.HERINNERING_NA_VERVALDATUM, StapSoort.HERINNERING_VOOR_EINDE),
        datum__lt=dag,
    )
    open_ = (
        Aanslag.objects.filter(status=AanslagStatus.OPEN, openstaand__gt=0, dagtekening__lte=dag)
        .exclude(regelingen__status=RegelingStatus.ACTIEF)
        .select_related("belastingplichtige", "ketenstand")
        .annotate(
            bij_deurwaarder=Exists(deurwaarder),
            herinnerd=Exists(herinnering),
            eerste=Min("termijnen__vervaldatum"),
        )
    )
    te_betalen = []
    for a in open_:
        gedrag = gemeente.gedrag_van(a.belastingplichtige)
        stand = getattr(a, "ketenstand", None)
        reden = None
        if gedrag == OP_TIJD:
            # Pays the whole aanslag before its first installment falls due (so no installment is late).
            eerste = a.eerste or a.vervaldatum
            termijn = max((eerste - a.dagtekening).days, 1)
            if dag >= a.dagtekening + timedelta(days=int(kans(z, "op_tijd", a.aanslagnummer) * termijn)):
                reden = "op_tijd"
        elif gedrag == VERGEET:
            herinnerd_op = stand.herinnering_op if stand else None
            if herinnerd_op and kans(z, "na_herinnering", a.aanslagnummer) < KANS_BETAALT_NA_HERINNERING:
                if dag >= herinnerd_op + timedelta(days=dagen(z, 2, 10, "h", a.aanslagnummer)):
                    reden = "na_herinnering"
            elif (
                stand
                and stand.aanmaning_op
                and kans(z, "na_aanmaning", a.aanslagnummer) < KANS_BETAALT_NA_AANMANING
            ):
                if dag >= stand.aanmaning_op + timedelta(days=dagen(z, 3, 12, "a", a.aanslagnummer)):
                    reden = "na_aanmaning"
            elif stand and stand.dwangbevel_op:
                reden = "na_dwangbevel"
        elif gedrag == WIL_NIET:
            if (
                stand
                and stand.dwangbevel_op
                and kans(z, "wil_niet", a.aanslagnummer) < KANS_WIL_NIET_NA_DWANGBEVEL
            ):
                if dag >= stand.dwangbevel_op + timedelta(days=dagen(z, 1, 10, "d", a.aanslagnummer)):
                    reden = "na_dwangbevel"
            elif a.bij_deurwaarder and kans(z, "deurwaarder", a.aanslagnummer) < KANS_WIL_NIET_NA_DEURWAARDER:
                reden = "via_deurwaarder"
        if reden:
            te_betalen.append((a, a.openstaand))
            verslag.gebeurtenissen[f"betaalt_{reden}"] += 1
    _betalen(dag=dag, zaad=z, te_betalen=te_betalen, reden="inwoner", verslag=verslag)


def _dag_termijnen(gemeente: Gemeente, dag: date, verslag: Simulatieverslag) -> None:
    """Residents with a plan pay the installments due today (most of them)."""
    termijnen = RegelingTermijn.objects.filter(
        vervaldatum=dag, status=RegelingTermijnStatus.ACTIEF, regeling__status=RegelingStatus.ACTIEF
    ).select_related("regeling__belastingplichtige")
    betalingen = []
    for t in termijnen:
        regeling = t.regeling
        termijn_sleutel = (
            f"{regeling.belastingplichtige.bsn}:{regeling.startdatum}:{t.volgnummer}:{t.vervaldatum}"
        )
        if kans(gemeente.zaad, "termijn", termijn_sleutel) >= KANS_TERMIJN_BETAALD:
            verslag.gebeurtenissen["termijn_gemist"] += 1
            continue
        referentie = f"sim:{gemeente.zaad}:termijn:{termijn_sleutel}"
        b, nieuw = Betaling.objects.get_or_create(
            bron=Betaalbron.BANK,
            referentie=referentie,
            defaults={
                "datum": dag,
                "bedrag": t.bedrag,
                "betalingskenmerk": regeling.betalingskenmerk or "",
                "belastingplichtige_id": regeling.belastingplichtige_id,
                "status": BetalingStatus.ONGEMATCHT,
                "omschrijving": "Gesimuleerde termijn",
            },
        )
        if nieuw:
            ids = list(regeling.aanslagen.filter(status=AanslagStatus.OPEN).values_list("id", flat=True))
            betalingen.append((b, ids))
            verslag.gebeurtenissen["termijn_betaald"] += 1
    betalingen_toerekenen(toewijzingen=betalingen, datum=dag)


def _gegevens_kwijtschelding(persoon, peildatum: date):
    from kwijtschelding.berekening import Inkomstenpost
    from kwijtschelding.services import VerzoekGegevens

    inkomen = laatste_inkomen(belastingplichtige=persoon)
    leefsituatie = persoon.leefsituatie or "alleenstaande"
    bedrag = (
        inkomen.netto_maandinkomen
        if inkomen
        else bijstandsnorm(leefsituatie=leefsituatie, aow=False, peildatum=peildatum).bedrag
    )
    return VerzoekGegevens(
        leefsituatie=leefsituatie,
        inkomsten=(Inkomstenpost("aanvrager", "uitkering", bedrag),),
        aantal_kinderen=persoon.aantal_kinderen or 0,
        woonlasten=persoon.woonkosten or Decimal("0.00"),
    )


def _hulp(gemeente: Gemeente, persoon, dag: date, verslag: Simulatieverslag) -> None:
    """A resident who cannot pay, once reached: remission request or a payment plan (or nothing)."""
    from kwijtschelding.services import verzoek_indienen

    z = gemeente.zaad
    open_ = list(
        Aanslag.objects.filter(belastingplichtige=persoon, status=AanslagStatus.OPEN, openstaand__gt=0)
    )
    if not open_:
        return
    try:
        with transaction.atomic():
            if kans(z, "kwijtschelding", persoon.bsn, dag) < KANS_KWIJTSCHELDING:
                verzoek_indienen(
                    belastingplichtige=persoon,
                    aanslagen=open_,
                    gegevens=_gegevens_kwijtschelding(persoon, dag),
                    datum=dag,
                    tijdstip=_moment(dag),
                )
                verslag.gebeurtenissen["kwijtschelding_gevraagd"] += 1
            elif kans(z, "regeling", persoon.bsn, dag) < KANS_REGELING:
                regeling_maak(belastingplichtige=persoon, datum=dag, bron="portaal")
                verslag.gebeurtenissen["regeling_getroffen"] += 1
    except Exception as fout:  # a request the rules refuse: the resident simply does nothing more
        logger.info("simulatie: hulp voor %s niet gelukt: %s", persoon.pk, fout)
        verslag.gebeurtenissen["hulp_niet_gelukt"] += 1


def _dag_medewerkers(gemeente: Gemeente, dag: date, verslag: Simulatieverslag) -> None:
    """Officers work the open chain tasks (one attempt a day) and decide remission requests."""
    z = gemeente.zaad
    taken = (
        Taak.objects.open()
        .filter(soort__in=BELTAKEN, aangemaakt_op__lt=dag)
        .select_related("belastingplichtige")
    )
    for taak in taken:
        persoon = taak.belastingplichtige
        gedrag = gemeente.gedrag_van(persoon)
        # Keyed on what the task is, not on its id: ids differ between databases and reruns.
        # A signal's task key holds the signal's id, made during the run (PostgreSQL does not reuse ids
        # after a rollback), so those are keyed on their kind.
        soort = taak.soort if (taak.sleutel or "").startswith("vroegsignaal-") else taak.sleutel or taak.soort
        taak_sleutel = f"{soort}:{persoon.bsn}:{taak.aangemaakt_op}"
        bereikt = kans(z, "bereikt", taak_sleutel, dag) < KANS_BEREIKT
        if not bereikt:
            uitkomst = ContactUitkomst.NIET_BEREIKT
        elif gedrag == KAN_NIET:
            uitkomst = ContactUitkomst.BEREIKT_KAN_NIET
        elif gedrag == WIL_NIET:
            uitkomst = ContactUitkomst.BEREIKT_WIL_NIET
        else:
            uitkomst = ContactUitkomst.BEREIKT_WIL_WEL
        kanaal = ContactKanaal.HUISBEZOEK if taak.soort == TaakSoort.HUISBEZOEK else ContactKanaal.TELEFOON
        contact_vastleggen(
            belastingplichtige=persoon,
            tijdstip=_moment(dag, 10),
            kanaal=kanaal,
            uitkomst=uitkomst,
            taak=taak,
            notitie="Gesimuleerd contact",
            medewerker=gemeente.medewerker,
        )
        verslag.gebeurtenissen[f"contact_{uitkomst}"] += 1
        if uitkomst == ContactUitkomst.BEREIKT_KAN_NIET:
            _hulp(gemeente, persoon, dag, verslag)
        elif uitkomst == ContactUitkomst.BEREIKT_WIL_WEL:
            # Reached and willing: pays within a few days (counted by the resident's next days).
            te_betalen = [
                (a, a.openstaand)
                for a in Aanslag.objects.filter(
                    belastingplichtige=persoon, status=AanslagStatus.OPEN, openstaand__gt=0
                )
            ]
            _betalen(dag=dag, zaad=z, te_betalen=te_betalen, reden="na_contact", verslag=verslag)
    _beslissen(gemeente, dag, verslag)


def _beslissen(gemeente: Gemeente, dag: date, verslag: Simulatieverslag) -> None:
    from kwijtschelding.models import Kwijtscheldingsverzoek
    from kwijtschelding.services import verzoek_beslissen

    rijp = Kwijtscheldingsverzoek.objects.lopend().filter(
        ingediend_op__lte=dag - timedelta(days=BESLIS_NA_DAGEN)
    )
    for verzoek in rijp:
        try:
            with transaction.atomic():
                besluit = verzoek_beslissen(verzoek=verzoek, datum=dag, door=gemeente.medewerker)
            verslag.gebeurtenissen[f"kwijtschelding_{besluit.uitkomst}"] += 1
        except Exception as fout:
            logger.info("simulatie: besluit op verzoek %s niet gelukt: %s", verzoek.pk, fout)
            verslag.gebeurtenissen["besluit_niet_gelukt"] += 1


def simuleer(
    *,
    van: date,
    tot: date,
    beleid: Invorderingsbeleid | None = None,
    zaad: int = 2026,
    signalen: bool = True,
) -> Simulatieverslag:
    """Run the municipality from ``van`` to ``tot``: each day residents act, then the real chain runs
    (with ``beleid`` for everyone, or the policy in force and its pilots), then the daily signal job
    (vroegsignalering), then plans are watched, then officers work the tasks (a signal's proactive
    contact task among them); ``signalen=False`` leaves the signal job out (a municipality without
    early warning, as the classic comparison in docs/monitoring.md). Deterministic for a seed."""
    if tot < van:
        raise ValueError(f"--tot ({tot}) ligt voor --van ({van}).")
    verslag = Simulatieverslag(
        van=van, tot=tot, beleid=beleid.naam if beleid else "geldend beleid", zaad=zaad
    )
    verslag.keten = Verslag(datum=tot)
    gemeente = Gemeente(zaad=zaad, peildatum=van)
    dag = van
    while dag <= tot:
        _dag_inwoners(gemeente, dag, verslag)
        _dag_termijnen(gemeente, dag, verslag)
        verslag.keten.optellen(keten_draaien(datum=dag, beleid=beleid))
        if signalen:
            # The daily signal job runs after the chain, as in beat (07:00 chain, 07:30 signals).
            signaaldag = signalen_bepalen(datum=dag)
            verslag.gebeurtenissen["signaal_nieuw"] += signaaldag.nieuw
            verslag.gebeurtenissen["signaal_gereed"] += signaaldag.gereed
        regelingen_bewaken(datum=dag)
        _dag_medewerkers(gemeente, dag, verslag)
        verslag.dagen += 1
        dag += timedelta(days=1)
    verslag.gedrag = Counter(gemeente.gedrag.values())
    return verslag
