"""Helpers for kwijtschelding tests. Amounts are Decimal; dates fixed in 2026 (the seeded policy year)."""

from datetime import date
from decimal import Decimal as D

from django.contrib.auth.models import Group

from invordering import rollen
from invordering.models import AanslagRegel, Belastingsoort, Boeking
from kwijtschelding.berekening import Beleid, Inkomstenpost
from kwijtschelding.services import VerzoekGegevens
from tests.invordering.factories import AanslagFactory

DATUM = date(2026, 3, 2)
# The seeded 2026 policy as plain values, for tests of the pure functions.
BELEID = Beleid(
    kosten_van_bestaan_percentage=D("90"),
    betalingscapaciteit_percentage=D("80"),
    auto_grens=D("3350.00"),
    vermogen_verhoging=D("0.00"),
    normpremie_alleenstaande=D("47.00"),
    normpremie_echtgenoten=D("106.00"),
    maximale_woonlasten=D("932.93"),
    eigen_bijdrage_woonlasten=D("252.49"),
)


def aanslag(persoon, regels=(("afvalstoffenheffing", "300.00"),), **kwargs):
    """An imported aanslag with the given lines (tax kind code, amount) and its ledger booking."""
    totaal = sum((D(b) for _, b in regels), D("0"))
    a = AanslagFactory(belastingplichtige=persoon, bedrag=totaal, **kwargs)
    a.regels.all().delete()
    for nummer, (code, bedrag) in enumerate(regels, start=1):
        AanslagRegel.objects.create(
            aanslag=a,
            volgnummer=nummer,
            belastingsoort=Belastingsoort.objects.get(code=code),
            bedrag=D(bedrag),
        )
    assert Boeking.objects.filter(aanslag=a).count() == 1
    return a


def gegevens_arm(**kwargs) -> VerzoekGegevens:
    """A household on bijstand without savings: the calculation remits everything."""
    basis = {
        "leefsituatie": "alleenstaande",
        "inkomsten": (Inkomstenpost("aanvrager", "uitkering", D("1300.00")),),
        "woonlasten": D("700.00"),
        "huurtoeslag": D("250.00"),
        "zorgpremie": D("150.00"),
        "zorgtoeslag": D("131.00"),
        "banktegoed": D("300.00"),
    }
    basis.update(kwargs)
    return VerzoekGegevens(**basis)


def gegevens_deels(**kwargs) -> VerzoekGegevens:
    """A household with a little capacity: 1,450 - 197.51 housing = 1,252.49, which is 20.34 a month above
    the kosten van bestaan 1,232.15; 80% of a year's 244.08 = 195.26 is paid, the rest remitted."""
    basis = {
        "leefsituatie": "alleenstaande",
        "inkomsten": (Inkomstenpost("aanvrager", "loon", D("1450.00")),),
        "woonlasten": D("700.00"),
        "huurtoeslag": D("250.00"),
    }
    basis.update(kwargs)
    return VerzoekGegevens(**basis)


def gegevens_rijk(**kwargs) -> VerzoekGegevens:
    basis = {
        "leefsituatie": "alleenstaande",
        "inkomsten": (Inkomstenpost("aanvrager", "loon", D("3200.00")),),
        "woonlasten": D("900.00"),
    }
    basis.update(kwargs)
    return VerzoekGegevens(**basis)


def medewerker(django_user_model, naam="medewerker"):
    rollen.rollen_bijwerken()
    gebruiker = django_user_model.objects.create_user(naam, f"{naam}@example.org", "wachtwoord-lang-genoeg")
    gebruiker.groups.add(Group.objects.get(name=rollen.MEDEWERKER))
    return django_user_model.objects.get(pk=gebruiker.pk)
