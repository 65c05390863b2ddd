"""Admin: functioneel beheer edits the signal policy and its criteria; signals, exports, feedback,
referrals and bailiff handovers are read here and changed only through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Deurwaarderoverdracht,
    Deurwaarderterugmelding,
    Overdrachtregel,
    Signaal,
    Signaalbeleid,
    Signaalcriterium,
    Signaalexport,
    Terugkoppeling,
    Verwijzing,
)


class AlleenLezenMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignaalcriteriumInline(admin.TabularInline):
    model = Signaalcriterium
    extra = 0
    fields = ("criterium", "actief", "drempel_bedrag", "aantal", "dagen")


@admin.register(Signaalbeleid)
class SignaalbeleidAdmin(admin.ModelAdmin):
    list_display = (
        "geldig_vanaf",
        "periode_maanden",
        "wachttijd_dagen",
        "adempauze_maanden",
        "schuldhulp_maanden",
    )
    inlines = [SignaalcriteriumInline]
    fieldsets = (
        (None, {"fields": ("geldig_vanaf", "bron")}),
        (_("Grondslag"), {"fields": ("grondslag",)}),
        (_("Voorwaarden"), {"fields": ("periode_maanden", "wachttijd_dagen", "min_contactpogingen")}),
        (_("Pauzes"), {"fields": ("verwijzing_pauze_dagen", "adempauze_maanden", "schuldhulp_maanden")}),
    )


class TerugkoppelingInline(admin.TabularInline):
    model = Terugkoppeling
    extra = 0
    can_delete = False
    fields = ("uitkomst", "datum", "bron", "bestand", "regel", "behandeld_op")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signaal)
class SignaalAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "datum",
        "belastingplichtige",
        "criterium",
        "status",
        "grondslag",
        "warme_overdracht",
    )
    list_filter = ("status", "criterium", "grondslag", "warme_overdracht")
    search_fields = ("belastingplichtige__bsn", "belastingplichtige__achternaam")
    raw_id_fields = ("belastingplichtige", "toestemming", "export", "beleid")
    date_hierarchy = "datum"
    inlines = [TerugkoppelingInline]


@admin.register(Signaalexport)
class SignaalexportAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("datum", "bestandsnaam", "formaat", "aantal", "door", "aangemaakt_op")


@admin.register(Terugkoppeling)
class TerugkoppelingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("signaal", "uitkomst", "datum", "bron", "behandeld_op")
    list_filter = ("uitkomst", "bron")
    raw_id_fields = ("signaal",)


@admin.register(Verwijzing)
class VerwijzingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("datum", "belastingplichtige", "bron", "door")
    raw_id_fields = ("belastingplichtige", "signaal", "toestemming")
    search_fields = ("belastingplichtige__bsn", "belastingplichtige__achternaam")


class OverdrachtregelInline(admin.TabularInline):
    model = Overdrachtregel
    extra = 0
    can_delete = False
    fields = ("aanslag", "belastingplichtige", "advies", "afgesloten_op")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deurwaarderoverdracht)
class DeurwaarderoverdrachtAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("datum", "deurwaarder", "bestandsnaam", "aantal")
    inlines = [OverdrachtregelInline]


@admin.register(Overdrachtregel)
class OverdrachtregelAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("aanslag", "belastingplichtige", "advies", "afgesloten_op")
    list_filter = ("advies",)
    raw_id_fields = ("overdracht", "aanslag", "belastingplichtige")


@admin.register(Deurwaarderterugmelding)
class DeurwaarderterugmeldingAdmin(AlleenLezenMixin, admin.ModelAdmin):
    list_display = ("regel", "uitkomst", "datum", "bedrag")
    list_filter = ("uitkomst",)
    raw_id_fields = ("regel",)
