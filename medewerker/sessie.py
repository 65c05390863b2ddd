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
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from . import voorbereid

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


class SessionStore(DatabaseSessionStore):
    """Django's database sessions (same table, same rows), the row read with one raw statement: the
    ORM's ``get()`` cost more to build than to run, on every signed-in request. Writing is Django's."""

    def _get_session_from_db(self):
        sleutel = self.session_key  # None when the cookie's key is malformed (SessionBase checks it)
        if sleutel:
            connection = connections[router.db_for_read(self.model)]
            with voorbereid.cursor(connection) as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {self.model._meta.db_table} WHERE session_key = %s AND expire_date > %s",
                    [sleutel, connection.ops.adapt_datetimefield_value(timezone.now())],
                )
                rij = cursor.fetchone()
            if rij is not None:
                return SimpleNamespace(session_data=rij[0])
        self._session_key = None
        return None
