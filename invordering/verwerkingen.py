"""Progress of long jobs (Verwerking): start, progress, done, failed. The dashboard reads the rows.

Timestamps are technical (when the job ran), so these functions read the clock; the business date of
the job is passed in as ``datum``. Progress writes are single UPDATEs, so workers that share a job
(the chunked chain run) can report without overwriting each other.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone

from .constants import VerwerkingStatus
from .models import Verwerking

FOUT_GEDAAN = "Voortgang {gedaan} ligt buiten 0..{totaal}."


def verwerking_start(*, soort: str, datum: date, totaal: int | None = None) -> Verwerking:
    """Record that a job starts now for business date ``datum``; ``totaal`` when the amount of work is known."""
    return Verwerking.objects.create(
        soort=soort, datum=datum, totaal=totaal, status=VerwerkingStatus.BEZIG, gestart_op=timezone.now()
    )


def verwerking_totaal(verwerking: Verwerking, totaal: int) -> None:
    """Set the amount of work once it is known (after the job counted it)."""
    Verwerking.objects.filter(pk=verwerking.pk).update(totaal=totaal)
    verwerking.totaal = totaal


def verwerking_voortgang(verwerking: Verwerking, gedaan: int) -> None:
    """Set how much is done (absolute)."""
    if gedaan < 0 or (verwerking.totaal is not None and gedaan > verwerking.totaal):
        raise ValueError(FOUT_GEDAAN.format(gedaan=gedaan, totaal=verwerking.totaal))
    Verwerking.objects.filter(pk=verwerking.pk).update(gedaan=gedaan)
    verwerking.gedaan = gedaan


def verwerking_ophogen(verwerking: Verwerking | int, aantal: int) -> None:
    """Add ``aantal`` to the progress in one UPDATE (safe when several workers share the job)."""
    pk = verwerking.pk if isinstance(verwerking, Verwerking) else verwerking
    nieuw = F("gedaan") + aantal
    Verwerking.objects.filter(pk=pk, totaal__isnull=True).update(gedaan=nieuw)
    Verwerking.objects.filter(pk=pk, totaal__isnull=False).update(gedaan=Least(nieuw, F("totaal")))


def verwerking_klaar(verwerking: Verwerking, verslag: dict) -> None:
    """Mark the job done with its report (counts per outcome; JSON)."""
    verwerking.status = VerwerkingStatus.KLAAR
    verwerking.klaar_op = timezone.now()
    verwerking.verslag = verslag
    velden = {"status": verwerking.status, "klaar_op": verwerking.klaar_op, "verslag": verslag}
    if verwerking.totaal is not None:
        velden["gedaan"] = verwerking.gedaan = verwerking.totaal
    Verwerking.objects.filter(pk=verwerking.pk).update(**velden)


def verwerking_fout(verwerking: Verwerking, melding: str) -> None:
    """Mark the job failed with a message an operator can act on."""
    verwerking.status = VerwerkingStatus.FOUT
    verwerking.klaar_op = timezone.now()
    verwerking.foutmelding = melding
    Verwerking.objects.filter(pk=verwerking.pk).update(
        status=verwerking.status, klaar_op=verwerking.klaar_op, foutmelding=melding
    )
