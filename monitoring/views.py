"""The teamlead's report pages: the HTML report, table exports, the PDF for the board."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .export import CSV_TYPE, XLSX_TYPE, tabel_csv, tabellen_xlsx
from .kader import DIMENSIES
from .pdf import rapport_pdf
from .periodes import OngeldigePeriode, Periode, periode_uit_query
from .proef import vergelijk
from .rapport import SECTIES, rapport_lees, rapport_maak
from .toegang import monitoring_toegang
from .weergave import grafieken_voor, proef_grafieken


def _keuzes(request) -> tuple[Periode | None, str, str]:
    """Period and grouping from the query string, or an error message to show."""
    groep = request.GET.get("groep", "totaal")
    if groep not in DIMENSIES:
        groep = "totaal"
    try:
        return periode_uit_query(request.GET, vandaag=timezone.localdate()), groep, ""
    except OngeldigePeriode as fout:
        return None, groep, str(fout)


def _menu() -> list[dict]:
    return [
        {"url": reverse("monitoring:proef"), "label": _("Proef tegen proef")},
        {"url": reverse("monitoring:wat_als"), "label": _("Wat als: ander beleid")},
    ]


def _context(request, periode, groep, fout="", **extra) -> dict:
    return {
        "monitoring_menu": _menu(),
        "periode": periode,
        "groep": groep,
        "dimensies": DIMENSIES.values(),
        "fout": fout,
        "query": request.GET.urlencode(),
        "gemaakt_op": timezone.localtime(),
        **extra,
    }


@never_cache
@require_GET
@monitoring_toegang
def rapport(request):
    periode, groep, fout = _keuzes(request)
    if periode is None:
        return render(request, "monitoring/rapport.html", _context(request, None, groep, fout), status=400)
    r = rapport_lees(periode=periode, dimensie=groep, vers=request.GET.get("vers") == "1")
    return render(
        request,
        "monitoring/rapport.html",
        _context(request, periode, groep, rapport=r, grafieken=grafieken_voor(r)),
    )


@never_cache
@require_GET
@monitoring_toegang
def export(request, sectie: str, formaat: str):
    periode, groep, fout = _keuzes(request)
    if periode is None:
        return HttpResponse(fout, status=400, content_type="text/plain; charset=utf-8")
    if sectie == "alles":
        if formaat != "xlsx":
            raise Http404
        r = rapport_lees(periode=periode, dimensie=groep, vers=request.GET.get("vers") == "1")
        tabellen = [*r.tabellen, r.trend]
    elif sectie in SECTIES or sectie == "maandtrend":
        r = rapport_maak(periode=periode, dimensie=groep, secties=[sectie])
        tabellen = [r.tabel(sectie)]
    else:
        raise Http404
    naam = f"monitoring-{sectie}-{periode.van:%Y%m%d}-{periode.tot:%Y%m%d}-{slugify(groep)}"
    if formaat == "csv":
        antwoord = HttpResponse(tabel_csv(tabellen[0]), content_type=CSV_TYPE)
    else:
        kop = _("Periode %(periode)s, per %(groep)s") % {"periode": periode.label, "groep": r.dimensie.label}
        antwoord = HttpResponse(tabellen_xlsx(tabellen, kop=kop), content_type=XLSX_TYPE)
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    return antwoord


@never_cache
@require_GET
@monitoring_toegang
def pdf(request):
    periode, groep, fout = _keuzes(request)
    if periode is None:
        return HttpResponse(fout, status=400, content_type="text/plain; charset=utf-8")
    r = rapport_lees(periode=periode, dimensie=groep, vers=request.GET.get("vers") == "1")
    _html, inhoud = rapport_pdf(_context(request, periode, groep, rapport=r, grafieken=grafieken_voor(r)))
    antwoord = HttpResponse(inhoud, content_type="application/pdf")
    antwoord["Content-Disposition"] = (
        f'inline; filename="monitoring-{periode.van:%Y%m%d}-{periode.tot:%Y%m%d}.pdf"'
    )
    return antwoord


@never_cache
@require_GET
@monitoring_toegang
def proef(request):
    """Two policy variants side by side on the same period (seed 004: decide on evidence)."""
    periode, _groep, fout = _keuzes(request)
    context = _context(request, periode, "variant", fout)
    if periode is None:
        return render(request, "monitoring/proef.html", context, status=400)
    r = rapport_lees(periode=periode, dimensie="variant", vers=request.GET.get("vers") == "1")
    varianten = [rij.groep for rij in r.tabel("keten").rijen]
    a = request.GET.get("a") or (varianten[0] if varianten else "")
    b = request.GET.get("b") or (varianten[1] if len(varianten) > 1 else a)
    v = vergelijk(r, a=a, b=b)
    formaat = request.GET.get("formaat")
    if formaat in ("csv", "xlsx"):
        naam = f"monitoring-proef-{periode.van:%Y%m%d}-{periode.tot:%Y%m%d}"
        if formaat == "csv":
            inhoud = b"".join(tabel_csv(t) for t in v.tabellen)
            antwoord = HttpResponse(inhoud, content_type=CSV_TYPE)
        else:
            kop = _("Periode %(periode)s: A = %(a)s, B = %(b)s") % {"periode": periode.label, "a": a, "b": b}
            antwoord = HttpResponse(tabellen_xlsx(v.tabellen, kop=kop), content_type=XLSX_TYPE)
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
        return antwoord
    context.update(rapport=r, vergelijking=v, varianten=varianten, a=a, b=b, grafieken=proef_grafieken(v))
    return render(request, "monitoring/proef.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@monitoring_toegang
def wat_als(request):
    """Run the chain over a past period with another policy, in a transaction that is rolled back."""
    from invordering.models import Invorderingsbeleid

    from .watals import MAX_DAGEN_WEB, beleid_kiezen
    from .watals import wat_als as bereken

    bron = request.POST if request.method == "POST" else request.GET
    periode, _groep, fout = _keuzes(request) if request.method == "GET" else (None, "totaal", "")
    if request.method == "POST":
        try:
            periode = periode_uit_query(bron, vandaag=timezone.localdate())
        except OngeldigePeriode as e:
            fout = str(e)
    namen = [
        "Klassiek",
        *Invorderingsbeleid.objects.order_by("naam").values_list("naam", flat=True).distinct(),
    ]
    gekozen = bron.get("beleid") or "Klassiek"
    context = _context(
        request, periode, "totaal", fout, namen=namen, gekozen=gekozen, max_dagen=MAX_DAGEN_WEB
    )
    if request.method == "POST" and periode is not None:
        try:
            beleid = beleid_kiezen(naam=gekozen, datum=periode.van)
            uitkomst = bereken(periode=periode, beleid=beleid, max_dagen=MAX_DAGEN_WEB)
        except (LookupError, ValueError) as e:
            context["fout"] = str(e)
            return render(request, "monitoring/wat_als.html", context, status=400)
        context["uitkomst"] = uitkomst
    return render(request, "monitoring/wat_als.html", context, status=400 if context["fout"] else 200)
