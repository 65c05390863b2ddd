"""Choices, money precision and error messages of the invordering app."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Money: digits and places set once (Decimal everywhere, never float).
BEDRAG = {"max_digits": 12, "decimal_places": 2}
NUL = Decimal("0.00")
CENT = Decimal("0.01")


class Leefsituatie(models.TextChoices):
    ALLEENSTAANDE = "alleenstaande", _("Alleenstaande")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Alleenstaande ouder")
    GEHUWD = "gehuwd", _("Gehuwd of samenwonend, zonder kinderen")
    GEHUWD_MET_KINDEREN = "gehuwd_met_kinderen", _("Gehuwd of samenwonend, met kinderen")


class Taal(models.TextChoices):
    NL = "nl", "Nederlands"
    EN = "en", "English"
    TR = "tr", "Türkçe"
    AR = "ar", "العربية"
    PL = "pl", "Polski"
    UK = "uk", "Українська"


class Kanaal(models.TextChoices):
    """How a resident wants to hear that there is a letter: on paper, or a notice by e-mail or SMS."""

    BRIEF = "brief", _("Brief per post")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class Inkomensbron(models.TextChoices):
    OPGAVE_INWONER = "opgave_inwoner", _("Opgave van de inwoner")
    LOONSTROOK = "loonstrook", _("Loonstrook of uitkeringsspecificatie")
    UWV = "uwv", _("UWV (polisadministratie)")
    SVB = "svb", _("SVB (AOW)")
    GEMEENTE = "gemeente", _("Gemeente (bijstand)")
    INLICHTINGENBUREAU = "inlichtingenbureau", _("Inlichtingenbureau")
    DEURWAARDER = "deurwaarder", _("Deurwaarder")
    SCHATTING = "schatting", _("Schatting")


class Klantgroep(models.TextChoices):
    """Customer groups from payment history (seed 004: klantgroep 1 = multi-year arrears)."""

    BETAALT_OP_TIJD = "betaalt_op_tijd", _("Betaalt op tijd")
    VERGEET = "vergeet", _("Vergeet (betaalt na de eerste herinnering)")
    NIEUWE_ACHTERSTAND = "nieuwe_achterstand", _("Nieuwe achterstand")
    MEERJARIGE_ACHTERSTAND = "meerjarige_achterstand", _("Meerjarige achterstand")


class AanslagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BETAALD = "betaald", _("Betaald")
    KWIJTGESCHOLDEN = "kwijtgescholden", _("Kwijtgescholden")
    ONINBAAR = "oninbaar", _("Oninbaar verklaard")
    VERMINDERD = "verminderd", _("Verminderd tot nul")


class Component(models.TextChoices):
    """The three parts of what a resident owes on an aanslag."""

    BELASTING = "belasting", _("Belasting")
    KOSTEN = "kosten", _("Kosten")
    RENTE = "rente", _("Rente")


class Boekingsoort(models.TextChoices):
    AANSLAG = "aanslag", _("Aanslag opgelegd")
    KOSTEN = "kosten", _("Kosten in rekening gebracht")
    RENTE = "rente", _("Invorderingsrente")
    BETALING = "betaling", _("Betaling toegerekend")
    TERUGBOEKING = "terugboeking", _("Betaling teruggeboekt")
    KWIJTSCHELDING = "kwijtschelding", _("Kwijtschelding")
    ONINBAAR = "oninbaar", _("Oninbaar verklaard")
    VERMINDERING = "vermindering", _("Vermindering (bezwaar of ambtshalve)")
    KOSTEN_VERVALLEN = "kosten_vervallen", _("Kosten niet in rekening gebracht")


class Betaalbron(models.TextChoices):
    BANK = "bank", _("Bankafschrift")
    INCASSO = "incasso", _("Automatische incasso")
    PORTAAL = "portaal", _("Betaling via het portaal")
    DEURWAARDER = "deurwaarder", _("Deurwaarder")
    BALIE = "balie", _("Balie")
    VERREKENING = "verrekening", _("Verrekening")


class BetalingStatus(models.TextChoices):
    TOEGEREKEND = "toegerekend", _("Toegerekend")
    ONGEMATCHT = "ongematcht", _("Nog niet gekoppeld")
    TERUGGEBOEKT = "teruggeboekt", _("Teruggeboekt")


class PauzeReden(models.TextChoices):
    BETALINGSREGELING = "betalingsregeling", _("Betalingsregeling")
    KWIJTSCHELDING = "kwijtschelding", _("Kwijtschelding in behandeling")
    ADEMPAUZE = "adempauze", _("Adempauze (vroegsignalering)")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    BEZWAAR_UITSTEL = "bezwaar_uitstel", _("Bezwaar of uitstel van betaling")
    HANDMATIG = "handmatig", _("Handmatig door een medewerker")


class TaakSoort(models.TextChoices):
    VOORBELLEN_AANMANING = "voorbellen_aanmaning", _("Bellen voor de aanmaning")
    VOORBELLEN_DWANGBEVEL = "voorbellen_dwangbevel", _("Bellen voor het dwangbevel")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    SOCIAAL_SPOOR = "sociaal_spoor", _("Sociaal spoor: oplossing zoeken")
    PROACTIEF_CONTACT = "proactief_contact", _("Proactief contact (meerjarige achterstand)")
    TERUGBELVERZOEK = "terugbelverzoek", _("Terugbelverzoek")
    REGELING_VERZOEK = "regeling_verzoek", _("Verzoek betalingsregeling beoordelen")
    GEMISTE_TERMIJN = "gemiste_termijn", _("Gemiste termijn betalingsregeling")
    KWIJTSCHELDING_BEOORDELEN = "kwijtschelding_beoordelen", _("Kwijtscheldingsverzoek beoordelen")
    ONTBREKENDE_GEGEVENS = "ontbrekende_gegevens", _("Bellen over ontbrekende gegevens")
    HULP_BIJ_AANVRAAG = "hulp_bij_aanvraag", _("Afspraak: hulp bij aanvraag")
    DEURWAARDER_ONINBAAR = (
        "deurwaarder_oninbaar",
        _("Deurwaarder meldt oninbaar: beoordelen en zo nodig voorstellen"),
    )
    ONINBAAR_BEOORDELEN = "oninbaar_beoordelen", _("Voorstel oninbaar: vier-ogen-beoordeling")
    SIGNAAL_TERUGKOPPELING = "signaal_terugkoppeling", _("Terugkoppeling vroegsignaal")
    TEGOED_TERUGBETALEN = "tegoed_terugbetalen", _("Tegoed terugbetalen")


class TaakStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEROND = "afgerond", _("Afgerond")
    VERVALLEN = "vervallen", _("Vervallen")


# A task still to do: what Taak.objects.open() selects and the worklists' partial indexes hold.
OPEN_TAAKSTATUSSEN = (TaakStatus.OPEN, TaakStatus.IN_BEHANDELING)


class ContactKanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    BALIE = "balie", _("Balie")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat of app")
    PORTAAL = "portaal", _("Portaal")
    BRIEF = "brief", _("Brief")


class ContactRichting(models.TextChoices):
    UITGAAND = "uitgaand", _("Wij namen contact op")
    INKOMEND = "inkomend", _("De inwoner nam contact op")


class ContactUitkomst(models.TextChoices):
    """Structured outcome of a contact; the outcome drives the next step in the chain."""

    BEREIKT_WIL_WEL = "bereikt_wil_wel", _("Bereikt: wil wel betalen")
    BEREIKT_KAN_NIET = "bereikt_kan_niet", _("Bereikt: kan niet betalen")
    BEREIKT_WIL_NIET = "bereikt_wil_niet", _("Bereikt: wil niet betalen")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt")
    VERKEERD_NUMMER = "verkeerd_nummer", _("Verkeerd nummer of adres")


BEREIKT = (
    ContactUitkomst.BEREIKT_WIL_WEL,
    ContactUitkomst.BEREIKT_KAN_NIET,
    ContactUitkomst.BEREIKT_WIL_NIET,
)
# The calls and the home visit before a chain step ask the resident one question: will and can they
# pay? One officer holds all of a resident's open calls, and one all their visits: taking one takes
# the others, so two colleagues never call the same resident about two aanslagen (calls and visits
# stay apart: the visit is field work, often another team).
EEN_GESPREK = (
    (TaakSoort.VOORBELLEN_AANMANING, TaakSoort.VOORBELLEN_DWANGBEVEL),
    (TaakSoort.HUISBEZOEK,),
)
# A contact that reached the resident answers the question for all their aanslagen (seed 003: the
# whole customer, not one claim), so it completes every such open task of theirs, call or visit.
CONTACTTAKEN = tuple(soort for groep in EEN_GESPREK for soort in groep)


class ToestemmingSoort(models.TextChoices):
    AUTOMATISCHE_KWIJTSCHELDINGSTOETS = (
        "automatische_kwijtscheldingstoets",
        _("Elk jaar automatisch toetsen op kwijtschelding"),
    )
    GEGEVENS_NAAR_SCHULDHULP = "gegevens_naar_schuldhulp", _("Gegevens doorgeven aan schuldhulpverlening")


class Bron(models.TextChoices):
    """Where a fact or request came in."""

    PORTAAL = "portaal", _("Portaal")
    MEDEWERKER = "medewerker", _("Medewerker")
    IMPORT = "import", _("Import")
    SYSTEEM = "systeem", _("Systeem")


# --- Paying: beslagvrije voet, payment plans, direct debit, bank statements ----------------------
class BvvBron(models.TextChoices):
    """Who computed an officially recorded beslagvrije voet."""

    DEURWAARDER = "deurwaarder", _("Belastingdeurwaarder")
    REKENHULP = "rekenhulp", _("Rekenhulp beslagvrije voet (Rijksoverheid)")
    UWV = "uwv", _("UWV")
    SVB = "svb", _("SVB")
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst of Toeslagen")
    CJIB = "cjib", _("CJIB")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    OVERIG = "overig", _("Anders")


class RegelingStatus(models.TextChoices):
    ACTIEF = "actief", _("Loopt")
    AFGEROND = "afgerond", _("Afgerond: alles betaald")
    VERVALLEN = "vervallen", _("Vervallen")
    BEEINDIGD = "beeindigd", _("Beëindigd")


class RegelingTermijnStatus(models.TextChoices):
    """Whether an installment is part of the schedule; whether it is paid is computed from the ledger."""

    ACTIEF = "actief", _("In het schema")
    OVERGESLAGEN = "overgeslagen", _("Overgeslagen (achteraan toegevoegd)")
    VERVANGEN = "vervangen", _("Vervangen door een nieuw schema")


class RegelingGebeurtenisSoort(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Regeling getroffen")
    GEWIJZIGD = "gewijzigd", _("Aantal termijnen gewijzigd")
    OVERGESLAGEN = "overgeslagen", _("Termijn overgeslagen")
    GEPAUZEERD = "gepauzeerd", _("Regeling gepauzeerd")
    HERINNERING = "herinnering", _("Herinnering gemiste termijn")
    BELTAAK = "beltaak", _("Beltaak gemiste termijn")
    VERVALLEN = "vervallen", _("Regeling vervallen")
    AFGEROND = "afgerond", _("Regeling afgerond")
    BEEINDIGD = "beeindigd", _("Regeling beëindigd")
    INCASSO_GESTOPT = "incasso_gestopt", _("Automatische incasso gestopt")


class MachtigingStatus(models.TextChoices):
    ACTIEF = "actief", _("Actief")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    GESTOPT = "gestopt", _("Gestopt na storneringen")


class Sequentietype(models.TextChoices):
    """SEPA sequence type of a collection (EPC SDD Core rulebook)."""

    FRST = "FRST", _("Eerste incasso")
    RCUR = "RCUR", _("Doorlopende incasso")


class IncassopostStatus(models.TextChoices):
    AANGEBODEN = "aangeboden", _("Aangeboden aan de bank")
    BETAALD = "betaald", _("Bijgeschreven")
    TERUGGEBOEKT = "teruggeboekt", _("Teruggeboekt (gestorneerd)")


class BankmutatieStatus(models.TextChoices):
    GEKOPPELD = "gekoppeld", _("Gekoppeld en geboekt")
    ONGEMATCHT = "ongematcht", _("Nog niet gekoppeld")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld door een medewerker")


class TerugbetalingStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    UITBETAALD = "uitbetaald", _("Uitbetaald")
    VERVALLEN = "vervallen", _("Vervallen")


# --- The collection chain (docs/keten.md) ---------------------------------------------------------
class StapSoort(models.TextChoices):
    """Kinds of stored chain facts, in chain order; ``GEEN_ESCALATIE`` is a decision *not* to escalate."""

    HERINNERING_HALVERWEGE = "herinnering_halverwege", _("Kosteloze herinnering halverwege")
    HERINNERING_VOOR_EINDE = "herinnering_voor_einde", _("Kosteloze herinnering voor het einde")
    PROACTIEF_CONTACT = "proactief_contact", _("Proactief contact (meerjarige achterstand)")
    HERINNERING_NA_VERVALDATUM = "herinnering_na_vervaldatum", _("Kosteloze herinnering na de vervaldatum")
    VOORBELLEN_AANMANING = "voorbellen_aanmaning", _("Bellen voor de aanmaning")
    AANMANING = "aanmaning", _("Aanmaning")
    VOORAANKONDIGING = "vooraankondiging", _("Vooraankondiging dwangbevel")
    VOORBELLEN_DWANGBEVEL = "voorbellen_dwangbevel", _("Bellen voor het dwangbevel")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    DWANGBEVEL = "dwangbevel", _("Dwangbevel")
    HERNIEUWD_BEVEL = "hernieuwd_bevel", _("Hernieuwd bevel tot betaling")
    DEURWAARDER = "deurwaarder", _("Overgedragen aan de deurwaarder")
    SOCIAAL_SPOOR = "sociaal_spoor", _("Sociaal spoor")
    REGELING_AANBOD = "regeling_aanbod", _("Betalingsregeling aangeboden")
    GEEN_ESCALATIE = "geen_escalatie", _("Besluit: niet escaleren")
    ONINBAAR = "oninbaar", _("Oninbaar verklaard")


class GeenEscalatieReden(models.TextChoices):
    """Why the run did not take a step that was due (stored, so a teamlead can count it)."""

    PAUZE = "pauze", _("Pauze (regeling, kwijtschelding, adempauze, schuldhulp, bezwaar)")
    OPEN_TAAK = "open_taak", _("Er loopt nog een bel- of bezoektaak")
    BESLAGVRIJE_VOET = "beslagvrije_voet", _("Inkomen op of onder de beslagvrije voet")
    KLEINE_SCHULD = "kleine_schuld", _("Kleine schuld: geen dwangbevel")
    CONTACT_KAN_NIET = "contact_kan_niet", _("Contact: kan niet betalen")
    CONTACT_WIL_WEL = "contact_wil_wel", _("Contact: wil wel betalen")


class KostenStap(models.TextChoices):
    """Steps with statutory costs (Kostenwet invordering rijksbelastingen; DOMEIN.md "Costs")."""

    AANMANING = "aanmaning", _("Aanmaning")
    DWANGBEVEL = "dwangbevel", _("Dwangbevel")
    HERNIEUWD_BEVEL = "hernieuwd_bevel", _("Hernieuwd bevel (ander exploot)")


# --- Job progress (Verwerking) --------------------------------------------------------------------
class VerwerkingSoort:
    """Known kinds of jobs; the field is free text so other apps add kinds without a migration."""

    KETEN = "keten"
    IMPORT_AANSLAGEN = "import_aanslagen"
    IMPORT_CAMT053 = "import_camt053"
    KLANTGROEPEN = "klantgroepen"


class VerwerkingStatus(models.TextChoices):
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    FOUT = "fout", _("Mislukt")
