from django import template

from ..grafieken import getal
from ..kader import BEDRAG, PCT

register = template.Library()


@register.simple_tag
def kpi_waarde(rij, kolom) -> str:
    """A figure in Dutch notation by its column type (amount, count, percentage)."""
    eenheid = {BEDRAG: "€", PCT: "%"}.get(kolom.soort, "")
    return getal(rij.waarde(kolom.sleutel), eenheid)
