"""Pages of the officers' dashboard. Views check the role, call a service (through ``acties``) and
redirect; reads come from ``werkbakken`` and ``dossier``. No domain rule lives here."""

from __future__ import annotations

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from invordering import regelingen as regelingen_dienst
from invordering import selectors
from invordering.models import Aanslag, Bankmutatie, Belastingplichtige, Pauze, Taak
from invordering.rollen import aangemeld_met_tweede_factor
from kwijtschelding.forms import InkomenFormSet, VerzoekForm
from kwijtschelding.models import Kwijtscheldingsverzoek
from vroegsignalering.models import Terugkoppeling
from vroegsignalering.selectors import getoonde_uitkomst, terugkoppeling_te_behandelen

from . import acties, banen, dossier, forms, rechten, werkbakken
from . import tweestaps as tweestaps_dienst
from .models import Dossierinzage, Herkomst, Oninbaarvoorstel, VoorstelStatus


def vandaag():
    """The officer's today. The edge of the system: services get this date passed in."""
    return timezone.localdate()


def medewerker_nodig(recht=rechten.OPENEN):
    """Signed in (with a second factor where required) and holding ``recht`` (None: any staff member,
    for their own account); else login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            gebruiker = request.user
            if not aangemeld_met_tweede_factor(gebruiker):
                return redirect_to_login(request.get_full_path(), reverse("medewerker:inloggen"))
            if not gebruiker.is_active or (recht is not None and not gebruiker.has_perm(recht)):
                raise PermissionDenied(_("Uw rol geeft geen toegang tot deze pagina."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _fout(request, fout: Exception) -> None:
    messages.error(request, "; ".join(fout.messages) if isinstance(fout, ValidationError) else str(fout))


def _formfouten(request, form) -> None:
    for veld, fouten in form.errors.items():
        label = form.fields[veld].label if veld in form.fields else ""
        messages.error(request, f"{label}: {' '.join(fouten)}" if label else " ".join(fouten))


# --- Benchmark baseline ---------------------------------------------------------------------------
@never_cache
@medewerker_nodig(rechten.OPENEN)
def ijkpunt(request):
    """A trivial page behind the officers' sign-in: session, user, role check and the middleware, no
    page queries. The latency benchmark's second baseline ("Django with a signed-in officer")."""
    return HttpResponse("ok", content_type="text/plain")


# --- The officer's own second factor ---------------------------------------------------------------
@never_cache
@medewerker_nodig(None)
def tweestaps(request):
    """Set up the authenticator app: a QR code and the key, then a code from the app confirms it."""
    form = forms.AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = tweestaps_dienst.app_bevestigen(request.user, form.cleaned_data["code"])
        if device:
            otp_login(request, device)  # the session's old app may be gone: this one verified it now
            messages.success(request, _("Uw app is ingesteld. Log voortaan in met een code uit deze app."))
            return redirect("medewerker:start" if request.user.has_perm(rechten.OPENEN) else "admin:index")
        form.add_error(
            "code",
            _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer het opnieuw."),
        )
    device = tweestaps_dienst.nieuwe_app(request.user)
    return render(
        request,
        "medewerker/tweestaps.html",
        {
            "form": form,
            "qr": tweestaps_dienst.qr(device),
            "geheim": tweestaps_dienst.geheim(device),
            "heeft_app": tweestaps_dienst.heeft_app(request.user),
        },
    )


# --- Home, worklists ------------------------------------------------------------------------------
@medewerker_nodig(rechten.OPENEN)
def start(request):
    return render(
        request,
        "medewerker/start.html",
        {
            "tellingen": werkbakken.tellingen(gebruiker=request.user, vandaag=vandaag()),
            "zoekform": forms.ZoekForm(),
        },
    )


