"""Build camt.053.001.02 statements for the tests (element order as in the ISO 20022 schema)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

EIGEN_IBAN = "NL44RABO0123456789"


@dataclass
class Tx:
    """One transaction. ``bedrag`` positive: credited to us; negative: debited."""

    bedrag: Decimal
    kenmerk: str = ""  # structured, SCOR/CUR
    omschrijving: str = ""  # free text (Ustrd)
    e2e: str = "NOTPROVIDED"
    iban: str = "NL91ABNA0417164300"
    naam: str = "J. Jansen"
    retourcode: str = ""
    mandaat: str = ""
    bank_ref: str = ""


@dataclass
class Ntry:
    txs: list[Tx]
    datum: date = date(2026, 4, 2)
    storno: bool = False
    status: str = "BOOK"
    valuta: str = "EUR"
    bedrag: Decimal | None = None  # default: the sum of the transactions
    ntry_ref: str = ""
    weglaten: set[str] = field(default_factory=set)  # elements to leave out, to make bad files


def _tx(tx: Tx, credit: bool, meerdere: bool, valuta: str) -> str:
    bedrag = abs(tx.bedrag)
    refs = []
    if tx.bank_ref:
        refs.append(f"<AcctSvcrRef>{escape(tx.bank_ref)}</AcctSvcrRef>")
    refs.append(f"<EndToEndId>{escape(tx.e2e)}</EndToEndId>")
    if tx.mandaat:
        refs.append(f"<MndtId>{escape(tx.mandaat)}</MndtId>")
    partij = "Dbtr" if credit else "Cdtr"
    rmt = ""
    if tx.omschrijving or tx.kenmerk:
        rmt = "<RmtInf>"
        if tx.omschrijving:
            rmt += f"<Ustrd>{escape(tx.omschrijving)}</Ustrd>"
        if tx.kenmerk:
            rmt += (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp>"
                f"<Ref>{escape(tx.kenmerk)}</Ref></CdtrRefInf></Strd>"
            )
        rmt += "</RmtInf>"
    rtr = f"<RtrInf><Rsn><Cd>{tx.retourcode}</Cd></Rsn></RtrInf>" if tx.retourcode else ""
    amt = f'<AmtDtls><TxAmt><Amt Ccy="{valuta}">{bedrag:.2f}</Amt></TxAmt></AmtDtls>' if meerdere else ""
    return (
        f"<TxDtls><Refs>{''.join(refs)}</Refs>{amt}"
        f"<RltdPties><{partij}><Nm>{escape(tx.naam)}</Nm></{partij}>"
        f"<{partij}Acct><Id><IBAN>{tx.iban}</IBAN></Id></{partij}Acct></RltdPties>"
        f"{rmt}{rtr}</TxDtls>"
    )


def _ntry(n: Ntry) -> str:
    som = sum((t.bedrag for t in n.txs), Decimal("0"))
    bedrag = abs(n.bedrag if n.bedrag is not None else som)
    credit = (n.bedrag if n.bedrag is not None else som) > 0
    delen = ["<Ntry>"]
    if n.ntry_ref:
        delen.append(f"<NtryRef>{n.ntry_ref}</NtryRef>")
    if "Amt" not in n.weglaten:
        delen.append(f'<Amt Ccy="{n.valuta}">{bedrag:.2f}</Amt>')
    delen.append(f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>")
    if n.storno:
        delen.append("<RvslInd>true</RvslInd>")
    delen.append(f"<Sts>{n.status}</Sts>")
    if "BookgDt" not in n.weglaten:
        delen.append(f"<BookgDt><Dt>{n.datum.isoformat()}</Dt></BookgDt>")
    delen.append(f"<ValDt><Dt>{n.datum.isoformat()}</Dt></ValDt>")
    delen.append(
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
    )
    delen.append("<NtryDtls>")
    delen += [_tx(t, credit, len(n.txs) > 1, n.valuta) for t in n.txs]
    delen.append("</NtryDtls></Ntry>")
    return "".join(delen)


def afschrift(
    *boekingen: Ntry, stmt_id: str = "2026-04-02-1", iban: str = EIGEN_IBAN, msg_id: str = "MSG-1"
) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{msg_id}</MsgId><CreDtTm>2026-04-02T20:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{stmt_id}</Id><LglSeqNb>1</LglSeqNb><CreDtTm>2026-04-02T20:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{iban}</IBAN></Id></Acct>"
        '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        "<Dt><Dt>2026-04-01</Dt></Dt></Bal>"
        f"{''.join(_ntry(b) for b in boekingen)}"
        "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def met_spaties(kenmerk: str) -> str:
    return " ".join(kenmerk[i : i + 4] for i in range(0, 16, 4))


def met_punten(kenmerk: str) -> str:
    return ".".join(kenmerk[i : i + 4] for i in range(0, 16, 4))
