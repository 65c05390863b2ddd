"""Assigning tasks (work distribution): who may take which task, and closed tasks stay as they are."""

from datetime import date

import pytest

from invordering import services
from invordering.constants import TaakSoort, TaakStatus
from invordering.models import Taak
from tests.invordering.factories import BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 6, 1)


def taak(persoon, soort=TaakSoort.HUISBEZOEK, **velden):
    t = services.taak_maak(soort=soort, belastingplichtige=persoon, datum=VANDAAG)
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


BELLEN_A, BELLEN_D = TaakSoort.VOORBELLEN_AANMANING, TaakSoort.VOORBELLEN_DWANGBEVEL


def test_wie_een_gesprek_neemt_krijgt_de_andere_gesprekken_met_die_inwoner_mee(django_user_model):
    """Two colleagues must not call one resident about two aanslagen: taking one call takes the
    resident's other open calls; their visit (field work) and other residents' calls stay free."""
    mila = django_user_model.objects.create_user("mila")
    anna, bram = BelastingplichtigeFactory(), BelastingplichtigeFactory()
    gekozen, ook_bellen, bezoek = taak(anna, BELLEN_A), taak(anna, BELLEN_D), taak(anna)
    afgerond = taak(anna, BELLEN_D, status=TaakStatus.AFGEROND)
    van_bram = taak(bram, BELLEN_A)

    rijen = services.taken_toewijzen(taak_ids=[gekozen.pk], aan=mila, alleen_vrij_of_van=mila)

    assert rijen == [(gekozen.pk, anna.pk), (ook_bellen.pk, anna.pk)]
    assert houders(gekozen, ook_bellen, bezoek, afgerond, van_bram) == [mila.pk, mila.pk, None, None, None]

    # A visit takes the resident's other visits along, not their calls.
    tweede_bezoek = taak(anna)
    services.taken_toewijzen(taak_ids=[bezoek.pk], aan=mila, alleen_vrij_of_van=mila)
    assert houders(bezoek, tweede_bezoek) == [mila.pk, mila.pk]

    # Handing one call back hands back the resident's other calls of this officer.
    services.taken_toewijzen(taak_ids=[ook_bellen.pk], aan=None, alleen_vrij_of_van=mila)
    assert houders(gekozen, ook_bellen, bezoek) == [None, None, mila.pk]


def test_een_collega_houdt_haar_gesprek_maar_de_teamleider_verplaatst_alle(django_user_model):
    mila, ahmed, tl = (django_user_model.objects.create_user(n) for n in ("mila", "ahmed", "tl"))
    anna = BelastingplichtigeFactory()
    vrij, van_ahmed = taak(anna, BELLEN_A), taak(anna, BELLEN_D, toegewezen_aan=ahmed)

    services.taken_toewijzen(taak_ids=[vrij.pk], aan=mila, alleen_vrij_of_van=mila)
    assert houders(vrij, van_ahmed) == [mila.pk, ahmed.pk]  # an officer never takes a colleague's task

    # The teamleider (no restriction) gives the resident to one officer: both calls move.
    rijen = services.taken_toewijzen(taak_ids=[van_ahmed.pk], aan=ahmed)
    assert sorted(pk for pk, _ in rijen) == sorted([vrij.pk, van_ahmed.pk])
    assert houders(vrij, van_ahmed) == [ahmed.pk, ahmed.pk]
