"""Celery tasks for paying (issue 4). Thin: an ISO date in, one service call, idempotent."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from .regelingen import regelingen_bewaken as _regelingen_bewaken


@shared_task(name="invordering.tasks_betalen.regelingen_bewaken")
def regelingen_bewaken(datum: str | None = None) -> dict:
    """The daily watch of payment-plan installments (missed installment -> reminder, call, lapse)."""
    dag = date.fromisoformat(datum) if datum else timezone.localdate()
    return vars(_regelingen_bewaken(datum=dag))
