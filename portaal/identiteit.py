"""Who the resident is: the one adapter between the portal and DigiD.

Two modes (setting ``PORTAAL_DIGID``), the same behaviour for the portal:

* ``mock``: the DigiD stand-in of django-digid-eherkenning (its "mock IdP" pages, clearly marked as not
  real). The resident types a BSN; the stand-in returns to our ACS with ``?bsn=``. For development,
  the demo and the tests only: never switch it on where real residents sign in.
* ``saml``: the real DigiD SAML 2 artifact flow of django-digid-eherkenning (``DigiDLoginView`` posts
  the AuthnRequest, our ACS resolves the artifact with ``DigiDClient``). Certificates and metadata are
  configured in the admin ("DigiD configuration"), as the package prescribes.

The portal never uses Django users for residents: signing in puts the resident's id under
``kwijtschelding.views.PORTAAL_SESSIE_SLEUTEL`` in a fresh session that expires after
``PORTAAL_SESSIE_MINUTEN`` of inactivity.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from invordering.models import Belastingplichtige
from kwijtschelding.views import PORTAAL_SESSIE_SLEUTEL, huidige_belastingplichtige

logger = logging.getLogger(__name__)

BSN_PATROON = re.compile(r"^\d{9}$")


class InloggenMislukt(Exception):
    """DigiD did not give us a usable BSN (cancelled, error, or a malformed answer)."""


def is_mock() -> bool:
    return settings.PORTAAL_DIGID == "mock"


def veilige_volgende(request: HttpRequest, volgende: str | None) -> str:
    """Only a path on this site is a valid place to return to after signing in."""
    if (
        volgende
        and volgende.startswith("/portaal/")
        and url_has_allowed_host_and_scheme(
            volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return volgende
    return reverse("portaal:overzicht")


def login_antwoord(request: HttpRequest, volgende: str) -> HttpResponse:
    """Send the resident to DigiD (or its stand-in); DigiD comes back to ``portaal:digid_acs``."""
    acs = request.build_absolute_uri(reverse("portaal:digid_acs"))
    if is_mock():
        parameters = {
            "acs": acs,
            "next": volgende,
            "cancel": request.build_absolute_uri(reverse("portaal:inloggen")),
        }
        return HttpResponseRedirect(f"{reverse('digid-mock:login')}?{urlencode(parameters)}")
    from digid_eherkenning.views.digid import DigiDLoginView  # needs the SAML configuration

    return DigiDLoginView.as_view()(request)


def bsn_na_terugkeer(request: HttpRequest) -> str:
    """The BSN DigiD vouched for, read from the request that came back to our ACS."""
    bsn = request.GET.get("bsn", "") if is_mock() else _bsn_uit_saml(request)
    if not BSN_PATROON.match(bsn or ""):
        raise InloggenMislukt("geen geldig BSN")
    return bsn


def _bsn_uit_saml(request: HttpRequest) -> str:
    from digid_eherkenning.saml2.digid import DigiDClient
    from onelogin.saml2.utils import OneLogin_Saml2_Error

    artefact = request.GET.get("SAMLart")
    if not artefact:
        raise InloggenMislukt("geen SAML-artefact")
    try:
        antwoord = DigiDClient().artifact_resolve(request, artefact)
        name_id = antwoord.get_nameid()
    except OneLogin_Saml2_Error as fout:
        logger.warning("DigiD artifact resolve failed: %s", fout)
        raise InloggenMislukt("DigiD gaf een fout") from fout
    return bsn_uit_name_id(name_id)


def bsn_uit_name_id(name_id: str) -> str:
    """DigiD's NameID is ``s00000000:<bsn>`` (sector code for BSN); anything else is refused."""
    sector, _, nummer = (name_id or "").partition(":")
    if sector != "s00000000":
        raise InloggenMislukt("geen BSN-sector")
    return nummer


def aanmelden(request: HttpRequest, belastingplichtige: Belastingplichtige) -> None:
    """Start the resident's session: a new session key (no fixation), the id, the idle timeout."""
    request.session.cycle_key()
    request.session[PORTAAL_SESSIE_SLEUTEL] = belastingplichtige.pk
    request.session.set_expiry(settings.PORTAAL_SESSIE_MINUTEN * 60)


def afmelden(request: HttpRequest) -> None:
    request.session.flush()


def huidige(request: HttpRequest) -> Belastingplichtige | None:
    return huidige_belastingplichtige(request)
