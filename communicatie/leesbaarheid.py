"""Flesch-Douma reading ease of Dutch text (DOMEIN.md, "Plain language").

``206.84 - 0.77 x syllables per 100 words - 0.93 x words per sentence``. 60-80 is "normal" to "fairly
easy": our automatic floor for letters, beside review by experience experts. Syllables are counted as
groups of vowels (a trema starts a new one), a good estimate for Dutch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

MINIMUM = 60

_KLINKERS = "aeiouyàáâäèéêëìíîïòóôöùúûü"
_WOORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_ZIN_EINDE = re.compile(r"[.!?]+(?=\s|$)|[:;]\s*\n|\n")
_BLOKKEN = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "div", "br", "tr", "dt", "dd", "section", "aside"}


@dataclass(frozen=True)
class Leesgemak:
    score: float
    woorden: int
    zinnen: int
    lettergrepen: int

    @property
    def voldoende(self) -> bool:
        return self.score >= MINIMUM


def lettergrepen(woord: str) -> int:
    """Vowel groups in a word; a trema (ë, ï, ü, ö) always starts a new syllable. At least one."""
    aantal, vorige_klinker = 0, False
    for teken in woord.lower():
        klinker = teken in _KLINKERS
        if klinker and (not vorige_klinker or teken in "ëïüö"):
            aantal += 1
        vorige_klinker = klinker
    return max(aantal, 1)


def flesch_douma(tekst: str) -> Leesgemak:
    """Reading ease of plain text; every line break or sentence mark ends a sentence."""
    zinnen = [z for z in _ZIN_EINDE.split(tekst) if _WOORD.search(z)]
    woorden = [w for z in zinnen for w in _WOORD.findall(z)]
    if not woorden:
        return Leesgemak(score=0.0, woorden=0, zinnen=0, lettergrepen=0)
    grepen = sum(lettergrepen(w) for w in woorden)
    score = 206.84 - 0.77 * (100 * grepen / len(woorden)) - 0.93 * (len(woorden) / len(zinnen))
    return Leesgemak(score=round(score, 1), woorden=len(woorden), zinnen=len(zinnen), lettergrepen=grepen)


class _Tekst(HTMLParser):
    """Visible text of HTML; block elements end a line, elements marked ``data-leesgemak="nee"`` are
    skipped (the help box in other languages, addresses, tables of figures)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.delen: list[str] = []
        self._overslaan: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._overslaan:
            if tag not in ("br", "img", "meta", "link", "hr", "input"):
                self._overslaan.append(tag)
            return
        if dict(attrs).get("data-leesgemak") == "nee" or tag in ("style", "script", "svg", "head"):
            self._overslaan.append(tag)
            return
        if tag in _BLOKKEN:
            self.delen.append("\n")

    def handle_endtag(self, tag):
        if self._overslaan:
            self._overslaan.pop()
            return
        if tag in _BLOKKEN:
            self.delen.append("\n")

    def handle_data(self, data):
        if not self._overslaan:
            self.delen.append(" ".join(data.split()) + " " if data.strip() else " ")


def html_tekst(html: str) -> str:
    parser = _Tekst()
    parser.feed(html)
    return "".join(parser.delen)


def flesch_douma_html(html: str) -> Leesgemak:
    return flesch_douma(html_tekst(html))
