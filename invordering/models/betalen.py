"""Paying: payment plans and their policy, SEPA mandates and collections, bank statements, refunds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import (
    BEDRAG,
    BankmutatieStatus,
    Bron,
    IncassopostStatus,
    MachtigingStatus,
    RegelingGebeurtenisSoort,
    RegelingStatus,
    RegelingTermijnStatus,
    Sequentietype,
    TerugbetalingStatus,
)
from ..validators import valideer_betalingskenmerk, valideer_iban
from .contact import Pauze, Taak
from .kern import Aanslag, Belastingplichtige, Betaling, Termijn


class Regelingbeleid(models.Model):
    """The municipality's policy for payment plans from a date (municipal policy; DOMEIN.md "Periods")."""

    geldig_vanaf = models.DateField(_("geldig vanaf"), unique=True)
    max_termijnen = models.PositiveSmallIntegerField(
        _("maximaal aantal termijnen"), help_text=_("Langer kan alleen met een vastgelegde reden.")
    )
    standaard_termijnen = models.PositiveSmallIntegerField(
        _("standaard aantal termijnen"),
        help_text=_(
            "Wat we voorstellen als het bedrag past; korter als het maandbedrag anders te laag wordt."
        ),
    )
    min_termijnbedrag = models.DecimalField(
        _("laagste termijnbedrag"), **BEDRAG, help_text=_("Lager kan alleen met een vastgelegde reden.")
    )
    eerste_termijn_na_dagen = models.PositiveSmallIntegerField(
        _("eerste termijn na (dagen)"), help_text=_("Zoveel dagen na het treffen van de regeling.")
    )
    herinnering_na_dagen = models.PositiveSmallIntegerField(
        _("gemist na (dagen)"),
        help_text=_("Een termijn telt als gemist zoveel dagen na de vervaldatum (tijd voor de bank)."),
    )
    gratie_dagen = models.PositiveSmallIntegerField(
        _("gratieperiode (dagen)"),
        help_text=_("Na de kosteloze herinnering wachten we zoveel dagen; daarna volgt een beltaak."),
    )
    bel_dagen = models.PositiveSmallIntegerField(
        _("beltermijn (dagen)"),
        help_text=_("Is de termijn zoveel dagen na de beltaak nog niet betaald, dan vervalt de regeling."),
    )
    max_overslaan = models.PositiveSmallIntegerField(
        _("termijnen overslaan"), help_text=_("Hoe vaak een inwoner een termijn mag overslaan.")
    )
    max_pauze_maanden = models.PositiveSmallIntegerField(
        _("pauze (maanden)"), help_text=_("Hoeveel maanden een regeling in totaal mag pauzeren.")
    )
    bron = models.CharField(_("bron"), max_length=300, help_text=_("Het besluit of beleidsstuk."))

    class Meta:
        verbose_name = _("beleid betalingsregelingen")
        verbose_name_plural = _("beleid betalingsregelingen")
        ordering = ["-geldig_vanaf"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_termijnen__gte=1) & Q(standaard_termijnen__gte=1),
                name="regelingbeleid_termijnen",
            ),
            models.CheckConstraint(
                condition=Q(standaard_termijnen__lte=models.F("max_termijnen")),
                name="regelingbeleid_standaard_binnen_max",
            ),
            models.CheckConstraint(condition=Q(min_termijnbedrag__gt=0), name="regelingbeleid_min_bedrag"),
        ]

    def __str__(self):
        return f"Beleid betalingsregelingen vanaf {self.geldig_vanaf:%d-%m-%Y}"


