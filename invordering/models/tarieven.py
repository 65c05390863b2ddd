"""Legal figures as dated tables (DOMEIN.md). Functioneel beheer adds rows in the admin each year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import BEDRAG, Leefsituatie


class Bijstandsnorm(models.Model):
    """Net bijstandsnorm per month incl. vakantietoeslag, per leefsituatie and AOW age (Participatiewet).

    Used by the beslagvrije voet (Wvbv) and by kwijtschelding (kosten van bestaan). A row applies from
    ``geldig_vanaf`` until the next row for the same household; the half-yearly 1 Jan/1 Jul rows
    are added in the admin.
    """

    geldig_vanaf = models.DateField(_("geldig vanaf"))
    leefsituatie = models.CharField(_("leefsituatie"), max_length=30, choices=Leefsituatie.choices)
    aow = models.BooleanField(_("AOW-leeftijd"), default=False)
    bedrag = models.DecimalField(_("netto norm per maand"), **BEDRAG)
    bron = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijstandsnorm")
        verbose_name_plural = _("bijstandsnormen")
        ordering = ["-geldig_vanaf", "leefsituatie", "aow"]
        constraints = [
            models.UniqueConstraint(
                fields=["geldig_vanaf", "leefsituatie", "aow"], name="bijstandsnorm_uniek"
            ),
        ]

    def __str__(self):
        aow = " (AOW)" if self.aow else ""
        return f"{self.get_leefsituatie_display()}{aow} vanaf {self.geldig_vanaf:%d-%m-%Y}: {self.bedrag}"