@medewerker_nodig(rechten.OPENEN)
def werkbak(request, sleutel):
    bak = werkbakken.PER_SLEUTEL.get(sleutel)
    if bak is None:
        return redirect("medewerker:start")
    if not request.user.has_perm(bak.recht):
        raise PermissionDenied(_("Uw rol geeft geen toegang tot deze werkbak."))
    filters = {k: request.GET.get(k, "") for k in ("toegewezen", "soort", "te_laat", "volgorde")}
    qs = werkbakken.taken(werkbak=bak, gebruiker=request.user, vandaag=vandaag(), filters=filters)
    pagina = Paginator(qs, werkbakken.PER_PAGINA).get_page(request.GET.get("pagina"))
    pagina.object_list = werkbakken.pagina_lezen(pagina.object_list, vandaag=vandaag(), soorten=bak.soorten)
    via = f"werkbak:{bak.sleutel}"
    mag_toewijzen = request.user.has_perm(rechten.TOEWIJZEN_AAN_ANDEREN)
    return render(
        request,
        "medewerker/werkbak.html",
        {
            "werkbak": bak,
            "pagina": pagina,
            "filters": filters,
            "soorten": [(s, Taak(soort=s).get_soort_display()) for s in bak.soorten],
            "vandaag": vandaag(),
            "medewerkers": list(werkbakken.medewerkers()) if mag_toewijzen else [],
            "mag_toewijzen": mag_toewijzen,
            "via": via,
            "rijen": werkbakken.rijen(pagina.object_list, via=via),
        },
    )


@require_POST
@medewerker_nodig(rechten.HANDELEN)
def toewijzen(request):
    ids = [int(i) for i in request.POST.getlist("taak") if i.isdigit()]
    aan_id = request.POST.get("aan", "")
    if aan_id == "mij":
        aan = request.user
    elif aan_id == "niemand":
        aan = None
    else:
        if not request.user.has_perm(rechten.TOEWIJZEN_AAN_ANDEREN):
            raise PermissionDenied(_("Alleen een teamleider wijst taken toe aan anderen."))
        aan = get_object_or_404(werkbakken.medewerkers(), pk=aan_id)
    aantal, meegenomen = acties.taken_toewijzen(
        taak_ids=ids,
        aan=aan,
        door=request.user,
        alleen_vrij_of_eigen=not request.user.has_perm(rechten.TOEWIJZEN_AAN_ANDEREN),
    )
    if meegenomen:
        messages.success(
            request,
            ngettext(
                "%(n)s taken toegewezen. Er kwam %(m)s taak mee: een ander gesprek met dezelfde "
                "inwoner. Zo spreekt één medewerker met de inwoner over alles.",
                "%(n)s taken toegewezen. Er kwamen %(m)s taken mee: andere gesprekken met dezelfde "
                "inwoners. Zo spreekt één medewerker met een inwoner over alles.",
                meegenomen,
            )
            % {"n": aantal, "m": meegenomen},
        )
    else:
        messages.success(request, _("%(n)s taken toegewezen.") % {"n": aantal})
    return redirect(request.POST.get("terug") or "medewerker:start")


@medewerker_nodig(rechten.BETALING_KOPPELEN)
def betalingen(request):
    qs = selectors.bankmutaties_te_behandelen()
    pagina = Paginator(qs, werkbakken.PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "medewerker/betalingen.html",
        {"pagina": pagina, "koppelform": forms.KoppelenForm(), "afhandelform": forms.AfhandelenForm()},
    )


@require_POST
@medewerker_nodig(rechten.BETALING_KOPPELEN)
def betaling_behandelen(request, pk):
    mutatie = get_object_or_404(Bankmutatie, pk=pk)
    try:
        if request.POST.get("actie") == "afhandelen":
            form = forms.AfhandelenForm(request.POST)
            if form.is_valid():
                acties.bankmutatie_afhandelen(
                    mutatie=mutatie,
                    door=request.user,
                    datum=vandaag(),
                    toelichting=form.cleaned_data["toelichting"],
                )
                messages.success(request, _("Afgehandeld."))
            else:
                _formfouten(request, form)
        else:
            form = forms.KoppelenForm(request.POST)
            if form.is_valid():
                term = form.cleaned_data["zoekterm"].strip()
                aanslag = (
                    Aanslag.objects.filter(aanslagnummer=term).select_related("belastingplichtige").first()
                )
                persoon = (
                    aanslag.belastingplichtige
                    if aanslag
                    else selectors.zoek_belastingplichtigen(term=term).first()
                )
                if persoon is None:
                    messages.error(request, _("Geen inwoner gevonden met %(t)s.") % {"t": term})
                else:
                    acties.bankmutatie_koppelen(
                        mutatie=mutatie,
                        persoon=persoon,
                        door=request.user,
                        datum=vandaag(),
                        aanslagen=[aanslag] if aanslag else [],
                        toelichting=form.cleaned_data["toelichting"],
                    )
                    messages.success(
                        request, _("Gekoppeld aan %(naam)s en geboekt.") % {"naam": persoon.naam}
                    )
            else:
                _formfouten(request, form)
    except (ValueError, ValidationError) as fout:
        _fout(request, fout)
    return redirect("medewerker:betalingen")


