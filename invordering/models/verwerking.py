"""Progress of a long job (the daily chain run, an import) so the dashboard can show a progress bar."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import VerwerkingStatus


class Verwerking(models.Model):
    """One run of a job: what it is, for which date, how far it got and what it reported.

    Written only through ``invordering.verwerkingen``. ``soort`` is free text (see
    ``constants.VerwerkingSoort``) so other apps can record their own jobs without a migration here.
    """

    soort = models.CharField(_("soort"), max_length=40, db_index=True)
    datum = models.DateField(_("datum"), help_text=_("De dag waarvoor de verwerking draait."))
    status = models.CharField(
        _("status"), max_length=10, choices=VerwerkingStatus.choices, default=VerwerkingStatus.BEZIG
    )
    totaal = models.PositiveIntegerField(
        _("totaal"), null=True, blank=True, help_text=_("Hoeveel er te doen is; leeg als dat niet bekend is.")
    )
    gedaan = models.PositiveIntegerField(_("gedaan"), default=0)
    gestart_op = models.DateTimeField(_("gestart op"))
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    foutmelding = models.TextField(_("foutmelding"), blank=True)
    verslag = models.JSONField(_("verslag"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingen")
        ordering = ["-gestart_op", "-id"]
        indexes = [models.Index(fields=["soort", "-gestart_op"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(totaal__isnull=True) | Q(gedaan__lte=models.F("totaal")),
                name="verwerking_gedaan_binnen_totaal",
            ),
        ]

    def __str__(self):
        return f"{self.soort} {self.datum:%d-%m-%Y} ({self.get_status_display()})"

    @property
    def percentage(self) -> int | None:
        """Progress 0-100 for the progress bar; None while the total is unknown."""
        if not self.totaal:
            return 100 if self.status == VerwerkingStatus.KLAAR else None
        return min(100, (100 * self.gedaan) // self.totaal)
