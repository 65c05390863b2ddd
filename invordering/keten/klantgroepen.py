"""Customer groups from payment history (issue 3 point 6; seed 004's klantgroep 1 = multi-year arrears).

Over the last ``JAREN`` tax years of a resident's aanslagen (open or closed):
- two or more tax years that needed an aanmaning: ``meerjarige_achterstand``;
- one such year: ``nieuwe_achterstand``;
- none, but an aanslag needed the free reminder after the due date: ``vergeet``;
- otherwise: ``betaalt_op_tijd``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..constants import Klantgroep

JAREN = 4


def klantgroep(historie: Iterable[tuple[int, date | None, date | None]]) -> str:
    """``historie``: (belastingjaar, herinnering na vervaldatum op, aanmaning op) per aanslag."""
    jaren_aanmaning = set()
    herinnerd = False
    for jaar, herinnering_op, aanmaning_op in historie:
        if aanmaning_op is not None:
            jaren_aanmaning.add(jaar)
        if herinnering_op is not None:
            herinnerd = True
    if len(jaren_aanmaning) >= 2:
        return Klantgroep.MEERJARIGE_ACHTERSTAND
    if jaren_aanmaning:
        return Klantgroep.NIEUWE_ACHTERSTAND
    if herinnerd:
        return Klantgroep.VERGEET
    return Klantgroep.BETAALT_OP_TIJD
