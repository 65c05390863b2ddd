"""Read bank statements: camt.053.001.02 (ISO 20022 BankToCustomerStatementV02).

Streams the file (``iterparse``), so a statement of 100,000 entries does not sit in memory as a tree;
the fields of each batch of entries are taken out by one XSLT run (C) rather than a Python walk.
Every transaction (``TxDtls``, or the entry itself when it has none) becomes one ``Transactie`` with a
reference that is the same each time the same statement is read: the bank's own reference
(``AcctSvcrRef``) when it gives one, otherwise account + statement id + position. Pure: no database.

Source: ISO 20022 camt.053.001.02; DOMEIN.md "Payments" (``RmtInf/Strd/CdtrRefInf`` with ``SCOR``/
``CUR``, returns ``RtrInf``, reversals ``RvslInd``).
"""

from __future__ import annotations

import hashlib
import io
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


_NS_LENGTE = len(NS) + 2
NTRY, STMT, GRPHDR = _tag("Ntry"), _tag("Stmt"), _tag("GrpHdr")


def _paden(
    element, uit: frozenset[str] = frozenset(), prefix: str = "", doel: dict | None = None
) -> dict[str, str]:
    """Every leaf under ``element`` by its path of local names ('Acct/Id/IBAN': text), first one wins,
    skipping elements named in ``uit`` at any depth. Used for the few header elements."""
    doel = {} if doel is None else doel
    for kind in element:
        tag = kind.tag
        if not isinstance(tag, str):  # comments, processing instructions
            continue
        naam = tag[_NS_LENGTE:]
        if naam in uit:
            continue
        if len(kind):
            _paden(kind, uit, f"{prefix}{naam}/", doel)
        elif f"{prefix}{naam}" not in doel:
            doel[f"{prefix}{naam}"] = (kind.text or "").strip()
    return doel


# The fields of each entry (``n``) and of each of its transactions (``t``, with its free-text lines as
# ``u`` children), taken out in C by one stylesheet per batch of entries instead of a Python walk over
# every element: what makes 100,000 entries fast. The first element of a path wins (XPath string
# value); the Python below reads the attributes by position, in the order written here.
_VELDEN = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:c="{NS}">
 <xsl:param name="van" select="0"/>
 <xsl:param name="tot" select="0"/>
 <xsl:template match="/*">
  <r><xsl:apply-templates select="c:Ntry[position() &gt; $van and position() &lt;= $tot]"/></r>
 </xsl:template>
 <xsl:template match="c:Ntry">
  <n amt="{{c:Amt}}" ccy="{{c:Amt/@Ccy}}" richting="{{c:CdtDbtInd}}" rvsl="{{c:RvslInd}}" sts="{{c:Sts}}"
     bd="{{c:BookgDt/c:Dt}}" bdt="{{c:BookgDt/c:DtTm}}" vd="{{c:ValDt/c:Dt}}" vdt="{{c:ValDt/c:DtTm}}"
     domn="{{c:BkTxCd/c:Domn/c:Cd}}" fmly="{{c:BkTxCd/c:Domn/c:Fmly/c:Cd}}"
     sub="{{c:BkTxCd/c:Domn/c:Fmly/c:SubFmlyCd}}" ref="{{c:AcctSvcrRef}}" info="{{c:AddtlNtryInf}}">
   <xsl:for-each select="c:NtryDtls/c:TxDtls">
    <t txamt="{{c:AmtDtls/c:TxAmt/c:Amt}}" instdamt="{{c:AmtDtls/c:InstdAmt/c:Amt}}"
       ref="{{c:Refs/c:AcctSvcrRef}}" e2e="{{c:Refs/c:EndToEndId}}" mndt="{{c:Refs/c:MndtId}}"
       dbtriban="{{c:RltdPties/c:DbtrAcct/c:Id/c:IBAN}}" dbtrnm="{{c:RltdPties/c:Dbtr/c:Nm}}"
       cdtriban="{{c:RltdPties/c:CdtrAcct/c:Id/c:IBAN}}" cdtrnm="{{c:RltdPties/c:Cdtr/c:Nm}}"
       kenmerk="{{c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref}}" rtr="{{c:RtrInf/c:Rsn/c:Cd}}" info="{{c:AddtlTxInf}}">
     <xsl:for-each select="c:RmtInf/c:Ustrd"><u><xsl:value-of select="."/></u></xsl:for-each>
    </t>
   </xsl:for-each>
  </n>
 </xsl:template>