@medewerker_nodig(rechten.HANDELEN)
def terugkoppelingen(request):
    qs = terugkoppeling_te_behandelen()
    pagina = Paginator(qs, werkbakken.PER_PAGINA).get_page(request.GET.get("pagina"))
    for t in pagina:
        t.getoond = getoonde_uitkomst(t)
    return render(
        request,
        "medewerker/terugkoppelingen.html",
        {"pagina": pagina, "vandaag": vandaag(), "grens": vandaag() - werkbakken.TERUGKOPPELING_TERMIJN},
    )


@require_POST
@medewerker_nodig(rechten.HANDELEN)
def terugkoppeling_behandeld(request, pk):
    t = get_object_or_404(Terugkoppeling.objects.select_related("signaal"), pk=pk)
    acties.terugkoppeling_behandeld(terugkoppeling=t, door=request.user, datum=vandaag())
    messages.success(request, _("Afgehandeld."))
    return redirect("medewerker:terugkoppelingen")


# --- Search ---------------------------------------------------------------------------------------
def zoeksoort(term: str) -> str:
    """What a search term was (for the audit log, which never stores the term itself)."""
    compact = term.replace(" ", "").replace(".", "")
    if compact.isdigit() and len(compact) == 9:
        return "bsn"
    if compact.isdigit() and len(compact) == 16:
        return "betalingskenmerk"
    if re.fullmatch(r"\d{4}\s*[A-Za-z]{2}\s+\d+\s*\S*", term.strip()):
        return "postcode"
    return "naam_of_aanslagnummer"


def zoek(term: str):
    """``selectors.zoek_belastingplichtigen``, with the name-or-aanslagnummer case as two cheap queries.

    The selector matches that case with one OR across a join of every aanslag plus DISTINCT, which
    took seconds with a million aanslagen; the same rows come from an exact aanslagnummer lookup
    (unique index) and a name filter on the residents alone.
    """
    if zoeksoort(term) != "naam_of_aanslagnummer":
        return selectors.zoek_belastingplichtigen(term=term).order_by("achternaam", "id")
    term = term.strip()
    eigenaren = list(
        Aanslag.objects.filter(aanslagnummer=term).values_list("belastingplichtige_id", flat=True)
    )
    return Belastingplichtige.objects.filter(Q(achternaam__icontains=term) | Q(pk__in=eigenaren)).order_by(
        "achternaam", "id"
    )


@medewerker_nodig(rechten.OPENEN)
def zoeken(request):
    form = forms.ZoekForm(request.GET or None)
    resultaten = []
    via = ""
    if form.is_valid():
        term = form.cleaned_data["q"]
        via = f"zoeken:{zoeksoort(term)}"
        resultaten = list(zoek(term)[:51])
        if len(resultaten) == 1:
            return redirect(f"{reverse('medewerker:dossier', args=[resultaten[0].pk])}?via={via}")
    return render(
        request,
        "medewerker/zoeken.html",
        {"zoekform": form, "resultaten": resultaten[:50], "meer": len(resultaten) > 50, "via": via},
    )


# --- The dossier ----------------------------------------------------------------------------------
def herkomst(via: str) -> tuple[str, str]:
    soort, _, detail = (via or "").partition(":")
    if soort == "werkbak" and (
        detail in werkbakken.PER_SLEUTEL or detail in (werkbakken.BETALINGEN, werkbakken.TERUGKOPPELING)
    ):
        return Herkomst.WERKBAK, detail
    if soort == "zoeken" and detail in ("bsn", "betalingskenmerk", "postcode", "naam_of_aanslagnummer"):
        return Herkomst.ZOEKEN, detail
    if soort == "actie":
        return Herkomst.ACTIE, ""
    return Herkomst.DIRECT, ""


