"""Admin: functioneel beheer edits the policy table; requests, decisions and re-tests are read here and
changed only through the services (the officers' dashboard is another issue)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Besluit,
    Document,
    Documentinzage,
    Gebeurtenis,
    Hertoets,
    Inkomen,
    Kwijtscheldingsbeleid,
    Kwijtscheldingsverzoek,
)


class AlleenLezenMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kwijtscheldingsbeleid)
class KwijtscheldingsbeleidAdmin(admin.ModelAdmin):
    list_display = (
        "geldig_vanaf",
        "kosten_van_bestaan_percentage",
        "betalingscapaciteit_percentage",
        "auto_grens",
        "automatisch_toewijzen",
    )
    fieldsets = (
        (None, {"fields": ("geldig_vanaf", "bron")}),
        (
            _("Berekening"),
            {
                "fields": (
                    "kosten_van_bestaan_percentage",
                    "betalingscapaciteit_percentage",
                    "auto_grens",
                    "vermogen_verhoging",
                    "normpremie_alleenstaande",
                    "normpremie_echtgenoten",
                    "maximale_woonlasten",
                    "eigen_bijdrage_woonlasten",
                    "kinderopvang_meetellen",
                    "ondernemer_prive",
                )
            },
        ),
        (
            _("Werkwijze en termijnen"),
            {
                "fields": (
                    "automatisch_toewijzen",
                    "beroeptermijn_dagen",
                    "wachttermijn_na_afwijzing_dagen",
                    "termijn_aanvullen_dagen",
                    "beslistermijn_weken",
                    "afspraak_termijn_dagen",
                    "hertoets_geldigheid_maanden",
                )
            },
        ),
    )


class InkomenInline(AlleenLezenMixin, admin.TabularInline):
    model = Inkomen
    extra = 0
    fields = ("persoon", "soort", "bedrag", "toelichting")
    readonly_fields = fields


class DocumentInline(AlleenLezenMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields = ("soort", "naam", "content_type", "grootte", "geupload_op")
    readonly_fields = fields


class GebeurtenisInline(AlleenLezenMixin, admin.TabularInline):
    model = Gebeurtenis
    extra = 0
    fields = ("datum", "van_status", "naar_status", "door", "toelichting")
    readonly_fields = fields


@admin.register(Kwijtscheldingsverzoek)
class KwijtscheldingsverzoekAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("id", "belastingplichtige", "ingediend_op", "bron", "leefsituatie", "status")
    list_filter = ("status", "bron", "leefsituatie")
    search_fields = ("=belastingplichtige__bsn", "belastingplichtige__achternaam")
    list_select_related = ("belastingplichtige",)
    raw_id_fields = ("belastingplichtige", "aanslagen", "zakelijke_regels")
    inlines = [InkomenInline, DocumentInline, GebeurtenisInline]


@admin.register(Besluit)
class BesluitAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = (
        "verzoek",
        "datum",
        "uitkomst",
        "kwijtgescholden",
        "te_betalen",
        "bezwaar_tot",
        "automatisch",
    )
    list_filter = ("uitkomst", "automatisch")
    list_select_related = ("verzoek__belastingplichtige",)


@admin.register(Hertoets)
class HertoetsAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = (
        "belastingplichtige",
        "belastingjaar",
        "status",
        "geexporteerd_op",
        "ontvangen_op",
        "verwerkt_op",
    )
    list_filter = ("belastingjaar", "status")
    search_fields = ("=belastingplichtige__bsn",)
    list_select_related = ("belastingplichtige",)


@admin.register(Documentinzage)
class DocumentinzageAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("tijdstip", "document", "gebruiker", "belastingplichtige")
    list_select_related = ("document", "gebruiker", "belastingplichtige")
