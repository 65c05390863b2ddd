"""The portal's URLs, included at the site root by config/urls.py: the pages under /portaal/ and the DigiD
stand-in of django-digid-eherkenning (its views reverse ``digid-mock:...``, so it needs its own namespace;
outside mock mode the middleware answers 404 there)."""

from django.urls import include, path

from . import views

portaal_patterns = [
    path("", views.start, name="start"),
    path("inloggen/", views.inloggen, name="inloggen"),
    path("digid/acs/", views.digid_acs, name="digid_acs"),
    path("uitloggen/", views.uitloggen, name="uitloggen"),
    path("taal/", views.taal_kiezen, name="taal"),
    path("overzicht/", views.overzicht, name="overzicht"),
    path("aanslagen/<int:pk>/", views.aanslag, name="aanslag"),
    path("aanslagen/<int:pk>/betalen/", views.aanslag_betalen, name="aanslag_betalen"),
    path("betalen/<str:token>/", views.betaallink_betalen, name="betaallink"),
    path("testbank/<str:token>/", views.testbank, name="testbank"),
    path("betalen-klaar/", views.betaling_klaar, name="betaling_klaar"),
    path("mollie/melding/", views.mollie_melding, name="mollie_melding"),
    path("regeling/", views.regeling, name="regeling"),
    path("regeling/betalen/", views.regeling_betalen, name="regeling_betalen"),
    path("kwijtschelding/", views.kwijtschelding, name="kwijtschelding"),
    path("kwijtschelding/aanvragen/", views.kwijtschelding_aanvragen, name="kwijtschelding_aanvragen"),
    path("kwijtschelding/check/", views.kwijtschelding_check, name="kwijtschelding_check"),
    path("kwijtschelding/<int:pk>/", views.kwijtschelding_verzoek, name="kwijtschelding_verzoek"),
    path("kan-niet-betalen/", views.kan_niet_betalen, name="kan_niet_betalen"),
    path("contact/", views.contact, name="contact"),
    path("toestemmingen/", views.toestemmingen, name="toestemmingen"),
    path("brieven/", views.brieven, name="brieven"),
    path("brieven/<int:pk>/pdf/", views.brief_pdf, name="brief_pdf"),
    path("schuldenoverzicht/", views.schuldenoverzicht, name="schuldenoverzicht"),
]

urlpatterns = [
    path("portaal/", include((portaal_patterns, "portaal"))),
    path("portaal/digid-mock/", include("digid_eherkenning.mock.idp.digid_urls")),
]
