from django.contrib import admin

from invordering.admin import AlleenLezenAdmin

from .models import Dossieractie, Dossierinzage, Oninbaarvoorstel


@admin.register(Dossierinzage)
class DossierinzageAdmin(AlleenLezenAdmin):
    list_display = ("tijdstip", "gebruiker", "bsn", "herkomst", "herkomst_detail")
    list_filter = ("herkomst",)
    search_fields = ("bsn", "gebruiker__username")
    date_hierarchy = "tijdstip"
    list_select_related = ("gebruiker",)


@admin.register(Dossieractie)
class DossieractieAdmin(AlleenLezenAdmin):
    list_display = ("tijdstip", "gebruiker", "belastingplichtige", "soort", "omschrijving")
    list_filter = ("soort",)
    search_fields = ("belastingplichtige__bsn", "gebruiker__username")
    list_select_related = ("gebruiker", "belastingplichtige")
    raw_id_fields = ("belastingplichtige",)


@admin.register(Oninbaarvoorstel)
class OninbaarvoorstelAdmin(AlleenLezenAdmin):
    list_display = ("belastingplichtige", "status", "voorgesteld_door", "voorgesteld_op", "beoordeeld_door")
    list_filter = ("status",)
    list_select_related = ("belastingplichtige", "voorgesteld_door", "beoordeeld_door")
    raw_id_fields = ("belastingplichtige", "aanslagen", "taak")
