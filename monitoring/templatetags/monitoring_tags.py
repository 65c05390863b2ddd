from django import template

from ..grafieken import getal
from ..kader import BEDRAG, PCT, PER_RIJ

register = template.Library()


@register.simple_tag
def kpi_waarde(rij, kolom) -> str:
    """A figure in Dutch notation by its column type (amount, count, percentage)."""
    soort = rij.waarden.get("_soort", "") if kolom.soort == PER_RIJ else kolom.soort
    eenheid = {BEDRAG: "€", PCT: "%"}.get(soort, "")
    return getal(rij.waarde(kolom.sleutel), eenheid)
