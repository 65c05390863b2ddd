"""Remission requests with their household facts, decisions, events, documents, policy and re-tests."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communicatie.opslag import prive_opslag
from invordering.constants import BEDRAG, NUL, Leefsituatie

from .constants import (
    AFGESLOTEN,
    Documentsoort,
    HertoetsStatus,
    Inkomstensoort,
    Persoon,
    Uitkomst,
    VerzoekBron,
    VerzoekStatus,
)

PERCENTAGE = {"max_digits": 5, "decimal_places": 2}
NIET_NEGATIEF = [MinValueValidator(0)]


def _private_storage():
    """The one lazy private storage (``communicatie.opslag``); the name stays because migration 0001 uses it."""
    return prive_opslag


class Kwijtscheldingsbeleid(models.Model):
    """The municipality's remission choices and the legal figures they rest on, dated.

    A row applies from ``geldig_vanaf`` until the next row. Bounds come from the Regeling kwijtschelding
    belastingen medeoverheden (art. 2: 90-100% of the norm; art. 4: asset allowance up to EUR 2,000) and
    the Uitvoeringsregeling Invorderingswet 1990 (art. 11: at least 80% of the capacity).
    """

    geldig_vanaf = models.DateField(_("geldig vanaf"), unique=True)
    kosten_van_bestaan_percentage = models.DecimalField(
        _("kosten van bestaan (% van de bijstandsnorm)"),
        **PERCENTAGE,
        validators=[MinValueValidator(90), MaxValueValidator(100)],
        help_text=_(
            "Wettelijk 90%; de gemeente mag tot 100% gaan (Regeling kwijtschelding medeoverheden, art. 2)."
        ),
    )
    betalingscapaciteit_percentage = models.DecimalField(
        _("deel van de betalingscapaciteit dat wordt gebruikt (%)"),
        **PERCENTAGE,
        validators=[MinValueValidator(80), MaxValueValidator(100)],
        help_text=_("Ten minste 80% (Uitvoeringsregeling Invorderingswet 1990, art. 11)."),
    )
    auto_grens = models.DecimalField(
        _("waardegrens auto"),
        **BEDRAG,
        help_text=_(
            "Een auto die meer waard is telt helemaal mee als vermogen, tenzij hij onmisbaar is "
            "(Leidraad Invordering 2008, 26.2.3)."
        ),
    )
    vermogen_verhoging = models.DecimalField(
        _("extra vrijstelling banktegoed voor echtgenoten"),
        **BEDRAG,
        default=NUL,
        validators=[MinValueValidator(0), MaxValueValidator(2000)],
        help_text=_(
            "Keuze van de gemeente, hoogstens EUR 2.000; alleenstaanden krijgen 75%, alleenstaande ouders 90% "
            "(Regeling kwijtschelding belastingen medeoverheden, art. 4)."
        ),
    )
    normpremie_alleenstaande = models.DecimalField(
        _("normpremie zorgverzekering alleenstaande (ouder) per maand"),
        **BEDRAG,
        help_text=_(
            "Het deel van de premie dat al in de bijstandsnorm zit (Leidraad Invordering 2008, 26.2.19)."
        ),
    )
    normpremie_echtgenoten = models.DecimalField(
        _("normpremie zorgverzekering echtgenoten per maand"), **BEDRAG
    )
    maximale_woonlasten = models.DecimalField(
        _("maximale woonlasten per maand"),
        **BEDRAG,
        help_text=_(
            "De maximale huurgrens van de Wet op de huurtoeslag, art. 13 lid 1 a (Uitvoeringsregeling art. 15)."
        ),
    )
    eigen_bijdrage_woonlasten = models.DecimalField(
        _("eigen bijdrage woonlasten per maand"),
        **BEDRAG,
        help_text=_(
            "De normhuur van de Wet op de huurtoeslag, art. 17 lid 2: dit deel betaalt iedereen zelf."
        ),
    )
    kinderopvang_meetellen = models.BooleanField(
        _("kosten kinderopvang meetellen"),
        default=True,
        help_text=_("Keuze van de gemeenteraad (Uitvoeringsregeling Invorderingswet 1990, art. 28 lid 3)."),
    )
    ondernemer_prive = models.BooleanField(
        _("kwijtschelding voor het privédeel van ondernemers"),
        default=True,
        help_text=_("Keuze van de gemeenteraad (Uitvoeringsregeling Invorderingswet 1990, art. 28 lid 1 b)."),
    )
    automatisch_toewijzen = models.BooleanField(
        _("volledige toewijzing automatisch"),
        default=False,
        help_text=_(
            "Ja: een verzoek dat volgens de berekening helemaal wordt toegewezen, wordt zonder medewerker "
            "toegewezen. Afwijzen doet altijd een medewerker."
        ),
    )
    beroeptermijn_dagen = models.PositiveSmallIntegerField(
        _("termijn administratief beroep (dagen)"),
        default=10,
        help_text=_(
            "Tien dagen na de dagtekening (Uitvoeringsregeling Invorderingswet 1990, art. 24 en 28)."
        ),
    )
    wachttermijn_na_afwijzing_dagen = models.PositiveSmallIntegerField(
        _("wachttijd na (gedeeltelijke) afwijzing (dagen)"),
        default=14,
        help_text=_(
            "Zo lang blijft de invordering nog stil na een afwijzing (Leidraad Invordering, 26.4.6)."
        ),
    )
    termijn_aanvullen_dagen = models.PositiveSmallIntegerField(
        _("termijn om gegevens aan te vullen (dagen)"),
        default=14,
        help_text=_("Tijd om ontbrekende gegevens te sturen (Leidraad Invordering, 26.1.3: twee weken)."),
    )
    beslistermijn_weken = models.PositiveSmallIntegerField(
        _("beslistermijn (weken)"),
        default=8,
        help_text=_(
            "Uiterlijk dan beslist een medewerker op een verzoek (Awb art. 4:13: redelijke termijn, acht weken)."
        ),
    )
    afspraak_termijn_dagen = models.PositiveSmallIntegerField(
        _("termijn om te bellen over hulp bij de aanvraag (dagen)"),
        default=5,
        help_text=_("Binnen zoveel dagen neemt een medewerker contact op om een afspraak te maken."),
    )
    hertoets_geldigheid_maanden = models.PositiveSmallIntegerField(
        _("hertoets: kwijtschelding niet ouder dan (maanden)"),
        default=24,
        help_text=_(
            "Wie binnen deze periode kwijtschelding kreeg en toestemming gaf, wordt elk jaar opnieuw getoetst."
        ),
    )
    bron = models.TextField(_("bron"), blank=True)

    class Meta:
        verbose_name = _("kwijtscheldingsbeleid")
        verbose_name_plural = _("kwijtscheldingsbeleid")
        ordering = ["-geldig_vanaf"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kosten_van_bestaan_percentage__gte=90, kosten_van_bestaan_percentage__lte=100),
                name="beleid_kvb_90_100",
            ),
            models.CheckConstraint(
                condition=Q(betalingscapaciteit_percentage__gte=80, betalingscapaciteit_percentage__lte=100),
                name="beleid_capaciteit_80_100",
            ),
            models.CheckConstraint(
                condition=Q(vermogen_verhoging__gte=0, vermogen_verhoging__lte=2000),
                name="beleid_verhoging_0_2000",
            ),
        ]

    def __str__(self):
        return f"Kwijtscheldingsbeleid vanaf {self.geldig_vanaf:%d-%m-%Y}"


class VerzoekQuerySet(models.QuerySet):
    def lopend(self):
        return self.exclude(status__in=AFGESLOTEN)


class Kwijtscheldingsverzoek(models.Model):
    """A request to remit one or more aanslagen, with the household facts the calculation needs."""

    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.PROTECT,
        related_name="kwijtscheldingsverzoeken",
        verbose_name=_("belastingplichtige"),
    )
    aanslagen = models.ManyToManyField(
        "invordering.Aanslag", related_name="kwijtscheldingsverzoeken", verbose_name=_("aanslagen")
    )
    zakelijke_regels = models.ManyToManyField(
        "invordering.AanslagRegel",
        blank=True,
        related_name="+",
        verbose_name=_("zakelijke aanslagregels"),
        help_text=_(
            "Alleen bij ondernemers: regels die met het bedrijf te maken hebben. Die tellen niet mee."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=VerzoekStatus.choices,
        default=VerzoekStatus.INGEDIEND,
        db_index=True,
    )
    ingediend_op = models.DateField(_("ingediend op"))
    bron = models.CharField(_("ingediend via"), max_length=20, choices=VerzoekBron.choices)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door medewerker"),
        help_text=_(
            "Ingevuld als een medewerker het verzoek namens de inwoner indiende, bijvoorbeeld aan de balie."
        ),
    )
    # Household
    leefsituatie = models.CharField(_("leefsituatie"), max_length=30, choices=Leefsituatie.choices)
    partner_naam = models.CharField(_("naam partner"), max_length=200, blank=True)
    aantal_kinderen = models.PositiveSmallIntegerField(
        _("aantal thuiswonende kinderen"), default=0, help_text=_("Kinderen onder de 18 die thuis wonen.")
    )
    aow_aanvrager = models.BooleanField(_("aanvrager heeft de AOW-leeftijd"), default=False)
    aow_partner = models.BooleanField(_("partner heeft de AOW-leeftijd"), default=False)
    ondernemer = models.BooleanField(
        _("ondernemer"),
        default=False,
        help_text=_(
            "Voor ondernemers geldt kwijtschelding alleen voor belastingen die niet bij het bedrijf horen."
        ),
    )
    # Monthly costs and allowances
    woonlasten = models.DecimalField(
        _("huur of hypotheekrente per maand"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_("Zonder servicekosten."),
    )
    huurtoeslag = models.DecimalField(
        _("huurtoeslag per maand"), **BEDRAG, default=NUL, validators=NIET_NEGATIEF
    )
    zorgpremie = models.DecimalField(
        _("premie zorgverzekering per maand"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_("Van het hele huishouden, voor zover niet al van het loon afgehouden."),
    )
    zorgtoeslag = models.DecimalField(
        _("zorgtoeslag per maand"), **BEDRAG, default=NUL, validators=NIET_NEGATIEF
    )
    alimentatie_betaald = models.DecimalField(
        _("betaalde alimentatie per maand"), **BEDRAG, default=NUL, validators=NIET_NEGATIEF
    )
    kinderopvang_netto = models.DecimalField(
        _("kosten kinderopvang per maand"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_("Wat u zelf betaalt, na aftrek van kinderopvangtoeslag."),
    )
    # Assets
    banktegoed = models.DecimalField(
        _("saldo bank- en spaarrekeningen"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_("Alle rekeningen van u en uw partner samen, op de dag van het verzoek."),
    )
    auto_waarde = models.DecimalField(
        _("waarde auto"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_("Wat een autobedrijf ervoor zou betalen. 0 als u geen auto heeft."),
    )
    auto_onmisbaar = models.BooleanField(
        _("auto onmisbaar"),
        default=False,
        help_text=_(
            "Nodig voor het werk of door een handicap of ziekte (Leidraad Invordering 2008, 26.2.3)."
        ),
    )
    overig_vermogen = models.DecimalField(
        _("ander vermogen"),
        **BEDRAG,
        default=NUL,
        validators=NIET_NEGATIEF,
        help_text=_(
            "Bijvoorbeeld overwaarde van een huis, een boot of beleggingen, min schulden met voorrang."
        ),
    )
    toestemming_automatische_toets = models.BooleanField(
        _("toestemming voor de jaarlijkse automatische toets"), default=False
    )
    ontbrekend = models.TextField(
        _("ontbrekende gegevens"), blank=True, help_text=_("Wat de inwoner nog moet sturen (laatste vraag).")
    )
    aanvullen_voor = models.DateField(_("aanvullen vóór"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = VerzoekQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwijtscheldingsverzoek")
        verbose_name_plural = _("kwijtscheldingsverzoeken")
        ordering = ["-ingediend_op", "-id"]
        permissions = [("beoordeel_kwijtscheldingsverzoek", _("Kan kwijtscheldingsverzoeken beoordelen"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    woonlasten__gte=0,
                    huurtoeslag__gte=0,
                    zorgpremie__gte=0,
                    zorgtoeslag__gte=0,
                    alimentatie_betaald__gte=0,
                    kinderopvang_netto__gte=0,
                    banktegoed__gte=0,
                    auto_waarde__gte=0,
                    overig_vermogen__gte=0,
                ),
                name="verzoek_bedragen_niet_negatief",
            ),
        ]
        indexes = [models.Index(fields=["belastingplichtige", "status"])]

    def __str__(self):
        return f"Kwijtscheldingsverzoek {self.pk} ({self.belastingplichtige})"

    @property
    def bron_sleutel(self) -> str:
        """The pause source that ties a pause in invordering to this request."""
        return f"kwijtschelding:{self.pk}"

    @property
    def aow(self) -> bool:
        """The AOW norm applies when the applicant or the partner has reached the AOW age."""
        return self.aow_aanvrager or self.aow_partner


class Inkomen(models.Model):
    """One net monthly income of the applicant or the partner, by source."""

    verzoek = models.ForeignKey(
        Kwijtscheldingsverzoek, on_delete=models.CASCADE, related_name="inkomsten", verbose_name=_("verzoek")
    )
    persoon = models.CharField(
        _("van wie"), max_length=10, choices=Persoon.choices, default=Persoon.AANVRAGER
    )
    soort = models.CharField(_("soort inkomen"), max_length=30, choices=Inkomstensoort.choices)
    bedrag = models.DecimalField(
        _("netto per maand"),
        **BEDRAG,
        help_text=_("Inclusief vakantiegeld per maand (1/12 van het jaarbedrag)."),
    )
    toelichting = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inkomen")
        verbose_name_plural = _("inkomsten")
        ordering = ["verzoek", "persoon", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="inkomen_bedrag_niet_negatief")
        ]

    def __str__(self):
        return f"{self.get_persoon_display()}: {self.get_soort_display()} {self.bedrag}"


def _document_pad(instance, filename):
    # A random name: the original file name (often a BSN or a name) never becomes a path.
    extensie = PurePath(filename).suffix.lower()
    return f"kwijtschelding/{instance.verzoek_id}/{uuid.uuid4().hex}{extensie}"


class Document(models.Model):
    """A proof uploaded with a request, kept in private storage outside the web root."""

    verzoek = models.ForeignKey(
        Kwijtscheldingsverzoek, on_delete=models.PROTECT, related_name="documenten", verbose_name=_("verzoek")
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Documentsoort.choices)
    bestand = models.FileField(
        _("bestand"), storage=_private_storage, upload_to=_document_pad, max_length=200
    )
    naam = models.CharField(_("oorspronkelijke naam"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50, help_text=_("Vastgesteld uit de inhoud."))
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    geupload_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geüpload door medewerker"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["verzoek", "geupload_op", "id"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.naam}"


class Documentinzage(models.Model):
    """Who opened a document, and when: every view of a resident's papers by staff is logged."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="inzages", verbose_name=_("document")
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inwoner"),
    )
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("documentinzage")
        verbose_name_plural = _("documentinzages")
        ordering = ["-tijdstip"]

    def __str__(self):
        return f"{self.document} op {self.tijdstip:%d-%m-%Y %H:%M}"


