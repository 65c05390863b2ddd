"""Template helpers of the portal: amounts in euros and form fields in NL Design System markup."""

from django import forms, template

from ..weergave import datum_tekst, euro

register = template.Library()


@register.filter(name="euro")
def euro_filter(bedrag) -> str:
    return euro(bedrag) if bedrag is not None else ""


@register.filter(name="datum")
def datum_filter(d) -> str:
    return datum_tekst(d) if d else ""


KLASSEN = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input si-bestand",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input si-bestand",
}


def _klasse(widget) -> str:
    for soort, klasse in KLASSEN.items():
        if type(widget) is soort:
            return klasse
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    return "utrecht-textbox utrecht-textbox--html-input"


@register.inclusion_tag("portaal/_veld.html")
def veld(bound_field):
    widget = bound_field.field.widget
    keuzes = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    attrs = {}
    klasse = _klasse(widget)
    if bound_field.errors:
        klasse += " utrecht-textbox--invalid"
        attrs["aria-invalid"] = "true"
    if bound_field.help_text or bound_field.errors:
        attrs["aria-describedby"] = " ".join(
            x
            for x in (
                f"{bound_field.auto_id}_uitleg" if bound_field.help_text else "",
                f"{bound_field.auto_id}_fout" if bound_field.errors else "",
            )
            if x
        )
    if klasse:
        attrs["class"] = klasse.strip()
    return {
        "veld": bound_field,
        "widget_html": None if keuzes else bound_field.as_widget(attrs=attrs),
        "keuzes": keuzes,
        "vinkje": isinstance(widget, forms.CheckboxInput),
        "meer": isinstance(widget, forms.CheckboxSelectMultiple),
    }


@register.filter
def euro_abs(bedrag) -> str:
    return euro(abs(bedrag)) if bedrag is not None else ""
