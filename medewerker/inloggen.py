"""Staff sign-in: password (+ one-time code in production), throttled by django-axes."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import views as auth_views
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
