from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvorderingConfig(AppConfig):
    name = "invordering"
    verbose_name = _("Invordering")

    def ready(self):
        from . import rollen

        rollen.verbind()
