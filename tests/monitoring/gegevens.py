"""A small, fully known data set for the monitoring KPIs. Every expected figure in the tests follows
from the comments here; amounts are Decimal, dates fixed (2026 is the report year, 2025 the year before).

Residents: A and C live in Zwolle, B and D in Kampen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal as D

from django.utils import timezone

from invordering import services
from invordering.constants import (
    AanslagStatus,
    Boekingsoort,
    Component,
    ContactKanaal,
    ContactRichting,
    ContactUitkomst,
    PauzeReden,
    RegelingStatus,
    TaakSoort,
    TaakStatus,
)
from invordering.models import Aanslag, Betalingsregeling, Boeking, Contact, Pauze, Taak
from kwijtschelding.constants import HertoetsStatus, Uitkomst, VerzoekBron, VerzoekStatus
from kwijtschelding.models import Besluit, Hertoets, Kwijtscheldingsverzoek
from tests.invordering.factories import AanslagFactory, BelastingplichtigeFactory

JAAR = 2026


def moment(d: date, uur: int = 10, minuut: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(uur, minuut)))


def boek(aanslag: Aanslag, datum: date, soort: str, component: str, bedrag: str) -> None:
    services.boekingen_maak(
        boekingen=[Boeking(aanslag=aanslag, datum=datum, soort=soort, component=component, bedrag=D(bedrag))],
        datum=datum,
    )


@dataclass
class Bekend:
    a: object
    b: object
    c: object
    d: object


def bekende_gegevens() -> Bekend:
    a = BelastingplichtigeFactory(woonplaats="Zwolle", postcode="8011 AA", klantgroep="betaalt_op_tijd")
    b = BelastingplichtigeFactory(woonplaats="Kampen", postcode="8261 BB", klantgroep="vergeet")
    c = BelastingplichtigeFactory(woonplaats="Zwolle", postcode="8012 CC", klantgroep="nieuwe_achterstand")
    d = BelastingplichtigeFactory(
        woonplaats="Kampen", postcode="8262 DD", klantgroep="meerjarige_achterstand"
    )

    # --- Aanslagen 2026 (dagtekening 28-02, due 30-04): a1 300, b1 200, c1 150, d2 100 = 750 ---------
    a1 = AanslagFactory(belastingplichtige=a, bedrag=D("300.00"))
    b1 = AanslagFactory(belastingplichtige=b, bedrag=D("200.00"))
    c1 = AanslagFactory(belastingplichtige=c, bedrag=D("150.00"))
    d2 = AanslagFactory(belastingplichtige=d, bedrag=D("100.00"))
    # d1 of 2025 (outside the report year): 80, written off as uncollectable on 1-10-2025.
    d1 = AanslagFactory(
        belastingplichtige=d,
        bedrag=D("80.00"),
        belastingjaar=2025,
        dagtekening=date(2025, 2, 28),
        eerste_vervaldatum=date(2025, 4, 30),
    )

    # a1 paid in full on time (15-04): +300 received, 1 on time.
    boek(a1, date(2026, 4, 15), Boekingsoort.BETALING, Component.BELASTING, "-300.00")
    # b1: aanmaning costs 18 (20-05), 100 of the tax paid (01-06), the 18 waived by policy (10-06); 100 open.
    boek(b1, date(2026, 5, 20), Boekingsoort.KOSTEN, Component.KOSTEN, "18.00")
    boek(b1, date(2026, 6, 1), Boekingsoort.BETALING, Component.BELASTING, "-100.00")
    boek(b1, date(2026, 6, 10), Boekingsoort.KOSTEN_VERVALLEN, Component.KOSTEN, "-18.00")
    # c1: dwangbevel costs 46 (15-06), paid (01-07), then the tax 150 remitted (01-08).
    boek(c1, date(2026, 6, 15), Boekingsoort.KOSTEN, Component.KOSTEN, "46.00")
    boek(c1, date(2026, 7, 1), Boekingsoort.BETALING, Component.KOSTEN, "-46.00")
    services.kwijtschelding_afboeken(
        afboekingen=[services.Afboeking(c1.pk, D("150.00"))], datum=date(2026, 8, 1)
    )
    # d2 uncollectable on 01-09-2026 (100); d1 on 01-10-2025 (80).
    for aanslag, datum in ((d2, date(2026, 9, 1)), (d1, date(2025, 10, 1))):
        Aanslag.objects.filter(pk=aanslag.pk).update(status=AanslagStatus.ONINBAAR, afgehandeld_op=datum)
        boek(aanslag, datum, Boekingsoort.ONINBAAR, Component.BELASTING, f"-{aanslag.bedrag_belasting}")

    # --- Payment plans: A's started 01-02 (60) and finished 01-05; B's started 01-06 (100) and runs;
    # C's started in 2025 (120) and lapsed on 01-03-2026. ----------------------------------------------
    def regeling(persoon, start, totaal, status, einde=None):
        return Betalingsregeling.objects.create(
            belastingplichtige=persoon,
            startdatum=start,
            totaal=D(totaal),
            termijnbedrag=D("20.00"),
            status=status,
            beeindigd_op=einde,
            bron="medewerker",
        )

    regeling(a, date(2026, 2, 1), "60.00", RegelingStatus.AFGEROND, date(2026, 5, 1))
    regeling(b, date(2026, 6, 1), "100.00", RegelingStatus.ACTIEF)
    regeling(c, date(2025, 11, 1), "120.00", RegelingStatus.VERVALLEN, date(2026, 3, 1))

    # --- Contacts: calls to B (not reached, then reached: will pay), C (reached: cannot pay), D (not
    # reached); a home visit at D (will not pay); A phoned us; a call to C on 31-12-2025 is outside. -----
    def contact(persoon, d, kanaal, uitkomst, richting=ContactRichting.UITGAAND, uur=10):
        Contact.objects.create(
            belastingplichtige=persoon,
            tijdstip=moment(d, uur),
            kanaal=kanaal,
            richting=richting,
            uitkomst=uitkomst,
        )

    tel, bezoek = ContactKanaal.TELEFOON, ContactKanaal.HUISBEZOEK
    contact(b, date(2026, 5, 10), tel, ContactUitkomst.NIET_BEREIKT)
    contact(b, date(2026, 5, 12), tel, ContactUitkomst.BEREIKT_WIL_WEL)
    contact(c, date(2026, 6, 1), tel, ContactUitkomst.BEREIKT_KAN_NIET)
    contact(d, date(2026, 8, 1), tel, ContactUitkomst.NIET_BEREIKT)
    contact(d, date(2026, 8, 10), bezoek, ContactUitkomst.BEREIKT_WIL_NIET)
    contact(a, date(2026, 3, 1), tel, ContactUitkomst.BEREIKT_WIL_WEL, richting=ContactRichting.INKOMEND)
    contact(c, date(2025, 12, 31), tel, ContactUitkomst.BEREIKT_KAN_NIET, uur=23)

    # --- Tasks: on time (B), late (C), open past its deadline (D), created in 2025 (outside), due in 2027.
    def taak(persoon, gemaakt, deadline, status, afgerond=None):
        Taak.objects.create(
            soort=TaakSoort.VOORBELLEN_AANMANING,
            belastingplichtige=persoon,
            aangemaakt_op=gemaakt,
            deadline=deadline,
            status=status,
            afgerond_op=afgerond,
        )

    taak(b, date(2026, 5, 1), date(2026, 5, 15), TaakStatus.AFGEROND, date(2026, 5, 12))
    taak(c, date(2026, 5, 20), date(2026, 6, 1), TaakStatus.AFGEROND, date(2026, 6, 5))
    taak(d, date(2026, 7, 1), date(2026, 7, 15), TaakStatus.OPEN)
    taak(d, date(2025, 12, 1), date(2025, 12, 15), TaakStatus.OPEN)
    taak(a, date(2026, 12, 20), date(2027, 1, 5), TaakStatus.OPEN)

    # --- Pauses: B's plan (from 01-06, running), C's remission (15-07 to 01-08), D's adempauze of 2025.
    Pauze.objects.create(belastingplichtige=b, reden=PauzeReden.BETALINGSREGELING, start=date(2026, 6, 1))
    Pauze.objects.create(
        belastingplichtige=c,
        reden=PauzeReden.KWIJTSCHELDING,
        start=date(2026, 7, 15),
        beeindigd_op=date(2026, 8, 1),
    )
    Pauze.objects.create(
        belastingplichtige=d,
        reden=PauzeReden.ADEMPAUZE,
        start=date(2025, 10, 1),
        geplande_einde=date(2026, 2, 1),
    )

    # --- Remission: C asked on 15-07 and got it in full (150) on 01-08; B asked on 01-09 and was refused
    # on 20-09; D's yearly re-test (offered 10-01-2026) granted it automatically (40) on 20-01-2026. -----
    def verzoek(persoon, ingediend, status, bron=VerzoekBron.PORTAAL):
        return Kwijtscheldingsverzoek.objects.create(
            belastingplichtige=persoon,
            ingediend_op=ingediend,
            status=status,
            bron=bron,
            leefsituatie="alleenstaande",
        )

    def besluit(v, datum, uitkomst, bedrag, automatisch=False):
        Besluit.objects.create(
            verzoek=v,
            uitkomst=uitkomst,
            datum=datum,
            kwijtgescholden=D(bedrag),
            te_betalen=D("0.00"),
            bezwaar_tot=datum,
            berekening={},
            automatisch=automatisch,
        )

    vc = verzoek(c, date(2026, 7, 15), VerzoekStatus.TOEGEWEZEN)
    besluit(vc, date(2026, 8, 1), Uitkomst.TOEGEWEZEN, "150.00")
    vb = verzoek(b, date(2026, 9, 1), VerzoekStatus.AFGEWEZEN)
    besluit(vb, date(2026, 9, 20), Uitkomst.AFGEWEZEN, "0.00")
    vd = verzoek(d, date(2026, 1, 20), VerzoekStatus.TOEGEWEZEN, bron=VerzoekBron.HERTOETS)
    besluit(vd, date(2026, 1, 20), Uitkomst.TOEGEWEZEN, "40.00", automatisch=True)
    Hertoets.objects.create(
        belastingplichtige=d,
        belastingjaar=2026,
        status=HertoetsStatus.TOEGEWEZEN,
        peildatum=date(2025, 12, 31),
        basis_verzoek=vc,
        geexporteerd_op=date(2026, 1, 10),
        verzoek=vd,
    )
    Hertoets.objects.create(
        belastingplichtige=a,
        belastingjaar=2026,
        status=HertoetsStatus.NIET_GEVONDEN,
        peildatum=date(2025, 12, 31),
        basis_verzoek=vc,
        geexporteerd_op=date(2026, 1, 10),
    )
    return Bekend(a=a, b=b, c=c, d=d)


def stap(
    aanslag, soort, datum, beleid_naam="Sociaal", kosten="0.00", tarief="0.00", reden="", tegen="", bron=""
):
    from invordering.models import Ketenstand, Ketenstap

    # The chain keeps each aanslag's position with its facts; the test data does the same.
    velden = {
        "herinnering_na_vervaldatum": "herinnering_op",
        "aanmaning": "aanmaning_op",
        "vooraankondiging": "vooraankondiging_op",
        "dwangbevel": "dwangbevel_op",
        "hernieuwd_bevel": "hernieuwd_bevel_op",
    }
    stand, _nieuw = Ketenstand.objects.get_or_create(aanslag=aanslag, defaults={"bijgewerkt_op": datum})
    if soort in velden:
        setattr(stand, velden[soort], datum)
    if soort != "geen_escalatie":
        stand.fase, stand.fase_datum = soort, datum
    stand.save()
    return Ketenstap.objects.create(
        sleutel=f"{soort}:{aanslag.pk}:{reden}:{tegen}:{bron}:{datum}",
        aanslag=aanslag,
        belastingplichtige_id=aanslag.belastingplichtige_id,
        soort=soort,
        datum=datum,
        kosten=D(kosten),
        kosten_tarief=D(tarief),
        beleid_naam=beleid_naam,
        regel="test",
        reden=reden,
        tegengehouden=tegen,
    )


def keten_gegevens(bekend: Bekend) -> None:
    """Chain facts on top of the known data set (the chain's policy names: 'Sociaal' and the pilot
    'Proef bellen'). A also gets a2 (120, due 30-04), reminded on 05-05 and paid on 10-05."""
    from invordering.constants import GeenEscalatieReden as R
    from invordering.constants import StapSoort as S

    a2 = AanslagFactory(belastingplichtige=bekend.a, bedrag=D("120.00"))
    boek(a2, date(2026, 5, 10), Boekingsoort.BETALING, Component.BELASTING, "-120.00")
    a1, b1, c1, d2 = (
        Aanslag.objects.get(belastingplichtige=p, belastingjaar=2026, bedrag_belasting=b)
        for p, b in (
            (bekend.a, D("300.00")),
            (bekend.b, D("200.00")),
            (bekend.c, D("150.00")),
            (bekend.d, D("100.00")),
        )
    )
    d1 = Aanslag.objects.get(belastingplichtige=bekend.d, belastingjaar=2025)
    stap(a1, S.HERINNERING_HALVERWEGE, date(2026, 3, 30))
    for aanslag in (a2, b1, c1, d2):
        stap(
            aanslag,
            S.HERINNERING_NA_VERVALDATUM,
            date(2026, 5, 5),
            "Proef bellen" if aanslag == c1 else "Sociaal",
        )
    stap(b1, S.AANMANING, date(2026, 5, 20), kosten="18.00", tarief="18.00")
    stap(c1, S.AANMANING, date(2026, 5, 20), "Proef bellen", kosten="0.00", tarief="18.00")
    stap(c1, S.DWANGBEVEL, date(2026, 6, 15), "Proef bellen", kosten="46.00", tarief="46.00")
    # d2: the bvv gate held the dwangbevel back twice (two sources), a pause held an aanmaning back.
    stap(d2, S.GEEN_ESCALATIE, date(2026, 7, 1), reden=R.BESLAGVRIJE_VOET, tegen=S.DWANGBEVEL, bron="1")
    stap(d2, S.GEEN_ESCALATIE, date(2026, 7, 8), reden=R.BESLAGVRIJE_VOET, tegen=S.DWANGBEVEL, bron="2")
    stap(d2, S.GEEN_ESCALATIE, date(2026, 6, 1), reden=R.PAUZE, tegen=S.AANMANING)
    stap(d2, S.SOCIAAL_SPOOR, date(2026, 7, 1))
    # Last year: d1 had an aanmaning and a dwangbevel.
    stap(d1, S.AANMANING, date(2025, 6, 1), kosten="8.00", tarief="8.00")
    stap(d1, S.DWANGBEVEL, date(2025, 7, 1), kosten="46.00", tarief="46.00")


@dataclass
class Signalen:
    e: object
    f: object
    g: object
    h: object


def bekende_signalen() -> Signalen:
    """Early warning through the real services (vroegsignalering), in date order because an export
    takes every ready signal. Residents: E and G live in Zwolle, F and H in Kampen.

    2025: E referred (01-10), passed on (02-10), SHV: niet opgepakt (01-11).
    2026: E referred again (02-02, consent still in force), passed on (03-02), opgepakt (10-02),
          hulp aanvaard (01-03).
          F referred (01-04), passed on (02-04), adempauze (15-04), niet opgepakt (01-06).
          G: arrears 150 + 120 due 30-04, one call attempt and consent on 20-05, so the daily job makes
          a criteria signal (achterstand_bedrag) ready at once; passed on 21-05; no feedback. G's
          aanslag had a chain step under the pilot "Proef bellen".
          H referred on 20-12, not passed on yet.
    """
    import tempfile
    from pathlib import Path

    from invordering.constants import StapSoort, ToestemmingSoort
    from vroegsignalering import services as vs
    from vroegsignalering.constants import Uitkomst as U
    from vroegsignalering.models import Signaal
    from vroegsignalering.uitwisseling import signalen_exporteren

    e = BelastingplichtigeFactory(woonplaats="Zwolle", postcode="8011 AA", klantgroep="nieuwe_achterstand")
    f = BelastingplichtigeFactory(woonplaats="Kampen", postcode="8261 BB", klantgroep="vergeet")
    g = BelastingplichtigeFactory(
        woonplaats="Zwolle", postcode="8012 CC", klantgroep="meerjarige_achterstand"
    )
    h = BelastingplichtigeFactory(woonplaats="Kampen", postcode="8262 DD", klantgroep="vergeet")

    def verwijs(p, d, toestemming=True):
        return vs.verwijzen(belastingplichtige=p, datum=d, toelichting="Wil hulp.", toestemming=toestemming)

    def meld(signaal, uitkomst, d):
        vs.terugkoppeling_vastleggen(signaal=Signaal.objects.get(pk=signaal.pk), uitkomst=uitkomst, datum=d)

    with tempfile.TemporaryDirectory() as map_:

        def exporteer(d):
            signalen_exporteren(datum=d, uit=Path(map_) / f"signalen-{d}.csv")

        e_2025 = verwijs(e, date(2025, 10, 1)).signaal
        exporteer(date(2025, 10, 2))
        meld(e_2025, U.NIET_OPGEPAKT, date(2025, 11, 1))
        e_2026 = verwijs(e, date(2026, 2, 2), toestemming=False).signaal
        exporteer(date(2026, 2, 3))
        meld(e_2026, U.OPGEPAKT, date(2026, 2, 10))
        meld(e_2026, U.HULP_AANVAARD, date(2026, 3, 1))
        f_2026 = verwijs(f, date(2026, 4, 1)).signaal
        exporteer(date(2026, 4, 2))
        meld(f_2026, U.ADEMPAUZE, date(2026, 4, 15))
        for bedrag in ("150.00", "120.00"):
            aanslag = AanslagFactory(
                belastingplichtige=g,
                bedrag=D(bedrag),
                belastingjaar=JAAR,
                dagtekening=date(JAAR, 2, 28),
                eerste_vervaldatum=date(JAAR, 4, 30),
            )
        stap(aanslag, StapSoort.HERINNERING_NA_VERVALDATUM, date(2026, 5, 5), "Proef bellen")
        services.contact_vastleggen(
            belastingplichtige=g,
            tijdstip=moment(date(2026, 5, 20)),
            kanaal=ContactKanaal.TELEFOON,
            uitkomst=ContactUitkomst.NIET_BEREIKT,
            richting=ContactRichting.UITGAAND,
        )
        services.toestemming_geef(
            belastingplichtige=g,
            soort=ToestemmingSoort.GEGEVENS_NAAR_SCHULDHULP,
            tijdstip=moment(date(2026, 5, 20)),
            bron="medewerker",
        )
        vs.signalen_bepalen(datum=date(2026, 5, 20))
        exporteer(date(2026, 5, 21))
        meld(f_2026, U.NIET_OPGEPAKT, date(2026, 6, 1))
        verwijs(h, date(2026, 12, 20))
    return Signalen(e=e, f=f, g=g, h=h)
