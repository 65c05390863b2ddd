"""The one settings module. Every value comes from the environment (see .env.example).

Without any environment the project runs *embedded*: SQLite under ``var/``, Celery tasks executed
in-process, e-mail to the console, files under ``var/``. Production sets ``DATABASE_URL`` (PostgreSQL)
and ``CELERY_BROKER_URL`` (Redis), see docker-compose.yml.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab  # noqa: F401 - used by the schedule entries
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read when present (never committed); real deployments use the environment itself.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -----------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "embedded-development-only-not-secret"  # noqa: S105 - only used with DEBUG on
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Relative paths in the environment are taken from the project folder, not from the working directory.
DATA_DIR = BASE_DIR / env.str("DATA_DIR", default="var")

INSTALLED_APPS = [
    "config.apps.BeheerConfig",  # django.contrib.admin, with two factors in production (config/beheer.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # DigiD (django-digid-eherkenning) and what it needs; portaal comes first so its templates win.
    "portaal",
    "solo",
    "privates",
    "simple_certmanager",
    "digid_eherkenning",
    "invordering",
    "kwijtschelding",
    "vroegsignalering",
    "communicatie",
    "monitoring",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "medewerker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "medewerker.sessie.SessieVerlengen",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portaal.middleware.PortaalBeveiligingMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portaal.context.portaal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        DATABASES["default"]["NAME"] = str(BASE_DIR / DATABASES["default"]["NAME"])
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and WAL keep the embedded default usable with a threaded dev server and
    # in-process Celery tasks writing at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # The worklist index carries extra columns on PostgreSQL (a covering index); SQLite builds it
    # without them, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The dashboard's hot raw statements as prepared statements on PostgreSQL (medewerker.voorbereid); off
# behind a transaction-pooling PgBouncer older than 1.21.
DATABASE_VOORBEREIDEN = env.bool("DATABASE_VOORBEREIDEN", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and sessions ----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
# The timeout counts from the last request, not from login: medewerker.sessie.SessieVerlengen renews
# the expiry when the last renewal is SESSIE_VERLENGEN_NA seconds old (not a write on every request).
SESSION_SAVE_EVERY_REQUEST = False
# Database sessions, the row read with one raw statement (medewerker.sessie.SessionStore).
SESSION_ENGINE = "medewerker.sessie"
SESSIE_VERLENGEN_NA = env.int("SESSIE_VERLENGEN_NA", default=60)
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Staff sign-in: two factors, throttling (docs/medewerker.md) ---------------------------------------
# Officers sign in at /medewerker/inloggen/. Two factors (django-otp, TOTP app or backup codes) are
# required in production; the embedded default (DEBUG on) signs in with a password only, so the demo
# accounts work out of the box. MEDEWERKER_2FA=1 turns it on anywhere.
MEDEWERKER_2FA = env.bool("MEDEWERKER_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Sociaal Invorderen")
# django-axes: after this many failed logins for one username from one address, that pair is locked.
AUTHENTICATION_BACKENDS = [
    "medewerker.inloggen.Inlogbegrenzing",
    # ModelBackend with the permissions in one query (sessions signed in under ModelBackend sign in again).
    "medewerker.inloggen.Rechten",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "medewerker/geblokkeerd.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0 if DEBUG else 1)

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("English")),
    ("tr", _("Türkçe")),
    ("ar", _("العربية")),
    ("pl", _("Polski")),
    ("uk", _("Українська")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env.str("STATIC_ROOT", default=str(DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env.str("MEDIA_ROOT", default=str(DATA_DIR / "media"))
# Letters, uploaded documents and exports hold personal data: they live outside the web root and are
# served only through views that check who asks.
PRIVATE_MEDIA_ROOT = BASE_DIR / env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Kwijtschelding ------------------------------------------------------------------------------------
# Largest document a resident may upload with a remission request, in MB.
KWIJTSCHELDING_DOCUMENT_MAX_MB = env.int("KWIJTSCHELDING_DOCUMENT_MAX_MB", default=10)
# Folder of the file exchange with the Inlichtingenbureau for the yearly re-test (outgoing lists and
# incoming results); personal data, so outside the web root.
KWIJTSCHELDING_UITWISSELING_MAP = BASE_DIR / env.str(
    "KWIJTSCHELDING_UITWISSELING_MAP", default=str(DATA_DIR / "uitwisseling" / "inlichtingenbureau")
)

# --- Portaal (residents) -------------------------------------------------------------------------
# How residents sign in: "mock" is the clearly marked DigiD stand-in of django-digid-eherkenning (any
# demo BSN, no password; development, demo and tests), "saml" the real DigiD SAML flow, configured in
# the admin (DigiD configuration: certificates, metadata) as django-digid-eherkenning prescribes.
PORTAAL_DIGID = env.str("PORTAAL_DIGID", default="mock" if DEBUG else "saml")
if PORTAAL_DIGID not in ("mock", "saml"):
    raise ImproperlyConfigured("PORTAAL_DIGID must be 'mock' or 'saml'.")
# Idle time after which a resident is signed out (DigiD asks for at most 15 minutes).
PORTAAL_SESSIE_MINUTEN = env.int("PORTAAL_SESSIE_MINUTEN", default=15)
# Where the SAML login form posts to (DigiD's host), allowed in the portal's content security policy.
PORTAAL_CSP_FORM_ACTION = env.list("PORTAAL_CSP_FORM_ACTION", default=[])
# The payment provider behind "Betalen met iDEAL": only the test provider exists yet (docs/portaal.md).
PORTAAL_BETAALPROVIDER = env.str("PORTAAL_BETAALPROVIDER", default="portaal.betaalprovider.TestProvider")
# portaal.betaalprovider.MollieProvider: iDEAL through Mollie (docs/portaal.md).
PORTAAL_MOLLIE_URL = env.str("PORTAAL_MOLLIE_URL", default="https://api.mollie.com")
PORTAAL_MOLLIE_API_KEY = env.str("PORTAAL_MOLLIE_API_KEY", default="")
DIGID_MOCK_APP_TITLE = "Mijn belastingen (oefenomgeving)"
PRIVATE_MEDIA_URL = "/private-media/"  # required by django-privates (certificates); never served directly
# The NL Design System CSS (Utrecht component library, Voorbeeld theme) from npm (package.json).
NODE_MODULES = BASE_DIR / "node_modules"
for _voorvoegsel, _pakket in (
    ("nlds/utrecht", "@utrecht/component-library-css/dist"),
    ("nlds/voorbeeld", "@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
):
    if (NODE_MODULES / _pakket).is_dir():  # missing before `npm ci`: the portal then renders unstyled
        STATICFILES_DIRS.append((_voorvoegsel, NODE_MODULES / _pakket))

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Belastingen <noreply@example.org>")

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Embedded mode is a choice made here, visibly: no broker configured means tasks run in-process.
CELERY_EMBEDDED = not CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = CELERY_EMBEDDED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the chunk to be redone (tasks are idempotent)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The schedule of every job; each entry names a thin task that calls one service (see docs/jobs.md).
# Each app's issue adds its entries here; docs/jobs.md lists them with their commands.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Daily, before the chain's daily run: a resident who passes the yearly re-test has the new year's
    # aanslagen remitted before any reminder falls due (docs/kwijtschelding.md, "Jaarlijkse toets").
    "kwijtschelding-hertoets": {
        "task": "kwijtschelding.hertoets",
        "schedule": crontab(hour=5, minute=0),
    },
    # Daily: a missed plan installment gets its reminder, call task or lapse (docs/betalen.md).
    "regelingen-bewaken": {
        "task": "invordering.tasks_betalen.regelingen_bewaken",
        "schedule": crontab(hour=6, minute=30),
    },
    # Daily, after the re-test (05:00) and the plan watch (06:30): the collection chain (docs/keten.md).
    "keten-draaien": {
        "task": "invordering.tasks_keten.keten_draaien",
        "schedule": crontab(hour=7, minute=0),
    },
    # Daily, after the chain's run: signals to debt help, offer letters, preconditions (docs/vroegsignalering.md).
    "vroegsignalering-signalen": {
        "task": "vroegsignalering.signalen_bepalen",
        "schedule": crontab(hour=7, minute=30),
    },
    # Nightly, after the day's bookings: the monitoring report's standard periods (docs/monitoring.md).
    "monitoring-snapshots": {
        "task": "monitoring.snapshots_bijwerken",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily, after the chain (07:00) and the signals (07:30) that ask for letters: the day's letters into
    # the archive, e-mail/SMS notices sent (docs/communicatie.md). The print file: `brieven --out`.
    "communicatie-brieven": {
        "task": "communicatie.brieven_verwerken",
        "schedule": crontab(hour=8, minute=0),
    },
}
# Task modules that are not named tasks.py (autodiscovery only finds those).
CELERY_IMPORTS = ["invordering.tasks_betalen", "invordering.tasks_keten"]

# --- Organisation (printed on letters, used for payments) ----------------------------------------
ORGANISATIE_NAAM = env.str("ORGANISATIE_NAAM", default="Belastingsamenwerking Voorbeeldregio")
ORGANISATIE_IBAN = env.str("ORGANISATIE_IBAN", default="NL44RABO0123456789")
ORGANISATIE_BIC = env.str("ORGANISATIE_BIC", default="RABONL2U")
ORGANISATIE_TELEFOON = env.str("ORGANISATIE_TELEFOON", default="088 123 45 67")
ORGANISATIE_EMAIL = env.str("ORGANISATIE_EMAIL", default="belastingen@example.org")
ORGANISATIE_WEBSITE = env.str("ORGANISATIE_WEBSITE", default="https://belastingen.example.org")
PORTAAL_BASIS_URL = env.str("PORTAAL_BASIS_URL", default="http://127.0.0.1:8000")
# Contact routes printed on every letter (seed 000: phone, e-mail, chat/app, counter by appointment).
ORGANISATIE_POSTADRES = env.str("ORGANISATIE_POSTADRES", default="Postbus 123, 1000 AA Voorbeeldstad")
ORGANISATIE_BALIE = env.str(
    "ORGANISATIE_BALIE",
    default="Stadhuisplein 1, Voorbeeldstad. Maak een afspraak via de telefoon of het portaal.",
)
ORGANISATIE_CHAT_URL = env.str("ORGANISATIE_CHAT_URL", default="https://belastingen.example.org/chat")
ORGANISATIE_WHATSAPP = env.str("ORGANISATIE_WHATSAPP", default="06 12 34 56 78")
ORGANISATIE_BEREIKBAAR = env.str(
    "ORGANISATIE_BEREIKBAAR", default="maandag tot en met vrijdag, 9.00 tot 17.00 uur"
)
ORGANISATIE_SCHULDHULP = env.str("ORGANISATIE_SCHULDHULP", default="het Geldloket: 14 020")
# SEPA Creditor Identifier (incassant-ID, from the Chamber of Commerce), e.g. NL69ZZZ123456780000 (made up).
# Without it export_incasso refuses to write a direct-debit file.
SEPA_CREDITOR_ID = env.str("SEPA_CREDITOR_ID", default="")

# --- Communicatie (letters, notices) -------------------------------------------------------------
# Days a payment link on a letter stays valid after the letter's date (at least until the pay-by date).
COMMUNICATIE_BETAALLINK_DAGEN = env.int("COMMUNICATIE_BETAALLINK_DAGEN", default=60)
# Processes that render letters for the print file; 0 means one per CPU core.
COMMUNICATIE_PROCESSEN = env.int("COMMUNICATIE_PROCESSEN", default=0)
# Function (dotted path) that gives the channel preference and addresses of letter recipients by key;
# communicatie knows no domain model, the core answers for its residents.
COMMUNICATIE_CONTACTGEGEVENS = env.str(
    "COMMUNICATIE_CONTACTGEGEVENS", default="invordering.schuldenoverzicht.contactgegevens"
)
# SMS backend (dotted path): the console backend prints; production sets a provider's backend.
SMS_BACKEND = env.str("SMS_BACKEND", default="communicatie.sms.ConsoleBackend")
SMS_AFZENDER = env.str("SMS_AFZENDER", default="Belasting")
# communicatie.sms.NotifyBackend: NotifyNL or another GOV.UK Notify API (docs/communicatie.md).
SMS_NOTIFY_URL = env.str("SMS_NOTIFY_URL", default="https://api.notifynl.nl")
SMS_NOTIFY_API_KEY = env.str("SMS_NOTIFY_API_KEY", default="")
SMS_NOTIFY_TEMPLATE_ID = env.str("SMS_NOTIFY_TEMPLATE_ID", default="")
SMS_NOTIFY_AFZENDER_ID = env.str("SMS_NOTIFY_AFZENDER_ID", default="")

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