def inzage_vastleggen(*, request, persoon: Belastingplichtige, pagina: str = "") -> Dossierinzage:
    """One row in the audit log for a page that shows the resident's data: the dossier (its origin from
    ``?via=``) or an action's own page (``pagina``: which one)."""
    soort, detail = (Herkomst.ACTIE, pagina) if pagina else herkomst(request.GET.get("via", ""))
    return Dossierinzage.objects.create(
        tijdstip=timezone.now(),
        gebruiker=request.user,
        belastingplichtige=persoon,
        bsn=persoon.bsn,
        herkomst=soort,
        herkomst_detail=detail,
    )


@medewerker_nodig(rechten.OPENEN)
def dossier_view(request, pk):
    persoon = dossier.persoon_met_bronnen(pk)  # with the sources that hold rows: laad skips the rest
    if persoon is None:
        raise Http404
    inzage_vastleggen(request=request, persoon=persoon)
    d = dossier.laad(persoon=persoon, vandaag=vandaag())
    gebruiker = request.user
    # The contact form, the action of almost every visit, is on the page; the other actions are links
    # to their own page (GET on the action's URL), so a view does not render a dozen forms.
    return render(
        request,
        "medewerker/dossier.html",
        {
            "d": d,
            "persoon": d.persoon,
            "vandaag": d.vandaag,
            "contactform": forms.ContactForm(persoon=persoon, taken=d.taken)
            if gebruiker.has_perm(rechten.CONTACT)
            else None,
            # Built only when a remission request is shown for a decision (copying a form's fields
            # on every view cost more than the rest of the action column).
            "aanvullenform": SimpleLazyObject(forms.AanvullenForm),
            "beslissenform": SimpleLazyObject(forms.BeslissenForm),
            "mag": {
                "handelen": gebruiker.has_perm(rechten.HANDELEN),
                "regeling": gebruiker.has_perm(rechten.HANDELEN),
                "kwijtschelding": gebruiker.has_perm(rechten.KWIJTSCHELDING_INDIENEN),
                "beoordelen": gebruiker.has_perm(rechten.KWIJTSCHELDING_BEOORDELEN),
                "pauze": gebruiker.has_perm(rechten.PAUZE),
                "pauze_beeindigen": gebruiker.has_perm(rechten.PAUZE_BEEINDIGEN),
                "inkomen": gebruiker.has_perm(rechten.INKOMEN),
                "bvv": gebruiker.has_perm(rechten.BVV),
                "toestemming": gebruiker.has_perm(rechten.TOESTEMMING),
                "oninbaar": gebruiker.has_perm(rechten.ONINBAAR_VOORSTELLEN),
                "contactgegevens": gebruiker.has_perm(rechten.CONTACTGEGEVENS),
                "goedkeuren": gebruiker.has_perm(rechten.ONINBAAR_GOEDKEUREN),
            },
        },
    )


def _terug(persoon) -> str:
    return f"{reverse('medewerker:dossier', args=[persoon.pk])}?via=actie"


def _actie(recht, *, titel=None, knop=None, formulier=None):
    """A POST action on a dossier: the resident, the right, errors as messages, back to the dossier.

    With ``titel``, a GET on the same URL shows the action's own page: ``formulier(persoon)`` (an
    empty form) and a button ``knop``, posting here.
    """

    def decorator(functie):
        @wraps(functie)
        @medewerker_nodig(recht)
        def wrapper(request, pk, *args, **kwargs):
            if request.method == "GET" and titel is not None:
                persoon = get_object_or_404(Belastingplichtige, pk=pk)
                inzage_vastleggen(
                    request=request, persoon=persoon, pagina=functie.__name__.removeprefix("actie_")
                )
                form = formulier(persoon) if formulier else None
                if form is not None:  # the keyboard starts in the form
                    next(iter(form.fields.values())).widget.attrs["autofocus"] = True
                return render(
                    request,
                    "medewerker/actie.html",
                    {
                        "persoon": persoon,
                        "titel": titel,
                        "knop": knop,
                        "form": form,
                    },
                )
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"] if titel else ["POST"])
            persoon = get_object_or_404(Belastingplichtige, pk=pk)
            try:
                melding = functie(request, persoon, *args, **kwargs)
                if melding:
                    messages.success(request, melding)
            except (ValueError, ValidationError) as fout:
                _fout(request, fout)
            return redirect(_terug(persoon))

        return wrapper

    return decorator


