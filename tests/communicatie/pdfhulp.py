"""Reading rendered letters back as a resident's phone would: pages to PNG (pdftoppm), QR codes (zbarimg)."""

import re
import subprocess
import tempfile
from pathlib import Path

LINK = re.compile(r"http://\S+/portaal/betalen/(?P<token>[^/\s]+)/")


def qr_codes(pdf: bytes, dpi: int = 150) -> list[str]:
    """Every QR code on every page, decoded (zbar)."""
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "brief.pdf"
        pad.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pad), str(Path(map_) / "p")], check=True)
        codes = []
        for png in sorted(Path(map_).glob("p*.png")):
            uit = subprocess.run(
                ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                capture_output=True,
            )
            if uit.returncode == 0:
                codes.append(uit.stdout.decode("utf-8").rstrip("\n"))
        return codes


def pdf_tekst(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "brief.pdf"
        pad.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(pad), "-"], capture_output=True, check=True
        ).stdout.decode()
