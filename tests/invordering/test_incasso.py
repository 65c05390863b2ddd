"""Direct debit: mandates, the pain.008.001.02 export (validated against the official XSD), collections
and returns on the bank statement, and stopping after two returns in a row."""

from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from communicatie.models import Brief
from communicatie.sjablonen import Sjabloon
from invordering import incasso, services
from invordering.bank import pain008
from invordering.bank.sepa import is_geldig_incassant_id, is_geldig_mandaat_id, sepa_tekst
from invordering.bankafschriften import camt053_importeer
from invordering.constants import (
    AanslagStatus,
    Betaalbron,
    BetalingStatus,
    Bron,
    IncassopostStatus,
    MachtigingStatus,
    PauzeReden,
    RegelingGebeurtenisSoort,
    Sequentietype,
)
from invordering.models import Aanslag, Betaling, Incassobatch, Incassopost, Machtiging
from invordering.regelingen import regeling_maak
from tests.invordering.camt import Ntry, Tx, afschrift
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

pytestmark = pytest.mark.django_db

NS = {"p": pain008.NS}
XSD = Path(__file__).resolve().parents[2] / "invordering" / "bank" / "xsd" / "pain.008.001.02.xsd"
MOMENT = datetime(2026, 4, 27, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
IBAN = "NL91ABNA0417164300"


@pytest.fixture(autouse=True)
def incassant(settings):
    settings.SEPA_CREDITOR_ID = "NL69ZZZ123456780000"
    settings.ORGANISATIE_NAAM = "Belastingsamenwerking Voorbeeldregio"
    settings.ORGANISATIE_IBAN = "NL44RABO0123456789"
    settings.ORGANISATIE_BIC = "RABONL2U"


def officieel_schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def met_machtiging(bedrag="300.00", termijnen=3, getekend=date(2026, 3, 1), naam="Jansen-Überlinger"):
    persoon = BelastingplichtigeFactory(achternaam=naam)
    aanslag = AanslagFactory(belastingplichtige=persoon, bedrag=D(bedrag), aantal_termijnen=termijnen)
    machtiging = incasso.machtiging_maak(
        belastingplichtige=persoon,
        iban=IBAN,
        naam_rekeninghouder=f"J. {naam}",
        ondertekend_op=getekend,
        bron=Bron.PORTAAL,
    )
    return persoon, aanslag, machtiging


# --- Identifiers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "waarde, geldig",
    [
        ("NL69ZZZ123456780000", True),
        ("DE98ZZZ09999999999", True),  # the Bundesbank's published test identifier
        ("NL22ZZZ524885430000", True),  # from the public camt.053 sample
        ("NL70ZZZ123456780000", False),
        ("NL69ZZ", False),
        ("", False),
    ],
)
def test_incassant_id(waarde, geldig):
    assert is_geldig_incassant_id(waarde) is geldig


def test_machtiging_maken_controleert_iban_en_kenmerk():
    persoon = BelastingplichtigeFactory()
    with pytest.raises(ValueError, match="IBAN 'NL91ABNA0417164301' is ongeldig"):
        incasso.machtiging_maak(
            belastingplichtige=persoon,
            iban="NL91 ABNA 0417 1643 01",
            naam_rekeninghouder="J. Jansen",
            ondertekend_op=date(2026, 3, 1),
            bron=Bron.MEDEWERKER,
        )
    with pytest.raises(ValueError, match="machtigingskenmerk 'met spatie' is ongeldig"):
        incasso.machtiging_maak(
            belastingplichtige=persoon,
            iban=IBAN,
            naam_rekeninghouder="J. Jansen",
            ondertekend_op=date(2026, 3, 1),
            bron=Bron.MEDEWERKER,
            mandaat_id="met spatie",
        )
    machtiging = incasso.machtiging_maak(
        belastingplichtige=persoon,
        iban="nl91 abna 0417 1643 00",
        naam_rekeninghouder="J. Jansen",
        ondertekend_op=date(2026, 3, 1),
        bron=Bron.MEDEWERKER,
    )
    assert (machtiging.iban, machtiging.mandaat_id) == (IBAN, f"SI-{persoon.pk}-1")
    assert is_geldig_mandaat_id(machtiging.mandaat_id) and not is_geldig_mandaat_id("x" * 36)
    with pytest.raises(ValueError, match="al een actieve machtiging"):
        incasso.machtiging_maak(
            belastingplichtige=persoon,
            iban=IBAN,
            naam_rekeninghouder="J. Jansen",
            ondertekend_op=date(2026, 3, 2),
            bron=Bron.MEDEWERKER,
        )
    incasso.machtiging_intrekken(machtiging=machtiging, datum=date(2026, 4, 1))
    assert (
        incasso.machtiging_maak(
            belastingplichtige=persoon,
            iban=IBAN,
            naam_rekeninghouder="J. Jansen",
            ondertekend_op=date(2026, 4, 2),
            bron=Bron.MEDEWERKER,
        ).mandaat_id
        == f"SI-{persoon.pk}-2"
    )


