"""The beslagvrije voet (Wvbv): its dated figures and the officially computed amounts officers record."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import BEDRAG, BvvBron, Leefsituatie
from .kern import Belastingplichtige

PERCENTAGE = {"max_digits": 5, "decimal_places": 2}


class BvvRekenregel(models.Model):
    """The figures of the bvv calculation in force from a date (Wvbv; DOMEIN.md "Beslagvrije voet").

    The 95% figures are law. The correction thresholds for middle incomes are a documented,
    configurable step (docs/beslagvrije-voet.md): the official rekenregels were not available.
    """

    geldig_vanaf = models.DateField(_("geldig vanaf"), unique=True)
    percentage_norm = models.DecimalField(
        _("percentage van de bijstandsnorm"),
        **PERCENTAGE,
        help_text=_("De basis van de beslagvrije voet: dit percentage van de passende bijstandsnorm (95)."),
    )
    percentage_inkomen = models.DecimalField(
        _("percentage van het inkomen"),
        **PERCENTAGE,
        help_text=_(
            "Bij een inkomen op of onder de bijstandsnorm is de beslagvrije voet dit percentage van het "
            "inkomen (95), zodat altijd minstens 5% kan worden betaald."
        ),
    )
    woonkosten_drempel = models.DecimalField(
        _("woonkosten: drempel"),
        **BEDRAG,
        help_text=_("Woonkosten tot dit bedrag zitten al in de norm; wat erboven ligt verhoogt de voet."),
    )
    woonkosten_maximum = models.DecimalField(
        _("woonkosten: maximum"),
        **BEDRAG,
        help_text=_("Woonkosten boven dit bedrag tellen niet mee voor de verhoging."),
    )
    zorgpremie_drempel = models.DecimalField(
        _("zorgpremie: drempel"),
        **BEDRAG,
        help_text=_("Het deel van de zorgpremie (na zorgtoeslag) dat al in de norm zit."),
    )
    percentage_kindgebonden_budget = models.DecimalField(
        _("percentage kindgebonden budget"),
        **PERCENTAGE,
        help_text=_("Welk deel van het kindgebonden budget de voet verhoogt (100: het hele bedrag)."),
    )
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("rekenregel beslagvrije voet")
        verbose_name_plural = _("rekenregels beslagvrije voet")
        ordering = ["-geldig_vanaf"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage_norm__gt=0, percentage_norm__lte=100)
                & Q(percentage_inkomen__gt=0, percentage_inkomen__lte=100),
                name="bvv_rekenregel_percentages",
            ),
            models.CheckConstraint(
                condition=Q(woonkosten_maximum__gte=models.F("woonkosten_drempel")),
                name="bvv_rekenregel_woonkosten",
            ),
        ]

    def __str__(self):
        return f"Rekenregel beslagvrije voet vanaf {self.geldig_vanaf:%d-%m-%Y}"


class BvvMaximum(models.Model):
    """The highest beslagvrije voet per month for a leefsituatie, from a date (Wvbv, published tables)."""

    geldig_vanaf = models.DateField(_("geldig vanaf"))
    leefsituatie = models.CharField(_("leefsituatie"), max_length=30, choices=Leefsituatie.choices)
    bedrag = models.DecimalField(_("maximum per maand"), **BEDRAG)
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("maximum beslagvrije voet")
        verbose_name_plural = _("maxima beslagvrije voet")
        ordering = ["-geldig_vanaf", "leefsituatie"]
        constraints = [
            models.UniqueConstraint(fields=["geldig_vanaf", "leefsituatie"], name="bvv_maximum_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="bvv_maximum_positief"),
        ]

    def __str__(self):
        return f"{self.get_leefsituatie_display()} vanaf {self.geldig_vanaf:%d-%m-%Y}: {self.bedrag}"


class AowLeeftijd(models.Model):
    """The AOW age for people who reach it in a calendar year (Algemene Ouderdomswet art. 7a; SVB)."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    jaren = models.PositiveSmallIntegerField(_("jaren"))
    maanden = models.PositiveSmallIntegerField(_("maanden"), default=0)
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("AOW-leeftijd")
        verbose_name_plural = _("AOW-leeftijden")
        ordering = ["-jaar"]
        constraints = [models.CheckConstraint(condition=Q(maanden__lt=12), name="aow_maanden_onder_12")]

    def __str__(self):
        return f"{self.jaar}: {self.jaren} jaar en {self.maanden} maanden"


class VastgesteldeBvv(models.Model):
    """A beslagvrije voet computed by an official source, recorded by an officer; it replaces our estimate."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="vastgestelde_bvv",
        verbose_name=_("belastingplichtige"),
    )
    bedrag = models.DecimalField(_("beslagvrije voet per maand"), **BEDRAG)
    bron = models.CharField(_("bron"), max_length=20, choices=BvvBron.choices)
    vastgesteld_op = models.DateField(
        _("vastgesteld op"), help_text=_("De datum waarop de bron de beslagvrije voet heeft berekend.")
    )
    geldig_tot = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg: geldig tot er een nieuwere wordt vastgelegd."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("vastgelegd door"),
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgestelde beslagvrije voet")
        verbose_name_plural = _("vastgestelde beslagvrije voeten")
        ordering = ["-vastgesteld_op", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="vastgestelde_bvv_niet_negatief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("vastgesteld_op")),
                name="vastgestelde_bvv_geldig_na_vaststelling",
            ),
        ]
        indexes = [models.Index(fields=["belastingplichtige", "vastgesteld_op"])]

    def __str__(self):
        return f"{self.bedrag} ({self.get_bron_display()}, {self.vastgesteld_op:%d-%m-%Y})"
