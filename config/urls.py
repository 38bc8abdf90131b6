from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from kern.converters import GemeenteCodeConverter
from kern.forms import InlogForm

register_converter(GemeenteCodeConverter, "gm")

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=InlogForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("kern.urls")),
    path("", include("inburgering.urls")),
    path("", include("spuk.urls")),
    path("", include("uitvoering.urls")),
    path("", include("werkboek.urls")),
    path("", include("rapportage.urls")),
]

handler403 = "kern.views.geen_toegang"
handler404 = "kern.views.niet_gevonden"
