"""The debt overview (schuldenoverzicht) a resident or their debt-help worker asks for (seed 000: "het
verstrekken van een schuldenoverzicht als de inwoner hierom vraagt"): every open aanslag with its lines,
costs, interest, payments and remission, the payment plans, and the credit; sent as a letter.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from communicatie.services import Briefverzoek, brief_maak
from communicatie.sjablonen import Sjabloon

from . import selectors
from .constants import NUL, AanslagStatus, BetalingStatus, Boekingsoort, RegelingStatus, RegelingTermijnStatus
from .models import (
    Aanslag,
    AanslagRegel,
    Belastingplichtige,
    Betaling,
    Betalingsregeling,
    Boeking,
    RegelingTermijn,
)
from .regelingen import stand_bereken

# Ledger kinds that lower a debt without a payment.
_AFGEBOEKT = (
    Boekingsoort.KWIJTSCHELDING,
    Boekingsoort.ONINBAAR,
    Boekingsoort.VERMINDERING,
    Boekingsoort.KOSTEN_VERVALLEN,
)


def schuldenoverzicht(*, belastingplichtige: Belastingplichtige, datum: date) -> dict:
    """Everything a resident still owes on ``datum``, from the ledger (bookings up to that day).

    Returns ``{"peildatum", "aanslagen": [...], "betalingen": [...], "regelingen": [...], "totaal_open",
    "tegoed"}`` with Decimal amounts and dates; ``als_gegevens`` turns it into letter data. A constant
    number of queries, whatever the number of aanslagen.
    """
    aanslagen = list(
        Aanslag.objects.filter(
            belastingplichtige=belastingplichtige, status=AanslagStatus.OPEN, dagtekening__lte=datum
        )
        .prefetch_related(
            Prefetch(
                "regels",
                queryset=AanslagRegel.objects.select_related("belastingsoort").order_by("volgnummer"),
            ),
            Prefetch("boekingen", queryset=Boeking.objects.filter(datum__lte=datum).order_by("datum", "id")),
        )
        .order_by("vervaldatum", "dagtekening", "aanslagnummer")
    )
    regels_uit = []
    for a in aanslagen:
        som: dict[str, Decimal] = defaultdict(lambda: NUL)
        kostenposten = []
        for b in a.boekingen.all():
            som[b.soort] += b.bedrag
            if b.soort in (Boekingsoort.KOSTEN, Boekingsoort.RENTE) and b.bedrag > 0:
                kostenposten.append(
                    {
                        "datum": b.datum,
                        "omschrijving": b.omschrijving or b.get_soort_display(),
                        "bedrag": b.bedrag,
                    }
                )
        openstaand = sum(som.values(), NUL)
        regels_uit.append(
            {
                "aanslagnummer": a.aanslagnummer,
                "belastingjaar": a.belastingjaar,
                "dagtekening": a.dagtekening,
                "vervaldatum": a.vervaldatum,
                "betalingskenmerk": a.betalingskenmerk,
                "opgelegd": som[Boekingsoort.AANSLAG],
                "kosten": som[Boekingsoort.KOSTEN],
                "rente": som[Boekingsoort.RENTE],
                "betaald": -(som[Boekingsoort.BETALING] + som[Boekingsoort.TERUGBOEKING]),
                "kwijtgescholden": -sum((som[s] for s in _AFGEBOEKT), NUL),
                "openstaand": openstaand,
                "regels": [
                    {
                        "belastingsoort": r.belastingsoort.naam,
                        "omschrijving": r.omschrijving,
                        "bedrag": r.bedrag,
                    }
                    for r in a.regels.all()
                ],
                "kostenposten": kostenposten,
            }
        )
    betalingen = []
    for b in (
        Betaling.objects.filter(
            belastingplichtige=belastingplichtige,
            status=BetalingStatus.TOEGEREKEND,
            bedrag__gt=0,
            datum__lte=datum,
        )
        .prefetch_related(Prefetch("boekingen", queryset=Boeking.objects.select_related("aanslag")))
        .order_by("datum", "id")
    ):
        nummers = sorted({k.aanslag.aanslagnummer for k in b.boekingen.all()})
        betalingen.append(
            {
                "datum": b.datum,
                "bedrag": b.bedrag,
                "omschrijving": b.get_bron_display(),
                "aanslagnummer": ", ".join(nummers),
            }
        )
    regelingen = []
    for r in (
        Betalingsregeling.objects.filter(belastingplichtige=belastingplichtige, status=RegelingStatus.ACTIEF)
        .prefetch_related(
            Prefetch(
                "termijnen",
                queryset=RegelingTermijn.objects.filter(status=RegelingTermijnStatus.ACTIEF).order_by(
                    "vervaldatum", "volgnummer"
                ),
            ),
            Prefetch("aanslagen", queryset=Aanslag.objects.filter(status=AanslagStatus.OPEN)),
        )
        .order_by("startdatum", "id")
    ):
        termijnen = list(r.termijnen.all())
        open_bedrag = sum((a.openstaand for a in r.aanslagen.all()), NUL)
        stand = stand_bereken([(t.volgnummer, t.vervaldatum, t.bedrag) for t in termijnen], open_bedrag)
        regelingen.append(
            {
                "sinds": r.startdatum,
                "status": r.get_status_display(),
                "betalingskenmerk": r.betalingskenmerk,
                "termijnen": [
                    {"datum": s.vervaldatum, "bedrag": s.bedrag, "betaald": s.open == 0} for s in stand
                ],
            }
        )
    return {
        "peildatum": datum,
        "aanslagen": regels_uit,
        "betalingen": betalingen,
        "regelingen": regelingen,
        "totaal_open": sum((a["openstaand"] for a in regels_uit), NUL),
        "tegoed": selectors.tegoed(belastingplichtige=belastingplichtige),
    }


def als_gegevens(waarde):
    """Letter data per the communicatie contract: amounts as "12.30", dates as ISO strings."""
    if isinstance(waarde, dict):
        return {k: als_gegevens(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [als_gegevens(v) for v in waarde]
    if isinstance(waarde, Decimal):
        return f"{waarde:.2f}"
    if isinstance(waarde, date):
        return waarde.isoformat()
    return waarde


def schuldenoverzicht_sturen(*, belastingplichtige: Belastingplichtige, datum: date, door=None):
    """Request the SCHULDENOVERZICHT letter (once per resident per day); ``communicatie.pdf.pdf_voor``
    gives its PDF right away for the resident or their debt-help worker."""
    gegevens = als_gegevens(schuldenoverzicht(belastingplichtige=belastingplichtige, datum=datum))
    if door is not None:
        gegevens["aangevraagd_door"] = getattr(door, "pk", door)
    return brief_maak(
        Briefverzoek(
            sleutel=f"schuldenoverzicht:belastingplichtige:{belastingplichtige.pk}:{datum.isoformat()}",
            sjabloon=Sjabloon.SCHULDENOVERZICHT,
            datum=datum,
            ontvanger=f"belastingplichtige:{belastingplichtige.pk}",
            naam=belastingplichtige.naam,
            adresregels=belastingplichtige.adresregels,
            gegevens=gegevens,
            taal=belastingplichtige.taal,
        )
    )


def contactgegevens(ontvangers: list[str]) -> dict[str, dict]:
    """Channel preference and addresses per letter recipient key (``belastingplichtige:<id>``): the answer
    communicatie asks for through ``COMMUNICATIE_CONTACTGEGEVENS``. One query. (It sits here because this
    is the one invordering module the communicatie issue owns; ``invordering.selectors`` is its natural home.)"""
    ids = {}
    for sleutel in ontvangers:
        soort, _, pk = sleutel.partition(":")
        if soort == "belastingplichtige" and pk.isdigit():
            ids[int(pk)] = sleutel
    return {
        ids[pk]: {"kanaal": kanaal, "email": email, "telefoon": telefoon}
        for pk, kanaal, email, telefoon in Belastingplichtige.objects.filter(pk__in=list(ids)).values_list(
            "pk", "kanaal", "email", "telefoon"
        )
    }
