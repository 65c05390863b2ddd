"""Deterministic, invented demo data: residents in every household situation, two years of aanslagen
entered through the real CSV import, incomes around the bijstandsnorm and payment behaviour after
seed 001 (about 90% pay on time, ~6% cannot pay, ~3% will not; some forget and pay after a reminder).

No real persons: names and streets are common Dutch words combined at random, BSNs come from the
999xxxxxx range that is not issued to residents, IBANs carry the non-existent bank code DEMO.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import betalingskenmerk, rollen
from .constants import (
    NUL,
    AanslagStatus,
    Betaalbron,
    BetalingStatus,
    Boekingsoort,
    Bron,
    Component,
    ContactKanaal,
    ContactUitkomst,
    Inkomensbron,
    Kanaal,
    Leefsituatie,
    TaakSoort,
    Taal,
    ToestemmingSoort,
)
from .datums import plus_maanden
from .importeren import KOLOMMEN, importeer
from .models import (
    Aanslag,
    Belastingplichtige,
    Betaling,
    Boeking,
    Inkomensgegeven,
    Taak,
    Termijn,
    Toestemming,
)
from .selectors import bijstandsnorm
from .services import saldo_bijwerken, verdeel
from .validators import IBAN_LENGTES, is_geldig_bsn

VOORNAMEN = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esther",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ibrahim",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohamed",
    "Noor",
    "Olga",
    "Pieter",
    "Roos",
    "Sanne",
    "Thijs",
    "Ülkü",
    "Vera",
    "Willem",
    "Yusuf",
    "Zeynep",
    "Mariusz",
    "Oksana",
    "Henk",
    "Ingrid",
    "Kevin",
    "Priya",
]
ACHTERNAMEN = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Kowalski"),
    ("", "Kovalenko"),
    ("", "Öztürk"),
    ("van", "Dam"),
    ("", "Postma"),
    ("", "Kramer"),
    ("", "Willems"),
    ("van der", "Linden"),
    ("", "Koster"),
]
STRATEN = [
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Beukenlaan",
    "Julianastraat",
    "Lindelaan",
    "Eikenlaan",
    "Parallelweg",
    "Stationsweg",
    "Nieuwstraat",
    "Kastanjelaan",
    "Wilhelminastraat",
    "Raadhuisplein",
]
# An invented belastingsamenwerking of four municipalities, each with its own postcode range.
PLAATSEN = [("Lindeveld", 7401), ("Oosterbroek", 7421), ("Beekhuizen", 7441), ("Veenhorst", 7461)]

LEEFSITUATIES = [
    (Leefsituatie.ALLEENSTAANDE, 40),
    (Leefsituatie.ALLEENSTAANDE_OUDER, 8),
    (Leefsituatie.GEHUWD, 27),
    (Leefsituatie.GEHUWD_MET_KINDEREN, 25),
]
# Payment behaviour, after seed 001: of the ~10% who do not pay on time ~6% cannot and ~3% will not;
# "vergeet" pays, but only after a reminder.
GEDRAG = [("op_tijd", 86), ("vergeet", 5), ("kan_niet", 6), ("wil_niet", 3)]
TALEN = [(Taal.NL, 92), (Taal.EN, 2), (Taal.TR, 2), (Taal.AR, 2), (Taal.PL, 1), (Taal.UK, 1)]
AOW_GRENS = date(1959, 1, 1)

DEMO_ACCOUNTS = [
    # username, group, full name, superuser
    ("medewerker", rollen.MEDEWERKER, "Mila Medewerker", False),
    ("teamleider", rollen.TEAMLEIDER, "Tom Teamleider", False),
    ("beheerder", rollen.FUNCTIONEEL_BEHEER, "Bea Beheer", False),
    ("admin", None, "Beheerder Techniek", True),
]
DEMO_WACHTWOORD = "demo-{username}-2026"  # demo only: printed on the console by seed_demo


@dataclass
class Samenvatting:
    inwoners: int = 0
    aanslagen: int = 0
    betalingen: int = 0
    gedrag: Counter = field(default_factory=Counter)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _kies(rnd: random.Random, gewogen):
    waarden, gewichten = zip(*gewogen, strict=True)
    return rnd.choices(waarden, weights=gewichten, k=1)[0]


def demo_bsns(aantal: int, *, start: int = 999_000_000) -> list[str]:
    """``aantal`` valid BSNs in the 999xxxxxx range, in order."""
    gevonden, kandidaat = [], start
    while len(gevonden) < aantal:
        bsn = f"{kandidaat:09d}"
        if is_geldig_bsn(bsn):
            gevonden.append(bsn)
        kandidaat += 1
    return gevonden


def demo_iban(rnd: random.Random) -> str:
    rekening = f"{rnd.randrange(10**10):010d}"
    basis = f"DEMO{rekening}"
    getal = int("".join(str(int(c, 36)) for c in basis + "NL00"))
    iban = f"NL{98 - getal % 97:02d}{basis}"
    assert len(iban) == IBAN_LENGTES["NL"]
    return iban


def _bedrag(rnd: random.Random, laag: int, hoog: int) -> Decimal:
    return Decimal(rnd.randrange(laag * 100, hoog * 100)) / 100


def _csv_rijen(rnd, persoon, jaar, volgnummer, dagtekening) -> list[dict]:
    """The levy system's rows for one aanslag: waste, sewerage, OZB for owners, dog tax for some."""
    huishouden = persoon["leefsituatie"] not in (Leefsituatie.ALLEENSTAANDE,)
    regels = [
        (
            "afvalstoffenheffing",
            "Afvalstoffenheffing",
            Decimal("418.20") if huishouden else Decimal("327.60"),
        ),
        ("rioolheffing_gebruiker", "Rioolheffing gebruik", Decimal("196.80")),
    ]
    if persoon["eigenaar"]:
        woz = rnd.randrange(220, 520) * 1000
        regels.append(
            (
                "ozb_eigenaar_woning",
                f"OZB woning, WOZ-waarde {woz:,}".replace(",", "."),
                (Decimal(woz) * Decimal("0.0009")).quantize(Decimal("0.01")),
            )
        )
    if persoon["hond"]:
        regels.append(("hondenbelasting", "Hondenbelasting, 1 hond", Decimal("121.44")))
    termijnen = 10 if persoon["incasso"] else 1
    eerste = plus_maanden(dagtekening, 1) if termijnen > 1 else plus_maanden(dagtekening, 2)
    nummer = f"{jaar}{volgnummer:07d}"
    kenmerk = betalingskenmerk.maak(jaar * 10**7 + volgnummer)
    rijen = []
    for i, (soort, omschrijving, bedrag) in enumerate(regels, start=1):
        rijen.append(
            {
                "aanslagnummer": nummer,
                "belastingjaar": str(jaar),
                "dagtekening": dagtekening.isoformat(),
                "eerste_vervaldatum": eerste.isoformat(),
                "aantal_termijnen": str(termijnen),
                "betalingskenmerk": kenmerk,
                "bsn": persoon["bsn"],
                "voorletters": persoon["voorletters"],
                "tussenvoegsel": persoon["tussenvoegsel"],
                "achternaam": persoon["achternaam"],
                "straat": persoon["straat"],
                "huisnummer": str(persoon["huisnummer"]),
                "toevoeging": persoon["toevoeging"],
                "postcode": persoon["postcode"],
                "woonplaats": persoon["woonplaats"],
                "regelnummer": str(i),
                "belastingsoort": soort,
                "omschrijving": omschrijving,
                "bedrag": str(bedrag),
            }
        )
    return rijen


