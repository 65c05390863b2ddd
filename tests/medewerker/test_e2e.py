"""End to end in headless Chromium (Playwright): an officer finds a resident, records a call and makes
a payment plan, with the keyboard where the dashboard offers it. Skipped when Playwright or a Chromium
is missing (set CHROMIUM_PATH, or install Debian's chromium)."""

import os
import shutil

import pytest

from invordering.constants import ContactUitkomst, RegelingStatus
from invordering.models import Betalingsregeling, Contact
from medewerker.models import Dossierinzage, Herkomst

# A live server needs real transactions. The flush after another transactional test empties the tables
# the migrations seed (bvv rules, norms, plan policy): the fixture below puts them back when missing.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("geen Chromium gevonden (CHROMIUM_PATH)", allow_module_level=True)


@pytest.fixture(autouse=True)
def _gezaaide_tabellen(transactional_db):
    """The seed data migrations' own functions, run again if a flush removed what they wrote."""
    import importlib

    from django.apps import apps

    from invordering.models import Bijstandsnorm, BvvRekenregel, Regelingbeleid

    if not Bijstandsnorm.objects.exists():
        importlib.import_module("invordering.migrations.0002_tabellen_vullen").vullen(apps, None)
    if not (BvvRekenregel.objects.exists() and Regelingbeleid.objects.exists()):
        importlib.import_module("invordering.migrations.0004_bvv_en_regelingbeleid_vullen").vullen(apps, None)


@pytest.fixture
def pagina(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def inloggen(page, live_server):
    page.goto(f"{live_server.url}/medewerker/")
    page.wait_for_load_state("load")
    page.fill("input[name=username]", "mila")
    page.fill("input[name=password]", "geheim-wachtwoord-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/medewerker/")
    page.wait_for_load_state("load")


def test_vinden_bellen_en_regeling_treffen(pagina, live_server, medewerker, persoon):
    inloggen(pagina, live_server)
    # Find: "/" jumps to the search box anywhere; one hit opens the dossier straight away.
    pagina.keyboard.press("/")
    pagina.keyboard.type(persoon.bsn)
    pagina.keyboard.press("Enter")
    pagina.wait_for_selector("h1#kop")
    assert persoon.naam in pagina.inner_text("h1#kop")
    inzage = Dossierinzage.objects.get()
    assert (inzage.herkomst, inzage.herkomst_detail, inzage.gebruiker_id) == (
        Herkomst.ZOEKEN,
        "bsn",
        medewerker.pk,
    )

    # Record a call: "c" opens the contact form with the focus in it.
    pagina.keyboard.press("c")
    formulier = pagina.locator("#actie-contact form")
    formulier.locator("select[name=uitkomst]").select_option(ContactUitkomst.BEREIKT_WIL_WEL)
    formulier.locator("textarea[name=notitie]").fill("Wil een regeling")
    formulier.locator("button").click()
    pagina.wait_for_selector(".mw-meldingen")
    assert "Contact vastgelegd" in pagina.inner_text(".mw-meldingen")
    assert "Bereikt: wil wel betalen" in pagina.inner_text("#tijdlijn")
    contact = Contact.objects.get()
    assert (contact.medewerker_id, contact.uitkomst) == (medewerker.pk, ContactUitkomst.BEREIKT_WIL_WEL)

    # Create a plan from the affordable proposal.
    pagina.click("text=Betalingsregeling aanbieden of treffen")
    pagina.wait_for_selector("section.voorstel")
    assert "€" in pagina.inner_text("section.voorstel")
    pagina.click("button:has-text('Regeling treffen')")
    pagina.wait_for_selector(".mw-meldingen")
    assert "Betalingsregeling getroffen" in pagina.inner_text(".mw-meldingen")
    assert "Regeling getroffen" in pagina.inner_text("#tijdlijn")
    regeling = Betalingsregeling.objects.get()
    assert (regeling.status, regeling.belastingplichtige_id, regeling.aangemaakt_door_id) == (
        RegelingStatus.ACTIEF,
        persoon.pk,
        medewerker.pk,
    )


def test_werkbak_met_het_toetsenbord(pagina, live_server, medewerker, persoon):
    from invordering import services
    from invordering.constants import TaakSoort

    from .conftest import VANDAAG

    services.taak_maak(
        soort=TaakSoort.HUISBEZOEK, belastingplichtige=persoon, datum=VANDAAG, deadline=VANDAAG
    )
    inloggen(pagina, live_server)
    pagina.click("text=Huisbezoeken")
    pagina.wait_for_url("**/werkbak/huisbezoek/")
    pagina.wait_for_load_state("load")  # the shortcuts script is deferred
    pagina.keyboard.press("j")  # first row chosen, its link focused
    pagina.keyboard.press("Enter")
    pagina.wait_for_selector("h1#kop")
    assert Dossierinzage.objects.get().herkomst_detail == "huisbezoek"
