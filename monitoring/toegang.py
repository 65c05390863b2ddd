"""Who may open the monitoring: teamleads and functioneel beheer (ONTWERP.md, front doors)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from invordering.rollen import FUNCTIONEEL_BEHEER, TEAMLEIDER, aangemeld_met_tweede_factor

ROLLEN_MONITORING = (TEAMLEIDER, FUNCTIONEEL_BEHEER)


def mag_monitoring_zien(gebruiker) -> bool:
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return False
    return gebruiker.is_superuser or gebruiker.groups.filter(name__in=ROLLEN_MONITORING).exists()


def monitoring_toegang(view):
    """Sign in first; signed in without a monitoring role is 403 (the report shows no personal data,
    but policy figures are for the team's management only)."""

    @wraps(view)
    def omhulsel(request, *args, **kwargs):
        if not aangemeld_met_tweede_factor(request.user):
            return redirect_to_login(request.get_full_path())
        if not mag_monitoring_zien(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return omhulsel
