"""Each action from the dossier: one service call, its effect on the chain, and a line on the timeline."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from communicatie.models import Brief
from communicatie.sjablonen import Sjabloon
from invordering import selectors, services
from invordering.beslagvrije_voet import aflossingscapaciteit
from invordering.constants import (
    AanslagStatus,
    Boekingsoort,
    Bron,
    ContactUitkomst,
    PauzeReden,
    RegelingStatus,
    TaakSoort,
    TaakStatus,
    ToestemmingSoort,
)
from invordering.models import Betalingsregeling, Boeking, Contact, Gegevenswijziging, Pauze, Taak
from invordering.oninbaar import TAAK_ONINBAAR_BEOORDELEN
from kwijtschelding.constants import VerzoekBron, VerzoekStatus
from kwijtschelding.models import Kwijtscheldingsverzoek
from medewerker import werkbakken
from medewerker.models import ActieSoort, Dossieractie, Oninbaarvoorstel, VoorstelStatus
from vroegsignalering.models import Verwijzing

from .conftest import VANDAAG, als

pytestmark = pytest.mark.django_db


def tijdlijn(client, persoon):
    antwoord = client.get(reverse("medewerker:dossier", args=[persoon.pk]))
    assert antwoord.status_code == 200
    return [(r.soort, r.titel) for r in antwoord.context["d"].tijdlijn]


def post(client, naam, persoon, data, *args):
    antwoord = client.post(reverse(f"medewerker:{naam}", args=[persoon.pk, *args]), data)
    assert antwoord.status_code == 302
    assert antwoord.url == f"{reverse('medewerker:dossier', args=[persoon.pk])}?via=actie"
    return antwoord


def meldingen(client):
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(client.get(reverse("medewerker:start")).wsgi_request)]


def test_contact_vastleggen_rondt_de_beltaak_af_en_staat_op_de_tijdlijn(client, medewerker, persoon):
    taak = services.taak_maak(
        soort=TaakSoort.VOORBELLEN_AANMANING, belastingplichtige=persoon, datum=VANDAAG, deadline=VANDAAG
    )
    als(client, medewerker)
    post(
        client,
        "contact",
        persoon,
        {
            "kanaal": "telefoon",
            "richting": "uitgaand",
            "uitkomst": ContactUitkomst.BEREIKT_WIL_WEL,
            "taak": taak.pk,
            "notitie": "Betaalt vrijdag",
        },
    )
    contact = Contact.objects.get()
    assert (contact.medewerker, contact.uitkomst, contact.taak_id) == (
        medewerker,
        ContactUitkomst.BEREIKT_WIL_WEL,
        taak.pk,
    )
    taak.refresh_from_db()
    assert taak.status == TaakStatus.AFGEROND  # a reached resident: the chain's call step is done
    assert ("contact", "Telefoon: Bereikt: wil wel betalen") in tijdlijn(client, persoon)


def test_niet_bereikt_houdt_de_taak_open(client, medewerker, persoon):
    taak = services.taak_maak(soort=TaakSoort.VOORBELLEN_AANMANING, belastingplichtige=persoon, datum=VANDAAG)
    als(client, medewerker)
    post(
        client,
        "contact",
        persoon,
        {
            "kanaal": "telefoon",
            "richting": "uitgaand",
            "uitkomst": ContactUitkomst.NIET_BEREIKT,
            "taak": taak.pk,
        },
    )
    taak.refresh_from_db()
    assert taak.status == TaakStatus.IN_BEHANDELING


def test_pauze_met_einddatum_stopt_de_keten_en_beeindigen_hervat(client, medewerker, persoon):
    als(client, medewerker)
    post(
        client,
        "pauze",
        persoon,
        {"reden": PauzeReden.HANDMATIG, "geplande_einde": "2026-07-01", "toelichting": "Ziekenhuis"},
    )
    pauze = Pauze.objects.get()
    assert (pauze.start, pauze.geplande_einde, pauze.aangemaakt_door) == (
        VANDAAG,
        date(2026, 7, 1),
        medewerker,
    )
    ids = list(persoon.aanslagen.values_list("id", flat=True))
    assert selectors.gepauzeerde_aanslag_ids(datum=VANDAAG, aanslag_ids=ids) == set(ids)
    assert ("pauze", "Pauze: Handmatig door een medewerker") in tijdlijn(client, persoon)
    post(client, "pauze_einde", persoon, {"reden": "Weer thuis"}, pauze.pk)
    assert selectors.gepauzeerde_aanslag_ids(datum=VANDAAG, aanslag_ids=ids) == set()
    assert ("pauze", "Pauze beëindigd") in tijdlijn(client, persoon)


def test_pauze_met_einde_voor_start_geeft_een_melding_en_bewaart_niets(client, medewerker, persoon):
    als(client, medewerker)
    post(
        client,
        "pauze",
        persoon,
        {"reden": PauzeReden.HANDMATIG, "geplande_einde": "2026-05-01", "toelichting": "x"},
    )
    assert not Pauze.objects.exists()
    assert any("na de start" in m for m in meldingen(client))


def test_regeling_met_het_betaalbare_voorstel(client, medewerker, persoon):
    als(client, medewerker)
    pagina = client.get(reverse("medewerker:regeling", args=[persoon.pk]))
    voorstel = pagina.context["voorstel"]
    assert voorstel.totaal == D("450.00") and voorstel.capaciteit is not None
    antwoord = client.post(
        reverse("medewerker:regeling", args=[persoon.pk]),
        {
            "aantal_termijnen": voorstel.aantal_termijnen,
            "eerste_vervaldatum": voorstel.eerste_vervaldatum.isoformat(),
        },
    )
    assert antwoord.status_code == 302
    regeling = Betalingsregeling.objects.get()
    assert (regeling.status, regeling.totaal, regeling.aangemaakt_door) == (
        RegelingStatus.ACTIEF,
        D("450.00"),
        medewerker,
    )
    assert Pauze.objects.get(bron=f"regeling:{regeling.pk}").reden == PauzeReden.BETALINGSREGELING
    assert Brief.objects.filter(sjabloon=Sjabloon.REGELING_BEVESTIGING).count() == 1
    regels = tijdlijn(client, persoon)
    assert ("regeling", "Regeling getroffen") in regels
    assert ("brief", "Brief: Bevestiging betalingsregeling") in regels


def test_regeling_buiten_beleid_zonder_reden_wordt_geweigerd(client, medewerker, persoon):
    als(client, medewerker)
    antwoord = client.post(
        reverse("medewerker:regeling", args=[persoon.pk]),
        {"aantal_termijnen": 40, "eerste_vervaldatum": "2026-06-15"},
    )
    assert antwoord.status_code == 200
    assert not Betalingsregeling.objects.exists()
    assert "reden" in antwoord.content.decode().lower()


def test_kwijtschelding_namens_de_inwoner_pauzeert_en_geeft_een_beoordeeltaak(client, medewerker, persoon):
    als(client, medewerker)
    aanslag = persoon.aanslagen.order_by("id").first()
    data = {
        "v-leefsituatie": "alleenstaande",
        "v-aantal_kinderen": 0,
        "v-aanslagen": [aanslag.pk],
        "i-TOTAL_FORMS": 1,
        "i-INITIAL_FORMS": 0,
        "i-0-persoon": "aanvrager",
        "i-0-soort": "uitkering",
        "i-0-bedrag": "1100.00",
    }
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
    ):
        data[f"v-{veld}"] = "0"
    antwoord = client.post(reverse("medewerker:kwijtschelding", args=[persoon.pk]), data)
    assert antwoord.status_code == 302, antwoord.context and (
        antwoord.context["form"].errors,
        antwoord.context["inkomens"].errors,
    )
    verzoek = Kwijtscheldingsverzoek.objects.get()
    assert (verzoek.bron, verzoek.ingediend_door) == (VerzoekBron.MEDEWERKER, medewerker)
    assert verzoek.status in (VerzoekStatus.IN_BEHANDELING, VerzoekStatus.TOEGEWEZEN)
    if verzoek.status == VerzoekStatus.IN_BEHANDELING:
        assert selectors.is_gepauzeerd(aanslag=aanslag, datum=VANDAAG)
        assert Taak.objects.filter(
            soort=TaakSoort.KWIJTSCHELDING_BEOORDELEN, belastingplichtige=persoon
        ).exists()
    assert any(s == "kwijtschelding" for s, _ in tijdlijn(client, persoon))


def test_oninbaar_voorstel_wacht_op_een_tweede_persoon(client, medewerker, teamleider, persoon):
    aanslag = persoon.aanslagen.order_by("id").first()
    als(client, medewerker)
    post(
        client,
        "oninbaar",
        persoon,
        {"aanslagen": [aanslag.pk], "reden": "Vertrokken naar onbekend adres in buitenland"},
    )
    voorstel = Oninbaarvoorstel.objects.get()
    assert voorstel.status == VoorstelStatus.VOORGESTELD
    taak = Taak.objects.get(soort=TAAK_ONINBAAR_BEOORDELEN)
    assert voorstel.taak == taak and taak.deadline == date(2026, 6, 11)
    aanslag.refresh_from_db()
    assert aanslag.status == AanslagStatus.OPEN  # nothing written off yet
    assert ("actie", "Oninbaar voorgesteld") in tijdlijn(client, persoon)
    # The proposer cannot approve (no right; and the service refuses the same person).
    assert (
        client.post(reverse("medewerker:voorstel", args=[voorstel.pk]), {"besluit": "goed"}).status_code
        == 403
    )
    # The teamleider sees it in the four-eyes worklist and approves.
    als(client, teamleider)
    assert persoon.naam in client.get(reverse("medewerker:werkbak", args=["vier_ogen"])).content.decode()
    antwoord = client.post(
        reverse("medewerker:voorstel", args=[voorstel.pk]), {"besluit": "goed", "toelichting": "Akkoord"}
    )
    assert antwoord.status_code == 302
    aanslag.refresh_from_db()
    assert (aanslag.status, aanslag.openstaand) == (AanslagStatus.ONINBAAR, D("0.00"))
    assert Boeking.objects.filter(aanslag=aanslag, soort=Boekingsoort.ONINBAAR).exists()
    voorstel.refresh_from_db()
    taak.refresh_from_db()
    assert (voorstel.status, voorstel.beoordeeld_door, taak.status) == (
        VoorstelStatus.GOEDGEKEURD,
        teamleider,
        TaakStatus.AFGEROND,
    )
    regels = tijdlijn(client, persoon)
    assert ("stap", "Oninbaar verklaard") in regels
    assert ("actie", "Oninbaarvoorstel beoordeeld") in regels


def test_teamleider_kan_eigen_voorstel_niet_goedkeuren(client, teamleider, persoon):
    aanslag = persoon.aanslagen.order_by("id").first()
    als(client, teamleider)
    post(client, "oninbaar", persoon, {"aanslagen": [aanslag.pk], "reden": "Geen verhaal"})
    voorstel = Oninbaarvoorstel.objects.get()
    client.post(reverse("medewerker:voorstel", args=[voorstel.pk]), {"besluit": "goed"})
    aanslag.refresh_from_db()
    voorstel.refresh_from_db()
    assert aanslag.status == AanslagStatus.OPEN
    assert voorstel.status == VoorstelStatus.VOORGESTELD


def test_officiele_bvv_vervangt_de_schatting(client, medewerker, persoon):
    voor = aflossingscapaciteit(belastingplichtige=persoon, peildatum=VANDAAG)
    als(client, medewerker)
    post(client, "bvv", persoon, {"bedrag": "1550.00", "bron": "deurwaarder", "vastgesteld_op": "2026-05-20"})
    na = aflossingscapaciteit(belastingplichtige=persoon, peildatum=VANDAAG)
    assert na.bvv == D("1550.00") and na.bvv != voor.bvv
    assert na.capaciteit == D("50.00")
    assert ("actie", "Beslagvrije voet vastgelegd") in tijdlijn(client, persoon)


def test_inkomen_en_toestemming_vastleggen(client, medewerker, persoon):
    als(client, medewerker)
    post(
        client,
        "inkomen",
        persoon,
        {"netto_maandinkomen": "1400.00", "bron": "opgave_inwoner", "peildatum": "2026-05-31"},
    )
    assert selectors.laatste_inkomen(belastingplichtige=persoon).netto_maandinkomen == D("1400.00")
    post(client, "toestemming", persoon, {"soort": ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP, "geven": "1"})
    assert persoon.toestemmingen.filter(
        soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP, ingetrokken_op__isnull=True
    ).exists()
    post(client, "toestemming", persoon, {"soort": ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP, "geven": "0"})
    assert not persoon.toestemmingen.filter(ingetrokken_op__isnull=True).exists()
    assert ("actie", "Toestemming vastgelegd") in tijdlijn(client, persoon)


def test_contactgegevens_corrigeren_met_oud_en_nieuw_in_het_log(client, medewerker, persoon):
    als(client, medewerker)
    data = {
        "telefoon": "0698765432",
        "email": "bakker@example.org",
        "kanaal": "email",
        "taal": "nl",
        "straat": persoon.straat,
        "huisnummer": persoon.huisnummer,
        "huisnummer_toevoeging": "",
        "postcode": persoon.postcode,
        "woonplaats": persoon.woonplaats,
        "iban": "",
    }
    post(client, "contactgegevens", persoon, data)
    persoon.refresh_from_db()
    assert (persoon.telefoon, persoon.email, persoon.kanaal) == ("0698765432", "bakker@example.org", "email")
    actie = Dossieractie.objects.get(soort=ActieSoort.CONTACTGEGEVENS)
    assert actie.gegevens["telefoon"] == {"oud": "0612345678", "nieuw": "0698765432"}
    # One line, from the history of the record; not a second one for the officer's action.
    regels = [r for r in tijdlijn(client, persoon) if "Contactgegevens" in r[1]]
    assert regels == [("contact", "Contactgegevens gewijzigd: telefoonnummer, e-mailadres, voorkeurskanaal")]
    wijziging = Gegevenswijziging.objects.get(belastingplichtige=persoon)
    assert (wijziging.bron, wijziging.door) == (Bron.MEDEWERKER, medewerker)
    assert wijziging.wijzigingen == actie.gegevens
    # A wrong postcode names the field and keeps the old value; no history for a refused change.
    post(client, "contactgegevens", persoon, {**data, "postcode": "12345"})
    persoon.refresh_from_db()
    assert persoon.postcode == "1234 AB"
    assert any("postcode" in m.lower() for m in meldingen(client))
    assert Gegevenswijziging.objects.filter(belastingplichtige=persoon).count() == 1


def test_contactgegevens_uit_het_portaal_staan_op_de_tijdlijn(client, medewerker, persoon):
    """A letter that went to the old address is explained by the timeline: the resident changed
    it in the portal on that day. The line names the fields, not the values."""
    services.contactgegevens_wijzigen(
        belastingplichtige=persoon,
        wijzigingen={"iban": "NL91ABNA0417164300", "telefoon": "0611111111"},
        tijdstip=timezone.make_aware(datetime(2026, 3, 2, 9, 30)),
        bron=Bron.PORTAAL,
    )
    als(client, medewerker)
    antwoord = client.get(reverse("medewerker:dossier", args=[persoon.pk]))
    regel = next(r for r in antwoord.context["d"].tijdlijn if r.titel.startswith("Contactgegevens"))
    assert (regel.soort, regel.titel, regel.detail, regel.door) == (
        "contact",
        "Contactgegevens gewijzigd: telefoonnummer, IBAN",
        "door de inwoner in het portaal",
        "",
    )
    assert regel.datum == date(2026, 3, 2)
    assert "NL91ABNA0417164300" not in regel.detail + regel.titel
    assert "Contactgegevens gewijzigd: telefoonnummer, IBAN" in antwoord.content.decode()


def test_warm_doorverwijzen_met_toestemming_pauzeert_en_staat_op_de_tijdlijn(client, medewerker, persoon):
    als(client, medewerker)
    post(client, "verwijzen", persoon, {"toelichting": "Meerdere schulden, wil hulp", "toestemming": "on"})
    verwijzing = Verwijzing.objects.get()
    assert (verwijzing.belastingplichtige, verwijzing.door, verwijzing.toestemming_id is not None) == (
        persoon,
        medewerker,
        True,
    )
    assert persoon.toestemmingen.filter(soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP).exists()
    ids = list(persoon.aanslagen.values_list("id", flat=True))
    assert selectors.gepauzeerde_aanslag_ids(datum=VANDAAG, aanslag_ids=ids) == set(ids)
    regels = tijdlijn(client, persoon)
    assert ("signaal", "Warm doorverwezen naar schuldhulp") in regels
    # Without a reason the service refuses and nothing is stored.
    post(client, "verwijzen", persoon, {"toelichting": ""})
    assert Verwijzing.objects.count() == 1


def test_terugkoppeling_niet_opgepakt_in_de_werkbak(client, medewerker, persoon, tmp_path):
    from vroegsignalering import services as vs
    from vroegsignalering.uitwisseling import signalen_exporteren

    als(client, medewerker)
    post(client, "verwijzen", persoon, {"toelichting": "Wil hulp", "toestemming": "on"})
    signaal = Verwijzing.objects.get().signaal
    signalen_exporteren(datum=VANDAAG, uit=tmp_path / "signalen.csv")
    terug = vs.terugkoppeling_vastleggen(signaal=signaal, uitkomst="niet_opgepakt", datum=VANDAAG)
    pagina = client.get(reverse("medewerker:terugkoppelingen"))
    assert [t.pk for t in pagina.context["pagina"]] == [terug.pk]
    assert "Niet opgepakt" in pagina.content.decode()

    def telling(vandaag):
        per = {t.sleutel: t for t in werkbakken.tellingen(gebruiker=medewerker, vandaag=vandaag)}
        return per[werkbakken.TERUGKOPPELING].totaal, per[werkbakken.TERUGKOPPELING].te_laat

    assert telling(VANDAAG) == (1, 0)
    assert telling(VANDAAG + werkbakken.TERUGKOPPELING_TERMIJN + timedelta(days=1)) == (1, 1)
    client.post(reverse("medewerker:terugkoppeling_behandeld", args=[terug.pk]))
    assert not client.get(reverse("medewerker:terugkoppelingen")).context["pagina"].object_list
    assert telling(VANDAAG) == (0, 0)


def test_schuldenoverzicht_sturen_maakt_de_brief(client, medewerker, persoon):
    als(client, medewerker)
    post(client, "schuldenoverzicht", persoon, {})
    brief = Brief.objects.get(sjabloon=Sjabloon.SCHULDENOVERZICHT)
    assert brief.ontvanger == f"belastingplichtige:{persoon.pk}"
    assert brief.gegevens["aangevraagd_door"] == medewerker.pk
    assert ("brief", "Brief: Schuldenoverzicht") in tijdlijn(client, persoon)


def test_taak_afronden_vanuit_het_dossier(client, medewerker, persoon):
    taak = services.taak_maak(soort=TaakSoort.SOCIAAL_SPOOR, belastingplichtige=persoon, datum=VANDAAG)
    als(client, medewerker)
    post(client, "taak_afronden", persoon, {"toelichting": "Doorverwezen naar de wijkteams"}, taak.pk)
    taak.refresh_from_db()
    assert taak.status == TaakStatus.AFGEROND and taak.afgerond_op == VANDAAG
    assert ("actie", "Taak bijgewerkt") in tijdlijn(client, persoon)
