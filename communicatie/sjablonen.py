"""The letters the product sends, and the data each one needs (the contract with the domain apps).

Domain apps ask for a letter with ``communicatie.services.brief_maak`` and fill ``gegevens`` with at
least the fields listed here; ``brief_maak`` refuses a letter that misses one, so a gap shows up in the
domain app's own tests rather than on a resident's doormat.

Field conventions: amounts are strings with two decimals ("123.45"); dates are ISO strings
("2026-04-30"). ``betaling`` is the payment block of a letter with a QR code and payment link:
``{"bedrag": "<amount due now>", "kenmerk": "<betalingskenmerk>", "doel": "<opaque target, e.g. aanslag:12>"}``
where ``bedrag`` is what is due *now* (the installment), not necessarily the whole debt.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sjabloon(models.TextChoices):
    HERINNERING_HALVERWEGE = "herinnering_halverwege", _("Kosteloze herinnering halverwege de betaaltermijn")
    HERINNERING_VOOR_EINDE = (
        "herinnering_voor_einde",
        _("Kosteloze herinnering vlak voor het einde van de termijn"),
    )
    HERINNERING_NA_VERVALDATUM = "herinnering_na_vervaldatum", _("Kosteloze herinnering na de vervaldatum")
    AANMANING = "aanmaning", _("Aanmaning")
    VOORAANKONDIGING = "vooraankondiging", _("Vooraankondiging dwangbevel")
    DWANGBEVEL = "dwangbevel", _("Dwangbevel")
    HERNIEUWD_BEVEL = "hernieuwd_bevel", _("Hernieuwd bevel tot betaling")
    REGELING_BEVESTIGING = "regeling_bevestiging", _("Bevestiging betalingsregeling")
    REGELING_GEMISTE_TERMIJN = "regeling_gemiste_termijn", _("Gemiste termijn betalingsregeling")
    REGELING_VERVALLEN = "regeling_vervallen", _("Betalingsregeling vervallen")
    INCASSO_GESTOPT = "incasso_gestopt", _("Automatische incasso gestopt")
    KWIJTSCHELDING_BESLUIT = "kwijtschelding_besluit", _("Beslissing op kwijtscheldingsverzoek")
    KWIJTSCHELDING_ONTBREKENDE_GEGEVENS = (
        "kwijtschelding_ontbrekende_gegevens",
        _("Verzoek om ontbrekende gegevens"),
    )
    KWIJTSCHELDING_HERTOETS = "kwijtschelding_hertoets", _("Uitkomst automatische kwijtscheldingstoets")
    UITNODIGING_CONTACT = "uitnodiging_contact", _("Uitnodiging voor contact")
    TOESTEMMING_SIGNAAL = "toestemming_signaal", _("Aanbod: gegevens doorgeven aan schuldhulp")
    SCHULDENOVERZICHT = "schuldenoverzicht", _("Schuldenoverzicht")


_AANSLAG = ("aanslagnummer", "belastingjaar", "openstaand", "betaling", "uiterste_datum")

# Required fields per letter; a letter may carry more.
VERPLICHTE_GEGEVENS: dict[str, tuple[str, ...]] = {
    Sjabloon.HERINNERING_HALVERWEGE: _AANSLAG,
    Sjabloon.HERINNERING_VOOR_EINDE: _AANSLAG,
    Sjabloon.HERINNERING_NA_VERVALDATUM: _AANSLAG,
    Sjabloon.AANMANING: (*_AANSLAG, "kosten"),
    Sjabloon.VOORAANKONDIGING: _AANSLAG,
    Sjabloon.DWANGBEVEL: (*_AANSLAG, "kosten"),
    Sjabloon.HERNIEUWD_BEVEL: (*_AANSLAG, "kosten"),
    # termijnen: [{"datum": ISO, "bedrag": "12.34"}, ...]; incasso: bool
    Sjabloon.REGELING_BEVESTIGING: ("totaal", "termijnen", "incasso"),
    Sjabloon.REGELING_GEMISTE_TERMIJN: ("termijn_datum", "termijn_bedrag", "betaling", "uiterste_datum"),
    Sjabloon.REGELING_VERVALLEN: ("openstaand",),
    Sjabloon.INCASSO_GESTOPT: ("reden",),
    # uitkomst: "toegewezen" | "gedeeltelijk" | "afgewezen"; berekening: the full breakdown (list of
    # {"omschrijving", "bedrag"} rows); bezwaar_tot: last day to object.
    Sjabloon.KWIJTSCHELDING_BESLUIT: (
        "uitkomst",
        "berekening",
        "kwijtgescholden",
        "te_betalen",
        "bezwaar_tot",
    ),
    Sjabloon.KWIJTSCHELDING_ONTBREKENDE_GEGEVENS: ("ontbrekend", "uiterste_datum"),
    # uitkomst: "geslaagd" | "niet_geslaagd"; a failed test offers a plan (regeling_voorstel) and the quick check.
    Sjabloon.KWIJTSCHELDING_HERTOETS: ("uitkomst",),
    Sjabloon.UITNODIGING_CONTACT: ("openstaand",),
    Sjabloon.TOESTEMMING_SIGNAAL: ("openstaand",),
    # aanslagen: [{"aanslagnummer", "belastingjaar", "opgelegd", "betaald", "kosten", "openstaand"}, ...]
    Sjabloon.SCHULDENOVERZICHT: ("peildatum", "aanslagen", "totaal_open"),
}

FOUT_ONBEKEND_SJABLOON = "Onbekend briefsjabloon: {sjabloon}"
FOUT_GEGEVENS_ONTBREKEN = "Brief {sjabloon} mist verplichte gegevens: {velden}"


def controleer(sjabloon: str, gegevens: dict) -> None:
    """Raise ValueError when a letter is unknown or misses a required field."""
    if sjabloon not in VERPLICHTE_GEGEVENS:
        raise ValueError(FOUT_ONBEKEND_SJABLOON.format(sjabloon=sjabloon))
    ontbrekend = [v for v in VERPLICHTE_GEGEVENS[sjabloon] if v not in gegevens]
    if ontbrekend:
        raise ValueError(FOUT_GEGEVENS_ONTBREKEN.format(sjabloon=sjabloon, velden=", ".join(ontbrekend)))


def voorbeeld_html(sjabloon: str, gegevens: dict, taal: str = "nl") -> str:
    """The letter ``sjabloon`` with ``gegevens`` as HTML, for previews (admin, portal, dashboard).

    Uses the text in force (the admin's latest version, else the file default) and a made-up address.
    """
    from datetime import date

    from . import pdf, weergave

    controleer(sjabloon, gegevens)
    tekst = weergave.teksten()[sjabloon]
    return weergave.html(
        sjabloon=sjabloon,
        gegevens=gegevens,
        datum=date.today(),
        naam="J. de Vries",
        adresregels=["Dorpsstraat 1", "1234 AB  Voorbeeldstad"],
        taal=taal,
        tekst=tekst,
        css=pdf.css(),
    )
