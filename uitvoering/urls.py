from django.urls import path

from . import views

app_name = "uitvoering"

urlpatterns = [
    path("<gm:gemeente>/uitvoering/", views.overzicht, name="overzicht"),
    path("<gm:gemeente>/uitvoering/<int:jaar>/", views.jaar, name="jaar"),
    path("<gm:gemeente>/uitvoering/budget/nieuw/", views.budget_nieuw, name="budget_nieuw"),
    path(
        "<gm:gemeente>/uitvoering/budget/<int:pk>/wijzigen/",
        views.budget_wijzigen,
        name="budget_wijzigen",
    ),
    path(
        "<gm:gemeente>/uitvoering/budget/<int:pk>/wijziging/",
        views.budgetwijziging_nieuw,
        name="budgetwijziging_nieuw",
    ),
    path("<gm:gemeente>/uitvoering/kosten/nieuw/", views.kostenregel_nieuw, name="kosten_nieuw"),
    path(
        "<gm:gemeente>/uitvoering/kosten/<int:pk>/wijzigen/",
        views.kostenregel_wijzigen,
        name="kosten_wijzigen",
    ),
    path("<gm:gemeente>/uitvoering/samenwerking/", views.samenwerking, name="samenwerking"),
    path("<gm:gemeente>/uitvoering/samenwerking/nieuw/", views.verband_nieuw, name="verband_nieuw"),
    path("<gm:gemeente>/uitvoering/samenwerking/<int:pk>/", views.verband, name="verband"),
    path(
        "<gm:gemeente>/uitvoering/samenwerking/<int:pk>/deelnemer/",
        views.deelnemer_nieuw,
        name="deelnemer_nieuw",
    ),
    path(
        "<gm:gemeente>/uitvoering/samenwerking/<int:pk>/verdeelsleutel/",
        views.verdeelsleutel,
        name="verdeelsleutel",
    ),
    path(
        "<gm:gemeente>/uitvoering/samenwerking/<int:pk>/kosten/nieuw/",
        views.verband_kostenregel_nieuw,
        name="verband_kosten_nieuw",
    ),
    path("<gm:gemeente>/uitvoering/uren/", views.uren, name="uren"),
    path("<gm:gemeente>/uitvoering/uren/nieuw/", views.uren_nieuw, name="uren_nieuw"),
]
