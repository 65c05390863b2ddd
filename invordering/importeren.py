"""Import of assessments from the levy system (CSV, format in docs/import-aanslagen.md).

The whole file is read and validated first. Every bad row is reported with its line number, field and
reason. Unless ``partieel`` is asked, nothing is stored when any row is bad; with ``partieel`` the good
aanslagen are stored and the bad rows go to a reject file. Importing the same file again changes
nothing: an aanslag that already exists with the same data is skipped.

Writes are set-based (bulk inserts in batches), never a query per row.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import betalingskenmerk
from .bulk import bulk_insert, bulk_insert_objecten
from .constants import NUL, AanslagStatus, Boekingsoort, Component
from .datums import plus_maanden
from .models import Aanslag, AanslagRegel, Belastingplichtige, Belastingsoort, Boeking, Termijn
from .validators import is_geldig_bsn, normaliseer_postcode

KOLOMMEN = (
    "aanslagnummer",
    "belastingjaar",
    "dagtekening",
    "eerste_vervaldatum",
    "aantal_termijnen",
    "betalingskenmerk",
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "woonplaats",
    "regelnummer",
    "belastingsoort",
    "omschrijving",
    "bedrag",
)
VERPLICHT = (
    "aanslagnummer",
    "belastingjaar",
    "dagtekening",
    "eerste_vervaldatum",
    "aantal_termijnen",
    "betalingskenmerk",
    "bsn",
    "achternaam",
    "regelnummer",
    "belastingsoort",
    "bedrag",
)
AANSLAGVELDEN = (
    "belastingjaar",
    "dagtekening",
    "eerste_vervaldatum",
    "aantal_termijnen",
    "betalingskenmerk",
    "bsn",
)
PERSOONVELDEN = (
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "woonplaats",
)
MAX_TERMIJNEN = 12
BATCH = 5000

# Error reasons (module constants, so tests and documentation name the same texts).
FOUT_LEEG = "verplicht veld is leeg"
FOUT_DATUM = "geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)"
FOUT_GETAL = "geen geldig geheel getal"
FOUT_BEDRAG = "geen geldig bedrag (gebruik bijvoorbeeld 123.45 of 123,45)"
FOUT_BEDRAG_POSITIEF = "het bedrag moet groter zijn dan 0"
FOUT_BSN = "BSN klopt niet (9 cijfers en de elfproef)"
FOUT_KENMERK = "betalingskenmerk klopt niet (16 cijfers met controlecijfer)"
FOUT_KENMERK_GERESERVEERD = (
    "betalingskenmerk valt in de reeks voor betalingsregelingen (volgnummer vanaf 900000000000000)"
)
FOUT_KENMERK_DUBBEL = "betalingskenmerk hoort al bij een andere aanslag"
FOUT_SOORT = "onbekende belastingsoort"
FOUT_TERMIJNEN = f"aantal termijnen moet tussen 1 en {MAX_TERMIJNEN} liggen"
FOUT_VERVAL = "eerste vervaldatum ligt voor de dagtekening"
FOUT_JAAR = "belastingjaar is niet aannemelijk"
FOUT_POSTCODE = "postcode klopt niet (1234 AB)"
FOUT_ONGELIJK = "wijkt af van een eerdere regel van dezelfde aanslag (regel {regel})"
FOUT_REGEL_DUBBEL = "regelnummer komt twee keer voor bij deze aanslag (ook op regel {regel})"
FOUT_BESTAAT_ANDERS = "aanslag bestaat al met andere gegevens; correcties lopen via een vermindering"
FOUT_PERSOON_ONGELIJK = "naam of adres wijkt af van een eerdere regel voor dit BSN (regel {regel})"
FOUT_AANSLAG_AFGEKEURD = "andere regel van deze aanslag is afgekeurd"
FOUT_KOLOMMEN = "kolommen ontbreken in de kopregel: {kolommen}"
FOUT_KOLOMAANTAL = "aantal velden ({aantal}) klopt niet met de kopregel ({verwacht})"


class ImportFout(Exception):
    """The file cannot be read at all (wrong header, not CSV, wrong encoding)."""


@dataclass(frozen=True)
class Melding:
    regel: int  # line number in the file; the header is line 1
    veld: str
    reden: str
    waarde: str = ""

    def __str__(self):
        waarde = f" ({self.waarde!r})" if self.waarde else ""
        return f"regel {self.regel}, veld {self.veld}: {self.reden}{waarde}"


@dataclass(slots=True)
class _Regel:
    nummer: int
    ruw: dict[str, str]
    waarden: dict = field(default_factory=dict)
    kapot: bool = False  # the row could not be split into the header's columns


@dataclass
class Resultaat:
    regels: int = 0
    aanslagen_nieuw: int = 0
    aanslagen_ongewijzigd: int = 0
    aanslagen_afgekeurd: int = 0
    personen_nieuw: int = 0
    personen_bijgewerkt: int = 0
    meldingen: list[Melding] = field(default_factory=list)
    opgeslagen: bool = False

    @property
    def foutloos(self) -> bool:
        return not self.meldingen


# --- Parsing one field ----------------------------------------------------------------------------
def _datum(tekst: str) -> date:
    if len(tekst) == 10 and tekst[4] == "-":
        try:
            return date.fromisoformat(tekst)
        except ValueError:
            pass
    for formaat in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(tekst, formaat).date()
        except ValueError:
            continue
    raise ValueError(FOUT_DATUM)


def _bedrag(tekst: str) -> Decimal:
    schoon = tekst.replace(" ", "")
    if "," in schoon:
        # Dutch notation: dots group thousands, the comma is the decimal sign.
        schoon = schoon.replace(".", "").replace(",", ".")
    try:
        waarde = Decimal(schoon)
    except InvalidOperation as exc:
        raise ValueError(FOUT_BEDRAG) from exc
    if not waarde.is_finite() or waarde != waarde.quantize(Decimal("0.01")):
        raise ValueError(FOUT_BEDRAG)
    if waarde <= 0:
        raise ValueError(FOUT_BEDRAG_POSITIEF)
    return waarde.quantize(Decimal("0.01"))


def _geheel(tekst: str) -> int:
    if not tekst.isdigit():
        raise ValueError(FOUT_GETAL)
    return int(tekst)


def _parse_regel(regel: _Regel, soorten: dict[str, int]) -> list[Melding]:
    meldingen = []
    r = regel.ruw

    def fout(veld, reden):
        meldingen.append(Melding(regel.nummer, veld, reden, r.get(veld, "")))

    for veld in VERPLICHT:
        if not r.get(veld):
            fout(veld, FOUT_LEEG)
    w = regel.waarden
    w["aanslagnummer"] = r.get("aanslagnummer", "")
    for veld, parser in (
        ("dagtekening", _datum),
        ("eerste_vervaldatum", _datum),
        ("bedrag", _bedrag),
        ("belastingjaar", _geheel),
        ("aantal_termijnen", _geheel),
        ("regelnummer", _geheel),
    ):
        if r.get(veld):
            try:
                w[veld] = parser(r[veld])
            except ValueError as exc:
                fout(veld, str(exc))
    if r.get("huisnummer"):
        try:
            w["huisnummer"] = _geheel(r["huisnummer"])
        except ValueError as exc:
            fout("huisnummer", str(exc))
    else:
        w["huisnummer"] = None
    if "belastingjaar" in w and not 1990 <= w["belastingjaar"] <= 2100:
        fout("belastingjaar", FOUT_JAAR)
    if "aantal_termijnen" in w and not 1 <= w["aantal_termijnen"] <= MAX_TERMIJNEN:
        fout("aantal_termijnen", FOUT_TERMIJNEN)
    if "dagtekening" in w and "eerste_vervaldatum" in w and w["eerste_vervaldatum"] < w["dagtekening"]:
        fout("eerste_vervaldatum", FOUT_VERVAL)
    if r.get("bsn"):
        bsn = r["bsn"].zfill(9) if r["bsn"].isdigit() and len(r["bsn"]) == 8 else r["bsn"]
        if is_geldig_bsn(bsn):
            w["bsn"] = bsn
        else:
            fout("bsn", FOUT_BSN)
    if r.get("betalingskenmerk"):
        kenmerk = betalingskenmerk.normaliseer(r["betalingskenmerk"])
        if betalingskenmerk.is_gereserveerd(kenmerk):
            fout("betalingskenmerk", FOUT_KENMERK_GERESERVEERD)
        elif betalingskenmerk.is_geldig(kenmerk):
            w["betalingskenmerk"] = kenmerk
        else:
            fout("betalingskenmerk", FOUT_KENMERK)
    if r.get("belastingsoort"):
        if r["belastingsoort"] in soorten:
            w["belastingsoort_id"] = soorten[r["belastingsoort"]]
        else:
            fout("belastingsoort", FOUT_SOORT)
    postcode = normaliseer_postcode(r.get("postcode", ""))
    if postcode and not (
        len(postcode) == 7 and postcode[:4].isdigit() and postcode[0] != "0" and postcode[5:].isalpha()
    ):
        fout("postcode", FOUT_POSTCODE)
    for veld in (
        "voorletters",
        "tussenvoegsel",
        "achternaam",
        "straat",
        "toevoeging",
        "woonplaats",
        "omschrijving",
    ):
        w[veld] = r.get(veld, "")
    w["postcode"] = postcode
    return meldingen


# --- Reading and validating the whole file --------------------------------------------------------
def lees(bestand: io.TextIOBase) -> tuple[list[_Regel], list[Melding]]:
    """Read the CSV (``;``-separated, UTF-8 with or without BOM) into rows; header problems raise."""
    lezer = csv.reader(bestand, delimiter=";")
    try:
        kop = next(lezer)
    except StopIteration as exc:
        raise ImportFout("het bestand is leeg") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFout(f"het bestand is geen leesbaar CSV-bestand in UTF-8: {exc}") from exc
    kop = [k.strip().lstrip("\ufeff").lower() for k in kop]
    ontbrekend = [k for k in KOLOMMEN if k not in kop]
    if ontbrekend:
        raise ImportFout(FOUT_KOLOMMEN.format(kolommen=", ".join(ontbrekend)))
    regels, meldingen = [], []
    try:
        for nummer, velden in enumerate(lezer, start=2):
            if not any(v.strip() for v in velden):
                continue
            ruw = {k: v.strip() for k, v in zip(kop, velden, strict=False)}
            if len(velden) != len(kop):
                meldingen.append(
                    Melding(nummer, "*", FOUT_KOLOMAANTAL.format(aantal=len(velden), verwacht=len(kop)))
                )
                regels.append(_Regel(nummer, ruw, kapot=True))
                continue
            regels.append(_Regel(nummer, ruw))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFout(f"het bestand is geen leesbaar CSV-bestand in UTF-8: {exc}") from exc
    return regels, meldingen


def _in_batches(waarden):
    waarden = list(waarden)
    for start in range(0, len(waarden), BATCH):
        yield waarden[start : start + BATCH]


def _aanslag_sleutel(w: dict) -> tuple:
    return tuple(w.get(v) for v in AANSLAGVELDEN)


def valideer(regels: list[_Regel]) -> tuple[dict[str, list[_Regel]], list[Melding], dict[str, str]]:
    """Validate every row and the rows against each other and the database.

    Returns the rows grouped per aanslagnummer, every problem found, and per rejected aanslagnummer
    the reason; an aanslag with one bad row is rejected whole.
    """
    soorten = dict(Belastingsoort.objects.values_list("code", "id"))
    meldingen: list[Melding] = []
    slecht: set[int] = set()
    for regel in regels:
        if regel.kapot:
            slecht.add(regel.nummer)
            continue
        gevonden = _parse_regel(regel, soorten)
        if gevonden:
            slecht.add(regel.nummer)
            meldingen += gevonden

    per_aanslag: dict[str, list[_Regel]] = defaultdict(list)
    for regel in regels:
        if regel.ruw.get("aanslagnummer"):
            per_aanslag[regel.ruw["aanslagnummer"]].append(regel)

    # Consistency within the file: one aanslag's rows agree, line numbers are unique, one kenmerk per
    # aanslag, one name and address per BSN.
    kenmerk_van: dict[str, tuple[str, int]] = {}
    persoon_van: dict[str, tuple[tuple, int]] = {}
    for nummer, rijen in per_aanslag.items():
        eerste = rijen[0]
        regelnummers: dict[int, int] = {}
        for regel in rijen:
            if regel.nummer in slecht:
                continue
            for veld in AANSLAGVELDEN:
                if (
                    regel is not eerste
                    and eerste.nummer not in slecht
                    and regel.waarden.get(veld) != eerste.waarden.get(veld)
                ):
                    meldingen.append(
                        Melding(
                            regel.nummer,
                            veld,
                            FOUT_ONGELIJK.format(regel=eerste.nummer),
                            regel.ruw.get(veld, ""),
                        )
                    )
                    slecht.add(regel.nummer)
            rn = regel.waarden.get("regelnummer")
            if rn in regelnummers:
                meldingen.append(
                    Melding(
                        regel.nummer, "regelnummer", FOUT_REGEL_DUBBEL.format(regel=regelnummers[rn]), str(rn)
                    )
                )
                slecht.add(regel.nummer)
            else:
                regelnummers[rn] = regel.nummer
            kenmerk = regel.waarden.get("betalingskenmerk")
            if kenmerk:
                ander = kenmerk_van.setdefault(kenmerk, (nummer, regel.nummer))
                if ander[0] != nummer:
                    meldingen.append(Melding(regel.nummer, "betalingskenmerk", FOUT_KENMERK_DUBBEL, kenmerk))
                    slecht.add(regel.nummer)
            bsn = regel.waarden.get("bsn")
            if bsn:
                persoon = tuple(regel.waarden.get(v) for v in PERSOONVELDEN)
                eerder = persoon_van.setdefault(bsn, (persoon, regel.nummer))
                if eerder[0] != persoon:
                    meldingen.append(
                        Melding(regel.nummer, "bsn", FOUT_PERSOON_ONGELIJK.format(regel=eerder[1]), bsn)
                    )
                    slecht.add(regel.nummer)

    # Against the database: an existing aanslag must carry the same data (then it is skipped); a
    # kenmerk may not belong to another aanslag already stored.
    bestaande = _bestaande_aanslagen(per_aanslag.keys())
    for nummer, rijen in per_aanslag.items():
        alle_goed = all(r.nummer not in slecht for r in rijen)
        if nummer in bestaande and alle_goed and bestaande[nummer] != _vingerafdruk(rijen):
            meldingen.append(Melding(rijen[0].nummer, "aanslagnummer", FOUT_BESTAAT_ANDERS, nummer))
            slecht.add(rijen[0].nummer)
    kenmerken = {k: n for k, (n, _) in kenmerk_van.items()}
    for deel in _in_batches(kenmerken):
        for kenmerk, nummer in Aanslag.objects.filter(betalingskenmerk__in=deel).values_list(
            "betalingskenmerk", "aanslagnummer"
        ):
            if kenmerken[kenmerk] != nummer:
                regel = next(
                    r for r in per_aanslag[kenmerken[kenmerk]] if r.waarden.get("betalingskenmerk") == kenmerk
                )
                meldingen.append(Melding(regel.nummer, "betalingskenmerk", FOUT_KENMERK_DUBBEL, kenmerk))
                slecht.add(regel.nummer)

    afgekeurd = {}
    for nummer, rijen in per_aanslag.items():
        slechte = [r for r in rijen if r.nummer in slecht]
        if slechte:
            afgekeurd[nummer] = "; ".join(str(m) for m in meldingen if m.regel in {r.nummer for r in slechte})
    meldingen.sort(key=lambda m: (m.regel, m.veld))
    return per_aanslag, meldingen, afgekeurd


def _vingerafdruk(rijen: list[_Regel]) -> tuple:
    """What makes an aanslag the same aanslag: its header fields and its lines."""
    w = rijen[0].waarden
    regels = tuple(
        sorted(
            (
                r.waarden["regelnummer"],
                r.waarden["belastingsoort_id"],
                r.waarden["omschrijving"],
                r.waarden["bedrag"],
            )
            for r in rijen
        )
    )
    return (
        w["belastingjaar"],
        w["dagtekening"],
        w["aantal_termijnen"],
        w["betalingskenmerk"],
        w["bsn"],
        regels,
    )


def _bestaande_aanslagen(nummers) -> dict[str, tuple]:
    bestaand: dict[str, tuple] = {}
    for deel in _in_batches(nummers):
        aanslagen = Aanslag.objects.filter(aanslagnummer__in=deel).values_list(
            "id",
            "aanslagnummer",
            "belastingjaar",
            "dagtekening",
            "aantal_termijnen",
            "betalingskenmerk",
            "belastingplichtige__bsn",
        )
        kop = {a[0]: a[1:] for a in aanslagen}
        regels = defaultdict(list)
        for aanslag_id, *regel in AanslagRegel.objects.filter(aanslag_id__in=kop).values_list(
            "aanslag_id", "volgnummer", "belastingsoort_id", "omschrijving", "bedrag"
        ):
            regels[aanslag_id].append(tuple(regel))
        for aanslag_id, (nummer, *rest) in kop.items():
            bestaand[nummer] = (*rest, tuple(sorted(regels[aanslag_id])))
    return bestaand


# --- Installments ---------------------------------------------------------------------------------
def termijnen_verdeel(
    *, totaal: Decimal, aantal: int, eerste_vervaldatum: date
) -> list[tuple[date, Decimal]]:
    """Split an amount into monthly installments from the first due date; the cents that do not divide
    evenly go to the first installment, so the later ones are equal."""
    basis = (totaal / aantal).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    eerste = totaal - basis * (aantal - 1)
    return [(plus_maanden(eerste_vervaldatum, i), eerste if i == 0 else basis) for i in range(aantal)]


# --- Storing --------------------------------------------------------------------------------------
def _opslaan(per_aanslag: dict[str, list[_Regel]], resultaat: Resultaat) -> None:
    bestaande_nummers = set()
    for deel in _in_batches(per_aanslag):
        bestaande_nummers.update(
            Aanslag.objects.filter(aanslagnummer__in=deel).values_list("aanslagnummer", flat=True)
        )
    nieuw = {n: rijen for n, rijen in per_aanslag.items() if n not in bestaande_nummers}
    resultaat.aanslagen_ongewijzigd += len(per_aanslag) - len(nieuw)

    # Residents: create the unknown ones; update name and address of known ones from the levy system,
    # which takes them from the BRP.
    personen = {}
    for rijen in nieuw.values():
        w = rijen[0].waarden
        personen[w["bsn"]] = w
    bekend = {}
    for deel in _in_batches(personen):
        bekend.update({p.bsn: p for p in Belastingplichtige.objects.filter(bsn__in=deel)})
    te_maken, bij_te_werken = [], []
    for bsn, w in personen.items():
        velden = {
            "voorletters": w["voorletters"],
            "tussenvoegsel": w["tussenvoegsel"],
            "achternaam": w["achternaam"],
            "straat": w["straat"],
            "huisnummer": w["huisnummer"],
            "huisnummer_toevoeging": w["toevoeging"],
            "postcode": w["postcode"],
            "woonplaats": w["woonplaats"],
        }
        if bsn in bekend:
            p = bekend[bsn]
            if any(getattr(p, k) != v for k, v in velden.items()):
                for k, v in velden.items():
                    setattr(p, k, v)
                bij_te_werken.append(p)
        else:
            te_maken.append(Belastingplichtige(bsn=bsn, **velden))
    bulk_insert_objecten(Belastingplichtige, te_maken)
    if bij_te_werken:
        Belastingplichtige.objects.bulk_update(
            bij_te_werken,
            [
                "voorletters",
                "tussenvoegsel",
                "achternaam",
                "straat",
                "huisnummer",
                "huisnummer_toevoeging",
                "postcode",
                "woonplaats",
            ],
            batch_size=BATCH,
        )
    resultaat.personen_nieuw += len(te_maken)
    resultaat.personen_bijgewerkt += len(bij_te_werken)
    persoon_ids = {}
    for deel in _in_batches(personen):
        persoon_ids.update(Belastingplichtige.objects.filter(bsn__in=deel).values_list("bsn", "id"))

    nu = timezone.now()
    kop = {}
    for nummer, rijen in nieuw.items():
        w = rijen[0].waarden
        totaal = sum((r.waarden["bedrag"] for r in rijen), NUL)
        verdeling = termijnen_verdeel(
            totaal=totaal, aantal=w["aantal_termijnen"], eerste_vervaldatum=w["eerste_vervaldatum"]
        )
        kop[nummer] = (w, totaal, verdeling)
    bulk_insert(
        Aanslag,
        (
            "aanslagnummer",
            "belastingplichtige_id",
            "belastingjaar",
            "dagtekening",
            "vervaldatum",
            "betalingskenmerk",
            "aantal_termijnen",
            "status",
            "bedrag_belasting",
            "open_belasting",
            "open_kosten",
            "open_rente",
            "openstaand",
            "afgehandeld_op",
            "aangemaakt_op",
        ),
        (
            (
                nummer,
                persoon_ids[w["bsn"]],
                w["belastingjaar"],
                w["dagtekening"],
                verdeling[-1][0],
                w["betalingskenmerk"],
                w["aantal_termijnen"],
                AanslagStatus.OPEN,
                totaal,
                totaal,
                NUL,
                NUL,
                totaal,
                None,
                nu,
            )
            for nummer, (w, totaal, verdeling) in kop.items()
        ),
    )
    aanslag_ids = {}
    for deel in _in_batches(nieuw):
        aanslag_ids.update(Aanslag.objects.filter(aanslagnummer__in=deel).values_list("aanslagnummer", "id"))

    bulk_insert(
        AanslagRegel,
        ("aanslag_id", "volgnummer", "belastingsoort_id", "omschrijving", "bedrag"),
        (
            (
                aanslag_ids[nummer],
                r.waarden["regelnummer"],
                r.waarden["belastingsoort_id"],
                r.waarden["omschrijving"][:200],
                r.waarden["bedrag"],
            )
            for nummer, rijen in nieuw.items()
            for r in sorted(rijen, key=lambda r: r.waarden["regelnummer"])
        ),
    )
    bulk_insert(
        Termijn,
        ("aanslag_id", "volgnummer", "vervaldatum", "bedrag"),
        (
            (aanslag_ids[nummer], i, vervaldatum, bedrag)
            for nummer, (_, _, verdeling) in kop.items()
            for i, (vervaldatum, bedrag) in enumerate(verdeling, start=1)
        ),
    )
    bulk_insert(
        Boeking,
        (
            "aanslag_id",
            "datum",
            "component",
            "soort",
            "bedrag",
            "betaling_id",
            "omschrijving",
            "aangemaakt_op",
        ),
        (
            (
                aanslag_ids[nummer],
                w["dagtekening"],
                Component.BELASTING,
                Boekingsoort.AANSLAG,
                totaal,
                None,
                f"Aanslag {w['belastingjaar']}",
                nu,
            )
            for nummer, (w, totaal, _) in kop.items()
        ),
    )
    resultaat.aanslagen_nieuw += len(kop)


def importeer(bestand: io.TextIOBase, *, partieel: bool = False) -> tuple[Resultaat, list[_Regel]]:
    """Validate and import one file; returns the result and the rejected rows (for a reject file)."""
    regels, meldingen = lees(bestand)
    per_aanslag, extra, afgekeurd = valideer(regels)
    meldingen = sorted(meldingen + extra, key=lambda m: (m.regel, m.veld))
    resultaat = Resultaat(regels=len(regels), meldingen=meldingen)
    afgewezen = [r for n in afgekeurd for r in per_aanslag[n]]
    zonder_nummer = [r for r in regels if not r.ruw.get("aanslagnummer")]
    afgewezen += zonder_nummer
    if meldingen and not partieel:
        resultaat.aanslagen_afgekeurd = len(afgekeurd) + len(zonder_nummer)
        return resultaat, afgewezen
    goed = {n: rijen for n, rijen in per_aanslag.items() if n not in afgekeurd}
    with transaction.atomic():
        _opslaan(goed, resultaat)
    resultaat.aanslagen_afgekeurd = len(afgekeurd) + len(zonder_nummer)
    resultaat.opgeslagen = True
    return resultaat, afgewezen


def schrijf_afwijzingen(pad: Path, afgewezen: list[_Regel], meldingen: list[Melding]) -> None:
    """Write the rejected rows as they came in, with a column naming every reason, for correction."""
    redenen = defaultdict(list)
    for m in meldingen:
        redenen[m.regel].append(f"{m.veld}: {m.reden}")
    with open(pad, "w", newline="", encoding="utf-8") as f:
        schrijver = csv.writer(f, delimiter=";")
        schrijver.writerow(["regel", *KOLOMMEN, "reden"])
        for regel in sorted(afgewezen, key=lambda r: r.nummer):
            reden = "; ".join(redenen.get(regel.nummer, [])) or FOUT_AANSLAG_AFGEKEURD
            schrijver.writerow([regel.nummer, *(regel.ruw.get(k, "") for k in KOLOMMEN), reden])