def _personen(rnd: random.Random, aantal: int) -> list[dict]:
    personen = []
    for bsn in demo_bsns(aantal):
        voornaam = rnd.choice(VOORNAMEN)
        tussenvoegsel, achternaam = rnd.choice(ACHTERNAMEN)
        plaats, pc = rnd.choice(PLAATSEN)
        leefsituatie = _kies(rnd, LEEFSITUATIES)
        gedrag = _kies(rnd, GEDRAG)
        aow = rnd.random() < 0.2
        geboren = (
            date(rnd.randrange(1940, 1958), rnd.randrange(1, 13), rnd.randrange(1, 29))
            if aow
            else date(rnd.randrange(1960, 2004), rnd.randrange(1, 13), rnd.randrange(1, 29))
        )
        personen.append(
            {
                "bsn": bsn,
                "voornaam": voornaam,
                "voorletters": f"{voornaam[0]}.",
                "tussenvoegsel": tussenvoegsel,
                "achternaam": achternaam,
                "straat": rnd.choice(STRATEN),
                "huisnummer": rnd.randrange(1, 180),
                "toevoeging": rnd.choice(["", "", "", "", "A", "B", "2"]),
                "postcode": f"{pc + rnd.randrange(0, 20)} {rnd.choice('ABCDEGHJKLMNPRTVWXZ')}{rnd.choice('ABCDEGHJKLMNPRTVWXZ')}",
                "woonplaats": plaats,
                "leefsituatie": leefsituatie,
                "gedrag": gedrag,
                "geboortedatum": geboren,
                "aow": geboren < AOW_GRENS,
                # Residents who cannot pay rarely own a house or pay by direct debit.
                "eigenaar": rnd.random() < (0.1 if gedrag == "kan_niet" else 0.6),
                "incasso": rnd.random() < (0.1 if gedrag in ("kan_niet", "wil_niet") else 0.45),
                "hond": rnd.random() < 0.12,
            }
        )
    return personen


