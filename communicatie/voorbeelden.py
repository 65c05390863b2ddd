"""Example data per letter and state: the admin's live preview, the tests and the benchmark use these.

Every state a letter can be in (a reminder with or without costs, a remission grant, partial grant or
refusal, a plan with or without direct debit, ...) has one entry, so a test can render them all. The
data follows the contract in ``sjablonen.py`` and what the domain apps really send.
"""

from __future__ import annotations

import copy

from .sjablonen import Sjabloon

_BETALING = {"bedrag": "61.20", "kenmerk": "5000001234567890", "doel": "aanslag:12"}
_AANSLAG = {
    "aanslagnummer": "2026-000123",
    "belastingjaar": 2026,
    "openstaand": "183.60",
    "betaling": _BETALING,
    "uiterste_datum": "2026-04-30",
}
_HULP = {
    "telefoon": "088 123 45 67",
    "email": "belastingen@example.org",
    "check_url": "http://127.0.0.1:8000/portaal/kwijtschelding/check/",
}
_BEREKENING = [
    {"omschrijving": "Netto besteedbaar inkomen per maand", "bedrag": "1410.00"},
    {"omschrijving": "Kosten van bestaan per maand", "bedrag": "1232.15"},
    {"omschrijving": "Betalingscapaciteit per jaar", "bedrag": "170.40"},
    {"omschrijving": "Te betalen", "bedrag": "136.32"},
    {"omschrijving": "Kwijtgescholden", "bedrag": "247.28"},
]
_REGELS = [
    {
        "aanslagnummer": "2026-000123",
        "belastingsoort": "Afvalstoffenheffing",
        "open": "312.00",
        "kwijtgescholden": "247.28",
        "te_betalen": "64.72",
        "reden": "",
    },
    {
        "aanslagnummer": "2026-000124",
        "belastingsoort": "Rioolheffing",
        "open": "71.60",
        "kwijtgescholden": "0.00",
        "te_betalen": "71.60",
        "reden": "",
    },
]


def _besluit(uitkomst: str, kwijt: str, te_betalen: str, grond: str = "") -> dict:
    return {
        "uitkomst": uitkomst,
        "berekening": _BEREKENING,
        "kwijtgescholden": kwijt,
        "te_betalen": te_betalen,
        "bezwaar_tot": "2026-05-11",
        "beroep_bij": "het college van burgemeester en wethouders",
        "beroep_termijn_dagen": 10,
        "beroep_bron": "Uitvoeringsregeling Invorderingswet 1990, artikel 24 en artikel 28",
        "regels": _REGELS,
        "opmerkingen": [],
        "afwijzingsgrond": grond,
        "invordering_hervat_op": "2026-05-12",
        **_HULP,
    }


