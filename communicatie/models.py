"""Letters as records: what to send to whom, with the template key and the data to fill it.

``communicatie`` knows no domain model: a letter names its recipient by an opaque key (for example
``belastingplichtige:42``) and carries everything it needs in ``gegevens``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import BerichtStatus, BriefStatus, Kanaal
from .opslag import prive_opslag
from .sjablonen import Sjabloon


def _private_storage():
    """The lazy private storage (``opslag.prive_opslag``); the name stays because migration 0001 uses it."""
    return prive_opslag


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
    kanaal = models.CharField(
        _("kanaal"),
        max_length=10,
        choices=Kanaal.choices,
        blank=True,
        help_text=_("Hoe de inwoner de brief krijgt: per post, of in het portaal met een e-mail of sms."),
    )
    sjabloon_versie = models.PositiveIntegerField(
        _("sjabloonversie"),
        null=True,
        blank=True,
        help_text=_(
            "Versie van de tekst waarmee de PDF is gemaakt; 0 is de standaardtekst uit de bestanden."
        ),
    )
    gemaakt_op = models.DateTimeField(_("PDF gemaakt op"), null=True, blank=True)
    paginas = models.PositiveSmallIntegerField(_("aantal pagina's"), null=True, blank=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-datum", "id"]

    def __str__(self):
        return f"{self.sjabloon} aan {self.naam} ({self.datum:%d-%m-%Y})"


class Briefsjabloon(models.Model):
    """The text of one letter as functioneel beheer changed it; without a row the file default applies.

    ``inhoud`` is a Django template for the body of the letter (address, payment block, help box and
    contact routes are fixed around it). Every save adds a ``Sjabloonversie``: the history.
    """

    sleutel = models.CharField(_("brief"), max_length=60, choices=Sjabloon.choices, unique=True)
    onderwerp = models.CharField(
        _("onderwerp"), max_length=200, help_text=_("De kop van de brief. Mag {{ velden }} bevatten.")
    )
    inhoud = models.TextField(
        _("tekst"),
        help_text=_(
            "De tekst van de brief als Django-template. Gebruik korte zinnen en gewone woorden (B1). "
            "Bedragen: {{ openstaand|euro }}, datums: {{ uiterste_datum|datum }}."
        ),
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    leesgemak = models.DecimalField(
        _("leesgemak (Flesch-Douma)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Berekend op de voorbeeldbrief. 60 of hoger is het minimum voor B1."),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["sleutel"]

    def __str__(self):
        return self.get_sleutel_display()


class Sjabloonversie(models.Model):
    """One saved version of a letter text, never changed: which words went out when."""

    sjabloon = models.ForeignKey(
        Briefsjabloon, on_delete=models.CASCADE, related_name="versies", verbose_name=_("briefsjabloon")
    )
    versie = models.PositiveIntegerField(_("versie"))
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    inhoud = models.TextField(_("tekst"))
    leesgemak = models.DecimalField(_("leesgemak (Flesch-Douma)"), max_digits=5, decimal_places=1, null=True)
    toelichting = models.CharField(
        _("toelichting"), max_length=300, blank=True, help_text=_("Waarom de tekst is veranderd.")
    )
    opgeslagen_op = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        verbose_name = _("sjabloonversie")
        verbose_name_plural = _("sjabloonversies")
        ordering = ["sjabloon", "-versie"]
        constraints = [models.UniqueConstraint(fields=["sjabloon", "versie"], name="sjabloonversie_uniek")]

    def __str__(self):
        return f"{self.sjabloon} v{self.versie}"


class Bericht(models.Model):
    """A notice by e-mail or SMS that a letter waits in the portal; without personal or financial details.

    One per letter and channel (unique), so a rerun never sends it twice; a failed send is recorded
    with its error and tried again on the next run.
    """

    brief = models.ForeignKey(
        Brief, on_delete=models.PROTECT, related_name="berichten", verbose_name=_("brief")
    )
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    naar = models.CharField(
        _("naar"), max_length=254, help_text=_("Het e-mailadres of telefoonnummer waarnaar is verstuurd.")
    )
    tekst = models.TextField(_("tekst"))
    status = models.CharField(_("status"), max_length=20, choices=BerichtStatus.choices)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    fout = models.CharField(_("fout"), max_length=500, blank=True)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [models.UniqueConstraint(fields=["brief", "kanaal"], name="bericht_uniek_per_kanaal")]

    def __str__(self):
        return f"{self.get_kanaal_display()} {self.brief_id} ({self.get_status_display()})"