</xsl:stylesheet>"""
_VELDEN_XSLT = etree.XSLT(etree.XML(_VELDEN))
GEEN_TX = ("",) * 12
PARTIJ = 2000  # entries per stylesheet run


def _datum(dt: str, dttm: str) -> date | None:
    """A ``Dt`` or ``DtTm`` choice."""
    waarde = dt or dttm
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


_CENT = Decimal("0.01")


def _bedrag(waarde: str) -> Decimal:
    bedrag = Decimal(waarde)
    if not bedrag.is_finite() or bedrag < 0 or bedrag != bedrag.quantize(_CENT):
        raise InvalidOperation(waarde)
    return bedrag


def _referentie(rekening: str, afschrift_id: str, positie: str, bank_ref: str) -> str:
    referentie = f"{rekening}/{bank_ref}" if bank_ref else f"{rekening}/{afschrift_id}/{positie}"
    if len(referentie) > 100:
        referentie = f"{rekening}/sha1:{hashlib.sha1(referentie.encode()).hexdigest()}"
    return referentie


def _lees_boeking(n, afschrift: Afschrift, nummer: int, meldingen: list[str]) -> list[Transactie]:
    """One entry from its row ``n`` of the stylesheet's output."""

    def fout(veld, reden, tx=""):
        meldingen.append(
            FOUT_VELD.format(afschrift=afschrift.afschrift_id, boeking=nummer, tx=tx, veld=veld, reden=reden)
        )

    amt, valuta, richting, rvsl, status, bd, bdt, vd, vdt, domn, fmly, sub, ntry_ref, ntry_info = n.values()
    bedrag_tekst = amt.strip()
    if not bedrag_tekst:
        fout("Amt", REDEN_ONTBREEKT)
        return []
    try:
        bedrag = _bedrag(bedrag_tekst)
    except InvalidOperation:
        fout("Amt", REDEN_ONGELDIG.format(waarde=bedrag_tekst))
        return []
    richting = richting.strip()
    if richting not in ("CRDT", "DBIT"):
        fout("CdtDbtInd", REDEN_ONGELDIG.format(waarde=richting) if richting else REDEN_ONTBREEKT)
        return []
    try:
        boekdatum = _datum(bd.strip(), bdt.strip())
        valutadatum = _datum(vd.strip(), vdt.strip())
    except ValueError as exc:
        fout("BookgDt/ValDt", REDEN_ONGELDIG.format(waarde=str(exc)))
        return []
    if boekdatum is None:
        fout("BookgDt", REDEN_ONTBREEKT)
        return []
    storno = rvsl.strip().lower() in ("true", "1")
    status = status.strip()
    credit = richting == "CRDT"
    code = "/".join(c for c in (domn.strip(), fmly.strip(), sub.strip()) if c)[:30]
    ntry_ref, ntry_info = ntry_ref.strip(), ntry_info.strip()
    rekening, afschrift_id = afschrift.rekening, afschrift.afschrift_id
    elementen = list(n)

    uitkomst = []
    som = Decimal("0")
    for index, element in enumerate(elementen or [None], start=1):
        if element is None:
            tx, regels = GEEN_TX, ()
        else:
            tx, regels = element.values(), [u.text for u in element] if len(element) else ()
        (
            txamt,
            instdamt,
            tx_ref,
            eind,
            mandaat,
            dbtr_iban,
            dbtr_nm,
            cdtr_iban,
            cdtr_nm,
            kenmerk,
            rtr,
            tx_info,
        ) = map(str.strip, tx)
        positie = f"{nummer}.{index}"
        tx_amt = txamt or instdamt
        if tx_amt:
            try:
                tx_bedrag = _bedrag(tx_amt)
            except InvalidOperation:
                fout("AmtDtls", REDEN_ONGELDIG.format(waarde=tx_amt), tx=f", transactie {index}")
                return []
        elif len(elementen) <= 1:
            tx_bedrag = bedrag
        else:
            fout("AmtDtls", REDEN_ONTBREEKT, tx=f", transactie {index}")
            return []
        som += tx_bedrag
        bank_ref = tx_ref or (f"{ntry_ref}/{index}" if ntry_ref else "")
        # The counterparty: the debtor of money we received, the creditor of money we paid.
        iban, naam = "", ""
        for rol_iban, rol_naam in (
            ((dbtr_iban, dbtr_nm), (cdtr_iban, cdtr_nm))
            if credit
            else (
                (cdtr_iban, cdtr_nm),
                (dbtr_iban, dbtr_nm),
            )
        ):
            if (rol_iban or rol_naam) and rol_iban != rekening:
                iban, naam = rol_iban, rol_naam
                break
        delen = [r.strip() for r in regels if r]
        for bron in (tx_info, ntry_info):
            if bron and bron not in delen:
                delen.append(bron)
        uitkomst.append(
            Transactie(
                referentie=_referentie(rekening, afschrift_id, positie, bank_ref),
                rekening=rekening,
                afschrift_id=afschrift_id,
                positie=positie,
                boekdatum=boekdatum,
                valutadatum=valutadatum,
                bedrag=tx_bedrag if credit else -tx_bedrag,
                valuta=valuta,
                status=status,
                storno=storno,
                retourcode=rtr[:4],
                end_to_end_id="" if eind.upper() == "NOTPROVIDED" else eind[:35],
                mandaat_id=mandaat[:35],
                kenmerk=kenmerk[:35],
                omschrijving=" ".join(delen)[:500],
                tegenrekening=iban[:34],
                tegenrekening_naam=naam[:140],
                transactiecode=code,
            )
        )
    if len(elementen) > 1 and som != bedrag:
        fout("TxDtls", REDEN_SOM.format(som=som, bedrag=bedrag))
        return []
    return uitkomst


