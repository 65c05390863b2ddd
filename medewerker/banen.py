"""The jobs page: state and progress of the daily run, imports and letter batches, with results.

Progress rows come from ``invordering.models.Verwerking`` (status, totaal, gedaan) once the chain's
branch is merged; until then the page shows the imports and batches that already leave records.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from communicatie.models import Brief
from invordering.constants import BankmutatieStatus
from invordering.models import Bankafschrift, Incassobatch

AANTAL = 20


def _verwerkingen():
    try:
        from invordering.models import Verwerking  # noqa: PLC0415 - built on the chain's branch
    except ImportError:
        return None
    return list(Verwerking.objects.order_by("-id")[:AANTAL])


def overzicht() -> dict:
    afschriften = list(
        Bankafschrift.objects.order_by("-ingelezen_op", "-id").annotate(
            totaal=Count("mutaties"),
            gekoppeld=Count("mutaties", filter=Q(mutaties__status=BankmutatieStatus.GEKOPPELD)),
            ongematcht=Count("mutaties", filter=Q(mutaties__status=BankmutatieStatus.ONGEMATCHT)),
            afgehandeld=Count("mutaties", filter=Q(mutaties__status=BankmutatieStatus.AFGEHANDELD)),
        )[:AANTAL]
    )
    sinds = timezone.localdate() - timedelta(days=14)
    brieven = list(
        Brief.objects.filter(datum__gte=sinds)
        .order_by()
        .values("datum", "sjabloon")
        .annotate(
            totaal=Count("id"),
            **{
                s: Count("id", filter=Q(status=s))
                for s in ("aangemaakt", "gemaakt", "verzonden", "vervallen")
            },
        )
        .order_by("-datum", "sjabloon")[:100]
    )
    incasso = list(Incassobatch.objects.order_by("-incassodatum", "-id")[:AANTAL])
    verwerkingen = _verwerkingen()
    return {
        "verwerkingen": verwerkingen,
        "verwerkingen_beschikbaar": verwerkingen is not None,
        "bezig": bool(verwerkingen)
        and any(getattr(v, "status", "") in ("bezig", "wachtend", "gestart") for v in verwerkingen),
        "afschriften": afschriften,
        "brieven": brieven,
        "incasso": incasso,
        "incasso_totaal": Incassobatch.objects.aggregate(n=Sum("aantal"))["n"] or 0,
    }
