"""Gates that need data from other parts of the core, each behind one small function."""

from __future__ import annotations

from decimal import Decimal

from ..beslagvrije_voet import Capaciteit


def bvv_blokkeert(
    capaciteit: Capaciteit | None, *, minimale_capaciteit: Decimal, percentage_inkomen: Decimal | None
) -> tuple[bool, str]:
    """The beslagvrije-voet gate before a dwangbevel, hernieuwd bevel or bailiff handover.

    Blocks when the household's income is known and at or below the bvv, i.e. the bvv protects the
    income as a whole: the Wvbv sets it at ``percentage_inkomen`` (95%) of an income at or under the
    norm, so only the legal minimum is left (shared/DOMEIN.md, "Beslagvrije voet"); or when the
    repayment capacity (income - bvv) is at or below the policy's minimum (nil by default).
    ``percentage_inkomen`` comes from the dated BvvRekenregel table (None: no row, capacity only). Unknown
    income or bvv does not block: the call before the dwangbevel is where it gets asked.
    Uses ``invordering.beslagvrije_voet.capaciteit_voor`` (the payments issue's bvv).
    """
    if capaciteit is None or capaciteit.inkomen is None or capaciteit.bvv is None:
        return False, ""
    inkomen, bvv = capaciteit.inkomen, capaciteit.bvv
    beschermd = percentage_inkomen is not None and bvv * 100 >= inkomen * percentage_inkomen
    te_weinig = capaciteit.capaciteit is not None and capaciteit.capaciteit <= minimale_capaciteit
    if beschermd or te_weinig:
        return True, (
            f"inkomen {inkomen}, beslagvrije voet {bvv}, aflossingscapaciteit {capaciteit.capaciteit} "
            f"({capaciteit.bvv_bron})"
        )
    return False, ""
