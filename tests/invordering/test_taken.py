"""Assigning tasks (work distribution): who may take which task, and closed tasks stay as they are."""

from datetime import date

import pytest

from invordering import services
from invordering.constants import TaakSoort, TaakStatus
from invordering.models import Taak
from tests.invordering.factories import BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 6, 1)


def taak(persoon, **velden):
    t = services.taak_maak(soort=TaakSoort.HUISBEZOEK, belastingplichtige=persoon, datum=VANDAAG)
    Taak.objects.filter(pk=t.pk).update(**velden)
    t.refresh_from_db()
    return t


def houders(*taken):
    return [Taak.objects.get(pk=t.pk).toegewezen_aan_id for t in taken]


def test_toewijzen_geeft_de_gewijzigde_taken_met_hun_inwoner(django_user_model):
    mila, ahmed = (django_user_model.objects.create_user(n) for n in ("mila", "ahmed"))
    anna, bram = BelastingplichtigeFactory(), BelastingplichtigeFactory()
    vrij, van_ahmed = taak(anna), taak(bram, toegewezen_aan=ahmed)
    klaar = taak(anna, status=TaakStatus.AFGEROND)

    rijen = services.taken_toewijzen(taak_ids=[vrij.pk, van_ahmed.pk, klaar.pk], aan=mila)

    assert rijen == [(vrij.pk, anna.pk), (van_ahmed.pk, bram.pk)]
    assert houders(vrij, van_ahmed, klaar) == [mila.pk, mila.pk, None]  # a closed task never changes


def test_een_medewerker_neemt_alleen_vrije_of_eigen_taken(django_user_model):
    mila, ahmed = (django_user_model.objects.create_user(n) for n in ("mila", "ahmed"))
    persoon = BelastingplichtigeFactory()
    vrij, eigen, van_ahmed = (
        taak(persoon),
        taak(persoon, toegewezen_aan=mila),
        taak(persoon, toegewezen_aan=ahmed),
    )

    rijen = services.taken_toewijzen(
        taak_ids=[vrij.pk, eigen.pk, van_ahmed.pk], aan=None, alleen_vrij_of_van=mila
    )

    assert [pk for pk, _ in rijen] == [vrij.pk, eigen.pk]
    assert houders(vrij, eigen, van_ahmed) == [None, None, ahmed.pk]  # handed back; Ahmed keeps his
