"""The jobs page: state and progress of the daily run, imports and letter batches, with results.

Progress rows come from ``invordering.models.Verwerking`` (status, totaal, gedaan, verslag); the page
refreshes itself every 10 seconds while a job runs. Bank statements, letters and direct-debit files
are listed from their own records.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from communicatie.models import Brief
from invordering.constants import BankmutatieStatus, VerwerkingSoort
from invordering.models import Bankafschrift, Incassobatch, Verwerking

AANTAL = 20


def _platte_regels(verslag, prefix="") -> list[tuple[str, object]]:
    """A job's report (JSON) as 'key: value' pairs, nested counters flattened, for one table cell."""
    regels = []
    for sleutel, waarde in (verslag or {}).items():
        if isinstance(waarde, dict):
            regels += _platte_regels(waarde, f"{prefix}{sleutel}.")
        elif not isinstance(waarde, list):
            regels.append((f"{prefix}{sleutel}", waarde))
    return regels


def _verwerkingen():
    verwerkingen = list(Verwerking.objects.order_by("-gestart_op", "-id")[:AANTAL])
    labels = {
        VerwerkingSoort.KETEN: _("Dagelijkse invorderingsrun"),
        VerwerkingSoort.IMPORT_AANSLAGEN: _("Aanslagen inlezen"),
        VerwerkingSoort.IMPORT_CAMT053: _("Bankafschriften inlezen"),
        VerwerkingSoort.KLANTGROEPEN: _("Klantgroepen opnieuw bepalen (eens per jaar)"),
    }
    for v in verwerkingen:
        v.soort_label = labels.get(v.soort, v.soort)
        v.verslag_regels = _platte_regels(v.verslag)
    return verwerkingen


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
        "bezig": bool(verwerkingen)
        and any(getattr(v, "status", "") in ("bezig", "wachtend", "gestart") for v in verwerkingen),
        "afschriften": afschriften,
        "brieven": brieven,
        "incasso": incasso,
        "incasso_totaal": Incassobatch.objects.aggregate(n=Sum("aantal"))["n"] or 0,
    }