def test_sepa_tekst_zonder_accenten_en_vreemde_tekens():
    assert sepa_tekst("J. Überlinger & Zoë  <b>", 70) == "J. Uberlinger Zoe b"
    assert len(sepa_tekst("a" * 200, 140)) == 140


# --- Export ---------------------------------------------------------------------------------------
def test_export_van_vervallen_termijnen_valideert_tegen_de_officiele_xsd():
    persoon, aanslag, machtiging = met_machtiging()
    assert incasso.incassobatch_maak(datum=date(2026, 4, 29), aangemaakt_op=MOMENT) is None
    batch = incasso.incassobatch_maak(datum=date(2026, 4, 30), aangemaakt_op=MOMENT)
    [post] = batch.posten.all()
    termijn = aanslag.termijnen.get(volgnummer=1)
    assert (post.termijn, post.bedrag, post.sequentie, post.end_to_end_id) == (
        termijn,
        D("100.00"),
        Sequentietype.FRST,
        f"SI-T{termijn.pk}",
    )
    xml = incasso.incassobestand(batch=batch)
    document = etree.fromstring(xml)
    schema = officieel_schema()
    assert schema.validate(document), schema.error_log
    pmt = document.find("p:CstmrDrctDbtInitn/p:PmtInf", NS)
    assert pmt.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS) == "FRST"
    assert pmt.findtext("p:ReqdColltnDt", namespaces=NS) == "2026-04-30"
    assert pmt.findtext("p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == "NL69ZZZ123456780000"
    assert pmt.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == "NL44RABO0123456789"
    tx = pmt.find("p:DrctDbtTxInf", NS)
    assert tx.findtext("p:InstdAmt", namespaces=NS) == "100.00"
    assert tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", namespaces=NS) == machtiging.mandaat_id
    assert tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:DtOfSgntr", namespaces=NS) == "2026-03-01"
    assert tx.findtext("p:Dbtr/p:Nm", namespaces=NS) == "J. Jansen-Uberlinger"
    assert tx.findtext("p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", namespaces=NS) == "NOTPROVIDED"
    assert aanslag.betalingskenmerk in tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS)
    # Nothing new the same day; the next installment is RCUR.
    assert incasso.incassobatch_maak(datum=date(2026, 4, 30), aangemaakt_op=MOMENT) is None
    volgende = incasso.incassobatch_maak(datum=date(2026, 5, 31), aangemaakt_op=MOMENT)
    assert [(p.bedrag, p.sequentie) for p in volgende.posten.all()] == [(D("100.00"), Sequentietype.RCUR)]
    assert schema.validate(etree.fromstring(incasso.incassobestand(batch=volgende)))


def test_xsd_controle_is_niet_loos():
    _, _, _ = met_machtiging()
    batch = incasso.incassobatch_maak(datum=date(2026, 4, 30), aangemaakt_op=MOMENT)
    xml = incasso.incassobestand(batch=batch)
    kapot = xml.replace(b"<MndtId>", b"<Mandaat>").replace(b"</MndtId>", b"</Mandaat>")
    assert not officieel_schema().validate(etree.fromstring(kapot))
    with pytest.raises(ValueError, match="voldoet niet aan de XSD"):
        pain008.valideer(kapot)


def test_incasso_vraagt_alleen_wat_nu_nog_moet():
    persoon, aanslag, _ = met_machtiging()
    betaling = Betaling.objects.create(
        datum=date(2026, 5, 10),
        bedrag=D("150.00"),
        bron=Betaalbron.BANK,
        referentie="zelf",
        belastingplichtige=persoon,
    )
    services.betaling_toerekenen(betaling=betaling, aanslagen=[aanslag])
    # 1 May: installment 1 was paid by hand; on 31 May 150 is open and 100 is for 30 June: collect 50.
    batch = incasso.incassobatch_maak(datum=date(2026, 5, 31), aangemaakt_op=MOMENT)
    assert [(p.termijn.volgnummer, p.bedrag) for p in batch.posten.all()] == [(2, D("50.00"))]


