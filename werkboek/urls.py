from django.urls import path

from . import views

app_name = "werkboek"

urlpatterns = [
    path("<gm:gemeente>/werkboek/", views.overzicht, name="overzicht"),
    path("<gm:gemeente>/werkboek/sjabloon/", views.sjabloon, name="sjabloon"),
    path("<gm:gemeente>/werkboek/export/", views.exporteren, name="exporteren"),
    path("<gm:gemeente>/werkboek/import/<int:pk>/", views.importrun, name="import"),
    path("<gm:gemeente>/werkboek/import/<int:pk>/voortgang/", views.voortgang, name="voortgang"),
    path("<gm:gemeente>/werkboek/import/<int:pk>/bevestigen/", views.bevestigen, name="bevestigen"),
]