def lees(bron: str | Path | BinaryIO | bytes) -> Camt053Bestand:
    """Read a camt.053.001.02 file; raise Camt053Fout naming every bad entry (nothing half-read).

    Streams: the entries of a statement are taken out in batches (``PARTIJ``) by the stylesheet and
    then dropped from the tree, so the file never sits in memory as a whole."""
    if isinstance(bron, bytes):
        bron = io.BytesIO(bron)
    elif isinstance(bron, Path):
        bron = str(bron)
    meldingen: list[str] = []
    afschriften: list[Afschrift] = []
    bericht_id = ""
    huidig: Afschrift | None = None
    huidig_element = None
    wachtend: list = []  # complete Ntry elements of the current statement not read yet
    staand = 0  # emptied Ntry elements still at the head of the current statement
    nummer = 0

    def lees_wachtend():
        nonlocal staand, nummer
        if not wachtend:
            return
        rijen = _VELDEN_XSLT(huidig_element, van=str(staand), tot=str(staand + len(wachtend))).getroot()
        for rij in rijen:
            nummer += 1
            if len(meldingen) < MAX_MELDINGEN:
                huidig.transacties += _lees_boeking(rij, huidig, nummer, meldingen)
        # Drop what was read; the last one stays (emptied) as the parser may still point past it.
        for element in wachtend:
            element.clear()
        laatste = wachtend[-1]
        while laatste.getprevious() is not None:
            del huidig_element[0]
        staand = 1
        wachtend.clear()

    try:
        context = etree.iterparse(
            bron,
            events=("end",),
            tag=(GRPHDR, NTRY, STMT),
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        for _, element in context:
            if element.tag == NTRY:
                stmt = element.getparent()
                if stmt is not huidig_element:
                    # The statement's header (Id, Acct) precedes its entries: read it at the first one.
                    huidig, huidig_element, nummer, staand = (
                        _afschrift_kop(stmt, meldingen, len(afschriften) + 1),
                        stmt,
                        0,
                        0,
                    )
                    afschriften.append(huidig)
                wachtend.append(element)
                if len(wachtend) >= PARTIJ:
                    lees_wachtend()
            elif element.tag == STMT:
                if element is not huidig_element:  # a statement without entries
                    afschriften.append(_afschrift_kop(element, meldingen, len(afschriften) + 1))
                else:
                    lees_wachtend()
                huidig, huidig_element = None, None
                element.clear()
            else:
                bericht_id = _paden(element).get("MsgId", "")
        wortel = context.root
    except etree.XMLSyntaxError as exc:
        raise Camt053Fout([FOUT_GEEN_XML.format(fout=exc)]) from exc
    if wortel is None or wortel.tag != _tag("Document"):
        gevonden = etree.QName(wortel).namespace if wortel is not None else None
        raise Camt053Fout(
            [FOUT_NAAMRUIMTE.format(gevonden=gevonden or (wortel.tag if wortel is not None else "?"))]
        )
    if not afschriften:
        raise Camt053Fout([FOUT_GEEN_AFSCHRIFT])
    if meldingen:
        raise Camt053Fout(meldingen)
    return Camt053Bestand(bericht_id=bericht_id, afschriften=afschriften)


def _afschrift_kop(stmt, meldingen: list[str], nummer: int) -> Afschrift:
    kop = _paden(stmt, uit=frozenset({"Ntry", "Bal", "TxsSummry"}))
    afschrift = Afschrift(
        afschrift_id=kop.get("Id", "")[:35],
        rekening=(kop.get("Acct/Id/IBAN") or kop.get("Acct/Id/Othr/Id", ""))[:34],
        volgnummer=(kop.get("LglSeqNb") or kop.get("ElctrncSeqNb", ""))[:20],
        aangemaakt_op=_datumtijd(kop.get("CreDtTm", "")),
    )
    for veld, waarde in (("Stmt/Id", afschrift.afschrift_id), ("Stmt/Acct/Id", afschrift.rekening)):
        if not waarde:
            meldingen.append(FOUT_AFSCHRIFT.format(nummer=nummer, veld=veld))
    return afschrift
