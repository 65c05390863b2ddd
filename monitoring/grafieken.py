"""Server-side charts as inline SVG: no JavaScript, they print in the PDF and read with a screen reader.

Each chart carries a <title> and a <desc> that states the figures, and prints its values next to the
bars, so nobody has to guess a number from a bar's length. Colours are the Okabe-Ito palette, which
stays distinguishable for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

KLEUREN = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
LETTER = "font-family:system-ui,Arial,sans-serif"


def getal(waarde, eenheid: str = "") -> str:
    """Dutch notation: 1.234 or € 1.234,50 or 12,5%."""
    if waarde is None:
        return "–"
    if eenheid == "€":
        tekst = f"{Decimal(waarde):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        return f"€ {tekst}"
    if eenheid == "%":
        return f"{Decimal(waarde):.1f}".replace(".", ",") + "%"
    if isinstance(waarde, Decimal) and waarde != waarde.to_integral_value():
        plaatsen = max(1, -waarde.as_tuple().exponent)
        return f"{waarde:,.{plaatsen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{int(waarde):,}".replace(",", ".")


def _kop(titel: str, breedte: int, hoogte: int, beschrijving: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" width="100%" '
        f'role="img" aria-label="{escape(titel)}" style="{LETTER};max-width:{breedte}px">',
        f"<title>{escape(titel)}</title><desc>{escape(beschrijving)}</desc>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#222">{escape(titel)}</text>',
    ]


def _legenda(reeksen: Sequence[str], y: int) -> list[str]:
    delen, x = [], 0
    for i, naam in enumerate(reeksen):
        delen.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{KLEUREN[i % len(KLEUREN)]}"/>'
        )
        delen.append(f'<text x="{x + 16}" y="{y}" font-size="12" fill="#222">{escape(naam)}</text>')
        x += 24 + 7 * len(naam)
    return delen


def staafdiagram(
    titel: str, categorieen: Sequence[str], reeksen: Sequence[tuple[str, Sequence]], eenheid: str = ""
) -> SafeString:
    """Horizontal grouped bars: one group per category, one bar per series, the value at its end."""
    label_breedte, breedte, staaf = 190, 720, 16
    waarden = [float(w or 0) for _n, ws in reeksen for w in ws]
    hoogste = max([*waarden, 0.0]) or 1.0
    groep_hoogte = staaf * len(reeksen) + 10
    hoogte = 50 + groep_hoogte * len(categorieen) + (24 if len(reeksen) > 1 else 0)
    tekst = "; ".join(
        f"{c}: " + ", ".join(f"{n} {getal(ws[i], eenheid)}" for n, ws in reeksen)
        for i, c in enumerate(categorieen)
    )
    delen = _kop(titel, breedte, hoogte, tekst)
    ruimte = breedte - label_breedte - 110
    y = 34
    if len(reeksen) > 1:
        delen += _legenda([n for n, _w in reeksen], y + 8)
        y += 24
    as_begin = y - 4
    for i, categorie in enumerate(categorieen):
        delen.append(
            f'<text x="{label_breedte - 8}" y="{y + groep_hoogte / 2}" font-size="12" text-anchor="end" '
            f'fill="#222">{escape(categorie[:28])}</text>'
        )
        for j, (_naam, ws) in enumerate(reeksen):
            w = float(ws[i] or 0)
            lengte = max(ruimte * w / hoogste, 1 if w else 0)
            kleur = KLEUREN[j % len(KLEUREN)]
            delen.append(
                f'<rect x="{label_breedte}" y="{y + j * staaf}" width="{lengte:.1f}" height="{staaf - 3}" '
                f'fill="{kleur}"/>'
            )
            delen.append(
                f'<text x="{label_breedte + lengte + 5:.1f}" y="{y + j * staaf + staaf - 5}" font-size="11" '
                f'fill="#222">{escape(getal(ws[i], eenheid))}</text>'
            )
        y += groep_hoogte
    delen.append(f'<line x1="{label_breedte}" y1="{as_begin}" x2="{label_breedte}" y2="{y}" stroke="#555"/>')
    delen.append("</svg>")
    return mark_safe("".join(delen))


def lijndiagram(titel: str, labels: Sequence[str], waarden: Sequence, eenheid: str = "") -> SafeString:
    """A line with its points labelled: one series over time (months)."""
    breedte, hoogte, links, onder, boven = 340, 190, 22, 34, 40
    getallen = [float(w or 0) for w in waarden]
    hoogste = max([*getallen, 0.0]) or 1.0
    n = max(len(getallen), 1)
    stap = (breedte - links * 2) / max(n - 1, 1)
    punten = [
        (links + i * stap, boven + (hoogte - boven - onder) * (1 - w / hoogste))
        for i, w in enumerate(getallen)
    ]
    tekst = ", ".join(f"{lab}: {getal(w, eenheid)}" for lab, w in zip(labels, waarden, strict=True))
    delen = _kop(titel, breedte, hoogte, tekst)
    basis = hoogte - onder
    delen.append(f'<line x1="{links}" y1="{basis}" x2="{breedte - links}" y2="{basis}" stroke="#555"/>')
    if len(punten) > 1:
        pad = " ".join(f"{x:.1f},{y:.1f}" for x, y in punten)
        delen.append(f'<polyline points="{pad}" fill="none" stroke="{KLEUREN[0]}" stroke-width="2"/>')
    toon_elke = max(1, -(-len(punten) // 12))
    for i, ((x, y), _w, lab) in enumerate(zip(punten, waarden, labels, strict=True)):
        delen.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{KLEUREN[0]}"/>')
        if i % toon_elke == 0 or i == len(punten) - 1:
            delen.append(
                f'<text x="{x:.1f}" y="{basis + 14}" font-size="10" text-anchor="middle" fill="#444">'
                f"{escape(lab)}</text>"
            )
    hoogste_i = getallen.index(max(getallen)) if getallen else 0
    # The highest month and the last month carry their value; the rest is in the table below.
    if punten:
        x, y = punten[hoogste_i]
        delen.append(
            f'<text x="{min(max(x, 40), breedte - 40):.1f}" y="{y - 6:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#222">{escape(getal(waarden[hoogste_i], eenheid))}</text>'
        )
        x, y = punten[-1]
        if hoogste_i != len(punten) - 1:
            delen.append(
                f'<text x="{x:.1f}" y="{y - 6:.1f}" font-size="10" text-anchor="end" fill="#222">'
                f"{escape(getal(waarden[-1], eenheid))}</text>"
            )
    delen.append(
        f'<text x="{links}" y="{hoogte - 4}" font-size="10" fill="#444">'
        f"{escape('totaal ' + getal(sum(getallen) if eenheid != '%' else None, eenheid))}</text>"
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))


def trechter(titel: str, stappen: Sequence[tuple[str, int]], leeg: str = "Geen gegevens.") -> SafeString:
    """The chain as a funnel: each step a centred bar, with its count and its share of the first step."""
    breedte, rij = 720, 34
    hoogte = 40 + rij * len(stappen)
    eerste = (stappen[0][1] if stappen else 0) or 0
    hoogste = max([s for _l, s in stappen] + [1])
    tekst = "; ".join(f"{label}: {getal(n)}" for label, n in stappen)
    if not eerste:
        delen = _kop(titel, breedte, 60, leeg)
        delen.append(f'<text x="0" y="44" font-size="13" fill="#444">{escape(leeg)}</text></svg>')
        return mark_safe("".join(delen))
    delen = _kop(titel, breedte, hoogte, tekst)
    midden, ruimte = 400, 300
    for i, (label, n) in enumerate(stappen):
        y = 32 + i * rij
        lengte = max(ruimte * (n or 0) / hoogste, 2 if n else 0)
        delen.append(
            f'<rect x="{midden - lengte / 2:.1f}" y="{y}" width="{lengte:.1f}" height="{rij - 6}" '
            f'fill="{KLEUREN[0]}" opacity="{1 - i * 0.08:.2f}"/>'
        )
        delen.append(
            f'<text x="{midden - ruimte / 2 - 12}" y="{y + rij / 2}" font-size="12" text-anchor="end" '
            f'fill="#222">{escape(label)}</text>'
        )
        aandeel = f" ({getal(Decimal(n or 0) * 100 / eerste, '%')})" if eerste and i else ""
        delen.append(
            f'<text x="{midden + ruimte / 2 + 12}" y="{y + rij / 2}" font-size="12" fill="#222">'
            f"{escape(getal(n) + aandeel)}</text>"
        )
    delen.append("</svg>")
    return mark_safe("".join(delen))
