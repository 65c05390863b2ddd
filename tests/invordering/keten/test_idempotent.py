"""The daily run is idempotent: the same day twice, two overlapping runs, a run killed halfway.
And its number of queries does not grow with the number of aanslagen."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from communicatie.models import Brief
from invordering.constants import (
    AanslagStatus,
    Boekingsoort,
    Inkomensbron,
    PauzeReden,
    StapSoort,
    TaakSoort,
    VerwerkingSoort,
    VerwerkingStatus,
)
from invordering.keten import run
from invordering.keten.beleid import beleidskeuze
from invordering.keten.klantgroepen import klantgroepen_actueel
from invordering.kosten import tarieven
from invordering.models import Aanslag, Boeking, Ketenstand, Ketenstap, Taak, Verwerking
from invordering.services import inkomen_vastleggen, pauze_start
from tests.invordering.factories import AanslagFactory

D = Decimal
DAG = date(2026, 6, 25)


def _stand(aanslag, **velden):
    Ketenstand.objects.create(aanslag=aanslag, bijgewerkt_op=date(2026, 6, 1), **velden)


def aanmaning_klaar(n: int) -> list[Aanslag]:
    """Aanslagen whose aanmaning falls due on DAG (free reminder long ago)."""
    uit = []
    for _ in range(n):
        a = AanslagFactory()
        _stand(a, fase=StapSoort.HERINNERING_NA_VERVALDATUM, herinnering_op=date(2026, 5, 3))
        uit.append(a)
    return uit


def mix(n: int) -> None:
    """``n`` of each: an aanmaning due (letter + costs), a dwangbevel due (call task first), a paused
    aanslag (decision), a low income facing the dwangbevel (bvv decision + social task), nothing due."""
    aanmaning_klaar(n)
    for _ in range(n):
        a = AanslagFactory()
        _stand(
            a,
            fase=StapSoort.VOORAANKONDIGING,
            aanmaning_op=date(2026, 5, 21),
            vooraankondiging_op=date(2026, 6, 11),
        )
        b = AanslagFactory()
        _stand(b, fase=StapSoort.HERINNERING_NA_VERVALDATUM, herinnering_op=date(2026, 5, 3))
        pauze_start(
            belastingplichtige=b.belastingplichtige, reden=PauzeReden.HANDMATIG, start=date(2026, 6, 1)
        )
        c = AanslagFactory()
        _stand(
            c,
            fase=StapSoort.VOORAANKONDIGING,
            aanmaning_op=date(2026, 5, 21),
            vooraankondiging_op=date(2026, 6, 11),
        )
        inkomen_vastleggen(
            belastingplichtige=c.belastingplichtige,
            netto_maandinkomen=D("1100.00"),
            bron=Inkomensbron.GEMEENTE,
            peildatum=date(2026, 1, 1),
        )
        AanslagFactory(dagtekening=date(2026, 6, 1), eerste_vervaldatum=date(2026, 9, 30))


def tellingen() -> tuple:
    return (
        Ketenstap.objects.count(),
        Brief.objects.count(),
        Taak.objects.count(),
        Boeking.objects.filter(soort=Boekingsoort.KOSTEN).count(),
    )


def _deel_alles(datum):
    return run.keten_deel(
        datum=datum, van=0, tot=2**62, keuze=beleidskeuze(datum=datum), tarieven=tarieven(datum)
    )


@pytest.mark.django_db
def test_aantal_queries_groeit_niet_met_het_aantal_aanslagen():
    mix(1)
    with CaptureQueriesContext(connection) as klein:
        verslag_klein = _deel_alles(DAG)
    assert verslag_klein.bekeken == 5
    Aanslag.objects.update(
        status=AanslagStatus.BETAALD
    )  # the first set is done; a fresh set of six times the size

    mix(6)
    with CaptureQueriesContext(connection) as groot:
        verslag_groot = _deel_alles(DAG)
    assert verslag_groot.bekeken == 30
    # Every kind of write happened in both runs (letters, costs, tasks, decisions of three kinds).
    for verslag, n in ((verslag_klein, 1), (verslag_groot, 6)):
        assert verslag.stappen == {"aanmaning": n, "voorbellen_dwangbevel": n, "geen_escalatie": 2 * n}
        assert verslag.niet_escaleren == {"pauze": n, "beslagvrije_voet": n}
    assert len(groot.captured_queries) == len(klein.captured_queries)
    assert len(groot.captured_queries) <= 45


@pytest.mark.django_db
def test_hele_run_aantal_queries_constant_per_deel(django_assert_max_num_queries):
    mix(3)
    klantgroepen_actueel(datum=DAG)  # the year's recompute of every group, as the first run of the year does
    with django_assert_max_num_queries(55):
        run.keten_draaien(datum=DAG)


@pytest.mark.django_db
def test_zelfde_dag_twee_keer_maakt_niets_nieuws():
    mix(2)
    eerste = run.keten_draaien(datum=DAG)
    voor = tellingen()
    kosten = list(Aanslag.objects.order_by("id").values_list("open_kosten", flat=True))
    tweede = run.keten_draaien(datum=DAG)
    assert sum(eerste.stappen.values()) == 8
    assert sum(tweede.stappen.values()) == 0 and tweede.brieven == 0 and tweede.taken == 0
    assert tellingen() == voor
    assert list(Aanslag.objects.order_by("id").values_list("open_kosten", flat=True)) == kosten


@pytest.mark.django_db
def test_run_die_halverwege_stopt_en_opnieuw_draait(monkeypatch):
    aanslagen = aanmaning_klaar(6)
    echte = run._schrijf
    aanroepen = []

    def crash_bij_tweede_deel(**kwargs):
        aanroepen.append(1)
        if len(aanroepen) == 2:
            raise RuntimeError("worker gestopt")
        return echte(**kwargs)

    monkeypatch.setattr(run, "_schrijf", crash_bij_tweede_deel)
    with pytest.raises(RuntimeError, match="worker gestopt"):
        run.keten_draaien(datum=DAG, chunk=2)
    assert tellingen() == (2, 2, 0, 2)  # the first chunk is committed, the second rolled back
    verwerking = Verwerking.objects.get(soort=VerwerkingSoort.KETEN)
    assert verwerking.status == VerwerkingStatus.FOUT and "worker gestopt" in verwerking.foutmelding
    assert verwerking.gedaan == 2

    monkeypatch.setattr(run, "_schrijf", echte)
    verslag = run.keten_draaien(datum=DAG, chunk=2)
    assert verslag.stappen == {"aanmaning": 4}
    assert tellingen() == (6, 6, 0, 6)
    for a in aanslagen:
        a.refresh_from_db()
        assert a.open_kosten == D("8.00")
        assert Brief.objects.filter(sleutel=f"keten:aanmaning:{a.pk}").count() == 1


@pytest.mark.django_db
def test_twee_runs_door_elkaar_maken_niets_dubbel():
    """Run A takes its chunks one by one; run B does the whole day in between."""
    mix(2)
    grenzen, _ = run.keten_delen(chunk=3)
    keuze, tab = beleidskeuze(datum=DAG), tarieven(DAG)
    run.keten_deel(datum=DAG, van=grenzen[0][0], tot=grenzen[0][1], keuze=keuze, tarieven=tab)
    run.keten_draaien(datum=DAG)
    na_b = tellingen()
    for van, tot in grenzen[1:]:
        verslag = run.keten_deel(datum=DAG, van=van, tot=tot, keuze=keuze, tarieven=tab)
        assert sum(verslag.stappen.values()) == 0
    assert tellingen() == na_b == (8, 2, 4, 2)


@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_runs_op_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers itself")
    aanmaning_klaar(12)
    fouten = []
    start = threading.Barrier(2)

    def draai():
        try:
            start.wait()
            run.keten_draaien(datum=DAG, chunk=4)
        except Exception as exc:  # pragma: no cover - reported below
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=draai) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    assert tellingen() == (12, 12, 0, 12)
    assert set(Aanslag.objects.values_list("open_kosten", flat=True)) == {D("8.00")}


@pytest.mark.django_db
def test_unieke_sleutel_houdt_een_dubbele_stap_tegen():
    (a,) = aanmaning_klaar(1)
    run.keten_draaien(datum=DAG)
    stap = Ketenstap.objects.get(aanslag=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ketenstap.objects.create(
            sleutel=stap.sleutel,
            aanslag=a,
            belastingplichtige=a.belastingplichtige,
            soort=stap.soort,
            datum=DAG,
            regel="dubbel",
        )


@pytest.mark.django_db
def test_verwerking_en_celery_delen():
    aanmaning_klaar(5)
    verwerking = run.keten_starten(datum=DAG, chunk=2)  # eager without a broker: chunks run now
    verwerking.refresh_from_db()
    assert (verwerking.status, verwerking.totaal, verwerking.gedaan) == (VerwerkingStatus.KLAAR, 5, 5)
    assert verwerking.percentage == 100
    assert verwerking.verslag["stappen"] == {"aanmaning": 5}
    assert verwerking.verslag["kosten"] == "40.00"
    assert Taak.objects.filter(soort=TaakSoort.VOORBELLEN_AANMANING).count() == 0
