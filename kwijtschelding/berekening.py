"""The statutory remission calculation for private persons, with a breakdown of every number.

Pure: no database, no clock. ``selectors.berekening_voor_verzoek`` collects the inputs (the request, the
bijstandsnorm row, the dated policy, the open tax lines) and calls ``bereken``.

Source: Uitvoeringsregeling Invorderingswet 1990 (URI), hoofdstuk II afdeling 2 (art. 11-16), applied to
municipal taxes by art. 27-28 and Gemeentewet art. 255; the Regeling kwijtschelding belastingen
medeoverheden (art. 2 and 4) for the municipal choices; Leidraad Invordering 2008 art. 26 for the car
limit and the norm premium. Not modelled (named so an officer checks them by hand): the exclusion grounds
of URI art. 8 and 18, the AOW supplements of URI art. 16 lid 3 in older versions, the child-cost
deduction of URI art. 15 lid 1 g, students (Leidraad 26.2.12), debts of before the marriage (URI art. 19).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from invordering.constants import CENT, NUL, Leefsituatie

from .constants import Inkomstensoort, Uitkomst

HONDERD = Decimal(100)
MAANDEN = 12

# URI art. 14 lid 1 c: child benefit and kindgebonden budget are not income. Huurtoeslag and zorgtoeslag
# are not income either (art. 14 lid 1 c 8°); they reduce the housing and premium costs instead (art. 15).
MEETELLENDE_INKOMSTEN = frozenset(
    {
        Inkomstensoort.LOON,
        Inkomstensoort.UITKERING,
        Inkomstensoort.AOW_PENSIOEN,
        Inkomstensoort.ALIMENTATIE,
        Inkomstensoort.STUDIEFINANCIERING,
        Inkomstensoort.OVERIG,
    }
)
ECHTGENOTEN = frozenset({Leefsituatie.GEHUWD, Leefsituatie.GEHUWD_MET_KINDEREN})
# Regeling kwijtschelding belastingen medeoverheden art. 4: the asset allowance increase for a single
# person is 75%, for a single parent 90% of the couple's.
VERHOGING_FACTOR = {
    Leefsituatie.ALLEENSTAANDE: Decimal("0.75"),
    Leefsituatie.ALLEENSTAANDE_OUDER: Decimal("0.90"),
    Leefsituatie.GEHUWD: Decimal("1"),
    Leefsituatie.GEHUWD_MET_KINDEREN: Decimal("1"),
}

RIJ_TE_BETALEN = "U betaalt zelf"
RIJ_KWIJTGESCHOLDEN = "Kwijtgescholden"
REDEN_NIET_KWIJTSCHELDBAAR = "Voor deze belasting is geen kwijtschelding mogelijk."
REDEN_ZAKELIJK = "Deze belasting hoort bij uw bedrijf. Daarvoor is geen kwijtschelding mogelijk."
REDEN_ONDERNEMER = "Voor ondernemers geeft de gemeente geen kwijtschelding."
OPMERKING_AUTO = (
    "Uw auto is meer waard dan {grens}. Daarom telt de waarde van de auto mee als vermogen. "
    "Heeft u de auto echt nodig voor uw werk of door een handicap of ziekte? Laat het ons weten."
)
OPMERKING_BANK = "U heeft meer geld op de bank dan u mag houden. Het deel daarboven telt mee als vermogen."


def centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(percentage: Decimal) -> str:
    return f"{percentage.normalize():f}"


def procent(bedrag: Decimal, percentage: Decimal) -> Decimal:
    return centen(bedrag * percentage / HONDERD)


@dataclass(frozen=True)
class Beleid:
    """The policy figures in force on the day of the request (see models.Kwijtscheldingsbeleid)."""

    kosten_van_bestaan_percentage: Decimal
    betalingscapaciteit_percentage: Decimal
    auto_grens: Decimal
    vermogen_verhoging: Decimal
    normpremie_alleenstaande: Decimal
    normpremie_echtgenoten: Decimal
    maximale_woonlasten: Decimal
    eigen_bijdrage_woonlasten: Decimal
    kinderopvang_meetellen: bool = True
    ondernemer_prive: bool = True


@dataclass(frozen=True)
class Inkomstenpost:
    persoon: str
    soort: str
    bedrag: Decimal


@dataclass(frozen=True)
class Huishouden:
    """What the resident told us (or the exchange returned) about household, costs and assets, per month."""

    leefsituatie: str
    inkomsten: Sequence[Inkomstenpost] = ()
    woonlasten: Decimal = NUL
    huurtoeslag: Decimal = NUL
    zorgpremie: Decimal = NUL
    zorgtoeslag: Decimal = NUL
    alimentatie_betaald: Decimal = NUL
    kinderopvang_netto: Decimal = NUL
    banktegoed: Decimal = NUL
    auto_waarde: Decimal = NUL
    auto_onmisbaar: bool = False
    overig_vermogen: Decimal = NUL
    ondernemer: bool = False


@dataclass(frozen=True)
class Belastingregel:
    """One line of an aanslag with the part of it still open."""

    aanslag_id: int
    aanslagnummer: str
    volgnummer: int
    belastingsoort: str
    kwijtscheldbaar: bool
    open_bedrag: Decimal
    vervaldatum: date
    zakelijk: bool = False


@dataclass(frozen=True)
class Regeluitkomst:
    aanslag_id: int
    aanslagnummer: str
    volgnummer: int
    belastingsoort: str
    open_bedrag: Decimal
    kwalificeert: bool
    reden: str
    kwijtgescholden: Decimal
    te_betalen: Decimal


@dataclass(frozen=True)
class Berekening:
    """Every number that led to the outcome. Amounts per month unless the name says per year."""

    uitkomst: str
    bijstandsnorm: Decimal
    kosten_van_bestaan_percentage: Decimal
    kosten_van_bestaan: Decimal
    inkomen: Decimal
    inkomen_niet_meegeteld: Decimal
    woonlasten_uitgave: Decimal
    premie_uitgave: Decimal
    overige_uitgaven: Decimal
    netto_besteedbaar_inkomen: Decimal
    capaciteit_per_maand: Decimal
    capaciteit_per_jaar: Decimal
    betalingscapaciteit_percentage: Decimal
    aanwendbare_capaciteit: Decimal
    banktegoed: Decimal
    vrijstelling_banktegoed: Decimal
    banktegoed_als_vermogen: Decimal
    auto_als_vermogen: Decimal
    overig_vermogen: Decimal
    vermogen: Decimal
    gevraagd: Decimal
    kwijtscheldbaar: Decimal
    niet_kwijtscheldbaar: Decimal
    te_betalen: Decimal
    kwijtgescholden: Decimal
    regels: tuple[Regeluitkomst, ...]
    opmerkingen: tuple[str, ...] = field(default=())

    @property
    def per_aanslag(self) -> dict[int, Decimal]:
        """Remitted amount per aanslag (only aanslagen with something remitted)."""
        uitkomst: dict[int, Decimal] = {}
        for regel in self.regels:
            if regel.kwijtgescholden > 0:
                uitkomst[regel.aanslag_id] = uitkomst.get(regel.aanslag_id, NUL) + regel.kwijtgescholden
        return uitkomst

    def als_rijen(self) -> list[dict[str, str]]:
        """The breakdown as the letter shows it: ``[{"omschrijving", "bedrag"}, ...]`` (amounts as strings)."""
        rijen = [
            ("Bijstandsnorm per maand", self.bijstandsnorm),
            (
                f"Kosten van bestaan per maand ({_pct(self.kosten_van_bestaan_percentage)}% van de norm)",
                self.kosten_van_bestaan,
            ),
            ("Netto inkomen per maand", self.inkomen),
            ("Min: woonlasten die meetellen", self.woonlasten_uitgave),
            ("Min: zorgpremie die meetelt", self.premie_uitgave),
        ]
        if self.overige_uitgaven:
            rijen.append(("Min: alimentatie en kinderopvang", self.overige_uitgaven))
        rijen += [
            ("Netto besteedbaar inkomen per maand", self.netto_besteedbaar_inkomen),
            ("Over per maand na de kosten van bestaan", self.capaciteit_per_maand),
            ("Betalingscapaciteit per jaar", self.capaciteit_per_jaar),
            (
                f"Daarvan gebruiken wij {_pct(self.betalingscapaciteit_percentage)}%",
                self.aanwendbare_capaciteit,
            ),
            ("Geld op de bank", self.banktegoed),
            ("Dit mag u houden", self.vrijstelling_banktegoed),
            ("Vermogen: geld op de bank boven dat bedrag", self.banktegoed_als_vermogen),
            ("Vermogen: auto", self.auto_als_vermogen),
            ("Vermogen: overig", self.overig_vermogen),
            ("Vermogen totaal", self.vermogen),
            ("Gevraagd: open belasting", self.gevraagd),
            ("Waarvan kwijtschelding mogelijk is", self.kwijtscheldbaar),
            ("Niet kwijt te schelden belasting", self.niet_kwijtscheldbaar),
            (RIJ_TE_BETALEN, self.te_betalen),
            (RIJ_KWIJTGESCHOLDEN, self.kwijtgescholden),
        ]
        return [{"omschrijving": o, "bedrag": str(b)} for o, b in rijen]

    def als_dict(self) -> dict:
        """JSON-ready record of the whole calculation (stored with the decision)."""
        data = asdict(self)
        data["regels"] = [asdict(r) for r in self.regels]
        data["rijen"] = self.als_rijen()
        return data


def normpremie(leefsituatie: str, beleid: Beleid) -> Decimal:
    return beleid.normpremie_echtgenoten if leefsituatie in ECHTGENOTEN else beleid.normpremie_alleenstaande


def woonlasten_uitgave(woonlasten: Decimal, huurtoeslag: Decimal, beleid: Beleid) -> Decimal:
    """URI art. 15 lid 1 b and lid 3: net housing costs (after huurtoeslag) up to the maximum rent, above
    the own contribution (the normhuur of the Wet op de huurtoeslag)."""
    netto = max(NUL, woonlasten - huurtoeslag)
    return max(NUL, min(netto, beleid.maximale_woonlasten) - beleid.eigen_bijdrage_woonlasten)


def premie_uitgave(zorgpremie: Decimal, zorgtoeslag: Decimal, leefsituatie: str, beleid: Beleid) -> Decimal:
    """URI art. 15 lid 1 c: the health premium minus the norm premium already in the bijstandsnorm and
    minus the zorgtoeslag received."""
    return max(NUL, zorgpremie - normpremie(leefsituatie, beleid) - zorgtoeslag)


def bereken(
    *,
    huishouden: Huishouden,
    regels: Sequence[Belastingregel],
    bijstandsnorm: Decimal,
    beleid: Beleid,
) -> Berekening:
    """The remission for the open tax lines of a request, with a full breakdown.

    URI art. 11: remitted is what is left of the qualifying tax after the assets (art. 12) and at least
    80% (policy: 80-100%) of the payment capacity over twelve months (art. 13) are used. Capacity is the
    net disposable income (art. 14, minus the costs of art. 15) above the kosten van bestaan (art. 16:
    90% of the bijstandsnorm; policy 90-100%, Regeling kwijtschelding belastingen medeoverheden art. 2).
    Which taxes qualify is the municipality's choice per tax (Gemeentewet art. 255); for an entrepreneur
    only the private taxes, if the council so decided (URI art. 28 lid 1 b). What the resident can pay
    settles the oldest lines first (Leidraad Invordering 2008 art. 7: oldest debt first).
    """
    opmerkingen: list[str] = []
    leefsituatie = huishouden.leefsituatie

    # Income and costs (art. 13-15)
    inkomen = centen(sum((p.bedrag for p in huishouden.inkomsten if p.soort in MEETELLENDE_INKOMSTEN), NUL))
    niet_meegeteld = centen(
        sum((p.bedrag for p in huishouden.inkomsten if p.soort not in MEETELLENDE_INKOMSTEN), NUL)
    )
    woon = woonlasten_uitgave(huishouden.woonlasten, huishouden.huurtoeslag, beleid)
    premie = premie_uitgave(huishouden.zorgpremie, huishouden.zorgtoeslag, leefsituatie, beleid)
    overig = huishouden.alimentatie_betaald + (
        huishouden.kinderopvang_netto if beleid.kinderopvang_meetellen else NUL
    )
    netto_besteedbaar = inkomen - woon - premie - overig
    kvb = procent(bijstandsnorm, beleid.kosten_van_bestaan_percentage)
    capaciteit_maand = max(NUL, netto_besteedbaar - kvb)
    capaciteit_jaar = capaciteit_maand * MAANDEN
    aanwendbaar = procent(capaciteit_jaar, beleid.betalingscapaciteit_percentage)

    # Assets (art. 12). Money in the bank is free up to the kosten van bestaan plus one month's housing
    # and premium costs, counted before huurtoeslag and zorgtoeslag (art. 12 lid 2 d), plus the policy's
    # increase (Regeling medeoverheden art. 4).
    woon_bruto = woonlasten_uitgave(huishouden.woonlasten, NUL, beleid)
    premie_bruto = premie_uitgave(huishouden.zorgpremie, NUL, leefsituatie, beleid)
    verhoging = centen(beleid.vermogen_verhoging * VERHOGING_FACTOR.get(leefsituatie, Decimal("1")))
    vrijstelling = kvb + woon_bruto + premie_bruto + verhoging
    bank_vermogen = max(NUL, huishouden.banktegoed - vrijstelling)
    if bank_vermogen > 0:
        opmerkingen.append(OPMERKING_BANK)
    auto_vermogen = NUL
    if huishouden.auto_waarde > beleid.auto_grens and not huishouden.auto_onmisbaar:
        auto_vermogen = huishouden.auto_waarde
        opmerkingen.append(OPMERKING_AUTO.format(grens=beleid.auto_grens))
    vermogen = bank_vermogen + auto_vermogen + huishouden.overig_vermogen

    # Which lines qualify, and what the resident pays on them: oldest first.
    beschikbaar = vermogen + aanwendbaar
    uitkomsten: list[Regeluitkomst] = []
    for regel in sorted(regels, key=lambda r: (r.vervaldatum, r.aanslagnummer, r.volgnummer)):
        reden = ""
        if not regel.kwijtscheldbaar:
            reden = REDEN_NIET_KWIJTSCHELDBAAR
        elif huishouden.ondernemer and not beleid.ondernemer_prive:
            reden = REDEN_ONDERNEMER
        elif huishouden.ondernemer and regel.zakelijk:
            reden = REDEN_ZAKELIJK
        if reden:
            uitkomsten.append(
                Regeluitkomst(
                    regel.aanslag_id,
                    regel.aanslagnummer,
                    regel.volgnummer,
                    regel.belastingsoort,
                    regel.open_bedrag,
                    False,
                    reden,
                    NUL,
                    regel.open_bedrag,
                )
            )
            continue
        betaalt = min(regel.open_bedrag, beschikbaar)
        beschikbaar -= betaalt
        uitkomsten.append(
            Regeluitkomst(
                regel.aanslag_id,
                regel.aanslagnummer,
                regel.volgnummer,
                regel.belastingsoort,
                regel.open_bedrag,
                True,
                "",
                regel.open_bedrag - betaalt,
                betaalt,
            )
        )

    gevraagd = sum((r.open_bedrag for r in uitkomsten), NUL)
    kwijtscheldbaar = sum((r.open_bedrag for r in uitkomsten if r.kwalificeert), NUL)
    kwijtgescholden = sum((r.kwijtgescholden for r in uitkomsten), NUL)
    te_betalen = gevraagd - kwijtgescholden
    # The outcome is about everything asked: a tax that cannot be remitted makes a grant partial.
    if kwijtgescholden <= 0:
        uitkomst = Uitkomst.AFGEWEZEN
    elif kwijtgescholden == gevraagd:
        uitkomst = Uitkomst.TOEGEWEZEN
    else:
        uitkomst = Uitkomst.GEDEELTELIJK

    return Berekening(
        uitkomst=str(uitkomst),
        bijstandsnorm=bijstandsnorm,
        kosten_van_bestaan_percentage=beleid.kosten_van_bestaan_percentage,
        kosten_van_bestaan=kvb,
        inkomen=inkomen,
        inkomen_niet_meegeteld=niet_meegeteld,
        woonlasten_uitgave=woon,
        premie_uitgave=premie,
        overige_uitgaven=overig,
        netto_besteedbaar_inkomen=netto_besteedbaar,
        capaciteit_per_maand=capaciteit_maand,
        capaciteit_per_jaar=capaciteit_jaar,
        betalingscapaciteit_percentage=beleid.betalingscapaciteit_percentage,
        aanwendbare_capaciteit=aanwendbaar,
        banktegoed=huishouden.banktegoed,
        vrijstelling_banktegoed=vrijstelling,
        banktegoed_als_vermogen=bank_vermogen,
        auto_als_vermogen=auto_vermogen,
        overig_vermogen=huishouden.overig_vermogen,
        vermogen=vermogen,
        gevraagd=gevraagd,
        kwijtscheldbaar=kwijtscheldbaar,
        niet_kwijtscheldbaar=gevraagd - kwijtscheldbaar,
        te_betalen=te_betalen,
        kwijtgescholden=kwijtgescholden,
        regels=tuple(uitkomsten),
        opmerkingen=tuple(opmerkingen),
    )
