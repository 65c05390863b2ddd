import json
from datetime import date, timedelta

import pytest

from invordering.constants import ContactRichting, ContactUitkomst, PauzeReden, TaakSoort, ToestemmingSoort
from invordering.models import Contact, Pauze, Taak, Toestemming
from invordering.selectors import pauzes_actief
from tests.invordering.factories import BelastingplichtigeFactory
from vroegsignalering import selectors, services, uitwisseling
from vroegsignalering.constants import FOUT_GEEN_TOESTEMMING, Criterium, Grondslag, SignaalStatus, Uitkomst
from vroegsignalering.models import Signaal, Verwijzing

from .conftest import persoon_met_achterstand, poging, toestemming

D1 = date(2026, 5, 20)


def test_verwijzen_zonder_toestemming_geweigerd(beleid):
    p = persoon_met_achterstand("100.00")
    with pytest.raises(services.GeenToestemming, match="toestemming nodig"):
        services.verwijzen(belastingplichtige=p, datum=D1, toelichting="Belt liever 's avonds.")
    assert FOUT_GEEN_TOESTEMMING.startswith("Voor een warme verwijzing")
    assert not Verwijzing.objects.exists()
    assert not Signaal.objects.exists()
    assert not Pauze.objects.exists()


def test_verwijzen_met_toestemming_in_dezelfde_stap(beleid, tmp_path):
    p = persoon_met_achterstand("100.00")
    verwijzing = services.verwijzen(
        belastingplichtige=p, datum=D1, toelichting="Wil hulp, belt liever 's avonds.", toestemming=True
    )
    t = Toestemming.objects.get(belastingplichtige=p, soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP)
    assert (t.ingetrokken_op, t.bron) == (None, "medewerker")
    assert verwijzing.toestemming == t
    signaal = verwijzing.signaal
    assert (signaal.status, signaal.criterium, signaal.warme_overdracht) == (
        SignaalStatus.GEREED,
        Criterium.WARME_VERWIJZING,
        True,
    )
    assert (signaal.grondslag, signaal.toestemming) == (Grondslag.TOESTEMMING, t)
    pauze = Pauze.objects.get(belastingplichtige=p)
    assert (pauze.reden, pauze.start, pauze.geplande_einde) == (
        PauzeReden.SCHULDHULP,
        D1,
        D1 + timedelta(days=42),
    )
    # SHV sees the referral in the export, with the flag and the note.
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.json")
    [rij] = json.loads((tmp_path / "s.json").read_text())["signalen"]
    assert (rij["warme_overdracht"], rij["toelichting_verwijzing"], rij["soort_signaal"]) == (
        True,
        "Wil hulp, belt liever 's avonds.",
        "warme_verwijzing",
    )
    # And the resident in the portal.
    assert list(selectors.verwijzingen_van(belastingplichtige=p)) == [verwijzing]


def test_verwijzen_met_bestaande_toestemming_uit_portaal(beleid):
    p = BelastingplichtigeFactory()
    toestemming(p, D1 - timedelta(days=3))
    verwijzing = services.verwijzen(
        belastingplichtige=p, datum=D1, toelichting="Zelf aangevraagd.", bron="portaal"
    )
    assert verwijzing.bron == "portaal"
    assert verwijzing.signaal.bedrag == 0


def test_verwijzing_op_open_signaal_zet_warme_overdracht_en_geeft_het_opnieuw_door(beleid, tmp_path):
    p = persoon_met_achterstand("150.00", "120.00")
    poging(p, D1)
    toestemming(p, D1)
    services.signalen_bepalen(datum=D1)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "a.json")
    signaal = Signaal.objects.get()
    assert signaal.status == SignaalStatus.GEEXPORTEERD
    verwijzing = services.verwijzen(belastingplichtige=p, datum=D1 + timedelta(days=2), toelichting="Warm.")
    assert verwijzing.signaal == signaal
    signaal.refresh_from_db()
    assert (signaal.status, signaal.warme_overdracht) == (SignaalStatus.GEREED, True)
    assert signaal.criteria == [Criterium.ACHTERSTAND_BEDRAG, Criterium.WARME_VERWIJZING]
    assert Signaal.objects.count() == 1
    assert uitwisseling.signalen_exporteren(datum=D1 + timedelta(days=2), uit=tmp_path / "b.json").aantal == 1


def test_toelichting_verplicht_en_kort(beleid):
    p = BelastingplichtigeFactory()
    with pytest.raises(ValueError, match="korte toelichting"):
        services.verwijzen(belastingplichtige=p, datum=D1, toelichting=" ", toestemming=True)
    with pytest.raises(ValueError, match="hoogstens 500"):
        services.verwijzen(belastingplichtige=p, datum=D1, toelichting="x" * 501, toestemming=True)
    assert not Toestemming.objects.exists()


