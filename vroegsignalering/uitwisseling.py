"""Files with SHV: the signal export (CSV or JSON, modelled on the VNG DDAS vroegsignaal) and the
import of SHV's feedback. Formats, with example files, in docs/vroegsignalering.md.

The export carries only what SHV needs to reach the resident and weigh the signal (DOMEIN.md: contact
details and the size and age of the arrears); nothing about income, household or tax lines.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .constants import (
    FOUT_BESTAND_KOLOMMEN,
    FOUT_BSN_KLOPT_NIET,
    FOUT_DATUM,
    FOUT_DATUM_TOEKOMST,
    FOUT_IMPORT,
    FOUT_LEEG,
    FOUT_ONBEKEND_FORMAAT,
    FOUT_ONBEKEND_SIGNAAL,
    FOUT_ONBEKENDE_UITKOMST,
    FOUT_REGEL,
    FOUT_SIGNAAL_NIET_DOORGEGEVEN,
    SIGNAAL_BATCH,
    Exportformaat,
    Grondslag,
    SignaalStatus,
    Uitkomst,
)
from .models import Signaal, Signaalexport, Terugkoppeling
from .services import beleid_op, contactfeiten_bijwerken, met_feiten, terugkoppeling_vastleggen

EXPORTVERSIE = "1"
# The fields of one signal, in this order (CSV header and JSON keys).
EXPORT_VELDEN = (
    "signaal_id",
    "signaaldatum",
    "soort_signaal",
    "grondslag",
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "bedrag_achterstand",
    "datum_ontstaan",
    "aantal_contactpogingen",
    "laatste_contactpoging",
    "warme_overdracht",
    "toelichting_verwijzing",
)
GRONDSLAG_VERVALLEN = "grondslag vervallen voor de export: {reden}"
TERUGKOPPELING_KOLOMMEN = ("signaal_id", "bsn", "uitkomst", "datum")


def formaat_voor(*, pad: Path | str, formaat: str | None = None) -> str:
    gekozen = (formaat or Path(pad).suffix.lstrip(".")).lower()
    if gekozen not in Exportformaat.values:
        raise ValueError(FOUT_ONBEKEND_FORMAAT.format(formaat=gekozen or "?"))
    return gekozen


def _grondslag_geldt(signaal: Signaal, beleid, toestemming_actief: bool, ingetrokken: bool) -> str | None:
    """Why a ready signal may no longer leave, or None when its basis still holds today."""
    if signaal.grondslag == Grondslag.TOESTEMMING and not toestemming_actief:
        return "toestemming ingetrokken"
    if signaal.grondslag == Grondslag.GEMEENTELIJK:
        if not beleid.grondslag.strip():
            return "het beleid heeft geen gemeentelijke grondslag meer"
        if ingetrokken and not toestemming_actief:
            return "de inwoner heeft bezwaar gemaakt"
    if not signaal.grondslag:
        return "geen grondslag vastgelegd"
    return None


def signalen_exporteren(
    *, datum: date, uit: Path | str, formaat: str | None = None, door=None
) -> Signaalexport:
    """Write every ready signal to ``uit`` and record the export; each signal leaves once.

    The basis is checked again at export: a consent withdrawn since, or a municipal basis the policy
    no longer has, sends the signal back to preparation instead of out. One open signal per resident
    is a database constraint, so a file never holds a resident twice. The records and the file are
    written together: when writing fails, nothing is marked exported.
    """
    uit = Path(uit)
    formaat = formaat_voor(pad=uit, formaat=formaat)
    beleid = beleid_op(datum=datum)
    with transaction.atomic():
        signalen = list(
            met_feiten(
                Signaal.objects.select_for_update(of=("self",))
                .filter(status=SignaalStatus.GEREED)
                .select_related("belastingplichtige"),
                datum=datum,
            ).order_by("id")
        )
        notities = dict(
            Signaal.objects.filter(id__in=[s.pk for s in signalen if s.warme_overdracht])
            .order_by("verwijzingen__datum", "verwijzingen__id")
            .values_list("id", "verwijzingen__toelichting")
        )
        mee, terug = [], {}
        for s in signalen:
            reden = _grondslag_geldt(s, beleid, s.f_toestemming is not None, s.f_ingetrokken)
            if reden:
                terug.setdefault(reden, []).append(s.pk)
            else:
                s.contactpogingen, s.laatste_contactpoging = s.f_pogingen, s.f_laatste
                mee.append(s)
        rijen = [_rij(s, notities.get(s.pk) or "") for s in mee]
        inhoud = _schrijf(formaat=formaat, rijen=rijen, datum=datum)
        export = Signaalexport.objects.create(
            datum=datum,
            formaat=formaat,
            bestandsnaam=str(uit),
            aantal=len(rijen),
            sha256=hashlib.sha256(inhoud).hexdigest(),
            door=door,
        )
        # Plain UPDATEs (no CASE per row): the same values for all, the contact facts from subqueries.
        ids = [s.pk for s in mee]
        for begin in range(0, len(ids), SIGNAAL_BATCH):
            deel = ids[begin : begin + SIGNAAL_BATCH]
            Signaal.objects.filter(id__in_lijst=deel).update(
                status=SignaalStatus.GEEXPORTEERD, export=export, geexporteerd_op=datum
            )
            contactfeiten_bijwerken(ids=deel, datum=datum)
        for reden, pks in terug.items():
            Signaal.objects.filter(id__in_lijst=pks).update(
                status=SignaalStatus.VOORBEREIDING,
                grondslag="",
                grondslag_tekst="",
                toestemming=None,
                voorwaarden_vervuld_op=None,
                voorwaarden_toelichting=GRONDSLAG_VERVALLEN.format(reden=reden),
            )
        uit.parent.mkdir(parents=True, exist_ok=True)
        uit.write_bytes(inhoud)
    return export


def _rij(s: Signaal, toelichting: str) -> dict:
    p = s.belastingplichtige
    return {
        "signaal_id": s.pk,
        "signaaldatum": s.datum.isoformat(),
        "soort_signaal": s.criterium,
        "grondslag": s.grondslag,
        "bsn": p.bsn,
        "voorletters": p.voorletters,
        "tussenvoegsel": p.tussenvoegsel,
        "achternaam": p.achternaam,
        "straat": p.straat,
        "huisnummer": p.huisnummer,
        "huisnummer_toevoeging": p.huisnummer_toevoeging,
        "postcode": p.postcode,
        "woonplaats": p.woonplaats,
        "telefoon": p.telefoon,
        "email": p.email,
        "bedrag_achterstand": str(s.bedrag),
        "datum_ontstaan": s.achterstand_sinds.isoformat() if s.achterstand_sinds else None,
        "aantal_contactpogingen": s.contactpogingen,
        "laatste_contactpoging": s.laatste_contactpoging.isoformat() if s.laatste_contactpoging else None,
        "warme_overdracht": s.warme_overdracht,
        "toelichting_verwijzing": toelichting if s.warme_overdracht else "",
    }


def _schrijf(*, formaat: str, rijen: list[dict], datum: date) -> bytes:
    if formaat == Exportformaat.JSON:
        document = {
            "versie": EXPORTVERSIE,
            "afzender": settings.ORGANISATIE_NAAM,
            "exportdatum": datum.isoformat(),
            "aantal": len(rijen),
            "signalen": rijen,
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return csv_bytes(rijen, velden=EXPORT_VELDEN)


def csv_bytes(rijen: list[dict], *, velden: list[str] | tuple[str, ...], extra: str = "raise") -> bytes:
    """Rows as UTF-8 CSV for partners' spreadsheets: booleans as ja/nee, None as empty.
    ``extra="ignore"`` leaves out keys that are not in ``velden``; by default they are an error."""
    buffer = io.StringIO()
    schrijver = csv.DictWriter(buffer, fieldnames=velden, lineterminator="\n", extrasaction=extra)
    schrijver.writeheader()
    for rij in rijen:
        schrijver.writerow(
            {
                k: ("ja" if v is True else "nee" if v is False else "" if v is None else v)
                for k, v in rij.items()
            }
        )
    return buffer.getvalue().encode("utf-8")


# --- Feedback from SHV --------------------------------------------------------------------------------
@dataclass
class Importverslag:
    bestand: str
    regels: int = 0
    nieuw: int = 0
    al_bekend: int = 0
    fouten: list[str] = field(default_factory=list)


class ImportFout(ValueError):
    def __init__(self, fouten: list[str]):
        self.fouten = fouten
        super().__init__(FOUT_IMPORT.format(fouten="\n".join(fouten)))


def terugkoppeling_importeren(*, pad: Path | str, datum: date, door=None) -> Importverslag:
    """Read SHV's feedback file (CSV: signaal_id, bsn, uitkomst, datum) and act on every row.

    The whole file is checked first; any bad row is reported by its line number and field and nothing
    is stored. Other columns (a reason, a note) are ignored and never stored. Importing the same file
    again changes nothing (one outcome of a kind per signal).
    """
    pad = Path(pad)
    verslag = Importverslag(bestand=str(pad))
    tekst = pad.read_text(encoding="utf-8-sig")
    lezer = csv.DictReader(io.StringIO(tekst), delimiter=";" if tekst.split("\n", 1)[0].count(";") else ",")
    ontbrekend = [k for k in TERUGKOPPELING_KOLOMMEN if k not in (lezer.fieldnames or [])]
    if ontbrekend:
        raise ImportFout([FOUT_BESTAND_KOLOMMEN.format(kolommen=", ".join(ontbrekend))])
    rijen = list(enumerate(lezer, start=2))
    verslag.regels = len(rijen)
    ids = {r["signaal_id"].strip() for _, r in rijen if (r.get("signaal_id") or "").strip().isdigit()}
    signalen = {
        str(s.pk): s
        for s in Signaal.objects.filter(id__in=[int(i) for i in ids]).select_related("belastingplichtige")
    }
    goed = []
    for regel, r in rijen:
        fouten_voor = len(verslag.fouten)

        def fout(veld, tekst, regel=regel):
            verslag.fouten.append(FOUT_REGEL.format(regel=regel, veld=veld, fout=tekst))

        waarden = {k: (r.get(k) or "").strip() for k in TERUGKOPPELING_KOLOMMEN}
        for k, v in waarden.items():
            if not v:
                fout(k, FOUT_LEEG)
        signaal = signalen.get(waarden["signaal_id"])
        if waarden["signaal_id"] and signaal is None:
            fout("signaal_id", FOUT_ONBEKEND_SIGNAAL.format(waarde=waarden["signaal_id"]))
        elif signaal is not None:
            if waarden["bsn"] and waarden["bsn"] != signaal.belastingplichtige.bsn:
                fout("bsn", FOUT_BSN_KLOPT_NIET)
            if signaal.status in (SignaalStatus.VOORBEREIDING, SignaalStatus.GEREED, SignaalStatus.VERVALLEN):
                fout("signaal_id", FOUT_SIGNAAL_NIET_DOORGEGEVEN.format(signaal=signaal.pk))
        if waarden["uitkomst"] and waarden["uitkomst"] not in Uitkomst.values:
            fout(
                "uitkomst",
                FOUT_ONBEKENDE_UITKOMST.format(waarde=waarden["uitkomst"], keuzes=", ".join(Uitkomst.values)),
            )
        gemeld = None
        if waarden["datum"]:
            try:
                gemeld = date.fromisoformat(waarden["datum"])
            except ValueError:
                fout("datum", FOUT_DATUM.format(waarde=waarden["datum"]))
            else:
                if gemeld > datum:
                    fout(
                        "datum",
                        FOUT_DATUM_TOEKOMST.format(waarde=gemeld.isoformat(), datum=datum.isoformat()),
                    )
        if len(verslag.fouten) == fouten_voor:
            goed.append((regel, signaal, waarden["uitkomst"], gemeld))
    if verslag.fouten:
        raise ImportFout(verslag.fouten)
    bekend = set(
        Terugkoppeling.objects.filter(signaal_id__in=[s.pk for _, s, _, _ in goed]).values_list(
            "signaal_id", "uitkomst"
        )
    )
    with transaction.atomic():
        # Oldest report first, so 'adempauze' then 'hulp_aanvaard' in one file act in that order.
        for regel, signaal, uitkomst, gemeld in sorted(goed, key=lambda g: (g[3], g[0])):
            if (signaal.pk, uitkomst) in bekend:
                verslag.al_bekend += 1
                continue
            terugkoppeling_vastleggen(
                signaal=signaal,
                uitkomst=uitkomst,
                datum=gemeld,
                door=door,
                bron="import",
                bestand=pad.name,
                regel=regel,
            )
            bekend.add((signaal.pk, uitkomst))
            verslag.nieuw += 1
    return verslag
