from django.urls import path

from . import views

app_name = "inburgering"

urlpatterns = [
    path("<gm:gemeente>/inburgeraars/", views.InburgeraarLijst.as_view(), name="inburgeraars"),
    path("<gm:gemeente>/inburgeraars/nieuw/", views.inburgeraar_nieuw, name="inburgeraar_nieuw"),
    path("<gm:gemeente>/inburgeraars/<int:pk>/", views.inburgeraar, name="inburgeraar"),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/status/", views.status_wijzigen, name="status_wijzigen"
    ),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/vrijgeven/",
        views.alles_vrijgeven,
        name="alles_vrijgeven",
    ),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/vestiging/",
        views.vestiging_wijzigen,
        name="vestiging_wijzigen",
    ),
    path("<gm:gemeente>/verplichtingen/", views.VerplichtingLijst.as_view(), name="verplichtingen"),
    path(
        "<gm:gemeente>/verplichtingen/nieuw/", views.verplichting_nieuw, name="verplichting_nieuw"
    ),
    path("<gm:gemeente>/verplichtingen/<int:pk>/", views.verplichting, name="verplichting"),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/factuur/", views.factuur_nieuw, name="factuur_nieuw"
    ),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/wijzigen/",
        views.verplichting_wijzigen,
        name="verplichting_wijzigen",
    ),
    path("<gm:gemeente>/verplichtingen/<int:pk>/vrijval/", views.vrijval, name="vrijval"),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/herfinanciering/",
        views.herfinanciering,
        name="herfinanciering",
    ),
    path("<gm:gemeente>/facturen/", views.FactuurLijst.as_view(), name="facturen"),
    path("<gm:gemeente>/facturen/btw/", views.btw_overzicht, name="btw"),
    path("<gm:gemeente>/signalen/", views.signalen, name="signalen"),
    path("<gm:gemeente>/catalogus/", views.catalogus, name="catalogus"),
    path(
        "<gm:gemeente>/catalogus/voorzieningen/<int:pk>/classificatie/",
        views.voorziening_classificatie,
        name="voorziening_classificatie",
    ),
    path(
        "<gm:gemeente>/catalogus/aanbieders/nieuw/", views.aanbieder_nieuw, name="aanbieder_nieuw"
    ),
    path("<gm:gemeente>/catalogus/tarieven/nieuw/", views.tarief_nieuw, name="tarief_nieuw"),
]
