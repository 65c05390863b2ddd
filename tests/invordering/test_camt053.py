"""Bank statements (camt.053.001.02): reading, matching, booking, reversals, idempotency, the worklist."""

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from invordering import bankafschriften, selectors
from invordering.bank import camt053
from invordering.bankafschriften import camt053_importeer
from invordering.betalingskenmerk import maak
from invordering.constants import (
    AanslagStatus,
    BankmutatieStatus,
    Betaalbron,
    BetalingStatus,
    Boekingsoort,
    Component,
    TaakSoort,
    TerugbetalingStatus,
)
from invordering.models import Aanslag, Bankafschrift, Bankmutatie, Betaling, Boeking, Taak, Terugbetaling
from invordering.regelingen import regeling_maak
from tests.invordering.camt import EIGEN_IBAN, Ntry, Tx, afschrift, met_punten, met_spaties
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

VOORBEELD = Path("/work/shared/samples/camt053-example.xml")
DAG = date(2026, 4, 2)


def opnieuw(aanslag) -> Aanslag:
    return Aanslag.objects.get(pk=aanslag.pk)


def mutatie(positie, afschrift_id="2026-04-02-1") -> Bankmutatie:
    return Bankmutatie.objects.get(afschrift__afschrift_id=afschrift_id, positie=positie)


# --- Reading --------------------------------------------------------------------------------------
def test_openbaar_voorbeeld_wordt_gelezen():
    bestand = camt053.lees(VOORBEELD)
    assert bestand.bericht_id == "TESTBANK/NL/1420561226673"
    [stmt] = bestand.afschriften
    assert (stmt.afschrift_id, stmt.rekening, stmt.volgnummer) == ("1234Test/1", "NL77ABNA0574908765", "2")
    assert [(t.positie, t.bedrag, t.storno, t.retourcode) for t in stmt.transacties] == [
        ("1.1", D("-754.25"), False, ""),
        ("2.1", D("-564.05"), True, "AC06"),
        ("2.2", D("-100.00"), True, "AC06"),
        ("3.1", D("1405.31"), False, ""),
    ]
    credit = stmt.transacties[3]
    assert (credit.tegenrekening, credit.tegenrekening_naam, credit.end_to_end_id) == (
        "NL69ABNA0522123643",
        "3rd party Media",
        "115",
    )
    assert credit.referentie == "NL77ABNA0574908765/1234Test/1/3.1"
    assert stmt.transacties[1].mandaat_id == "NL22ZZZ524885430000-C0125.1"
    assert stmt.transacties[0].tegenrekening == "NL46ABNA0499998748"  # the creditor that debited us


def test_openbaar_voorbeeld_importeert_alles_als_ongematcht_zonder_te_falen():
    uitkomst = camt053_importeer(bron=VOORBEELD)
    assert (uitkomst.transacties, uitkomst.toegerekend, uitkomst.ongematcht, uitkomst.teruggeboekt) == (
        4,
        0,
        4,
        0,
    )
    redenen = dict(Bankmutatie.objects.values_list("positie", "reden"))
    assert redenen == {
        "1.1": bankafschriften.REDEN_AFSCHRIJVING,
        "2.1": bankafschriften.REDEN_TERUGBOEKING_ONBEKEND,
        "2.2": bankafschriften.REDEN_TERUGBOEKING_ONBEKEND,
        "3.1": bankafschriften.REDEN_GEEN_KENMERK,
    }
    [betaling] = Betaling.objects.all()
    assert (betaling.bedrag, betaling.status, betaling.belastingplichtige) == (
        D("1405.31"),
        BetalingStatus.ONGEMATCHT,
        None,
    )
    assert not Boeking.objects.exists()
    assert selectors.bankmutaties_te_behandelen().count() == 4
    tweede = camt053_importeer(bron=VOORBEELD)
    assert (tweede.al_ingelezen, tweede.ongematcht) == (4, 0)
    assert Bankmutatie.objects.count() == 4 and Betaling.objects.count() == 1


