"""Template context of the portal pages: who is signed in, the organisation's contact details, mock mode."""

from django.conf import settings

from . import identiteit


def portaal(request) -> dict:
    if not request.path.startswith("/portaal/"):
        return {}
    return {
        "portaal_inwoner": getattr(request, "inwoner", None) or identiteit.huidige(request),
        "mock_digid": identiteit.is_mock(),
        "organisatie_naam": settings.ORGANISATIE_NAAM,
        "organisatie_telefoon": settings.ORGANISATIE_TELEFOON,
        "organisatie_email": settings.ORGANISATIE_EMAIL,
    }