def test_geen_incasso_voor_termijnen_voor_de_machtiging_of_tijdens_een_pauze():
    persoon, aanslag, _ = met_machtiging(getekend=date(2026, 5, 15))
    assert incasso.incassobatch_maak(datum=date(2026, 5, 14), aangemaakt_op=MOMENT) is None
    # Installment 1 (30 April) fell due before the mandate: left alone. Installment 2 is paused.
    services.pauze_start(
        belastingplichtige=persoon,
        reden=PauzeReden.KWIJTSCHELDING,
        start=date(2026, 5, 20),
        bron="kwijtschelding:1",
    )
    assert incasso.incassobatch_maak(datum=date(2026, 5, 31), aangemaakt_op=MOMENT) is None
    services.pauzes_beeindig_voor_bron(bron="kwijtschelding:1", datum=date(2026, 6, 1))
    batch = incasso.incassobatch_maak(datum=date(2026, 6, 1), aangemaakt_op=MOMENT)
    assert [p.termijn.volgnummer for p in batch.posten.all()] == [2]


def test_termijnen_van_een_regeling_met_machtiging():
    persoon, aanslag, machtiging = met_machtiging(bedrag="450.00", termijnen=1)
    regeling = regeling_maak(
        belastingplichtige=persoon, datum=date(2026, 3, 2), aantal_termijnen=6, machtiging=machtiging
    )
    bevestiging = Brief.objects.get(sjabloon=Sjabloon.REGELING_BEVESTIGING)
    assert bevestiging.gegevens["incasso"] is True and "betaling" not in bevestiging.gegevens
    batch = incasso.incassobatch_maak(datum=date(2026, 4, 30), aangemaakt_op=MOMENT)
    # The aanslag's own installment is paused by the plan; the plan's 16 Mar and 16 Apr ones are collected.
    assert [
        (p.regelingtermijn.volgnummer, p.bedrag, p.end_to_end_id) for p in batch.posten.order_by("id")
    ] == [
        (1, D("75.00"), f"SI-R{regeling.termijnen.get(volgnummer=1).pk}"),
        (2, D("75.00"), f"SI-R{regeling.termijnen.get(volgnummer=2).pk}"),
    ]
    assert all(p.termijn_id is None for p in batch.posten.all())
    assert officieel_schema().validate(etree.fromstring(incasso.incassobestand(batch=batch)))


def test_commando_schrijft_bestand_en_weigert_zonder_incassant(tmp_path, settings, capsys):
    met_machtiging()
    uit = tmp_path / "incasso.xml"
    settings.SEPA_CREDITOR_ID = ""
    with pytest.raises(CommandError, match="SEPA_CREDITOR_ID is niet ingesteld"):
        call_command("export_incasso", "--datum", "2026-04-30", "--out", str(uit))
    assert not Incassobatch.objects.exists() and not uit.exists()
    settings.SEPA_CREDITOR_ID = "NL69ZZZ123456780000"
    call_command("export_incasso", "--datum", "2026-04-30", "--out", str(uit))
    assert officieel_schema().validate(etree.parse(str(uit)))
    eerste = uit.read_bytes()
    call_command("export_incasso", "--datum", "2026-04-30", "--out", str(uit))
    assert uit.read_bytes() == eerste and Incassobatch.objects.count() == 1
    assert "opnieuw geschreven" in capsys.readouterr().out


# --- On the bank statement ------------------------------------------------------------------------
def bijschrijving(post, datum, stmt):
    return afschrift(Ntry([Tx(post.bedrag, e2e=post.end_to_end_id, iban=IBAN)], datum=datum), stmt_id=stmt)


def storno(post, datum, stmt, code="AM04"):
    return afschrift(
        Ntry(
            [Tx(-post.bedrag, e2e=post.end_to_end_id, iban=IBAN, retourcode=code)], datum=datum, storno=True
        ),
        stmt_id=stmt,
    )


