"""Forms of the portal. The remission forms come from kwijtschelding.forms (the contract of that app)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from invordering.constants import Kanaal
from invordering.models import Belastingplichtige

TELEFOON_TEKENS = set("0123456789+ -()")


def controleer_telefoon(waarde: str) -> str:
    waarde = (waarde or "").strip()
    if waarde and (set(waarde) - TELEFOON_TEKENS or sum(c.isdigit() for c in waarde) < 10):
        raise ValidationError(
            _("Vul een telefoonnummer in met minstens 10 cijfers, bijvoorbeeld 06 12345678.")
        )
    return waarde


class ContactvoorkeurenForm(forms.ModelForm):
    """How we reach the resident: phone, e-mail, language and the channel for news about letters."""

    class Meta:
        model = Belastingplichtige
        fields = ["telefoon", "email", "taal", "kanaal"]
        labels = {
            "telefoon": _("Telefoonnummer"),
            "email": _("E-mailadres"),
            "taal": _("In welke taal wilt u het portaal zien?"),
            "kanaal": _("Hoe wilt u horen dat er een brief voor u is?"),
        }
        help_texts = {
            "telefoon": _("Dan kunnen we u bellen als dat nodig is."),
            "email": "",
            "taal": _("Brieven zelf zijn altijd in het Nederlands, met een korte uitleg in uw taal."),
            "kanaal": "",
        }
        widgets = {
            "taal": forms.RadioSelect,
            "kanaal": forms.RadioSelect,
            "telefoon": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_telefoon(self):
        return controleer_telefoon(self.cleaned_data.get("telefoon"))

    def clean(self):
        data = super().clean()
        if data.get("kanaal") == Kanaal.EMAIL and not data.get("email"):
            self.add_error("email", _("Vul uw e-mailadres in als u bericht per e-mail wilt."))
        if data.get("kanaal") == Kanaal.SMS and not data.get("telefoon"):
            self.add_error("telefoon", _("Vul uw telefoonnummer in als u bericht per sms wilt."))
        return data


class TaalForm(forms.Form):
    taal = forms.ChoiceField(choices=settings.LANGUAGES)
    volgende = forms.CharField(required=False)


class RegelingVerzoekForm(forms.Form):
    aantal_termijnen = forms.IntegerField(
        label=_("In hoeveel maanden wilt u betalen?"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Mag leeg blijven. Dan kijkt de medewerker wat past."),
    )
    toelichting = forms.CharField(
        label=_("Wat moet de medewerker weten?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=_("Bijvoorbeeld: hoeveel u per maand kunt betalen."),
    )


class TerugbelForm(forms.Form):
    telefoon = forms.CharField(
        label=_("Op welk nummer kunnen we u bellen?"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    toelichting = forms.CharField(
        label=_("Wilt u iets vertellen? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def clean_telefoon(self):
        waarde = controleer_telefoon(self.cleaned_data.get("telefoon"))
        if not waarde:
            raise ValidationError(_("Vul uw telefoonnummer in."))
        return waarde
