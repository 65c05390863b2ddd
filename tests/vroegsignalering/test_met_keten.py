"""End to end with the real chain (branch keten): its step facts feed the criteria, and the pause an
adempauze creates holds the chain until it ends by itself."""

from datetime import date, timedelta

from invordering.constants import GeenEscalatieReden, StapSoort
from invordering.keten.run import keten_draaien
from invordering.models import Ketenstap
from vroegsignalering import services, uitwisseling
from vroegsignalering.constants import Criterium, SignaalStatus, Uitkomst
from vroegsignalering.models import Signaal

from .conftest import persoon_met_achterstand, poging, toestemming


def dagen(van: date, tot: date):
    d = van
    while d <= tot:
        yield d
        d += timedelta(days=1)


def test_aanmaning_uit_de_keten_wordt_signaal_en_adempauze_houdt_de_keten_tegen(beleid, tmp_path):
    p = persoon_met_achterstand("90.00")  # below the amount criterion, one year: only the chain's steps count
    toestemming(p, date(2026, 3, 1))
    for d in dagen(date(2026, 4, 25), date(2026, 6, 24)):
        keten_draaien(datum=d)
        services.signalen_bepalen(datum=d)
    aanmaning = Ketenstap.objects.get(soort=StapSoort.AANMANING)
    assert not Signaal.objects.exists()  # no contact attempt yet after the aanmaning
    poging(p, date(2026, 6, 25))
    keten_draaien(datum=date(2026, 6, 25))
    services.signalen_bepalen(datum=date(2026, 6, 25))
    signaal = Signaal.objects.get()
    assert signaal.criterium == Criterium.AANMANING_GEEN_CONTACT
    assert signaal.status == SignaalStatus.GEREED  # consent, and a contact attempt
    assert signaal.achterstand_sinds == date(2026, 4, 30) and aanmaning.datum == date(2026, 5, 21)
    uitwisseling.signalen_exporteren(datum=date(2026, 6, 25), uit=tmp_path / "s.json")
    services.terugkoppeling_vastleggen(signaal=signaal, uitkomst=Uitkomst.ADEMPAUZE, datum=date(2026, 6, 26))
    for d in dagen(date(2026, 6, 26), date(2026, 10, 31)):
        keten_draaien(datum=d)
    dwangbevel = Ketenstap.objects.filter(soort=StapSoort.DWANGBEVEL).first()
    assert Ketenstap.objects.filter(soort=StapSoort.GEEN_ESCALATIE, reden=GeenEscalatieReden.PAUZE).exists()
    # The adempauze (4 months from 26-06) ends on 26-10 by itself; only then may coercion follow.
    assert dwangbevel is None or dwangbevel.datum >= date(2026, 10, 26)
