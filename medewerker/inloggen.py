"""Staff sign-in: password (+ one-time code in production), throttled by django-axes."""

from functools import lru_cache

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.urls import reverse_lazy
from django_otp.views import LoginView as OtpLoginView

from . import voorbereid


class Inlogbegrenzing(AxesStandaloneBackend):
    """django-axes' throttle, but only where there is a request to throttle.

    Every login form passes the request. Code that authenticates without one (the test client's
    ``login``, a management command) has no address to count, so it is let through to the next
    backend instead of failing with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class Rechten(ModelBackend):
    """Django's ModelBackend with a staff member's permissions read in one query instead of two, and
    on a signed-in request together with the user: one statement per request instead of three.

    ModelBackend asks for the user's own permissions and for their groups' permissions separately on
    every request that checks a right; here both come from one UNION. Same answers, same per-request
    cache (``_perm_cache`` on the user), same rules for inactive, anonymous and superusers.
    """

    def get_user(self, user_id):
        """The session's user with their own and their groups' permissions (``_perm_cache`` filled)
        in one raw statement: every signed-in page checks a right, and building the two ORM queries
        cost more than running them."""
        UserModel = get_user_model()
        try:
            pk = UserModel._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(UserModel)
        connection = connections[alias]
        sql, velden = _gebruiker_sql()
        with voorbereid.cursor(connection) as cursor:
            cursor.execute(sql, [pk, pk, pk])
            rijen = cursor.fetchall()
        n = len(velden)
        gebruiker = [r for r in rijen if r[0] is not None]  # the pk is never NULL: the user's row
        if not gebruiker:
            return None
        waarden = list(gebruiker[0][:n])
        for i, (expressie, omzetters) in enumerate(_omzetters(alias)):
            for omzetter in omzetters:
                waarden[i] = omzetter(waarden[i], expressie, connection)
        user = UserModel.from_db(alias, velden, waarden)
        if not self.user_can_authenticate(user):
            return None
        if user.is_active and not user.is_superuser:
            # The same set get_all_permissions builds; superusers and inactive users keep its own path.
            user._perm_cache = {f"{r[n]}.{r[n + 1]}" for r in rijen if r[0] is None}
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            velden = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rijen = Permission.objects.values_list(*velden).order_by()
            else:
                rijen = (
                    Permission.objects.filter(user=user_obj)
                    .values_list(*velden)
                    .order_by()
                    .union(Permission.objects.filter(group__user=user_obj).values_list(*velden).order_by())
                )
            user_obj._perm_cache = {f"{app}.{codenaam}" for app, codenaam in rijen}
        return user_obj._perm_cache


@lru_cache(maxsize=1)
def _gebruiker_sql() -> tuple[str, list[str]]:
    """One row with the user's columns, then one row per permission (own or through a group) with the
    user's columns NULL: the user's datetimes are read once, not once per permission."""
    UserModel = get_user_model()
    velden = UserModel._meta.concrete_fields
    eigen = UserModel.user_permissions.through._meta.db_table
    groepen = UserModel.groups.through._meta.db_table
    groepsrechten = Group.permissions.through._meta.db_table
    recht, soort = Permission._meta.db_table, ContentType._meta.db_table
    kolommen = ", ".join(f'u."{v.column}"' for v in velden)
    leeg = ", ".join("NULL" for _ in velden)
    return (
        f"SELECT {kolommen}, NULL AS app_label, NULL AS codename "
        f'FROM "{UserModel._meta.db_table}" u WHERE u."{UserModel._meta.pk.column}" = %s '
        f"UNION ALL SELECT {leeg}, r.app_label, r.codename FROM ("
        f"SELECT ct.app_label, p.codename FROM {recht} p JOIN {soort} ct ON ct.id = p.content_type_id "
        f"JOIN {eigen} e ON e.permission_id = p.id WHERE e.user_id = %s "
        f"UNION SELECT ct.app_label, p.codename FROM {recht} p JOIN {soort} ct ON ct.id = p.content_type_id "
        f"JOIN {groepsrechten} gp ON gp.permission_id = p.id JOIN {groepen} ug ON ug.group_id = gp.group_id "
        f"WHERE ug.user_id = %s) r",
        [v.attname for v in velden],
    )


@lru_cache(maxsize=4)
def _omzetters(alias: str) -> list:
    """Per user column the converters the ORM would apply (SQLite's booleans and aware datetimes)."""
    connection = connections[alias]
    uit = []
    for veld in get_user_model()._meta.concrete_fields:
        expressie = veld.get_col("u")
        uit.append(
            (expressie, connection.ops.get_db_converters(expressie) + expressie.get_db_converters(connection))
        )
    return uit


class Inloggen(auth_views.LoginView):
    template_name = "medewerker/inloggen.html"
    redirect_authenticated_user = False
    next_page = reverse_lazy("medewerker:start")  # without ?next=, not Django's /accounts/profile/


class InloggenMetCode(OtpLoginView):
    template_name = "medewerker/inloggen.html"
    next_page = reverse_lazy("medewerker:start")


def inloggen(request, *args, **kwargs):
    view = InloggenMetCode if settings.MEDEWERKER_2FA else Inloggen
    return view.as_view(extra_context={"tweestaps": settings.MEDEWERKER_2FA})(request, *args, **kwargs)
