"""The resident portal's pages. Views assemble services and selectors of the domain apps; no rules here.

Every page that shows personal data needs a signed-in resident (``inwoner_vereist``) and looks objects
up *through that resident* (``get_object_or_404(..., belastingplichtige=inwoner)``), so another
resident's id gives 404, never data. Two pages work without signing in and show only what their
signed token names: the pay link from a letter and the test provider's "bank".
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communicatie import betaallink
from communicatie.pdf import pdf_voor
from communicatie.qr import epc_payload, qr_svg
from communicatie.selectors import brieven_voor
from communicatie.sjablonen import Sjabloon
from invordering import selectors, services
from invordering.constants import (
    AanslagStatus,
    Boekingsoort,
    Bron,
    Component,
    StapSoort,
    ToestemmingSoort,
)
from invordering.keten.selectors import tijdlijn as keten_tijdlijn
from invordering.keten.vooruitblik import vooruitblik
from invordering.models import Aanslag, Belastingplichtige, Boeking, Termijn, Toestemming
from invordering.regelingen import regeling_maak, regeling_verzoek, regeling_voorstel
from invordering.schuldenoverzicht import schuldenoverzicht as schuldenoverzicht_van
from invordering.schuldenoverzicht import schuldenoverzicht_sturen
from kwijtschelding import selectors as kw_selectors
from kwijtschelding import services as kw_services
from kwijtschelding.check import kwijtscheldingscheck
from kwijtschelding.constants import AFGESLOTEN, CheckUitkomst
from kwijtschelding.forms import DocumentForm, InkomenFormSet, KwijtscheldingscheckForm, VerzoekForm
from kwijtschelding.models import Kwijtscheldingsverzoek
from vroegsignalering.services import ik_kan_niet_betalen

from . import betaalprovider, identiteit, weergave
from .forms import ContactvoorkeurenForm, RegelingVerzoekForm, TaalForm, TerugbelForm

logger = logging.getLogger(__name__)

ONTVANGER = "belastingplichtige:{pk}"


def vandaag() -> date:
    return timezone.localdate()


def inwoner_vereist(view):
    """The page needs a signed-in resident; without one, go to the sign-in page and come back after."""

    @functools.wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        inwoner = identiteit.huidige(request)
        if inwoner is None:
            return HttpResponseRedirect(f"{reverse('portaal:inloggen')}?volgende={request.path}")
        request.inwoner = inwoner
        return view(request, *args, **kwargs)

    return wrapper


def _ontvanger(inwoner: Belastingplichtige) -> str:
    return ONTVANGER.format(pk=inwoner.pk)


# --- Signing in and out, language ----------------------------------------------------------------
@require_GET
def start(request):
    if identiteit.huidige(request) is not None:
        return redirect("portaal:overzicht")
    return render(request, "portaal/start.html", {"mock": identiteit.is_mock()})


@require_GET
def inloggen(request):
    volgende = identiteit.veilige_volgende(request, request.GET.get("volgende"))
    if request.GET.get("digid") == "1":
        return identiteit.login_antwoord(request, volgende)
    demo = []
    if identiteit.is_mock():
        # The stand-in accepts any known BSN; a few demo residents with something open, to try it.
        demo = list(
            Belastingplichtige.objects.filter(
                aanslagen__status=AanslagStatus.OPEN, aanslagen__openstaand__gt=0
            )
            .distinct()
            .order_by("bsn")
            .values_list("bsn", flat=True)[:3]
        )
    return render(
        request,
        "portaal/inloggen.html",
        {"volgende": volgende, "mock": identiteit.is_mock(), "demo_bsns": demo},
    )


@require_GET
@never_cache
def digid_acs(request):
    """DigiD (or its stand-in) comes back here; a known BSN signs the resident in."""
    try:
        bsn = identiteit.bsn_na_terugkeer(request)
    except identiteit.InloggenMislukt:
        messages.error(request, _("Inloggen met DigiD is niet gelukt. Probeer het opnieuw."))
        return redirect("portaal:inloggen")
    inwoner = Belastingplichtige.objects.filter(bsn=bsn).first()
    if inwoner is None:
        return render(request, "portaal/onbekend.html", status=200)
    identiteit.aanmelden(request, inwoner)
    volgende = identiteit.veilige_volgende(request, request.GET.get("next"))
    antwoord = HttpResponseRedirect(volgende)
    # The resident's language choice, remembered on the resident, comes back with every sign-in.
    _taal_cookie(antwoord, inwoner.taal)
    return antwoord


@require_POST
def uitloggen(request):
    identiteit.afmelden(request)
    return render(request, "portaal/uitgelogd.html")


def _taal_cookie(antwoord: HttpResponse, taal: str) -> None:
    antwoord.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        taal,
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@require_POST
def taal_kiezen(request):
    """The language switcher (a plain form, no JavaScript); a signed-in resident keeps the choice."""
    form = TaalForm(request.POST)
    if not form.is_valid():
        return redirect("portaal:start")
    taal = form.cleaned_data["taal"]
    volgende = identiteit.veilige_volgende(request, form.cleaned_data.get("volgende"))
    if volgende == reverse("portaal:overzicht") and not form.cleaned_data.get("volgende"):
        volgende = reverse("portaal:start")
    inwoner = identiteit.huidige(request)
    if inwoner is not None:
        services.contactgegevens_wijzigen(
            belastingplichtige=inwoner, wijzigingen={"taal": taal}, tijdstip=timezone.now(), bron=Bron.PORTAAL
        )
    translation.activate(taal)
    antwoord = HttpResponseRedirect(volgende)
    _taal_cookie(antwoord, taal)
    return antwoord


# --- Overview and one aanslag --------------------------------------------------------------------
@inwoner_vereist
@require_GET
def overzicht(request):
    inwoner = request.inwoner
    datum = vandaag()
    aanslagen = list(
        Aanslag.objects.filter(belastingplichtige=inwoner)
        .prefetch_related(Prefetch("termijnen", queryset=Termijn.objects.order_by("volgnummer")))
        .order_by("-belastingjaar", "aanslagnummer")
    )
    pauzes = weergave.pauzes_per_aanslag(belastingplichtige=inwoner, datum=datum)
    regeling, stand, regeling_stap = weergave.regeling_stap(belastingplichtige=inwoner, datum=datum)
    blikken = vooruitblik(belastingplichtige=inwoner, datum=datum, aanslagen=aanslagen)
    regels = [
        weergave.AanslagRegel(
            a,
            weergave.volgende_stap(
                aanslag=a, datum=datum, pauzes=pauzes, regeling_stap=regeling_stap, blik=blikken.get(a.pk)
            ),
        )
        for a in aanslagen
    ]
    open_regels = [r for r in regels if r.aanslag.status == AanslagStatus.OPEN and r.aanslag.openstaand > 0]
    dicht_regels = [r for r in regels if r not in open_regels]
    saldo = selectors.saldo_belastingplichtige(belastingplichtige=inwoner)
    return render(
        request,
        "portaal/overzicht.html",
        {
            "inwoner": inwoner,
            "open_regels": open_regels,
            "dicht_regels": dicht_regels,
            "saldo": saldo,
            "tegoed": selectors.tegoed(belastingplichtige=inwoner),
            "regeling": regeling,
            "regeling_stap": regeling_stap,
            "verzoek": kw_selectors.lopend_verzoek(belastingplichtige=inwoner),
        },
    )


@inwoner_vereist
@require_GET
def aanslag(request, pk: int):
    inwoner = request.inwoner
    datum = vandaag()
    a = get_object_or_404(
        Aanslag.objects.prefetch_related("regels__belastingsoort", "termijnen"),
        pk=pk,
        belastingplichtige=inwoner,
    )
    boekingen = list(Boeking.objects.filter(aanslag=a).select_related("betaling").order_by("datum", "id"))
    betalingen = [b for b in boekingen if b.soort in (Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING)]
    kosten = [b for b in boekingen if b.component in (Component.KOSTEN, Component.RENTE) and b.bedrag > 0]
    pauzes = weergave.pauzes_per_aanslag(belastingplichtige=inwoner, datum=datum)
    _, _, regeling_stap = weergave.regeling_stap(belastingplichtige=inwoner, datum=datum)
    blik = vooruitblik(belastingplichtige=inwoner, datum=datum, aanslagen=[a]).get(a.pk)
    stap = weergave.volgende_stap(
        aanslag=a, datum=datum, pauzes=pauzes, regeling_stap=regeling_stap, blik=blik
    )
    tijdlijn = _tijdlijn(a, boekingen)
    return render(
        request,
        "portaal/aanslag.html",
        {
            "aanslag": a,
            "stap": stap,
            "betalingen": betalingen,
            "kosten": kosten,
            "saldo": selectors.saldo_aanslag(aanslag=a),
            "tijdlijn": tijdlijn,
        },
    )


def _tijdlijn(a: Aanslag, boekingen: list[Boeking]) -> list[dict]:
    """What happened on the aanslag, oldest first: the chain's facts (letters, calls, decisions) and the
    ledger (payments, costs, remission)."""
    regels = [{"datum": a.dagtekening, "tekst": _("Aanslag verstuurd")}]
    for stap in keten_tijdlijn(aanslag=a):
        if stap.soort == StapSoort.GEEN_ESCALATIE:
            continue  # an internal decision, told to the resident through the next step instead
        regels.append({"datum": stap.datum, "tekst": stap.get_soort_display()})
    for b in boekingen:
        if b.soort == Boekingsoort.AANSLAG:
            continue
        regels.append({"datum": b.datum, "tekst": f"{b.get_soort_display()}: {weergave.euro(abs(b.bedrag))}"})
    return sorted(regels, key=lambda r: r["datum"])


# --- Paying --------------------------------------------------------------------------------------
def _betaalgegevens(*, doel: str, bedrag: Decimal, kenmerk: str) -> dict:
    """EPC QR (a banking app scans it) and the transfer details, for the pay pages."""
    try:
        qr = qr_svg(
            epc_payload(
                naam=settings.ORGANISATIE_NAAM,
                iban=settings.ORGANISATIE_IBAN,
                bic=settings.ORGANISATIE_BIC,
                bedrag=bedrag,
                kenmerk=kenmerk,
            )
        )
    except ValueError:
        logger.warning("EPC QR could not be made for %s", doel)
        qr = None
    return {
        "doel": doel,
        "bedrag": bedrag,
        "kenmerk": kenmerk,
        "iban": settings.ORGANISATIE_IBAN,
        "ontvanger_naam": settings.ORGANISATIE_NAAM,
        "qr": qr,
    }


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def aanslag_betalen(request, pk: int):
    a = get_object_or_404(Aanslag, pk=pk, belastingplichtige=request.inwoner, status=AanslagStatus.OPEN)
    bedrag = a.openstaand
    if bedrag <= 0:
        raise Http404
    doel = f"aanslag:{a.pk}"
    if request.method == "POST":
        return _start_betaling(
            request, doel=doel, bedrag=bedrag, kenmerk=a.betalingskenmerk, terug=request.path
        )
    context = _betaalgegevens(doel=doel, bedrag=bedrag, kenmerk=a.betalingskenmerk)
    context.update({"aanslag": a, "ingelogd": True})
    return render(request, "portaal/betalen.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def betaallink_betalen(request, token: str):
    """The pay link from a letter: one target, no sign-in, nothing else reachable from it."""
    try:
        link = betaallink.lees_token(token, vandaag=vandaag())
    except betaallink.BetaallinkOngeldig:
        return render(request, "portaal/betaallink_ongeldig.html", status=404)
    if request.method == "POST":
        return _start_betaling(
            request, doel=link.doel, bedrag=link.bedrag, kenmerk=link.kenmerk, terug=request.path
        )
    context = _betaalgegevens(doel=link.doel, bedrag=link.bedrag, kenmerk=link.kenmerk)
    context.update({"ingelogd": False, "geldig_tot": link.geldig_tot})
    return render(request, "portaal/betalen.html", context)


def _start_betaling(request, *, doel: str, bedrag: Decimal, kenmerk: str, terug: str):
    try:
        betaalprovider.doel_gegevens(doel)
    except betaalprovider.BetalingOngeldig as fout:
        raise Http404 from fout
    opdracht = betaalprovider.Betaalopdracht(
        doel=doel, bedrag=bedrag, kenmerk=kenmerk, omschrijving=kenmerk, terug_url=terug
    )
    try:
        return HttpResponseRedirect(betaalprovider.provider().start(opdracht))
    except betaalprovider.ProviderFout:
        logger.exception("Betaling starten mislukt (%s)", doel)
        messages.error(
            request,
            _(
                "Online betalen lukt nu niet. Probeer het later nog eens, "
                "of maak het bedrag over met het betalingskenmerk hieronder."
            ),
        )
        return HttpResponseRedirect(terug)


@require_GET
@never_cache
def betaling_klaar(request):
    """Where the payment provider sends the resident back; the payment itself comes by the webhook."""
    return render(request, "portaal/betaling_klaar.html")


@csrf_exempt
@require_POST
def mollie_melding(request):
    """Mollie's webhook: only a payment id comes in; the payment is read back from Mollie's API and
    booked once when paid. Always 200 for an id we do not book (Mollie's advice: reveal nothing)."""
    provider = betaalprovider.provider()
    if not isinstance(provider, betaalprovider.MollieProvider):
        raise Http404
    try:
        betaald = provider.betaald(request.POST.get("id", ""))
        if betaald is not None:
            transactie, datum = betaald
            betaalprovider.betaling_verwerken(transactie=transactie, provider_naam=provider.naam, datum=datum)
    except betaalprovider.ProviderFout:
        logger.exception("Mollie-melding niet te lezen")
        return HttpResponse(status=503)  # Mollie tries again later
    except betaalprovider.BetalingOngeldig:
        logger.exception("Mollie-melding met een onbekend of onvolledig doel")
    return HttpResponse(status=200)


@require_http_methods(["GET", "POST"])
@never_cache
def testbank(request, token: str):
    """The test provider's "bank" (development, demo and tests only): Pay or Cancel."""
    if not isinstance(betaalprovider.provider(), betaalprovider.TestProvider):
        raise Http404
    try:
        transactie = betaalprovider.TestProvider.lees(token)
    except betaalprovider.BetalingOngeldig as fout:
        raise Http404 from fout
    if request.method == "POST":
        if request.POST.get("actie") == "betalen":
            betaalprovider.betaling_verwerken(transactie=transactie, provider_naam="test", datum=vandaag())
            return render(request, "portaal/betaald.html", {"transactie": transactie})
        messages.info(request, _("U heeft de betaling afgebroken. Er is niets betaald."))
        return HttpResponseRedirect(identiteit.veilige_volgende(request, transactie.terug_url))
    return render(request, "portaal/testbank.html", {"transactie": transactie})


# --- Payment plan --------------------------------------------------------------------------------
@inwoner_vereist
@require_http_methods(["GET", "POST"])
def regeling(request):
    inwoner = request.inwoner
    datum = vandaag()
    lopend, stand, stap = weergave.regeling_stap(belastingplichtige=inwoner, datum=datum)
    if lopend is not None:
        return render(
            request, "portaal/regeling_lopend.html", {"regeling": lopend, "stand": stand, "stap": stap}
        )
    voorstel = regeling_voorstel(belastingplichtige=inwoner, datum=datum)
    form = RegelingVerzoekForm(request.POST or None)
    if request.method == "POST":
        actie = request.POST.get("actie")
        if actie == "afsluiten" and voorstel.haalbaar:
            try:
                regeling_maak(belastingplichtige=inwoner, datum=datum, bron=Bron.PORTAAL)
            except ValueError as fout:
                logger.info("Portal plan refused: %s", fout)
                messages.error(request, _("Dit kan niet via het portaal. Vraag hieronder een medewerker."))
                return redirect("portaal:regeling")
            messages.success(
                request, _("Uw betalingsregeling is afgesloten. U krijgt een bevestiging per brief.")
            )
            return redirect("portaal:regeling")
        if actie == "verzoek" and form.is_valid():
            regeling_verzoek(
                belastingplichtige=inwoner,
                datum=datum,
                toelichting=form.cleaned_data["toelichting"],
                aantal_termijnen=form.cleaned_data["aantal_termijnen"],
                bron=Bron.PORTAAL,
            )
            return render(request, "portaal/bedankt.html", {"soort": "regeling"})
    return render(request, "portaal/regeling.html", {"voorstel": voorstel, "form": form})


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def regeling_betalen(request):
    """Pay what is due now on the active plan: the arrears, or else the next installment."""
    lopend, stand, _stap = weergave.regeling_stap(belastingplichtige=request.inwoner, datum=vandaag())
    if lopend is None or stand.volgende is None:
        raise Http404
    bedrag = stand.achterstand if stand.achterstand > 0 else stand.volgende.open
    doel = f"regeling:{lopend.pk}"
    if request.method == "POST":
        return _start_betaling(
            request, doel=doel, bedrag=bedrag, kenmerk=lopend.betalingskenmerk, terug=request.path
        )
    context = _betaalgegevens(doel=doel, bedrag=bedrag, kenmerk=lopend.betalingskenmerk)
    context.update({"ingelogd": True, "regeling": lopend})
    return render(request, "portaal/betalen.html", context)


# --- Remission -----------------------------------------------------------------------------------
@inwoner_vereist
@require_GET
def kwijtschelding(request):
    verzoeken = kw_selectors.verzoeken_van(belastingplichtige=request.inwoner).prefetch_related("documenten")
    return render(request, "portaal/kwijtschelding.html", {"verzoeken": verzoeken})


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def kwijtschelding_aanvragen(request):
    inwoner = request.inwoner
    if kw_selectors.lopend_verzoek(belastingplichtige=inwoner) is not None:
        messages.info(request, _("U heeft al een verzoek dat we bekijken."))
        return redirect("portaal:kwijtschelding")
    post = request.POST if request.method == "POST" else None
    bestanden = request.FILES if request.method == "POST" else None
    form = VerzoekForm(post, belastingplichtige=inwoner, prefix="verzoek")
    leefsituatie = request.POST.get("verzoek-leefsituatie") if post else None
    inkomens = InkomenFormSet(post, prefix="inkomen", leefsituatie=leefsituatie)
    document = DocumentForm(post, bestanden, prefix="document")
    if post is not None:
        document_gekozen = bool(request.FILES.get("document-bestand"))
        if form.is_valid() and inkomens.is_valid() and (not document_gekozen or document.is_valid()):
            try:
                with transaction.atomic():
                    verzoek = kw_services.verzoek_indienen(
                        belastingplichtige=inwoner,
                        aanslagen=list(form.cleaned_data["aanslagen"]),
                        gegevens=form.gegevens(inkomens.posten()),
                        datum=vandaag(),
                    )
                    if document_gekozen:
                        kw_services.document_toevoegen(
                            verzoek=verzoek,
                            bestand=document.cleaned_data["bestand"],
                            soort=document.cleaned_data["soort"],
                            belastingplichtige=inwoner,
                        )
            except ValidationError as fout:
                _fouten_naar_form(form, fout)
            else:
                return render(
                    request, "portaal/bedankt.html", {"soort": "kwijtschelding", "verzoek": verzoek}
                )
    return render(
        request,
        "portaal/kwijtschelding_aanvragen.html",
        {"form": form, "inkomens": inkomens, "document": document},
    )


def _fouten_naar_form(form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout.messages)


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def kwijtschelding_verzoek(request, pk: int):
    verzoek = get_object_or_404(
        Kwijtscheldingsverzoek.objects.prefetch_related("documenten", "aanslagen"),
        pk=pk,
        belastingplichtige=request.inwoner,
    )
    open_voor_documenten = verzoek.status not in AFGESLOTEN
    form = DocumentForm(request.POST or None, request.FILES or None, prefix="document")
    if request.method == "POST" and open_voor_documenten and form.is_valid():
        try:
            kw_services.document_toevoegen(
                verzoek=verzoek,
                bestand=form.cleaned_data["bestand"],
                soort=form.cleaned_data["soort"],
                belastingplichtige=request.inwoner,
            )
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            raise Http404 from fout
        else:
            messages.success(request, _("Uw bewijsstuk is ontvangen."))
            return redirect("portaal:kwijtschelding_verzoek", pk=verzoek.pk)
    return render(
        request,
        "portaal/kwijtschelding_verzoek.html",
        {"verzoek": verzoek, "form": form, "open_voor_documenten": open_voor_documenten},
    )


@require_http_methods(["GET", "POST"])
def kwijtschelding_check(request):
    """The anonymous quick check: no sign-in, nothing stored."""
    form = KwijtscheldingscheckForm(request.POST or None)
    resultaat = None
    if request.method == "POST" and form.is_valid():
        resultaat = kwijtscheldingscheck(form.antwoorden(), peildatum=vandaag())
    return render(
        request,
        "portaal/kwijtschelding_check.html",
        {
            "form": form,
            "resultaat": resultaat,
            "wel": resultaat is not None and resultaat.uitkomst == CheckUitkomst.WAARSCHIJNLIJK_WEL,
            "ingelogd": identiteit.huidige(request) is not None,
        },
    )


# --- "Ik kan niet betalen": a callback request ------------------------------------------------------
@inwoner_vereist
@require_http_methods(["GET", "POST"])
def kan_niet_betalen(request):
    inwoner = request.inwoner
    form = TerugbelForm(request.POST or None, initial={"telefoon": inwoner.telefoon})
    if request.method == "POST" and form.is_valid():
        datum = vandaag()
        telefoon = form.cleaned_data["telefoon"]
        toelichting = form.cleaned_data["toelichting"]
        tekst = f"Ik kan niet betalen. Bel terug op {telefoon}.\n{toelichting}".strip()
        # vroegsignalering records the contact, makes the callback task (TaakSoort.TERUGBELVERZOEK) and
        # prepares a signal for debt help; asking twice on a day changes nothing.
        ik_kan_niet_betalen(belastingplichtige=inwoner, datum=datum, toelichting=tekst, bron="portaal")
        return render(request, "portaal/bedankt.html", {"soort": "terugbellen", "telefoon": telefoon})
    return render(request, "portaal/kan_niet_betalen.html", {"form": form})


# --- Contact preferences and consents ------------------------------------------------------------
@inwoner_vereist
@require_http_methods(["GET", "POST"])
def contact(request):
    inwoner = request.inwoner
    form = ContactvoorkeurenForm(request.POST or None, instance=inwoner)
    if request.method == "POST" and form.is_valid():
        services.contactgegevens_wijzigen(
            belastingplichtige=inwoner,
            wijzigingen={veld: form.cleaned_data[veld] for veld in form.Meta.fields},
            tijdstip=timezone.now(),
            bron=Bron.PORTAAL,
        )
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        antwoord = redirect("portaal:contact")
        _taal_cookie(antwoord, form.cleaned_data["taal"])
        return antwoord
    return render(request, "portaal/contact.html", {"form": form})


TOESTEMMINGEN = (
    ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
    ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
)


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def toestemmingen(request):
    inwoner = request.inwoner
    if request.method == "POST":
        soort = request.POST.get("soort")
        actie = request.POST.get("actie")
        if soort not in TOESTEMMINGEN or actie not in ("geven", "intrekken"):
            return redirect("portaal:toestemmingen")
        tijdstip = timezone.now()
        if soort == ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS:
            if actie == "geven":
                kw_services.toestemming_automatische_toets_geven(
                    belastingplichtige=inwoner, tijdstip=tijdstip, bron=Bron.PORTAAL
                )
            else:
                kw_services.toestemming_automatische_toets_intrekken(
                    belastingplichtige=inwoner, tijdstip=tijdstip
                )
        elif actie == "geven":
            services.toestemming_geef(
                belastingplichtige=inwoner, soort=soort, tijdstip=tijdstip, bron=Bron.PORTAAL
            )
        else:
            services.toestemming_trek_in(belastingplichtige=inwoner, soort=soort, tijdstip=tijdstip)
        messages.success(request, _("Uw keuze is opgeslagen."))
        return redirect("portaal:toestemmingen")
    actief = {
        t.soort: t
        for t in Toestemming.objects.filter(belastingplichtige=inwoner, ingetrokken_op__isnull=True)
    }
    rijen = [{"soort": s, "label": s.label, "actief": actief.get(s)} for s in TOESTEMMINGEN]
    return render(request, "portaal/toestemmingen.html", {"rijen": rijen})


# --- Letters and the debt overview ---------------------------------------------------------------
@inwoner_vereist
@require_GET
def brieven(request):
    brieven_lijst = [
        {"brief": b, "titel": Sjabloon(b.sjabloon).label if b.sjabloon in Sjabloon.values else b.sjabloon}
        for b in brieven_voor(_ontvanger(request.inwoner))
    ]
    return render(request, "portaal/brieven.html", {"brieven": brieven_lijst})


@inwoner_vereist
@require_GET
def brief_pdf(request, pk: int):
    brief = get_object_or_404(brieven_voor(_ontvanger(request.inwoner)), pk=pk)
    inhoud = pdf_voor(brief)
    antwoord = HttpResponse(inhoud, content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="brief-{brief.pk}.pdf"'
    return antwoord


@inwoner_vereist
@require_http_methods(["GET", "POST"])
def schuldenoverzicht(request):
    """The debt overview on screen, and as a PDF (the SCHULDENOVERZICHT letter, once per day)."""
    inwoner = request.inwoner
    datum = vandaag()
    if request.method == "POST":
        brief = schuldenoverzicht_sturen(belastingplichtige=inwoner, datum=datum)
        antwoord = HttpResponse(pdf_voor(brief), content_type="application/pdf")
        antwoord["Content-Disposition"] = f'attachment; filename="schuldenoverzicht-{datum.isoformat()}.pdf"'
        return antwoord
    overzicht = schuldenoverzicht_van(belastingplichtige=inwoner, datum=datum)
    return render(request, "portaal/schuldenoverzicht.html", {"overzicht": overzicht, "datum": datum})
