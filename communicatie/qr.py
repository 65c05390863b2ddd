"""EPC QR codes ("GiroCode", EPC069-12 version 002) for paying a letter with a banking app.

``epc_payload`` builds the text a banking app reads; ``qr_svg`` draws any payload as an SVG (for the PDF
and for web pages). Error correction level M, as the EPC guidelines require.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

MIN_BEDRAG = Decimal("0.01")
MAX_BEDRAG = Decimal("999999999.99")
MAX_NAAM = 70
MAX_KENMERK = 35
MAX_OMSCHRIJVING = 140

FOUT_NAAM = "EPC QR: de naam van de begunstigde is verplicht en hoogstens 70 tekens (nu {n})."
FOUT_IBAN = "EPC QR: het IBAN '{iban}' is niet geldig."
FOUT_BIC = "EPC QR: de BIC '{bic}' moet 8 of 11 tekens zijn."
FOUT_BEDRAG = "EPC QR: het bedrag {bedrag} moet tussen 0.01 en 999999999.99 euro liggen."
FOUT_KENMERK = "EPC QR: het betalingskenmerk is hoogstens 35 tekens (nu {n})."
FOUT_OMSCHRIJVING = "EPC QR: de omschrijving is hoogstens 140 tekens (nu {n})."
FOUT_BEIDE = "EPC QR: geef een betalingskenmerk of een omschrijving, niet allebei."


def _iban_geldig(iban: str) -> bool:
    """ISO 13616: two letters, two check digits, then alphanumerics; mod 97 of the rearranged number is 1."""
    if not (15 <= len(iban) <= 34) or not iban[:2].isalpha() or not iban[2:4].isdigit() or not iban.isalnum():
        return False
    herschikt = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in herschikt)) % 97 == 1


def epc_payload(
    naam: str,
    iban: str,
    bedrag: Decimal,
    kenmerk: str | None = None,
    omschrijving: str | None = None,
    bic: str = "",
) -> str:
    """The EPC QR text (EPC069-12 v002, UTF-8, SEPA credit transfer).

    Lines: ``BCD``, ``002``, ``1`` (UTF-8), ``SCT``, BIC (may be empty in the EEA), name (max 70), IBAN,
    ``EUR`` + amount, purpose (empty), structured reference (the betalingskenmerk, max 35) or
    unstructured text (max 140), never both. Trailing empty lines are left out, as the standard asks.
    Raises ``ValueError`` naming the field that is wrong.
    """
    naam = (naam or "").strip()
    if not naam or len(naam) > MAX_NAAM:
        raise ValueError(FOUT_NAAM.format(n=len(naam)))
    iban = (iban or "").replace(" ", "").upper()
    if not _iban_geldig(iban):
        raise ValueError(FOUT_IBAN.format(iban=iban))
    bic = (bic or "").replace(" ", "").upper()
    if bic and len(bic) not in (8, 11):
        raise ValueError(FOUT_BIC.format(bic=bic))
    try:
        bedrag = Decimal(bedrag).quantize(MIN_BEDRAG, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError) as fout:
        raise ValueError(FOUT_BEDRAG.format(bedrag=bedrag)) from fout
    if not MIN_BEDRAG <= bedrag <= MAX_BEDRAG:
        raise ValueError(FOUT_BEDRAG.format(bedrag=bedrag))
    kenmerk = (kenmerk or "").replace(" ", "").replace(".", "")
    omschrijving = (omschrijving or "").strip()
    if kenmerk and omschrijving:
        raise ValueError(FOUT_BEIDE)
    if len(kenmerk) > MAX_KENMERK:
        raise ValueError(FOUT_KENMERK.format(n=len(kenmerk)))
    if len(omschrijving) > MAX_OMSCHRIJVING:
        raise ValueError(FOUT_OMSCHRIJVING.format(n=len(omschrijving)))
    regels = ["BCD", "002", "1", "SCT", bic, naam, iban, f"EUR{bedrag}", "", kenmerk, omschrijving]
    while regels[-1] == "":
        regels.pop()
    return "\n".join(regels)


def qr_svg(payload: str) -> str:
    """An SVG drawing of ``payload`` (error correction M, quiet zone of four modules), sized in mm."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4, image_factory=SvgPathImage
    )
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    uit = io.BytesIO()
    code.make_image().save(uit)
    svg = uit.getvalue().decode("utf-8")
    # Drop the XML declaration so the SVG can be placed inline in HTML.
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    return svg
