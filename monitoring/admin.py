from django.contrib import admin

from .models import Rapportsnapshot


@admin.register(Rapportsnapshot)
class RapportsnapshotAdmin(admin.ModelAdmin):
    list_display = ("van", "tot", "dimensie", "gemaakt_op")
    list_filter = ("dimensie",)
    readonly_fields = ("van", "tot", "dimensie", "gemaakt_op", "secties", "gegevens")

    def has_add_permission(self, request):
        return False
