from django.urls import path

from . import views

app_name = "communicatie"
urlpatterns = [path("brieven/<int:pk>/pdf/", views.brief_pdf, name="brief_pdf")]
