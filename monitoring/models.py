"""The little state the monitoring keeps: nightly snapshots of the report (decision 001)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rapportsnapshot(models.Model):
    """The report for one period and grouping as computed at ``gemaakt_op``.

    Counting a year over a million aanslagen takes longer than a page may; the nightly job stores the
    standard periods so the page reads one row. Any other period is computed when asked.
    """

    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"))
    dimensie = models.CharField(_("verdeeld naar"), max_length=30)
    gemaakt_op = models.DateTimeField(_("berekend op"))
    secties = models.JSONField(
        _("onderdelen"),
        default=list,
        help_text=_("Welke tabellen erin staan; mist er een, dan wordt opnieuw gerekend."),
    )
    gegevens = models.JSONField(_("gegevens"), encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("rapportsnapshot")
        verbose_name_plural = _("rapportsnapshots")
        ordering = ["-gemaakt_op"]
        constraints = [
            models.UniqueConstraint(fields=["van", "tot", "dimensie"], name="rapportsnapshot_uniek"),
        ]

    def __str__(self):
        return f"{self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y} per {self.dimensie}"