class Besluit(models.Model):
    """The decision (beschikking) on a request, with the full breakdown that led to it."""

    verzoek = models.OneToOneField(
        Kwijtscheldingsverzoek, on_delete=models.PROTECT, related_name="besluit", verbose_name=_("verzoek")
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices)
    datum = models.DateField(_("datum"), help_text=_("De dagtekening van de beschikking."))
    kwijtgescholden = models.DecimalField(_("kwijtgescholden"), **BEDRAG)
    te_betalen = models.DecimalField(_("nog te betalen"), **BEDRAG)
    bezwaar_tot = models.DateField(
        _("beroep mogelijk tot en met"),
        help_text=_(
            "Laatste dag voor administratief beroep bij het college (Uitvoeringsregeling IW 1990, art. 24)."
        ),
    )
    berekening = models.JSONField(_("berekening"), encoder=DjangoJSONEncoder)
    automatisch = models.BooleanField(_("automatisch genomen"), default=False)
    genomen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genomen door"),
    )
    afwijzingsgrond = models.TextField(
        _("afwijzingsgrond"),
        blank=True,
        help_text=_("Een grond buiten de berekening, bijvoorbeeld uit artikel 8 van de Uitvoeringsregeling."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-datum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kwijtgescholden__gte=0, te_betalen__gte=0), name="besluit_bedragen_niet_negatief"
            ),
        ]

    def __str__(self):
        return f"{self.get_uitkomst_display()} ({self.datum:%d-%m-%Y})"