class Machtiging(models.Model):
    """A SEPA direct-debit mandate (EPC SDD Core) a resident signed for their municipal taxes."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        related_name="machtigingen",
        verbose_name=_("belastingplichtige"),
    )
    mandaat_id = models.CharField(
        _("machtigingskenmerk"),
        max_length=35,
        unique=True,
        help_text=_("Uniek kenmerk van de machtiging (SEPA: hoogstens 35 tekens)."),
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[valideer_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    naam_rekeninghouder = models.CharField(_("naam rekeninghouder"), max_length=70)
    ondertekend_op = models.DateField(
        _("ondertekend op"),
        help_text=_("Termijnen die voor deze datum vervielen, worden niet automatisch afgeschreven."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MachtigingStatus.choices, default=MachtigingStatus.ACTIEF
    )
    beeindigd_op = models.DateField(_("beëindigd op"), null=True, blank=True)
    reden_beeindiging = models.CharField(_("reden van beëindigen"), max_length=200, blank=True)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("vastgelegd door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("machtiging")
        verbose_name_plural = _("machtigingen")
        ordering = ["-ondertekend_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["belastingplichtige"],
                condition=Q(status=MachtigingStatus.ACTIEF),
                name="machtiging_een_actief",
            ),
        ]

    def __str__(self):
        return f"{self.mandaat_id} ({self.get_status_display()})"


class Betalingsregeling(models.Model):
    """A payment plan over one or more open aanslagen of one resident; it pauses the chain on them."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        related_name="regelingen",
        verbose_name=_("belastingplichtige"),
    )
    aanslagen = models.ManyToManyField(Aanslag, related_name="regelingen", verbose_name=_("aanslagen"))
    status = models.CharField(
        _("status"), max_length=20, choices=RegelingStatus.choices, default=RegelingStatus.ACTIEF
    )
    betalingskenmerk = models.CharField(
        _("betalingskenmerk"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[valideer_betalingskenmerk],
        help_text=_("Eigen kenmerk van de regeling; een betaling met dit kenmerk gaat naar haar aanslagen."),
    )
    startdatum = models.DateField(_("startdatum"))
    totaal = models.DecimalField(
        _("totaal bij de start"), **BEDRAG, help_text=_("Wat er bij de start openstond op de aanslagen.")
    )
    termijnbedrag = models.DecimalField(_("termijnbedrag"), **BEDRAG)
    capaciteit = models.DecimalField(
        _("aflossingscapaciteit"),
        **BEDRAG,
        null=True,
        blank=True,
        help_text=_("Netto inkomen min beslagvrije voet bij het treffen; leeg als het inkomen onbekend was."),
    )
    bvv = models.DecimalField(_("beslagvrije voet"), **BEDRAG, null=True, blank=True)
    afwijking_reden = models.TextField(
        _("reden van afwijken"),
        blank=True,
        help_text=_("Verplicht als de regeling buiten het beleid of boven de aflossingscapaciteit valt."),
    )
    machtiging = models.ForeignKey(
        Machtiging,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelingen",
        verbose_name=_("machtiging"),
        help_text=_("Met een machtiging worden de termijnen automatisch afgeschreven."),
    )
    pauze = models.OneToOneField(
        Pauze,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regeling",
        verbose_name=_("pauze"),
    )
    overgeslagen = models.PositiveSmallIntegerField(_("termijnen overgeslagen"), default=0)
    gepauzeerde_maanden = models.PositiveSmallIntegerField(_("maanden gepauzeerd"), default=0)
    versie = models.PositiveSmallIntegerField(
        _("versie van het schema"), default=1, help_text=_("Telt op bij elke wijziging van het schema.")
    )
    beeindigd_op = models.DateField(_("beëindigd op"), null=True, blank=True)
    besluit = models.TextField(
        _("besluit"), blank=True, help_text=_("Waarom de regeling verviel of werd beëindigd, met de regel.")
    )
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("aangemaakt door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["belastingplichtige"],
                condition=Q(status=RegelingStatus.ACTIEF),
                name="regeling_een_actief",
            ),
            models.CheckConstraint(condition=Q(totaal__gt=0), name="regeling_totaal_positief"),
        ]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self):
        return f"Betalingsregeling {self.pk} ({self.get_status_display()})"