def test_bijschrijving_en_storno_van_een_incasso():
    persoon, aanslag, machtiging = met_machtiging(bedrag="100.00", termijnen=1)
    [post] = incasso.incassobatch_maak(datum=date(2026, 4, 30), aangemaakt_op=MOMENT).posten.all()
    camt053_importeer(bron=bijschrijving(post, date(2026, 4, 30), "a1"))
    post.refresh_from_db()
    assert post.status == IncassopostStatus.BETAALD and post.betaling.bron == Betaalbron.INCASSO
    assert Aanslag.objects.get(pk=aanslag.pk).status == AanslagStatus.BETAALD
    uitkomst = camt053_importeer(bron=storno(post, date(2026, 5, 4), "a2"))
    assert uitkomst.teruggeboekt == 1 and uitkomst.incasso_gestopt == 0
    post.refresh_from_db()
    assert (post.status, post.retourcode, post.teruggeboekt_op) == (
        IncassopostStatus.TERUGGEBOEKT,
        "AM04",
        date(2026, 5, 4),
    )
    assert post.betaling.status == BetalingStatus.TERUGGEBOEKT
    aanslag = Aanslag.objects.get(pk=aanslag.pk)
    assert (aanslag.status, aanslag.openstaand) == (AanslagStatus.OPEN, D("100.00"))
    assert Machtiging.objects.get(pk=machtiging.pk).status == MachtigingStatus.ACTIEF
    # The same return again books nothing.
    assert camt053_importeer(bron=storno(post, date(2026, 5, 4), "a2")).al_ingelezen == 1


def test_twee_storneringen_op_rij_stoppen_de_incasso_en_de_inwoner_hoort_het():
    persoon, aanslag, machtiging = met_machtiging(bedrag="450.00", termijnen=1)
    regeling = regeling_maak(
        belastingplichtige=persoon, datum=date(2026, 3, 2), aantal_termijnen=6, machtiging=machtiging
    )
    [eerste] = incasso.incassobatch_maak(datum=date(2026, 3, 16), aangemaakt_op=MOMENT).posten.all()
    camt053_importeer(bron=bijschrijving(eerste, date(2026, 3, 16), "m1"))
    camt053_importeer(bron=storno(eerste, date(2026, 3, 20), "m2"))
    [tweede] = incasso.incassobatch_maak(datum=date(2026, 4, 16), aangemaakt_op=MOMENT).posten.all()
    assert tweede.sequentie == Sequentietype.RCUR and tweede.bedrag == D("75.00")
    camt053_importeer(bron=bijschrijving(tweede, date(2026, 4, 16), "m3"))
    uitkomst = camt053_importeer(bron=storno(tweede, date(2026, 4, 21), "m4", code="MD06"))
    assert uitkomst.incasso_gestopt == 1
    machtiging.refresh_from_db()
    assert (machtiging.status, machtiging.beeindigd_op) == (MachtigingStatus.GESTOPT, date(2026, 4, 21))
    [brief] = Brief.objects.filter(sjabloon=Sjabloon.INCASSO_GESTOPT)
    assert brief.gegevens["reden"] == incasso.REDEN_GESTOPT.format(n=2)
    assert brief.ontvanger == f"belastingplichtige:{persoon.pk}"
    assert regeling.gebeurtenissen.filter(soort=RegelingGebeurtenisSoort.INCASSO_GESTOPT).count() == 1
    assert incasso.incassobatch_maak(datum=date(2026, 5, 16), aangemaakt_op=MOMENT) is None


def test_niet_op_rij_gestorneerd_stopt_niet():
    persoon, _, machtiging = met_machtiging(bedrag="300.00", termijnen=3)
    posten = []
    for i, datum in enumerate((date(2026, 4, 30), date(2026, 5, 31), date(2026, 6, 30))):
        [post] = incasso.incassobatch_maak(datum=datum, aangemaakt_op=MOMENT).posten.all()
        camt053_importeer(bron=bijschrijving(post, datum, f"b{i}"))
        posten.append(post)
    camt053_importeer(bron=storno(posten[0], date(2026, 7, 2), "s1"))
    camt053_importeer(bron=storno(posten[2], date(2026, 7, 3), "s2"))
    assert Machtiging.objects.get(pk=machtiging.pk).status == MachtigingStatus.ACTIEF
    camt053_importeer(bron=storno(posten[1], date(2026, 7, 6), "s3"))  # now 1, 2 and 3 in a row
    assert Machtiging.objects.get(pk=machtiging.pk).status == MachtigingStatus.GESTOPT
    assert Incassopost.objects.filter(status=IncassopostStatus.TERUGGEBOEKT).count() == 3
