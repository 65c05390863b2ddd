"""Functioneel beheer keeps the bvv tables and plan policy in the admin; officers record an official bvv."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group

from invordering import beslagvrije_voet, rollen, selectors
from invordering.bankafschriften import camt053_importeer
from invordering.constants import TaakStatus, TerugbetalingStatus
from invordering.models import BvvMaximum, Regelingbeleid, Terugbetaling
from invordering.terugbetalingen import terugbetaling_goedkeuren, terugbetaling_uitbetaald
from tests.invordering.camt import Ntry, Tx, afschrift
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db


def test_rollen_voor_de_tabellen_van_betalen():
    rollen.rollen_bijwerken()
    beheer = set(
        Group.objects.get(name=rollen.FUNCTIONEEL_BEHEER).permissions.values_list("codename", flat=True)
    )
    assert {
        "add_bvvmaximum",
        "change_bvvmaximum",
        "add_bvvrekenregel",
        "change_aowleeftijd",
        "change_regelingbeleid",
    } <= beheer
    medewerker = set(Group.objects.get(name=rollen.MEDEWERKER).permissions.values_list("codename", flat=True))
    assert {"add_vastgesteldebvv", "view_bankmutatie", "view_betalingsregeling"} <= medewerker
    assert "change_bvvmaximum" not in medewerker and "change_betalingsregeling" not in medewerker


def test_beheer_voegt_een_nieuwe_rij_toe_in_het_beheer(client, django_user_model):
    gebruiker = django_user_model.objects.create_user("beheer", password="x", is_staff=True)
    rollen.rollen_bijwerken()
    gebruiker.groups.add(Group.objects.get(name=rollen.FUNCTIONEEL_BEHEER))
    client.force_login(gebruiker)
    antwoord = client.post(
        "/admin/invordering/bvvmaximum/add/",
        {"geldig_vanaf": "2026-01-01", "leefsituatie": "gehuwd", "bedrag": "2800.00", "bron": "Tabel 2026"},
    )
    assert antwoord.status_code == 302, antwoord.content
    assert BvvMaximum.objects.get(geldig_vanaf=date(2026, 1, 1)).bedrag == D("2800.00")
    # gehuwd, income 4,000 with large corrections: capped at the new maximum from 1 Jan 2026.
    kw = {"woonkosten": D("950.00"), "zorgpremie": D("300.00"), "kindgebonden_budget": D("500.00")}
    assert beslagvrije_voet.bereken(
        leefsituatie="gehuwd", netto_maandinkomen=D("4000.00"), peildatum=date(2026, 1, 1), **kw
    ) == D("2800.00")
    assert client.get("/admin/invordering/regelingbeleid/").status_code == 200
    assert Regelingbeleid.objects.count() == 1


def test_terugbetaling_goedkeuren_uitbetalen_en_vervallen():
    persoon = BelastingplichtigeFactory(iban="NL91ABNA0417164300")
    aanslag = AanslagFactory(belastingplichtige=persoon, bedrag=D("100.00"))
    camt053_importeer(bron=afschrift(Ntry([Tx(D("125.00"), kenmerk=aanslag.betalingskenmerk, e2e="E-1")])))
    voorstel = Terugbetaling.objects.get()
    with pytest.raises(ValueError, match="referentie"):
        terugbetaling_uitbetaald(terugbetaling=voorstel, datum=date(2026, 4, 5), referentie="")
    with pytest.raises(ValueError, match="is voorgesteld"):
        terugbetaling_uitbetaald(terugbetaling=voorstel, datum=date(2026, 4, 5), referentie="UIT-1")
    terugbetaling_goedkeuren(terugbetaling=voorstel, datum=date(2026, 4, 4), door=None)
    assert selectors.tegoed(belastingplichtige=persoon) == D("0.00")  # approved: no longer credit
    terugbetaling_uitbetaald(terugbetaling=voorstel, datum=date(2026, 4, 5), referentie="UIT-1")
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.afgehandeld_op) == (TerugbetalingStatus.UITBETAALD, date(2026, 4, 5))
    assert voorstel.taak.status == TaakStatus.AFGEROND

    # A second overpayment that the bank reverses: its proposal lapses with its task.
    camt053_importeer(
        bron=afschrift(Ntry([Tx(D("40.00"), kenmerk=aanslag.betalingskenmerk, e2e="E-2")]), stmt_id="s2")
    )
    tweede = Terugbetaling.objects.get(status=TerugbetalingStatus.VOORGESTELD)
    assert tweede.bedrag == D("40.00")
    camt053_importeer(bron=afschrift(Ntry([Tx(D("-40.00"), e2e="E-2")], storno=True), stmt_id="s3"))
    tweede.refresh_from_db()
    assert tweede.status == TerugbetalingStatus.VERVALLEN and tweede.taak.status == TaakStatus.VERVALLEN
    assert selectors.tegoed(belastingplichtige=persoon) == D("0.00")
