from django.urls import path, re_path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.rapport, name="rapport"),
    path("rapport.pdf", views.pdf, name="pdf"),
    path("proef/", views.proef, name="proef"),
    path("wat-als/", views.wat_als, name="wat_als"),
    re_path(r"^export/(?P<sectie>[a-z_]+)\.(?P<formaat>csv|xlsx)$", views.export, name="export"),
]
