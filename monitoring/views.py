"""The teamlead's report pages: the HTML report, table exports, the PDF for the board."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .export import CSV_TYPE, XLSX_TYPE, tabel_csv, tabellen_xlsx
from .kader import DIMENSIES
from .pdf import rapport_pdf
from .periodes import OngeldigePeriode, Periode, periode_uit_query
from .rapport import SECTIES, rapport_lees, rapport_maak
from .toegang import monitoring_toegang
from .weergave import grafieken_voor


def _keuzes(request) -> tuple[Periode | None, str, str]:
    """Period and grouping from the query string, or an error message to show."""
    groep = request.GET.get("groep", "totaal")
    if groep not in DIMENSIES:
        groep = "totaal"
    try:
        return periode_uit_query(request.GET, vandaag=timezone.localdate()), groep, ""
    except OngeldigePeriode as fout:
        return None, groep, str(fout)


def _context(request, periode, groep, fout="", **extra) -> dict:
    return {
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
