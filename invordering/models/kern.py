"""The data core: residents with their household facts, taxes, assessments and the ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import (
    BEDRAG,
    NUL,
    AanslagStatus,
    Betaalbron,
    BetalingStatus,
    Boekingsoort,
    Bron,
    Component,
    Inkomensbron,
    Kanaal,
    Klantgroep,
    Leefsituatie,
    Taal,
    ToestemmingSoort,
)
from ..validators import valideer_betalingskenmerk, valideer_bsn, valideer_iban, valideer_postcode


class Belastingplichtige(models.Model):
    """A resident (or household head) who owes municipal taxes, with what we know of their situation."""

    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        unique=True,
        validators=[valideer_bsn],
        help_text=_("Burgerservicenummer, negen cijfers, gecontroleerd met de elfproef."),
    )
    voorletters = models.CharField(_("voorletters"), max_length=20, blank=True)
    voornaam = models.CharField(
        _("roepnaam"), max_length=100, blank=True, help_text=_("Zoals de inwoner aangesproken wil worden.")
    )
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(
        _("geboortedatum"),
        null=True,
        blank=True,
        help_text=_("Nodig om te bepalen of de AOW-leeftijd is bereikt (andere normen)."),
    )
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=7,
        blank=True,
        db_index=True,
        validators=[valideer_postcode],
        help_text=_("Vier cijfers, een spatie en twee hoofdletters: 1234 AB."),
    )
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    taal = models.CharField(
        _("voorkeurstaal"),
        max_length=2,
        choices=Taal.choices,
        default=Taal.NL,
        help_text=_(
            "Taal van het portaal en van de hulptekst in brieven. Brieven zelf zijn in het Nederlands."
        ),
    )
    kanaal = models.CharField(
        _("voorkeurskanaal"),
        max_length=10,
        choices=Kanaal.choices,
        default=Kanaal.BRIEF,
        help_text=_("Hoe de inwoner hoort dat er een brief is: per post, of een bericht per e-mail of sms."),
    )
    iban = models.CharField(
        _("IBAN"),
        max_length=34,
        blank=True,
        validators=[valideer_iban],
        help_text=_("Rekening voor terugbetaling van een tegoed en voor automatische incasso."),
    )
    # Household facts used by the beslagvrije voet and the remission rules.
    leefsituatie = models.CharField(
        _("leefsituatie"),
        max_length=30,
        choices=Leefsituatie.choices,
        blank=True,
        help_text=_("Leeg als het niet bekend is. Bepaalt de bijstandsnorm en de beslagvrije voet."),
    )
    partner_naam = models.CharField(
        _("naam partner"), max_length=200, blank=True, help_text=_("Alleen bij gehuwd of samenwonend.")
    )
    aantal_kinderen = models.PositiveSmallIntegerField(
        _("aantal kinderen"),
        null=True,
        blank=True,
        help_text=_("Thuiswonende kinderen onder de 18. Leeg als het niet bekend is."),
    )
    woonkosten = models.DecimalField(
        _("woonkosten per maand"),
        **BEDRAG,
        null=True,
        blank=True,
        help_text=_("Huur of hypotheekrente per maand, voor zover bekend."),
    )
    is_ondernemer = models.BooleanField(
        _("ondernemer"),
        default=False,
        help_text=_("Voor ondernemers geldt kwijtschelding alleen voor het privédeel."),
    )
    klantgroep = models.CharField(
        _("klantgroep"),
        max_length=30,
        choices=Klantgroep.choices,
        blank=True,
        help_text=_("Berekend uit het betaalgedrag door de dagelijkse invorderingsrun."),
    )
    klantgroep_bepaald_op = models.DateField(_("klantgroep bepaald op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("belastingplichtige")
        verbose_name_plural = _("belastingplichtigen")
        indexes = [models.Index(fields=["postcode", "huisnummer"]), models.Index(fields=["achternaam"])]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        return " ".join(p for p in (self.voorletters, self.tussenvoegsel, self.achternaam) if p)

    @property
    def adresregels(self) -> list[str]:
        nummer = f"{self.huisnummer or ''}{(' ' + self.huisnummer_toevoeging) if self.huisnummer_toevoeging else ''}"
        return [
            r for r in (f"{self.straat} {nummer}".strip(), f"{self.postcode}  {self.woonplaats}".strip()) if r
        ]


class Inkomensgegeven(models.Model):
    """A net monthly household income as we learned it, with its source and date; often unknown."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="inkomensgegevens",
        verbose_name=_("belastingplichtige"),
    )
    netto_maandinkomen = models.DecimalField(
        _("netto maandinkomen"),
        **BEDRAG,
        help_text=_("Netto inkomen van het huishouden per maand, inclusief vakantiegeld naar rato."),
    )
    bron = models.CharField(_("bron"), max_length=30, choices=Inkomensbron.choices)
    peildatum = models.DateField(_("peildatum"), help_text=_("De datum waarop het inkomen zo was."))
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
        verbose_name = _("inkomensgegeven")
        verbose_name_plural = _("inkomensgegevens")
        ordering = ["-peildatum", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(netto_maandinkomen__gte=0), name="inkomen_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.netto_maandinkomen} ({self.get_bron_display()}, {self.peildatum:%d-%m-%Y})"


class Belastingsoort(models.Model):
    """A municipal tax (OZB, afvalstoffenheffing, ...); whether it can be remitted is municipal policy."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    naam = models.CharField(_("naam"), max_length=100)
    kwijtscheldbaar = models.BooleanField(
        _("kwijtscheldbaar"),
        default=False,
        help_text=_("Of kwijtschelding voor deze belasting mogelijk is (keuze van de gemeente)."),
    )
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("belastingsoort")
        verbose_name_plural = _("belastingsoorten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class AanslagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AanslagStatus.OPEN)


class Aanslag(models.Model):
    """A tax assessment with its lines, installments and the cached balance of its ledger."""

    aanslagnummer = models.CharField(_("aanslagnummer"), max_length=30)  # unique: see Meta
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        related_name="aanslagen",
        verbose_name=_("belastingplichtige"),
        db_index=False,  # the index on (belastingplichtige, status) serves it
    )
    belastingjaar = models.PositiveSmallIntegerField(_("belastingjaar"))
    dagtekening = models.DateField(_("dagtekening"), help_text=_("De datum op het aanslagbiljet."))
    vervaldatum = models.DateField(
        _("vervaldatum"),
        help_text=_("De uiterste betaaldatum van de laatste termijn. Tot die datum loopt de betaaltermijn."),
    )
    betalingskenmerk = models.CharField(
        _("betalingskenmerk"),
        max_length=16,
        validators=[valideer_betalingskenmerk],
        help_text=_("Zestien cijfers met een controlecijfer; hiermee koppelen we betalingen aan de aanslag."),
    )
    aantal_termijnen = models.PositiveSmallIntegerField(
        _("aantal termijnen"), default=1, help_text=_("In hoeveel termijnen de aanslag betaald mag worden.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AanslagStatus.choices, default=AanslagStatus.OPEN
    )
    # Cached sums of the ledger (Boeking), kept current by services.saldo_bijwerken in the same
    # transaction as every booking, so the daily run and the worklists read them without aggregating.
    bedrag_belasting = models.DecimalField(_("opgelegd bedrag"), **BEDRAG, default=NUL)
    open_belasting = models.DecimalField(_("open belasting"), **BEDRAG, default=NUL)
    open_kosten = models.DecimalField(_("open kosten"), **BEDRAG, default=NUL)
    open_rente = models.DecimalField(_("open rente"), **BEDRAG, default=NUL)
    openstaand = models.DecimalField(_("openstaand"), **BEDRAG, default=NUL)
    afgehandeld_op = models.DateField(
        _("afgehandeld op"),
        null=True,
        blank=True,
        help_text=_("De dag waarop er niets meer openstond (betaald, kwijtgescholden of oninbaar)."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = AanslagQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanslag")
        verbose_name_plural = _("aanslagen")
        ordering = ["-belastingjaar", "aanslagnummer"]
        constraints = [
            # Unique as constraints, not unique=True: that adds a second (LIKE) index on PostgreSQL that
            # nothing reads and that every payment settling an aanslag writes again.
            models.UniqueConstraint(fields=["aanslagnummer"], name="aanslag_aanslagnummer_uniek"),
            models.UniqueConstraint(fields=["betalingskenmerk"], name="aanslag_betalingskenmerk_uniek"),
            models.CheckConstraint(condition=Q(aantal_termijnen__gte=1), name="aanslag_minstens_een_termijn"),
            models.CheckConstraint(
                condition=Q(vervaldatum__gte=models.F("dagtekening")), name="aanslag_verval_na_dagtekening"
            ),
        ]
        # Every index is written again for each aanslag a payment or the chain changes; a plain index on
        # status (db_index would add a second, for LIKE, that nothing uses).
        indexes = [
            models.Index(fields=["belastingplichtige", "status"]),
            models.Index(fields=["status"], name="aanslag_status"),
        ]

    def __str__(self):
        return self.aanslagnummer


class AanslagRegel(models.Model):
    """One line of an assessment: the amount for one tax (and object)."""

    aanslag = models.ForeignKey(
        Aanslag, on_delete=models.CASCADE, related_name="regels", verbose_name=_("aanslag")
    )
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    belastingsoort = models.ForeignKey(
        Belastingsoort, on_delete=models.PROTECT, verbose_name=_("belastingsoort")
    )
    omschrijving = models.CharField(
        _("omschrijving"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld het adres van het belastingobject."),
    )
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)

    class Meta:
        verbose_name = _("aanslagregel")
        verbose_name_plural = _("aanslagregels")
        ordering = ["aanslag", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["aanslag", "volgnummer"], name="aanslagregel_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="aanslagregel_bedrag_positief"),
        ]

    def __str__(self):
        return f"{self.belastingsoort}: {self.bedrag}"


class Termijn(models.Model):
    """An installment of an assessment: what is due on which date."""

    aanslag = models.ForeignKey(
        Aanslag, on_delete=models.CASCADE, related_name="termijnen", verbose_name=_("aanslag")
    )
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    vervaldatum = models.DateField(_("vervaldatum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["aanslag", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["aanslag", "volgnummer"], name="termijn_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="termijn_bedrag_positief"),
        ]
        indexes = [models.Index(fields=["vervaldatum"])]

    def __str__(self):
        return f"{self.aanslag} termijn {self.volgnummer}"


class Betaling(models.Model):
    """Money received (or, with a negative amount, returned) from a bank file, debit, portal or counter."""

    datum = models.DateField(_("datum"), help_text=_("Boekdatum van de betaling."))
    bedrag = models.DecimalField(
        _("bedrag"), **BEDRAG, help_text=_("Positief voor een ontvangst, negatief voor een terugboeking.")
    )
    bron = models.CharField(_("bron"), max_length=20, choices=Betaalbron.choices)
    referentie = models.CharField(
        _("referentie"),
        max_length=100,
        help_text=_(
            "Unieke referentie bij de bron (bijvoorbeeld de bankreferentie), zodat niets twee keer wordt geboekt."
        ),
    )
    betalingskenmerk = models.CharField(_("opgegeven betalingskenmerk"), max_length=35, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    tegenrekening = models.CharField(_("tegenrekening"), max_length=34, blank=True)
    tegenrekening_naam = models.CharField(_("naam tegenrekening"), max_length=140, blank=True)
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="betalingen",
        verbose_name=_("belastingplichtige"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BetalingStatus.choices,
        default=BetalingStatus.ONGEMATCHT,
    )
    teruggeboekt_van = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terugboekingen",
        verbose_name=_("terugboeking van"),
        db_index=False,  # partial index below: only reversals have one
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["-datum", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bron", "referentie"], name="betaling_uniek_per_bron"),
        ]
        # A bank statement inserts 100,000 payments: no index that nothing reads (see Aanslag).
        indexes = [
            models.Index(fields=["status"], name="betaling_status"),
            models.Index(
                fields=["teruggeboekt_van"],
                condition=Q(teruggeboekt_van__isnull=False),
                name="betaling_teruggeboekt_van",
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.bedrag} ({self.get_bron_display()})"


class Boeking(models.Model):
    """One entry of an assessment's ledger. Charges are positive, settlements negative.

    The open balance of an aanslag is the sum of its bookings, per component (belasting, kosten,
    rente). Bookings are never changed or deleted: a reversal is a new booking.
    """

    aanslag = models.ForeignKey(
        Aanslag,
        on_delete=models.PROTECT,
        related_name="boekingen",
        verbose_name=_("aanslag"),
        db_index=False,  # the index on (aanslag, component) serves it
    )
    datum = models.DateField(_("datum"))
    component = models.CharField(_("component"), max_length=10, choices=Component.choices)
    soort = models.CharField(_("soort"), max_length=20, choices=Boekingsoort.choices)
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    betaling = models.ForeignKey(
        Betaling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekingen",
        verbose_name=_("betaling"),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["datum", "id"]
        indexes = [models.Index(fields=["aanslag", "component"])]

    def __str__(self):
        return f"{self.aanslag} {self.get_soort_display()} {self.bedrag}"


class Toestemming(models.Model):
    """A consent a resident gave (and may withdraw): automatic remission test, details to debt help."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.CASCADE,
        related_name="toestemmingen",
        verbose_name=_("belastingplichtige"),
    )
    soort = models.CharField(_("soort"), max_length=40, choices=ToestemmingSoort.choices)
    gegeven_op = models.DateTimeField(_("gegeven op"))
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op"]
        constraints = [
            # At most one consent of a kind is in force at a time.
            models.UniqueConstraint(
                fields=["belastingplichtige", "soort"],
                condition=Q(ingetrokken_op__isnull=True),
                name="toestemming_een_actief",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.belastingplichtige})"