def _geldig(request, form):
    if not form.is_valid():
        _formfouten(request, form)
        return None
    return form.cleaned_data


@_actie(rechten.CONTACT)
def actie_contact(request, persoon):
    data = _geldig(request, forms.ContactForm(request.POST, persoon=persoon))
    if data is None:
        return ""
    acties.contact(
        persoon=persoon,
        door=request.user,
        tijdstip=timezone.now(),
        kanaal=data["kanaal"],
        uitkomst=data["uitkomst"],
        richting=data["richting"],
        notitie=data["notitie"],
        taak=data["taak"],
    )
    return _("Contact vastgelegd.")


@_actie(
    rechten.PAUZE,
    titel=_l("Invordering pauzeren"),
    knop=_l("Pauzeren"),
    formulier=lambda p: forms.PauzeForm(persoon=p),
)
def actie_pauze(request, persoon):
    data = _geldig(request, forms.PauzeForm(request.POST, persoon=persoon))
    if data is None:
        return ""
    acties.pauze(
        persoon=persoon,
        door=request.user,
        reden=data["reden"],
        start=vandaag(),
        geplande_einde=data["geplande_einde"],
        toelichting=data["toelichting"],
        aanslagen=list(data["aanslagen"]),
    )
    return _("De invordering is gepauzeerd.")


@_actie(rechten.PAUZE_BEEINDIGEN)
def actie_pauze_einde(request, persoon, pauze_pk):
    pauze = get_object_or_404(Pauze, pk=pauze_pk, belastingplichtige=persoon)
    data = _geldig(request, forms.PauzeEindeForm(request.POST))
    if data is None:
        return ""
    acties.pauze_beeindigen(pauze=pauze, door=request.user, datum=vandaag(), reden=data["reden"])
    return _("De pauze is beëindigd. De invordering loopt weer.")


@_actie(
    rechten.INKOMEN,
    titel=_l("Inkomen vastleggen"),
    knop=_l("Vastleggen"),
    formulier=lambda p: forms.InkomenForm(initial={"peildatum": vandaag()}),
)
def actie_inkomen(request, persoon):
    data = _geldig(request, forms.InkomenForm(request.POST))
    if data is None:
        return ""
    acties.inkomen(persoon=persoon, door=request.user, **data)
    return _("Inkomen vastgelegd.")


@_actie(
    rechten.BVV,
    titel=_l("Officiële beslagvrije voet vastleggen"),
    knop=_l("Vastleggen"),
    formulier=lambda p: forms.BvvForm(initial={"vastgesteld_op": vandaag()}),
)
def actie_bvv(request, persoon):
    data = _geldig(request, forms.BvvForm(request.POST))
    if data is None:
        return ""
    acties.bvv(persoon=persoon, door=request.user, **data)
    return _("Beslagvrije voet vastgelegd. Die geldt nu in plaats van onze schatting.")


@_actie(
    rechten.TOESTEMMING,
    titel=_l("Toestemming vastleggen"),
    knop=_l("Vastleggen"),
    formulier=lambda p: forms.ToestemmingForm(),
)
def actie_toestemming(request, persoon):
    data = _geldig(request, forms.ToestemmingForm(request.POST))
    if data is None:
        return ""
    acties.toestemming(
        persoon=persoon, door=request.user, soort=data["soort"], geven=data["geven"], tijdstip=timezone.now()
    )
    return _("Toestemming vastgelegd.")


@_actie(
    rechten.HANDELEN,
    titel=_l("Doorverwijzen naar schuldhulp"),
    knop=_l("Doorverwijzen"),
    formulier=lambda p: forms.VerwijzenForm(),
)
def actie_verwijzen(request, persoon):
    data = _geldig(request, forms.VerwijzenForm(request.POST))
    if data is None:
        return ""
    acties.verwijzen(
        persoon=persoon,
        door=request.user,
        datum=vandaag(),
        toelichting=data["toelichting"],
        toestemming_gegeven=data["toestemming"],
    )
    return _("Doorverwezen naar schuldhulp.")


