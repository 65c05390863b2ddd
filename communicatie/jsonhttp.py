"""A JSON request with a bearer token over the standard library, for the outside services the app
calls (the SMS provider, the payment provider): one place for the request and for telling a refusal
from an outage."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class Geweigerd(Exception):
    """The service answered with an error status; ``antwoord`` is its JSON body (or None)."""

    def __init__(self, status: int, reden: str, antwoord: dict | None):
        super().__init__(f"{status} {reden}")
        self.status, self.reden, self.antwoord = status, reden, antwoord


class Onbereikbaar(Exception):
    """No usable answer: the service could not be reached, timed out, or did not answer JSON."""


def verzoek(url: str, *, token: str, body: dict | None = None, timeout: float = 10) -> dict:
    """POST ``body`` (GET without one) as JSON with ``Authorization: Bearer <token>``; the JSON answer."""
    aanvraag = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "User-Agent": "sociaal-invorderen",
        },
    )
    try:
        with urllib.request.urlopen(aanvraag, timeout=timeout) as antwoord:
            return json.loads(antwoord.read())
    except urllib.error.HTTPError as fout:
        try:
            inhoud = json.loads(fout.read())
        except ValueError:
            inhoud = None
        raise Geweigerd(fout.code, str(fout.reason), inhoud if isinstance(inhoud, dict) else None) from fout
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as fout:
        raise Onbereikbaar(str(fout)) from fout
