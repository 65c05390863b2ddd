from django.db import models
from django.utils.translation import gettext_lazy as _


class BriefStatus(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Klaar om te maken")
    GEMAAKT = "gemaakt", _("PDF gemaakt")
    VERZONDEN = "verzonden", _("Verzonden")
    VERVALLEN = "vervallen", _("Vervallen")


class Kanaal(models.TextChoices):
    """How a resident gets a letter (the values match the resident's preference in invordering)."""

    BRIEF = "brief", _("Brief per post")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class BerichtStatus(models.TextChoices):
    VERSTUURD = "verstuurd", _("Verstuurd")
    BEZIG = "bezig", _("Bezig met versturen")
    MISLUKT = "mislukt", _("Mislukt")
    GEEN_ADRES = "geen_adres", _("Geen adres of nummer bekend")
