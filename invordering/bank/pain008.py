"""Write SEPA direct-debit files: pain.008.001.02 (ISO 20022 CustomerDirectDebitInitiationV02).

What Dutch banks take for SEPA Core direct debit (DOMEIN.md "Payments"; EPC SDD Core rulebook,
Betaalvereniging "Implementation guidelines SEPA Direct Debit"): one ``PmtInf`` per sequence type
(FRST, RCUR), service level SEPA, local instrument CORE, charges SLEV, the creditor identifier as
private id with scheme SEPA, one transaction per installment. Pure: it writes what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from .sepa import sepa_tekst

NS = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"
XSD = Path(__file__).parent / "xsd" / "pain.008.001.02.xsd"
VOLGORDE = ("FRST", "RCUR")

FOUT_LEEG = "Een incassobestand heeft minstens één incasso nodig."
FOUT_XSD = "Het pain.008-bestand voldoet niet aan de XSD: {fouten}"


@dataclass(frozen=True)
class Incassant:
    naam: str
    iban: str
    bic: str
    incassant_id: str


@dataclass(frozen=True)
class Incasso:
    end_to_end_id: str
    bedrag: Decimal
    sequentie: str
    mandaat_id: str
    ondertekend_op: date
    naam: str
    iban: str
    bic: str
    omschrijving: str


def _el(ouder, naam: str, tekst: str | None = None, **attrib):
    element = etree.SubElement(ouder, f"{{{NS}}}{naam}", **attrib)
    if tekst is not None:
        element.text = tekst
    return element


def _pad(ouder, *namen: str, tekst: str | None = None):
    for naam in namen[:-1]:
        ouder = _el(ouder, naam)
    return _el(ouder, namen[-1], tekst)


def _bedrag(waarde: Decimal) -> str:
    return f"{waarde:.2f}"


def _agent(ouder, naam: str, bic: str) -> None:
    fin = _pad(ouder, naam, "FinInstnId")
    if bic:
        _el(fin, "BIC", bic)
    else:
        # IBAN-only: allowed for Dutch and SEPA accounts since 2016 (EPC rulebook).
        _pad(fin, "Othr", "Id", tekst="NOTPROVIDED")


def schrijf(
    *,
    bericht_id: str,
    aangemaakt_op: datetime,
    incassodatum: date,
    incassant: Incassant,
    incassos: Sequence[Incasso],
) -> bytes:
    """The pain.008.001.02 document for one collection date, UTF-8 encoded."""
    if not incassos:
        raise ValueError(FOUT_LEEG)
    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    initiatie = _el(root, "CstmrDrctDbtInitn")
    kop = _el(initiatie, "GrpHdr")
    _el(kop, "MsgId", bericht_id)
    _el(kop, "CreDtTm", aangemaakt_op.replace(microsecond=0).isoformat())
    _el(kop, "NbOfTxs", str(len(incassos)))
    _el(kop, "CtrlSum", _bedrag(sum((i.bedrag for i in incassos), Decimal("0"))))
    _pad(kop, "InitgPty", "Nm", tekst=sepa_tekst(incassant.naam, 70))

    for sequentie in VOLGORDE:
        deel = [i for i in incassos if i.sequentie == sequentie]
        if not deel:
            continue
        pmt = _el(initiatie, "PmtInf")
        _el(pmt, "PmtInfId", f"{bericht_id}-{sequentie}"[:35])
        _el(pmt, "PmtMtd", "DD")
        # One booking per collection on the statement, so each one can be matched by its end-to-end id.
        _el(pmt, "BtchBookg", "false")
        _el(pmt, "NbOfTxs", str(len(deel)))
        _el(pmt, "CtrlSum", _bedrag(sum((i.bedrag for i in deel), Decimal("0"))))
        soort = _el(pmt, "PmtTpInf")
        _pad(soort, "SvcLvl", "Cd", tekst="SEPA")
        _pad(soort, "LclInstrm", "Cd", tekst="CORE")
        _el(soort, "SeqTp", sequentie)
        _el(pmt, "ReqdColltnDt", incassodatum.isoformat())
        _pad(pmt, "Cdtr", "Nm", tekst=sepa_tekst(incassant.naam, 70))
        _pad(pmt, "CdtrAcct", "Id", "IBAN", tekst=incassant.iban)
        _agent(pmt, "CdtrAgt", incassant.bic)
        _el(pmt, "ChrgBr", "SLEV")
        othr = _pad(pmt, "CdtrSchmeId", "Id", "PrvtId", "Othr")
        _el(othr, "Id", incassant.incassant_id)
        _pad(othr, "SchmeNm", "Prtry", tekst="SEPA")
        for incasso in deel:
            tx = _el(pmt, "DrctDbtTxInf")
            _pad(tx, "PmtId", "EndToEndId", tekst=incasso.end_to_end_id)
            _el(tx, "InstdAmt", _bedrag(incasso.bedrag), Ccy="EUR")
            mandaat = _pad(tx, "DrctDbtTx", "MndtRltdInf")
            _el(mandaat, "MndtId", incasso.mandaat_id)
            _el(mandaat, "DtOfSgntr", incasso.ondertekend_op.isoformat())
            _agent(tx, "DbtrAgt", incasso.bic)
            _pad(tx, "Dbtr", "Nm", tekst=sepa_tekst(incasso.naam, 70))
            _pad(tx, "DbtrAcct", "Id", "IBAN", tekst=incasso.iban)
            _pad(tx, "RmtInf", "Ustrd", tekst=sepa_tekst(incasso.omschrijving, 140))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def valideer(xml: bytes) -> None:
    """Raise ValueError naming every line that breaks the official pain.008.001.02 XSD."""
    schema = _schema()
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(document):
        fouten = "; ".join(f"regel {e.line}: {e.message}" for e in schema.error_log)
        raise ValueError(FOUT_XSD.format(fouten=fouten))
