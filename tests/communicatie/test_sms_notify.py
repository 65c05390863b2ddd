"""The Notify SMS backend against a local stand-in for the Notify API: the request, the token, errors."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from communicatie import sms

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
GEHEIM = "3d844edf-8d35-48ac-975b-e847b4f122b0"
SLEUTEL = f"test_sleutel-{SERVICE_ID}-{GEHEIM}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def _b64decode(deel: str) -> bytes:
    return base64.urlsafe_b64decode(deel + "=" * (-len(deel) % 4))


class NepNotify(BaseHTTPRequestHandler):
    """Checks what a real Notify checks (path, JWT signature and claims) and answers like it."""

    verzoeken: list = []
    antwoord = (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        kop, inhoud, handtekening = self.headers["Authorization"].removeprefix("Bearer ").split(".")
        verwacht = hmac.new(GEHEIM.encode(), f"{kop}.{inhoud}".encode(), hashlib.sha256).digest()
        claims = json.loads(_b64decode(inhoud))
        geldig = hmac.compare_digest(_b64decode(handtekening), verwacht) and claims["iss"] == SERVICE_ID
        NepNotify.verzoeken.append((self.path, body, claims, geldig))
        status, antwoord = self.antwoord if geldig else (403, {"errors": [{"error": "AuthError"}]})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(antwoord).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    server = HTTPServer(("127.0.0.1", 0), NepNotify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    NepNotify.verzoeken = []
    NepNotify.antwoord = (201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"})
    settings.SMS_BACKEND = "communicatie.sms.NotifyBackend"
    settings.SMS_NOTIFY_URL = f"http://127.0.0.1:{server.server_port}/"
    settings.SMS_NOTIFY_API_KEY = SLEUTEL
    settings.SMS_NOTIFY_TEMPLATE_ID = TEMPLATE
    settings.SMS_NOTIFY_AFZENDER_ID = ""
    yield server
    server.shutdown()
    server.server_close()


def test_bericht_gaat_als_sjabloon_met_ondertekend_token(notify):
    voor = int(time.time())
    referentie = sms.verstuur("0612345678", "Er staat een brief voor u klaar in Mijn Belastingen.")
    assert referentie == "740e5834-3a29-46b4-9a6f-16142fde533a"
    ((pad, body, claims, geldig),) = NepNotify.verzoeken
    assert pad == "/v2/notifications/sms" and geldig
    assert voor <= claims["iat"] <= int(time.time())
    assert body == {
        "phone_number": "0612345678",
        "template_id": TEMPLATE,
        "personalisation": {"bericht": "Er staat een brief voor u klaar in Mijn Belastingen."},
    }


def test_afzender_id_gaat_mee_als_die_is_ingesteld(notify, settings):
    settings.SMS_NOTIFY_AFZENDER_ID = "8e222534-7f05-4972-86e3-17c5d9f894e2"
    sms.verstuur("0612345678", "Tekst")
    assert NepNotify.verzoeken[0][1]["sms_sender_id"] == "8e222534-7f05-4972-86e3-17c5d9f894e2"


def test_weigering_van_notify_wordt_een_smsfout_met_de_reden(notify):
    NepNotify.antwoord = (
        400,
        {"errors": [{"error": "BadRequestError", "message": "phone_number Not a UK mobile number"}]},
    )
    with pytest.raises(sms.SmsFout, match=r"\(400\): BadRequestError: phone_number Not a UK mobile number"):
        sms.verstuur("0612345678", "Tekst")


def test_verkeerd_geheim_wordt_geweigerd(notify, settings):
    settings.SMS_NOTIFY_API_KEY = (
        f"test_sleutel-{SERVICE_ID}-{'0' * 8}-{'0' * 4}-{'0' * 4}-{'0' * 4}-{'0' * 12}"
    )
    with pytest.raises(sms.SmsFout, match=r"\(403\): AuthError"):
        sms.verstuur("0612345678", "Tekst")


def test_onbereikbaar_en_onjuiste_sleutel(notify, settings):
    poort = notify.server_port
    notify.shutdown()
    notify.server_close()
    settings.SMS_NOTIFY_URL = f"http://127.0.0.1:{poort}"
    with pytest.raises(sms.SmsFout, match="niet bereikbaar"):
        sms.verstuur("0612345678", "Tekst")
    settings.SMS_NOTIFY_API_KEY = "geen-sleutel"
    with pytest.raises(sms.SmsFout, match="geen Notify-sleutel"):
        sms.backend()
