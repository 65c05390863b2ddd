"""An officer opens a letter from the archive (rendered and stored on first view)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Brief
from .pdf import bestandsnaam, pdf_voor


@permission_required("communicatie.view_brief", raise_exception=True)
def brief_pdf(request, pk: int):
    # Staff only, with the one-time code where production asks for it (communicatie reads no domain
    # app, so the rule of invordering.rollen.aangemeld_met_tweede_factor is repeated here).
    if settings.MEDEWERKER_2FA and not request.user.is_verified():
        raise PermissionDenied
    brief = get_object_or_404(Brief, pk=pk)
    antwoord = HttpResponse(pdf_voor(brief), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'inline; filename="{bestandsnaam(brief)}"'
    return antwoord
