"""iDEAL through Mollie, against a local stand-in for Mollie's Payments API: start, webhook, errors."""

import json
import threading
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from invordering.constants import Betaalbron
from invordering.models import Aanslag, Betaling
from tests.portaal.conftest import inloggen

pytestmark = pytest.mark.django_db

SLEUTEL = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"


class NepMollie(BaseHTTPRequestHandler):
    """Answers like Mollie: 201 with a checkout link on create, the payment on GET; 401 without the key."""

    verzoeken: list = []
    betalingen: dict = {}
    weiger: tuple | None = None

    def _antwoord(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/hal+json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        NepMollie.verzoeken.append(("POST", self.path, body, self.headers["Authorization"]))
        if self.headers["Authorization"] != f"Bearer {SLEUTEL}":
            return self._antwoord(401, {"status": 401, "detail": "Missing authentication"})
        if NepMollie.weiger:
            return self._antwoord(*NepMollie.weiger)
        self._antwoord(
            201,
            {
                "id": "tr_WDqYK6vllg",
                "status": "open",
                "_links": {"checkout": {"href": "https://mollie.test/checkout/WDqYK6vllg"}},
            },
        )

    def do_GET(self):
        NepMollie.verzoeken.append(("GET", self.path, None, self.headers["Authorization"]))
        betaling = NepMollie.betalingen.get(self.path.removeprefix("/v2/payments/"))
        if betaling is None or self.headers["Authorization"] != f"Bearer {SLEUTEL}":
            return self._antwoord(404, {"status": 404, "detail": "No payment exists with token"})
        self._antwoord(200, betaling)

    def log_message(self, *args):
        pass


@pytest.fixture
def mollie(settings):
    server = HTTPServer(("127.0.0.1", 0), NepMollie)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    NepMollie.verzoeken, NepMollie.betalingen, NepMollie.weiger = [], {}, None
    settings.PORTAAL_BETAALPROVIDER = "portaal.betaalprovider.MollieProvider"
    settings.PORTAAL_MOLLIE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.PORTAAL_MOLLIE_API_KEY = SLEUTEL
    settings.PORTAAL_BASIS_URL = "https://belastingen.example.org/"
    yield server
    server.shutdown()
    server.server_close()


def _betaald(aanslag, bedrag, status="paid", mollie_id="tr_WDqYK6vllg"):
    NepMollie.betalingen[mollie_id] = {
        "resource": "payment",
        "id": mollie_id,
        "amount": {"currency": "EUR", "value": bedrag},
        "status": status,
        "paidAt": "2026-03-02T21:30:05+00:00" if status == "paid" else None,
        "metadata": {"doel": f"aanslag:{aanslag.pk}", "kenmerk": aanslag.betalingskenmerk},
    }


def test_betalen_start_bij_mollie_en_de_melding_boekt_eenmaal(client, inwoner, mollie):
    persoon, (nieuw, _oud) = inwoner
    inloggen(client, persoon)
    antwoord = client.post(f"/portaal/aanslagen/{nieuw.pk}/betalen/")
    assert antwoord.status_code == 302 and antwoord["Location"] == "https://mollie.test/checkout/WDqYK6vllg"
    ((methode, pad, body, _),) = NepMollie.verzoeken
    assert (methode, pad) == ("POST", "/v2/payments")
    assert body == {
        "amount": {"currency": "EUR", "value": "300.00"},
        "description": f"Gemeentebelastingen {nieuw.betalingskenmerk}",
        "method": "ideal",
        "locale": "nl_NL",
        "redirectUrl": "https://belastingen.example.org/portaal/betalen-klaar/",
        "webhookUrl": "https://belastingen.example.org/portaal/mollie/melding/",
        "metadata": {"doel": f"aanslag:{nieuw.pk}", "kenmerk": nieuw.betalingskenmerk},
    }
    # Mollie reports the id only; the portal reads the payment back and books it, once.
    _betaald(nieuw, "300.00")
    webhook = client.__class__(enforce_csrf_checks=True)
    for _ in range(2):
        assert webhook.post("/portaal/mollie/melding/", {"id": "tr_WDqYK6vllg"}).status_code == 200
    betaling = Betaling.objects.get(bron=Betaalbron.PORTAAL)
    assert (betaling.referentie, betaling.bedrag, str(betaling.datum)) == (
        "mollie:tr_WDqYK6vllg",
        D("300.00"),
        "2026-03-02",
    )
    assert Aanslag.objects.get(pk=nieuw.pk).openstaand == 0
    assert client.get("/portaal/betalen-klaar/").status_code == 200


def test_melding_van_een_onbetaalde_of_onbekende_betaling_boekt_niets(client, inwoner, mollie):
    _, (nieuw, _oud) = inwoner
    _betaald(nieuw, "300.00", status="open", mollie_id="tr_open1")
    assert client.post("/portaal/mollie/melding/", {"id": "tr_open1"}).status_code == 200
    assert client.post("/portaal/mollie/melding/", {"id": "../../v2/payments"}).status_code == 200
    assert client.post("/portaal/mollie/melding/", {"id": "tr_bestaatniet"}).status_code == 200  # Mollie: 404
    assert not Betaling.objects.exists()
    assert [v[1] for v in NepMollie.verzoeken] == ["/v2/payments/tr_open1", "/v2/payments/tr_bestaatniet"]


def test_mollie_weigert_of_is_onbereikbaar(client, inwoner, mollie, settings):
    persoon, (nieuw, _oud) = inwoner
    inloggen(client, persoon)
    NepMollie.weiger = (422, {"status": 422, "detail": "The amount is higher than the maximum"})
    antwoord = client.post(f"/portaal/aanslagen/{nieuw.pk}/betalen/", follow=True)
    assert "Online betalen lukt nu niet." in antwoord.content.decode()
    assert antwoord.redirect_chain[-1][0] == f"/portaal/aanslagen/{nieuw.pk}/betalen/"
    settings.PORTAAL_MOLLIE_URL = "http://127.0.0.1:9"  # nothing listens there
    assert client.post("/portaal/mollie/melding/", {"id": "tr_WDqYK6vllg"}).status_code == 503
    assert not Betaling.objects.exists()


def test_melding_alleen_met_mollie_als_provider(client, inwoner):
    assert client.post("/portaal/mollie/melding/", {"id": "tr_WDqYK6vllg"}).status_code == 404
