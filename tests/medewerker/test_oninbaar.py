"""The four-eyes write-off service (invordering.oninbaar)."""

from decimal import Decimal as D

import pytest

from invordering import oninbaar
from invordering.constants import AanslagStatus, Boekingsoort, Component
from invordering.models import Boeking
from invordering.selectors import saldo_uit_grootboek
from tests.invordering.factories import AanslagFactory

from .conftest import VANDAAG

pytestmark = pytest.mark.django_db


def test_boekt_elk_onderdeel_af_en_zet_de_status(medewerker, teamleider):
    aanslag = AanslagFactory(bedrag=D("300.00"))
    Boeking.objects.create(
        aanslag=aanslag,
        datum=VANDAAG,
        component=Component.KOSTEN,
        soort=Boekingsoort.KOSTEN,
        bedrag=D("16.00"),
    )
    from invordering.services import saldo_bijwerken

    saldo_bijwerken(aanslag_ids=[aanslag.pk], datum=VANDAAG)
    boekingen = oninbaar.oninbaar_verklaren(
        aanslagen=[aanslag],
        datum=VANDAAG,
        voorgesteld_door=medewerker,
        goedgekeurd_door=teamleider,
        reden="Overleden, geen nalatenschap",
    )
    assert sorted((b.component, b.bedrag) for b in boekingen) == [
        (Component.BELASTING, D("-300.00")),
        (Component.KOSTEN, D("-16.00")),
    ]
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.ONINBAAR
    assert aanslag.afgehandeld_op == VANDAAG
    assert aanslag.openstaand == D("0.00")
    assert saldo_uit_grootboek(aanslag=aanslag).totaal == D("0.00")
    assert all(
        b.soort == Boekingsoort.ONINBAAR
        for b in Boeking.objects.filter(aanslag=aanslag, datum=VANDAAG, bedrag__lt=0)
    )


def test_weigert_als_voorsteller_en_goedkeurder_dezelfde_zijn(medewerker):
    aanslag = AanslagFactory()
    with pytest.raises(ValueError, match="Vier ogen"):
        oninbaar.oninbaar_verklaren(
            aanslagen=[aanslag],
            datum=VANDAAG,
            voorgesteld_door=medewerker,
            goedgekeurd_door=medewerker,
            reden="x",
        )
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.OPEN
    assert not Boeking.objects.filter(aanslag=aanslag, soort=Boekingsoort.ONINBAAR).exists()


def test_weigert_zonder_reden_of_goedkeurder_en_bij_een_gesloten_aanslag(medewerker, teamleider):
    aanslag = AanslagFactory()
    with pytest.raises(ValueError, match="reden"):
        oninbaar.oninbaar_verklaren(
            aanslagen=[aanslag],
            datum=VANDAAG,
            voorgesteld_door=medewerker,
            goedgekeurd_door=teamleider,
            reden=" ",
        )
    with pytest.raises(ValueError, match="goedkeurder"):
        oninbaar.oninbaar_verklaren(
            aanslagen=[aanslag], datum=VANDAAG, voorgesteld_door=medewerker, goedgekeurd_door=None, reden="x"
        )
    aanslag.status = AanslagStatus.BETAALD
    aanslag.save()
    with pytest.raises(ValueError, match=aanslag.aanslagnummer):
        oninbaar.oninbaar_verklaren(
            aanslagen=[aanslag],
            datum=VANDAAG,
            voorgesteld_door=medewerker,
            goedgekeurd_door=teamleider,
            reden="x",
        )
    assert not Boeking.objects.filter(soort=Boekingsoort.ONINBAAR).exists()
