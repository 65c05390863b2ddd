"""Infrastructure views: the health check for load balancers."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    if settings.CELERY_EMBEDDED:
        return "embedded"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, when one is configured) answers; 503 otherwise."""
    checks = {}
    for naam, check in (("database", _database), ("broker", _broker)):
        try:
            checks[naam] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy; the reason is reported
            checks[naam] = f"fout: {exc.__class__.__name__}"
    gezond = all(v in ("ok", "embedded") for v in checks.values())
    return JsonResponse({"status": "ok" if gezond else "fout", **checks}, status=200 if gezond else 503)
