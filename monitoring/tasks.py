"""Celery tasks: thin wrappers around one service each (twins of the management commands)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import rapport


@shared_task(name="monitoring.snapshots_bijwerken")
def snapshots_bijwerken(datum: str | None = None) -> int:
    """Store the report's standard periods for ``datum`` (ISO, default today); rerunning replaces them."""
    return rapport.snapshots_bijwerken(
        datum=date.fromisoformat(datum) if datum else timezone.localdate(), nu=timezone.now()
    )
