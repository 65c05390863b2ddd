from django.contrib import admin

from .models import Dossieractie, Dossierinzage, Oninbaarvoorstel


class AlleenLezen(admin.ModelAdmin):
    """Audit records are never edited or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossierinzage)
class DossierinzageAdmin(AlleenLezen):
    list_display = ("tijdstip", "gebruiker", "bsn", "herkomst", "herkomst_detail")
    list_filter = ("herkomst",)
    search_fields = ("bsn", "gebruiker__username")
    date_hierarchy = "tijdstip"
    list_select_related = ("gebruiker",)


@admin.register(Dossieractie)
class DossieractieAdmin(AlleenLezen):
    list_display = ("tijdstip", "gebruiker", "belastingplichtige", "soort", "omschrijving")
    list_filter = ("soort",)
    search_fields = ("belastingplichtige__bsn", "gebruiker__username")
    list_select_related = ("gebruiker", "belastingplichtige")
    raw_id_fields = ("belastingplichtige",)


@admin.register(Oninbaarvoorstel)
class OninbaarvoorstelAdmin(AlleenLezen):
    list_display = ("belastingplichtige", "status", "voorgesteld_door", "voorgesteld_op", "beoordeeld_door")
    list_filter = ("status",)
    list_select_related = ("belastingplichtige", "voorgesteld_door", "beoordeeld_door")
    raw_id_fields = ("belastingplichtige", "aanslagen", "taak")
