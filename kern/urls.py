from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_audit, views_beheer, views_jaarafsluiting, views_mfa
from .wachtwoord import WachtwoordWijzigenView

app_name = "kern"

urlpatterns = [
    path("", views.start, name="start"),
    path("gezond/", views.gezond, name="gezond"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "account/wachtwoord/",
        WachtwoordWijzigenView.as_view(),
        name="wachtwoord_wijzigen",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="wachtwoord_gewijzigd",
    ),
    path("account/tweestaps/", views_mfa.verifieren, name="mfa_verifieren"),
    path("account/tweestaps/instellen/", views_mfa.instellen, name="mfa_instellen"),
    path("account/tweestaps/herstelcodes/", views_mfa.herstelcodes, name="mfa_herstelcodes"),
    path("<gm:gemeente>/", views.overzicht, name="overzicht"),
    path("<gm:gemeente>/audittrail/", views_audit.audittrail, name="audittrail"),
    path(
        "<gm:gemeente>/audittrail/<slug:object_type>/<str:object_id>/",
        views_audit.audit_record,
        name="audit_record",
    ),
    path(
        "<gm:gemeente>/jaarafsluiting/", views_jaarafsluiting.jaarafsluiting, name="jaarafsluiting"
    ),
    path(
        "<gm:gemeente>/jaarafsluiting/<int:pk>/bevestigen/",
        views_jaarafsluiting.jaarafsluiting_bevestigen,
        name="jaarafsluiting_bevestigen",
    ),
    path(
        "<gm:gemeente>/jaarafsluiting/<int:pk>/heropenen/",
        views_jaarafsluiting.jaarafsluiting_heropenen,
        name="jaarafsluiting_heropenen",
    ),
    path(
        "<gm:gemeente>/jaarafsluiting/<int:pk>/intrekken/",
        views_jaarafsluiting.jaarafsluiting_intrekken,
        name="jaarafsluiting_intrekken",
    ),
    path("<gm:gemeente>/beheer/", views_beheer.beheer, name="beheer"),
    path("<gm:gemeente>/beheer/rollen/", views_beheer.rol_toekennen, name="rol_toekennen"),
    path(
        "<gm:gemeente>/beheer/rollen/<int:pk>/intrekken/",
        views_beheer.rol_intrekken,
        name="rol_intrekken",
    ),
    path(
        "<gm:gemeente>/beheer/gebruikers/nieuw/",
        views_beheer.gebruiker_nieuw,
        name="gebruiker_nieuw",
    ),
    path(
        "<gm:gemeente>/beheer/gebruikers/<int:pk>/deactiveren/",
        views_beheer.gebruiker_deactiveren,
        name="gebruiker_deactiveren",
    ),
    path(
        "<gm:gemeente>/beheer/gebruikers/<int:pk>/activeren/",
        views_beheer.gebruiker_activeren,
        name="gebruiker_activeren",
    ),
    path(
        "<gm:gemeente>/beheer/gebruikers/<int:pk>/wachtwoord/",
        views_beheer.wachtwoord_herstellen,
        name="wachtwoord_herstellen",
    ),
]
