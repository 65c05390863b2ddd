from django.contrib import admin

from .models import Brief


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ("datum", "sjabloon", "naam", "ontvanger", "status")
    list_filter = ("sjabloon", "status")
    search_fields = ("=ontvanger", "=sleutel", "naam")
    readonly_fields = [f.name for f in Brief._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
