"""Reads of the kwijtschelding app: policy in force, the calculation's inputs, access to documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from invordering import selectors as kern
from invordering.constants import NUL
from invordering.models import Aanslag, AanslagRegel, Belastingplichtige
from invordering.rollen import aangemeld_met_tweede_factor

from .berekening import Belastingregel, Beleid, Berekening, Huishouden, Inkomstenpost, bereken, centen
from .constants import FOUT_GEEN_BELEID
from .models import Document, Kwijtscheldingsbeleid, Kwijtscheldingsverzoek

# Who may open any resident's documents: officers and teamleads (see invordering/rollen.py).
RECHT_DOCUMENT_ZIEN = "kwijtschelding.view_document"


class GeenBeleid(LookupError):
    pass


def beleid_op(*, peildatum: date) -> Kwijtscheldingsbeleid:
    """The policy row in force on ``peildatum`` (raises GeenBeleid, with a clear message, if none is)."""
    rij = Kwijtscheldingsbeleid.objects.filter(geldig_vanaf__lte=peildatum).order_by("-geldig_vanaf").first()
    if rij is None:
        raise GeenBeleid(FOUT_GEEN_BELEID.format(datum=peildatum))
    return rij


def beleid_waarden(rij: Kwijtscheldingsbeleid) -> Beleid:
    return Beleid(
        kosten_van_bestaan_percentage=rij.kosten_van_bestaan_percentage,
        betalingscapaciteit_percentage=rij.betalingscapaciteit_percentage,
        auto_grens=rij.auto_grens,
        vermogen_verhoging=rij.vermogen_verhoging,
        normpremie_alleenstaande=rij.normpremie_alleenstaande,
        normpremie_echtgenoten=rij.normpremie_echtgenoten,
        maximale_woonlasten=rij.maximale_woonlasten,
        eigen_bijdrage_woonlasten=rij.eigen_bijdrage_woonlasten,
        kinderopvang_meetellen=rij.kinderopvang_meetellen,
        ondernemer_prive=rij.ondernemer_prive,
    )


def verdeel_open(bedragen: Sequence[Decimal], *, opgelegd: Decimal, open_bedrag: Decimal) -> list[Decimal]:
    """Spread the open tax of an aanslag over its lines in proportion to their amounts.

    Payments settle an aanslag as a whole (IW 1990 art. 7), not per line, so the open part of a line is
    its share of what is open; the last line takes the rounding difference so the parts add up exactly.
    """
    if not bedragen:
        return []
    if opgelegd <= 0 or open_bedrag <= 0:
        return [NUL for _ in bedragen]
    if open_bedrag >= opgelegd:
        return list(bedragen)
    delen = [centen(b * open_bedrag / opgelegd) for b in bedragen[:-1]]
    return [*delen, open_bedrag - sum(delen, NUL)]


def _regels_van(aanslag: Aanslag, zakelijk: set[int]) -> list[Belastingregel]:
    regels = list(aanslag.regels.all())
    delen = verdeel_open(
        [r.bedrag for r in regels], opgelegd=aanslag.bedrag_belasting, open_bedrag=aanslag.open_belasting
    )
    return [
        Belastingregel(
            aanslag_id=aanslag.pk,
            aanslagnummer=aanslag.aanslagnummer,
            volgnummer=regel.volgnummer,
            belastingsoort=regel.belastingsoort.naam,
            kwijtscheldbaar=regel.belastingsoort.kwijtscheldbaar,
            open_bedrag=deel,
            vervaldatum=aanslag.vervaldatum,
            zakelijk=regel.pk in zakelijk,
        )
        for regel, deel in zip(regels, delen, strict=True)
        if deel > 0
    ]


def met_regels(aanslagen):
    """Aanslagen with their lines and tax kinds prefetched (two extra queries for any number)."""
    return aanslagen.prefetch_related(
        Prefetch(
            "regels", queryset=AanslagRegel.objects.select_related("belastingsoort").order_by("volgnummer")
        )
    )


def open_regels(
    *, aanslagen: Iterable[Aanslag], zakelijke_regel_ids: Iterable[int] = ()
) -> list[Belastingregel]:
    """The open tax lines of aanslagen (prefetch their ``regels__belastingsoort`` to save queries)."""
    zakelijk = set(zakelijke_regel_ids)
    return [regel for aanslag in aanslagen for regel in _regels_van(aanslag, zakelijk)]


def huishouden_van(verzoek: Kwijtscheldingsverzoek, inkomsten: Iterable | None = None) -> Huishouden:
    inkomsten = verzoek.inkomsten.all() if inkomsten is None else inkomsten
    return Huishouden(
        leefsituatie=verzoek.leefsituatie,
        inkomsten=tuple(Inkomstenpost(i.persoon, i.soort, i.bedrag) for i in inkomsten),
        woonlasten=verzoek.woonlasten,
        huurtoeslag=verzoek.huurtoeslag,
        zorgpremie=verzoek.zorgpremie,
        zorgtoeslag=verzoek.zorgtoeslag,
        alimentatie_betaald=verzoek.alimentatie_betaald,
        kinderopvang_netto=verzoek.kinderopvang_netto,
        banktegoed=verzoek.banktegoed,
        auto_waarde=verzoek.auto_waarde,
        auto_onmisbaar=verzoek.auto_onmisbaar,
        overig_vermogen=verzoek.overig_vermogen,
        ondernemer=verzoek.ondernemer,
    )


def berekening_voor_verzoek(*, verzoek: Kwijtscheldingsverzoek) -> Berekening:
    """The calculation for a request on its current open amounts, with the norms and policy in force on
    the day it was filed (Leidraad Invordering 2008, 26.4.4: data and norms of the request)."""
    peildatum = verzoek.ingediend_op
    norm = kern.bijstandsnorm(leefsituatie=verzoek.leefsituatie, aow=verzoek.aow, peildatum=peildatum)
    aanslagen = met_regels(verzoek.aanslagen.order_by("vervaldatum", "aanslagnummer"))
    regels = open_regels(
        aanslagen=aanslagen, zakelijke_regel_ids=verzoek.zakelijke_regels.values_list("id", flat=True)
    )
    return bereken(
        huishouden=huishouden_van(verzoek),
        regels=regels,
        bijstandsnorm=norm.bedrag,
        beleid=beleid_waarden(beleid_op(peildatum=peildatum)),
    )


def verzoeken_van(*, belastingplichtige: Belastingplichtige):
    return Kwijtscheldingsverzoek.objects.filter(belastingplichtige=belastingplichtige).order_by(
        "-ingediend_op", "-id"
    )


def lopend_verzoek(*, belastingplichtige: Belastingplichtige) -> Kwijtscheldingsverzoek | None:
    return verzoeken_van(belastingplichtige=belastingplichtige).lopend().first()


def document_toegestaan(
    *, document: Document, belastingplichtige: Belastingplichtige | None = None, gebruiker=None
) -> bool:
    """The access rule for uploaded documents: the resident sees only their own; staff need the right.

    Either argument may be given (a signed-in resident, a signed-in officer); with neither, no access.
    """
    if belastingplichtige is not None and document.verzoek.belastingplichtige_id == belastingplichtige.pk:
        return True
    return bool(
        gebruiker is not None
        and aangemeld_met_tweede_factor(gebruiker)
        and gebruiker.is_active
        and gebruiker.has_perm(RECHT_DOCUMENT_ZIEN)
    )