def test_verwijzingspauze_eindigt_bij_niet_opgepakt(beleid, tmp_path):
    p = persoon_met_achterstand("100.00")
    verwijzing = services.verwijzen(belastingplichtige=p, datum=D1, toelichting="Warm.", toestemming=True)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    services.terugkoppeling_vastleggen(
        signaal=verwijzing.signaal, uitkomst=Uitkomst.NIET_OPGEPAKT, datum=D1 + timedelta(days=10)
    )
    assert not pauzes_actief(datum=D1 + timedelta(days=10), belastingplichtige=p).exists()
    assert pauzes_actief(datum=D1 + timedelta(days=9), belastingplichtige=p).exists()


def test_ik_kan_niet_betalen_maakt_terugbeltaak_contact_en_signaal(beleid):
    p = persoon_met_achterstand("100.00", vervaldatum=date(2026, 6, 30))  # not yet due
    uitkomst = services.ik_kan_niet_betalen(belastingplichtige=p, datum=D1, toelichting="Baan kwijt.")
    assert uitkomst.taak.soort == TaakSoort.TERUGBELVERZOEK
    assert uitkomst.taak.toelichting == "Baan kwijt."
    contact = Contact.objects.get(belastingplichtige=p)
    assert (contact.richting, contact.uitkomst, contact.kanaal) == (
        ContactRichting.INKOMEND,
        ContactUitkomst.BEREIKT_KAN_NIET,
        "portaal",
    )
    assert uitkomst.nieuw_signaal
    assert uitkomst.signaal.criterium == Criterium.KAN_NIET_BETALEN
    # The same day again: nothing doubles.
    nog_eens = services.ik_kan_niet_betalen(belastingplichtige=p, datum=D1)
    assert nog_eens.taak == uitkomst.taak and not nog_eens.nieuw_signaal
    assert (Taak.objects.filter(soort=TaakSoort.TERUGBELVERZOEK).count(), Contact.objects.count()) == (1, 1)
    assert Signaal.objects.count() == 1


def test_kan_niet_betalen_van_medewerker_is_criterium(beleid):
    p = persoon_met_achterstand("40.00")
    poging(p, D1 - timedelta(days=5), uitkomst=ContactUitkomst.BEREIKT_KAN_NIET)
    services.signalen_bepalen(datum=D1)
    assert Signaal.objects.get(belastingplichtige=p).criterium == Criterium.KAN_NIET_BETALEN


def test_eigen_signaal_met_toestemming_gaat_na_de_dagelijkse_run_door(beleid):
    p = persoon_met_achterstand("100.00")
    toestemming(p, D1)
    services.ik_kan_niet_betalen(belastingplichtige=p, datum=D1)
    services.signalen_bepalen(datum=D1)
    signaal = Signaal.objects.get()
    assert signaal.status == SignaalStatus.GEREED  # the resident's own contact counts as contact
    assert signaal.contactpogingen == 1


def test_signalen_van_toont_alleen_niet_opgepakt(beleid, tmp_path):
    p = persoon_met_achterstand("100.00")
    verwijzing = services.verwijzen(belastingplichtige=p, datum=D1, toelichting="Warm.", toestemming=True)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    services.terugkoppeling_vastleggen(signaal=verwijzing.signaal, uitkomst=Uitkomst.ADEMPAUZE, datum=D1)
    [overzicht] = selectors.signalen_van(belastingplichtige=p)
    assert overzicht.zichtbare_uitkomst is None
    [rij] = selectors.terugkoppeling_te_behandelen()
    assert selectors.getoonde_uitkomst(rij) == "Teruggemeld: invordering gepauzeerd"
    services.terugkoppeling_vastleggen(signaal=verwijzing.signaal, uitkomst=Uitkomst.NIET_OPGEPAKT, datum=D1)
    [overzicht] = selectors.signalen_van(belastingplichtige=p)
    assert overzicht.zichtbare_uitkomst == Uitkomst.NIET_OPGEPAKT
    assert [selectors.getoonde_uitkomst(t) for t in selectors.terugkoppeling_te_behandelen()] == [
        "Teruggemeld: invordering gepauzeerd",
        "Niet opgepakt",
    ]
    services.terugkoppeling_behandeld(terugkoppeling=rij, datum=D1)
    assert len(selectors.terugkoppeling_te_behandelen()) == 1


def test_opgepakt_hoort_niet_op_de_werklijst(beleid, tmp_path):
    p = persoon_met_achterstand("100.00")
    verwijzing = services.verwijzen(belastingplichtige=p, datum=D1, toelichting="Warm.", toestemming=True)
    uitwisseling.signalen_exporteren(datum=D1, uit=tmp_path / "s.csv")
    services.terugkoppeling_vastleggen(signaal=verwijzing.signaal, uitkomst=Uitkomst.OPGEPAKT, datum=D1)
    assert not selectors.terugkoppeling_te_behandelen().exists()
    verwijzing.signaal.refresh_from_db()
    assert verwijzing.signaal.status == SignaalStatus.IN_BEHANDELING