def _inkomen(rnd: random.Random, persoon: dict, peildatum: date) -> Decimal:
    norm = bijstandsnorm(leefsituatie=persoon["leefsituatie"], aow=persoon["aow"], peildatum=peildatum).bedrag
    factor = rnd.uniform(0.85, 1.15) if persoon["gedrag"] == "kan_niet" else rnd.uniform(1.15, 3.8)
    return (norm * Decimal(str(round(factor, 3)))).quantize(Decimal("0.01"))


def _betaaldatum(rnd: random.Random, gedrag: str, vervaldatum: date) -> date | None:
    if gedrag == "op_tijd":
        return vervaldatum - timedelta(days=rnd.randrange(0, 12))
    if gedrag == "vergeet":
        return vervaldatum + timedelta(days=rnd.randrange(18, 45))
    return None


@transaction.atomic
def demo_maak(*, inwoners: int, seed: int, datum: date) -> Samenvatting:
    """Create the demo municipality as it stands on ``datum``. Same seed and date, same data."""
    rnd = random.Random(seed)
    samenvatting = Samenvatting()
    personen = _personen(rnd, inwoners)
    samenvatting.inwoners = len(personen)
    samenvatting.gedrag = Counter(p["gedrag"] for p in personen)

    rijen = []
    for jaar in (datum.year - 1, datum.year):
        dagtekening = date(jaar, 2, 28)
        if dagtekening > datum:
            continue
        for volgnummer, persoon in enumerate(personen, start=1):
            rijen += _csv_rijen(rnd, persoon, jaar, volgnummer, dagtekening)
    tekst = ";".join(KOLOMMEN) + "\n" + "\n".join(";".join(r[k] for k in KOLOMMEN) for r in rijen) + "\n"
    resultaat, _ = importeer(io.StringIO(tekst))
    if resultaat.meldingen:
        raise RuntimeError(
            "Demodata klopt niet met het importformaat: " + "; ".join(map(str, resultaat.meldingen[:5]))
        )
    samenvatting.aanslagen = resultaat.aanslagen_nieuw

    per_bsn = {p["bsn"]: p for p in personen}
    objecten = {b.bsn: b for b in Belastingplichtige.objects.filter(bsn__in=per_bsn)}
    inkomens, toestemmingen = [], []
    moment = timezone.make_aware(datetime.combine(datum, time(9)))
    # In the residents' own order, never the database's: the draws below must not depend on it.
    for p in personen:
        b = objecten[p["bsn"]]
        b.voornaam = p["voornaam"]
        b.geboortedatum = p["geboortedatum"]
        b.leefsituatie = p["leefsituatie"]
        if p["leefsituatie"] in (Leefsituatie.GEHUWD, Leefsituatie.GEHUWD_MET_KINDEREN):
            b.partner_naam = f"{rnd.choice(VOORNAMEN)} {b.achternaam}"
        b.aantal_kinderen = (
            rnd.randrange(1, 4)
            if p["leefsituatie"] in (Leefsituatie.ALLEENSTAANDE_OUDER, Leefsituatie.GEHUWD_MET_KINDEREN)
            else 0
        )
        b.woonkosten = _bedrag(rnd, 450, 1100) if not p["eigenaar"] else None
        b.telefoon = f"06{rnd.randrange(10**8):08d}" if rnd.random() < 0.7 else ""
        b.email = (
            f"{p['voornaam'].lower()}.{b.achternaam.lower().replace(' ', '')}{rnd.randrange(100)}@example.org"
            if rnd.random() < 0.6
            else ""
        )
        b.email = b.email.encode("ascii", "ignore").decode()
        b.taal = _kies(rnd, TALEN)
        b.kanaal = (
            Kanaal.EMAIL
            if b.email and rnd.random() < 0.6
            else (Kanaal.SMS if b.telefoon and rnd.random() < 0.15 else Kanaal.BRIEF)
        )
        b.iban = demo_iban(rnd) if rnd.random() < 0.8 or p["incasso"] else ""
        # Income is known for most residents who cannot pay (they asked for help before) and for few others.
        if rnd.random() < (0.6 if p["gedrag"] == "kan_niet" else 0.25):
            inkomens.append(
                Inkomensgegeven(
                    belastingplichtige=b,
                    netto_maandinkomen=_inkomen(rnd, p, datum),
                    bron=rnd.choice([Inkomensbron.OPGAVE_INWONER, Inkomensbron.LOONSTROOK, Inkomensbron.UWV]),
                    peildatum=datum - timedelta(days=rnd.randrange(10, 400)),
                )
            )
        if p["gedrag"] == "kan_niet" and rnd.random() < 0.3:
            toestemmingen.append(
                Toestemming(
                    belastingplichtige=b,
                    soort=ToestemmingSoort.AUTOMATISCHE_KWIJTSCHELDINGSTOETS,
                    gegeven_op=moment - timedelta(days=300),
                    bron=Bron.PORTAAL,
                )
            )
    Belastingplichtige.objects.bulk_update(
        objecten.values(),
        [
            "voornaam",
            "geboortedatum",
            "leefsituatie",
            "partner_naam",
            "aantal_kinderen",
            "woonkosten",
            "telefoon",
            "email",
            "taal",
            "kanaal",
            "iban",
        ],
        batch_size=1000,
    )
    Inkomensgegeven.objects.bulk_create(inkomens)
    Toestemming.objects.bulk_create(toestemmingen)
    samenvatting.betalingen = _betalingen(rnd, per_bsn, datum)
    samenvatting.accounts = demo_accounts()
    return samenvatting


