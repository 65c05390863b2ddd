from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Aanslag,
    AanslagRegel,
    Belastingplichtige,
    Belastingsoort,
    Betaling,
    Bijstandsnorm,
    Boeking,
    Contact,
    Inkomensgegeven,
    Pauze,
    Taak,
    Termijn,
    Toestemming,
)


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
class BoekingAdmin(admin.ModelAdmin):
    list_display = ("datum", "aanslag", "component", "soort", "bedrag")
    list_filter = ("component", "soort")
    search_fields = ("=aanslag__aanslagnummer",)
    list_select_related = ("aanslag",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Bijstandsnorm)
class BijstandsnormAdmin(admin.ModelAdmin):
    list_display = ("geldig_vanaf", "leefsituatie", "aow", "bedrag", "bron")
    list_filter = ("leefsituatie", "aow")
