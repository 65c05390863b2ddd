"""The collection chain as data: the policy with its pilot variants, the dated cost table, the stored
step facts (the timeline) and each aanslag's position in the chain. See docs/keten.md."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constants import BEDRAG, NUL, GeenEscalatieReden, KostenStap, StapSoort
from .contact import Taak
from .kern import Aanslag, Belastingplichtige

PERCENTAGE = {"max_digits": 5, "decimal_places": 2}


def _dagen(label, standaard, help_text, **kwargs):
    return models.PositiveSmallIntegerField(label, default=standaard, help_text=help_text, **kwargs)


class Invorderingsbeleid(models.Model):
    """The municipality's collection policy from a date: every knob of the chain as data.

    A row without ``basis`` is the policy for everyone from ``geldig_vanaf`` (the latest such row on or
    before the run date applies). A row with ``basis`` is a pilot *variant* of that policy: it applies
    to residents in its postcode areas and/or a deterministic random share of residents
    (``invordering.keten.beleid``), for the proefprojecten of seed 004.
    """

    naam = models.CharField(_("naam"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    actief = models.BooleanField(_("actief"), default=True)
    basis = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="varianten",
        verbose_name=_("variant van"),
        help_text=_(
            "Leeg: dit is het beleid voor iedereen. Gevuld: een proef voor een deel van de inwoners."
        ),
    )
    pilot_postcodes = models.CharField(
        _("postcodegebieden (proef)"),
        max_length=500,
        blank=True,
        help_text=_("Postcodecijfers of reeksen, gescheiden door komma's: '6811, 6812, 6900-6999'."),
    )
    pilot_aandeel = models.DecimalField(
        _("aandeel inwoners in procent (proef)"),
        **PERCENTAGE,
        null=True,
        blank=True,
        help_text=_("Een vast, willekeurig deel van de inwoners, bijvoorbeeld 10,00."),
    )
    pilot_zaad = models.CharField(
        _("loting"),
        max_length=40,
        blank=True,
        help_text=_("Bepaalt wie in het willekeurige deel valt; gelijk houden, dan blijft de groep gelijk."),
    )

    # Free reminders.
    herinnering_halverwege = models.BooleanField(_("herinnering halverwege de betaaltermijn"), default=True)
    herinnering_dagen_voor_einde = models.PositiveSmallIntegerField(
        _("herinnering dagen voor het einde"),
        null=True,
        blank=True,
        default=7,
        help_text=_("Leeg: geen herinnering vlak voor het einde van de termijn."),
    )
    herinnering_dagen_na_vervaldatum = models.PositiveSmallIntegerField(
        _("herinnering dagen na de vervaldatum"),
        null=True,
        blank=True,
        default=3,
        help_text=_("Leeg: geen kosteloze herinnering na de vervaldatum."),
    )
    # Aanmaning.
    dagen_tot_aanmaning = _dagen(
        _("aanmaning dagen na de vervaldatum"), 21, _("Na de kosteloze herinnering, dus meer dagen dan die.")
    )
    aanmaning_betaaltermijn = _dagen(_("betaaltermijn aanmaning (dagen)"), 14, "")
    voorbellen_aanmaning = models.BooleanField(_("bellen voor de aanmaning"), default=False)
    voorbellen_aanmaning_vanaf = models.DecimalField(
        _("bellen voor de aanmaning vanaf bedrag"), **BEDRAG, null=True, blank=True
    )
    voorbellen_aanmaning_tot = models.DecimalField(
        _("bellen voor de aanmaning tot bedrag"), **BEDRAG, null=True, blank=True
    )
    voorbellen_aanmaning_klantgroepen = models.JSONField(
        _("bellen voor de aanmaning: klantgroepen"),
        default=list,
        blank=True,
        help_text=_("Lijst van klantgroepen; leeg: alle klantgroepen."),
    )
    # Before the dwangbevel.
    vooraankondiging = models.BooleanField(_("vooraankondiging sturen"), default=True)
    dagen_tot_vooraankondiging = _dagen(_("vooraankondiging dagen na de aanmaning"), 21, "")
    voorbellen_dwangbevel = models.BooleanField(_("bellen voor het dwangbevel"), default=True)
    voorbellen_dwangbevel_klantgroepen = models.JSONField(
        _("bellen voor het dwangbevel: klantgroepen"),
        default=list,
        blank=True,
        help_text=_("Lijst van klantgroepen; leeg: alle klantgroepen."),
    )
    belpogingen = _dagen(
        _("belpogingen"), 3, _("Zoveel keer niet bereikt: dan een huisbezoek (of de volgende stap).")
    )
    huisbezoek = models.BooleanField(_("huisbezoek na de belpogingen"), default=True)
    taak_termijn = _dagen(_("termijn van een taak (dagen)"), 10, "")
    taak_vervalt = models.BooleanField(
        _("taak vervalt na de termijn"),
        default=True,
        help_text=_(
            "Aan: een bel- of bezoektaak die na de termijn niet is opgepakt, vervalt en de keten gaat door. "
            "Uit: de keten wacht tot de taak is afgerond."
        ),
    )
    dagen_na_contact = _dagen(
        _("wachttijd na 'wil wel' (dagen)"), 14, _("Tijd om een betalingsregeling te treffen.")
    )
    dagen_tot_dwangbevel = _dagen(
        _("dwangbevel dagen na de aanmaning"),
        35,
        _("Nooit minder dan 14 (de betaaltermijn van de aanmaning)."),
    )
    dwangbevel_betaaltermijn = _dagen(_("betaaltermijn dwangbevel (dagen)"), 2, "")
    dagen_tot_hernieuwd_bevel = _dagen(_("hernieuwd bevel dagen na het dwangbevel"), 60, "")
    dagen_tot_deurwaarder = _dagen(_("deurwaarder dagen na het hernieuwd bevel"), 30, "")
    dagen_na_pauze = _dagen(
        _("wachttijd na een pauze (dagen)"),
        14,
        _("Na het einde van een pauze volgt de volgende stap niet eerder dan na zoveel dagen."),
    )
    # Customer group 1 (seed 004): proactive contact right after the aanslag instead of reminders.
    proactief_meerjarig = models.BooleanField(_("proactief contact bij meerjarige achterstand"), default=True)
    proactief_dagen = _dagen(_("proactief contact dagen na de dagtekening"), 7, "")
    # Costs.
    kosten_aanmaning = models.BooleanField(_("kosten aanmaning rekenen"), default=True)
    kosten_dwangbevel = models.BooleanField(_("kosten dwangbevel rekenen"), default=True)
    kosten_hernieuwd_bevel = models.BooleanField(_("kosten hernieuwd bevel rekenen"), default=True)
    kosten_maximum_procent = models.DecimalField(
        _("kosten ten hoogste (procent van de oorspronkelijke schuld)"),
        **PERCENTAGE,
        null=True,
        blank=True,
        help_text=_("Leeg: geen plafond. Bijvoorbeeld 50,00: nooit meer kosten dan de helft van de aanslag."),
    )
    kleine_schuld_grens = models.DecimalField(
        _("kleine schuld: grens"),
        **BEDRAG,
        default=NUL,
        help_text=_("Staat er minder open dan dit bedrag, dan geen dwangbevel maar een beltaak. 0: uit."),
    )
    bvv_minimale_capaciteit = models.DecimalField(
        _("geen dwang onder aflossingscapaciteit (per maand)"),
        **BEDRAG,
        default=NUL,
        help_text=_("Bij een bekend inkomen en een lagere aflossingscapaciteit: sociaal spoor, geen dwang."),
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True, help_text=_("Besluit of beleidsstuk."))

    class Meta:
        verbose_name = _("invorderingsbeleid")
        verbose_name_plural = _("invorderingsbeleid")
        ordering = ["-geldig_vanaf", "basis_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dagen_tot_dwangbevel__gte=14), name="beleid_dwangbevel_na_14_dagen"
            ),
            models.CheckConstraint(
                condition=Q(pilot_aandeel__isnull=True) | Q(pilot_aandeel__gte=0, pilot_aandeel__lte=100),
                name="beleid_aandeel_procent",
            ),
            models.CheckConstraint(
                condition=Q(kosten_maximum_procent__isnull=True) | Q(kosten_maximum_procent__gte=0),
                name="beleid_kostenplafond_positief",
            ),
            models.UniqueConstraint(fields=["naam", "geldig_vanaf"], name="beleid_naam_datum_uniek"),
        ]

    def __str__(self):
        soort = _("proef") if self.basis_id else _("beleid")
        return f"{self.naam} ({soort} vanaf {self.geldig_vanaf:%d-%m-%Y})"

    def clean(self):
        fouten = {}
        if self.dagen_tot_dwangbevel is not None and self.dagen_tot_dwangbevel < 14:
            fouten["dagen_tot_dwangbevel"] = _(
                "Het dwangbevel komt nooit eerder dan 14 dagen na de aanmaning."
            )
        if self.vooraankondiging and (self.dagen_tot_vooraankondiging or 0) >= (
            self.dagen_tot_dwangbevel or 0
        ):
            fouten["dagen_tot_vooraankondiging"] = _("De vooraankondiging moet voor het dwangbevel komen.")
        na = self.herinnering_dagen_na_vervaldatum
        if na is not None and self.dagen_tot_aanmaning is not None and na >= self.dagen_tot_aanmaning:
            fouten["dagen_tot_aanmaning"] = _("De aanmaning moet na de kosteloze herinnering komen.")
        if self.basis_id and not (self.pilot_postcodes or self.pilot_aandeel):
            fouten["pilot_postcodes"] = _("Een proef heeft postcodegebieden of een aandeel inwoners nodig.")
        if self.basis_id and self.basis and self.basis.basis_id:
            fouten["basis"] = _(
                "Een proef is een variant van het beleid voor iedereen, niet van een andere proef."
            )
        if self.pilot_postcodes:
            from ..keten.beleid import postcodegebieden  # local: the parser lives with the selection rule

            try:
                postcodegebieden(self.pilot_postcodes)
            except ValueError as exc:
                fouten["pilot_postcodes"] = str(exc)
        if fouten:
            raise ValidationError(fouten)


class Kostentarief(models.Model):
    """Statutory costs of one step from a date (Kostenwet invordering rijksbelastingen, via Gemeentewet
    art. 231). Amount = ``basis``; from ``drempel`` on: plus ``verhoging`` once, or, with a
    ``stapgrootte``, plus ``verhoging`` per whole ``stapgrootte`` above ``drempel``; at most ``maximum``.
    The reading of the step rule differs between municipalities (DOMEIN.md), hence separate fields."""

    stap = models.CharField(_("stap"), max_length=20, choices=KostenStap.choices)
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    basis = models.DecimalField(_("basisbedrag"), **BEDRAG)
    drempel = models.DecimalField(
        _("drempel"), **BEDRAG, null=True, blank=True, help_text=_("Vanaf dit bedrag van de vordering.")
    )
    stapgrootte = models.DecimalField(
        _("per (stap)"),
        **BEDRAG,
        null=True,
        blank=True,
        help_text=_(
            "Leeg: de verhoging geldt één keer vanaf de drempel. Gevuld: per hele stap boven de drempel."
        ),
    )
    verhoging = models.DecimalField(_("verhoging"), **BEDRAG, default=NUL)
    maximum = models.DecimalField(_("maximum"), **BEDRAG, null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kostentarief")
        verbose_name_plural = _("kostentarieven")
        ordering = ["stap", "-geldig_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["stap", "geldig_vanaf"], name="kostentarief_uniek"),
            models.CheckConstraint(
                condition=Q(basis__gte=0) & Q(verhoging__gte=0), name="kostentarief_positief"
            ),
            models.CheckConstraint(
                condition=Q(stapgrootte__isnull=True) | Q(stapgrootte__gt=0),
                name="kostentarief_stap_positief",
            ),
            models.CheckConstraint(
                condition=Q(stapgrootte__isnull=True) | Q(drempel__isnull=False),
                name="kostentarief_stap_met_drempel",
            ),
        ]

    def __str__(self):
        return f"{self.get_stap_display()} vanaf {self.geldig_vanaf:%d-%m-%Y}: {self.basis}"


class Ketenstap(models.Model):
    """A stored fact of the chain: a reminder, a letter with costs, a task opened, a handover, or a
    decision *not* to escalate (``soort=geen_escalatie`` with ``reden`` and the step held back).

    ``sleutel`` is unique: the same step for the same aanslag can never be stored twice, whatever
    the run does (rerun, overlap, crash). Facts are never changed; the timeline is these rows in order.
    """

    # Unique by a constraint, not unique=True: that would add a varchar_pattern_ops twin of the index
    # on PostgreSQL for LIKE queries no one runs. The foreign keys are indexed by the composite
    # indexes below (their first column); every fact the run stores pays for each index.
    sleutel = models.CharField(_("sleutel"), max_length=150)
    aanslag = models.ForeignKey(
        Aanslag,
        on_delete=models.PROTECT,
        related_name="ketenstappen",
        verbose_name=_("aanslag"),
        db_index=False,
    )
    belastingplichtige = models.ForeignKey(
        Belastingplichtige,
        on_delete=models.PROTECT,
        related_name="ketenstappen",
        verbose_name=_("belastingplichtige"),
        db_index=False,
    )
    soort = models.CharField(_("soort"), max_length=30, choices=StapSoort.choices)
    datum = models.DateField(_("datum"))
    kosten = models.DecimalField(
        _("kosten"), **BEDRAG, default=NUL, help_text=_("In rekening gebracht (na beleid en plafond).")
    )
    kosten_tarief = models.DecimalField(
        _("wettelijke kosten"),
        **BEDRAG,
        default=NUL,
        help_text=_("Volgens het kostentarief, vóór beleid en plafond."),
    )
    beleid = models.ForeignKey(
        Invorderingsbeleid,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ketenstappen",
        verbose_name=_("beleid"),
    )
    beleid_naam = models.CharField(_("naam beleid"), max_length=100, blank=True)
    regel = models.CharField(
        _("regel"), max_length=200, help_text=_("De regel van het beleid die de stap gaf.")
    )
    reden = models.CharField(
        _("reden niet escaleren"), max_length=30, choices=GeenEscalatieReden.choices, blank=True
    )
    tegengehouden = models.CharField(
        _("tegengehouden stap"), max_length=30, choices=StapSoort.choices, blank=True
    )
    sjabloon = models.CharField(_("briefsjabloon"), max_length=60, blank=True)
    brief = models.ForeignKey(
        "communicatie.Brief",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brief"),
    )
    taak = models.ForeignKey(
        Taak,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ketenstappen",
        verbose_name=_("taak"),
    )
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ketenstap")
        verbose_name_plural = _("ketenstappen")
        ordering = ["datum", "id"]
        indexes = [
            models.Index(fields=["aanslag", "datum"]),
            models.Index(fields=["belastingplichtige", "datum"]),
            models.Index(fields=["datum", "soort"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sleutel"], name="ketenstap_sleutel_uniek"),
            models.CheckConstraint(condition=Q(kosten__gte=0), name="ketenstap_kosten_positief"),
            models.CheckConstraint(
                condition=~Q(soort=StapSoort.GEEN_ESCALATIE) | (~Q(reden="") & ~Q(tegengehouden="")),
                name="ketenstap_besluit_met_reden",
            ),
        ]

    def __str__(self):
        return f"{self.aanslag_id} {self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Ketenstand(models.Model):
    """Where one aanslag is in the chain: the last step and the dates later steps count from.

    Derived from the Ketenstap facts and kept with them in the same transaction, so the daily run
    reads one row per aanslag instead of aggregating the timeline.
    """

    aanslag = models.OneToOneField(
        Aanslag,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ketenstand",
        verbose_name=_("aanslag"),
    )
    fase = models.CharField(_("fase"), max_length=30, choices=StapSoort.choices, blank=True)
    fase_datum = models.DateField(_("fase sinds"), null=True, blank=True)
    herinnering_op = models.DateField(_("herinnering na vervaldatum op"), null=True, blank=True)
    aanmaning_op = models.DateField(_("aanmaning op"), null=True, blank=True)
    vooraankondiging_op = models.DateField(_("vooraankondiging op"), null=True, blank=True)
    dwangbevel_op = models.DateField(_("dwangbevel op"), null=True, blank=True)
    hernieuwd_bevel_op = models.DateField(_("hernieuwd bevel op"), null=True, blank=True)
    kosten_totaal = models.DecimalField(_("kosten tot nu toe"), **BEDRAG, default=NUL)
    gepauzeerd = models.BooleanField(_("gepauzeerd"), default=False)
    wacht_tot = models.DateField(
        _("wacht tot"),
        null=True,
        blank=True,
        help_text=_("Geen volgende stap voor deze dag (na een pauze of na contact)."),
    )
    bijgewerkt_op = models.DateField(_("bijgewerkt op"))

    class Meta:
        verbose_name = _("ketenstand")
        verbose_name_plural = _("ketenstanden")

    def __str__(self):
        return f"{self.aanslag_id}: {self.get_fase_display() or '-'}"
