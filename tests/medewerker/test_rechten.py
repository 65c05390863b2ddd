"""Who may see what: per role, sign-in with two factors, throttling, session timeout."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from medewerker import rechten
from medewerker.inloggen import Rechten
from medewerker.models import Dossierinzage
from medewerker.sessie import SLEUTEL, SessionStore

from .conftest import als, code, met_code

pytestmark = pytest.mark.django_db


def test_zonder_inloggen_naar_het_inlogscherm(client, persoon):
    for url in (reverse("medewerker:start"), reverse("medewerker:dossier", args=[persoon.pk])):
        antwoord = client.get(url)
        assert antwoord.status_code == 302
        assert antwoord.url.startswith(reverse("medewerker:inloggen"))
    assert not Dossierinzage.objects.exists()


def test_medewerker_ziet_werkbakken_en_dossiers_maar_niet_het_log_of_vier_ogen(client, medewerker, persoon):
    als(client, medewerker)
    assert client.get(reverse("medewerker:start")).status_code == 200
    assert client.get(reverse("medewerker:dossier", args=[persoon.pk])).status_code == 200
    assert client.get(reverse("medewerker:inzagelog")).status_code == 403
    assert client.get(reverse("medewerker:werkbak", args=["vier_ogen"])).status_code == 403
    assert client.get(reverse("medewerker:voorstellen")).status_code == 403
    start = client.get(reverse("medewerker:start")).content.decode()
    assert "Vier ogen" not in start


def test_teamleider_ziet_ook_vier_ogen(client, teamleider, persoon):
    als(client, teamleider)
    assert client.get(reverse("medewerker:werkbak", args=["vier_ogen"])).status_code == 200
    assert client.get(reverse("medewerker:voorstellen")).status_code == 200
    assert client.get(reverse("medewerker:dossier", args=[persoon.pk])).status_code == 200
    assert client.get(reverse("medewerker:inzagelog")).status_code == 403


def test_functioneel_beheer_leest_het_log_maar_opent_geen_dossier(client, beheerder, persoon):
    als(client, beheerder)
    assert client.get(reverse("medewerker:inzagelog")).status_code == 200
    assert client.get(reverse("medewerker:dossier", args=[persoon.pk])).status_code == 403
    assert client.get(reverse("medewerker:zoeken"), {"q": persoon.bsn}).status_code == 403
    assert not Dossierinzage.objects.exists()


def test_medewerker_zonder_recht_op_kwijtschelding_beslissen_ziet_geen_formulier(
    client, beheerder, medewerker, persoon
):
    """Acting needs the action's own right: a POST without it is refused and changes nothing."""
    als(client, beheerder)
    antwoord = client.post(
        reverse("medewerker:pauze", args=[persoon.pk]), {"reden": "handmatig", "toelichting": "x"}
    )
    assert antwoord.status_code == 403
    assert not persoon.pauzes.exists()


def test_demo_accounts_loggen_in_op_de_standaardinstallatie(client, rollen_klaar):
    from invordering.demo import demo_accounts

    demo_accounts()
    assert settings.MEDEWERKER_2FA is False  # embedded default: DEBUG on
    antwoord = client.post(
        reverse("medewerker:inloggen"), {"username": "medewerker", "password": "demo-medewerker-2026"}
    )
    assert antwoord.status_code == 302
    # Without a ?next= the officer lands on the worklists, not on Django's default profile URL.
    assert antwoord.url == reverse("medewerker:start")
    assert client.get(reverse("medewerker:start")).status_code == 200


def test_met_twee_factoren_is_een_code_nodig(client, medewerker, settings):
    settings.MEDEWERKER_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the wrong code in this test
    apparaat = TOTPDevice.objects.create(user=medewerker, name="app", confirmed=True)
    # Password alone does not open the dashboard.
    als(client, medewerker)
    antwoord = client.get(reverse("medewerker:start"))
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("medewerker:inloggen"))
    client.logout()
    fout = client.post(reverse("medewerker:inloggen"), met_code("mila", apparaat, "000000"))
    assert fout.status_code == 200  # form again, with an error
    assert client.get(reverse("medewerker:start")).status_code == 302
    goed = client.post(reverse("medewerker:inloggen"), met_code("mila", apparaat, code(apparaat)))
    assert goed.status_code == 302
    assert client.get(reverse("medewerker:start")).status_code == 200