@_actie(
    rechten.HANDELEN,
    titel=_l("Schuldenoverzicht sturen"),
    knop=_l("Stuur het overzicht van alle open aanslagen"),
)
def actie_schuldenoverzicht(request, persoon):
    acties.schuldenoverzicht(persoon=persoon, door=request.user, datum=vandaag())
    return _("Het schuldenoverzicht wordt gestuurd.")


@_actie(
    rechten.ONINBAAR_VOORSTELLEN,
    titel=_l("Oninbaar voorstellen"),
    knop=_l("Voorstellen (een teamleider keurt goed)"),
    formulier=lambda p: forms.OninbaarForm(persoon=p),
)
def actie_oninbaar(request, persoon):
    data = _geldig(request, forms.OninbaarForm(request.POST, persoon=persoon))
    if data is None:
        return ""
    acties.oninbaar_voorstellen(
        persoon=persoon,
        door=request.user,
        datum=vandaag(),
        aanslagen=list(data["aanslagen"]),
        reden=data["reden"],
    )
    return _("Voorstel gedaan. Een teamleider beoordeelt het.")


@_actie(
    rechten.CONTACTGEGEVENS,
    titel=_l("Contactgegevens corrigeren"),
    knop=_l("Opslaan"),
    formulier=lambda p: forms.ContactgegevensForm(instance=p),
)
def actie_contactgegevens(request, persoon):
    form = forms.ContactgegevensForm(request.POST, instance=Belastingplichtige.objects.get(pk=persoon.pk))
    data = _geldig(request, form)
    if data is None:
        return ""
    veranderd = acties.contactgegevens(persoon=persoon, door=request.user, wijzigingen=data)
    return _("Contactgegevens bijgewerkt.") if veranderd else _("Er was niets veranderd.")


@_actie(rechten.HANDELEN)
def actie_taak_afronden(request, persoon, taak_pk):
    taak = get_object_or_404(Taak, pk=taak_pk, belastingplichtige=persoon)
    data = _geldig(request, forms.TaakAfrondenForm(request.POST))
    if data is None:
        return ""
    acties.taak_afronden(taak=taak, door=request.user, datum=vandaag(), toelichting=data["toelichting"])
    return _("Taak afgerond.")


@_actie(rechten.KWIJTSCHELDING_BEOORDELEN)
def actie_kwijtschelding_aanvullen(request, persoon, verzoek_pk):
    verzoek = get_object_or_404(Kwijtscheldingsverzoek, pk=verzoek_pk, belastingplichtige=persoon)
    form = forms.AanvullenForm(request.POST)
    if _geldig(request, form) is None:
        return ""
    acties.kwijtschelding_aanvullen(
        verzoek=verzoek, door=request.user, datum=vandaag(), ontbrekend=form.lijst()
    )
    return _("Aanvullende gegevens gevraagd. De inwoner krijgt een brief en u een beltaak.")


@_actie(rechten.KWIJTSCHELDING_BEOORDELEN)
def actie_kwijtschelding_beslissen(request, persoon, verzoek_pk):
    verzoek = get_object_or_404(Kwijtscheldingsverzoek, pk=verzoek_pk, belastingplichtige=persoon)
    data = _geldig(request, forms.BeslissenForm(request.POST))
    if data is None:
        return ""
    besluit = acties.kwijtschelding_beslissen(
        verzoek=verzoek, door=request.user, datum=vandaag(), afwijzingsgrond=data["afwijzingsgrond"]
    )
    return _("Besluit: %(u)s.") % {"u": besluit.get_uitkomst_display()}


