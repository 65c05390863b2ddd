"""The admin (functioneel beheer) behind the same two factors as the officers' dashboard.

With ``MEDEWERKER_2FA`` on (production), the admin's login asks for the one-time code as well and a
session signed in without one is not let in (django-otp's ``OTPAdminSite`` rules); otherwise the
password alone, as on the dashboard. Read per request, so the setting decides, not the import order.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from invordering.rollen import aangemeld_met_tweede_factor


class Beheersite(AdminSite):
    site_header = settings.ORGANISATIE_NAAM
    site_title = "Sociaal Invorderen"
    index_title = "Beheer"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.MEDEWERKER_2FA else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.MEDEWERKER_2FA else None

    def has_permission(self, request):
        return super().has_permission(request) and aangemeld_met_tweede_factor(request.user)
