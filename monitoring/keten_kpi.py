"""KPIs of the collection chain: steps per kind (against last year), the funnel, decisions not to
escalate (the bvv gate), contact before a dwangbevel, paid after a free reminder.

The facts are ``invordering.models.Ketenstap`` rows (docs/keten.md, "Public API"); a fact's own
``beleid_naam`` says under which policy or pilot variant it was taken, so grouping per variant uses
that name for chain facts and, for other facts, the variant of the resident's latest chain fact.
"""

from __future__ import annotations

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from invordering.constants import (
    BEREIKT,
    AanslagStatus,
    ContactKanaal,
    ContactRichting,
    GeenEscalatieReden,
    StapSoort,
)
from invordering.geld import som_bedrag
from invordering.models import Aanslag, Contact, Ketenstap

from .kader import BEDRAG, PCT, Dimensie, Kolom, Tabel, dimensie_registreer, groepeer, samenvoegen, tabel_maak
from .periodes import Periode
from .selectors import BP, _in

GEEN_KETEN = "(geen ketenstap)"
S = StapSoort
DWANG = (S.DWANGBEVEL, S.HERNIEUWD_BEVEL, S.DEURWAARDER)  # coercive steps, behind the bvv gate
HERINNERINGEN = (S.HERINNERING_HALVERWEGE, S.HERINNERING_VOOR_EINDE, S.HERINNERING_NA_VERVALDATUM)


def _variant_van_inwoner(pad: str):
    laatste = (
        Ketenstap.objects.filter(belastingplichtige=OuterRef(f"{pad}id"))
        .exclude(beleid_naam="")
        .order_by("-datum", "-id")
        .values("beleid_naam")[:1]
    )
    return Coalesce(Subquery(laatste, output_field=CharField()), Value(GEEN_KETEN), output_field=CharField())


VARIANT = Dimensie("variant", _("Beleid of proef (variant)"), _variant_van_inwoner)
dimensie_registreer(VARIANT)


def _voor_feiten(dimensie: Dimensie) -> Dimensie:
    """For chain facts the variant is the fact's own policy name."""
    if dimensie.sleutel != VARIANT.sleutel:
        return dimensie
    return Dimensie(
        VARIANT.sleutel,
        VARIANT.label,
        lambda pad: Coalesce(F("beleid_naam"), Value(GEEN_KETEN), output_field=CharField()),
    )


# --- Steps per kind ------------------------------------------------------------------------------
def _stappen_cijfers(periode: Periode, dimensie: Dimensie) -> dict:
    soort = {
        "herinneringen": Q(soort__in=HERINNERINGEN),
        "aanmaningen": Q(soort=S.AANMANING),
        "vooraankondigingen": Q(soort=S.VOORAANKONDIGING),
        "dwangbevelen": Q(soort=S.DWANGBEVEL),
        "hernieuwde_bevelen": Q(soort=S.HERNIEUWD_BEVEL),
        "deurwaarder": Q(soort=S.DEURWAARDER),
        "sociaal_spoor": Q(soort=S.SOCIAAL_SPOOR),
        "regeling_aanbod": Q(soort=S.REGELING_AANBOD),
        "oninbaar": Q(soort=S.ONINBAAR),
        "proactief": Q(soort=S.PROACTIEF_CONTACT),
    }
    aggregaten = {k: Count("id", filter=q) for k, q in soort.items()}
    return groepeer(
        Ketenstap.objects.filter(_in("datum", periode)),
        dimensie=_voor_feiten(dimensie),
        pad=BP,
        **aggregaten,
        inwoners=Count(f"{BP}id", distinct=True, filter=~Q(soort=S.GEEN_ESCALATIE)),
        dwang_inwoners=Count(f"{BP}id", distinct=True, filter=Q(soort__in=DWANG)),
        kosten=som_bedrag("kosten"),
        kosten_tarief=som_bedrag("kosten_tarief"),
    )


def _stappen(periode: Periode, dimensie: Dimensie) -> dict:
    cijfers = _stappen_cijfers(periode, dimensie)
    for w in cijfers.values():
        w["kosten_niet"] = (w["kosten_tarief"] or 0) - (w["kosten"] or 0)
    return cijfers