def _betalingen(rnd: random.Random, per_bsn: dict, datum: date) -> int:
    """Pay each installment as the resident's behaviour says, up to ``datum``, set-based."""
    termijnen = (
        Termijn.objects.filter(aanslag__belastingplichtige__bsn__in=per_bsn)
        .select_related("aanslag__belastingplichtige")
        .order_by("aanslag_id", "volgnummer")
    )
    betalingen, toerekeningen = [], []
    for termijn in termijnen:
        aanslag = termijn.aanslag
        persoon = per_bsn[aanslag.belastingplichtige.bsn]
        gedrag = persoon["gedrag"]
        if gedrag == "kan_niet" and termijn.volgnummer == 1 and rnd.random() < 0.35:
            gedrag = "vergeet"  # pays a first installment late, then nothing
        betaaldag = _betaaldatum(rnd, gedrag, termijn.vervaldatum)
        if betaaldag is None or betaaldag > datum:
            continue
        betalingen.append(
            Betaling(
                datum=betaaldag,
                bedrag=termijn.bedrag,
                bron=Betaalbron.INCASSO if persoon["incasso"] and gedrag == "op_tijd" else Betaalbron.BANK,
                referentie=f"DEMO-{aanslag.aanslagnummer}-{termijn.volgnummer}",
                betalingskenmerk=aanslag.betalingskenmerk,
                tegenrekening=aanslag.belastingplichtige.iban,
                tegenrekening_naam=aanslag.belastingplichtige.naam,
                belastingplichtige=aanslag.belastingplichtige,
                status=BetalingStatus.TOEGEREKEND,
            )
        )
        toerekeningen.append(aanslag)
    Betaling.objects.bulk_create(betalingen, batch_size=2000)
    opgeslagen = {b.referentie: b for b in Betaling.objects.filter(referentie__startswith="DEMO-")}
    # Each installment payment goes to its own aanslag; the allocation rule decides the components.
    open_per_aanslag: dict[int, dict[str, Decimal]] = {}
    boekingen = []
    for betaling, aanslag in zip(betalingen, toerekeningen, strict=True):
        open_bedragen = open_per_aanslag.setdefault(
            aanslag.pk, {Component.BELASTING: aanslag.bedrag_belasting}
        )
        for t in verdeel(betaling.bedrag, [(aanslag.pk, open_bedragen)]):
            open_bedragen[t.component] -= t.bedrag
            boekingen.append(
                Boeking(
                    aanslag_id=aanslag.pk,
                    datum=betaling.datum,
                    component=t.component,
                    soort=Boekingsoort.BETALING,
                    bedrag=-t.bedrag,
                    betaling=opgeslagen[betaling.referentie],
                )
            )
    Boeking.objects.bulk_create(boekingen, batch_size=2000)
    aanslag_ids = set(open_per_aanslag)
    saldo_bijwerken(aanslag_ids=aanslag_ids, datum=datum)
    # The day an aanslag got paid is the day of its last payment, not the day the demo was made.
    laatste = {}
    for b in boekingen:
        laatste[b.aanslag_id] = max(laatste.get(b.aanslag_id, b.datum), b.datum)
    betaald = Aanslag.objects.filter(id__in=aanslag_ids, status=AanslagStatus.BETAALD, openstaand=NUL)
    for aanslag in betaald:
        aanslag.afgehandeld_op = laatste[aanslag.pk]
    Aanslag.objects.bulk_update(betaald, ["afgehandeld_op"], batch_size=2000)
    return len(betalingen)