def test_het_beheer_vraagt_dezelfde_twee_factoren(client, django_user_model, settings):
    """The admin holds every resident's data: in production its login asks for the code too, and a
    session signed in with the password alone (elsewhere) is not let in."""
    settings.MEDEWERKER_2FA = True
    beheerder = django_user_model.objects.create_superuser("fb", password="geheim-wachtwoord-123")
    apparaat = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    index = reverse("admin:index")

    client.force_login(beheerder)  # password only
    assert client.get(index).status_code == 302
    client.logout()
    zonder_code = client.post(
        reverse("admin:login"), {"username": "fb", "password": "geheim-wachtwoord-123", "next": index}
    )
    assert zonder_code.status_code == 200 and 'name="otp_token"' in zonder_code.content.decode()
    assert client.get(index).status_code == 302

    ingelogd = client.post(reverse("admin:login"), met_code("fb", apparaat, code(apparaat), next=index))
    assert ingelogd.status_code == 302
    assert client.get(index).status_code == 200

    # Without 2FA (the embedded demo) the password is enough, as on the dashboard.
    client.logout()
    settings.MEDEWERKER_2FA = False
    client.post(reverse("admin:login"), {"username": "fb", "password": "geheim-wachtwoord-123"})
    assert client.get(index).status_code == 200


def test_te_vaak_fout_blokkeert_ook_het_goede_wachtwoord(client, medewerker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("medewerker:inloggen"), {"username": "mila", "password": "fout"})
    antwoord = client.post(
        reverse("medewerker:inloggen"), {"username": "mila", "password": "geheim-wachtwoord-123"}
    )
    assert antwoord.status_code == 429
    assert "_auth_user_id" not in client.session


def _sessie_schrijft(ctx) -> bool:
    return any(q["sql"].startswith("UPDATE") and "django_session" in q["sql"] for q in ctx.captured_queries)


def test_sessie_verloopt_na_inactiviteit_zonder_schrijven_bij_elk_verzoek(client, medewerker):
    """The timeout counts from the last request (to within SESSIE_VERLENGEN_NA seconds), but a request
    shortly after the last renewal does not rewrite the session row."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    als(client, medewerker)
    client.get(reverse("medewerker:start"))
    sleutel = client.session.session_key
    eerst = Session.objects.get(session_key=sleutel).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("medewerker:start")).status_code == 200
    assert not _sessie_schrijft(ctx)
    assert Session.objects.get(session_key=sleutel).expire_date == eerst
    # The last renewal longer ago than the margin: this request renews the timeout.
    sessie = client.session
    sessie[SLEUTEL] -= settings.SESSIE_VERLENGEN_NA + 1
    sessie.save()
    Session.objects.filter(session_key=sleutel).update(expire_date=eerst - timedelta(minutes=5))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("medewerker:start"))
    assert _sessie_schrijft(ctx)
    verlengd = Session.objects.get(session_key=sleutel).expire_date
    assert verlengd >= eerst
    assert verlengd > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # A page that does not use the session (the health check) neither reads nor writes it.
    with CaptureQueriesContext(connection) as ctx:
        client.get("/healthz")
    assert not any("django_session" in q["sql"] for q in ctx.captured_queries)


def test_rechten_in_een_query_uit_eigen_en_groepsrechten(medewerker, django_assert_num_queries):
    """The backend reads a staff member's own and their groups' permissions together, once."""
    eigen = Permission.objects.get(codename="view_dossierinzage")
    medewerker.user_permissions.add(eigen)
    gebruiker = get_user_model().objects.get(pk=medewerker.pk)
    with django_assert_num_queries(1):
        assert gebruiker.has_perm("medewerker.view_dossierinzage")  # own
        assert gebruiker.has_perm(rechten.OPENEN)  # from the officers' group
        assert not gebruiker.has_perm(rechten.ONINBAAR_GOEDKEUREN)  # the teamleider's
    assert ModelBackend().get_all_permissions(get_user_model().objects.get(pk=medewerker.pk)) == (
        gebruiker.get_all_permissions()
    )
    gebruiker.is_active = False
    del gebruiker._perm_cache
    assert not gebruiker.has_perm(rechten.OPENEN)


def test_gebruiker_met_rechten_in_een_query_zoals_de_orm(medewerker, django_assert_num_queries):
    """The session's user comes with their permissions in one statement: the same field values
    (aware datetimes, booleans) as the ORM's user and the same permissions as ModelBackend."""
    medewerker.user_permissions.add(Permission.objects.get(codename="view_dossierinzage"))
    medewerker.last_login = timezone.now()
    medewerker.save()
    with django_assert_num_queries(1):
        gebruiker = Rechten().get_user(str(medewerker.pk))
        assert gebruiker.has_perm("medewerker.view_dossierinzage")  # own
        assert gebruiker.has_perm(rechten.OPENEN)  # from the officers' group
        assert not gebruiker.has_perm(rechten.ONINBAAR_GOEDKEUREN)
    orm = get_user_model().objects.get(pk=medewerker.pk)
    for veld in get_user_model()._meta.concrete_fields:
        assert getattr(gebruiker, veld.attname) == getattr(orm, veld.attname), veld.name
    assert timezone.is_aware(gebruiker.last_login) and gebruiker.is_active is True
    assert gebruiker._perm_cache == ModelBackend().get_all_permissions(orm)
    assert gebruiker._state.db == "default" and not gebruiker._state.adding


