"""Reads for the portal and the officers' dashboard."""

from django.db.models import QuerySet

from .constants import BriefStatus
from .models import Brief


def brieven_voor(ontvanger: str) -> QuerySet[Brief]:
    """A recipient's letters (their archive), newest first; withdrawn letters are left out."""
    return (
        Brief.objects.filter(ontvanger=ontvanger)
        .exclude(status=BriefStatus.VERVALLEN)
        .order_by("-datum", "-id")
    )
