"""Admin for the collection chain: functioneel beheer edits the policy (with pilot variants) and the
cost table; the facts, positions and job progress are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin import AlleenLezenAdmin
from .models import Invorderingsbeleid, Ketenstand, Ketenstap, Kostentarief, Verwerking


class VariantInline(admin.StackedInline):
    model = Invorderingsbeleid
    fk_name = "basis"
    extra = 0
    verbose_name = _("proef (variant)")
    verbose_name_plural = _("proeven (varianten)")


@admin.register(Invorderingsbeleid)
class InvorderingsbeleidAdmin(admin.ModelAdmin):
    list_display = ("naam", "geldig_vanaf", "basis", "pilot_postcodes", "pilot_aandeel", "actief")
    list_filter = ("actief",)
    search_fields = ("naam",)
    fieldsets = (
        (None, {"fields": ("naam", "omschrijving", "geldig_vanaf", "actief", "bron")}),
        (_("Proef"), {"fields": ("basis", "pilot_postcodes", "pilot_aandeel", "pilot_zaad")}),
        (
            _("Kosteloze herinneringen"),
            {
                "fields": (
                    "herinnering_halverwege",
                    "herinnering_dagen_voor_einde",
                    "herinnering_dagen_na_vervaldatum",
                )
            },
        ),
        (
            _("Aanmaning"),
            {
                "fields": (
                    "dagen_tot_aanmaning",
                    "aanmaning_betaaltermijn",
                    "voorbellen_aanmaning",
                    "voorbellen_aanmaning_vanaf",
                    "voorbellen_aanmaning_tot",
                    "voorbellen_aanmaning_klantgroepen",
                )
            },
        ),
        (
            _("Dwangbevel en daarna"),
            {
                "fields": (
                    "vooraankondiging",
                    "dagen_tot_vooraankondiging",
                    "voorbellen_dwangbevel",
                    "voorbellen_dwangbevel_klantgroepen",
                    "dagen_tot_dwangbevel",
                    "dwangbevel_betaaltermijn",
                    "dagen_tot_hernieuwd_bevel",
                    "dagen_tot_deurwaarder",
                )
            },
        ),
        (
            _("Contact en taken"),
            {
                "fields": (
                    "belpogingen",
                    "huisbezoek",
                    "taak_termijn",
                    "taak_vervalt",
                    "dagen_na_contact",
                    "dagen_na_pauze",
                    "proactief_meerjarig",
                    "proactief_dagen",
                )
            },
        ),
        (
            _("Kosten en grenzen"),
            {
                "fields": (
                    "kosten_aanmaning",
                    "kosten_dwangbevel",
                    "kosten_hernieuwd_bevel",
                    "kosten_maximum_procent",
                    "kleine_schuld_grens",
                    "bvv_minimale_capaciteit",
                )
            },
        ),
    )


@admin.register(Kostentarief)
class KostentariefAdmin(admin.ModelAdmin):
    list_display = ("stap", "geldig_vanaf", "basis", "drempel", "stapgrootte", "verhoging", "maximum")
    list_filter = ("stap",)


@admin.register(Ketenstap)
class KetenstapAdmin(AlleenLezenAdmin):
    list_display = ("datum", "aanslag", "soort", "kosten", "reden", "tegengehouden", "beleid_naam")
    list_filter = ("soort", "reden", "datum")
    search_fields = ("aanslag__aanslagnummer", "belastingplichtige__bsn", "sleutel")
    raw_id_fields = ("aanslag", "belastingplichtige", "brief", "taak", "beleid")
    date_hierarchy = "datum"


@admin.register(Ketenstand)
class KetenstandAdmin(AlleenLezenAdmin):
    list_display = ("aanslag", "fase", "fase_datum", "kosten_totaal", "gepauzeerd", "wacht_tot")
    list_filter = ("fase", "gepauzeerd")
    raw_id_fields = ("aanslag",)


@admin.register(Verwerking)
class VerwerkingAdmin(AlleenLezenAdmin):
    list_display = ("soort", "datum", "status", "gedaan", "totaal", "gestart_op", "klaar_op")
    list_filter = ("soort", "status")
