from django.urls import path

from . import views

app_name = "kwijtschelding"

urlpatterns = [
    path("documenten/<int:pk>/", views.document_download, name="document"),
]