def demo_accounts() -> list[tuple[str, str, str]]:
    """The staff demo accounts (created or reset); returns (username, password, role) for the console."""
    rollen.rollen_bijwerken()
    User = get_user_model()
    uitvoer = []
    for username, groep, naam, superuser in DEMO_ACCOUNTS:
        voornaam, _, achternaam = naam.partition(" ")
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = voornaam, achternaam
        user.is_staff = True
        user.is_superuser = superuser
        wachtwoord = DEMO_WACHTWOORD.format(username=username)
        user.set_password(wachtwoord)
        user.save()
        if groep:
            user.groups.set([Group.objects.get(name=groep)])
        uitvoer.append((username, wachtwoord, groep or "superuser"))
    return uitvoer


# The demo's team works the call and visit tasks the chain opens (without it every call lapses and
# the chain runs on to the dwangbevel). Invented rates, in the spirit of seed 004's pilots: about half
# the calls reach someone, a visit more often; who cannot pay (capacity under TEAM_KAN_NIET a month)
# says so, of the others most pay once called and some refuse.
TEAM_BELTAKEN = (TaakSoort.VOORBELLEN_AANMANING, TaakSoort.VOORBELLEN_DWANGBEVEL, TaakSoort.PROACTIEF_CONTACT)
TEAM_BEREIKT = {ContactKanaal.TELEFOON: 0.55, ContactKanaal.HUISBEZOEK: 0.7}
TEAM_WIL_WEL = 0.65
TEAM_KAN_NIET = Decimal("150")