class Gebeurtenis(models.Model):
    """One status change of a request: who, when, from, to and why."""

    verzoek = models.ForeignKey(
        Kwijtscheldingsverzoek,
        on_delete=models.CASCADE,
        related_name="gebeurtenissen",
        verbose_name=_("verzoek"),
    )
    datum = models.DateField(_("datum"))
    van_status = models.CharField(_("van"), max_length=30, choices=VerzoekStatus.choices, blank=True)
    naar_status = models.CharField(_("naar"), max_length=30, choices=VerzoekStatus.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
        help_text=_("Leeg: de inwoner of het systeem."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    tijdstip = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["verzoek", "id"]

    def __str__(self):
        return f"{self.van_status or '-'} -> {self.naar_status} ({self.datum:%d-%m-%Y})"


class Hertoets(models.Model):
    """One resident in one year's automatic re-test: offered, answered, and what came of it."""

    belastingplichtige = models.ForeignKey(
        "invordering.Belastingplichtige",
        on_delete=models.PROTECT,
        related_name="kwijtschelding_hertoetsen",
        verbose_name=_("belastingplichtige"),
    )
    belastingjaar = models.PositiveSmallIntegerField(_("belastingjaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=HertoetsStatus.choices, default=HertoetsStatus.GEEXPORTEERD
    )
    peildatum = models.DateField(
        _("peildatum"), help_text=_("31 december van het jaar ervoor, zoals het Inlichtingenbureau.")
    )
    basis_verzoek = models.ForeignKey(
        Kwijtscheldingsverzoek,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("eerder verzoek"),
        help_text=_(
            "Het verzoek met kwijtschelding waarvan het huishouden en de vaste lasten worden overgenomen."
        ),
    )
    geexporteerd_op = models.DateField(_("aangeboden op"))
    netto_inkomen_aanvrager = models.DecimalField(
        _("netto inkomen aanvrager"), **BEDRAG, null=True, blank=True
    )
    netto_inkomen_partner = models.DecimalField(_("netto inkomen partner"), **BEDRAG, null=True, blank=True)
    banktegoed = models.DecimalField(_("banktegoed"), **BEDRAG, null=True, blank=True)
    auto_waarde = models.DecimalField(_("waarde auto"), **BEDRAG, null=True, blank=True)
    ontvangen_op = models.DateField(_("uitslag ontvangen op"), null=True, blank=True)
    verwerkt_op = models.DateField(_("verwerkt op"), null=True, blank=True)
    verzoek = models.ForeignKey(
        Kwijtscheldingsverzoek,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nieuw verzoek"),
    )
    resultaat = models.JSONField(_("berekening"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("hertoets")
        verbose_name_plural = _("hertoetsen")
        ordering = ["-belastingjaar", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["belastingplichtige", "belastingjaar"], name="hertoets_een_per_jaar"
            ),
        ]
        indexes = [models.Index(fields=["belastingjaar", "status"])]

    def __str__(self):
        return f"Hertoets {self.belastingjaar} ({self.belastingplichtige})"
