"""Refunds of credit: what a resident paid that no aanslag needed is offered back (Leidraad Invordering
2008 art. 7: an overpayment is refunded or, with the resident's consent, set off)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from .constants import TaakSoort, TaakStatus, TerugbetalingStatus
from .models import Belastingplichtige, Taak, Terugbetaling
from .selectors import tegoed_voor

TERUGBETALING_BEHANDELTERMIJN_DAGEN = 10
# bulk_update writes one CASE per row; small batches keep the database's work linear.
BIJWERK_BATCH = 200

FOUT_STATUS = "Deze terugbetaling is {status}; dat kan niet meer."
FOUT_GEEN_IBAN = "Er is geen IBAN bekend om naar terug te betalen."
FOUT_TEGOED = "Het tegoed is {tegoed}; er kan niet meer worden terugbetaald dan dat."
FOUT_REFERENTIE = "Vul de referentie van de uitbetaling in."


def terugbetalingen_voorstellen(*, belastingplichtige_ids: Iterable[int], datum: date) -> int:
    """Offer each resident with credit a refund: one proposal per resident kept at the current credit.

    A proposal whose credit is gone (a reversal, or the credit paid a new aanslag) lapses. Each new
    proposal gets a task for an officer to check the IBAN and approve it. Set-based; returns how many
    proposals were made.
    """
    ids = set(belastingplichtige_ids)
    if not ids:
        return 0
    tegoed = tegoed_voor(belastingplichtige_ids=ids)
    with transaction.atomic():
        bestaand = {
            t.belastingplichtige_id: t
            for t in Terugbetaling.objects.select_for_update().filter(
                belastingplichtige_id__in=ids, status=TerugbetalingStatus.VOORGESTELD
            )
        }
        bijwerken, vervallen = [], []
        for persoon_id, voorstel in bestaand.items():
            if tegoed[persoon_id] <= 0:
                voorstel.status = TerugbetalingStatus.VERVALLEN
                voorstel.afgehandeld_op = datum
                vervallen.append(voorstel)
            elif voorstel.bedrag != tegoed[persoon_id]:
                voorstel.bedrag = tegoed[persoon_id]
                bijwerken.append(voorstel)
        Terugbetaling.objects.bulk_update(
            bijwerken + vervallen, ["bedrag", "status", "afgehandeld_op"], batch_size=BIJWERK_BATCH
        )
        Taak.objects.filter(pk__in=[v.taak_id for v in vervallen if v.taak_id]).open().update(
            status=TaakStatus.VERVALLEN, afgerond_op=datum
        )
        nieuw_ids = [p for p in ids if tegoed[p] > 0 and p not in bestaand]
        if not nieuw_ids:
            return 0
        ibans = dict(Belastingplichtige.objects.filter(id__in=nieuw_ids).values_list("id", "iban"))
        nieuw = Terugbetaling.objects.bulk_create(
            Terugbetaling(belastingplichtige_id=p, bedrag=tegoed[p], iban=ibans[p], voorgesteld_op=datum)
            for p in nieuw_ids
        )
        taken = {
            f"terugbetaling:{t.pk}": Taak(
                soort=TaakSoort.TEGOED_TERUGBETALEN,
                belastingplichtige_id=t.belastingplichtige_id,
                aangemaakt_op=datum,
                deadline=datum + timedelta(days=TERUGBETALING_BEHANDELTERMIJN_DAGEN),
                bron=f"terugbetaling:{t.pk}",
                sleutel=f"terugbetaling:{t.pk}",
                toelichting=f"Tegoed van {t.bedrag:.2f} terugbetalen"
                + (f" naar {t.iban}." if t.iban else "; IBAN onbekend."),
            )
            for t in nieuw
        }
        Taak.objects.bulk_create(taken.values(), ignore_conflicts=True)
        sleutel = Concat(Value("terugbetaling:"), Cast(OuterRef("pk"), CharField()))
        Terugbetaling.objects.filter(pk__in=[t.pk for t in nieuw]).update(
            taak_id=Subquery(Taak.objects.filter(sleutel=sleutel).values("id")[:1])
        )
    return len(nieuw)


def _vergrendel(terugbetaling: Terugbetaling, *toegestaan: str) -> Terugbetaling:
    terugbetaling = Terugbetaling.objects.select_for_update().get(pk=terugbetaling.pk)
    if terugbetaling.status not in toegestaan:
        raise ValueError(FOUT_STATUS.format(status=terugbetaling.get_status_display().lower()))
    return terugbetaling


def terugbetaling_goedkeuren(
    *, terugbetaling: Terugbetaling, datum: date, door, iban: str = ""
) -> Terugbetaling:
    """An officer approves a proposed refund (checked IBAN, amount not above the credit)."""
    with transaction.atomic():
        terugbetaling = _vergrendel(terugbetaling, TerugbetalingStatus.VOORGESTELD)
        if iban:
            terugbetaling.iban = iban.replace(" ", "").upper()
            terugbetaling.full_clean(validate_unique=False, validate_constraints=False)
        if not terugbetaling.iban:
            raise ValueError(FOUT_GEEN_IBAN)
        tegoed = tegoed_voor(belastingplichtige_ids=[terugbetaling.belastingplichtige_id])[
            terugbetaling.belastingplichtige_id
        ]
        if terugbetaling.bedrag > tegoed:
            raise ValueError(FOUT_TEGOED.format(tegoed=tegoed))
        terugbetaling.status = TerugbetalingStatus.GOEDGEKEURD
        terugbetaling.afgehandeld_door = door
        terugbetaling.save(update_fields=["iban", "status", "afgehandeld_door"])
    return terugbetaling


def terugbetaling_uitbetaald(
    *, terugbetaling: Terugbetaling, datum: date, referentie: str, door=None
) -> Terugbetaling:
    """Record that an approved refund was paid out; from then on it no longer counts as credit."""
    if not referentie.strip():
        raise ValueError(FOUT_REFERENTIE)
    with transaction.atomic():
        terugbetaling = _vergrendel(terugbetaling, TerugbetalingStatus.GOEDGEKEURD)
        terugbetaling.status = TerugbetalingStatus.UITBETAALD
        terugbetaling.afgehandeld_op = datum
        terugbetaling.referentie = referentie.strip()[:100]
        if door is not None:
            terugbetaling.afgehandeld_door = door
        terugbetaling.save(update_fields=["status", "afgehandeld_op", "referentie", "afgehandeld_door"])
        if terugbetaling.taak_id:
            Taak.objects.filter(pk=terugbetaling.taak_id).open().update(
                status=TaakStatus.AFGEROND, afgerond_op=datum
            )
    return terugbetaling
