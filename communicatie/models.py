"""Letters as records: what to send to whom, with the template key and the data to fill it.

``communicatie`` knows no domain model: a letter names its recipient by an opaque key (for example
``belastingplichtige:42``) and carries everything it needs in ``gegevens``.
"""

from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import BriefStatus


def _private_storage():
    return storages["private"]


class Brief(models.Model):
    """One letter to one recipient. Created once per ``sleutel``, so a rerun never sends it twice."""

    sleutel = models.CharField(
        _("sleutel"),
        max_length=150,
        unique=True,
        help_text=_("Unieke sleutel van de aanleiding, bijvoorbeeld 'aanmaning:aanslag:123'."),
    )
    sjabloon = models.CharField(
        _("sjabloon"),
        max_length=60,
        help_text=_("De sleutel van het briefsjabloon (communicatie.sjablonen.Sjabloon)."),
    )
    datum = models.DateField(_("datum"), db_index=True)
    ontvanger = models.CharField(
        _("ontvanger"),
        max_length=60,
        db_index=True,
        help_text=_("Sleutel van de ontvanger, bijvoorbeeld 'belastingplichtige:42'."),
    )
    naam = models.CharField(_("naam"), max_length=200)
    adresregels = models.JSONField(_("adresregels"), default=list)
    taal = models.CharField(_("taal"), max_length=5, default="nl")
    gegevens = models.JSONField(_("gegevens"), default=dict, encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=20, choices=BriefStatus.choices, default=BriefStatus.AANGEMAAKT
    )
    pdf = models.FileField(_("PDF"), storage=_private_storage, upload_to="brieven/%Y/%m/", blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-datum", "id"]

    def __str__(self):
        return f"{self.sjabloon} aan {self.naam} ({self.datum:%d-%m-%Y})"
