"""Customer groups are kept current instead of recomputed every day: once per calendar year for
everyone, for new residents at every run, and at once for a resident whose reminder or aanmaning
dates the run changes. Each test checks the stored groups against the rule over the history."""

from datetime import date

import pytest

from invordering.constants import AanslagStatus, Klantgroep, StapSoort, VerwerkingSoort, VerwerkingStatus
from invordering.demo import demo_keten, demo_maak
from invordering.keten import run
from invordering.keten.klantgroepen import JAREN, klantgroep, klantgroepen_actueel
from invordering.models import Aanslag, Belastingplichtige, Ketenstand, Verwerking
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

from .helpers import draai

pytestmark = pytest.mark.django_db


def _stand(aanslag, **velden):
    Ketenstand.objects.create(aanslag=aanslag, bijgewerkt_op=date(2026, 1, 1), **velden)


def _volgens_regel(datum: date) -> dict[int, str]:
    """The group of every resident with an aanslag by ``klantgroepen.klantgroep`` over their history."""
    historie: dict[int, list] = {}
    for persoon_id, jaar, herinnering, aanmaning in Aanslag.objects.values_list(
        "belastingplichtige_id", "belastingjaar", "ketenstand__herinnering_op", "ketenstand__aanmaning_op"
    ):
        rij = historie.setdefault(persoon_id, [])
        if jaar >= datum.year - JAREN + 1:
            rij.append((jaar, herinnering, aanmaning))
    return {p: klantgroep(h) for p, h in historie.items()}


def _opgeslagen() -> dict[int, str]:
    return dict(Belastingplichtige.objects.filter(aanslagen__isnull=False).values_list("id", "klantgroep"))


def _twee_jaren_aanmaning() -> Belastingplichtige:
    """Aanmaningen in 2023 and 2025: multi-year arrears in 2026, new arrears once 2023 leaves the window."""
    oud = AanslagFactory(belastingjaar=2023)
    _stand(oud, aanmaning_op=date(2023, 6, 1))
    recent = AanslagFactory(belastingplichtige=oud.belastingplichtige, belastingjaar=2025)
    _stand(recent, aanmaning_op=date(2025, 6, 1))
    return oud.belastingplichtige


def test_eens_per_jaar_iedereen_anders_alleen_nieuwe_inwoners():
    persoon = _twee_jaren_aanmaning()
    vergeet = AanslagFactory(belastingjaar=2026)
    _stand(vergeet, herinnering_op=date(2026, 5, 1))
    zonder_aanslag = BelastingplichtigeFactory()

    assert klantgroepen_actueel(datum=date(2026, 6, 1)) == 2
    assert _opgeslagen() == _volgens_regel(date(2026, 6, 1))
    assert _opgeslagen()[persoon.pk] == Klantgroep.MEERJARIGE_ACHTERSTAND
    assert Belastingplichtige.objects.get(pk=zonder_aanslag.pk).klantgroep == ""
    jaarlijks = Verwerking.objects.get(soort=VerwerkingSoort.KLANTGROEPEN)
    assert jaarlijks.status == VerwerkingStatus.KLAAR and jaarlijks.gedaan == 3
    assert jaarlijks.verslag["klantgroep_gewijzigd"] == 2

    # The same year: a stored group is trusted (not recomputed), a new resident gets one.
    Belastingplichtige.objects.filter(pk=persoon.pk).update(klantgroep=Klantgroep.VERGEET)
    nieuw = AanslagFactory(belastingjaar=2026).belastingplichtige
    assert klantgroepen_actueel(datum=date(2026, 12, 31)) == 1
    assert Belastingplichtige.objects.get(pk=nieuw.pk).klantgroep == Klantgroep.BETAALT_OP_TIJD
    assert Belastingplichtige.objects.get(pk=persoon.pk).klantgroep == Klantgroep.VERGEET
    assert Verwerking.objects.filter(soort=VerwerkingSoort.KLANTGROEPEN).count() == 1

    # A new year moves the window (2023 drops out): everyone again.
    assert klantgroepen_actueel(datum=date(2027, 1, 1)) == 1
    assert _opgeslagen() == _volgens_regel(date(2027, 1, 1))
    assert _opgeslagen()[persoon.pk] == Klantgroep.NIEUWE_ACHTERSTAND
    assert Verwerking.objects.filter(soort=VerwerkingSoort.KLANTGROEPEN).count() == 2

    # A run for another year (by hand, back in 2026) recomputes for that year, and 2027 again after it.
    klantgroepen_actueel(datum=date(2026, 7, 1))
    assert _opgeslagen()[persoon.pk] == Klantgroep.MEERJARIGE_ACHTERSTAND
    klantgroepen_actueel(datum=date(2027, 1, 2))
    assert _opgeslagen()[persoon.pk] == Klantgroep.NIEUWE_ACHTERSTAND


