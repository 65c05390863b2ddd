"""``{% url %}`` for the dashboard's fixed links, reversed once per process: a reverse costs about
70 us, and every page printed five to fifteen of the same links (menu, search, the dossier's actions)."""

from django import template

from medewerker.werkbakken import url

register = template.Library()
# Stands in for the resident's id in a cached dossier URL; digits only, so it matches <int:pk>, and
# long enough not to occur in the rest of the path.
ZETEL = 987654321987


@register.simple_tag
def vaste_url(naam: str) -> str:
    """``{% url naam %}`` for a URL without arguments."""
    return url(naam)


@register.simple_tag
def dossier_url(naam: str, pk) -> str:
    """``{% url naam pk %}`` for a dossier's page: reversed once with ZETEL, the id put in per call."""
    return url(naam, ZETEL).replace(str(ZETEL), str(int(pk)), 1)
