from django.urls import path

from . import views

app_name = "kern"

urlpatterns = [
    path("", views.start, name="start"),
    path("<gm:gemeente>/", views.overzicht, name="overzicht"),
]
