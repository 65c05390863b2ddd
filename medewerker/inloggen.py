"""Staff sign-in: password (+ one-time code in production), throttled by django-axes."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.urls import reverse_lazy
from django_otp.views import LoginView as OtpLoginView


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
    """Django's ModelBackend with a staff member's permissions read in one query instead of two.

    ModelBackend asks for the user's own permissions and for their groups' permissions separately on
    every request that checks a right; here both come from one UNION. Same answers, same per-request
    cache (``_perm_cache`` on the user), same rules for inactive, anonymous and superusers.
    """

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