def kpi_keten(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    return tabel_maak(
        sleutel="keten",
        titel=_("De keten: stappen per soort"),
        uitleg=_(
            "Stappen die de dagelijkse run in de periode zette, naast dezelfde periode vorig jaar. "
            "Inwoners: hoeveel verschillende inwoners een stap kregen. Kosten niet gerekend: wat de wet "
            "toestaat minus wat het beleid rekende."
        ),
        kolommen=[
            Kolom("herinneringen", _("kosteloze herinneringen")),
            Kolom("aanmaningen", _("aanmaningen")),
            Kolom("vooraankondigingen", _("vooraankondigingen")),
            Kolom("dwangbevelen", _("dwangbevelen")),
            Kolom("hernieuwde_bevelen", _("hernieuwde bevelen")),
            Kolom("deurwaarder", _("naar deurwaarder")),
            Kolom("dwang_inwoners", _("inwoners met dwangmaatregel")),
            Kolom("sociaal_spoor", _("sociaal spoor")),
            Kolom("regeling_aanbod", _("regeling aangeboden")),
            Kolom("proactief", _("proactief contact")),
            Kolom("oninbaar", _("oninbaar voorgesteld")),
            Kolom("inwoners", _("inwoners met een stap")),
            Kolom("kosten", _("kosten gerekend"), BEDRAG),
            Kolom("kosten_niet", _("kosten niet gerekend"), BEDRAG),
        ],
        cijfers=_stappen(periode, dimensie),
        dimensie=dimensie,
        vorig_jaar=_stappen(periode.vorig_jaar(), dimensie),
        vergelijk=("aanmaningen", "dwangbevelen", "hernieuwde_bevelen", "deurwaarder"),
    )


# --- Decisions not to escalate --------------------------------------------------------------------
def kpi_niet_escaleren(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    niet = Q(soort=S.GEEN_ESCALATIE)
    bvv = niet & Q(reden=GeenEscalatieReden.BESLAGVRIJE_VOET)
    aggregaten = {
        f"reden_{r.value}": Count("aanslag", distinct=True, filter=niet & Q(reden=r))
        for r in GeenEscalatieReden
    }
    cijfers = groepeer(
        Ketenstap.objects.filter(_in("datum", periode), niet),
        dimensie=_voor_feiten(dimensie),
        pad=BP,
        **aggregaten,
        besluiten=Count("aanslag", distinct=True),
        inwoners=Count(f"{BP}id", distinct=True),
        dwang_voorkomen=Count("aanslag", distinct=True, filter=bvv & Q(tegengehouden__in=DWANG)),
        dwang_voorkomen_inwoners=Count(f"{BP}id", distinct=True, filter=bvv & Q(tegengehouden__in=DWANG)),
    )
    return tabel_maak(
        sleutel="niet_escaleren",
        titel=_("Besluiten om niet te escaleren"),
        uitleg=_(
            "Aanslagen waarbij de run een stap die aan de beurt was bewust niet zette, naar reden. "
            "Voorkomen door de beslagvrije voet: een dwangbevel, hernieuwd bevel of overdracht aan de "
            "deurwaarder die niet kwam omdat het inkomen op of onder de beslagvrije voet lag."
        ),
        kolommen=[
            Kolom("besluiten", _("aanslagen met een besluit")),
            Kolom("inwoners", _("inwoners")),
            *[Kolom(f"reden_{r.value}", r.label) for r in GeenEscalatieReden],
            Kolom("dwang_voorkomen", _("dwangmaatregel voorkomen door de beslagvrije voet")),
            Kolom("dwang_voorkomen_inwoners", _("inwoners")),
        ],
        cijfers=cijfers,
        dimensie=dimensie,
    )


# --- Contact before a dwangbevel, paid after a free reminder, the funnel ---------------------------
def _contact_voor(bereikt: bool):
    # Local calendar dates (tijdstip__date converts to the project's time zone on both databases).
    filter_ = Q(
        belastingplichtige=OuterRef("belastingplichtige"),
        tijdstip__date__lte=OuterRef("datum"),
        tijdstip__date__gte=OuterRef("aanslag__dagtekening"),
    ) & (
        Q(kanaal__in=(ContactKanaal.TELEFOON, ContactKanaal.HUISBEZOEK))
        | Q(richting=ContactRichting.INKOMEND)
    )
    if bereikt:
        filter_ &= Q(uitkomst__in=BEREIKT)
    return Exists(Contact.objects.filter(filter_))


def kpi_contact_voor_dwangbevel(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    """Per dwangbevel in the period: was the resident called, visited or in touch (reached) between the
    assessment's date and the dwangbevel? One query with two EXISTS subqueries."""
    dwangbevelen = Ketenstap.objects.filter(_in("datum", periode), soort=S.DWANGBEVEL).annotate(
        poging=_contact_voor(False), bereikt=_contact_voor(True)
    )
    cijfers = groepeer(
        dwangbevelen,
        dimensie=_voor_feiten(dimensie),
        pad=BP,
        dwangbevelen=Count("id"),
        met_poging=Count("id", filter=Q(poging=True)),
        met_contact=Count("id", filter=Q(bereikt=True)),
        inwoners=Count(f"{BP}id", distinct=True),
    )
    return tabel_maak(
        sleutel="contact_voor_dwangbevel",
        titel=_("Contact vóór het dwangbevel"),
        uitleg=_(
            "Van de dwangbevelen in de periode: hoe vaak we de inwoner eerst belden of bezochten, en hoe "
            "vaak we iemand echt spraken (of de inwoner zelf contact opnam), tussen aanslag en dwangbevel."
        ),
        kolommen=[
            Kolom("dwangbevelen", _("dwangbevelen")),
            Kolom("inwoners", _("inwoners")),
            Kolom("met_poging", _("eerst gebeld of bezocht")),
            Kolom("poging_pct", _("% gebeld of bezocht"), PCT, teller="met_poging", noemer="dwangbevelen"),
            Kolom("met_contact", _("eerst gesproken")),
            Kolom(
                "contact_pct",
                _("% gesproken vóór dwangbevel"),
                PCT,
                teller="met_contact",
                noemer="dwangbevelen",
            ),
        ],
        cijfers=cijfers,
        dimensie=dimensie,
    )


def kpi_trechter(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    """The cohort of aanslagen with a dagtekening in the period, and how far each got in the chain.

    Reads the chain position (``Ketenstand``, one row per aanslag, kept by the run) instead of the
    timeline, so it is one join, not an EXISTS per step per aanslag; the handover to the bailiff is
    not in the position, so it is counted from the facts in a second small query.
    """
    stand = {
        "herinnering": "ketenstand__herinnering_op",
        "aanmaning": "ketenstand__aanmaning_op",
        "vooraankondiging": "ketenstand__vooraankondiging_op",
        "dwangbevel": "ketenstand__dwangbevel_op",
        "hernieuwd_bevel": "ketenstand__hernieuwd_bevel_op",
    }
    aggregaten = {k: Count("id", filter=Q(**{f"{veld}__isnull": False})) for k, veld in stand.items()}
    cijfers = groepeer(
        Aanslag.objects.filter(_in("dagtekening", periode)),
        dimensie=dimensie,
        pad=BP,
        aanslagen=Count("id"),
        inwoners=Count(f"{BP}id", distinct=True),
        **aggregaten,
        betaald_na_herinnering=Count(
            "id",
            filter=Q(
                ketenstand__herinnering_op__isnull=False,
                ketenstand__aanmaning_op__isnull=True,
                status=AanslagStatus.BETAALD,
            ),
        ),
        inwoners_herinnering=Count(
            f"{BP}id", distinct=True, filter=Q(ketenstand__herinnering_op__isnull=False)
        ),
    )
    deurwaarder = groepeer(
        Ketenstap.objects.filter(soort=S.DEURWAARDER).filter(
            aanslag__dagtekening__gte=periode.van, aanslag__dagtekening__lte=periode.tot
        ),
        dimensie=dimensie,
        pad=BP,
        deurwaarder=Count("aanslag", distinct=True),
    )
    return tabel_maak(
        sleutel="trechter",
        titel=_("Trechter: hoe ver aanslagen in de keten kwamen"),
        uitleg=_(
            "Aanslagen met een dagtekening in de periode, en hoeveel daarvan een herinnering na de "
            "vervaldatum, een aanmaning, een dwangbevel enzovoort kregen. Betaald na herinnering: betaald "
            "zonder dat er een aanmaning nodig was."
        ),
        kolommen=[
            Kolom("aanslagen", _("aanslagen")),
            Kolom("inwoners", _("inwoners")),
            Kolom("herinnering", _("herinnering na vervaldatum")),
            Kolom("inwoners_herinnering", _("inwoners met herinnering")),
            Kolom("betaald_na_herinnering", _("betaald na herinnering")),
            Kolom(
                "betaald_na_herinnering_pct",
                _("% betaald na herinnering"),
                PCT,
                teller="betaald_na_herinnering",
                noemer="herinnering",
            ),
            Kolom("aanmaning", _("aanmaning")),
            Kolom("vooraankondiging", _("vooraankondiging")),
            Kolom("dwangbevel", _("dwangbevel")),
            Kolom("hernieuwd_bevel", _("hernieuwd bevel")),
            Kolom("deurwaarder", _("deurwaarder")),
        ],
        cijfers=samenvoegen(cijfers, deurwaarder),
        dimensie=dimensie,
    )


TRECHTER_STAPPEN = (
    ("aanslagen", _("Aanslagen")),
    ("herinnering", _("Herinnering na vervaldatum")),
    ("aanmaning", _("Aanmaning")),
    ("vooraankondiging", _("Vooraankondiging")),
    ("dwangbevel", _("Dwangbevel")),
    ("hernieuwd_bevel", _("Hernieuwd bevel")),
    ("deurwaarder", _("Deurwaarder")),
)
