"""The social side of the data model: pauses in collection, officers' tasks and contact outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import (
    OPEN_TAAKSTATUSSEN,
    Bron,
    ContactKanaal,
    ContactRichting,
    ContactUitkomst,
    PauzeReden,
    TaakSoort,
    TaakStatus,
)
from .kern import Aanslag, Belastingplichtige


class PauzeQuerySet(models.QuerySet):
    def actief_op(self, datum):
        """Pauses in force on a date: started, not ended, and the planned end not yet reached."""
        return self.filter(start__lte=datum).filter(
            Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gt=datum),
            Q(geplande_einde__isnull=True) | Q(geplande_einde__gt=datum),
        )


class Pauze(models.Model):
    """A pause in collection for one resident (all their aanslagen) or for chosen aanslagen.

    Other apps pause the chain through ``invordering.services.pauze_start``; the chain reads pauses
    and never imports those apps. A pause with a planned end restarts the chain by itself on that day.
    """

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="pauzes",
        verbose_name=_("belastingplichtige"),
    )
    aanslagen = models.ManyToManyField(
        Aanslag,
        blank=True,
        related_name="pauzes",
        verbose_name=_("aanslagen"),
        help_text=_("Leeg: de pauze geldt voor alle aanslagen van de belastingplichtige."),
    )
    reden = models.CharField(_("reden"), max_length=20, choices=PauzeReden.choices)
    start = models.DateField(_("start"))
    geplande_einde = models.DateField(
        _("gepland einde"),
        null=True,
        blank=True,
        help_text=_(
            "Op deze dag loopt de invordering vanzelf weer door. Leeg: tot de pauze wordt beëindigd."
        ),
    )
    beeindigd_op = models.DateField(_("beëindigd op"), null=True, blank=True)
    beeindigd_reden = models.CharField(_("reden van beëindigen"), max_length=200, blank=True)
    bron = models.CharField(
        _("bron"),
        max_length=100,
        blank=True,
        help_text=_("Wat de pauze veroorzaakte, bijvoorbeeld 'kwijtschelding:12' of 'signaal:7'."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("aangemaakt door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = PauzeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pauze")
        verbose_name_plural = _("pauzes")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geplande_einde__isnull=True) | Q(geplande_einde__gt=models.F("start")),
                name="pauze_einde_na_start",
            ),
        ]
        indexes = [models.Index(fields=["belastingplichtige", "start"])]

    def __str__(self):
        return f"{self.get_reden_display()} vanaf {self.start:%d-%m-%Y}"


class TaakQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_TAAKSTATUSSEN)


class Taak(models.Model):
    """Work for an officer: a call, a home visit, a request to assess. Its outcome drives the chain."""

    soort = models.CharField(_("soort"), max_length=30, choices=TaakSoort.choices)
    status = models.CharField(_("status"), max_length=20, choices=TaakStatus.choices, default=TaakStatus.OPEN)
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="taken",
        verbose_name=_("belastingplichtige"),
    )
    aanslag = models.ForeignKey(
        Aanslag,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="taken",
        verbose_name=_("aanslag"),
    )
    aangemaakt_op = models.DateField(_("aangemaakt op"))
    deadline = models.DateField(_("uiterlijk klaar op"), null=True, blank=True)
    toegewezen_aan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken",
        verbose_name=_("toegewezen aan"),
    )
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True)
    uitkomst = models.CharField(
        _("uitkomst"),
        max_length=20,
        choices=ContactUitkomst.choices,
        blank=True,
        help_text=_("De uitkomst van het laatste contact voor deze taak."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    bron = models.CharField(
        _("bron"),
        max_length=100,
        blank=True,
        help_text=_("De regel of het verzoek waaruit de taak ontstond."),
    )
    sleutel = models.CharField(
        _("sleutel"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Maakt het aanmaken idempotent: dezelfde sleutel geeft nooit een tweede taak."),
    )

    objects = TaakQuerySet.as_manager()

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["soort", "status", "deadline"]),
            models.Index(fields=["belastingplichtige", "status"]),
            # The officers' worklists (medewerker.werkbakken) on open tasks only: one page in deadline
            # order without sorting the whole worklist, and the counts from the index alone.
            models.Index(
                fields=["deadline", "aangemaakt_op", "id"],
                include=["soort", "toegewezen_aan"],
                condition=models.Q(status__in=OPEN_TAAKSTATUSSEN),
                name="taak_open_werkbak_volgorde",
            ),
            models.Index(
                fields=["soort", "deadline", "toegewezen_aan"],
                condition=models.Q(status__in=OPEN_TAAKSTATUSSEN),
                name="taak_open_werkbak_telling",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.belastingplichtige})"


class Contact(models.Model):
    """A contact with a resident (call, visit, counter, e-mail) and its structured outcome."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="contacten",
        verbose_name=_("belastingplichtige"),
    )
    taak = models.ForeignKey(
        Taak,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacten",
        verbose_name=_("taak"),
    )
    tijdstip = models.DateTimeField(_("tijdstip"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=ContactKanaal.choices)
    richting = models.CharField(
        _("richting"), max_length=10, choices=ContactRichting.choices, default=ContactRichting.UITGAAND
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=ContactUitkomst.choices)
    notitie = models.TextField(_("notitie"), blank=True)
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("medewerker"),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["belastingplichtige", "tijdstip"])]

    def __str__(self):
        return f"{self.get_kanaal_display()} {self.tijdstip:%d-%m-%Y}: {self.get_uitkomst_display()}"


class Gegevenswijziging(models.Model):
    """A change of a resident's contact details with the old and new values: when, through which
    door (the resident in the portal, an officer) and by whom. The record itself keeps only the
    current values, so this is the history functioneel beheer can read back."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="gegevenswijzigingen",
        verbose_name=_("belastingplichtige"),
    )
    tijdstip = models.DateTimeField(_("tijdstip"))
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    wijzigingen = models.JSONField(_("wijzigingen"), help_text=_("Per veld de oude en de nieuwe waarde."))

    class Meta:
        verbose_name = _("wijziging van contactgegevens")
        verbose_name_plural = _("wijzigingen van contactgegevens")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["belastingplichtige", "tijdstip"])]

    def __str__(self):
        return f"{', '.join(self.wijzigingen)} ({self.tijdstip:%d-%m-%Y})"
