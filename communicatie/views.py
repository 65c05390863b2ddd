"""An officer opens a letter from the archive (rendered and stored on first view)."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Brief
from .pdf import bestandsnaam, pdf_voor


@permission_required("communicatie.view_brief", raise_exception=True)
def brief_pdf(request, pk: int):
    brief = get_object_or_404(Brief, pk=pk)
    antwoord = HttpResponse(pdf_voor(brief), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'inline; filename="{bestandsnaam(brief)}"'
    return antwoord
