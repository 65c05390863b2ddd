"""The portal's language default and security headers: a strict content security policy and no caching
of personal pages."""

from django.conf import settings
from django.http import Http404
from django.utils import translation

PORTAAL_PAD = "/portaal/"
MOCK_PAD = "/portaal/digid-mock/"


def content_security_policy() -> str:
    """Only our own scripts, styles, images and forms; no inline code, no framing, no plugins."""
    formulieren = " ".join(["'self'", *settings.PORTAAL_CSP_FORM_ACTION])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            f"form-action {formulieren}",
        ]
    )


class PortaalBeveiligingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(MOCK_PAD) and settings.PORTAAL_DIGID != "mock":
            raise Http404  # the DigiD stand-in exists only in mock mode
        if request.path.startswith(PORTAAL_PAD) and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # Dutch until the resident chooses (the switcher or their stored choice sets the cookie), not
            # whatever language the browser happens to announce.
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        if request.path.startswith(PORTAAL_PAD):
            if not getattr(response, "portaal_csp_vrij", False):
                response.setdefault("Content-Security-Policy", content_security_policy())
            response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
            response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            # Personal data: never in a shared or back-button cache.
            if "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-store"
        return response
