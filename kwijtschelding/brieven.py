"""The letters of the remission process as requests to communicatie (contract: communicatie/sjablonen.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings

from communicatie.services import Briefverzoek
from communicatie.sjablonen import Sjabloon
from invordering.models import Belastingplichtige

from .berekening import RIJ_KWIJTGESCHOLDEN, RIJ_TE_BETALEN, Berekening

# Administratief beroep against a remission decision: within ten days after the date of the decision, to
# the college van burgemeester en wethouders (Uitvoeringsregeling Invorderingswet 1990, art. 24 read with
# art. 28 lid 2 b). The term itself is in the policy table (beroeptermijn_dagen).
BEROEP_BIJ = "het college van burgemeester en wethouders"
BEROEP_BRON = "Uitvoeringsregeling Invorderingswet 1990, artikel 24 en artikel 28"
# Where the portal will offer the quick check, the application and a payment plan (portal issue).
PAD_CHECK = "/portaal/kwijtschelding/check/"
PAD_AANVRAGEN = "/portaal/kwijtschelding/aanvragen/"
PAD_REGELING = "/portaal/regeling/"


def _url(pad: str) -> str:
    return settings.PORTAAL_BASIS_URL.rstrip("/") + pad


def _brief(
    *, sleutel: str, sjabloon: str, datum: date, persoon: Belastingplichtige, gegevens: dict
) -> Briefverzoek:
    return Briefverzoek(
        sleutel=sleutel,
        sjabloon=sjabloon,
        datum=datum,
        ontvanger=f"belastingplichtige:{persoon.pk}",
        naam=persoon.naam,
        adresregels=persoon.adresregels,
        gegevens=gegevens,
        taal=persoon.taal,
    )


def _hulp() -> dict:
    return {
        "telefoon": settings.ORGANISATIE_TELEFOON,
        "email": settings.ORGANISATIE_EMAIL,
        "check_url": _url(PAD_CHECK),
    }


def besluit_gegevens(
    *,
    uitkomst: str,
    berekening: Berekening,
    kwijtgescholden: Decimal,
    te_betalen: Decimal,
    bezwaar_tot: date,
    beroeptermijn_dagen: int,
    invordering_hervat_op: date,
    afwijzingsgrond: str = "",
) -> dict:
    """Everything the decision letter needs: the outcome in words, the breakdown, and how to object.

    A refusal on a ground outside the calculation keeps the breakdown, but the amounts in it are the
    decision's (nothing remitted), so the letter never promises what was not granted.
    """
    rijen = berekening.als_rijen()
    regels = [
        {
            "aanslagnummer": r.aanslagnummer,
            "belastingsoort": r.belastingsoort,
            "open": str(r.open_bedrag),
            "kwijtgescholden": str(r.kwijtgescholden),
            "te_betalen": str(r.te_betalen),
            "reden": r.reden,
        }
        for r in berekening.regels
    ]
    if afwijzingsgrond:
        beslist = {RIJ_TE_BETALEN: str(te_betalen), RIJ_KWIJTGESCHOLDEN: str(kwijtgescholden)}
        rijen = [{**r, "bedrag": beslist.get(r["omschrijving"], r["bedrag"])} for r in rijen]
        regels = [
            {**r, "kwijtgescholden": "0.00", "te_betalen": r["open"], "reden": afwijzingsgrond}
            for r in regels
        ]
    return {
        "uitkomst": uitkomst,
        "berekening": rijen,
        "kwijtgescholden": str(kwijtgescholden),
        "te_betalen": str(te_betalen),
        "bezwaar_tot": bezwaar_tot.isoformat(),
        "beroep_bij": BEROEP_BIJ,
        "beroep_termijn_dagen": beroeptermijn_dagen,
        "beroep_bron": BEROEP_BRON,
        "regels": regels,
        "opmerkingen": list(berekening.opmerkingen),
        "afwijzingsgrond": afwijzingsgrond,
        "invordering_hervat_op": invordering_hervat_op.isoformat(),
        **_hulp(),
    }


def besluit_brief(
    *, verzoek_id: int, persoon: Belastingplichtige, datum: date, gegevens: dict
) -> Briefverzoek:
    return _brief(
        sleutel=f"kwijtschelding:besluit:{verzoek_id}",
        sjabloon=Sjabloon.KWIJTSCHELDING_BESLUIT,
        datum=datum,
        persoon=persoon,
        gegevens=gegevens,
    )


def ontbrekend_brief(
    *,
    verzoek_id: int,
    volgnummer: int,
    persoon: Belastingplichtige,
    datum: date,
    ontbrekend: Sequence[str],
    uiterste_datum: date,
) -> Briefverzoek:
    return _brief(
        sleutel=f"kwijtschelding:ontbrekend:{verzoek_id}:{volgnummer}",
        sjabloon=Sjabloon.KWIJTSCHELDING_ONTBREKENDE_GEGEVENS,
        datum=datum,
        persoon=persoon,
        gegevens={
            "ontbrekend": list(ontbrekend),
            "uiterste_datum": uiterste_datum.isoformat(),
            "upload_url": _url(PAD_AANVRAGEN),
            **_hulp(),
        },
    )


def hertoets_geslaagd_brief(
    *, jaar: int, persoon: Belastingplichtige, datum: date, besluit: dict
) -> Briefverzoek:
    """The re-test's grant: this letter is the decision, so it carries the decision's fields too."""
    return _brief(
        sleutel=f"kwijtschelding:hertoets:{jaar}:{persoon.pk}",
        sjabloon=Sjabloon.KWIJTSCHELDING_HERTOETS,
        datum=datum,
        persoon=persoon,
        gegevens={**besluit, "uitkomst": "geslaagd", "belastingjaar": jaar},
    )


def hertoets_niet_geslaagd_brief(
    *,
    jaar: int,
    persoon: Belastingplichtige,
    datum: date,
    openstaand: Decimal,
    aanslagen: list[dict],
    berekening: list[dict],
) -> Briefverzoek:
    """The re-test did not pass: the way to a payment plan, the quick check, and help."""
    return _brief(
        sleutel=f"kwijtschelding:hertoets:{jaar}:{persoon.pk}",
        sjabloon=Sjabloon.KWIJTSCHELDING_HERTOETS,
        datum=datum,
        persoon=persoon,
        gegevens={
            "uitkomst": "niet_geslaagd",
            "belastingjaar": jaar,
            "openstaand": str(openstaand),
            "aanslagen": aanslagen,
            "berekening": berekening,
            "regeling_url": _url(PAD_REGELING),
            "aanvragen_url": _url(PAD_AANVRAGEN),
            "regeling_voorstel": None,
            **_hulp(),
        },
    )