def _lastig_bestand() -> bytes:
    """Two statements; an entry without transaction details, one with two, free text over several
    lines, padding whitespace and a booking date as date-time."""
    eerste = afschrift(
        Ntry(
            [
                Tx(D("10.00"), kenmerk=" 1234 ", omschrijving="a"),
                Tx(D("5.00"), omschrijving="b ", bank_ref="X1"),
            ]
        ),
        Ntry([Tx(D("-3.00"), retourcode="AC06", e2e="E1", mandaat="M1")], storno=True, ntry_ref="NR2"),
        Ntry([Tx(D("8.00"), iban="NL44RABO0123456789")], datum=date(2026, 4, 3)),
        stmt_id="S1",
    ).decode()
    tweede = afschrift(Ntry([Tx(D("1.00"))]), Ntry([Tx(D("2.00"), omschrijving="x")]), stmt_id="S2").decode()
    los = (
        '<Ntry><Amt Ccy="EUR"> 4.00 </Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><DtTm>2026-04-02T10:00:00</DtTm></BookgDt><AddtlNtryInf> los </AddtlNtryInf></Ntry>"
        '<Ntry><Amt Ccy="EUR">6.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-02</Dt></BookgDt>'
        "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
        "<RltdPties><Dbtr><Nm> Piet Puk </Nm></Dbtr></RltdPties>"
        "<RmtInf><Ustrd>regel 1</Ustrd><Ustrd>  </Ustrd><Ustrd>regel 2</Ustrd></RmtInf>"
        "<AddtlTxInf>regel 1</AddtlTxInf></TxDtls></NtryDtls><AddtlNtryInf>extra</AddtlNtryInf></Ntry>"
    )
    stmt2 = tweede[tweede.index("<Stmt>") : tweede.index("</BkToCstmrStmt>")]
    return eerste.replace("</Stmt>", los + "</Stmt>" + stmt2).encode()


def test_velden_per_boeking_ook_bij_meer_afschriften_en_kleine_partijen(monkeypatch):
    bestand = camt053.lees(_lastig_bestand())
    assert [(a.afschrift_id, len(a.transacties)) for a in bestand.afschriften] == [("S1", 6), ("S2", 2)]
    t = {(x.afschrift_id, x.positie): x for x in bestand.transacties}
    assert (t["S1", "1.1"].kenmerk, t["S1", "1.1"].bedrag, t["S1", "1.2"].referentie) == (
        "1234",
        D("10.00"),
        f"{EIGEN_IBAN}/X1",
    )
    assert (t["S1", "1.2"].omschrijving, t["S1", "2.1"].referentie) == ("b", f"{EIGEN_IBAN}/S1/2.1")
    assert (t["S1", "2.1"].bedrag, t["S1", "2.1"].storno, t["S1", "2.1"].retourcode) == (
        D("-3.00"),
        True,
        "AC06",
    )
    assert (t["S1", "2.1"].end_to_end_id, t["S1", "2.1"].mandaat_id) == ("E1", "M1")
    assert t["S1", "3.1"].tegenrekening == ""  # our own account is no counterparty
    assert (t["S1", "4.1"].bedrag, t["S1", "4.1"].boekdatum, t["S1", "4.1"].omschrijving) == (
        D("4.00"),
        date(2026, 4, 2),
        "los",
    )
    assert (t["S1", "5.1"].omschrijving, t["S1", "5.1"].tegenrekening_naam) == (
        "regel 1  regel 2 extra",
        "Piet Puk",
    )
    assert t["S1", "1.1"].transactiecode == "PMNT/RCDT/ESCT"
    # Read in batches of any size, the result is the same.
    for partij in (1, 2, 3):
        monkeypatch.setattr(camt053, "PARTIJ", partij)
        assert camt053.lees(_lastig_bestand()) == bestand


