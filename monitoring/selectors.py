"""The teamlead's KPIs: one function per report section, each a fixed number of grouped queries.

Definitions (what is counted, on which date) are in docs/monitoring.md; every function here names the
date that places a fact in the period. Reads only: the monitoring app writes nothing to the domain.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invordering.constants import (
    BEREIKT,
    AanslagStatus,
    Boekingsoort,
    Component,
    ContactKanaal,
    ContactRichting,
    PauzeReden,
    RegelingStatus,
    TaakStatus,
)
from invordering.geld import som_bedrag
from invordering.models import Aanslag, Betalingsregeling, Boeking, Contact, Pauze, Taak
from kwijtschelding.constants import HertoetsStatus, Uitkomst, VerzoekBron
from kwijtschelding.models import Besluit, Hertoets, Kwijtscheldingsverzoek

from .kader import BEDRAG, PCT, Dimensie, Kolom, Tabel, groepeer, samenvoegen, tabel_maak
from .periodes import Periode

BP = "belastingplichtige__"
A_BP = "aanslag__belastingplichtige__"


def begin_van_dag(d: date) -> datetime:
    """Midnight at the start of ``d`` in the local time zone (contacts carry a timestamp)."""
    return timezone.make_aware(datetime.combine(d, time.min))


def _in(veld: str, periode: Periode) -> Q:
    return Q(**{f"{veld}__gte": periode.van, f"{veld}__lte": periode.tot})


# --- Aanslagen and payments ---------------------------------------------------------------------
def _aanslagen_cijfers(periode: Periode, dimensie: Dimensie) -> dict:
    opgelegd = groepeer(
        Aanslag.objects.filter(_in("dagtekening", periode)),
        dimensie=dimensie,
        pad=BP,
        opgelegd=Count("id"),
        opgelegd_bedrag=som_bedrag("bedrag_belasting"),
        op_tijd=Count("id", filter=Q(status=AanslagStatus.BETAALD, afgehandeld_op__lte=F("vervaldatum"))),
        nu_open=Count("id", filter=Q(status=AanslagStatus.OPEN)),
        nu_open_bedrag=som_bedrag("openstaand", filter=Q(status=AanslagStatus.OPEN)),
        inwoners=Count(f"{BP}id", distinct=True),
    )
    ontvangen = groepeer(
        Boeking.objects.filter(
            _in("datum", periode), soort__in=(Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING)
        ),
        dimensie=dimensie,
        pad=A_BP,
        ontvangen_neg=som_bedrag("bedrag"),
    )
    for waarden in ontvangen.values():
        waarden["ontvangen"] = -(waarden.pop("ontvangen_neg") or 0)
    return samenvoegen(opgelegd, ontvangen)


def kpi_aanslagen(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    return tabel_maak(
        sleutel="aanslagen",
        titel=_("Aanslagen en betalingen"),
        uitleg=_(
            "Aanslagen met een dagtekening in de periode, hoeveel daarvan op tijd betaald zijn en hoeveel "
            "nu nog openstaat. Ontvangen: alle betalingen die in de periode zijn geboekt, min terugboekingen."
        ),
        kolommen=[
            Kolom("opgelegd", _("aanslagen")),
            Kolom("opgelegd_bedrag", _("opgelegd"), BEDRAG),
            Kolom("inwoners", _("inwoners")),
            Kolom("op_tijd", _("op tijd betaald")),
            Kolom("op_tijd_pct", _("% op tijd"), PCT, teller="op_tijd", noemer="opgelegd"),
            Kolom("nu_open", _("nu nog open")),
            Kolom("nu_open_bedrag", _("bedrag nu open"), BEDRAG),
            Kolom("ontvangen", _("ontvangen in periode"), BEDRAG),
        ],
        cijfers=_aanslagen_cijfers(periode, dimensie),
        dimensie=dimensie,
    )


# --- Costs: invorderbaten and what was waived ----------------------------------------------------
def _kosten_cijfers(periode: Periode, dimensie: Dimensie) -> dict:
    kosten = Q(component=Component.KOSTEN)
    cijfers = groepeer(
        Boeking.objects.filter(_in("datum", periode), kosten),
        dimensie=dimensie,
        pad=A_BP,
        opgelegd=som_bedrag("bedrag", filter=Q(soort=Boekingsoort.KOSTEN)),
        ontvangen_neg=som_bedrag(
            "bedrag", filter=Q(soort__in=(Boekingsoort.BETALING, Boekingsoort.TERUGBOEKING))
        ),
        vervallen_neg=som_bedrag("bedrag", filter=Q(soort=Boekingsoort.KOSTEN_VERVALLEN)),
        afgeboekt_neg=som_bedrag(
            "bedrag", filter=Q(soort__in=(Boekingsoort.KWIJTSCHELDING, Boekingsoort.ONINBAAR))
        ),
        inwoners=Count(f"{A_BP}id", distinct=True, filter=Q(soort=Boekingsoort.KOSTEN)),
    )
    for w in cijfers.values():
        w["ontvangen"] = -(w.pop("ontvangen_neg") or 0)
        w["vervallen"] = -(w.pop("vervallen_neg") or 0)
        w["afgeboekt"] = -(w.pop("afgeboekt_neg") or 0)
    return cijfers


def kpi_kosten(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    return tabel_maak(
        sleutel="kosten",
        titel=_("Invorderbaten: kosten opgelegd, ontvangen en niet gevraagd"),
        uitleg=_(
            "Kosten van aanmaningen, dwangbevelen en andere stappen die in de periode zijn geboekt. "
            "Ontvangen: betalingen op kosten. Niet gevraagd: kosten die het beleid liet vervallen. "
            "Afgeboekt: kosten die kwijtgescholden of oninbaar verklaard zijn."
        ),
        kolommen=[
            Kolom("opgelegd", _("kosten opgelegd"), BEDRAG),
            Kolom("inwoners", _("inwoners met kosten")),
            Kolom("ontvangen", _("kosten ontvangen"), BEDRAG),
            Kolom("vervallen", _("kosten niet gevraagd"), BEDRAG),
            Kolom("afgeboekt", _("kosten afgeboekt"), BEDRAG),
        ],
        cijfers=_kosten_cijfers(periode, dimensie),
        dimensie=dimensie,
        vorig_jaar=_kosten_cijfers(periode.vorig_jaar(), dimensie),
        vergelijk=("opgelegd", "ontvangen"),
    )


# --- Remission and uncollectable in the ledger ---------------------------------------------------
def _afboeking_cijfers(periode: Periode, dimensie: Dimensie) -> dict:
    return groepeer(
        Boeking.objects.filter(
            _in("datum", periode), soort__in=(Boekingsoort.KWIJTSCHELDING, Boekingsoort.ONINBAAR)
        ),
        dimensie=dimensie,
        pad=A_BP,
        kwijtgescholden_neg=som_bedrag("bedrag", filter=Q(soort=Boekingsoort.KWIJTSCHELDING)),
        oninbaar_neg=som_bedrag("bedrag", filter=Q(soort=Boekingsoort.ONINBAAR)),
        kwijt_inwoners=Count(f"{A_BP}id", distinct=True, filter=Q(soort=Boekingsoort.KWIJTSCHELDING)),
        oninbaar_inwoners=Count(f"{A_BP}id", distinct=True, filter=Q(soort=Boekingsoort.ONINBAAR)),
    )


def _afboekingen(periode: Periode, dimensie: Dimensie) -> dict:
    cijfers = _afboeking_cijfers(periode, dimensie)
    for w in cijfers.values():
        w["kwijtgescholden"] = -(w.pop("kwijtgescholden_neg") or 0)
        w["oninbaar"] = -(w.pop("oninbaar_neg") or 0)
    return cijfers


def kpi_afboekingen(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    return tabel_maak(
        sleutel="afboekingen",
        titel=_("Kwijtschelding en oninbaar"),
        uitleg=_(
            "Bedragen die in de periode zijn kwijtgescholden of oninbaar verklaard, met het aantal "
            "inwoners. Naast vorig jaar, zodat een verschuiving van oninbaar naar kwijtschelding zichtbaar wordt."
        ),
        kolommen=[
            Kolom("kwijtgescholden", _("kwijtgescholden"), BEDRAG),
            Kolom("kwijt_inwoners", _("inwoners met kwijtschelding")),
            Kolom("oninbaar", _("oninbaar verklaard"), BEDRAG),
            Kolom("oninbaar_inwoners", _("inwoners met oninbaar")),
        ],
        cijfers=_afboekingen(periode, dimensie),
        dimensie=dimensie,
        vorig_jaar=_afboekingen(periode.vorig_jaar(), dimensie),
        vergelijk=("kwijtgescholden", "oninbaar"),
    )


# --- Payment plans --------------------------------------------------------------------------------
def kpi_regelingen(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    geeindigd = _in("beeindigd_op", periode)
    cijfers = groepeer(
        Betalingsregeling.objects.filter(
            Q(startdatum__lte=periode.tot), Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gte=periode.van)
        ),
        dimensie=dimensie,
        pad=BP,
        gestart=Count("id", filter=_in("startdatum", periode)),
        gestart_bedrag=som_bedrag("totaal", filter=_in("startdatum", periode)),
        gestart_inwoners=Count(f"{BP}id", distinct=True, filter=_in("startdatum", periode)),
        afgerond=Count("id", filter=geeindigd & Q(status=RegelingStatus.AFGEROND)),
        vervallen=Count("id", filter=geeindigd & Q(status=RegelingStatus.VERVALLEN)),
        beeindigd=Count("id", filter=geeindigd & Q(status=RegelingStatus.BEEINDIGD)),
        lopend_einde=Count("id", filter=Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gt=periode.tot)),
    )
    for w in cijfers.values():
        w["geeindigd"] = w["afgerond"] + w["vervallen"] + w["beeindigd"]
    return tabel_maak(
        sleutel="regelingen",
        titel=_("Betalingsregelingen"),
        uitleg=_(
            "Regelingen die in de periode zijn gestart, afgerond (alles betaald), vervallen (termijnen niet "
            "betaald) of beëindigd, en hoeveel er aan het eind van de periode liepen."
        ),
        kolommen=[
            Kolom("gestart", _("gestart")),
            Kolom("gestart_inwoners", _("inwoners")),
            Kolom("gestart_bedrag", _("bedrag gestart"), BEDRAG),
            Kolom("afgerond", _("afgerond")),
            Kolom("vervallen", _("vervallen")),
            Kolom("beeindigd", _("beëindigd")),
            Kolom("geeindigd", _("geëindigd")),
            Kolom("afgerond_pct", _("% afgerond van geëindigd"), PCT, teller="afgerond", noemer="geeindigd"),
            Kolom("lopend_einde", _("lopend aan het eind")),
        ],
        cijfers=cijfers,
        dimensie=dimensie,
    )


# --- Remission requests, decisions, automatic re-test ---------------------------------------------
def kpi_kwijtschelding(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    verzoeken = groepeer(
        Kwijtscheldingsverzoek.objects.filter(_in("ingediend_op", periode)),
        dimensie=dimensie,
        pad=BP,
        ingediend=Count("id", filter=~Q(bron=VerzoekBron.HERTOETS)),
        ingediend_inwoners=Count(f"{BP}id", distinct=True, filter=~Q(bron=VerzoekBron.HERTOETS)),
    )
    besluiten = groepeer(
        Besluit.objects.filter(_in("datum", periode)),
        dimensie=dimensie,
        pad=f"verzoek__{BP}",
        besluiten=Count("id"),
        toegewezen=Count("id", filter=Q(uitkomst=Uitkomst.TOEGEWEZEN)),
        gedeeltelijk=Count("id", filter=Q(uitkomst=Uitkomst.GEDEELTELIJK)),
        afgewezen=Count("id", filter=Q(uitkomst=Uitkomst.AFGEWEZEN)),
        bedrag=som_bedrag("kwijtgescholden"),
        automatisch=Count("id", filter=Q(automatisch=True)),
        uit_hertoets=Count("id", filter=Q(verzoek__bron=VerzoekBron.HERTOETS)),
    )
    hertoetsen = groepeer(
        Hertoets.objects.filter(_in("geexporteerd_op", periode)),
        dimensie=dimensie,
        pad=BP,
        hertoets=Count("id"),
        hertoets_toegewezen=Count("id", filter=Q(status=HertoetsStatus.TOEGEWEZEN)),
        hertoets_medewerker=Count("id", filter=Q(status=HertoetsStatus.NAAR_MEDEWERKER)),
        hertoets_niet=Count("id", filter=Q(status=HertoetsStatus.NIET_GESLAAGD)),
        hertoets_onbekend=Count("id", filter=Q(status=HertoetsStatus.NIET_GEVONDEN)),
    )
    for w in besluiten.values():
        w["verleend"] = w["toegewezen"] + w["gedeeltelijk"]
    return tabel_maak(
        sleutel="kwijtschelding",
        titel=_("Kwijtschelding: verzoeken, besluiten en de jaarlijkse toets"),
        uitleg=_(
            "Verzoeken die inwoners (of medewerkers namens hen) in de periode indienden, besluiten met "
            "een dagtekening in de periode en de automatische jaarlijkse toets die in de periode is aangeboden."
        ),
        kolommen=[
            Kolom("ingediend", _("verzoeken")),
            Kolom("ingediend_inwoners", _("inwoners")),
            Kolom("besluiten", _("besluiten")),
            Kolom("toegewezen", _("toegewezen")),
            Kolom("gedeeltelijk", _("gedeeltelijk")),
            Kolom("afgewezen", _("afgewezen")),
            Kolom("verleend_pct", _("% verleend"), PCT, teller="verleend", noemer="besluiten"),
            Kolom("bedrag", _("kwijtgescholden"), BEDRAG),
            Kolom("automatisch", _("automatisch besloten")),
            Kolom("hertoets", _("jaarlijkse toets: aangeboden")),
            Kolom("hertoets_toegewezen", _("toets: toegewezen")),
            Kolom("hertoets_medewerker", _("toets: naar medewerker")),
            Kolom("hertoets_niet", _("toets: niet geslaagd")),
            Kolom("hertoets_onbekend", _("toets: niet gevonden")),
        ],
        cijfers=samenvoegen(verzoeken, besluiten, hertoetsen),
        dimensie=dimensie,
    )


# --- Contact: calls, visits, reach ---------------------------------------------------------------
def kpi_contact(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    bereikt = Q(uitkomst__in=BEREIKT)
    bellen = Q(kanaal=ContactKanaal.TELEFOON, richting=ContactRichting.UITGAAND)
    bezoek = Q(kanaal=ContactKanaal.HUISBEZOEK)
    cijfers = groepeer(
        Contact.objects.filter(
            tijdstip__gte=begin_van_dag(periode.van),
            tijdstip__lt=begin_van_dag(periode.tot + timedelta(days=1)),
        ),
        dimensie=dimensie,
        pad=BP,
        gebeld=Count("id", filter=bellen),
        gebeld_inwoners=Count(f"{BP}id", distinct=True, filter=bellen),
        bereikt_inwoners=Count(f"{BP}id", distinct=True, filter=bellen & bereikt),
        wil_wel=Count("id", filter=bellen & Q(uitkomst="bereikt_wil_wel")),
        kan_niet=Count("id", filter=bellen & Q(uitkomst="bereikt_kan_niet")),
        wil_niet=Count("id", filter=bellen & Q(uitkomst="bereikt_wil_niet")),
        huisbezoek=Count("id", filter=bezoek),
        huisbezoek_bereikt=Count("id", filter=bezoek & bereikt),
        inkomend=Count("id", filter=Q(richting=ContactRichting.INKOMEND)),
        contact_inwoners=Count(f"{BP}id", distinct=True, filter=bereikt),
    )
    return tabel_maak(
        sleutel="contact",
        titel=_("Bellen, huisbezoek en bereik"),
        uitleg=_(
            "Contacten in de periode. Bereik: het deel van de gebelde inwoners dat we minstens één keer "
            "spraken. Inkomend: de inwoner nam zelf contact op."
        ),
        kolommen=[
            Kolom("gebeld", _("belpogingen")),
            Kolom("gebeld_inwoners", _("inwoners gebeld")),
            Kolom("bereikt_inwoners", _("inwoners bereikt")),
            Kolom("bereik_pct", _("% bereik"), PCT, teller="bereikt_inwoners", noemer="gebeld_inwoners"),
            Kolom("wil_wel", _("wil wel betalen")),
            Kolom("kan_niet", _("kan niet betalen")),
            Kolom("wil_niet", _("wil niet betalen")),
            Kolom("huisbezoek", _("huisbezoeken")),
            Kolom("huisbezoek_bereikt", _("huisbezoek: iemand gesproken")),
            Kolom("inkomend", _("inkomend contact")),
            Kolom("contact_inwoners", _("inwoners gesproken (alle kanalen)")),
        ],
        cijfers=cijfers,
        dimensie=dimensie,
    )


# --- Tasks and deadlines -------------------------------------------------------------------------
def kpi_taken(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    afgerond = Q(status=TaakStatus.AFGEROND)
    open_ = Q(status__in=(TaakStatus.OPEN, TaakStatus.IN_BEHANDELING))
    te_laat_afgerond = afgerond & Q(afgerond_op__gt=F("deadline"))
    cijfers = groepeer(
        Taak.objects.filter(Q(aangemaakt_op__lte=periode.tot)).filter(
            _in("aangemaakt_op", periode) | _in("deadline", periode)
        ),
        dimensie=dimensie,
        pad=BP,
        aangemaakt=Count("id", filter=_in("aangemaakt_op", periode)),
        met_deadline=Count("id", filter=_in("deadline", periode)),
        op_tijd=Count("id", filter=_in("deadline", periode) & afgerond & Q(afgerond_op__lte=F("deadline"))),
        te_laat=Count("id", filter=_in("deadline", periode) & te_laat_afgerond),
        open_over=Count("id", filter=_in("deadline", periode) & open_),
        vervallen=Count("id", filter=_in("deadline", periode) & Q(status=TaakStatus.VERVALLEN)),
    )
    for w in cijfers.values():
        w["over_deadline"] = w["te_laat"] + w["open_over"]
    return tabel_maak(
        sleutel="taken",
        titel=_("Taken en deadlines"),
        uitleg=_(
            "Taken voor medewerkers (bellen, huisbezoek, beoordelen). Over de deadline: te laat afgerond, "
            "of nog open terwijl de deadline in de periode lag en voorbij is."
        ),
        kolommen=[
            Kolom("aangemaakt", _("nieuwe taken")),
            Kolom("met_deadline", _("deadline in periode")),
            Kolom("op_tijd", _("op tijd afgerond")),
            Kolom("te_laat", _("te laat afgerond")),
            Kolom("open_over", _("nog open, deadline voorbij")),
            Kolom("over_deadline", _("over de deadline")),
            Kolom("over_pct", _("% over de deadline"), PCT, teller="over_deadline", noemer="met_deadline"),
            Kolom("vervallen", _("vervallen")),
        ],
        cijfers=cijfers,
        dimensie=dimensie,
    )


# --- Pauses --------------------------------------------------------------------------------------
def kpi_pauzes(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    kolommen = [Kolom("gestart", _("pauzes gestart")), Kolom("gestart_inwoners", _("inwoners"))]
    aggregaten = {
        "gestart": Count("id", filter=_in("start", periode)),
        "gestart_inwoners": Count(f"{BP}id", distinct=True, filter=_in("start", periode)),
    }
    for reden in PauzeReden:
        kolommen.append(Kolom(f"reden_{reden.value}", reden.label))
        aggregaten[f"reden_{reden.value}"] = Count("id", filter=_in("start", periode) & Q(reden=reden))
    actief_einde = (
        Q(start__lte=periode.tot)
        & (Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gt=periode.tot))
        & (Q(geplande_einde__isnull=True) | Q(geplande_einde__gt=periode.tot))
    )
    aggregaten["actief_einde"] = Count("id", filter=actief_einde)
    kolommen.append(Kolom("actief_einde", _("actief aan het eind")))
    cijfers = groepeer(
        Pauze.objects.filter(start__lte=periode.tot).filter(
            Q(start__gte=periode.van) | Q(beeindigd_op__isnull=True) | Q(beeindigd_op__gt=periode.tot)
        ),
        dimensie=dimensie,
        pad=BP,
        **aggregaten,
    )
    return tabel_maak(
        sleutel="pauzes",
        titel=_("Pauzes in de invordering"),
        uitleg=_(
            "Pauzes die in de periode begonnen, naar reden, en hoeveel er aan het eind van de periode liepen. "
            "Tijdens een pauze stuurt de keten geen aanmaning of dwangbevel."
        ),
        kolommen=kolommen,
        cijfers=cijfers,
        dimensie=dimensie,
    )
