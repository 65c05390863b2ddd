"""Writing off an aanslag as uncollectable (oninbaar) and closing its chain, with four eyes.

The officers' flow (an officer proposes with a reason, a teamleider reviews the
``TaakSoort.ONINBAAR_BEOORDELEN`` task) lives in the dashboard; this is the write it ends with. The
rule enforced here is the four-eyes principle itself: the approver is a teamleider and not the
proposer. The open tax, costs and interest are booked off (``Boekingsoort.ONINBAAR``), the aanslag
gets status ``oninbaar``, the open chain tasks lapse and the fact is stored in the timeline.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ..constants import AanslagStatus, Boekingsoort, Component, StapSoort, TaakStatus
from ..models import Aanslag, Boeking, Ketenstap, Taak
from ..rollen import TEAMLEIDER
from ..services import boekingen_maak
from .stappen import OPEN

FOUT_VIER_OGEN = "Vier ogen: wie de oninbaarverklaring goedkeurt, mag haar niet ook hebben voorgesteld."
FOUT_GEEN_TEAMLEIDER = "Alleen een teamleider keurt een oninbaarverklaring goed."
FOUT_REDEN = "Geef de reden van de oninbaarverklaring."
FOUT_NIET_OPEN = "Aanslag {aanslag} staat niet open ({status}); er valt niets oninbaar te verklaren."


def _is_teamleider(gebruiker) -> bool:
    return gebruiker.is_superuser or gebruiker.groups.filter(name=TEAMLEIDER).exists()


def oninbaar_afboeken(
    *, aanslag: Aanslag, datum: date, reden: str, voorgesteld_door, goedgekeurd_door
) -> Ketenstap:
    """Write off what is open on ``aanslag`` on ``datum`` and close its chain (four eyes)."""
    if not reden.strip():
        raise ValueError(FOUT_REDEN)
    if voorgesteld_door is None or goedgekeurd_door is None or voorgesteld_door.pk == goedgekeurd_door.pk:
        raise PermissionError(FOUT_VIER_OGEN)
    if not _is_teamleider(goedgekeurd_door):
        raise PermissionError(FOUT_GEEN_TEAMLEIDER)
    with transaction.atomic():
        aanslag = Aanslag.objects.select_for_update().get(pk=aanslag.pk)
        if aanslag.status != AanslagStatus.OPEN:
            raise ValueError(FOUT_NIET_OPEN.format(aanslag=aanslag.aanslagnummer, status=aanslag.status))
        delen = {
            Component.BELASTING: aanslag.open_belasting,
            Component.KOSTEN: aanslag.open_kosten,
            Component.RENTE: aanslag.open_rente,
        }
        totaal = sum(delen.values())
        # Status first: saldo_bijwerken turns only *open* aanslagen into 'betaald'.
        Aanslag.objects.filter(pk=aanslag.pk).update(status=AanslagStatus.ONINBAAR, afgehandeld_op=datum)
        boekingen_maak(
            boekingen=[
                Boeking(
                    aanslag_id=aanslag.pk,
                    datum=datum,
                    component=component,
                    soort=Boekingsoort.ONINBAAR,
                    bedrag=-bedrag,
                    omschrijving=f"Oninbaar: {reden}"[:200],
                )
                for component, bedrag in delen.items()
                if bedrag > 0
            ],
            datum=datum,
        )
        Taak.objects.filter(aanslag=aanslag, sleutel__startswith="keten:", status__in=OPEN).update(
            status=TaakStatus.VERVALLEN, afgerond_op=datum
        )
        return Ketenstap.objects.create(
            sleutel=f"{StapSoort.ONINBAAR}:{aanslag.pk}",
            aanslag=aanslag,
            belastingplichtige_id=aanslag.belastingplichtige_id,
            soort=StapSoort.ONINBAAR,
            datum=datum,
            regel="oninbaar verklaard (vier ogen)",
            toelichting=(
                f"{reden} Afgeboekt {totaal:.2f}. Voorgesteld door {voorgesteld_door}, "
                f"goedgekeurd door {goedgekeurd_door}."
            )[:500],
        )