def test_meldingen_in_bestandsvolgorde_over_partijen_en_afschriften(monkeypatch):
    """The stylesheet runs beside the parser; messages still come in file order, up to the limit."""
    fout = {"Amt"}
    eerste = afschrift(
        Ntry([Tx(D("1.00"))], weglaten=fout), Ntry([Tx(D("2.00"))]), Ntry([Tx(D("3.00"))], weglaten=fout)
    ).decode()
    tweede = afschrift(Ntry([Tx(D("4.00"))], weglaten=fout), stmt_id="").decode()
    stmt2 = tweede[tweede.index("<Stmt>") : tweede.index("</BkToCstmrStmt>")]
    inhoud = eerste.replace("</BkToCstmrStmt>", stmt2 + "</BkToCstmrStmt>").encode()
    verwacht = [
        "afschrift 2026-04-02-1, boeking 1: Amt ontbreekt",
        "afschrift 2026-04-02-1, boeking 3: Amt ontbreekt",
        "afschrift 2: Stmt/Id ontbreekt",
        "afschrift , boeking 1: Amt ontbreekt",
    ]
    for partij in (1, 2, 2000):
        monkeypatch.setattr(camt053, "PARTIJ", partij)
        with pytest.raises(camt053.Camt053Fout) as fouten:
            camt053.lees(inhoud)
        assert fouten.value.meldingen == verwacht
    monkeypatch.setattr(camt053, "MAX_MELDINGEN", 2)
    with pytest.raises(camt053.Camt053Fout) as fouten:
        camt053.lees(inhoud)
    assert fouten.value.meldingen == [*verwacht[:3]]  # the header is always named; no entry after it


@pytest.mark.parametrize(
    "inhoud, fout",
    [
        (b"dit is geen xml", "geen leesbare XML"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>',
            "geen camt.053.001.02-afschrift (gevonden: urn:iso:std:iso:20022:tech:xsd:camt.053.001.08)",
        ),
        (
            afschrift(Ntry([Tx(D("10.00"))]), Ntry([Tx(D("20.00"))], weglaten={"Amt"})),
            "afschrift 2026-04-02-1, boeking 2: Amt ontbreekt",
        ),
        (afschrift(Ntry([Tx(D("10.00"))], weglaten={"BookgDt"})), "boeking 1: BookgDt ontbreekt"),
        (
            afschrift(Ntry([Tx(D("10.00")), Tx(D("5.00"))], bedrag=D("20.00"))),
            "tellen op tot 15.00, de boeking is 20.00",
        ),
        (afschrift(Ntry([Tx(D("10.00"))]), stmt_id=""), "afschrift 1: Stmt/Id ontbreekt"),
    ],
)
def test_slecht_bestand_geeft_duidelijke_fout_en_slaat_niets_op(inhoud, fout):
    with pytest.raises(camt053.Camt053Fout, match=re.escape(fout)):
        camt053_importeer(bron=inhoud)
    assert not Bankafschrift.objects.exists() and not Betaling.objects.exists()


# --- Matching -------------------------------------------------------------------------------------
def test_gestructureerd_kenmerk_volledige_betaling_stopt_de_keten_dezelfde_dag():
    aanslag = AanslagFactory(bedrag=D("312.00"))
    uitkomst = camt053_importeer(bron=afschrift(Ntry([Tx(D("312.00"), kenmerk=aanslag.betalingskenmerk)])))
    assert (uitkomst.toegerekend, uitkomst.ongematcht, uitkomst.bedrag_toegerekend) == (1, 0, D("312.00"))
    aanslag = opnieuw(aanslag)
    assert (aanslag.status, aanslag.afgehandeld_op, aanslag.openstaand) == (
        AanslagStatus.BETAALD,
        DAG,
        D("0.00"),
    )
    betaling = Betaling.objects.get()
    assert (betaling.status, betaling.bron, betaling.belastingplichtige) == (
        BetalingStatus.TOEGEREKEND,
        Betaalbron.BANK,
        aanslag.belastingplichtige,
    )
    assert mutatie("1.1").status == BankmutatieStatus.GEKOPPELD and mutatie("1.1").betaling == betaling


@pytest.mark.parametrize("schrijfwijze", [met_spaties, met_punten, lambda k: f"kenmerk:{k}"])
def test_kenmerk_in_de_vrije_tekst_en_deelbetaling(schrijfwijze):
    aanslag = AanslagFactory(bedrag=D("312.00"))
    omschrijving = f"Aanslag gemeente {schrijfwijze(aanslag.betalingskenmerk)} bedankt"
    camt053_importeer(bron=afschrift(Ntry([Tx(D("100.00"), omschrijving=omschrijving)])))
    aanslag = opnieuw(aanslag)
    assert (aanslag.status, aanslag.openstaand) == (AanslagStatus.OPEN, D("212.00"))
    assert Betaling.objects.get().betalingskenmerk == aanslag.betalingskenmerk