def test_gebruiker_zonder_rechten_inactief_superuser_of_onbekend(medewerker, django_user_model):
    zonder = django_user_model.objects.create_user("zonder", password="geheim-wachtwoord-123")
    assert Rechten().get_user(zonder.pk).get_all_permissions() == set()
    inactief = django_user_model.objects.create_user("inactief", password="geheim-wachtwoord-123")
    inactief.groups.set(medewerker.groups.all())
    inactief.is_active = False
    inactief.save()
    assert Rechten().get_user(inactief.pk) is None  # as ModelBackend: cannot authenticate
    baas = django_user_model.objects.create_superuser("baas", password="geheim-wachtwoord-123")
    gebruiker = Rechten().get_user(baas.pk)
    assert gebruiker.has_perm(rechten.ONINBAAR_GOEDKEUREN) and gebruiker.has_perm(rechten.LOG_LEZEN)
    assert gebruiker.get_all_permissions() == ModelBackend().get_all_permissions(baas)
    assert Rechten().get_user(10**9) is None
    assert Rechten().get_user("geen-getal") is None


def test_sessie_gelezen_met_een_query_en_verlopen_telt_niet(django_assert_num_queries):
    sessie = SessionStore()
    sessie["x"] = 1
    sessie.save()
    with django_assert_num_queries(1):
        assert SessionStore(sessie.session_key)["x"] == 1
    Session.objects.filter(session_key=sessie.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    verlopen = SessionStore(sessie.session_key)
    assert verlopen.get("x") is None and verlopen.session_key is None
    with django_assert_num_queries(0):
        assert SessionStore("kort").get("x") is None  # a malformed key is not looked up


def test_uitloggen_maakt_de_sessie_ongeldig(client, medewerker):
    als(client, medewerker)
    assert client.get(reverse("medewerker:ijkpunt")).status_code == 200
    sleutel = client.session.session_key
    client.post(reverse("medewerker:uitloggen"))
    client.cookies["sessionid"] = sleutel  # the old cookie replayed
    assert client.get(reverse("medewerker:ijkpunt")).status_code == 302


def test_hete_statements_voorbereid_op_postgresql(client, medewerker):
    """On PostgreSQL the session and user statements are prepared on the connection (planned once),
    and still counted and logged as queries."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    als(client, medewerker)
    client.get(reverse("medewerker:ijkpunt"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("medewerker:ijkpunt")).status_code == 200
    assert len(ctx.captured_queries) == 2
    assert "FROM django_session WHERE session_key" in ctx.captured_queries[0]["sql"]  # logged when re-run
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        voorbereid = [r[0] for r in cursor.fetchall()]
    assert any("FROM django_session" in s for s in voorbereid), voorbereid
    assert any("auth_permission" in s for s in voorbereid)