VOORBEELDEN: dict[str, dict[str, dict]] = {
    Sjabloon.HERINNERING_HALVERWEGE: {"standaard": dict(_AANSLAG)},
    Sjabloon.HERINNERING_VOOR_EINDE: {"standaard": dict(_AANSLAG)},
    Sjabloon.HERINNERING_NA_VERVALDATUM: {"standaard": dict(_AANSLAG)},
    Sjabloon.AANMANING: {
        "standaard": {
            **_AANSLAG,
            "kosten": "9.00",
            "openstaand": "192.60",
            "betaling": {**_BETALING, "bedrag": "192.60"},
        },
        "zonder_kosten": {**_AANSLAG, "kosten": "0.00"},
    },
    Sjabloon.VOORAANKONDIGING: {"standaard": {**_AANSLAG, "openstaand": "192.60"}},
    Sjabloon.DWANGBEVEL: {
        "standaard": {
            **_AANSLAG,
            "kosten": "46.00",
            "openstaand": "238.60",
            "betaling": {**_BETALING, "bedrag": "238.60"},
        }
    },
    Sjabloon.HERNIEUWD_BEVEL: {
        "standaard": {
            **_AANSLAG,
            "kosten": "18.00",
            "openstaand": "256.60",
            "betaling": {**_BETALING, "bedrag": "256.60"},
        }
    },
    Sjabloon.REGELING_BEVESTIGING: {
        "overschrijving": {
            "regeling": 7,
            "totaal": "183.60",
            "termijnen": [
                {"datum": "2026-05-01", "bedrag": "30.60"},
                {"datum": "2026-06-01", "bedrag": "30.60"},
                {"datum": "2026-07-01", "bedrag": "30.60"},
                {"datum": "2026-08-01", "bedrag": "30.60"},
                {"datum": "2026-09-01", "bedrag": "30.60"},
                {"datum": "2026-10-01", "bedrag": "30.60"},
            ],
            "incasso": False,
            "versie": 1,
            "betaling": {"bedrag": "30.60", "kenmerk": "1900000000000072", "doel": "regeling:7"},
        },
        "incasso": {
            "regeling": 7,
            "totaal": "91.80",
            "termijnen": [
                {"datum": "2026-05-01", "bedrag": "30.60"},
                {"datum": "2026-06-01", "bedrag": "30.60"},
                {"datum": "2026-07-01", "bedrag": "30.60"},
            ],
            "incasso": True,
            "versie": 2,
        },
    },
    Sjabloon.REGELING_GEMISTE_TERMIJN: {
        "standaard": {
            "regeling": 7,
            "termijn_volgnummer": 2,
            "termijn_datum": "2026-06-01",
            "termijn_bedrag": "30.60",
            "achterstand": "30.60",
            "betaling": {"bedrag": "30.60", "kenmerk": "1900000000000072", "doel": "regeling:7"},
            "uiterste_datum": "2026-06-20",
        }
    },
    Sjabloon.REGELING_VERVALLEN: {
        "standaard": {"regeling": 7, "openstaand": "122.40", "besluit": "Termijn 2 is niet betaald."}
    },
    Sjabloon.INCASSO_GESTOPT: {
        "standaard": {
            "reden": "Twee keer achter elkaar is de incasso teruggeboekt.",
            "machtiging": "SI-42-1",
        }
    },
    Sjabloon.KWIJTSCHELDING_BESLUIT: {
        "toegewezen": _besluit("toegewezen", "383.60", "0.00"),
        "gedeeltelijk": _besluit("gedeeltelijk", "247.28", "136.32"),
        "afgewezen": _besluit(
            "afgewezen", "0.00", "383.60", grond="Uw vermogen is hoger dan de grens voor kwijtschelding."
        ),
        "met_opmerkingen": {
            **_besluit("gedeeltelijk", "247.28", "136.32"),
            "opmerkingen": ["Uw auto is nodig voor uw werk. Daarom telt die niet mee."],
        },
    },
    Sjabloon.KWIJTSCHELDING_ONTBREKENDE_GEGEVENS: {
        "standaard": {
            "ontbrekend": ["Uw laatste loonstrook", "Een bankafschrift van de laatste maand"],
            "uiterste_datum": "2026-05-15",
            "upload_url": "http://127.0.0.1:8000/portaal/kwijtschelding/aanvragen/",
            **_HULP,
        }
    },
    Sjabloon.KWIJTSCHELDING_HERTOETS: {
        "geslaagd": {
            **_besluit("toegewezen", "383.60", "0.00"),
            "uitkomst": "geslaagd",
            "belastingjaar": 2026,
        },
        "niet_geslaagd": {
            "uitkomst": "niet_geslaagd",
            "belastingjaar": 2026,
            "openstaand": "383.60",
            "aanslagen": [
                {"aanslagnummer": "2026-000123", "belastingjaar": 2026, "openstaand": "312.00"},
                {"aanslagnummer": "2026-000124", "belastingjaar": 2026, "openstaand": "71.60"},
            ],
            "berekening": _BEREKENING,
            "regeling_url": "http://127.0.0.1:8000/portaal/regeling/",
            "aanvragen_url": "http://127.0.0.1:8000/portaal/kwijtschelding/aanvragen/",
            "regeling_voorstel": None,
            **_HULP,
        },
        "niet_geslaagd_met_voorstel": {
            "uitkomst": "niet_geslaagd",
            "belastingjaar": 2026,
            "openstaand": "383.60",
            "aanslagen": [{"aanslagnummer": "2026-000123", "belastingjaar": 2026, "openstaand": "383.60"}],
            "berekening": _BEREKENING,
            "regeling_url": "http://127.0.0.1:8000/portaal/regeling/",
            "aanvragen_url": "http://127.0.0.1:8000/portaal/kwijtschelding/aanvragen/",
            "regeling_voorstel": {
                "totaal": "383.60",
                "aantal_termijnen": 6,
                "termijnbedrag": "63.94",
                "termijnen": [{"datum": "2026-05-01", "bedrag": "63.94"}],
                "haalbaar": True,
                "waarom": "",
            },
            **_HULP,
        },
    },
    Sjabloon.UITNODIGING_CONTACT: {"standaard": {"openstaand": "642.10", "aantal_aanslagen": 3}},
    Sjabloon.TOESTEMMING_SIGNAAL: {"standaard": {"openstaand": "642.10"}},
    Sjabloon.SCHULDENOVERZICHT: {
        "standaard": {
            "peildatum": "2026-04-16",
            "totaal_open": "434.30",
            "aanslagen": [
                {
                    "aanslagnummer": "2025-000777",
                    "belastingjaar": 2025,
                    "dagtekening": "2025-02-28",
                    "vervaldatum": "2025-04-30",
                    "betalingskenmerk": "7000000000007770",
                    "opgelegd": "298.00",
                    "betaald": "100.00",
                    "kosten": "52.70",
                    "rente": "0.00",
                    "kwijtgescholden": "0.00",
                    "openstaand": "250.70",
                    "regels": [
                        {
                            "belastingsoort": "Afvalstoffenheffing",
                            "omschrijving": "Dorpsstraat 1",
                            "bedrag": "298.00",
                        }
                    ],
                    "kostenposten": [
                        {"datum": "2025-05-20", "omschrijving": "Aanmaning", "bedrag": "8.00"},
                        {"datum": "2025-07-01", "omschrijving": "Dwangbevel", "bedrag": "44.70"},
                    ],
                },
                {
                    "aanslagnummer": "2026-000123",
                    "belastingjaar": 2026,
                    "dagtekening": "2026-02-27",
                    "vervaldatum": "2026-04-30",
                    "betalingskenmerk": "5000001234567890",
                    "opgelegd": "183.60",
                    "betaald": "0.00",
                    "kosten": "0.00",
                    "rente": "0.00",
                    "kwijtgescholden": "0.00",
                    "openstaand": "183.60",
                    "regels": [
                        {
                            "belastingsoort": "Rioolheffing",
                            "omschrijving": "Dorpsstraat 1",
                            "bedrag": "183.60",
                        }
                    ],
                    "kostenposten": [],
                },
            ],
            "betalingen": [
                {
                    "datum": "2025-06-02",
                    "bedrag": "100.00",
                    "omschrijving": "Overschrijving",
                    "aanslagnummer": "2025-000777",
                }
            ],
            "regelingen": [
                {
                    "sinds": "2025-08-01",
                    "status": "Loopt",
                    "betalingskenmerk": "1900000000000072",
                    "termijnen": [{"datum": "2026-05-01", "bedrag": "41.78", "betaald": False}],
                }
            ],
            "tegoed": "0.00",
        }
    },
}


def voorbeeld(sjabloon: str, toestand: str | None = None) -> dict:
    """A deep copy of the example data of a letter (the first state when none is named)."""
    toestanden = VOORBEELDEN[sjabloon]
    return copy.deepcopy(toestanden[toestand] if toestand else next(iter(toestanden.values())))


def alle_toestanden() -> list[tuple[str, str]]:
    return [(s, t) for s, toestanden in VOORBEELDEN.items() for t in toestanden]
