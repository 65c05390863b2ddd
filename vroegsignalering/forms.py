"""Forms of vroegsignalering for the portal and the officers' dashboard (those issues build the pages).
A form validates input and names the field; the service does the work and the forms call it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import TOELICHTING_MAX, SignaalStatus, Uitkomst
from .models import Signaal
from .services import GeenToestemming, ik_kan_niet_betalen, terugkoppeling_vastleggen, verwijzen


class VerwijzingForm(forms.Form):
    """Warm referral: the officer (or the resident) gives consent and writes a short note for SHV."""

    toestemming = forms.BooleanField(
        label=_(
            "De inwoner geeft toestemming om naam, adres, telefoon en achterstand door te geven aan schuldhulp."
        ),
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Korte toelichting voor schuldhulp"),
        max_length=TOELICHTING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen wat schuldhulp nodig heeft om contact te leggen."),
    )

    def __init__(self, *args, belastingplichtige, datum, door=None, bron="medewerker", **kwargs):
        super().__init__(*args, **kwargs)
        self.belastingplichtige, self.datum, self.door, self.bron = belastingplichtige, datum, door, bron

    def opslaan(self):
        try:
            return verwijzen(
                belastingplichtige=self.belastingplichtige,
                datum=self.datum,
                toelichting=self.cleaned_data["toelichting"],
                door=self.door,
                bron=self.bron,
                toestemming=self.cleaned_data["toestemming"],
            )
        except GeenToestemming as fout:
            self.add_error("toestemming", str(fout))
        except ValueError as fout:
            self.add_error("toelichting", str(fout))
        return None


class KanNietBetalenForm(forms.Form):
    """The resident's own signal in the portal: "Ik kan niet betalen"."""

    toelichting = forms.CharField(
        label=_("Wilt u iets vertellen? (niet verplicht)"),
        required=False,
        max_length=TOELICHTING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def opslaan(self, *, belastingplichtige, datum, bron="portaal"):
        return ik_kan_niet_betalen(
            belastingplichtige=belastingplichtige,
            datum=datum,
            toelichting=self.cleaned_data["toelichting"],
            bron=bron,
        )


class TerugkoppelingForm(forms.Form):
    """An officer enters SHV's outcome for a signal that was passed on (no reason field, on purpose)."""

    signaal = forms.ModelChoiceField(
        queryset=Signaal.objects.filter(
            status__in=(SignaalStatus.GEEXPORTEERD, SignaalStatus.IN_BEHANDELING)
        ),
        label=_("Signaal"),
    )
    uitkomst = forms.ChoiceField(choices=Uitkomst.choices, label=_("Uitkomst"))
    datum = forms.DateField(label=_("Datum van de terugkoppeling"))

    def __init__(self, *args, vandaag, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > self.vandaag:
            raise ValidationError(_("De datum mag niet in de toekomst liggen."))
        return datum

    def opslaan(self, *, door=None):
        return terugkoppeling_vastleggen(
            signaal=self.cleaned_data["signaal"],
            uitkomst=self.cleaned_data["uitkomst"],
            datum=self.cleaned_data["datum"],
            door=door,
        )
