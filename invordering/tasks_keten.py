"""Celery tasks of the collection chain (issue 3). Thin: an ISO date in, one service call, idempotent."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from .keten import run


@shared_task(name="invordering.tasks_keten.keten_draaien")
def keten_draaien(datum: str | None = None) -> int:
    """The daily chain run, shared by the workers chunk by chunk; returns the Verwerking id."""
    dag = date.fromisoformat(datum) if datum else timezone.localdate()
    return run.keten_starten(datum=dag).pk


@shared_task(name="invordering.tasks_keten.keten_deel", acks_late=True)
def keten_deel_task(verwerking_id: int, datum: str, van: int, tot: int) -> dict:
    """One chunk of a shared run (a worker killed halfway leaves it to be redone: idempotent)."""
    deel = run.keten_deel_verwerken(
        verwerking_id=verwerking_id, datum=date.fromisoformat(datum), van=van, tot=tot
    )
    return deel.als_dict()