def demo_team(*, dag: date) -> Counter:
    """One working day of the demo's team: a call attempt every other working day on each open call
    task, a visit on each open visit task, the outcome recorded through the real service (which drives
    the chain); a resident who says 'wil wel' pays the aanslag that day. Deterministic per task and
    day, and idempotent: a task already worked on ``dag`` is skipped."""
    from .beslagvrije_voet import capaciteit_voor
    from .services import betaling_toerekenen, contact_vastleggen

    uitkomsten: Counter = Counter()
    if dag.weekday() >= 5:
        return uitkomsten
    taken = [
        t
        for t in Taak.objects.open()
        .filter(soort__in=(*TEAM_BELTAKEN, TaakSoort.HUISBEZOEK), aangemaakt_op__lt=dag)
        .exclude(contacten__tijdstip__date=dag)
        .select_related("belastingplichtige", "aanslag")
        .order_by("id")
        if t.soort == TaakSoort.HUISBEZOEK or (dag - t.aangemaakt_op).days % 2 == 1
    ]
    if not taken:
        return uitkomsten
    capaciteit: dict = {}
    tijdstip = timezone.make_aware(datetime.combine(dag, time(10)))
    for taak in taken:
        # Keyed on what the data says, not on database ids (which depend on what ran before):
        # the same draw in any database and in any test order.
        deel = (taak.sleutel or f"taak:{taak.belastingplichtige.bsn}:{taak.soort}").split(":")
        if taak.aanslag and len(deel) > 1 and deel[1] == str(taak.aanslag_id):
            deel[1] = taak.aanslag.aanslagnummer  # keten:<aanslag id>:bellen:<stap> -> by aanslagnummer
        naam = ":".join(deel)
        rnd = random.Random(f"team:{naam}:{dag.isoformat()}")
        persoon = taak.belastingplichtige
        kanaal = ContactKanaal.HUISBEZOEK if taak.soort == TaakSoort.HUISBEZOEK else ContactKanaal.TELEFOON
        if kanaal == ContactKanaal.TELEFOON and not persoon.telefoon:
            uitkomst = ContactUitkomst.VERKEERD_NUMMER
        elif rnd.random() >= TEAM_BEREIKT[kanaal]:
            uitkomst = ContactUitkomst.NIET_BEREIKT
        else:
            # What the resident says depends on the resident, not on the call: a known capacity
            # decides; otherwise a draw per resident (seed 001: of those who do not pay, about two
            # in three cannot).
            if persoon.pk not in capaciteit:
                capaciteit.update(capaciteit_voor([persoon.pk], dag))
            c = capaciteit[persoon.pk].capaciteit
            kan_niet = (
                c < TEAM_KAN_NIET if c is not None else random.Random(f"team:{persoon.bsn}").random() < 0.6
            )
            if kan_niet:
                uitkomst = ContactUitkomst.BEREIKT_KAN_NIET
            elif rnd.random() < TEAM_WIL_WEL:
                uitkomst = ContactUitkomst.BEREIKT_WIL_WEL
            else:
                uitkomst = ContactUitkomst.BEREIKT_WIL_NIET
        with transaction.atomic():
            contact_vastleggen(
                belastingplichtige=persoon, tijdstip=tijdstip, kanaal=kanaal, uitkomst=uitkomst, taak=taak
            )
            aanslag = taak.aanslag
            if uitkomst == ContactUitkomst.BEREIKT_WIL_WEL and aanslag is not None:
                aanslag.refresh_from_db(fields=["openstaand", "status"])
                if aanslag.status == AanslagStatus.OPEN and aanslag.openstaand > 0:
                    betaling = Betaling.objects.create(
                        datum=dag,
                        bedrag=aanslag.openstaand,
                        bron=Betaalbron.BANK,
                        referentie=f"DEMO-TEAM-{naam}",
                        betalingskenmerk=aanslag.betalingskenmerk,
                        tegenrekening=persoon.iban,
                        tegenrekening_naam=persoon.naam,
                        belastingplichtige=persoon,
                    )
                    betaling_toerekenen(betaling=betaling, aanslagen=[aanslag], datum=dag)
        uitkomsten[uitkomst] += 1
    return uitkomsten


@dataclass
class DemoKeten:
    verslag: object  # keten.run.Verslag: the chain's facts and decisions over all demo days
    contacten: Counter  # the demo team's contacts per outcome


def demo_keten(*, datum: date, team: bool = True) -> DemoKeten:
    """Run the collection chain day by day from the first demo dagtekening through ``datum``, so the
    demo shows chain histories (reminders, aanmaningen, calls, dwangbevelen, decisions not to escalate).

    The demo's payments are already booked up to ``datum``, so aanslagen paid by then never show their
    reminders; the ones still open get the history the chain gives them. With ``team`` the demo's
    officers work the call and visit tasks each working day after the run (``demo_team``), so the
    year shows calls that end in a payment, the social track or a visit instead of a dwangbevel.
    Opt-in (``seed_demo --keten``): about 20 s CPU for the default size, one chunk run per day
    (docs/keten.md).
    """
    from .keten.beleid import beleidskeuze
    from .keten.klantgroepen import klantgroepen_actueel
    from .keten.run import Verslag, keten_deel
    from .kosten import tarieven

    verslag = Verslag(datum=datum)
    contacten: Counter = Counter()
    eerste = Aanslag.objects.order_by("dagtekening").values_list("dagtekening", flat=True).first()
    dag = eerste
    while dag is not None and dag <= datum:
        verslag.klantgroep_gewijzigd += klantgroepen_actueel(datum=dag)
        verslag.optellen(
            keten_deel(datum=dag, van=0, tot=2**62, keuze=beleidskeuze(datum=dag), tarieven=tarieven(dag))
        )
        if team:
            contacten.update(demo_team(dag=dag))
        dag += timedelta(days=1)
    return DemoKeten(verslag=verslag, contacten=contacten)
