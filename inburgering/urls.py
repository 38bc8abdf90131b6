from django.urls import path

from .views import catalogus, inburgeraars, lijsten, overzichten, verplichtingen

app_name = "inburgering"

urlpatterns = [
    path("<gm:gemeente>/inburgeraars/", lijsten.InburgeraarLijst.as_view(), name="inburgeraars"),
    path(
        "<gm:gemeente>/inburgeraars/nieuw/",
        inburgeraars.inburgeraar_nieuw,
        name="inburgeraar_nieuw",
    ),
    path("<gm:gemeente>/inburgeraars/<int:pk>/", inburgeraars.inburgeraar, name="inburgeraar"),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/status/",
        inburgeraars.status_wijzigen,
        name="status_wijzigen",
    ),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/vrijgeven/",
        inburgeraars.alles_vrijgeven,
        name="alles_vrijgeven",
    ),
    path(
        "<gm:gemeente>/inburgeraars/<int:pk>/vestiging/",
        inburgeraars.vestiging_wijzigen,
        name="vestiging_wijzigen",
    ),
    path(
        "<gm:gemeente>/verplichtingen/", lijsten.VerplichtingLijst.as_view(), name="verplichtingen"
    ),
    path(
        "<gm:gemeente>/verplichtingen/nieuw/",
        verplichtingen.verplichting_nieuw,
        name="verplichting_nieuw",
    ),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/", verplichtingen.verplichting, name="verplichting"
    ),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/factuur/",
        verplichtingen.factuur_nieuw,
        name="factuur_nieuw",
    ),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/wijzigen/",
        verplichtingen.verplichting_wijzigen,
        name="verplichting_wijzigen",
    ),
    path("<gm:gemeente>/verplichtingen/<int:pk>/vrijval/", verplichtingen.vrijval, name="vrijval"),
    path(
        "<gm:gemeente>/verplichtingen/<int:pk>/herfinanciering/",
        verplichtingen.herfinanciering,
        name="herfinanciering",
    ),
    path("<gm:gemeente>/facturen/", lijsten.FactuurLijst.as_view(), name="facturen"),
    path("<gm:gemeente>/facturen/btw/", overzichten.btw_overzicht, name="btw"),
    path("<gm:gemeente>/signalen/", overzichten.signalen, name="signalen"),
    path("<gm:gemeente>/catalogus/", catalogus.catalogus, name="catalogus"),
    path(
        "<gm:gemeente>/catalogus/voorzieningen/<int:pk>/classificatie/",
        catalogus.voorziening_classificatie,
        name="voorziening_classificatie",
    ),
    path(
        "<gm:gemeente>/catalogus/aanbieders/nieuw/",
        catalogus.aanbieder_nieuw,
        name="aanbieder_nieuw",
    ),
    path("<gm:gemeente>/catalogus/tarieven/nieuw/", catalogus.tarief_nieuw, name="tarief_nieuw"),
]