class RegelingTermijn(models.Model):
    """One installment of a payment plan. Paid or not follows from the open balance of the plan's aanslagen."""

    regeling = models.ForeignKey(
        Betalingsregeling, on_delete=models.CASCADE, related_name="termijnen", verbose_name=_("regeling")
    )
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    vervaldatum = models.DateField(_("vervaldatum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegelingTermijnStatus.choices,
        default=RegelingTermijnStatus.ACTIEF,
    )
    herinnerd_op = models.DateField(_("herinnering verstuurd op"), null=True, blank=True)
    beltaak = models.ForeignKey(
        Taak,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beltaak"),
    )

    class Meta:
        verbose_name = _("termijn van een regeling")
        verbose_name_plural = _("termijnen van regelingen")
        ordering = ["regeling", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["regeling", "volgnummer"], name="regelingtermijn_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="regelingtermijn_bedrag_positief"),
        ]
        indexes = [models.Index(fields=["status", "vervaldatum"])]

    def __str__(self):
        return f"Regeling {self.regeling_id} termijn {self.volgnummer}"


class RegelingGebeurtenis(models.Model):
    """A fact on a plan's timeline: made, changed, skipped, reminded, called, lapsed, finished."""

    regeling = models.ForeignKey(
        Betalingsregeling, on_delete=models.CASCADE, related_name="gebeurtenissen", verbose_name=_("regeling")
    )
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=20, choices=RegelingGebeurtenisSoort.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("door"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis bij een regeling")
        verbose_name_plural = _("gebeurtenissen bij regelingen")
        ordering = ["datum", "id"]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.get_soort_display()}"


class Incassobatch(models.Model):
    """One pain.008 file: the collections of one collection date."""

    incassodatum = models.DateField(_("incassodatum"), db_index=True)
    bericht_id = models.CharField(_("berichtkenmerk"), max_length=35, unique=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"))
    aantal = models.PositiveIntegerField(_("aantal posten"), default=0)
    totaal = models.DecimalField(_("totaal"), **BEDRAG, default=0)

    class Meta:
        verbose_name = _("incassobatch")
        verbose_name_plural = _("incassobatches")
        ordering = ["-incassodatum", "-id"]

    def __str__(self):
        return self.bericht_id


class Incassopost(models.Model):
    """One collection in a batch: an installment of an aanslag or of a payment plan."""

    batch = models.ForeignKey(
        Incassobatch, on_delete=models.PROTECT, related_name="posten", verbose_name=_("batch")
    )
    machtiging = models.ForeignKey(
        Machtiging, on_delete=models.PROTECT, related_name="posten", verbose_name=_("machtiging")
    )
    termijn = models.OneToOneField(
        Termijn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incassopost",
        verbose_name=_("termijn van de aanslag"),
    )
    regelingtermijn = models.OneToOneField(
        RegelingTermijn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incassopost",
        verbose_name=_("termijn van de regeling"),
    )
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    sequentie = models.CharField(_("sequentietype"), max_length=4, choices=Sequentietype.choices)
    end_to_end_id = models.CharField(
        _("end-to-end-kenmerk"),
        max_length=35,
        unique=True,
        help_text=_("Komt terug op het bankafschrift; zo koppelen we bijschrijving en storno."),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=140)
    status = models.CharField(
        _("status"), max_length=20, choices=IncassopostStatus.choices, default=IncassopostStatus.AANGEBODEN
    )
    betaling = models.ForeignKey(
        Betaling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betaling"),
    )
    retourcode = models.CharField(
        _("retourcode"), max_length=4, blank=True, help_text=_("De reden van de storno (ISO 20022).")
    )
    teruggeboekt_op = models.DateField(_("teruggeboekt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("incassopost")
        verbose_name_plural = _("incassoposten")
        ordering = ["batch", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(termijn__isnull=True, regelingtermijn__isnull=False)
                | Q(termijn__isnull=False, regelingtermijn__isnull=True),
                name="incassopost_een_termijn",
            ),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="incassopost_bedrag_positief"),
        ]

    def __str__(self):
        return self.end_to_end_id


class Bankafschrift(models.Model):
    """One statement (camt.053 ``Stmt``) as read; its entries are Bankmutatie rows."""

    rekening = models.CharField(_("rekening"), max_length=34)
    afschrift_id = models.CharField(_("afschriftkenmerk"), max_length=35)
    volgnummer = models.CharField(_("volgnummer"), max_length=20, blank=True)
    bericht_id = models.CharField(_("berichtkenmerk"), max_length=35, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt door de bank op"), null=True, blank=True)
    bestand = models.CharField(_("bestand"), max_length=255, blank=True)
    ingelezen_op = models.DateTimeField(_("ingelezen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")
        ordering = ["-ingelezen_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rekening", "afschrift_id"], name="bankafschrift_uniek"),
        ]

    def __str__(self):
        return f"{self.rekening} {self.afschrift_id}"


class Bankmutatie(models.Model):
    """One transaction on a bank statement; what could not be matched is the officers' worklist."""

    afschrift = models.ForeignKey(
        Bankafschrift, on_delete=models.PROTECT, related_name="mutaties", verbose_name=_("afschrift")
    )
    referentie = models.CharField(
        _("referentie"),
        max_length=100,
        help_text=_(
            "Rekening, afschrift en positie (of de bankreferentie): hetzelfde afschrift boekt nooit twee keer."
        ),
    )
    positie = models.CharField(_("positie"), max_length=20, help_text=_("Boeking en transactie: 3.2"))
    boekdatum = models.DateField(_("boekdatum"))
    valutadatum = models.DateField(_("valutadatum"), null=True, blank=True)
    bedrag = models.DecimalField(
        _("bedrag"), **BEDRAG, help_text=_("Positief: bijgeschreven; negatief: afgeschreven.")
    )
    valuta = models.CharField(_("valuta"), max_length=3, default="EUR")
    storno = models.BooleanField(_("terugdraaiing"), default=False, help_text=_("RvslInd op het afschrift."))
    retourcode = models.CharField(_("retourcode"), max_length=4, blank=True)
    tegenrekening = models.CharField(_("tegenrekening"), max_length=34, blank=True)
    tegenrekening_naam = models.CharField(_("naam tegenrekening"), max_length=140, blank=True)
    kenmerk = models.CharField(_("gestructureerd kenmerk"), max_length=35, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    end_to_end_id = models.CharField(_("end-to-end-kenmerk"), max_length=35, blank=True)
    mandaat_id = models.CharField(_("machtigingskenmerk"), max_length=35, blank=True)
    transactiecode = models.CharField(_("transactiecode"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BankmutatieStatus.choices)
    reden = models.CharField(
        _("reden"),
        max_length=200,
        blank=True,
        help_text=_("Waarom de mutatie niet automatisch is gekoppeld."),
    )
    betaling = models.OneToOneField(
        Betaling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bankmutatie",
        verbose_name=_("betaling"),
        help_text=_("De ontvangst, of bij een storno de terugboeking."),
    )
    suggestie = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("mogelijk van"),
        help_text=_("Inwoner met dezelfde tegenrekening; alleen een hint voor de medewerker."),
    )
    behandeld_op = models.DateField(_("behandeld op"), null=True, blank=True)
    behandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("bankmutatie")
        verbose_name_plural = _("bankmutaties")
        ordering = ["boekdatum", "id"]
        # Unique as a constraint, not unique=True, which adds a LIKE index nothing reads (100,000 inserts).
        constraints = [models.UniqueConstraint(fields=["referentie"], name="bankmutatie_referentie_uniek")]
        # Partial indexes: the worklist is the few unmatched ones; reversals look up the few entries
        # that carry an end-to-end id. Every index costs time on each of 100,000 inserts.
        indexes = [
            models.Index(
                fields=["boekdatum"],
                condition=Q(status=BankmutatieStatus.ONGEMATCHT),
                name="bankmutatie_werkbak",
            ),
            models.Index(fields=["end_to_end_id"], condition=~Q(end_to_end_id=""), name="bankmutatie_e2e"),
        ]

    def __str__(self):
        return f"{self.boekdatum:%d-%m-%Y} {self.bedrag} {self.tegenrekening_naam}"


class Terugbetaling(models.Model):
    """A refund of a resident's credit (overpayment): proposed, approved, paid out."""

    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        related_name="terugbetalingen",
        verbose_name=_("belastingplichtige"),
    )
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[valideer_iban])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TerugbetalingStatus.choices,
        default=TerugbetalingStatus.VOORGESTELD,
    )
    voorgesteld_op = models.DateField(_("voorgesteld op"))
    afgehandeld_op = models.DateField(_("afgehandeld op"), null=True, blank=True)
    referentie = models.CharField(_("referentie van de uitbetaling"), max_length=100, blank=True)
    taak = models.ForeignKey(
        Taak, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("taak")
    )
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    class Meta:
        verbose_name = _("terugbetaling")
        verbose_name_plural = _("terugbetalingen")
        ordering = ["-voorgesteld_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["belastingplichtige"],
                condition=Q(status=TerugbetalingStatus.VOORGESTELD),
                name="terugbetaling_een_voorstel",
            ),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="terugbetaling_bedrag_positief"),
        ]

    def __str__(self):
        return f"Terugbetaling {self.bedrag} ({self.get_status_display()})"