def test_onderbroken_herberekening_wordt_overgedaan(monkeypatch):
    from invordering.keten import klantgroepen

    persoon = _twee_jaren_aanmaning()
    BelastingplichtigeFactory.create_batch(3)
    monkeypatch.setattr(klantgroepen, "DEEL", 2)
    echte = klantgroepen.klantgroepen_bijwerken
    aanroepen = []

    def stopt_bij_tweede(**kwargs):
        aanroepen.append(1)
        if len(aanroepen) == 2:
            raise RuntimeError("worker gestopt")
        return echte(**kwargs)

    monkeypatch.setattr(klantgroepen, "klantgroepen_bijwerken", stopt_bij_tweede)
    with pytest.raises(RuntimeError, match="worker gestopt"):
        klantgroepen_actueel(datum=date(2026, 6, 1))
    afgebroken = Verwerking.objects.get(soort=VerwerkingSoort.KLANTGROEPEN)
    assert afgebroken.status == VerwerkingStatus.FOUT and afgebroken.gedaan == 2

    monkeypatch.setattr(klantgroepen, "klantgroepen_bijwerken", echte)
    Belastingplichtige.objects.filter(pk=persoon.pk).update(klantgroep=Klantgroep.VERGEET)
    klantgroepen_actueel(datum=date(2026, 6, 1))
    assert Belastingplichtige.objects.get(pk=persoon.pk).klantgroep == Klantgroep.MEERJARIGE_ACHTERSTAND
    laatste = Verwerking.objects.filter(soort=VerwerkingSoort.KLANTGROEPEN).latest("gestart_op", "id")
    assert laatste.status == VerwerkingStatus.KLAAR and laatste.gedaan == 4


def test_run_werkt_de_groep_bij_op_de_dag_van_de_aanmaning():
    """One aanmaning in 2025 (new arrears); the run's aanmaning on a 2026 aanslag makes it two years."""
    eerder = AanslagFactory(belastingjaar=2025, status=AanslagStatus.BETAALD)
    _stand(eerder, aanmaning_op=date(2025, 6, 1))
    nu = AanslagFactory(belastingplichtige=eerder.belastingplichtige, belastingjaar=2026)
    _stand(nu, fase=StapSoort.HERINNERING_NA_VERVALDATUM, herinnering_op=date(2026, 5, 3))
    dag = date(2026, 6, 1)  # the aanmaning is due
    assert run.keten_draaien(datum=date(2026, 5, 4)).klantgroep_gewijzigd == 1  # the year's recompute
    persoon = Belastingplichtige.objects.get(pk=nu.belastingplichtige_id)
    assert persoon.klantgroep == Klantgroep.NIEUWE_ACHTERSTAND

    verslag = run.keten_draaien(datum=dag)
    assert verslag.stappen == {StapSoort.AANMANING: 1}
    assert verslag.klantgroep_gewijzigd == 1
    persoon.refresh_from_db()
    assert persoon.klantgroep == Klantgroep.MEERJARIGE_ACHTERSTAND
    assert persoon.klantgroep_bepaald_op == dag
    assert _opgeslagen() == _volgens_regel(dag)


def test_na_een_demojaar_en_een_jaarwisseling_is_elke_groep_die_van_de_regel():
    """The demo year through September 2025, then the chain on into 2026 (a new year moves the
    window): at the end every stored group is the rule's over the history the run built, although
    no run recomputed them all daily."""
    demo_maak(inwoners=40, seed=7, datum=date(2025, 9, 30))
    verslag = demo_keten(datum=date(2025, 9, 30), team=False).verslag
    assert verslag.stappen[StapSoort.AANMANING] > 0
    assert _opgeslagen() == _volgens_regel(date(2025, 9, 30))
    draai(date(2025, 10, 1), date(2026, 1, 10))
    jaren = Verwerking.objects.filter(soort=VerwerkingSoort.KLANTGROEPEN).values_list("datum", flat=True)
    assert sorted(jaren) == [date(2024, 2, 28), date(2025, 1, 1), date(2026, 1, 1)]  # once a year
    opgeslagen, regel = _opgeslagen(), _volgens_regel(date(2026, 1, 10))
    assert opgeslagen == regel
    assert {Klantgroep.BETAALT_OP_TIJD, Klantgroep.NIEUWE_ACHTERSTAND} <= set(regel.values())
