"""Sliding session timeout without a database write on every request.

``SESSION_COOKIE_AGE`` (30 minutes) counts from the last request. Django's way to get that,
``SESSION_SAVE_EVERY_REQUEST``, rewrites the session row on every request (BEGIN, UPDATE, COMMIT)
even when nothing in it changed. This middleware renews the expiry only when the last renewal is
at least ``SESSIE_VERLENGEN_NA`` seconds old, so the timeout still counts from the last request, to
within that margin, for a fraction of the writes. Requests that never touch the session (``/healthz``,
static files) do not read it either.

Place it directly after ``SessionMiddleware``: its response step then runs first.
"""

from __future__ import annotations

import time

from django.conf import settings

SLEUTEL = "_verlengd"


class SessieVerlengen:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sessie = getattr(request, "session", None)
        if sessie is None or not sessie.accessed or sessie.is_empty():
            return response  # untouched (not even read), or no session to keep alive
        nu = int(time.time())
        if sessie.modified or nu - sessie.get(SLEUTEL, 0) >= settings.SESSIE_VERLENGEN_NA:
            sessie[SLEUTEL] = nu  # marks the session modified: SessionMiddleware saves it
        return response
