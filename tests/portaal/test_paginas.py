"""The portal's flows through the test client (no JavaScript): what the resident sees and what is stored."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communicatie.models import Brief
from invordering.constants import AanslagStatus, Betaalbron, Bron, TaakSoort, ToestemmingSoort
from invordering.models import (
    Aanslag,
    Belastingplichtige,
    Betaling,
    Betalingsregeling,
    Gegevenswijziging,
    Taak,
    Toestemming,
)
from invordering.regelingen import regeling_maak
from kwijtschelding.models import Kwijtscheldingsverzoek
from tests.portaal.conftest import VANDAAG, inloggen, maak_inwoner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_overzicht_in_gewone_woorden_met_volgende_stap_en_datum(client, inwoner):
    persoon, (nieuw, oud) = inwoner
    inloggen(client, persoon)
    inhoud = client.get("/portaal/overzicht/").content.decode()
    assert "U moet nog € 450,00 betalen." in inhoud
    assert "Betaal € 300,00 uiterlijk op 30 april 2026." in inhoud  # the 2026 aanslag, not yet due
    assert "De betaaldatum (30 april 2025) is voorbij. Betaal € 150,00 zo snel mogelijk." in inhoud
    # What the chain does next if nothing changes: the free reminder first (today), then the aanmaning
    # 18 days later (policy 'Standaard') with its cost (Kostenwet: EUR 8 under EUR 454).
    assert (
        "Betaalt u niet? Dan sturen wij u op zijn vroegst op 20 maart 2026 een aanmaning. "
        "Dat kost u € 8,00 extra."
    ) in inhoud
    assert inhoud.count("op zijn vroegst") == 1  # not for the 2026 aanslag that is not yet due


def test_overzicht_met_constant_aantal_queries(client, django_assert_max_num_queries, normen):
    klein, _ = maak_inwoner(bedragen=("100.00",))
    groot, _ = maak_inwoner(bedragen=("100.00",) + ("50.00",) * 8)
    inloggen(client, klein)
    with django_assert_max_num_queries(20) as klein_telling:
        client.get("/portaal/overzicht/")
    client.post("/portaal/uitloggen/")
    inloggen(client, groot)
    with django_assert_max_num_queries(20) as groot_telling:
        client.get("/portaal/overzicht/")
    assert len(groot_telling.captured_queries) == len(klein_telling.captured_queries)


def test_aanslag_met_regels_betalingen_en_tijdlijn(client, inwoner):
    persoon, (nieuw, _) = inwoner
    inloggen(client, persoon)
    inhoud = client.get(f"/portaal/aanslagen/{nieuw.pk}/").content.decode()
    assert "Afvalstoffenheffing" in inhoud and nieuw.betalingskenmerk in inhoud
    assert "Nog geen betalingen." in inhoud and "Aanslag verstuurd" in inhoud


def test_betalen_via_de_testprovider_boekt_een_keer(client, inwoner):
    persoon, (nieuw, oud) = inwoner
    inloggen(client, persoon)
    pagina = client.get(f"/portaal/aanslagen/{nieuw.pk}/betalen/").content.decode()
    assert nieuw.betalingskenmerk in pagina and "NL44RABO0123456789" in pagina
    naar_bank = client.post(f"/portaal/aanslagen/{nieuw.pk}/betalen/")
    assert naar_bank.status_code == 302 and naar_bank["Location"].startswith("/portaal/testbank/")
    assert client.post(naar_bank["Location"], {"actie": "betalen"}).status_code == 200
    client.post(naar_bank["Location"], {"actie": "betalen"})  # reload: books nothing twice
    betaling = Betaling.objects.get(bron=Betaalbron.PORTAAL)
    assert betaling.bedrag == D("300.00") and betaling.belastingplichtige == persoon
    nieuw.refresh_from_db()
    oud.refresh_from_db()
    # The named aanslag is paid, the other one untouched (allocation follows the payment's target).
    assert (nieuw.status, nieuw.openstaand, oud.openstaand) == (AanslagStatus.BETAALD, D("0.00"), D("150.00"))


def test_annuleren_bij_de_testbank_betaalt_niets(client, inwoner):
    persoon, (nieuw, _) = inwoner
    inloggen(client, persoon)
    naar_bank = client.post(f"/portaal/aanslagen/{nieuw.pk}/betalen/")
    antwoord = client.post(naar_bank["Location"], {"actie": "annuleren"})
    assert antwoord.status_code == 302 and not Betaling.objects.exists()


def test_betaallink_betalen_zonder_inloggen(client, inwoner):
    from datetime import date

    from communicatie import betaallink

    persoon, (_, oud) = inwoner
    token = betaallink.maak_token(
        f"aanslag:{oud.pk}", bedrag=D("150.00"), kenmerk=oud.betalingskenmerk, geldig_tot=date(2026, 4, 1)
    )
    naar_bank = client.post(f"/portaal/betalen/{token}/")
    client.post(naar_bank["Location"], {"actie": "betalen"})
    oud.refresh_from_db()
    assert oud.openstaand == D("0.00")


def test_regeling_binnen_beleid_meteen_afsluiten(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    pagina = client.get("/portaal/regeling/").content.decode()
    assert "Ons voorstel" in pagina and "Ja, ik wil deze regeling" in pagina
    client.post("/portaal/regeling/", {"actie": "afsluiten"})
    regeling = Betalingsregeling.objects.get(belastingplichtige=persoon)
    assert regeling.bron == Bron.PORTAAL and regeling.totaal == D("450.00")
    lopend = client.get("/portaal/regeling/").content.decode()
    assert "Uw betalingsregeling" in lopend and regeling.betalingskenmerk in lopend
    assert "U betaalt in termijnen" in client.get("/portaal/overzicht/").content.decode()


def test_regeling_termijn_betalen(client, inwoner):
    persoon, _ = inwoner
    regeling = regeling_maak(belastingplichtige=persoon, datum=VANDAAG, bron=Bron.PORTAAL)
    inloggen(client, persoon)
    naar_bank = client.post("/portaal/regeling/betalen/")
    client.post(naar_bank["Location"], {"actie": "betalen"})
    betaling = Betaling.objects.get(bron=Betaalbron.PORTAAL)
    assert (
        betaling.bedrag == regeling.termijnbedrag and betaling.betalingskenmerk == regeling.betalingskenmerk
    )


def test_regeling_buiten_beleid_wordt_een_verzoek_aan_een_medewerker(client, normen):
    # bvv 570.00 on 600.00: capacity 30.00 a month, 15 months needed, the policy allows 12.
    persoon, _ = maak_inwoner(inkomen="600.00")
    inloggen(client, persoon)
    pagina = client.get("/portaal/regeling/").content.decode()
    assert "Ja, ik wil deze regeling" not in pagina and "Vraag een medewerker" in pagina
    client.post("/portaal/regeling/", {"actie": "afsluiten"})  # refused: nothing made
    assert not Betalingsregeling.objects.exists()
    antwoord = client.post(
        "/portaal/regeling/", {"actie": "verzoek", "aantal_termijnen": "24", "toelichting": "Ik kan 20 euro"}
    )
    assert antwoord.status_code == 200
    taak = Taak.objects.get(soort=TaakSoort.REGELING_VERZOEK, belastingplichtige=persoon)
    assert "24 termijnen" in taak.toelichting and "Ik kan 20 euro" in taak.toelichting


def test_kwijtschelding_aanvragen_met_upload(client, inwoner):
    persoon, (nieuw, oud) = inwoner
    inloggen(client, persoon)
    assert client.get("/portaal/kwijtschelding/aanvragen/").status_code == 200
    data = {
        "verzoek-aanslagen": [str(nieuw.pk), str(oud.pk)],
        "verzoek-leefsituatie": "alleenstaande",
        "verzoek-aantal_kinderen": "0",
        **{
            f"verzoek-{veld}": "0"
            for veld in (
                "woonlasten",
                "huurtoeslag",
                "zorgpremie",
                "zorgtoeslag",
                "alimentatie_betaald",
                "kinderopvang_netto",
                "banktegoed",
                "auto_waarde",
                "overig_vermogen",
            )
        },
        "verzoek-woonlasten": "700",
        "inkomen-TOTAL_FORMS": "2",
        "inkomen-INITIAL_FORMS": "0",
        "inkomen-0-persoon": "aanvrager",
        "inkomen-0-soort": "uitkering",
        "inkomen-0-bedrag": "1300",
        "inkomen-1-persoon": "aanvrager",
        "inkomen-1-soort": "loon",
        "inkomen-1-bedrag": "0",
        "document-soort": "inkomen",
        "document-bestand": SimpleUploadedFile("uitkering.pdf", PDF, content_type="application/pdf"),
    }
    antwoord = client.post("/portaal/kwijtschelding/aanvragen/", data)
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    verzoek = Kwijtscheldingsverzoek.objects.get(belastingplichtige=persoon)
    assert set(verzoek.aanslagen.all()) == {nieuw, oud}
    assert [d.naam for d in verzoek.documenten.all()] == ["uitkering.pdf"]
    # A second proof later, on the request's own page.
    client.post(
        f"/portaal/kwijtschelding/{verzoek.pk}/",
        {"document-soort": "huur", "document-bestand": SimpleUploadedFile("huur.pdf", PDF)},
    )
    assert verzoek.documenten.count() == 2
    assert "uitkering.pdf" in client.get(f"/portaal/kwijtschelding/{verzoek.pk}/").content.decode()


def test_kwijtschelding_fout_bestand_noemt_het_veld_en_bewaart_niets(client, inwoner):
    persoon, (nieuw, _) = inwoner
    inloggen(client, persoon)
    antwoord = client.post(
        "/portaal/kwijtschelding/aanvragen/",
        {
            "verzoek-aanslagen": [str(nieuw.pk)],
            "verzoek-leefsituatie": "alleenstaande",
            "inkomen-TOTAL_FORMS": "0",
            "inkomen-INITIAL_FORMS": "0",
            "document-soort": "inkomen",
            "document-bestand": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert antwoord.status_code == 200 and not Kwijtscheldingsverzoek.objects.exists()
    assert "utrecht-form-field-error-message" in antwoord.content.decode()


def test_snelle_check_zonder_inloggen(client, normen):
    antwoord = client.post(
        "/portaal/kwijtschelding/check/",
        {
            "leefsituatie": "alleenstaande",
            "aow": "nee",
            "netto_inkomen": "1300",
            "woonlasten": "450",
            "spaargeld": "200",
            "auto": "geen",
            "belastingbedrag": "400",
        },
    )
    assert "U komt waarschijnlijk in aanmerking" in antwoord.content.decode()


def test_ik_kan_niet_betalen_wordt_een_terugbeltaak(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    fout = client.post("/portaal/kan-niet-betalen/", {"telefoon": "12"})
    assert "minstens 10 cijfers" in fout.content.decode()
    client.post(
        "/portaal/kan-niet-betalen/", {"telefoon": "06 12345678", "toelichting": "Ik ben mijn baan kwijt"}
    )
    client.post("/portaal/kan-niet-betalen/", {"telefoon": "06 12345678"})  # twice on a day: one task
    taak = Taak.objects.get(belastingplichtige=persoon, soort=TaakSoort.TERUGBELVERZOEK)
    assert "06 12345678" in taak.toelichting and "Ik ben mijn baan kwijt" in taak.toelichting


def test_contactvoorkeuren_en_taal_worden_onthouden(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    fout = client.post("/portaal/contact/", {"telefoon": "", "email": "", "taal": "nl", "kanaal": "email"})
    assert "Vul uw e-mailadres in" in fout.content.decode()
    client.post(
        "/portaal/contact/",
        {"telefoon": "0612345678", "email": "a@example.org", "taal": "pl", "kanaal": "sms"},
    )
    persoon.refresh_from_db()
    assert (persoon.telefoon, persoon.email, persoon.taal, persoon.kanaal) == (
        "0612345678",
        "a@example.org",
        "pl",
        "sms",
    )
    # The record keeps only the current values; the history holds what changed, with the old values.
    wijziging = Gegevenswijziging.objects.get(belastingplichtige=persoon)
    assert (wijziging.bron, wijziging.door) == (Bron.PORTAAL, None)
    assert wijziging.wijzigingen == {
        "telefoon": {"oud": "", "nieuw": "0612345678"},
        "email": {"oud": "", "nieuw": "a@example.org"},
        "taal": {"oud": "nl", "nieuw": "pl"},
        "kanaal": {"oud": "brief", "nieuw": "sms"},
    }
    # Saving the same values again changes nothing and adds no history; a refused form neither.
    client.post(
        "/portaal/contact/",
        {"telefoon": "0612345678", "email": "a@example.org", "taal": "pl", "kanaal": "sms"},
    )
    client.post(
        "/portaal/contact/", {"telefoon": "12", "email": "b@example.org", "taal": "pl", "kanaal": "sms"}
    )
    assert Gegevenswijziging.objects.filter(belastingplichtige=persoon).count() == 1
    assert Belastingplichtige.objects.get(pk=persoon.pk).email == "a@example.org"


def test_overzicht_vraagt_om_een_telefoonnummer_zolang_er_geen_is(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    assert "We hebben geen telefoonnummer van u." in client.get("/portaal/overzicht/").content.decode()
    client.post(
        "/portaal/contact/", {"telefoon": "06 12345678", "email": "", "taal": "nl", "kanaal": "brief"}
    )
    assert "We hebben geen telefoonnummer van u." not in client.get("/portaal/overzicht/").content.decode()


def test_zonder_openstaande_aanslag_geen_vraag_om_een_telefoonnummer(client, normen):
    persoon, (aanslag,) = maak_inwoner(bedragen=("100.00",))
    Aanslag.objects.filter(pk=aanslag.pk).update(status=AanslagStatus.BETAALD, openstaand=D("0"))
    inloggen(client, persoon)
    inhoud = client.get("/portaal/overzicht/").content.decode()
    assert "Er staat niets open." in inhoud
    assert "We hebben geen telefoonnummer van u." not in inhoud


def test_taalkeuze_wordt_bij_de_inwoner_bewaard_en_komt_terug_bij_inloggen(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    antwoord = client.post("/portaal/taal/", {"taal": "ar", "volgende": "/portaal/overzicht/"})
    assert antwoord["Location"] == "/portaal/overzicht/"
    assert Belastingplichtige.objects.get(pk=persoon.pk).taal == "ar"
    assert Gegevenswijziging.objects.get(belastingplichtige=persoon).wijzigingen == {
        "taal": {"oud": "nl", "nieuw": "ar"}
    }
    pagina = client.get("/portaal/overzicht/").content.decode()
    assert 'lang="ar" dir="rtl"' in pagina
    # A new browser: signing in brings the choice back.
    client.cookies.clear()
    antwoord = inloggen(client, persoon)
    assert antwoord.cookies["django_language"].value == "ar"


def test_toestemmingen_geven_en_intrekken(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    for soort in (
        ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
        ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
    ):
        client.post("/portaal/toestemmingen/", {"soort": soort, "actie": "geven"})
        assert Toestemming.objects.filter(
            belastingplichtige=persoon, soort=soort, ingetrokken_op=None
        ).exists()
        client.post("/portaal/toestemmingen/", {"soort": soort, "actie": "intrekken"})
        assert not Toestemming.objects.filter(
            belastingplichtige=persoon, soort=soort, ingetrokken_op=None
        ).exists()
    assert Toestemming.objects.filter(belastingplichtige=persoon).count() == 2


def test_mijn_brieven_alleen_eigen(client, inwoner, ander):
    persoon, _ = inwoner
    Brief.objects.create(
        sleutel="t:1",
        sjabloon="aanmaning",
        datum=VANDAAG,
        ontvanger=f"belastingplichtige:{persoon.pk}",
        naam="x",
    )
    Brief.objects.create(
        sleutel="t:2",
        sjabloon="dwangbevel",
        datum=VANDAAG,
        ontvanger=f"belastingplichtige:{ander[0].pk}",
        naam="y",
    )
    inloggen(client, persoon)
    inhoud = client.get("/portaal/brieven/").content.decode()
    assert "aanmaning" in inhoud.lower() and "dwangbevel" not in inhoud.lower()


def test_schuldenoverzicht_toont_open_aanslagen(client, inwoner):
    persoon, (nieuw, oud) = inwoner
    inloggen(client, persoon)
    inhoud = client.get("/portaal/schuldenoverzicht/").content.decode()
    assert nieuw.aanslagnummer in inhoud and oud.aanslagnummer in inhoud and "€ 450,00" in inhoud


def test_root_stuurt_naar_het_portaal(client):
    assert client.get("/")["Location"] == "/portaal/"


def test_aanslag_van_andere_status_is_niet_te_betalen(client, inwoner):
    persoon, (nieuw, _) = inwoner
    Aanslag.objects.filter(pk=nieuw.pk).update(status=AanslagStatus.BETAALD, openstaand=0, open_belasting=0)
    inloggen(client, persoon)
    assert client.get(f"/portaal/aanslagen/{nieuw.pk}/betalen/").status_code == 404


def test_brief_downloaden_als_pdf(client, inwoner):
    from communicatie.sjablonen import Sjabloon
    from invordering.regelingen import regeling_maak

    persoon, _ = inwoner
    regeling_maak(belastingplichtige=persoon, datum=VANDAAG, bron=Bron.PORTAAL)  # sends REGELING_BEVESTIGING
    brief = Brief.objects.get(
        ontvanger=f"belastingplichtige:{persoon.pk}", sjabloon=Sjabloon.REGELING_BEVESTIGING
    )
    inloggen(client, persoon)
    assert "Bevestiging betalingsregeling" in client.get("/portaal/brieven/").content.decode()
    antwoord = client.get(f"/portaal/brieven/{brief.pk}/pdf/")
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF")


def test_schuldenoverzicht_downloaden_als_pdf(client, inwoner):
    persoon, _ = inwoner
    inloggen(client, persoon)
    antwoord = client.post("/portaal/schuldenoverzicht/")
    assert antwoord.status_code == 200 and antwoord.content.startswith(b"%PDF")
    # Once per day: a second download gives the same letter, not a new one.
    client.post("/portaal/schuldenoverzicht/")
    assert (
        Brief.objects.filter(
            ontvanger=f"belastingplichtige:{persoon.pk}", sjabloon="schuldenoverzicht"
        ).count()
        == 1
    )
