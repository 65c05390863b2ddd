"""Early-warning signals to the debt-help team, their feedback, warm referrals and the bailiff handover.

The chain itself lives in ``invordering``: this app pauses it only through
``invordering.services.pauze_start`` and never changes aanslagen.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.constants import BEDRAG

from .constants import (
    OPEN_STATUSSEN,
    Advies,
    Criterium,
    DeurwaarderUitkomst,
    Exportformaat,
    Grondslag,
    SignaalSoort,
    SignaalStatus,
    Uitkomst,
)

PERIODE_KEUZES = [(1, _("1 maand")), (2, _("2 maanden")), (3, _("3 maanden")), (4, _("4 maanden"))] + [
    (6, _("6 maanden")),
    (12, _("12 maanden")),
]


class Signaalbeleid(models.Model):
    """The municipality's policy for signals, dated: basis, waiting times and pause lengths.

    A row applies from ``geldig_vanaf`` until the next row. Which criteria are on, and their thresholds,
    are its ``criteria`` rows. The pause lengths follow the creditor agreements (4-8 months, DOMEIN.md).
    """

    geldig_vanaf = models.DateField(_("geldig vanaf"), unique=True)
    grondslag = models.TextField(
        _("gemeentelijke grondslag"),
        blank=True,
        help_text=_(
            "De regel waarop de gemeente signalen zonder toestemming laat doorgeven (bijvoorbeeld een "
            "artikel in de verordening). Leeg: een signaal gaat alleen door met toestemming van de inwoner. "
            "Er is geen algemene wettelijke grondslag voor signalen van belastingen (het experiment "
            "2022-2024 is afgelopen)."
        ),
    )
    periode_maanden = models.PositiveSmallIntegerField(
        _("periode (maanden)"),
        choices=PERIODE_KEUZES,
        default=3,
        help_text=_("Per inwoner hoogstens één signaal uit de criteria per periode (kalenderblokken)."),
    )
    wachttijd_dagen = models.PositiveSmallIntegerField(
        _("wachttijd na de aanbodbrief (dagen)"),
        default=14,
        help_text=_(
            "Zo lang na de brief die aanbiedt de gegevens door te geven, mag het signaal op zijn vroegst "
            "weg (Besluit gemeentelijke schuldhulpverlening, art. 2: eerst schriftelijk herinneren)."
        ),
    )
    min_contactpogingen = models.PositiveSmallIntegerField(
        _("minimaal aantal contactpogingen"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Pogingen tot persoonlijk contact voordat een signaal weg mag (Besluit, art. 2)."),
    )
    verwijzing_pauze_dagen = models.PositiveSmallIntegerField(
        _("pauze na warme verwijzing (dagen)"),
        default=42,
        validators=[MinValueValidator(1)],
        help_text=_("De invordering wacht zo lang tot schuldhulp de verwijzing heeft opgepakt."),
    )
    adempauze_maanden = models.PositiveSmallIntegerField(
        _("adempauze (maanden)"),
        default=4,
        validators=[MinValueValidator(4), MaxValueValidator(8)],
        help_text=_("Duur van de pauze als schuldhulp een adempauze vraagt (afspraken: 4 tot 8 maanden)."),
    )
    schuldhulp_maanden = models.PositiveSmallIntegerField(
        _("pauze bij start schuldhulp (maanden)"),
        default=6,
        validators=[MinValueValidator(4), MaxValueValidator(8)],
        help_text=_("Duur van de pauze als de inwoner hulp aanvaardt (afspraken: 4 tot 8 maanden)."),
    )
    bron = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Besluit of afspraak waarop deze waarden rusten.")
    )

    class Meta:
        verbose_name = _("signaalbeleid")
        verbose_name_plural = _("signaalbeleid")
        ordering = ["-geldig_vanaf"]

    def __str__(self):
        return f"Signaalbeleid vanaf {self.geldig_vanaf:%d-%m-%Y}"


class Signaalcriterium(models.Model):
    """One criterion switched on in a policy, with its thresholds (the rule is in ``criteria``)."""

    beleid = models.ForeignKey(
        Signaalbeleid, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("beleid")
    )
    criterium = models.CharField(_("criterium"), max_length=40, choices=Criterium.choices)
    actief = models.BooleanField(_("actief"), default=True)
    drempel_bedrag = models.DecimalField(
        _("drempelbedrag"),
        **BEDRAG,
        null=True,
        blank=True,
        help_text=_("Achterstand: het totaal open over de aanslagen moet minstens dit bedrag zijn."),
    )
    aantal = models.PositiveSmallIntegerField(
        _("aantal"),
        null=True,
        blank=True,
        help_text=_(
            "Achterstand: minimaal aantal achterstallige aanslagen. Meerjarig: minimaal aantal "
            "belastingjaren. Geen contact: minimaal aantal onbeantwoorde contactpogingen."
        ),
    )
    dagen = models.PositiveSmallIntegerField(
        _("dagen"),
        null=True,
        blank=True,
        help_text=_(
            "Hoeveel dagen na de vervaldatum een aanslag als achterstand telt; bij 'kan niet betalen' "
            "hoe lang het gesprek meetelt."
        ),
    )

    class Meta:
        verbose_name = _("signaalcriterium")
        verbose_name_plural = _("signaalcriteria")
        ordering = ["beleid", "criterium"]
        constraints = [
            models.UniqueConstraint(fields=["beleid", "criterium"], name="signaalcriterium_uniek"),
        ]

    def __str__(self):
        return self.get_criterium_display()


class Signaal(models.Model):
    """An early-warning signal about one resident, with its basis and the Besluit's preconditions.

    Carries the least needed (DOMEIN.md): the arrears' size and age and what the export reads from the
    resident's contact details at the moment of export.
    """

    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.PROTECT,
        related_name="signalen",
        verbose_name=_("belastingplichtige"),
    )
    soort = models.CharField(_("soort"), max_length=20, choices=SignaalSoort.choices)
    criterium = models.CharField(
        _("criterium"),
        max_length=40,
        choices=Criterium.choices,
        help_text=_("Het eerste criterium dat gold."),
    )
    criteria = models.JSONField(_("alle criteria"), default=list, help_text=_("Alle criteria die golden."))
    status = models.CharField(
        _("status"), max_length=20, choices=SignaalStatus.choices, default=SignaalStatus.VOORBEREIDING
    )
    datum = models.DateField(_("signaaldatum"), help_text=_("De dag waarop het signaal ontstond."))
    periode_start = models.DateField(
        _("periode"), help_text=_("Begin van de beleidsperiode: één signaal uit de criteria per periode.")
    )
    beleid = models.ForeignKey(
        Signaalbeleid, on_delete=models.PROTECT, related_name="signalen", verbose_name=_("beleid")
    )
    bedrag = models.DecimalField(
        _("achterstand"), **BEDRAG, help_text=_("Totaal open op achterstallige aanslagen bij het signaal.")
    )
    achterstand_sinds = models.DateField(
        _("achterstand sinds"),
        null=True,
        blank=True,
        help_text=_("Vervaldatum van de oudste achterstallige aanslag (de ontstaansdatum)."),
    )
    # The Besluit gemeentelijke schuldhulpverlening art. 2 preconditions, as found when checked.
    aanbod_brief_op = models.DateField(
        _("aanbodbrief op"),
        null=True,
        blank=True,
        help_text=_("Datum van de brief die op schuldhulp wijst en aanbiedt de gegevens door te geven."),
    )
    contact_vanaf = models.DateField(
        _("contact telt vanaf"),
        help_text=_("Contacten en pogingen vanaf deze dag tellen mee voor de voorwaarde 'contact gezocht'."),
    )
    contactpogingen = models.PositiveSmallIntegerField(
        _("contactpogingen"), default=0, help_text=_("Contacten en pogingen daartoe, zoals laatst geteld.")
    )
    laatste_contactpoging = models.DateField(_("laatste contactpoging"), null=True, blank=True)
    voorwaarden_vervuld_op = models.DateField(_("voorwaarden vervuld op"), null=True, blank=True)
    voorwaarden_toelichting = models.CharField(
        _("stand van de voorwaarden"),
        max_length=300,
        blank=True,
        help_text=_("Wat nog ontbreekt, of waarop het signaal door mocht."),
    )
    grondslag = models.CharField(_("grondslag"), max_length=20, choices=Grondslag.choices, blank=True)
    grondslag_tekst = models.TextField(
        _("tekst van de grondslag"),
        blank=True,
        help_text=_("De gemeentelijke grondslag zoals die toen gold."),
    )
    toestemming = models.ForeignKey(
        "invordering.Toestemming",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen",
        verbose_name=_("toestemming"),
    )
    warme_overdracht = models.BooleanField(
        _("warme overdracht"),
        default=False,
        help_text=_("De inwoner is met toestemming en een korte toelichting doorverwezen."),
    )
    export = models.ForeignKey(
        "Signaalexport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen",
        verbose_name=_("laatste export"),
    )
    geexporteerd_op = models.DateField(_("doorgegeven op"), null=True, blank=True)
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-datum", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["belastingplichtige"],
                condition=Q(status__in=OPEN_STATUSSEN),
                name="signaal_een_open_per_persoon",
            ),
            models.UniqueConstraint(
                fields=["belastingplichtige", "periode_start"],
                condition=Q(soort=SignaalSoort.CRITERIUM),
                name="signaal_een_per_periode",
            ),
            # A signal can only be ready or passed on with its basis recorded.
            models.CheckConstraint(
                condition=Q(status__in=(SignaalStatus.VOORBEREIDING, SignaalStatus.VERVALLEN))
                | (Q(grondslag=Grondslag.TOESTEMMING) & Q(toestemming__isnull=False))
                | (Q(grondslag=Grondslag.GEMEENTELIJK) & ~Q(grondslag_tekst="")),
                name="signaal_grondslag_vastgelegd",
            ),
        ]
        indexes = [models.Index(fields=["status", "datum"])]

    def __str__(self):
        return f"Signaal {self.pk} ({self.get_criterium_display()})"


class Signaalexport(models.Model):
    """A record of every export of signals: when, by whom, which file, how many, its checksum."""

    datum = models.DateField(_("datum"))
    formaat = models.CharField(_("formaat"), max_length=10, choices=Exportformaat.choices)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=500)
    aantal = models.PositiveIntegerField(_("aantal signalen"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_("Controlegetal van het bestand."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("door")
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("export van signalen")
        verbose_name_plural = _("exports van signalen")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.bestandsnaam} ({self.aantal})"


class Terugkoppeling(models.Model):
    """The debt-help team's outcome for a signal. The reason is never asked for nor stored (DDAS)."""

    signaal = models.ForeignKey(
        Signaal, on_delete=models.PROTECT, related_name="terugkoppelingen", verbose_name=_("signaal")
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices)
    datum = models.DateField(_("datum"), help_text=_("De dag waarop schuldhulp dit meldde."))
    bron = models.CharField(_("bron"), max_length=20, help_text=_("'import' (bestand) of 'medewerker'."))
    bestand = models.CharField(_("bestand"), max_length=500, blank=True)
    regel = models.PositiveIntegerField(_("regel in het bestand"), null=True, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    behandeld_op = models.DateField(_("behandeld op"), null=True, blank=True)
    behandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        ordering = ["datum", "id"]
        constraints = [
            models.UniqueConstraint(fields=["signaal", "uitkomst"], name="terugkoppeling_uniek"),
        ]

    def __str__(self):
        return f"{self.signaal}: {self.get_uitkomst_display()}"


class Verwijzing(models.Model):
    """A warm referral to SHV: recorded with consent and a short note; the chain pauses meanwhile."""

    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.PROTECT,
        related_name="verwijzingen",
        verbose_name=_("belastingplichtige"),
    )
    signaal = models.ForeignKey(
        Signaal, on_delete=models.PROTECT, related_name="verwijzingen", verbose_name=_("signaal")
    )
    datum = models.DateField(_("datum"))
    toelichting = models.TextField(
        _("toelichting voor schuldhulp"),
        help_text=_(
            "Kort: wat schuldhulp moet weten om contact te leggen. Geen gegevens die niet nodig zijn."
        ),
    )
    toestemming = models.ForeignKey(
        "invordering.Toestemming",
        on_delete=models.PROTECT,
        related_name="verwijzingen",
        verbose_name=_("toestemming"),
    )
    bron = models.CharField(_("bron"), max_length=20, help_text=_("'medewerker' of 'portaal'."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("door")
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("warme verwijzing")
        verbose_name_plural = _("warme verwijzingen")
        ordering = ["-datum", "-id"]

    def __str__(self):
        return f"Verwijzing {self.datum:%d-%m-%Y} ({self.belastingplichtige})"


class Deurwaarderoverdracht(models.Model):
    """One handover file to the bailiff, with the social facts per aanslag (the agreements, seed 000)."""

    datum = models.DateField(_("datum"))
    deurwaarder = models.CharField(_("deurwaarder"), max_length=200, blank=True)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=500)
    aantal = models.PositiveIntegerField(_("aantal aanslagen"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("overdracht aan deurwaarder")
        verbose_name_plural = _("overdrachten aan deurwaarder")
        ordering = ["-datum", "-id"]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.bestandsnaam} ({self.aantal})"


class Overdrachtregel(models.Model):
    """One aanslag handed over, with the facts as they were passed on."""

    overdracht = models.ForeignKey(
        Deurwaarderoverdracht, on_delete=models.PROTECT, related_name="regels", verbose_name=_("overdracht")
    )
    aanslag = models.ForeignKey(
        "invordering.Aanslag", on_delete=models.PROTECT, related_name="+", verbose_name=_("aanslag")
    )
    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("belastingplichtige"),
    )
    advies = models.CharField(_("advies"), max_length=40, choices=Advies.choices)
    gegevens = models.JSONField(_("doorgegeven gegevens"), default=dict)
    afgesloten_op = models.DateField(
        _("afgesloten op"),
        null=True,
        blank=True,
        help_text=_("Gevuld zodra de deurwaarder heeft teruggemeld."),
    )

    class Meta:
        verbose_name = _("overdrachtregel")
        verbose_name_plural = _("overdrachtregels")
        ordering = ["overdracht", "id"]
        constraints = [
            # An aanslag is with the bailiff once at a time.
            models.UniqueConstraint(
                fields=["aanslag"],
                condition=Q(afgesloten_op__isnull=True),
                name="overdracht_een_open_per_aanslag",
            ),
        ]

    def __str__(self):
        return f"{self.aanslag} ({self.get_advies_display()})"


class Deurwaarderterugmelding(models.Model):
    """What the bailiff reports back for a handed-over aanslag."""

    regel = models.ForeignKey(
        Overdrachtregel,
        on_delete=models.PROTECT,
        related_name="terugmeldingen",
        verbose_name=_("overdrachtregel"),
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=DeurwaarderUitkomst.choices)
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(
        _("bedrag"),
        **BEDRAG,
        null=True,
        blank=True,
        help_text=_("Betaald bedrag of termijnbedrag, als gemeld."),
    )
    bestand = models.CharField(_("bestand"), max_length=500, blank=True)
    regelnummer = models.PositiveIntegerField(_("regel in het bestand"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugmelding deurwaarder")
        verbose_name_plural = _("terugmeldingen deurwaarder")
        ordering = ["datum", "id"]
        constraints = [
            models.UniqueConstraint(fields=["regel", "uitkomst"], name="deurwaarderterugmelding_uniek"),
        ]

    def __str__(self):
        return f"{self.regel}: {self.get_uitkomst_display()}"
