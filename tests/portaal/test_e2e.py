"""End-to-end: the main flows in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) on a
375 px wide phone screen, with axe-core (npm) checking WCAG 2.1 A/AA on every portal page.

Set ``E2E_SCHERMAFDRUKKEN=1`` to save a screenshot of each page under ``test-results/portaal/``.
"""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings

from communicatie import betaallink
from communicatie.models import Brief
from invordering.constants import Betaalbron, TaakSoort
from invordering.models import Belastingplichtige, Betaling, Betalingsregeling, Taak
from kwijtschelding.models import Kwijtscheldingsverzoek
from tests.portaal.conftest import maak_inwoner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Data migrations that seed the dated policy tables; a transactional test's flush empties those tables.
ZAAI_MIGRATIES = [
    "invordering.migrations.0002_tabellen_vullen",
    "invordering.migrations.0004_bvv_en_regelingbeleid_vullen",
    "invordering.migrations.0006_kosten_en_beleid_vullen",
    "kwijtschelding.migrations.0002_beleid_vullen",
    "vroegsignalering.migrations.0002_beleid_seed",
]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCHERMAFDRUKKEN = Path(settings.BASE_DIR) / "test-results" / "portaal"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

sync_api = pytest.importorskip("playwright.sync_api")
if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
    pytest.skip("Chromium ontbreekt (apt-get install chromium)", allow_module_level=True)
if not AXE.exists():
    pytest.skip("axe-core ontbreekt (npm ci)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class Telefoon:
    """One resident's phone: a 375 px page that checks every page it visits with axe-core."""

    def __init__(self, browser, live_server, *, bypass_csp=True):
        # axe-core is injected by the test, which the portal's CSP would (rightly) refuse; a separate
        # test runs with the CSP on and checks that no resource of the portal itself is refused.
        self.context = browser.new_context(
            viewport={"width": 375, "height": 812},
            device_scale_factor=1,
            bypass_csp=bypass_csp,
            locale="nl-NL",
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.base = live_server.url
        self.bekeken: list[str] = []
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.axe = AXE.read_text()

    def naar(self, pad: str):
        self.page.goto(self.base + pad)
        return self.page

    def controleer(self, naam: str) -> None:
        """axe-core on the current page: no WCAG 2.1 A/AA violation; no horizontal scrolling at 375 px."""
        page = self.page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=self.axe)
        resultaat = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))",
            WCAG,
        )
        self.bekeken.append(naam)
        if os.environ.get("E2E_SCHERMAFDRUKKEN"):
            SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCHERMAFDRUKKEN / f"{len(self.bekeken):02d}-{naam}.png"), full_page=True)
        assert resultaat == [], f"{naam} ({page.url}): {json.dumps(resultaat, indent=1)}"
        breed = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
            ".slice(0, 3).map(e => e.tagName + '.' + e.className)"
        )
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 375, f"{naam}: de pagina is {breedte}px breed op een scherm van 375px: {breed}"

    def inloggen(self, persoon: Belastingplichtige) -> None:
        """Through the DigiD stand-in, as a resident would: button, 'with BSN', type the BSN."""
        page = self.naar("/portaal/")
        self.controleer("start")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        self.controleer("inloggen")
        page.get_by_role("button", name="Inloggen met DigiD").click()
        page.locator("#authentication_type_account_basis").click()
        page.locator("input[name=auth_bsn]").fill(persoon.bsn)
        page.locator("#submit-button").click()
        page.wait_for_url("**/portaal/overzicht/")

    def sluit(self):
        self.context.close()


@pytest.fixture
def zaaigegevens(transactional_db):
    """The seeded policy rows, put back as the data migrations put them (they are idempotent)."""
    from importlib import import_module

    from django.apps import apps
    from django.db.migrations import RunPython

    from kwijtschelding.models import Kwijtscheldingsbeleid

    if not Kwijtscheldingsbeleid.objects.exists():
        for naam in ZAAI_MIGRATIES:
            for operatie in import_module(naam).Migration.operations:
                if isinstance(operatie, RunPython):
                    operatie.code(apps, None)


