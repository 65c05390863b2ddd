"""The dashboard's hot raw statements as prepared statements on PostgreSQL.

Django's psycopg setup binds parameters on the client and never prepares (``prepare_threshold`` None,
for connection poolers), so PostgreSQL parses and plans each statement on every request: for the user
with their permissions, the start page's counts and the dossier's timeline the planning cost more
database CPU than running them. ``cursor()`` runs those statements on a server-binding cursor that
prepares them: planned once per database connection (``DATABASE_CONN_MAX_AGE`` keeps it open), then
only executed. ``DATABASE_VOORBEREIDEN=0`` turns it off (a transaction-pooling PgBouncer older than
1.21 cannot keep prepared statements).
"""

from __future__ import annotations

from django.conf import settings


def cursor(connection):
    """Django's cursor for ``connection`` (health check, error mapping, query log and counts as for any
    other query), on PostgreSQL with a cursor underneath that prepares what it executes."""
    wrapper = connection.cursor()
    if connection.vendor == "postgresql" and settings.DATABASE_VOORBEREIDEN:
        psycopg_verbinding = connection.connection
        if psycopg_verbinding.prepare_threshold is None:
            # psycopg prepares nothing while the threshold is None, not even on request. Django's own
            # cursors bind on the client and never prepare, whatever the threshold; so with this one
            # (never reached by count) only what runs here is prepared.
            psycopg_verbinding.prepare_threshold = 2**31 - 1
        wrapper.cursor.close()
        wrapper.cursor = _voorbereidende_cursor()(psycopg_verbinding)
    return wrapper


_KLASSE = None


def _voorbereidende_cursor():
    global _KLASSE  # noqa: PLW0603 - built once, on PostgreSQL only (psycopg is not needed elsewhere)
    if _KLASSE is None:
        import psycopg

        class Voorbereid(psycopg.Cursor):
            def execute(self, query, params=None, *, prepare=None, binary=None):
                return super().execute(query, params, prepare=True, binary=binary)

            def _send_query_prepared(self, name, pgq, *, binary=None):
                # psycopg keeps the query text only when it sends it; Django's query log reads it
                # (connection.queries, the tests' query counts and their SQL).
                self._query = pgq
                return super()._send_query_prepared(name, pgq, binary=binary)

        _KLASSE = Voorbereid
    return _KLASSE
