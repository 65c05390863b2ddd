from django.db import models
from django.utils.translation import gettext_lazy as _


class BriefStatus(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Klaar om te maken")
    GEMAAKT = "gemaakt", _("PDF gemaakt")
    VERZONDEN = "verzonden", _("Verzonden")
    VERVALLEN = "vervallen", _("Vervallen")
