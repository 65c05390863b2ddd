"""The quick check, the help appointment, the request form and the plan offer."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from communicatie.models import Brief
from invordering.constants import TaakSoort
from invordering.models import Taak
from kwijtschelding import services
from kwijtschelding.check import (
    REDEN_AUTO,
    REDEN_RUIMTE_GENOEG,
    REDEN_SPAARGELD,
    CheckAntwoorden,
    beoordeel,
    kwijtscheldingscheck,
)
from kwijtschelding.constants import FOUT_HULP_TELEFOON, CheckUitkomst
from kwijtschelding.forms import HulpAanvraagForm, InkomenFormSet, KwijtscheldingscheckForm, VerzoekForm
from tests.invordering.factories import BelastingplichtigeFactory
from tests.kwijtschelding.factories import BELEID, DATUM, aanslag

NORM = D("1369.06")


def _antwoorden(**kwargs):
    basis = {
        "leefsituatie": "alleenstaande",
        "aow": False,
        "netto_inkomen": D("1300.00"),
        "woonlasten": D("450.00"),
        "spaargeld": D("200.00"),
        "auto": "geen",
        "belastingbedrag": D("400.00"),
    }
    basis.update(kwargs)
    return CheckAntwoorden(**basis)


def test_laag_inkomen_weinig_spaargeld_waarschijnlijk_wel():
    assert (
        beoordeel(_antwoorden(), bijstandsnorm=NORM, beleid=BELEID).uitkomst
        == CheckUitkomst.WAARSCHIJNLIJK_WEL
    )


def test_hoog_inkomen_waarschijnlijk_niet():
    resultaat = beoordeel(_antwoorden(netto_inkomen=D("2500.00")), bijstandsnorm=NORM, beleid=BELEID)
    assert (
        resultaat.uitkomst == CheckUitkomst.WAARSCHIJNLIJK_NIET
        and str(REDEN_RUIMTE_GENOEG) in resultaat.redenen
    )


def test_iets_boven_de_norm_deels_dus_wel_maar_zonder_bedrag_onbekend():
    # 1,480 - 197.51 = 1,282.49: 50.34 above the kosten van bestaan, 483.26 a year usable, less than 600.
    assert (
        beoordeel(
            _antwoorden(netto_inkomen=D("1480.00"), belastingbedrag=D("600.00")),
            bijstandsnorm=NORM,
            beleid=BELEID,
        ).uitkomst
        == CheckUitkomst.WAARSCHIJNLIJK_WEL
    )
    assert (
        beoordeel(
            _antwoorden(netto_inkomen=D("1480.00"), belastingbedrag=None), bijstandsnorm=NORM, beleid=BELEID
        ).uitkomst
        == CheckUitkomst.ONBEKEND
    )


def test_spaargeld_of_auto_maken_het_waarschijnlijk_niet():
    spaar = beoordeel(_antwoorden(spaargeld=D("5000.00")), bijstandsnorm=NORM, beleid=BELEID)
    assert spaar.uitkomst == CheckUitkomst.WAARSCHIJNLIJK_NIET and str(REDEN_SPAARGELD) in spaar.redenen
    auto = beoordeel(_antwoorden(auto="boven_grens"), bijstandsnorm=NORM, beleid=BELEID)
    assert auto.uitkomst == CheckUitkomst.WAARSCHIJNLIJK_NIET and str(REDEN_AUTO) in auto.redenen
    assert (
        beoordeel(_antwoorden(auto="nodig"), bijstandsnorm=NORM, beleid=BELEID).uitkomst
        == CheckUitkomst.WAARSCHIJNLIJK_WEL
    )


def test_onbekende_antwoorden_en_ondernemer_geven_we_kunnen_het_niet_zeggen():
    for antwoorden in (
        _antwoorden(netto_inkomen=None),
        _antwoorden(spaargeld=None),
        _antwoorden(auto="weet_niet"),
        _antwoorden(ondernemer=True),
    ):
        assert beoordeel(antwoorden, bijstandsnorm=NORM, beleid=BELEID).uitkomst == CheckUitkomst.ONBEKEND
    assert (
        beoordeel(
            _antwoorden(netto_inkomen=None, auto="boven_grens"), bijstandsnorm=None, beleid=BELEID
        ).uitkomst
        == CheckUitkomst.WAARSCHIJNLIJK_NIET
    )


@pytest.mark.django_db
def test_check_formulier_met_tabellen():
    form = KwijtscheldingscheckForm(
        data={
            "leefsituatie": "alleenstaande",
            "aow": "nee",
            "netto_inkomen": "1300",
            "woonlasten": "450",
            "spaargeld": "200",
            "auto": "geen",
            "belastingbedrag": "400",
        }
    )
    assert form.is_valid(), form.errors
    assert (
        kwijtscheldingscheck(form.antwoorden(), peildatum=DATUM).uitkomst == CheckUitkomst.WAARSCHIJNLIJK_WEL
    )
    leeg = KwijtscheldingscheckForm(data={"auto": "weet_niet"})
    assert leeg.is_valid()
    assert kwijtscheldingscheck(leeg.antwoorden(), peildatum=DATUM).uitkomst == CheckUitkomst.ONBEKEND
    fout = KwijtscheldingscheckForm(data={"auto": "geen", "netto_inkomen": "-5"})
    assert not fout.is_valid() and "netto_inkomen" in fout.errors


@pytest.mark.django_db
def test_hulp_bij_aanvraag_wordt_een_taak_een_per_dag():
    persoon = BelastingplichtigeFactory(telefoon="")
    form = HulpAanvraagForm(data={"voorkeur": "bibliotheek", "telefoon": "0612345678"})
    assert form.is_valid()
    taak = services.hulp_bij_aanvraag_vragen(belastingplichtige=persoon, datum=DATUM, **form.cleaned_data)
    assert taak.soort == TaakSoort.HULP_BIJ_AANVRAAG and taak.deadline == DATUM + timedelta(days=5)
    assert "bibliotheek" in taak.toelichting and "0612345678" in taak.toelichting
    services.hulp_bij_aanvraag_vragen(
        belastingplichtige=persoon, datum=DATUM, voorkeur="telefoon", telefoon="06"
    )
    assert Taak.objects.filter(soort=TaakSoort.HULP_BIJ_AANVRAAG).count() == 1
    with pytest.raises(ValidationError) as fout:
        services.hulp_bij_aanvraag_vragen(
            belastingplichtige=persoon, datum=DATUM + timedelta(days=1), voorkeur="balie"
        )
    assert fout.value.message_dict == {"telefoon": [FOUT_HULP_TELEFOON]}
    with pytest.raises(ValidationError) as fout:
        services.hulp_bij_aanvraag_vragen(
            belastingplichtige=persoon, datum=DATUM, voorkeur="maan", telefoon="06"
        )
    assert "voorkeur" in fout.value.message_dict


@pytest.mark.django_db
def test_verzoekformulier_en_inkomens_naar_de_service():
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    aanslag(BelastingplichtigeFactory())  # someone else's: not offered
    data = {
        "leefsituatie": "alleenstaande",
        "aantal_kinderen": "0",
        "aanslagen": [a.pk],
        "woonlasten": "700",
        "huurtoeslag": "250",
        "zorgpremie": "150",
        "zorgtoeslag": "131",
        "alimentatie_betaald": "0",
        "kinderopvang_netto": "0",
        "banktegoed": "300",
        "auto_waarde": "0",
        "overig_vermogen": "0",
        "toestemming_automatische_toets": "on",
    }
    form = VerzoekForm(data=data, belastingplichtige=persoon)
    assert list(form.fields["aanslagen"].queryset) == [a]
    inkomens = InkomenFormSet(
        data={
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-persoon": "aanvrager",
            "form-0-soort": "uitkering",
            "form-0-bedrag": "1300",
        },
        leefsituatie="alleenstaande",
    )
    assert form.is_valid(), form.errors
    assert inkomens.is_valid(), inkomens.errors
    verzoek = services.verzoek_indienen(
        belastingplichtige=persoon,
        aanslagen=form.cleaned_data["aanslagen"],
        gegevens=form.gegevens(inkomens.posten()),
        datum=DATUM,
    )
    assert verzoek.toestemming_automatische_toets and verzoek.inkomsten.get().bedrag == D("1300")
    partner = InkomenFormSet(
        data={
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-persoon": "partner",
            "form-0-soort": "loon",
            "form-0-bedrag": "100",
        },
        leefsituatie="alleenstaande",
    )
    assert not partner.is_valid() and partner.non_form_errors()
    fout = VerzoekForm(data={**data, "woonlasten": "-3", "partner_naam": "X"}, belastingplichtige=persoon)
    assert not fout.is_valid() and {"woonlasten", "leefsituatie"} <= set(fout.errors)


@pytest.mark.django_db
def test_regeling_aanbieden_maakt_de_brief_met_de_weg_naar_een_regeling():
    persoon = BelastingplichtigeFactory()
    a = aanslag(persoon)
    ids = services.regeling_aanbieden(
        aanbiedingen=[services.Regelingaanbod(belastingplichtige=persoon, aanslagen=[a], belastingjaar=2026)],
        datum=date(2026, 3, 9),
    )
    brief = Brief.objects.get(pk=ids[f"kwijtschelding:hertoets:2026:{persoon.pk}"])
    assert brief.gegevens["uitkomst"] == "niet_geslaagd" and brief.gegevens["regeling_voorstel"] is None
    assert brief.gegevens["openstaand"] == "300.00"
