"""Job progress (Verwerking) for the dashboard's progress bar, and its use by the imports."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from invordering.constants import VerwerkingSoort, VerwerkingStatus
from invordering.models import Verwerking
from invordering.verwerkingen import (
    verwerking_fout,
    verwerking_klaar,
    verwerking_ophogen,
    verwerking_start,
    verwerking_voortgang,
)
from tests.invordering.camt import Ntry, Tx, afschrift

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_voortgang_van_start_tot_klaar():
    v = verwerking_start(soort="test", datum=date(2026, 5, 1), totaal=200)
    assert (v.status, v.percentage) == (VerwerkingStatus.BEZIG, 0)
    verwerking_voortgang(v, 50)
    verwerking_ophogen(v, 25)
    v.refresh_from_db()
    assert (v.gedaan, v.percentage) == (75, 37)
    verwerking_ophogen(v, 500)  # never past the total
    v.refresh_from_db()
    assert v.gedaan == 200
    with pytest.raises(ValueError, match="buiten 0..200"):
        verwerking_voortgang(v, 201)
    verwerking_klaar(v, {"aantal": 3})
    v.refresh_from_db()
    assert (v.status, v.verslag, v.klaar_op is not None) == (VerwerkingStatus.KLAAR, {"aantal": 3}, True)


def test_fout_en_onbekend_totaal():
    v = verwerking_start(soort="test", datum=date(2026, 5, 1))
    assert v.percentage is None
    verwerking_ophogen(v, 7)
    verwerking_fout(v, "bestand kapot")
    v.refresh_from_db()
    assert (v.status, v.gedaan, v.foutmelding) == (VerwerkingStatus.FOUT, 7, "bestand kapot")


def test_import_aanslagen_legt_een_verwerking_vast(tmp_path):
    tekst = (DOCS / "import-aanslagen.md").read_text(encoding="utf-8")
    voorbeeld = tekst.split("## Example", 1)[1].split("```", 2)[1].strip("\n")
    pad = tmp_path / "aanslagen.csv"
    pad.write_text(voorbeeld + "\n", encoding="utf-8")
    call_command("import_aanslagen", str(pad), stdout=io.StringIO(), stderr=io.StringIO())
    v = Verwerking.objects.get(soort=VerwerkingSoort.IMPORT_AANSLAGEN)
    assert v.status == VerwerkingStatus.KLAAR
    assert v.verslag["aanslagen_nieuw"] == 1 and v.verslag["bestand"] == "aanslagen.csv"


def test_import_camt053_legt_een_verwerking_vast(tmp_path):
    # A statement built here, so the test needs nothing outside the repository.
    bestand = tmp_path / "afschrift-april.xml"
    bestand.write_bytes(afschrift(Ntry([Tx(Decimal("12.50"), omschrijving="onbekende betaling")])))
    call_command("import_camt053", str(bestand), stdout=io.StringIO(), stderr=io.StringIO())
    v = Verwerking.objects.get(soort=VerwerkingSoort.IMPORT_CAMT053)
    assert (v.status, v.totaal, v.gedaan) == (VerwerkingStatus.KLAAR, 1, 1)
    assert "afschrift-april.xml" in v.verslag
