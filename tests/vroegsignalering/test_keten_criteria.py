"""The step-based criteria and the bailiff selection read the chain's step facts (branch keten)."""

from datetime import date

from django.core.management import call_command

from invordering.constants import ContactRichting, ContactUitkomst, StapSoort
from invordering.models import Ketenstand, Ketenstap
from vroegsignalering import deurwaarder, services
from vroegsignalering.constants import Criterium
from vroegsignalering.models import Overdrachtregel, Signaal

from .conftest import persoon_met_achterstand, poging


def stand(aanslag, **datums):
    return Ketenstand.objects.create(aanslag=aanslag, bijgewerkt_op=date(2026, 6, 1), **datums)


def alleen(beleid, *criteria):
    beleid.criteria.exclude(criterium__in=criteria).update(actief=False)
    assert beleid.criteria.filter(criterium__in=criteria, actief=True).count() == len(criteria)


def test_stapcriteria_staan_aan_in_het_beleid(beleid):
    assert set(beleid.criteria.filter(actief=True).values_list("criterium", flat=True)) >= {
        Criterium.AANMANING_GEEN_CONTACT,
        Criterium.DWANGBEVEL,
    }


def test_aanmaning_onbetaald_en_geen_contact(beleid):
    alleen(beleid, Criterium.AANMANING_GEEN_CONTACT)
    p = persoon_met_achterstand("90.00")
    stand(p.aanslagen.get(), aanmaning_op=date(2026, 5, 20))
    poging(p, date(2026, 5, 25))  # the call before the dwangbevel: not reached
    assert services.signalen_bepalen(datum=date(2026, 6, 2)).nieuw == 0  # 13 days: term still running
    assert services.signalen_bepalen(datum=date(2026, 6, 3)).nieuw == 1
    signaal = Signaal.objects.get()
    assert (signaal.criterium, signaal.bedrag, signaal.achterstand_sinds) == (
        Criterium.AANMANING_GEEN_CONTACT,
        signaal.belastingplichtige.aanslagen.get().openstaand,
        date(2026, 4, 30),
    )


def test_aanmaning_met_contact_geeft_geen_signaal(beleid):
    alleen(beleid, Criterium.AANMANING_GEEN_CONTACT)
    p = persoon_met_achterstand("90.00")
    stand(p.aanslagen.get(), aanmaning_op=date(2026, 5, 20))
    poging(p, date(2026, 5, 22), uitkomst=ContactUitkomst.NIET_BEREIKT, richting=ContactRichting.INKOMEND)
    assert services.signalen_bepalen(datum=date(2026, 6, 10)).nieuw == 0
    # Contact before the aanmaning does not count as contact after it.
    q = persoon_met_achterstand("90.00")
    poging(q, date(2026, 5, 1), uitkomst=ContactUitkomst.BEREIKT_WIL_WEL)
    stand(q.aanslagen.get(), aanmaning_op=date(2026, 5, 20))
    assert services.signalen_bepalen(datum=date(2026, 6, 10)).nieuw == 0  # the policy wants one attempt
    poging(q, date(2026, 5, 25))
    assert services.signalen_bepalen(datum=date(2026, 6, 10)).nieuw == 1


def test_dwangbevel_uitgevaardigd(beleid):
    alleen(beleid, Criterium.DWANGBEVEL)
    p = persoon_met_achterstand("90.00")
    geen = persoon_met_achterstand("90.00")
    stand(p.aanslagen.get(), aanmaning_op=date(2026, 5, 20), dwangbevel_op=date(2026, 6, 20))
    stand(geen.aanslagen.get(), aanmaning_op=date(2026, 5, 20))
    assert services.signalen_bepalen(datum=date(2026, 6, 19)).nieuw == 0
    assert services.signalen_bepalen(datum=date(2026, 6, 20)).nieuw == 1
    assert Signaal.objects.get().belastingplichtige == p


def test_deurwaarder_selectie_uit_de_keten(db, tmp_path):
    p = persoon_met_achterstand("300.00")
    aanslag = p.aanslagen.get()
    Ketenstap.objects.create(
        sleutel=f"deurwaarder:{aanslag.pk}",
        aanslag=aanslag,
        belastingplichtige=p,
        soort=StapSoort.DEURWAARDER,
        datum=date(2026, 9, 1),
    )
    assert list(deurwaarder.te_overdragen(datum=date(2026, 8, 31))) == []
    assert list(deurwaarder.te_overdragen(datum=date(2026, 9, 1))) == [aanslag]
    call_command(
        "export_deurwaarder", "--datum", "2026-09-01", "--out", str(tmp_path / "o.json"), "--deurwaarder", "K"
    )
    assert Overdrachtregel.objects.get().aanslag == aanslag
    assert list(deurwaarder.te_overdragen(datum=date(2026, 9, 2))) == []
