"""Choices, batch sizes and error messages of the vroegsignalering app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Rows per chunk in the daily job and the exports (queries per chunk stay constant).
SIGNAAL_BATCH = 1000


class Criterium(models.TextChoices):
    """Why a resident is signalled. Each has a set-based rule in ``vroegsignalering.criteria``."""

    ACHTERSTAND_BEDRAG = "achterstand_bedrag", _("Achterstand boven een bedrag over de aanslagen")
    MEERJARIG = "meerjarig", _("Achterstand in meerdere belastingjaren")
    KAN_NIET_BETALEN = "kan_niet_betalen", _("De inwoner zegt: ik kan niet betalen")
    GEEN_CONTACT = "geen_contact", _("Achterstand en geen contact na pogingen")
    AANMANING_GEEN_CONTACT = "aanmaning_geen_contact", _("Aanmaning onbetaald en geen contact")
    DWANGBEVEL = "dwangbevel", _("Dwangbevel uitgevaardigd")
    WARME_VERWIJZING = "warme_verwijzing", _("Warme verwijzing door medewerker of inwoner")


class Grondslag(models.TextChoices):
    """The basis on which a signal may leave the tax office (DOMEIN.md: consent or a municipal basis)."""

    TOESTEMMING = "toestemming", _("Toestemming van de inwoner")
    GEMEENTELIJK = "gemeentelijk", _("Grondslag die de gemeente heeft vastgelegd")


class SignaalStatus(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("Voorwaarden nog niet vervuld")
    GEREED = "gereed", _("Klaar om door te geven")
    GEEXPORTEERD = "geexporteerd", _("Doorgegeven aan schuldhulp")
    IN_BEHANDELING = "in_behandeling", _("In behandeling bij schuldhulp")
    AFGEROND = "afgerond", _("Afgerond")
    VERVALLEN = "vervallen", _("Vervallen")


# A resident has at most one signal in these statuses at a time.
OPEN_STATUSSEN = (
    SignaalStatus.VOORBEREIDING,
    SignaalStatus.GEREED,
    SignaalStatus.GEEXPORTEERD,
    SignaalStatus.IN_BEHANDELING,
)


class SignaalSoort(models.TextChoices):
    CRITERIUM = "criterium", _("Gevonden door de signaalcriteria")
    VERWIJZING = "verwijzing", _("Warme verwijzing")


class Uitkomst(models.TextChoices):
    """The debt-help team's outcome per signal (DDAS terugmelding, VNG)."""

    OPGEPAKT = "opgepakt", _("Opgepakt")
    NIET_OPGEPAKT = "niet_opgepakt", _("Niet opgepakt")
    HULP_AANVAARD = "hulp_aanvaard", _("Hulp aanvaard")
    ADEMPAUZE = "adempauze", _("Adempauze gevraagd")


# Outcomes that close the signal; the others leave it in SHV's hands.
SLUITENDE_UITKOMSTEN = (Uitkomst.NIET_OPGEPAKT, Uitkomst.HULP_AANVAARD)
# Only this outcome may be shown back to the tax office's staff and the resident (DOMEIN.md, DDAS).
ZICHTBARE_UITKOMSTEN = (Uitkomst.NIET_OPGEPAKT,)
# Feedback that an officer must look at (worklist): the chain resumes or pauses because of it.
TE_BEHANDELEN_UITKOMSTEN = (Uitkomst.NIET_OPGEPAKT, Uitkomst.ADEMPAUZE, Uitkomst.HULP_AANVAARD)


class Exportformaat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class DeurwaarderUitkomst(models.TextChoices):
    """What the bailiff reports back per handed-over aanslag."""

    BETAALD = "betaald", _("Betaald")
    REGELING = "regeling", _("Betalingsregeling afgesproken")
    ONINBAAR = "oninbaar", _("Teruggegeven als oninbaar")


class Advies(models.TextChoices):
    """The advice in the bailiff handover (the agreements with bailiffs, docs/vroegsignalering.md)."""

    GEEN_BESLAG_ONDER_BVV = "geen_beslag_onder_bvv", _("Geen beslag: inkomen op of onder de beslagvrije voet")
    NIET_DWINGEN_PAUZE = "niet_dwingen_pauze", _("Niet dwingen: de invordering is gepauzeerd")
    SOCIAAL_SPOOR = "sociaal_spoor", _("Kan niet betalen: sociaal spoor, geen dwang")
    REGELING_BINNEN_CAPACITEIT = (
        "regeling_binnen_capaciteit",
        _("Regeling aanbieden binnen de aflossingscapaciteit"),
    )
    EERST_HUISBEZOEK = "eerst_huisbezoek", _("Nog geen contact: eerst een huisbezoek")
    INVORDEREN_MET_MAATWERK = (
        "invorderen_met_maatwerk",
        _("Wil niet betalen: invorderen, met oog voor de bvv"),
    )


# Error messages (tests import them).
FOUT_GEEN_TOESTEMMING = (
    "Voor een warme verwijzing is toestemming nodig om gegevens aan schuldhulpverlening te geven. "
    "Leg die eerst vast (of geef toestemming=True mee als de inwoner die nu geeft)."
)
FOUT_GEEN_BELEID = "Er is geen signaalbeleid dat geldt op {datum}; vul het beleid aan in het beheer."
FOUT_TOELICHTING_LEEG = "Schrijf een korte toelichting voor schuldhulpverlening."
FOUT_TOELICHTING_TE_LANG = "De toelichting mag hoogstens {max} tekens zijn (alleen wat nodig is)."
FOUT_BESTAND_KOLOMMEN = "Het bestand mist de kolommen: {kolommen}."
FOUT_REGEL = "regel {regel}, {veld}: {fout}"
FOUT_ONBEKEND_SIGNAAL = "onbekend signaal {waarde}"
FOUT_BSN_KLOPT_NIET = "het BSN hoort niet bij dit signaal"
FOUT_ONBEKENDE_UITKOMST = "onbekende uitkomst {waarde!r}; kies uit {keuzes}"
FOUT_DATUM = "geen geldige datum {waarde!r} (JJJJ-MM-DD)"
FOUT_DATUM_TOEKOMST = "datum {waarde} ligt na de verwerkingsdatum {datum}"
FOUT_SIGNAAL_NIET_DOORGEGEVEN = "signaal {signaal} is nog niet doorgegeven aan schuldhulp"
FOUT_LEEG = "mag niet leeg zijn"
FOUT_IMPORT = "Het bestand is niet ingelezen; er is niets opgeslagen. Fouten:\n{fouten}"
FOUT_ONBEKEND_FORMAAT = (
    "Onbekend formaat {formaat}: kies csv of json (of een bestandsnaam die daarop eindigt)."
)
FOUT_ONBEKENDE_REGEL = "onbekende overdrachtsregel {waarde}"
FOUT_AANSLAG_NIET_OPEN = "Aanslag {aanslag} staat niet open en kan niet naar de deurwaarder."
FOUT_BEDRAG = "geen geldig bedrag {waarde!r}"
TOELICHTING_MAX = 500