@pytest.fixture
def telefoon(browser, live_server, zaaigegevens, normen):
    t = Telefoon(browser, live_server)
    yield t
    t.sluit()


def test_hoofdroutes_op_een_telefoon(telefoon):
    persoon, (nieuw, oud) = maak_inwoner(telefoon="")
    Brief.objects.create(
        sleutel="e2e:brief",
        sjabloon="aanmaning",
        datum=oud.vervaldatum,
        ontvanger=f"belastingplichtige:{persoon.pk}",
        naam=persoon.naam,
    )
    t = telefoon
    t.inloggen(persoon)
    page = t.page
    t.controleer("overzicht")
    assert "U moet nog € 450,00 betalen." in page.inner_text("main")

    # One aanslag, then pay it through the test provider.
    page.get_by_role("link", name=f"Bekijk de aanslag {nieuw.aanslagnummer}").click()
    t.controleer("aanslag")
    page.get_by_role("link", name="Betalen", exact=True).click()
    t.controleer("betalen")
    page.get_by_role("button", name="Betalen met iDEAL").click()
    t.controleer("testbank")
    page.get_by_role("button", name="Betalen", exact=True).click()
    t.controleer("betaald")
    assert Betaling.objects.get(bron=Betaalbron.PORTAAL).bedrag == D("300.00")

    # Request a payment plan for what is left (within policy: made at once).
    t.naar("/portaal/overzicht/")
    page.get_by_role("link", name="Betalen in termijnen (betalingsregeling)").click()
    t.controleer("regeling-voorstel")
    page.get_by_role("button", name="Ja, ik wil deze regeling").click()
    t.controleer("regeling-lopend")
    assert Betalingsregeling.objects.filter(belastingplichtige=persoon).exists()

    # "Ik kan niet betalen": a callback request.
    t.naar("/portaal/kan-niet-betalen/")
    t.controleer("kan-niet-betalen")
    page.get_by_role("button", name="Bel mij terug").click()
    t.controleer("kan-niet-betalen-fout")  # the phone number is required: the error is accessible too
    page.get_by_label("Op welk nummer kunnen we u bellen?").fill("06 12345678")
    page.get_by_role("button", name="Bel mij terug").click()
    t.controleer("terugbellen-bedankt")
    assert Taak.objects.filter(belastingplichtige=persoon).exclude(soort=TaakSoort.REGELING_VERZOEK).exists()

    # Other pages of the menu.
    for pad, naam in [
        ("/portaal/brieven/", "brieven"),
        ("/portaal/schuldenoverzicht/", "schuldenoverzicht"),
        ("/portaal/contact/", "contact"),
        ("/portaal/toestemmingen/", "toestemmingen"),
        ("/portaal/kwijtschelding/", "kwijtschelding"),
        ("/portaal/kwijtschelding/check/", "check"),
    ]:
        t.naar(pad)
        t.controleer(naam)
    t.naar("/portaal/toestemmingen/")
    page.get_by_role("button", name="Toestemming geven").first.click()
    t.controleer("toestemming-gegeven")

    # Switch to Arabic: right to left, and remembered on the resident.
    t.naar("/portaal/overzicht/")
    page.locator("button[name=taal][value=ar]").click()
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    t.controleer("overzicht-ar")
    assert Belastingplichtige.objects.get(pk=persoon.pk).taal == "ar"
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("button", name="Uitloggen").click()
    t.controleer("uitgelogd")
    assert not [c for c in t.console if "Content Security Policy" in c]


