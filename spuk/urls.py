from django.urls import path

from . import views, views_duo

app_name = "spuk"

urlpatterns = [
    path("<gm:gemeente>/spuk/", views.overzicht, name="overzicht"),
    path("<gm:gemeente>/spuk/cohorten/", views.cohorten, name="cohorten"),
    path("<gm:gemeente>/spuk/cohorten/<int:cohort>/<slug:cijfer>/", views.cohort, name="cohort"),
    path("<gm:gemeente>/spuk/telling/", views.telling_view, name="telling"),
    path("<gm:gemeente>/spuk/dekking/<int:pk>/", views.dekking, name="dekking"),
    path("<gm:gemeente>/spuk/herberekenen/", views.herbereken, name="herbereken"),
    path("<gm:gemeente>/spuk/status/", views.status, name="status"),
    path("<gm:gemeente>/spuk/parameters/", views.parameters, name="parameters"),
    path("<gm:gemeente>/spuk/beschikkingen/", views.beschikkingen, name="beschikkingen"),
    path("<gm:gemeente>/spuk/ontvangsten/", views.ontvangsten, name="ontvangsten"),
    path("<gm:gemeente>/spuk/grootboek/", views.grootboek, name="grootboek"),
    path("<gm:gemeente>/spuk/herverdeling/<int:jaar>/", views.herverdeling, name="herverdeling"),
    path("<gm:gemeente>/spuk/duo/", views_duo.duo_overzicht, name="duo"),
    path("<gm:gemeente>/spuk/duo/kolommen/", views_duo.duo_kolommen, name="duo_kolommen"),
    path("<gm:gemeente>/spuk/duo/<int:pk>/", views_duo.duo_vergelijking, name="duo_vergelijking"),
    path("<gm:gemeente>/spuk/duo/verschil/<int:pk>/", views_duo.duo_verklaar, name="duo_verklaar"),
]
