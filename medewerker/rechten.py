"""Which role may do what in the dashboard. The roles themselves live in invordering.rollen; this app
adds its own models' rights there (rollen.ROLRECHTEN is the one list, kept in sync after migrate).

Officers open dossiers (add_dossierinzage: every opening writes a log row) and act in them
(add_dossieractie); a teamleider also approves uncollectable proposals; functioneel beheer reads the
audit log but does not open dossiers."""

from invordering import rollen

OPENEN = "medewerker.add_dossierinzage"
HANDELEN = "medewerker.add_dossieractie"
LOG_LEZEN = "medewerker.view_dossierinzage"
ONINBAAR_VOORSTELLEN = "medewerker.add_oninbaarvoorstel"
ONINBAAR_GOEDKEUREN = "medewerker.keur_oninbaarvoorstel"
CONTACTGEGEVENS = "invordering.change_belastingplichtige"
CONTACT = "invordering.add_contact"
PAUZE = "invordering.add_pauze"
PAUZE_BEEINDIGEN = "invordering.change_pauze"
INKOMEN = "invordering.add_inkomensgegeven"
BVV = "invordering.add_vastgesteldebvv"
TOESTEMMING = "invordering.add_toestemming"
BETALING_KOPPELEN = "invordering.change_betaling"
KWIJTSCHELDING_INDIENEN = "kwijtschelding.add_kwijtscheldingsverzoek"
KWIJTSCHELDING_BEOORDELEN = "kwijtschelding.beoordeel_kwijtscheldingsverzoek"
# Assigning a task to someone else is the teamleider's; officers take tasks themselves.
TOEWIJZEN_AAN_ANDEREN = ONINBAAR_GOEDKEUREN

RECHTEN = {
    rollen.MEDEWERKER: {
        ("medewerker", "dossierinzage"): ("add",),
        ("medewerker", "dossieractie"): ("view", "add"),
        ("medewerker", "oninbaarvoorstel"): ("view", "add"),
    },
    rollen.TEAMLEIDER: {
        ("medewerker", "oninbaarvoorstel"): ("keur",),
    },
    rollen.FUNCTIONEEL_BEHEER: {
        ("medewerker", "dossierinzage"): ("view",),
        ("medewerker", "dossieractie"): ("view",),
    },
}


def registreer() -> None:
    for rol, rechten in RECHTEN.items():
        for sleutel, acties in rechten.items():
            bestaand = rollen.ROLRECHTEN[rol].get(sleutel, ())
            rollen.ROLRECHTEN[rol][sleutel] = tuple(dict.fromkeys((*bestaand, *acties)))
