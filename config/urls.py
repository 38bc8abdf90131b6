from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from kern import oidc
from kern.converters import GemeenteCodeConverter
from kern.views import InlogView

register_converter(GemeenteCodeConverter, "gm")

urlpatterns = [
    path("inloggen/", InlogView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # SSO (kern/oidc.py): 404 unless OIDC_AAN. mozilla-django-oidc's own URL names.
    path("oidc/inloggen/", oidc.inloggen, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback, name="oidc_authentication_callback"),
    path("", include("kern.urls")),
    path("", include("inburgering.urls")),
    path("", include("spuk.urls")),
    path("", include("uitvoering.urls")),
    path("", include("werkboek.urls")),
    path("", include("rapportage.urls")),
    path("api/v1/", include("koppelingen.api.urls")),
    path("", include("koppelingen.urls")),
]

handler400 = "koppelingen.api.fouten.ongeldig_verzoek"
handler403 = "kern.views.geen_toegang"
handler404 = "koppelingen.api.fouten.niet_gevonden"
handler500 = "koppelingen.api.fouten.interne_fout"
