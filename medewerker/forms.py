"""Forms of the dashboard. A form checks input and names the field; the service does the work."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from invordering import services
from invordering.constants import (
    AanslagStatus,
    BvvBron,
    ContactKanaal,
    ContactRichting,
    ContactUitkomst,
    Inkomensbron,
    PauzeReden,
    ToestemmingSoort,
)
from invordering.models import Belastingplichtige, Taak

DATUM = {"widget": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
BEDRAG = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class ZoekForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek op BSN, naam, aanslagnummer, betalingskenmerk of postcode en huisnummer"),
        max_length=100,
        widget=forms.SearchInput(
            attrs={"autofocus": True, "placeholder": _("bijv. 1234 AB 5"), "accesskey": "z"}
        ),
    )


class ContactForm(forms.Form):
    kanaal = forms.ChoiceField(label=_("Hoe"), choices=ContactKanaal.choices, initial=ContactKanaal.TELEFOON)
    richting = forms.ChoiceField(label=_("Wie nam contact op"), choices=ContactRichting.choices)
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=ContactUitkomst.choices)
    taak = forms.ModelChoiceField(
        label=_("Bij taak"), queryset=None, required=False, empty_label=_("(geen taak)")
    )
    notitie = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, persoon, taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken
        self.fields["taak"].queryset = Taak.objects.open().filter(belastingplichtige=persoon)
        if taken is not None:
            # The dossier already holds the open tasks: no query to render the choices.
            self.fields["taak"].choices = [("", _("(geen taak)"))] + [
                (t.pk, t.get_soort_display()) for t in taken
            ]
        else:
            self.fields["taak"].label_from_instance = lambda t: t.get_soort_display()

    def as_p(self):
        """``Form.as_p()``, with the markup that is the same on every dossier rendered once per process
        and language: only the open tasks' options are put in per view. (Rendering the four selects'
        forty options through the widget templates was a third of the dossier's rendering.)"""
        if self.is_bound or self.taken is None:
            return super().as_p()
        voor, na = _contactform_html(get_language())
        opties = "".join(
            format_html('\n  <option value="{}">{}</option>\n', t.pk, t.get_soort_display())
            for t in self.taken
        )
        return mark_safe(voor + opties + na)  # noqa: S308 - both parts rendered by Django, options escaped


_CONTACTFORM: dict[str, tuple[str, str]] = {}


def _contactform_html(taal: str) -> tuple[str, str]:
    """The unbound contact form without tasks, split where the task options go (end of its select)."""
    if taal not in _CONTACTFORM:
        html = str(super(ContactForm, ContactForm(persoon=None, taken=[])).as_p())
        plek = html.index("\n</select>", html.index('<select name="taak"'))
        _CONTACTFORM[taal] = (html[:plek], html[plek:])
    return _CONTACTFORM[taal]


class AanslagenKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.aanslagnummer} ({obj.belastingjaar}): € {obj.openstaand}"


def _open_aanslagen(persoon):
    return persoon.aanslagen.filter(status=AanslagStatus.OPEN).order_by("-belastingjaar", "aanslagnummer")


def _aanslagkeuze(field, aanslagen) -> None:
    """Render the choices from aanslagen the dossier already loaded (validation still uses the query)."""
    if aanslagen is not None:
        field.choices = [(a.pk, field.label_from_instance(a)) for a in aanslagen]


class PauzeForm(forms.Form):
    reden = forms.ChoiceField(label=_("Reden"), choices=PauzeReden.choices, initial=PauzeReden.HANDMATIG)
    geplande_einde = forms.DateField(
        label=_("Tot en met (leeg: tot u de pauze beëindigt)"), required=False, **DATUM
    )
    aanslagen = AanslagenKeuze(
        label=_("Alleen voor deze aanslagen (leeg: alle)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, persoon, aanslagen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanslagen"].queryset = _open_aanslagen(persoon)
        _aanslagkeuze(self.fields["aanslagen"], aanslagen)


class PauzeEindeForm(forms.Form):
    reden = forms.CharField(label=_("Waarom stopt de pauze?"), max_length=200)


class RegelingForm(forms.Form):
    aantal_termijnen = forms.IntegerField(label=_("Aantal termijnen"), min_value=1, max_value=120)
    eerste_vervaldatum = forms.DateField(label=_("Eerste termijn op"), **DATUM)
    afwijking_reden = forms.CharField(
        label=_("Reden als u afwijkt van het voorstel of het beleid"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InkomenForm(forms.Form):
    netto_maandinkomen = forms.DecimalField(label=_("Netto inkomen per maand (€)"), **BEDRAG)
    bron = forms.ChoiceField(label=_("Bron"), choices=Inkomensbron.choices)
    peildatum = forms.DateField(label=_("Zo was het op"), **DATUM)
    toelichting = forms.CharField(label=_("Toelichting"), required=False)


class BvvForm(forms.Form):
    bedrag = forms.DecimalField(label=_("Beslagvrije voet per maand (€)"), **BEDRAG)
    bron = forms.ChoiceField(label=_("Berekend door"), choices=BvvBron.choices)
    vastgesteld_op = forms.DateField(label=_("Berekend op"), **DATUM)
    geldig_tot = forms.DateField(
        label=_("Geldig tot en met (leeg: tot er een nieuwe is)"), required=False, **DATUM
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False)


class ToestemmingForm(forms.Form):
    soort = forms.ChoiceField(label=_("Toestemming"), choices=ToestemmingSoort.choices)
    geven = forms.TypedChoiceField(
        label=_("Wat wil de inwoner?"),
        choices=[("1", _("Geeft toestemming")), ("0", _("Trekt toestemming in"))],
        coerce=lambda v: v == "1",
    )


class VerwijzenForm(forms.Form):
    toelichting = forms.CharField(label=_("Wat is er aan de hand?"), widget=forms.Textarea(attrs={"rows": 3}))
    toestemming = forms.BooleanField(
        label=_("De inwoner geeft toestemming om gegevens door te geven aan schuldhulp"), required=False
    )


class OninbaarForm(forms.Form):
    aanslagen = AanslagenKeuze(label=_("Aanslagen"), queryset=None, widget=forms.CheckboxSelectMultiple)
    reden = forms.CharField(label=_("Waarom is dit niet te innen?"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, persoon, aanslagen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanslagen"].queryset = _open_aanslagen(persoon)
        _aanslagkeuze(self.fields["aanslagen"], aanslagen)


class BeoordeelForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("goed", _("Goedkeuren")), ("af", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False)


class ContactgegevensForm(forms.ModelForm):
    class Meta:
        model = Belastingplichtige
        fields = list(services.CONTACTVELDEN)


class AanvullenForm(forms.Form):
    ontbrekend = forms.CharField(
        label=_("Wat ontbreekt er? (één ding per regel)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def lijst(self) -> list[str]:
        return [r.strip() for r in self.cleaned_data["ontbrekend"].splitlines() if r.strip()]


class BeslissenForm(forms.Form):
    afwijzingsgrond = forms.CharField(
        label=_("Afwijzen om een andere reden dan de berekening (leeg: de berekening beslist)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaakAfrondenForm(forms.Form):
    toelichting = forms.CharField(label=_("Toelichting"), required=False)


class KoppelenForm(forms.Form):
    zoekterm = forms.CharField(label=_("Van wie is de betaling? (BSN of aanslagnummer)"), max_length=100)
    toelichting = forms.CharField(label=_("Toelichting"), required=False)


class AfhandelenForm(forms.Form):
    toelichting = forms.CharField(label=_("Waarom hoeft dit niet geboekt te worden?"))


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app (6 cijfers)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
