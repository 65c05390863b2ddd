"""Factories for the invordering core. Amounts are Decimal; dates are fixed, never today."""

from datetime import date
from decimal import Decimal

import factory

from invordering import betalingskenmerk
from invordering.constants import BankmutatieStatus, Boekingsoort, Component, Leefsituatie
from invordering.datums import plus_maanden
from invordering.importeren import termijnen_verdeel
from invordering.models import (
    Aanslag,
    AanslagRegel,
    Bankafschrift,
    Bankmutatie,
    Belastingplichtige,
    Belastingsoort,
    Boeking,
    Termijn,
)


def geldig_bsn(n: int) -> str:
    """The n-th valid test BSN in the 999xxxxxx range (not issued to real persons in tests)."""
    gevonden = -1
    kandidaat = 999_000_000
    while True:
        cijfers = f"{kandidaat:09d}"
        if sum(int(c) * w for c, w in zip(cijfers, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0:
            gevonden += 1
            if gevonden == n:
                return cijfers
        kandidaat += 1


class BelastingplichtigeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Belastingplichtige

    bsn = factory.Sequence(geldig_bsn)
    voorletters = "J."
    voornaam = "Jan"
    achternaam = factory.Sequence(lambda n: f"Jansen{n}")
    straat = "Dorpsstraat"
    huisnummer = factory.Sequence(lambda n: n + 1)
    postcode = "1234 AB"
    woonplaats = "Voorbeeld"
    leefsituatie = Leefsituatie.ALLEENSTAANDE


class BelastingsoortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Belastingsoort
        django_get_or_create = ("code",)

    code = "afvalstoffenheffing"
    naam = "Afvalstoffenheffing"
    kwijtscheldbaar = True


class AanslagFactory(factory.django.DjangoModelFactory):
    """An imported aanslag: lines, installments and the tax booked in the ledger, as the import does."""

    class Meta:
        model = Aanslag
        skip_postgeneration_save = True

    class Params:
        bedrag = Decimal("300.00")
        eerste_vervaldatum = date(2026, 4, 30)

    aanslagnummer = factory.Sequence(lambda n: f"2026{n:08d}")
    belastingplichtige = factory.SubFactory(BelastingplichtigeFactory)
    belastingjaar = 2026
    dagtekening = date(2026, 2, 28)
    betalingskenmerk = factory.Sequence(lambda n: betalingskenmerk.maak(1_000_000 + n))
    aantal_termijnen = 1
    vervaldatum = factory.LazyAttribute(
        lambda o: termijnen_verdeel(
            totaal=o.bedrag, aantal=o.aantal_termijnen, eerste_vervaldatum=o.eerste_vervaldatum
        )[-1][0]
    )
    bedrag_belasting = factory.SelfAttribute("bedrag")
    open_belasting = factory.SelfAttribute("bedrag")
    openstaand = factory.SelfAttribute("bedrag")

    @factory.post_generation
    def regels_en_termijnen(obj, create, extracted, **kwargs):
        if not create:
            return
        soort = BelastingsoortFactory()
        AanslagRegel.objects.create(
            aanslag=obj, volgnummer=1, belastingsoort=soort, bedrag=obj.bedrag_belasting
        )
        verdeling = termijnen_verdeel(
            totaal=obj.bedrag_belasting,
            aantal=obj.aantal_termijnen,
            eerste_vervaldatum=_eerste_vervaldatum(obj),
        )
        Termijn.objects.bulk_create(
            Termijn(aanslag=obj, volgnummer=i, vervaldatum=d, bedrag=b)
            for i, (d, b) in enumerate(verdeling, start=1)
        )
        Boeking.objects.create(
            aanslag=obj,
            datum=obj.dagtekening,
            component=Component.BELASTING,
            soort=Boekingsoort.AANSLAG,
            bedrag=obj.bedrag_belasting,
        )


def _eerste_vervaldatum(aanslag: Aanslag) -> date:
    """Reconstruct the first due date from the last one (monthly installments)."""
    return plus_maanden(aanslag.vervaldatum, -(aanslag.aantal_termijnen - 1))


class BankafschriftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bankafschrift

    rekening = "NL44RABO0123456789"
    afschrift_id = factory.Sequence(lambda n: f"A{n}")


class BankmutatieFactory(factory.django.DjangoModelFactory):
    """An entry of a bank statement, unmatched unless told otherwise."""

    class Meta:
        model = Bankmutatie

    afschrift = factory.SubFactory(BankafschriftFactory)
    referentie = factory.Sequence(lambda n: f"m{n}")
    positie = factory.Sequence(str)
    boekdatum = date(2026, 6, 1)
    bedrag = Decimal("10.00")
    status = BankmutatieStatus.ONGEMATCHT
