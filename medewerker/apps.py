from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedewerkerConfig(AppConfig):
    name = "medewerker"
    verbose_name = _("Dashboard voor medewerkers")

    def ready(self):
        from . import rechten

        rechten.registreer()
