from django.urls import path

from . import views

app_name = "rapportage"

SISA = "<gm:gemeente>/rapportage/sisa/<int:jaar>/"
PC = "<gm:gemeente>/rapportage/pc/"
JAARREKENING = "<gm:gemeente>/rapportage/jaarrekening/<int:jaar>/"

urlpatterns = [
    path("<gm:gemeente>/rapportage/", views.overzicht, name="overzicht"),
    path("<gm:gemeente>/rapportage/dashboard/", views.dashboard, name="dashboard"),
    path(SISA, views.sisa, name="sisa"),
    path(SISA + "sisa.xlsx", views.sisa_xlsx, name="sisa_xlsx"),
    path(SISA + "sisa.csv", views.sisa_csv, name="sisa_csv"),
    path(SISA + "bevriezen/", views.sisa_bevriezen, name="sisa_bevriezen"),
    path(SISA + "indicatoren/", views.sisa_indicatoren, name="sisa_indicatoren"),
    path(SISA + "indicatoren/importeren/", views.sisa_importeren, name="sisa_importeren"),
    path(
        SISA + "herkomst/<str:regeling>/<str:sleutel>/",
        views.sisa_herkomst,
        name="sisa_herkomst",
    ),
    path(
        "<gm:gemeente>/rapportage/sisa/landelijke-wijzigingen/",
        views.landelijke_wijzigingen,
        name="landelijke_wijzigingen",
    ),
    path(JAARREKENING, views.jaarrekening, name="jaarrekening"),
    path(JAARREKENING + "jaarrekening.xlsx", views.jaarrekening_xlsx, name="jaarrekening_xlsx"),
    path(
        JAARREKENING + "herkomst/<str:regeling>/<str:figuur>/",
        views.jaarrekening_herkomst,
        name="jaarrekening_herkomst",
    ),
    path(PC + "<int:jaar>/", views.pc, name="pc"),
    path(PC + "<int:jaar>/overzicht.xlsx", views.pc_xlsx, name="pc_xlsx"),
    path(PC + "<int:jaar>/begroting/", views.pc_begroting, name="pc_begroting"),
    path(PC + "<int:jaar>/meerjaren/", views.pc_meerjaren, name="pc_meerjaren"),
    path(PC + "<int:jaar>/stand/", views.pc_stand_opslaan, name="pc_stand_opslaan"),
    path(PC + "<int:jaar>/vergelijk/", views.pc_vergelijk, name="pc_vergelijk"),
    path(PC + "<int:jaar>/vergelijk.xlsx", views.pc_vergelijk_xlsx, name="pc_vergelijk_xlsx"),
    path(PC + "stand/<int:pk>/", views.pc_stand, name="pc_stand"),
    path(PC + "stand/<int:pk>/stand.xlsx", views.pc_stand_xlsx, name="pc_stand_xlsx"),
    path("<gm:gemeente>/rapportage/scenarios/", views.scenarios, name="scenarios"),
    path("<gm:gemeente>/rapportage/scenarios.xlsx", views.scenarios_xlsx, name="scenarios_xlsx"),
    path("<gm:gemeente>/rapportage/scenarios/nieuw/", views.scenario_nieuw, name="scenario_nieuw"),
    path(
        "<gm:gemeente>/rapportage/scenarios/<int:pk>/",
        views.scenario_wijzig,
        name="scenario_wijzig",
    ),
]
