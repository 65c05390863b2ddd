from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kwijtschelding/", include("kwijtschelding.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("medewerker/", include("medewerker.urls")),
    path("communicatie/", include("communicatie.urls")),
    path("", include("portaal.urls")),
    path("", RedirectView.as_view(pattern_name="portaal:start", permanent=False)),
]
