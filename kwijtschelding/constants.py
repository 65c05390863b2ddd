"""Choices, batch sizes and error messages of the kwijtschelding app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Batch sizes of the yearly re-test (rows per chunk; queries per chunk stay constant).
HERTOETS_BATCH = 500


class VerzoekStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AANVULLENDE_GEGEVENS_NODIG = "aanvullende_gegevens_nodig", _("Aanvullende gegevens nodig")
    TOEGEWEZEN = "toegewezen", _("Toegewezen")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijk toegewezen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


# Statuses in which a decision has been taken (the request is closed).
BESLOTEN = (VerzoekStatus.TOEGEWEZEN, VerzoekStatus.GEDEELTELIJK, VerzoekStatus.AFGEWEZEN)
AFGESLOTEN = (*BESLOTEN, VerzoekStatus.INGETROKKEN)
# A decision that remits something: the basis for the yearly re-test.
VERLEEND = (VerzoekStatus.TOEGEWEZEN, VerzoekStatus.GEDEELTELIJK)

# The workflow as an explicit map: from -> allowed next statuses. The only door is services._overgang.
OVERGANGEN: dict[str, tuple[str, ...]] = {
    VerzoekStatus.INGEDIEND: (VerzoekStatus.IN_BEHANDELING, VerzoekStatus.INGETROKKEN),
    VerzoekStatus.IN_BEHANDELING: (
        VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG,
        VerzoekStatus.TOEGEWEZEN,
        VerzoekStatus.GEDEELTELIJK,
        VerzoekStatus.AFGEWEZEN,
        VerzoekStatus.INGETROKKEN,
    ),
    VerzoekStatus.AANVULLENDE_GEGEVENS_NODIG: (
        VerzoekStatus.IN_BEHANDELING,
        VerzoekStatus.AFGEWEZEN,
        VerzoekStatus.INGETROKKEN,
    ),
    VerzoekStatus.TOEGEWEZEN: (),
    VerzoekStatus.GEDEELTELIJK: (),
    VerzoekStatus.AFGEWEZEN: (),
    VerzoekStatus.INGETROKKEN: (),
}


class Uitkomst(models.TextChoices):
    """Outcome of the calculation; the same words go into the decision letter."""

    TOEGEWEZEN = "toegewezen", _("Toegewezen")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijk toegewezen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class VerzoekBron(models.TextChoices):
    PORTAAL = "portaal", _("Portaal (door de inwoner)")
    MEDEWERKER = "medewerker", _("Medewerker (namens de inwoner)")
    HERTOETS = "hertoets", _("Automatische jaarlijkse toets")


class Persoon(models.TextChoices):
    AANVRAGER = "aanvrager", _("Aanvrager")
    PARTNER = "partner", _("Partner")


class Inkomstensoort(models.TextChoices):
    """Sources of net monthly income. Which count is decided in berekening.MEETELLENDE_INKOMSTEN."""

    LOON = "loon", _("Loon")
    UITKERING = "uitkering", _("Uitkering (bijstand, WW, WIA, ...)")
    AOW_PENSIOEN = "aow_pensioen", _("AOW of pensioen")
    ALIMENTATIE = "alimentatie", _("Ontvangen alimentatie")
    STUDIEFINANCIERING = "studiefinanciering", _("Studiefinanciering")
    KINDERBIJSLAG = "kinderbijslag", _("Kinderbijslag")
    KINDGEBONDEN_BUDGET = "kindgebonden_budget", _("Kindgebonden budget")
    OVERIG = "overig", _("Overige inkomsten")


class Documentsoort(models.TextChoices):
    INKOMEN = "inkomen", _("Loonstrook of uitkeringsspecificatie")
    BANKAFSCHRIFT = "bankafschrift", _("Bankafschrift")
    HUUR = "huur", _("Huur of hypotheek")
    ZORGVERZEKERING = "zorgverzekering", _("Zorgverzekering")
    TOESLAGEN = "toeslagen", _("Huurtoeslag of zorgtoeslag")
    AUTO = "auto", _("Auto (waarde of noodzaak)")
    OVERIG = "overig", _("Overig")


class HertoetsStatus(models.TextChoices):
    GEEXPORTEERD = "geexporteerd", _("Aangeboden aan het Inlichtingenbureau")
    ONTVANGEN = "ontvangen", _("Uitslag ontvangen, wacht op verwerking")
    TOEGEWEZEN = "toegewezen", _("Kwijtschelding verleend")
    NAAR_MEDEWERKER = "naar_medewerker", _("Gedeeltelijk: ter beoordeling bij een medewerker")
    NIET_GESLAAGD = "niet_geslaagd", _("Niet geslaagd: regeling aangeboden")
    NIET_GEVONDEN = "niet_gevonden", _("Niet gevonden bij het Inlichtingenbureau")
    OVERGESLAGEN = "overgeslagen", _("Overgeslagen: er loopt al een verzoek")


class HulpVoorkeur(models.TextChoices):
    BIBLIOTHEEK = "bibliotheek", _("In de bibliotheek")
    BUURTHUIS = "buurthuis", _("In het buurthuis")
    BALIE = "balie", _("Aan de balie van het belastingkantoor")
    TELEFOON = "telefoon", _("Aan de telefoon")


class CheckUitkomst(models.TextChoices):
    WAARSCHIJNLIJK_WEL = "waarschijnlijk_wel", _("U komt waarschijnlijk in aanmerking")
    WAARSCHIJNLIJK_NIET = "waarschijnlijk_niet", _("U komt waarschijnlijk niet in aanmerking")
    ONBEKEND = "onbekend", _("Dat kunnen we zo niet zeggen")


# Error messages (tests import these). Each names the field it is about; residents see them, so they are
# translatable. FOUT_OVERGANG and FOUT_GEEN_BELEID are for staff and logs.
FOUT_OVERGANG = "Een verzoek met status '{van}' kan niet naar '{naar}'."
FOUT_GEEN_BELEID = "Geen kwijtscheldingsbeleid geldig op {datum:%d-%m-%Y}; voeg een regel toe in het beheer (Kwijtscheldingsbeleid)."
FOUT_ALLEEN_MEDEWERKER = _(
    "Alleen een medewerker met het recht 'kwijtschelding beoordelen' kan een verzoek (gedeeltelijk) afwijzen."
)
FOUT_GEEN_AANSLAGEN = _("aanslagen: kies minstens één aanslag.")
FOUT_AANSLAG_ANDERE_PERSOON = _("aanslagen: een aanslag hoort niet bij deze belastingplichtige.")
FOUT_AANSLAG_NIET_OPEN = _("aanslagen: aanslag {nummer} staat niet meer open.")
FOUT_BEDRAG = _("{veld}: vul een bedrag van 0 of meer in.")
FOUT_PARTNER_ZONDER_PARTNER = _(
    "inkomsten: er is inkomen van een partner opgegeven, maar de leefsituatie heeft geen partner."
)
FOUT_LEEFSITUATIE = _("leefsituatie: kies een van de leefsituaties.")
FOUT_AFWIJZINGSGROND = _(
    "afwijzingsgrond: noem waarom het verzoek wordt afgewezen (de gegevens zijn niet compleet)."
)
FOUT_ZAKELIJKE_REGEL = _("zakelijke_regels: een regel hoort niet bij de gekozen aanslagen.")
FOUT_HULP_VOORKEUR = _("voorkeur: kies waar u geholpen wilt worden.")
FOUT_HULP_TELEFOON = _("telefoon: vul een telefoonnummer in, dan bellen wij u.")
FOUT_ONTBREKEND_LEEG = _("ontbrekend: noem wat er ontbreekt.")
FOUT_DOCUMENT_TYPE = _(
    "bestand: alleen PDF, JPG of PNG is toegestaan; dit bestand is een ander soort bestand."
)
FOUT_DOCUMENT_MISMATCH = _(
    "bestand: de inhoud past niet bij de naam (bijvoorbeeld een foto met de naam .pdf)."
)
FOUT_DOCUMENT_EXTENSIE = _("bestand: de naam eindigt niet op .pdf, .jpg, .jpeg of .png.")
FOUT_DOCUMENT_GROOT = _("bestand: het bestand is te groot (maximaal {max_mb} MB).")
FOUT_DOCUMENT_LEEG = _("bestand: het bestand is leeg.")
FOUT_DOCUMENT_GESLOTEN = _(
    "verzoek: bij een afgehandeld verzoek kunnen geen documenten meer worden toegevoegd."
)
FOUT_DOCUMENT_ANDERE_PERSOON = _("verzoek: dit verzoek hoort niet bij deze belastingplichtige.")
