"""Forms of the remission process. The portal issue builds the pages; these forms and the services are
the contract: a form validates input and names the field, a service does the work."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from invordering.constants import NUL, AanslagStatus, Leefsituatie

from .berekening import Inkomstenpost
from .check import AutoAntwoord, CheckAntwoorden
from .constants import FOUT_PARTNER_ZONDER_PARTNER, Documentsoort, HulpVoorkeur, Inkomstensoort, Persoon
from .documenten import bestandstype
from .models import Kwijtscheldingsverzoek
from .services import ECHTGENOTEN, VerzoekGegevens

BEDRAG_OPTIONEEL = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0"), "required": False}
BEDRAG_VELD = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0"), "initial": NUL}


class VerzoekForm(forms.ModelForm):
    """The household, costs and assets of a request, and which aanslagen it is for."""

    aanslagen = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Voor welke aanslagen vraagt u kwijtschelding?"),
    )

    class Meta:
        model = Kwijtscheldingsverzoek
        fields = [
            "leefsituatie",
            "partner_naam",
            "aantal_kinderen",
            "aow_aanvrager",
            "aow_partner",
            "ondernemer",
            "woonlasten",
            "huurtoeslag",
            "zorgpremie",
            "zorgtoeslag",
            "alimentatie_betaald",
            "kinderopvang_netto",
            "banktegoed",
            "auto_waarde",
            "auto_onmisbaar",
            "overig_vermogen",
            "toestemming_automatische_toets",
        ]
        labels = {
            "toestemming_automatische_toets": _(
                "Ja, u mag elk jaar zelf nagaan of ik kwijtschelding krijg. Dan hoef ik niet opnieuw te vragen."
            ),
        }

    def __init__(self, *args, belastingplichtige, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanslagen"].queryset = belastingplichtige.aanslagen.filter(
            status=AanslagStatus.OPEN
        ).order_by("-belastingjaar", "aanslagnummer")
        for naam in ("aow_partner", "partner_naam"):
            self.fields[naam].required = False

    def clean(self):
        data = super().clean()
        if data.get("leefsituatie") not in ECHTGENOTEN and (
            data.get("aow_partner") or data.get("partner_naam")
        ):
            self.add_error(
                "leefsituatie", _("U heeft een partner ingevuld. Kies dan een leefsituatie met partner.")
            )
        return data

    def gegevens(self, inkomsten: list[Inkomstenpost]) -> VerzoekGegevens:
        data = self.cleaned_data
        return VerzoekGegevens(
            inkomsten=tuple(inkomsten),
            **{naam: data[naam] for naam in self.Meta.fields},
        )


class InkomenForm(forms.Form):
    persoon = forms.ChoiceField(label=_("Van wie"), choices=Persoon.choices, initial=Persoon.AANVRAGER)
    soort = forms.ChoiceField(label=_("Soort inkomen"), choices=Inkomstensoort.choices)
    bedrag = forms.DecimalField(label=_("Netto per maand"), **BEDRAG_VELD)

    def post(self) -> Inkomstenpost | None:
        if not self.cleaned_data or self.cleaned_data.get("DELETE"):
            return None
        return Inkomstenpost(
            self.cleaned_data["persoon"], self.cleaned_data["soort"], self.cleaned_data["bedrag"]
        )


class BasisInkomenFormSet(forms.BaseFormSet):
    def __init__(self, *args, leefsituatie: str | None = None, **kwargs):
        self.leefsituatie = leefsituatie
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            post = form.post()
            if post and post.persoon == Persoon.PARTNER and self.leefsituatie not in ECHTGENOTEN:
                raise ValidationError(FOUT_PARTNER_ZONDER_PARTNER)

    def posten(self) -> list[Inkomstenpost]:
        return [p for p in (f.post() for f in self.forms) if p is not None]


InkomenFormSet = forms.formset_factory(InkomenForm, formset=BasisInkomenFormSet, extra=2, can_delete=True)


class DocumentForm(forms.Form):
    soort = forms.ChoiceField(label=_("Wat voor bewijs is dit?"), choices=Documentsoort.choices)
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een PDF of een foto (JPG of PNG). Een foto met uw telefoon is ook goed."),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        bestandstype(bestand)
        return bestand


class OntbrekendForm(forms.Form):
    ontbrekend = forms.CharField(
        label=_("Wat ontbreekt er?"),
        widget=forms.Textarea,
        help_text=_("Eén ding per regel, in woorden die de inwoner begrijpt."),
    )

    def regels(self) -> list[str]:
        return [r.strip() for r in self.cleaned_data["ontbrekend"].splitlines() if r.strip()]


class BesluitForm(forms.Form):
    afwijzingsgrond = forms.CharField(
        label=_("Reden van afwijzen (alleen als u afwijst buiten de berekening om)"),
        widget=forms.Textarea,
        required=False,
    )


JA_NEE_WEET_NIET = (("ja", _("Ja")), ("nee", _("Nee")), ("", _("Weet ik niet")))


class KwijtscheldingscheckForm(forms.Form):
    """The anonymous quick check. Every question may be left open ("weet ik niet")."""

    leefsituatie = forms.ChoiceField(
        label=_("Hoe woont u?"), choices=[("", _("Weet ik niet")), *Leefsituatie.choices], required=False
    )
    aow = forms.ChoiceField(
        label=_("Heeft u (of uw partner) de AOW-leeftijd?"), choices=JA_NEE_WEET_NIET, required=False
    )
    netto_inkomen = forms.DecimalField(
        label=_("Hoeveel komt er per maand binnen, netto, samen met uw partner?"), **BEDRAG_OPTIONEEL
    )
    woonlasten = forms.DecimalField(
        label=_("Hoeveel huur betaalt u per maand, min de huurtoeslag?"),
        **BEDRAG_OPTIONEEL,
    )
    spaargeld = forms.DecimalField(
        label=_("Hoeveel geld heeft u op de bank, samen met uw partner?"),
        **BEDRAG_OPTIONEEL,
    )
    auto = forms.ChoiceField(
        label=_("Heeft u een auto?"), choices=AutoAntwoord.choices, initial=AutoAntwoord.WEET_NIET
    )
    ondernemer = forms.BooleanField(label=_("Heeft u een eigen bedrijf?"), required=False)
    belastingbedrag = forms.DecimalField(
        label=_("Hoeveel gemeentelijke belasting moet u dit jaar betalen? (staat op uw aanslag)"),
        **BEDRAG_OPTIONEEL,
    )

    def antwoorden(self) -> CheckAntwoorden:
        d = self.cleaned_data
        return CheckAntwoorden(
            leefsituatie=d["leefsituatie"] or None,
            aow={"ja": True, "nee": False}.get(d["aow"]),
            netto_inkomen=d["netto_inkomen"],
            woonlasten=d["woonlasten"],
            spaargeld=d["spaargeld"],
            auto=d["auto"],
            ondernemer=d["ondernemer"],
            belastingbedrag=d["belastingbedrag"],
        )


class HulpAanvraagForm(forms.Form):
    """An appointment for help with the application; becomes an officer task (services.hulp_bij_aanvraag_vragen)."""

    voorkeur = forms.ChoiceField(label=_("Waar wilt u geholpen worden?"), choices=HulpVoorkeur.choices)
    telefoon = forms.CharField(label=_("Op welk nummer kunnen we u bellen?"), max_length=20, required=False)
    toelichting = forms.CharField(label=_("Wilt u nog iets zeggen?"), widget=forms.Textarea, required=False)