# --- Pages for the bigger actions -----------------------------------------------------------------
@medewerker_nodig(rechten.HANDELEN)
def regeling(request, pk):
    persoon = get_object_or_404(Belastingplichtige, pk=pk)
    if request.method == "GET":
        inzage_vastleggen(request=request, persoon=persoon, pagina="regeling")
    datum = vandaag()
    voorstel = regelingen_dienst.regeling_voorstel(belastingplichtige=persoon, datum=datum)
    form = forms.RegelingForm(
        request.POST or None,
        initial={
            "aantal_termijnen": voorstel.aantal_termijnen or 1,
            "eerste_vervaldatum": voorstel.eerste_vervaldatum,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            acties.regeling(persoon=persoon, door=request.user, datum=datum, **form.cleaned_data)
        except (ValueError, ValidationError) as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("Betalingsregeling getroffen. De inwoner krijgt een bevestiging."))
            return redirect(_terug(persoon))
    return render(
        request,
        "medewerker/regeling.html",
        {
            "persoon": persoon,
            "voorstel": voorstel,
            "form": form,
            "actief": regelingen_dienst.actieve_regeling(belastingplichtige=persoon),
        },
    )


@medewerker_nodig(rechten.KWIJTSCHELDING_INDIENEN)
def kwijtschelding(request, pk):
    persoon = get_object_or_404(Belastingplichtige, pk=pk)
    if request.method == "GET":
        inzage_vastleggen(request=request, persoon=persoon, pagina="kwijtschelding")
    form = VerzoekForm(request.POST or None, belastingplichtige=persoon, prefix="v")
    leefsituatie = request.POST.get("v-leefsituatie") if request.method == "POST" else None
    inkomens = InkomenFormSet(request.POST or None, prefix="i", leefsituatie=leefsituatie)
    if request.method == "POST" and form.is_valid() and inkomens.is_valid():
        try:
            acties.kwijtschelding_indienen(
                persoon=persoon,
                door=request.user,
                datum=vandaag(),
                aanslagen=list(form.cleaned_data["aanslagen"]),
                gegevens=form.gegevens(inkomens.posten()),
            )
        except (ValueError, ValidationError) as fout:
            _fout(request, fout)
        else:
            messages.success(
                request, _("Kwijtschelding aangevraagd namens de inwoner. De invordering is gepauzeerd.")
            )
            return redirect(_terug(persoon))
    return render(
        request, "medewerker/kwijtschelding.html", {"persoon": persoon, "form": form, "inkomens": inkomens}
    )


@medewerker_nodig(rechten.ONINBAAR_GOEDKEUREN)
def voorstel(request, pk):
    v = get_object_or_404(
        Oninbaarvoorstel.objects.select_related("belastingplichtige", "voorgesteld_door"), pk=pk
    )
    form = forms.BeoordeelForm(request.POST or None)
    if request.method == "POST" and v.status == VoorstelStatus.VOORGESTELD and form.is_valid():
        try:
            acties.oninbaar_beoordelen(
                voorstel=v,
                door=request.user,
                datum=vandaag(),
                goedkeuren=form.cleaned_data["besluit"] == "goed",
                toelichting=form.cleaned_data["toelichting"],
            )
        except (ValueError, ValidationError, PermissionError) as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("Voorstel beoordeeld."))
            return redirect("medewerker:werkbak", sleutel="vier_ogen")
    return render(
        request,
        "medewerker/voorstel.html",
        {
            "voorstel": v,
            "aanslagen": list(v.aanslagen.all()),
            "form": form,
            "zelf": v.voorgesteld_door_id == request.user.pk,
        },
    )


@medewerker_nodig(rechten.ONINBAAR_GOEDKEUREN)
def voorstellen_open(request):
    return render(
        request,
        "medewerker/voorstellen.html",
        {
            "voorstellen": Oninbaarvoorstel.objects.filter(status=VoorstelStatus.VOORGESTELD)
            .select_related("belastingplichtige", "voorgesteld_door")
            .annotate(n=Count("aanslagen"))[:200]
        },
    )


# --- Audit log, jobs, sign out --------------------------------------------------------------------
@medewerker_nodig(rechten.LOG_LEZEN)
def inzagelog(request):
    qs = Dossierinzage.objects.select_related("gebruiker").order_by("-tijdstip", "-id")
    bsn = request.GET.get("bsn", "").strip()
    wie = request.GET.get("gebruiker", "").strip()
    if bsn:
        qs = qs.filter(bsn=bsn.replace(" ", ""))
    if wie:
        qs = qs.filter(Q(gebruiker__username=wie) | Q(gebruiker__last_name__iexact=wie))
    pagina = Paginator(qs, 100).get_page(request.GET.get("pagina"))
    return render(request, "medewerker/inzagelog.html", {"pagina": pagina, "bsn": bsn, "wie": wie})


@medewerker_nodig(rechten.OPENEN)
def verwerkingen(request):
    return render(request, "medewerker/verwerkingen.html", banen.overzicht())


def uitloggen(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, _("U bent uitgelogd."))
    return redirect("medewerker:inloggen")
