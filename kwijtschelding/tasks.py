"""Celery tasks: thin wrappers around one service each (twins of the management commands)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="kwijtschelding.hertoets")
def kwijtschelding_hertoets(datum: str | None = None) -> dict:
    """The yearly automatic re-test for ``datum`` (ISO, default today); idempotent, so safe to retry."""
    verslag = services.hertoets_uitvoeren(datum=date.fromisoformat(datum) if datum else timezone.localdate())
    return verslag.als_dict()
