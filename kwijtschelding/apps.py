from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KwijtscheldingConfig(AppConfig):
    name = "kwijtschelding"
    verbose_name = _("Kwijtschelding")
