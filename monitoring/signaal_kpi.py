"""KPIs of early warning (vroegsignalering): signals made and passed on to debt help (SHV), SHV's
feedback per outcome (taken up, adempauze, help accepted, not taken up) and warm referrals.

vroegsignalering has no aggregate selector for this, so these are read-only grouped queries on its
models (``Signaal``, ``Terugkoppeling``, ``Verwijzing``), like the other KPI modules read the chain's.
Only counts leave this module, never a resident or SHV's reasons (there are none stored: DDAS).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from vroegsignalering.constants import Uitkomst
from vroegsignalering.models import Signaal, Terugkoppeling, Verwijzing

from .kader import PCT, Dimensie, Kolom, Tabel, groepeer, samenvoegen, tabel_maak
from .periodes import Periode
from .selectors import BP, _in

S_BP = "signaal__belastingplichtige__"


def _signaal_cijfers(periode: Periode, dimensie: Dimensie) -> dict:
    """Three grouped queries: signals (made / passed on), SHV's feedback, warm referrals."""
    ontstaan = _in("datum", periode)
    doorgegeven = _in("geexporteerd_op", periode)
    signalen = groepeer(
        Signaal.objects.filter(ontstaan | doorgegeven),
        dimensie=dimensie,
        pad=BP,
        ontstaan=Count("id", filter=ontstaan),
        doorgegeven=Count("id", filter=doorgegeven),
        doorgegeven_warm=Count("id", filter=doorgegeven & Q(warme_overdracht=True)),
        doorgegeven_inwoners=Count(f"{BP}id", distinct=True, filter=doorgegeven),
    )
    # (signaal, uitkomst) is unique, so counting rows counts signals.
    terug = groepeer(
        Terugkoppeling.objects.filter(_in("datum", periode)),
        dimensie=dimensie,
        pad=S_BP,
        opgepakt=Count("id", filter=Q(uitkomst=Uitkomst.OPGEPAKT)),
        adempauze=Count("id", filter=Q(uitkomst=Uitkomst.ADEMPAUZE)),
        hulp_aanvaard=Count("id", filter=Q(uitkomst=Uitkomst.HULP_AANVAARD)),
        niet_opgepakt=Count("id", filter=Q(uitkomst=Uitkomst.NIET_OPGEPAKT)),
    )
    verwijzingen = groepeer(
        Verwijzing.objects.filter(_in("datum", periode)),
        dimensie=dimensie,
        pad=BP,
        verwijzingen=Count("id"),
        verwijzingen_inwoners=Count(f"{BP}id", distinct=True),
    )
    cijfers = samenvoegen(signalen, terug, verwijzingen)
    for w in cijfers.values():
        w["afgerond"] = (w.get("hulp_aanvaard") or 0) + (w.get("niet_opgepakt") or 0)
    return cijfers


def kpi_vroegsignalering(*, periode: Periode, dimensie: Dimensie) -> Tabel:
    return tabel_maak(
        sleutel="vroegsignalering",
        titel=_("Vroegsignalering: signalen, schuldhulp en warme verwijzingen"),
        uitleg=_(
            "Signalen die in de periode ontstonden en die we in de periode doorgaven aan schuldhulp, wat "
            "schuldhulp in de periode terugmeldde, en warme verwijzingen in de periode. Alleen aantallen: "
            "schuldhulp meldt geen reden en die staat ook nergens."
        ),
        kolommen=[
            Kolom("ontstaan", _("signalen ontstaan")),
            Kolom("doorgegeven", _("signalen doorgegeven")),
            Kolom("doorgegeven_inwoners", _("inwoners doorgegeven")),
            Kolom("doorgegeven_warm", _("doorgegeven met warme overdracht")),
            Kolom("opgepakt", _("opgepakt door schuldhulp")),
            Kolom("adempauze", _("adempauze gevraagd")),
            Kolom("hulp_aanvaard", _("hulp aanvaard")),
            Kolom("niet_opgepakt", _("niet opgepakt")),
            Kolom(
                "hulp_aanvaard_pct",
                _("% hulp aanvaard (van afgerond)"),
                PCT,
                teller="hulp_aanvaard",
                noemer="afgerond",
            ),
            Kolom("verwijzingen", _("warme verwijzingen")),
            Kolom("verwijzingen_inwoners", _("inwoners verwezen")),
        ],
        cijfers=_signaal_cijfers(periode, dimensie),
        dimensie=dimensie,
        vorig_jaar=_signaal_cijfers(periode.vorig_jaar(), dimensie),
        vergelijk=("doorgegeven", "hulp_aanvaard", "niet_opgepakt", "verwijzingen"),
    )
