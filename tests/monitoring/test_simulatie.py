"""The simulated municipality: deterministic for a seed, and what it reports is what the database holds."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from invordering.constants import AanslagStatus, Inkomensbron
from invordering.models import Aanslag, Betaling, Inkomensgegeven, Ketenstap
from monitoring.simulatie import KAN_NIET, Gemeente, kans, simuleer
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory
from vroegsignalering.models import Signaal

pytestmark = pytest.mark.django_db

VAN, TOT = date(2026, 3, 1), date(2026, 7, 31)


@pytest.fixture
def gemeente():
    """Forty residents with an aanslag of 300 due 30-04-2026; one with an income under the norm."""
    aanslagen = [
        AanslagFactory(belastingplichtige=BelastingplichtigeFactory(), bedrag=D("300.00")) for _ in range(40)
    ]
    arm = aanslagen[0].belastingplichtige
    Inkomensgegeven.objects.create(
        belastingplichtige=arm,
        netto_maandinkomen=D("1100.00"),
        bron=Inkomensbron.UWV,
        peildatum=date(2026, 1, 1),
    )
    return aanslagen


def _proef(**kwargs):
    with transaction.atomic():
        verslag = simuleer(**kwargs)
        staat = (
            # Not the facts' keys: the chain puts task and pause ids in them, and PostgreSQL does not
            # give back the ids of a rolled-back transaction.
            sorted(Ketenstap.objects.values_list("aanslag_id", "soort", "datum", "reden", "tegengehouden")),
            sorted(Betaling.objects.values_list("referentie", "bedrag")),
            sorted(Aanslag.objects.values_list("id", "status")),
        )
        transaction.set_rollback(True)
    return verslag, staat


def test_zelfde_zaad_zelfde_gemeente(gemeente):
    een, staat_een = _proef(van=VAN, tot=TOT, zaad=7)
    twee, staat_twee = _proef(van=VAN, tot=TOT, zaad=7)
    assert een.als_dict() == twee.als_dict()
    assert staat_een == staat_twee
    ander, staat_ander = _proef(van=VAN, tot=TOT, zaad=8)
    assert staat_ander != staat_een


def test_verslag_klopt_met_de_database(gemeente):
    with transaction.atomic():
        verslag = simuleer(van=VAN, tot=TOT, zaad=7)
        assert verslag.dagen == 153
        assert sum(verslag.gedrag.values()) == 40
        assert sum(verslag.keten.stappen.values()) == Ketenstap.objects.count()
        # The daily signal job ran after the chain: residents in arrears got a signal (no consent or
        # municipal basis in the seeded policy, so none is ready to pass on).
        assert verslag.gebeurtenissen["signaal_nieuw"] == Signaal.objects.count() > 0
        assert verslag.gebeurtenissen["signaal_gereed"] == 0
        assert not Signaal.objects.filter(
            belastingplichtige__aanslagen__status=AanslagStatus.BETAALD,
            belastingplichtige__aanslagen__afgehandeld_op__lte=date(2026, 4, 30),
        ).exists()
        betaald = Betaling.objects.filter(referentie__startswith="sim:7:").count()
        assert betaald == sum(
            n for k, n in verslag.gebeurtenissen.items() if k.startswith(("betaald_", "termijn_betaald"))
        )
        # Everyone who pays on time has paid by the due date (30 April) and got no aanmaning.
        gemeente_model = Gemeente(zaad=7, peildatum=VAN)
        for a in Aanslag.objects.select_related("belastingplichtige"):
            if gemeente_model.gedrag_van(a.belastingplichtige) == "op_tijd":
                assert a.status == AanslagStatus.BETAALD and a.afgehandeld_op <= date(2026, 4, 30)
                assert not Ketenstap.objects.filter(aanslag=a, soort="aanmaning").exists()
        transaction.set_rollback(True)


def test_inkomen_onder_de_norm_kan_niet_betalen(gemeente):
    from invordering.models import Bijstandsnorm

    Bijstandsnorm.objects.update_or_create(
        geldig_vanaf=date(2026, 1, 1),
        leefsituatie="alleenstaande",
        aow=False,
        defaults={"bedrag": D("1369.06")},
    )
    g = Gemeente(zaad=1, peildatum=VAN)
    assert g.gedrag_van(gemeente[0].belastingplichtige) == KAN_NIET


def test_kans_is_vast_en_gelijk_verdeeld():
    assert kans(1, "x", 5) == kans(1, "x", 5)
    waarden = [kans(3, "gedrag", i) for i in range(10_000)]
    assert 0.88 < sum(w < 0.9 for w in waarden) / 10_000 < 0.92


def test_command_vraagt_bevestiging_buiten_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="alleen op een kopie"):
        call_command("simuleer", "--van", "2026-05-01", "--tot", "2026-05-02")


def test_command_meldt_fouten():
    with pytest.raises(CommandError, match="geen datum"):
        call_command("simuleer", "--van", "2026-13-01", "--tot", "2026-12-31", "--zeker")
    with pytest.raises(CommandError, match="ligt voor"):
        call_command("simuleer", "--van", "2026-05-01", "--tot", "2026-04-01", "--zeker")
    with pytest.raises(CommandError, match="Kies uit: Klassiek"):
        call_command(
            "simuleer", "--van", "2026-05-01", "--tot", "2026-05-02", "--beleid", "Onbekend", "--zeker"
        )


def test_command_draait(gemeente, capsys):
    call_command(
        "simuleer",
        "--van",
        "2026-04-25",
        "--tot",
        "2026-05-10",
        "--beleid",
        "Klassiek",
        "--zaad",
        "3",
        "--zeker",
    )
    uit = capsys.readouterr().out
    assert '"beleid": "Klassiek"' in uit
    assert '"dagen": 16' in uit


def test_signaaltaak_elke_dag_na_de_keten_of_niet(gemeente, monkeypatch, capsys):
    import monitoring.simulatie as sim

    volgorde = []
    echte_keten, echte_signalen = sim.keten_draaien, sim.signalen_bepalen
    monkeypatch.setattr(
        sim, "keten_draaien", lambda **kw: volgorde.append(("keten", kw["datum"])) or echte_keten(**kw)
    )
    monkeypatch.setattr(
        sim,
        "signalen_bepalen",
        lambda **kw: volgorde.append(("signalen", kw["datum"])) or echte_signalen(**kw),
    )
    dag1, dag2 = date(2026, 5, 1), date(2026, 5, 2)
    with transaction.atomic():
        simuleer(van=dag1, tot=dag2, zaad=1)
        transaction.set_rollback(True)
    assert volgorde == [("keten", dag1), ("signalen", dag1), ("keten", dag2), ("signalen", dag2)]
    volgorde.clear()
    call_command("simuleer", "--van", "2026-05-01", "--tot", "2026-05-02", "--zonder-signalen", "--zeker")
    assert volgorde == [("keten", dag1), ("keten", dag2)]
    assert '"signaal_nieuw"' not in capsys.readouterr().out
