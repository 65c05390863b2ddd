from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Aanslag,
    AanslagRegel,
    AowLeeftijd,
    Bankafschrift,
    Bankmutatie,
    Belastingplichtige,
    Belastingsoort,
    Betaling,
    Betalingsregeling,
    Bijstandsnorm,
    Boeking,
    BvvMaximum,
    BvvRekenregel,
    Contact,
    Gegevenswijziging,
    Incassobatch,
    Incassopost,
    Inkomensgegeven,
    Machtiging,
    Pauze,
    Regelingbeleid,
    RegelingGebeurtenis,
    RegelingTermijn,
    Taak,
    Termijn,
    Terugbetaling,
    Toestemming,
    VastgesteldeBvv,
)


class AlleenLezenAdmin(admin.ModelAdmin):
    """Rows written by services only (ledger, plans, collections, statements, histories): the admin
    shows them and never edits or deletes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenLezenInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InkomenInline(admin.TabularInline):
    model = Inkomensgegeven
    extra = 0
    fields = ("netto_maandinkomen", "bron", "peildatum", "toelichting")


class ToestemmingInline(AlleenLezenInline):
    model = Toestemming
    fields = ("soort", "gegeven_op", "ingetrokken_op", "bron")


@admin.register(Belastingplichtige)
class BelastingplichtigeAdmin(admin.ModelAdmin):
    list_display = ("bsn", "naam", "postcode", "huisnummer", "woonplaats", "leefsituatie", "klantgroep")
    list_filter = ("leefsituatie", "klantgroep", "taal", "kanaal")
    search_fields = ("=bsn", "achternaam", "=postcode", "email")
    readonly_fields = ("klantgroep", "klantgroep_bepaald_op", "aangemaakt_op", "gewijzigd_op")
    inlines = [InkomenInline, ToestemmingInline]
    fieldsets = (
        (
            None,
            {"fields": ("bsn", "voorletters", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum")},
        ),
        (
            _("Adres en contact"),
            {
                "fields": (
                    "straat",
                    "huisnummer",
                    "huisnummer_toevoeging",
                    "postcode",
                    "woonplaats",
                    "telefoon",
                    "email",
                    "taal",
                    "kanaal",
                    "iban",
                )
            },
        ),
        (
            _("Huishouden"),
            {"fields": ("leefsituatie", "partner_naam", "aantal_kinderen", "woonkosten", "is_ondernemer")},
        ),
        (_("Berekend"), {"fields": ("klantgroep", "klantgroep_bepaald_op", "aangemaakt_op", "gewijzigd_op")}),
    )


@admin.register(Belastingsoort)
class BelastingsoortAdmin(admin.ModelAdmin):
    list_display = ("code", "naam", "kwijtscheldbaar")
    list_editable = ("kwijtscheldbaar",)


class RegelInline(AlleenLezenInline):
    model = AanslagRegel
    fields = ("volgnummer", "belastingsoort", "omschrijving", "bedrag")


class TermijnInline(AlleenLezenInline):
    model = Termijn
    fields = ("volgnummer", "vervaldatum", "bedrag")


class BoekingInline(AlleenLezenInline):
    model = Boeking
    fields = ("datum", "component", "soort", "bedrag", "betaling", "omschrijving")


@admin.register(Aanslag)
class AanslagAdmin(admin.ModelAdmin):
    list_display = (
        "aanslagnummer",
        "belastingplichtige",
        "belastingjaar",
        "vervaldatum",
        "bedrag_belasting",
        "openstaand",
        "status",
    )
    list_filter = ("status", "belastingjaar")
    search_fields = ("=aanslagnummer", "=betalingskenmerk", "=belastingplichtige__bsn")
    list_select_related = ("belastingplichtige",)
    raw_id_fields = ("belastingplichtige",)
    readonly_fields = (
        "bedrag_belasting",
        "open_belasting",
        "open_kosten",
        "open_rente",
        "openstaand",
        "status",
        "afgehandeld_op",
        "aangemaakt_op",
    )
    inlines = [RegelInline, TermijnInline, BoekingInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Betaling)
class BetalingAdmin(admin.ModelAdmin):
    list_display = (
        "datum",
        "bedrag",
        "bron",
        "betalingskenmerk",
        "tegenrekening_naam",
        "belastingplichtige",
        "status",
    )
    list_filter = ("status", "bron")
    search_fields = ("=referentie", "=betalingskenmerk", "omschrijving", "tegenrekening_naam")
    raw_id_fields = ("belastingplichtige", "teruggeboekt_van")
    list_select_related = ("belastingplichtige",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Boeking)
class BoekingAdmin(AlleenLezenAdmin):
    list_display = ("datum", "aanslag", "component", "soort", "bedrag")
    list_filter = ("component", "soort")
    search_fields = ("=aanslag__aanslagnummer",)
    list_select_related = ("aanslag",)


@admin.register(Pauze)
class PauzeAdmin(admin.ModelAdmin):
    list_display = ("belastingplichtige", "reden", "start", "geplande_einde", "beeindigd_op", "bron")
    list_filter = ("reden",)
    raw_id_fields = ("belastingplichtige", "aanslagen")
    list_select_related = ("belastingplichtige",)


@admin.register(Taak)
class TaakAdmin(admin.ModelAdmin):
    list_display = ("soort", "belastingplichtige", "status", "deadline", "toegewezen_aan", "uitkomst")
    list_filter = ("soort", "status", "uitkomst")
    raw_id_fields = ("belastingplichtige", "aanslag")
    list_select_related = ("belastingplichtige", "toegewezen_aan")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("tijdstip", "belastingplichtige", "kanaal", "richting", "uitkomst", "medewerker")
    list_filter = ("kanaal", "uitkomst")
    raw_id_fields = ("belastingplichtige", "taak")
    list_select_related = ("belastingplichtige", "medewerker")


@admin.register(Gegevenswijziging)
class GegevenswijzigingAdmin(AlleenLezenAdmin):
    """The history of contact details with old and new values: read only, for functioneel beheer."""

    list_display = ("tijdstip", "belastingplichtige", "bron", "door", "__str__")
    list_filter = ("bron",)
    search_fields = ("belastingplichtige__bsn",)
    date_hierarchy = "tijdstip"
    raw_id_fields = ("belastingplichtige",)
    list_select_related = ("belastingplichtige", "door")


@admin.register(Bijstandsnorm)
class BijstandsnormAdmin(admin.ModelAdmin):
    list_display = ("geldig_vanaf", "leefsituatie", "aow", "bedrag", "bron")
    list_filter = ("leefsituatie", "aow")


# --- Paying (issue 4) -----------------------------------------------------------------------------
# Legal tables and policy: functioneel beheer adds the 1 January and 1 July rows here.
@admin.register(BvvMaximum)
class BvvMaximumAdmin(admin.ModelAdmin):
    list_display = ("geldig_vanaf", "leefsituatie", "bedrag", "bron")
    list_filter = ("leefsituatie",)


@admin.register(BvvRekenregel)
class BvvRekenregelAdmin(admin.ModelAdmin):
    list_display = (
        "geldig_vanaf",
        "percentage_norm",
        "percentage_inkomen",
        "woonkosten_drempel",
        "woonkosten_maximum",
        "zorgpremie_drempel",
        "percentage_kindgebonden_budget",
    )


@admin.register(AowLeeftijd)
class AowLeeftijdAdmin(admin.ModelAdmin):
    list_display = ("jaar", "jaren", "maanden", "bron")


@admin.register(Regelingbeleid)
class RegelingbeleidAdmin(admin.ModelAdmin):
    list_display = (
        "geldig_vanaf",
        "max_termijnen",
        "standaard_termijnen",
        "min_termijnbedrag",
        "gratie_dagen",
        "bel_dagen",
        "max_overslaan",
    )


@admin.register(VastgesteldeBvv)
class VastgesteldeBvvAdmin(admin.ModelAdmin):
    list_display = ("belastingplichtige", "bedrag", "bron", "vastgesteld_op", "geldig_tot", "vastgelegd_door")
    list_filter = ("bron",)
    raw_id_fields = ("belastingplichtige",)
    readonly_fields = ("vastgelegd_door", "vastgelegd_op")
    list_select_related = ("belastingplichtige", "vastgelegd_door")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.vastgelegd_door = request.user
        super().save_model(request, obj, form, change)


class RegelingTermijnInline(AlleenLezenInline):
    model = RegelingTermijn
    fields = ("volgnummer", "vervaldatum", "bedrag", "status", "herinnerd_op", "beltaak")


class RegelingGebeurtenisInline(AlleenLezenInline):
    model = RegelingGebeurtenis
    fields = ("datum", "soort", "toelichting", "door")


@admin.register(Betalingsregeling)
class BetalingsregelingAdmin(AlleenLezenAdmin):
    list_display = (
        "id",
        "belastingplichtige",
        "status",
        "startdatum",
        "totaal",
        "termijnbedrag",
        "betalingskenmerk",
        "machtiging",
    )
    list_filter = ("status", "bron")
    search_fields = ("=betalingskenmerk", "=belastingplichtige__bsn")
    list_select_related = ("belastingplichtige", "machtiging")
    inlines = [RegelingTermijnInline, RegelingGebeurtenisInline]


@admin.register(Machtiging)
class MachtigingAdmin(AlleenLezenAdmin):
    list_display = ("mandaat_id", "belastingplichtige", "iban", "ondertekend_op", "status", "beeindigd_op")
    list_filter = ("status",)
    search_fields = ("=mandaat_id", "=iban", "=belastingplichtige__bsn")
    list_select_related = ("belastingplichtige",)


class IncassopostInline(AlleenLezenInline):
    model = Incassopost
    fields = ("end_to_end_id", "machtiging", "bedrag", "sequentie", "status", "retourcode")


@admin.register(Incassobatch)
class IncassobatchAdmin(AlleenLezenAdmin):
    list_display = ("bericht_id", "incassodatum", "aantal", "totaal", "aangemaakt_op")
    inlines = [IncassopostInline]


@admin.register(Bankafschrift)
class BankafschriftAdmin(AlleenLezenAdmin):
    list_display = ("rekening", "afschrift_id", "volgnummer", "bestand", "ingelezen_op")


@admin.register(Bankmutatie)
class BankmutatieAdmin(AlleenLezenAdmin):
    list_display = ("boekdatum", "bedrag", "tegenrekening_naam", "status", "reden", "suggestie")
    list_filter = ("status",)
    search_fields = ("=referentie", "=end_to_end_id", "omschrijving", "tegenrekening_naam", "=tegenrekening")
    list_select_related = ("suggestie",)


@admin.register(Terugbetaling)
class TerugbetalingAdmin(AlleenLezenAdmin):
    list_display = ("belastingplichtige", "bedrag", "iban", "status", "voorgesteld_op", "afgehandeld_op")
    list_filter = ("status",)
    list_select_related = ("belastingplichtige",)


from . import admin_keten  # noqa: E402,F401 - the chain's admin (invordering/admin_keten.py)
