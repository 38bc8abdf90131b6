from django.urls import path

from . import views, views_efacturen, views_journaal

app_name = "koppelingen"

urlpatterns = [
    path("<gm:gemeente>/beheer/api-clients/", views.api_clients, name="api_clients"),
    path("<gm:gemeente>/beheer/api-clients/<int:pk>/", views.api_client, name="api_client"),
    path(
        "<gm:gemeente>/beheer/api-clients/<int:pk>/intrekken/",
        views.api_client_intrekken,
        name="api_client_intrekken",
    ),
    path("<gm:gemeente>/journaal/", views_journaal.journaal, name="journaal"),
    path(
        "<gm:gemeente>/journaal/bijwerken/",
        views_journaal.journaal_bijwerken_view,
        name="journaal_bijwerken",
    ),
    path(
        "<gm:gemeente>/journaal/exporteren/",
        views_journaal.journaal_exporteren,
        name="journaal_exporteren",
    ),
    path(
        "<gm:gemeente>/journaal/exports/<int:pk>/<slug:formaat>/",
        views_journaal.journaal_export_bestand,
        name="journaal_export_bestand",
    ),
    path(
        "<gm:gemeente>/journaal/instellingen/",
        views_journaal.journaal_instellingen,
        name="journaal_instellingen",
    ),
    path("<gm:gemeente>/e-facturen/", views_efacturen.efacturen, name="efacturen"),
    path(
        "<gm:gemeente>/e-facturen/<int:pk>/",
        views_efacturen.efacturen_inlezing,
        name="efacturen_inlezing",
    ),
    path(
        "<gm:gemeente>/e-facturen/<int:pk>/boeken/",
        views_efacturen.efacturen_boeken,
        name="efacturen_boeken",
    ),
    path(
        "<gm:gemeente>/e-facturen/export/",
        views_efacturen.factuurexport_inlezen,
        name="factuurexport_inlezen",
    ),
    path(
        "<gm:gemeente>/e-facturen/kolommen/",
        views_efacturen.factuurkolommen,
        name="factuurkolommen",
    ),
]
