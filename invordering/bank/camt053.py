"""Read bank statements: camt.053.001.02 (ISO 20022 BankToCustomerStatementV02).

Streams the file (``iterparse``), so a statement of 100,000 entries does not sit in memory as a tree.
Every transaction (``TxDtls``, or the entry itself when it has none) becomes one ``Transactie`` with a
reference that is the same each time the same statement is read: the bank's own reference
(``AcctSvcrRef``) when it gives one, otherwise account + statement id + position. Pure: no database.

Source: ISO 20022 camt.053.001.02; DOMEIN.md "Payments" (``RmtInf/Strd/CdtrRefInf`` with ``SCOR``/
``CUR``, returns ``RtrInf``, reversals ``RvslInd``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from lxml import etree

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
MAX_MELDINGEN = 50

FOUT_GEEN_XML = "Het bestand is geen leesbare XML: {fout}"
FOUT_NAAMRUIMTE = "Het bestand is geen camt.053.001.02-afschrift (gevonden: {gevonden})."
FOUT_GEEN_AFSCHRIFT = "Het bestand bevat geen afschrift (Stmt)."
FOUT_AFSCHRIFT = "afschrift {nummer}: {veld} ontbreekt"
FOUT_VELD = "afschrift {afschrift}, boeking {boeking}{tx}: {veld} {reden}"
REDEN_ONTBREEKT = "ontbreekt"
REDEN_ONGELDIG = "is ongeldig ({waarde!r})"
REDEN_SOM = "de transacties tellen op tot {som}, de boeking is {bedrag}"


class Camt053Fout(ValueError):
    """The file cannot be imported; ``meldingen`` names every entry and field that is wrong."""

    def __init__(self, meldingen: list[str]):
        self.meldingen = meldingen
        super().__init__("\n".join(meldingen))


@dataclass(frozen=True)
class Transactie:
    referentie: str
    rekening: str
    afschrift_id: str
    positie: str
    boekdatum: date
    valutadatum: date | None
    bedrag: Decimal  # positive: credited to us; negative: debited
    valuta: str
    status: str  # BOOK, PDNG, INFO
    storno: bool
    retourcode: str
    end_to_end_id: str
    mandaat_id: str
    kenmerk: str  # structured creditor reference (SCOR), as given
    omschrijving: str
    tegenrekening: str
    tegenrekening_naam: str
    transactiecode: str


@dataclass
class Afschrift:
    afschrift_id: str
    rekening: str
    volgnummer: str
    aangemaakt_op: datetime | None
    transacties: list[Transactie] = field(default_factory=list)


@dataclass
class Camt053Bestand:
    bericht_id: str
    afschriften: list[Afschrift]

    @property
    def transacties(self) -> list[Transactie]:
        return [t for a in self.afschriften for t in a.transacties]


def _tag(naam: str) -> str:
    return f"{{{NS}}}{naam}"


def _tekst(element, pad: str) -> str:
    """Text at a path of local names separated by '/', or ''."""
    if element is None:
        return ""
    gevonden = element.find("/".join(_tag(d) for d in pad.split("/")))
    return (gevonden.text or "").strip() if gevonden is not None else ""


def _datum(element, pad: str) -> date | None:
    """A ``Dt`` or ``DtTm`` choice under ``pad``."""
    waarde = _tekst(element, f"{pad}/Dt") or _tekst(element, f"{pad}/DtTm")
    if not waarde:
        return None
    return date.fromisoformat(waarde[:10])


def _datumtijd(waarde: str) -> datetime | None:
    if not waarde:
        return None
    try:
        return datetime.fromisoformat(waarde.replace("Z", "+00:00"))
    except ValueError:
        return None


def _bedrag(waarde: str) -> Decimal:
    bedrag = Decimal(waarde)
    if not bedrag.is_finite() or bedrag < 0 or bedrag != bedrag.quantize(Decimal("0.01")):
        raise InvalidOperation(waarde)
    return bedrag


def _partij(tx, credit: bool, eigen_rekening: str) -> tuple[str, str]:
    """The counterparty: the debtor of money we received, the creditor of money we paid."""
    volgorde = ("Dbtr", "Cdtr") if credit else ("Cdtr", "Dbtr")
    for rol in volgorde:
        iban = _tekst(tx, f"RltdPties/{rol}Acct/Id/IBAN")
        naam = _tekst(tx, f"RltdPties/{rol}/Nm")
        if (iban or naam) and iban != eigen_rekening:
            return iban, naam
    return "", ""


def _omschrijving(tx, ntry) -> str:
    delen = (
        [u.text.strip() for u in tx.iterfind(f"{_tag('RmtInf')}/{_tag('Ustrd')}") if u.text]
        if tx is not None
        else []
    )
    for bron in (_tekst(tx, "AddtlTxInf"), _tekst(ntry, "AddtlNtryInf")):
        if bron and bron not in delen:
            delen.append(bron)
    return " ".join(delen)[:500]


def _referentie(rekening: str, afschrift_id: str, positie: str, bank_ref: str) -> str:
    referentie = f"{rekening}/{bank_ref}" if bank_ref else f"{rekening}/{afschrift_id}/{positie}"
    if len(referentie) > 100:
        referentie = f"{rekening}/sha1:{hashlib.sha1(referentie.encode()).hexdigest()}"
    return referentie


def _lees_boeking(ntry, afschrift: Afschrift, nummer: int, meldingen: list[str]) -> list[Transactie]:
    def fout(veld, reden, tx=""):
        meldingen.append(
            FOUT_VELD.format(afschrift=afschrift.afschrift_id, boeking=nummer, tx=tx, veld=veld, reden=reden)
        )

    amt = ntry.find(_tag("Amt"))
    try:
        if amt is None or not (amt.text or "").strip():
            fout("Amt", REDEN_ONTBREEKT)
            return []
        bedrag = _bedrag(amt.text.strip())
    except InvalidOperation:
        fout("Amt", REDEN_ONGELDIG.format(waarde=amt.text))
        return []
    valuta = amt.get("Ccy", "")
    richting = _tekst(ntry, "CdtDbtInd")
    if richting not in ("CRDT", "DBIT"):
        fout("CdtDbtInd", REDEN_ONGELDIG.format(waarde=richting) if richting else REDEN_ONTBREEKT)
        return []
    try:
        boekdatum = _datum(ntry, "BookgDt")
        valutadatum = _datum(ntry, "ValDt")
    except ValueError as exc:
        fout("BookgDt/ValDt", REDEN_ONGELDIG.format(waarde=str(exc)))
        return []
    if boekdatum is None:
        fout("BookgDt", REDEN_ONTBREEKT)
        return []
    storno = _tekst(ntry, "RvslInd").lower() in ("true", "1")
    status = _tekst(ntry, "Sts")
    credit = richting == "CRDT"
    code = "/".join(
        c
        for c in (
            _tekst(ntry, "BkTxCd/Domn/Cd"),
            _tekst(ntry, "BkTxCd/Domn/Fmly/Cd"),
            _tekst(ntry, "BkTxCd/Domn/Fmly/SubFmlyCd"),
        )
        if c
    )
    ntry_ref = _tekst(ntry, "AcctSvcrRef")
    txs = [tx for details in ntry.iterfind(_tag("NtryDtls")) for tx in details.iterfind(_tag("TxDtls"))]

    uitkomst = []
    som = Decimal("0")
    for index, tx in enumerate(txs or [None], start=1):
        positie = f"{nummer}.{index}"
        tx_amt = _tekst(tx, "AmtDtls/TxAmt/Amt") or _tekst(tx, "AmtDtls/InstdAmt/Amt")
        if tx_amt:
            try:
                tx_bedrag = _bedrag(tx_amt)
            except InvalidOperation:
                fout("AmtDtls", REDEN_ONGELDIG.format(waarde=tx_amt), tx=f", transactie {index}")
                return []
        elif len(txs) <= 1:
            tx_bedrag = bedrag
        else:
            fout("AmtDtls", REDEN_ONTBREEKT, tx=f", transactie {index}")
            return []
        som += tx_bedrag
        bank_ref = _tekst(tx, "Refs/AcctSvcrRef") or (f"{ntry_ref}/{index}" if ntry_ref else "")
        iban, naam = _partij(tx, credit, afschrift.rekening)
        kenmerk = ""
        if tx is not None:
            for strd in tx.iterfind(f"{_tag('RmtInf')}/{_tag('Strd')}"):
                ref = _tekst(strd, "CdtrRefInf/Ref")
                if ref:
                    kenmerk = ref
                    break
        eind = _tekst(tx, "Refs/EndToEndId")
        uitkomst.append(
            Transactie(
                referentie=_referentie(afschrift.rekening, afschrift.afschrift_id, positie, bank_ref),
                rekening=afschrift.rekening,
                afschrift_id=afschrift.afschrift_id,
                positie=positie,
                boekdatum=boekdatum,
                valutadatum=valutadatum,
                bedrag=tx_bedrag if credit else -tx_bedrag,
                valuta=valuta,
                status=status,
                storno=storno,
                retourcode=_tekst(tx, "RtrInf/Rsn/Cd")[:4],
                end_to_end_id="" if eind.upper() == "NOTPROVIDED" else eind[:35],
                mandaat_id=_tekst(tx, "Refs/MndtId")[:35],
                kenmerk=kenmerk[:35],
                omschrijving=_omschrijving(tx, ntry),
                tegenrekening=iban[:34],
                tegenrekening_naam=naam[:140],
                transactiecode=code[:30],
            )
        )
    if len(txs) > 1 and som != bedrag:
        fout("TxDtls", REDEN_SOM.format(som=som, bedrag=bedrag))
        return []
    return uitkomst


def lees(bron: str | Path | BinaryIO | bytes) -> Camt053Bestand:
    """Read a camt.053.001.02 file; raise Camt053Fout naming every bad entry (nothing half-read)."""
    if isinstance(bron, bytes):
        import io

        bron = io.BytesIO(bron)
    elif isinstance(bron, Path):
        bron = str(bron)
    meldingen: list[str] = []
    afschriften: list[Afschrift] = []
    bericht_id = ""
    huidig: Afschrift | None = None
    nummer = 0
    try:
        for gebeurtenis, element in etree.iterparse(
            bron, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=True
        ):
            if gebeurtenis == "start":
                if element.getparent() is None and element.tag != _tag("Document"):
                    naamruimte = etree.QName(element).namespace or element.tag
                    raise Camt053Fout([FOUT_NAAMRUIMTE.format(gevonden=naamruimte)])
                if element.tag == _tag("Ntry") and huidig is None:
                    huidig = _afschrift_kop(element.getparent(), meldingen, len(afschriften) + 1)
                    afschriften.append(huidig)
                continue
            if element.tag == _tag("MsgId") and element.getparent().tag == _tag("GrpHdr"):
                bericht_id = (element.text or "").strip()
            elif element.tag == _tag("Ntry"):
                nummer += 1
                if len(meldingen) < MAX_MELDINGEN:
                    huidig.transacties += _lees_boeking(element, huidig, nummer, meldingen)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif element.tag == _tag("Stmt"):
                if huidig is None:  # a statement without entries
                    afschriften.append(_afschrift_kop(element, meldingen, len(afschriften) + 1))
                huidig, nummer = None, 0
                element.clear()
    except etree.XMLSyntaxError as exc:
        raise Camt053Fout([FOUT_GEEN_XML.format(fout=exc)]) from exc
    if not afschriften:
        raise Camt053Fout([FOUT_GEEN_AFSCHRIFT])
    if meldingen:
        raise Camt053Fout(meldingen)
    return Camt053Bestand(bericht_id=bericht_id, afschriften=afschriften)


def _afschrift_kop(stmt, meldingen: list[str], nummer: int) -> Afschrift:
    afschrift = Afschrift(
        afschrift_id=_tekst(stmt, "Id")[:35],
        rekening=(_tekst(stmt, "Acct/Id/IBAN") or _tekst(stmt, "Acct/Id/Othr/Id"))[:34],
        volgnummer=(_tekst(stmt, "LglSeqNb") or _tekst(stmt, "ElctrncSeqNb"))[:20],
        aangemaakt_op=_datumtijd(_tekst(stmt, "CreDtTm")),
    )
    for veld, waarde in (("Stmt/Id", afschrift.afschrift_id), ("Stmt/Acct/Id", afschrift.rekening)):
        if not waarde:
            meldingen.append(FOUT_AFSCHRIFT.format(nummer=nummer, veld=veld))
    return afschrift
