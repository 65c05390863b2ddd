"""Staff roles as Django groups, with their permissions. Kept in sync after every migrate.

- invorderingsmedewerker: works the dossiers (view and change residents, tasks, contacts, pauses).
- teamleider: everything an officer may, plus the four-eyes approvals and monitoring (view all).
- functioneel_beheer: policy, letter templates and legal tables in the admin.
Apps add their models to ROLRECHTEN; a role never gets delete on ledger or facts.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

MEDEWERKER = "invorderingsmedewerker"
TEAMLEIDER = "teamleider"
FUNCTIONEEL_BEHEER = "functioneel_beheer"
ROLLEN = (MEDEWERKER, TEAMLEIDER, FUNCTIONEEL_BEHEER)


def aangemeld_met_tweede_factor(gebruiker) -> bool:
    """Signed in, and with the one-time code where ``MEDEWERKER_2FA`` asks for it (production): every
    staff page checks this, not only the dashboard and the admin, so a session that got in some other
    way with the password alone (or from before two factors) opens nothing."""
    if not gebruiker.is_authenticated:
        return False
    return not settings.MEDEWERKER_2FA or getattr(gebruiker, "is_verified", lambda: False)()


# (app_label, model) -> actions, per role.
ROLRECHTEN: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    MEDEWERKER: {
        ("invordering", "belastingplichtige"): ("view", "change"),
        ("invordering", "inkomensgegeven"): ("view", "add"),
        ("invordering", "aanslag"): ("view",),
        ("invordering", "aanslagregel"): ("view",),
        ("invordering", "termijn"): ("view",),
        ("invordering", "betaling"): ("view", "change"),
        ("invordering", "boeking"): ("view",),
        ("invordering", "pauze"): ("view", "add", "change"),
        ("invordering", "taak"): ("view", "add", "change"),
        ("invordering", "contact"): ("view", "add"),
        ("invordering", "toestemming"): ("view", "add", "change"),
        ("invordering", "belastingsoort"): ("view",),
        ("invordering", "bijstandsnorm"): ("view",),
        ("invordering", "bvvmaximum"): ("view",),
        ("invordering", "bvvrekenregel"): ("view",),
        ("invordering", "aowleeftijd"): ("view",),
        ("invordering", "regelingbeleid"): ("view",),
        ("invordering", "vastgesteldebvv"): ("view", "add"),
        ("invordering", "betalingsregeling"): ("view",),
        ("invordering", "regelingtermijn"): ("view",),
        ("invordering", "regelinggebeurtenis"): ("view",),
        ("invordering", "machtiging"): ("view",),
        ("invordering", "incassobatch"): ("view",),
        ("invordering", "incassopost"): ("view",),
        ("invordering", "bankafschrift"): ("view",),
        ("invordering", "bankmutatie"): ("view",),
        ("invordering", "terugbetaling"): ("view",),
        ("invordering", "invorderingsbeleid"): ("view",),
        ("invordering", "kostentarief"): ("view",),
        ("invordering", "ketenstap"): ("view",),
        ("invordering", "ketenstand"): ("view",),
        ("invordering", "verwerking"): ("view",),
        ("communicatie", "brief"): ("view",),
        ("communicatie", "bericht"): ("view",),
        ("kwijtschelding", "kwijtscheldingsverzoek"): ("view", "add", "change", "beoordeel"),
        ("kwijtschelding", "inkomen"): ("view", "add", "change"),
        ("kwijtschelding", "document"): ("view", "add"),
        ("kwijtschelding", "besluit"): ("view",),
        ("kwijtschelding", "gebeurtenis"): ("view",),
        ("kwijtschelding", "hertoets"): ("view",),
        ("kwijtschelding", "kwijtscheldingsbeleid"): ("view",),
        ("vroegsignalering", "signaalbeleid"): ("view",),
        ("vroegsignalering", "signaalcriterium"): ("view",),
        ("vroegsignalering", "signaal"): ("view",),
        ("vroegsignalering", "signaalexport"): ("view",),
        ("vroegsignalering", "terugkoppeling"): ("view", "add", "change"),
        ("vroegsignalering", "verwijzing"): ("view", "add"),
        ("vroegsignalering", "deurwaarderoverdracht"): ("view",),
        ("vroegsignalering", "overdrachtregel"): ("view",),
        ("vroegsignalering", "deurwaarderterugmelding"): ("view",),
    },
    TEAMLEIDER: {},  # filled below: the officer's rights plus view on everything
    FUNCTIONEEL_BEHEER: {
        ("invordering", "belastingsoort"): ("view", "add", "change"),
        ("invordering", "bijstandsnorm"): ("view", "add", "change"),
        ("invordering", "bvvmaximum"): ("view", "add", "change"),
        ("invordering", "bvvrekenregel"): ("view", "add", "change"),
        ("invordering", "aowleeftijd"): ("view", "add", "change"),
        ("invordering", "regelingbeleid"): ("view", "add", "change"),
        ("invordering", "invorderingsbeleid"): ("view", "add", "change"),
        ("invordering", "kostentarief"): ("view", "add", "change"),
        ("communicatie", "brief"): ("view",),
        ("communicatie", "briefsjabloon"): ("view", "add", "change", "delete"),
        ("communicatie", "sjabloonversie"): ("view",),
        ("kwijtschelding", "kwijtscheldingsbeleid"): ("view", "add", "change"),
        ("vroegsignalering", "signaalbeleid"): ("view", "add", "change"),
        ("vroegsignalering", "signaalcriterium"): ("view", "add", "change"),
    },
}


def rechten_voor(rol: str) -> set[str]:
    """Codenames ('app_label.action_model') a role should have."""
    if rol == TEAMLEIDER:
        codenames = {
            f"{app}.{actie}_{model}"
            for (app, model), acties in ROLRECHTEN[MEDEWERKER].items()
            for actie in acties
        }
        for model in global_apps.get_models():
            if model._meta.app_label in ("invordering", "kwijtschelding", "vroegsignalering", "communicatie"):
                codenames.add(f"{model._meta.app_label}.view_{model._meta.model_name}")
        for (app, model), acties in ROLRECHTEN[TEAMLEIDER].items():
            codenames |= {f"{app}.{actie}_{model}" for actie in acties}
        return codenames
    return {f"{app}.{actie}_{model}" for (app, model), acties in ROLRECHTEN[rol].items() for actie in acties}


def rollen_bijwerken(**kwargs) -> None:
    """Create the groups and set exactly the permissions listed above (idempotent)."""
    alle = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for rol in ROLLEN:
        groep, _ = Group.objects.get_or_create(name=rol)
        groep.permissions.set([alle[c] for c in sorted(rechten_voor(rol)) if c in alle])


def verbind() -> None:
    post_migrate.connect(rollen_bijwerken, dispatch_uid="invordering.rollen_bijwerken")
