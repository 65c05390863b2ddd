"""Celery tasks: thin wrappers around one service each (twins of the management commands)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="vroegsignalering.signalen_bepalen")
def signalen_bepalen(datum: str | None = None) -> dict:
    """The daily signal job for ``datum`` (ISO, default today); idempotent, so safe to retry."""
    verslag = services.signalen_bepalen(datum=date.fromisoformat(datum) if datum else timezone.localdate())
    return verslag.als_dict()