def test_een_betaling_voor_meer_aanslagen_van_dezelfde_persoon():
    persoon = BelastingplichtigeFactory()
    a = AanslagFactory(belastingplichtige=persoon, bedrag=D("100.00"))
    b = AanslagFactory(belastingplichtige=persoon, bedrag=D("50.00"), eerste_vervaldatum=date(2026, 6, 30))
    oud = AanslagFactory(
        belastingplichtige=persoon,
        bedrag=D("30.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    tekst = f"{met_spaties(b.betalingskenmerk)} en {met_punten(a.betalingskenmerk)}"
    camt053_importeer(bron=afschrift(Ntry([Tx(D("170.00"), omschrijving=tekst)])))
    # Named ones first in the order typed (b, then a), the rest to the oldest other aanslag.
    assert [opnieuw(x).openstaand for x in (b, a, oud)] == [D("0.00"), D("0.00"), D("10.00")]
    volgorde = list(
        Boeking.objects.filter(soort=Boekingsoort.BETALING).order_by("id").values_list("aanslag_id", "bedrag")
    )
    assert volgorde == [(b.pk, D("-50.00")), (a.pk, D("-100.00")), (oud.pk, D("-20.00"))]


def test_kosten_rente_dan_belasting():
    aanslag = AanslagFactory(bedrag=D("100.00"))
    from invordering import services

    services.boekingen_maak(
        boekingen=[
            Boeking(
                aanslag=aanslag,
                datum=DAG,
                component=Component.KOSTEN,
                soort=Boekingsoort.KOSTEN,
                bedrag=D("18.00"),
            ),
            Boeking(
                aanslag=aanslag,
                datum=DAG,
                component=Component.RENTE,
                soort=Boekingsoort.RENTE,
                bedrag=D("1.50"),
            ),
        ],
        datum=DAG,
    )
    camt053_importeer(bron=afschrift(Ntry([Tx(D("50.00"), kenmerk=aanslag.betalingskenmerk)])))
    aanslag = opnieuw(aanslag)
    assert (aanslag.open_kosten, aanslag.open_rente, aanslag.open_belasting) == (
        D("0.00"),
        D("0.00"),
        D("69.50"),
    )


def test_teveel_betaald_wordt_tegoed_en_terugbetaling_aangeboden():
    persoon = BelastingplichtigeFactory(iban="NL91ABNA0417164300")
    aanslag = AanslagFactory(belastingplichtige=persoon, bedrag=D("100.00"))
    uitkomst = camt053_importeer(bron=afschrift(Ntry([Tx(D("130.00"), kenmerk=aanslag.betalingskenmerk)])))
    assert uitkomst.terugbetalingen == 1
    assert selectors.tegoed(belastingplichtige=persoon) == D("30.00")
    voorstel = Terugbetaling.objects.get()
    assert (voorstel.bedrag, voorstel.iban, voorstel.status) == (
        D("30.00"),
        "NL91ABNA0417164300",
        TerugbetalingStatus.VOORGESTELD,
    )
    assert voorstel.taak.soort == TaakSoort.TEGOED_TERUGBETALEN and voorstel.taak.deadline == date(
        2026, 4, 12
    )
    # A second overpayment raises the same proposal, no second one.
    camt053_importeer(
        bron=afschrift(Ntry([Tx(D("5.00"), kenmerk=aanslag.betalingskenmerk)]), stmt_id="2026-04-03-1")
    )
    assert Terugbetaling.objects.get().bedrag == D("35.00")
    assert Taak.objects.filter(soort=TaakSoort.TEGOED_TERUGBETALEN).count() == 1


def test_kenmerk_van_een_regeling_gaat_naar_haar_aanslagen():
    persoon = BelastingplichtigeFactory()
    in_regeling = AanslagFactory(belastingplichtige=persoon, bedrag=D("120.00"))
    AanslagFactory(
        belastingplichtige=persoon,
        bedrag=D("40.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )
    regeling = regeling_maak(
        belastingplichtige=persoon, datum=date(2026, 3, 2), aanslagen=[in_regeling], aantal_termijnen=4
    )
    camt053_importeer(
        bron=afschrift(Ntry([Tx(D("30.00"), omschrijving=f"regeling {regeling.betalingskenmerk}")]))
    )
    assert opnieuw(in_regeling).openstaand == D("90.00")


@pytest.mark.parametrize(
    "maak_tx, reden",
    [
        (
            lambda a, b: Tx(D("10.00"), omschrijving=f"{a.betalingskenmerk} {b.betalingskenmerk}"),
            bankafschriften.REDEN_MEER_PERSONEN,
        ),
        (
            lambda a, b: Tx(D("10.00"), kenmerk=maak(77_777)),
            bankafschriften.REDEN_ONBEKEND_KENMERK.format(kenmerk=maak(77_777)),
        ),
        (
            lambda a, b: Tx(D("10.00"), omschrijving="aanslag 1234 5678 9012 3456"),
            bankafschriften.REDEN_GEEN_KENMERK,
        ),
    ],
    ids=["twee-personen", "onbekend-kenmerk", "ongeldig-kenmerk"],
)
def test_niet_te_koppelen_gaat_naar_de_werkbak(maak_tx, reden):
    a, b = AanslagFactory(), AanslagFactory()
    camt053_importeer(bron=afschrift(Ntry([maak_tx(a, b)])))
    m = mutatie("1.1")
    assert (m.status, m.reden) == (BankmutatieStatus.ONGEMATCHT, reden)
    assert m.betaling.status == BetalingStatus.ONGEMATCHT
    assert opnieuw(a).openstaand == a.openstaand and opnieuw(b).openstaand == b.openstaand


def test_andere_valuta_en_nog_niet_definitief():
    aanslag = AanslagFactory()
    camt053_importeer(
        bron=afschrift(
            Ntry([Tx(D("10.00"), kenmerk=aanslag.betalingskenmerk)], valuta="USD"),
            Ntry([Tx(D("10.00"), kenmerk=aanslag.betalingskenmerk)], status="PDNG"),
        )
    )
    assert mutatie("1.1").reden == bankafschriften.REDEN_VALUTA.format(valuta="USD")
    assert not Bankmutatie.objects.filter(positie="2.1").exists()
    assert opnieuw(aanslag).openstaand == aanslag.openstaand


def test_zelfde_afschrift_twee_keer_boekt_niets_dubbel():
    aanslag = AanslagFactory(bedrag=D("300.00"))
    xml = afschrift(
        Ntry([Tx(D("100.00"), kenmerk=aanslag.betalingskenmerk)]),
        Ntry([Tx(D("50.00"), omschrijving=met_spaties(aanslag.betalingskenmerk))]),
    )
    eerste = camt053_importeer(bron=xml)
    tweede = camt053_importeer(bron=xml)
    assert (eerste.toegerekend, tweede.toegerekend, tweede.al_ingelezen) == (2, 0, 2)
    assert opnieuw(aanslag).openstaand == D("150.00")
    assert Boeking.objects.filter(soort=Boekingsoort.BETALING).count() == 2


def test_terugdraaiing_van_een_overschrijving_heropent_de_aanslag():
    aanslag = AanslagFactory(bedrag=D("120.00"))
    camt053_importeer(bron=afschrift(Ntry([Tx(D("120.00"), kenmerk=aanslag.betalingskenmerk, e2e="E2E-77")])))
    assert opnieuw(aanslag).status == AanslagStatus.BETAALD
    uitkomst = camt053_importeer(
        bron=afschrift(
            Ntry([Tx(D("-120.00"), e2e="E2E-77")], storno=True, datum=date(2026, 4, 6)),
            stmt_id="2026-04-06-1",
        )
    )
    assert uitkomst.teruggeboekt == 1
    aanslag = opnieuw(aanslag)
    assert (aanslag.status, aanslag.openstaand, aanslag.afgehandeld_op) == (
        AanslagStatus.OPEN,
        D("120.00"),
        None,
    )
    origineel = Betaling.objects.get(bedrag=D("120.00"))
    tegen = Betaling.objects.get(bedrag=D("-120.00"))
    assert (origineel.status, tegen.status, tegen.teruggeboekt_van) == (
        BetalingStatus.TERUGGEBOEKT,
        BetalingStatus.TERUGGEBOEKT,
        origineel,
    )
    assert Boeking.objects.get(soort=Boekingsoort.TERUGBOEKING).bedrag == D("120.00")
    assert selectors.saldo_uit_grootboek(aanslag=aanslag).totaal == D("120.00")
    assert selectors.tegoed(belastingplichtige=aanslag.belastingplichtige) == D("0.00")
    assert mutatie("1.1", "2026-04-06-1").betaling == tegen


def test_terugdraaiing_van_een_ongematchte_betaling_haalt_hem_uit_de_werkbak():
    camt053_importeer(bron=afschrift(Ntry([Tx(D("25.00"), e2e="E2E-9")])))
    camt053_importeer(
        bron=afschrift(Ntry([Tx(D("-25.00"), e2e="E2E-9")], storno=True), stmt_id="2026-04-02-2")
    )
    assert mutatie("1.1").status == BankmutatieStatus.AFGEHANDELD
    assert selectors.bankmutaties_te_behandelen().count() == 0


# --- The worklist ---------------------------------------------------------------------------------
def test_werkbak_koppelen_afhandelen_en_suggestie():
    persoon = BelastingplichtigeFactory(iban="NL91ABNA0417164300")
    aanslag = AanslagFactory(belastingplichtige=persoon, bedrag=D("80.00"))
    camt053_importeer(
        bron=afschrift(
            Ntry([Tx(D("80.00"), omschrijving="belasting", iban="NL91ABNA0417164300")]),
            Ntry([Tx(D("-12.50"), omschrijving="kosten bank", iban="NL02ABNA0123456789")]),
        )
    )
    werkbak = list(selectors.bankmutaties_te_behandelen())
    assert [m.positie for m in werkbak] == ["1.1", "2.1"]
    assert werkbak[0].suggestie == persoon and werkbak[1].suggestie is None
    medewerker = get_user_model().objects.create(username="medewerker")
    with pytest.raises(ValueError, match="Kies een belastingplichtige"):
        bankafschriften.bankmutatie_koppelen(mutatie=werkbak[0], datum=date(2026, 4, 3), door=medewerker)
    bankafschriften.bankmutatie_koppelen(
        mutatie=werkbak[0], datum=date(2026, 4, 3), door=medewerker, belastingplichtige=persoon
    )
    assert opnieuw(aanslag).status == AanslagStatus.BETAALD
    with pytest.raises(ValueError, match="Leg vast waarom"):
        bankafschriften.bankmutatie_afhandelen(
            mutatie=werkbak[1], datum=date(2026, 4, 3), door=medewerker, toelichting=""
        )
    bankafschriften.bankmutatie_afhandelen(
        mutatie=werkbak[1], datum=date(2026, 4, 3), door=medewerker, toelichting="Bankkosten"
    )
    assert selectors.bankmutaties_te_behandelen().count() == 0
    m = mutatie("1.1")
    assert (m.status, m.behandeld_door, m.behandeld_op) == (
        BankmutatieStatus.GEKOPPELD,
        medewerker,
        date(2026, 4, 3),
    )
    with pytest.raises(ValueError, match="al behandeld"):
        bankafschriften.bankmutatie_afhandelen(
            mutatie=m, datum=date(2026, 4, 3), door=medewerker, toelichting="x"
        )


def test_suggestie_ook_bij_een_afschrijving_en_een_onbekende_terugboeking():
    persoon = BelastingplichtigeFactory(iban="NL91ABNA0417164300")
    camt053_importeer(
        bron=afschrift(
            Ntry([Tx(D("-12.50"), omschrijving="terug", iban="NL91ABNA0417164300")]),
            Ntry([Tx(D("-9.00"), retourcode="MD06", iban="NL91ABNA0417164300")]),
            Ntry([Tx(D("30.00"), kenmerk=maak(77_777), iban="NL02ABNA0123456789")]),
        )
    )
    assert {m.positie: m.suggestie for m in selectors.bankmutaties_te_behandelen()} == {
        "1.1": persoon,
        "2.1": persoon,
        "3.1": None,
    }


def test_werkbak_terugboeking_koppelen():
    aanslag = AanslagFactory(bedrag=D("60.00"))
    camt053_importeer(bron=afschrift(Ntry([Tx(D("60.00"), kenmerk=aanslag.betalingskenmerk)])))
    camt053_importeer(bron=afschrift(Ntry([Tx(D("-60.00"), retourcode="MD06")]), stmt_id="2026-04-09-1"))
    m = mutatie("1.1", "2026-04-09-1")
    assert m.reden == bankafschriften.REDEN_TERUGBOEKING_ONBEKEND
    bankafschriften.bankmutatie_terugboeking_koppelen(
        mutatie=m, betaling=Betaling.objects.get(bedrag=D("60.00")), datum=date(2026, 4, 10), door=None
    )
    assert opnieuw(aanslag).openstaand == D("60.00")
    assert mutatie("1.1", "2026-04-09-1").status == BankmutatieStatus.GEKOPPELD


# --- Set-based ------------------------------------------------------------------------------------
def test_import_met_vaste_aantal_queries(django_assert_max_num_queries):
    def statement(n, stmt_id):
        aanslagen = [AanslagFactory(bedrag=D("50.00")) for _ in range(n)]
        boekingen = []
        for i, a in enumerate(aanslagen):
            if i % 3 == 0:
                boekingen.append(Ntry([Tx(D("50.00"), kenmerk=a.betalingskenmerk)]))
            elif i % 3 == 1:
                boekingen.append(Ntry([Tx(D("60.00"), omschrijving=met_punten(a.betalingskenmerk))]))
            else:
                boekingen.append(Ntry([Tx(D("20.00"), omschrijving="geen kenmerk")]))
        return afschrift(*boekingen, stmt_id=stmt_id)

    klein, groot = statement(6, "klein"), statement(60, "groot")
    with django_assert_max_num_queries(45) as q_klein:
        assert camt053_importeer(bron=klein).toegerekend == 4
    with django_assert_max_num_queries(45) as q_groot:
        assert camt053_importeer(bron=groot).toegerekend == 40
    # The same statements for 6 and for 60 entries; only SQLite splits a bulk INSERT into several
    # (its limit on query parameters), so inserts are left out of the comparison.
    assert zonder_inserts(q_groot) == zonder_inserts(q_klein)


def test_statistiek_bijgewerkt_als_de_import_de_tabel_verdubbelt(monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(bankafschriften._Statistiek, "VANAF", 2)
    aanslag = AanslagFactory(bedrag=D("50.00"))
    boekingen = [Ntry([Tx(D("1.00"), kenmerk=aanslag.betalingskenmerk)]) for _ in range(3)]
    with CaptureQueriesContext(connection) as vastgelegd:
        camt053_importeer(bron=afschrift(*boekingen))
    analyses = [q["sql"] for q in vastgelegd.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analyses == (['ANALYZE "invordering_betaling"'] if connection.vendor == "postgresql" else [])
    assert opnieuw(aanslag).openstaand == D("47.00")


def zonder_inserts(vastgelegd):
    return [
        re.sub(r'"s\d+_x\d+"', "", q["sql"])[:60]
        for q in vastgelegd.captured_queries
        if not q["sql"].startswith("INSERT")
    ]


# --- The command ----------------------------------------------------------------------------------
def test_commando_leest_bestanden_en_meldt_fouten(tmp_path, capsys):
    aanslag = AanslagFactory(bedrag=D("10.00"))
    goed = tmp_path / "goed.xml"
    goed.write_bytes(afschrift(Ntry([Tx(D("10.00"), kenmerk=aanslag.betalingskenmerk)])))
    slecht = tmp_path / "slecht.xml"
    slecht.write_bytes(afschrift(Ntry([Tx(D("1.00"))], weglaten={"Amt"}), stmt_id="x"))
    with pytest.raises(CommandError, match="1 van 3 bestand"):
        call_command("import_camt053", str(goed), str(slecht), str(VOORBEELD), "--details")
    uit = capsys.readouterr()
    assert "goed.xml: 1 transacties; 1 geboekt (10.00)" in uit.out
    assert "4 niet gekoppeld (werkbak)" in uit.out and "Geen betalingskenmerk gevonden" in uit.out
    assert "afschrift x, boeking 1: Amt ontbreekt" in uit.err
    assert opnieuw(aanslag).status == AanslagStatus.BETAALD