def test_kwijtschelding_aanvragen_met_upload(telefoon):
    persoon, (nieuw, oud) = maak_inwoner()
    t = telefoon
    t.inloggen(persoon)
    page = t.naar("/portaal/kwijtschelding/")
    page.get_by_role("link", name="Kwijtschelding aanvragen").click()
    t.controleer("kwijtschelding-aanvragen")
    page.get_by_label(f"{nieuw.aanslagnummer}", exact=False).check()
    page.get_by_label("Leefsituatie").select_option("alleenstaande")
    page.locator("#id_verzoek-woonlasten").fill("700")
    page.locator("#id_inkomen-0-soort").select_option("uitkering")
    page.locator("#id_inkomen-0-bedrag").fill("1300")
    page.locator("#id_document-soort").select_option("inkomen")
    page.locator("#id_document-bestand").set_input_files(
        files=[{"name": "uitkering.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Verstuur mijn verzoek").click()
    t.controleer("kwijtschelding-bedankt")
    verzoek = Kwijtscheldingsverzoek.objects.get(belastingplichtige=persoon)
    assert [d.naam for d in verzoek.documenten.all()] == ["uitkering.pdf"]
    page.get_by_role("link", name="Bekijk uw verzoek").click()
    t.controleer("kwijtschelding-verzoek")
    assert "uitkering.pdf" in page.inner_text("main")


def test_betaallink_uit_een_brief_zonder_inloggen(telefoon):
    persoon, (nieuw, _) = maak_inwoner()
    token = betaallink.maak_token(
        f"aanslag:{nieuw.pk}",
        bedrag=D("300.00"),
        kenmerk=nieuw.betalingskenmerk,
        geldig_tot=nieuw.vervaldatum,
    )
    t = telefoon
    t.naar(f"/portaal/betalen/{token}/")
    t.controleer("betaallink")
    t.naar("/portaal/betalen/ongeldig/")
    t.controleer("betaallink-ongeldig")
    t.naar("/portaal/kwijtschelding/check/")
    t.page.get_by_label("Hoe woont u?").select_option("alleenstaande")
    t.page.get_by_role("button", name="Bekijk de uitkomst").click()
    t.controleer("check-uitkomst")


def test_regeling_buiten_beleid_en_onbekende_inwoner(telefoon):
    from tests.invordering.factories import geldig_bsn

    # bvv 570.00 on 600.00 a month: the plan needs 15 months, the policy allows 12: ask an officer.
    persoon, _ = maak_inwoner(inkomen="600.00")
    t = telefoon
    t.inloggen(persoon)
    page = t.naar("/portaal/regeling/")
    t.controleer("regeling-buiten-beleid")
    page.get_by_label("Wat moet de medewerker weten?").fill("Ik kan 30 euro per maand")
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    t.controleer("regeling-verzoek-bedankt")
    assert Taak.objects.filter(belastingplichtige=persoon, soort=TaakSoort.REGELING_VERZOEK).exists()
    page.get_by_role("button", name="Uitloggen").click()
    # DigiD knows the BSN, we do not: a page that says so, nothing else.
    page = t.naar("/portaal/inloggen/")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    page.locator("#authentication_type_account_basis").click()
    page.locator("input[name=auth_bsn]").fill(geldig_bsn(9000))
    page.locator("#submit-button").click()
    t.controleer("onbekend")
    assert "Wij hebben geen gegevens van u" in page.inner_text("main")


def test_csp_blokkeert_niets_van_het_portaal_zelf(browser, live_server, zaaigegevens, normen):
    persoon, _ = maak_inwoner()
    t = Telefoon(browser, live_server, bypass_csp=False)
    try:
        page = t.naar("/portaal/")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        page.get_by_role("button", name="Inloggen met DigiD").click()
        page.locator("#authentication_type_account_basis").click()
        page.locator("input[name=auth_bsn]").fill(persoon.bsn)
        page.locator("#submit-button").click()
        page.wait_for_url("**/portaal/overzicht/")
        t.console.clear()
        for pad in ("/portaal/overzicht/", "/portaal/regeling/", "/portaal/kwijtschelding/aanvragen/"):
            t.naar(pad)
        # The portal's own stylesheet applied (the header colour comes from static/portaal/portaal.css).
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.si-kop')).backgroundColor")
            == "rgb(21, 66, 115)"
        )
        assert not [c for c in t.console if "Content Security Policy" in c], t.console
    finally:
        t.sluit()
