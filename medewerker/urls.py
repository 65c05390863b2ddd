from django.urls import path

from . import inloggen, views

app_name = "medewerker"

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", inloggen.inloggen, name="inloggen"),
    path("uitloggen/", views.uitloggen, name="uitloggen"),
    path("zoeken/", views.zoeken, name="zoeken"),
    path("ijkpunt/", views.ijkpunt, name="ijkpunt"),
    path("tweestaps/", views.tweestaps, name="tweestaps"),
    path("werkbak/betalingen/", views.betalingen, name="betalingen"),
    path("werkbak/betalingen/<int:pk>/", views.betaling_behandelen, name="betaling_behandelen"),
    path("werkbak/terugkoppeling/", views.terugkoppelingen, name="terugkoppelingen"),
    path("werkbak/terugkoppeling/<int:pk>/", views.terugkoppeling_behandeld, name="terugkoppeling_behandeld"),
    path("werkbak/<slug:sleutel>/", views.werkbak, name="werkbak"),
    path("taken/toewijzen/", views.toewijzen, name="toewijzen"),
    path("dossier/<int:pk>/", views.dossier_view, name="dossier"),
    path("dossier/<int:pk>/contact/", views.actie_contact, name="contact"),
    path("dossier/<int:pk>/pauze/", views.actie_pauze, name="pauze"),
    path("dossier/<int:pk>/pauze/<int:pauze_pk>/einde/", views.actie_pauze_einde, name="pauze_einde"),
    path("dossier/<int:pk>/inkomen/", views.actie_inkomen, name="inkomen"),
    path("dossier/<int:pk>/bvv/", views.actie_bvv, name="bvv"),
    path("dossier/<int:pk>/toestemming/", views.actie_toestemming, name="toestemming"),
    path("dossier/<int:pk>/verwijzen/", views.actie_verwijzen, name="verwijzen"),
    path("dossier/<int:pk>/schuldenoverzicht/", views.actie_schuldenoverzicht, name="schuldenoverzicht"),
    path("dossier/<int:pk>/oninbaar/", views.actie_oninbaar, name="oninbaar"),
    path("dossier/<int:pk>/contactgegevens/", views.actie_contactgegevens, name="contactgegevens"),
    path("dossier/<int:pk>/taak/<int:taak_pk>/afronden/", views.actie_taak_afronden, name="taak_afronden"),
    path(
        "dossier/<int:pk>/kwijtschelding/<int:verzoek_pk>/aanvullen/",
        views.actie_kwijtschelding_aanvullen,
        name="kwijtschelding_aanvullen",
    ),
    path(
        "dossier/<int:pk>/kwijtschelding/<int:verzoek_pk>/beslissen/",
        views.actie_kwijtschelding_beslissen,
        name="kwijtschelding_beslissen",
    ),
    path("dossier/<int:pk>/regeling/", views.regeling, name="regeling"),
    path("dossier/<int:pk>/kwijtschelding/", views.kwijtschelding, name="kwijtschelding"),
    path("oninbaar/", views.voorstellen_open, name="voorstellen"),
    path("oninbaar/<int:pk>/", views.voorstel, name="voorstel"),
    path("inzagelog/", views.inzagelog, name="inzagelog"),
    path("verwerkingen/", views.verwerkingen, name="verwerkingen"),
]
