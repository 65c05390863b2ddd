import pytest

from communicatie.leesbaarheid import flesch_douma, flesch_douma_html, lettergrepen


@pytest.mark.parametrize(
    ("woord", "aantal"),
    [("de", 1), ("betalen", 3), ("aanslag", 2), ("kwijtschelding", 3), ("geïnd", 2), ("ruïne", 3), ("uw", 1)],
)
def test_lettergrepen(woord, aantal):
    assert lettergrepen(woord) == aantal


def test_formule_flesch_douma():
    # 2 sentences, 8 words, 10 syllables: 206.84 - 0.77 * 125 - 0.93 * 4 = 106.87
    uitkomst = flesch_douma("Wij helpen u graag. Bel ons vandaag nog.")
    assert (uitkomst.woorden, uitkomst.zinnen, uitkomst.lettergrepen) == (8, 2, 10)
    assert uitkomst.score == pytest.approx(206.84 - 0.77 * 125 - 0.93 * 4, abs=0.05)


def test_lange_zinnen_en_lange_woorden_scoren_laag():
    moeilijk = flesch_douma(
        "Ingevolge de toepasselijke invorderingsbepalingen wordt belanghebbende hierbij overeenkomstig "
        "artikel elf geïnformeerd omtrent de consequenties van voortdurende betalingsachterstanden."
    )
    assert moeilijk.score < 30 and not moeilijk.voldoende


def test_html_blokken_zijn_zinnen_en_overgeslagen_delen_tellen_niet():
    html = (
        "<h1>Betaal op tijd</h1><p>Wij helpen u graag.</p>"
        '<aside data-leesgemak="nee"><p>Zeer langdradige onbegrijpelijke formuleringen.</p></aside>'
    )
    uitkomst = flesch_douma_html(html)
    assert (uitkomst.woorden, uitkomst.zinnen) == (7, 2)
