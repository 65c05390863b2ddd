"""The little state the dashboard needs: who viewed which dossier, what was done through it, and
four-eyes proposals to declare aanslagen uncollectable (docs/besluiten/001-voordeuren.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from invordering.models import Aanslag, Belastingplichtige


class Herkomst(models.TextChoices):
    """How an officer reached a dossier (the 'why' of the audit log)."""

    WERKBAK = "werkbak", _("Werkbak")
    ZOEKEN = "zoeken", _("Zoeken")
    ACTIE = "actie", _("Na een actie in het dossier")
    DIRECT = "direct", _("Directe link")


class Dossierinzage(models.Model):
    """One view of a resident's dossier by a staff member. Never changed or deleted through the app."""

    tijdstip = models.DateTimeField(_("tijdstip"), db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("belastingplichtige"),
    )
    # Kept as text too, so the log still names the resident when the record itself is gone.
    bsn = models.CharField(_("BSN"), max_length=9, db_index=True)
    herkomst = models.CharField(_("via"), max_length=10, choices=Herkomst.choices)
    herkomst_detail = models.CharField(
        _("welke werkbak of zoekopdracht"),
        max_length=60,
        blank=True,
        help_text=_("De werkbak, of waarop werd gezocht (BSN, naam, ...). Nooit de zoekterm zelf."),
    )

    class Meta:
        verbose_name = _("inzage in een dossier")
        verbose_name_plural = _("inzagelog dossiers")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["gebruiker", "tijdstip"])]

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.gebruiker} {self.bsn}"


class ActieSoort(models.TextChoices):
    CONTACT = "contact", _("Contact vastgelegd")
    REGELING = "regeling", _("Betalingsregeling getroffen")
    KWIJTSCHELDING = "kwijtschelding", _("Kwijtschelding aangevraagd namens inwoner")
    KWIJTSCHELDING_BESLUIT = "kwijtschelding_besluit", _("Kwijtscheldingsverzoek beslist")
    KWIJTSCHELDING_AANVULLEN = "kwijtschelding_aanvullen", _("Aanvullende gegevens gevraagd")
    PAUZE = "pauze", _("Invordering gepauzeerd")
    PAUZE_EINDE = "pauze_einde", _("Pauze beëindigd")
    VERWIJZING = "verwijzing", _("Doorverwezen naar schuldhulp")
    TOESTEMMING = "toestemming", _("Toestemming vastgelegd")
    ONINBAAR_VOORSTEL = "oninbaar_voorstel", _("Oninbaar voorgesteld")
    ONINBAAR_BESLUIT = "oninbaar_besluit", _("Oninbaarvoorstel beoordeeld")
    BVV = "bvv", _("Beslagvrije voet vastgelegd")
    INKOMEN = "inkomen", _("Inkomen vastgelegd")
    SCHULDENOVERZICHT = "schuldenoverzicht", _("Schuldenoverzicht gestuurd")
    CONTACTGEGEVENS = "contactgegevens", _("Contactgegevens gewijzigd")
    TAAK = "taak", _("Taak bijgewerkt")
    BETALING = "betaling", _("Betaling gekoppeld")


class Dossieractie(models.Model):
    """What an officer did through the dashboard: the audit trail of writes, shown on the timeline
    where the domain leaves no fact of its own (changed contact details, assignment, proposals)."""

    tijdstip = models.DateTimeField(_("tijdstip"))
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("medewerker")
    )
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="dossieracties",
        verbose_name=_("belastingplichtige"),
    )
    soort = models.CharField(_("soort"), max_length=30, choices=ActieSoort.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("actie in een dossier")
        verbose_name_plural = _("acties in dossiers")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["belastingplichtige", "tijdstip"])]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.tijdstip:%d-%m-%Y})"


class VoorstelStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Wacht op goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd: oninbaar verklaard")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Oninbaarvoorstel(models.Model):
    """A proposal to declare aanslagen uncollectable; a second person (teamleider) decides (four eyes)."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="oninbaarvoorstellen",
        verbose_name=_("belastingplichtige"),
    )
    aanslagen = models.ManyToManyField(Aanslag, related_name="+", verbose_name=_("aanslagen"))
    reden = models.TextField(_("reden"))
    status = models.CharField(
        _("status"), max_length=20, choices=VoorstelStatus.choices, default=VoorstelStatus.VOORGESTELD
    )
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    voorgesteld_op = models.DateField(_("voorgesteld op"))
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    beoordeeld_op = models.DateField(_("beoordeeld op"), null=True, blank=True)
    toelichting_besluit = models.TextField(_("toelichting bij het besluit"), blank=True)
    taak = models.ForeignKey(
        "invordering.Taak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("oninbaarvoorstel")
        verbose_name_plural = _("oninbaarvoorstellen")
        ordering = ["-voorgesteld_op", "-id"]
        permissions = [("keur_oninbaarvoorstel", _("Kan oninbaarvoorstellen goedkeuren (vier ogen)"))]

    def __str__(self):
        return f"Oninbaarvoorstel {self.pk} ({self.belastingplichtige})"
