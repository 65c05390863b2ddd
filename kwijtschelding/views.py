"""The guarded download of uploaded documents. The portal and dashboard pages are built in their issues."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from invordering.models import Belastingplichtige

from . import selectors, services
from .models import Document

# The session key under which the portal's sign-in (DigiD, or the local stand-in) keeps the resident.
PORTAAL_SESSIE_SLEUTEL = "portaal_belastingplichtige_id"


def huidige_belastingplichtige(request) -> Belastingplichtige | None:
    """The signed-in resident, if any (set by the portal's sign-in)."""
    pk = request.session.get(PORTAAL_SESSIE_SLEUTEL)
    return Belastingplichtige.objects.filter(pk=pk).first() if pk else None


@never_cache
@require_GET
def document_download(request, pk: int):
    """A document for its own resident or for staff with the right; anyone else gets 404 (not 403), so
    the existence of another resident's document is not revealed. Every view is logged."""
    document = get_object_or_404(Document.objects.select_related("verzoek"), pk=pk)
    belastingplichtige = huidige_belastingplichtige(request)
    if not selectors.document_toegestaan(
        document=document, belastingplichtige=belastingplichtige, gebruiker=request.user
    ):
        raise Http404
    services.document_inzage_vastleggen(
        document=document, gebruiker=request.user, belastingplichtige=belastingplichtige
    )
    antwoord = FileResponse(
        document.bestand.open("rb"),
        as_attachment=True,
        filename=document.naam,
        content_type=document.content_type,
    )
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord
