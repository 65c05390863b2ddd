from datetime import date

from celery import shared_task

from .drukstraat import brieven_verwerken


@shared_task(name="communicatie.brieven_verwerken")
def brieven_verwerken_taak(datum: str | None = None) -> dict:
    """Daily: render the day's letters into the archive and send the e-mail/SMS notices (the print file
    itself is made by operations with ``manage.py brieven --out``)."""
    from django.utils import timezone

    dag = date.fromisoformat(datum) if datum else timezone.localdate()
    r = brieven_verwerken(datum=dag, uit=None)
    return {"brieven": r.brieven, "gerenderd": r.gerenderd}
