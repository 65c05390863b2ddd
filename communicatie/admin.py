"""Admin: letters (archive, with their PDF and notices) and letter texts for functioneel beheer, with a
live preview, the Flesch-Douma reading ease and the version history."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from . import services
from .models import Bericht, Brief, Briefsjabloon, Sjabloonversie
from .pdf import bestandsnaam, pdf_voor
from .weergave import standaardtekst


class BerichtInline(admin.TabularInline):
    model = Bericht
    extra = 0
    can_delete = False
    fields = ("kanaal", "naar", "status", "pogingen", "verstuurd_op", "fout")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ("datum", "sjabloon", "naam", "ontvanger", "kanaal", "status", "pdf_link")
    list_filter = ("sjabloon", "status", "kanaal", "datum")
    search_fields = ("=ontvanger", "=sleutel", "naam")
    readonly_fields = [f.name for f in Brief._meta.fields] + ["pdf_link"]
    inlines = [BerichtInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="PDF")
    def pdf_link(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("admin:communicatie_brief_pdf", args=[obj.pk]))

    def get_urls(self):
        return [
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="communicatie_brief_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        brief = get_object_or_404(Brief, pk=pk)
        antwoord = HttpResponse(pdf_voor(brief), content_type="application/pdf")
        antwoord["Content-Disposition"] = f'inline; filename="{bestandsnaam(brief)}"'
        return antwoord


class SjabloonversieInline(admin.TabularInline):
    model = Sjabloonversie
    extra = 0
    can_delete = False
    fields = ("versie", "opgeslagen_op", "door", "leesgemak", "toelichting", "onderwerp", "inhoud")
    readonly_fields = fields
    ordering = ("-versie",)

    def has_add_permission(self, request, obj=None):
        return False


class BriefsjabloonForm(forms.ModelForm):
    toelichting = forms.CharField(
        label="Waarom verandert u de tekst?",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
    )

    class Meta:
        model = Briefsjabloon
        fields = ("sleutel", "onderwerp", "inhoud")
        widgets = {"inhoud": forms.Textarea(attrs={"rows": 30, "cols": 110, "class": "vLargeTextField"})}

    def clean(self):
        gegevens = super().clean()
        onderwerp, inhoud = gegevens.get("onderwerp"), gegevens.get("inhoud")
        # On change the key is read-only, so it comes from the instance.
        sleutel = gegevens.get("sleutel") or self.instance.sleutel
        if sleutel and onderwerp and inhoud:
            try:
                self.leesgemak = services.sjabloon_toetsen(
                    sleutel=sleutel, onderwerp=onderwerp, inhoud=inhoud
                )
            except ValueError as fout:
                raise forms.ValidationError(str(fout)) from fout
        return gegevens


@admin.register(Briefsjabloon)
class BriefsjabloonAdmin(admin.ModelAdmin):
    form = BriefsjabloonForm
    list_display = ("sleutel", "onderwerp", "versie", "leesgemak", "gewijzigd_op", "gewijzigd_door")
    readonly_fields = ("versie", "leesgemak", "gewijzigd_op", "gewijzigd_door")
    inlines = [SjabloonversieInline]
    change_form_template = "admin/communicatie/briefsjabloon/change_form.html"
    change_list_template = "admin/communicatie/briefsjabloon/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "sleutel") if obj else self.readonly_fields

    def get_changeform_initial_data(self, request):
        """A new text starts from the shipped default of the letter chosen (``?sleutel=...``)."""
        initial = super().get_changeform_initial_data(request)
        sleutel = request.GET.get("sleutel")
        if sleutel:
            try:
                tekst = standaardtekst(sleutel)
            except (OSError, ValueError):
                return initial
            initial.update(onderwerp=tekst.onderwerp, inhoud=tekst.inhoud)
        return initial

    def save_model(self, request, obj, form, change):
        services.sjabloon_opslaan(
            sjabloon=obj,
            leesgemak=form.leesgemak,
            door=request.user,
            toelichting=form.cleaned_data.get("toelichting", ""),
        )
        if form.leesgemak < services.LEESGEMAK_MINIMUM:
            messages.warning(
                request,
                f"Let op: het leesgemak is {form.leesgemak}. Dat is lager dan {services.LEESGEMAK_MINIMUM}. "
                "Maak de zinnen korter en de woorden eenvoudiger.",
            )

    def changelist_view(self, request, extra_context=None):
        aangepast = set(Briefsjabloon.objects.values_list("sleutel", flat=True))
        standaard = [
            {
                "sleutel": s,
                "label": label,
                "url": reverse("admin:communicatie_briefsjabloon_add") + f"?sleutel={s}",
            }
            for s, label in Briefsjabloon._meta.get_field("sleutel").choices
            if s not in aangepast
        ]
        return super().changelist_view(request, {**(extra_context or {}), "standaardbrieven": standaard})

    def get_urls(self):
        return [
            path(
                "voorbeeld/",
                self.admin_site.admin_view(require_POST(self.voorbeeld_view)),
                name="communicatie_briefsjabloon_voorbeeld",
            ),
            *super().get_urls(),
        ]

    def voorbeeld_view(self, request):
        """Live preview: the posted text rendered with the example data, and its reading ease."""
        if not self.has_view_permission(request):
            raise Http404
        sleutel = request.POST.get("sleutel", "")
        try:
            html, leesgemak = services.sjabloon_voorbeeld(
                sleutel=sleutel,
                onderwerp=request.POST.get("onderwerp", ""),
                inhoud=request.POST.get("inhoud", ""),
                toestand=request.POST.get("toestand") or None,
            )
        except (ValueError, KeyError) as fout:
            return JsonResponse({"fout": str(fout)}, status=400)
        return JsonResponse({"html": html, "leesgemak": leesgemak, "minimum": services.LEESGEMAK_MINIMUM})
