from django.urls import path

from . import views

app_name = "koppelingen"

urlpatterns = [
    path("<gm:gemeente>/beheer/api-clients/", views.api_clients, name="api_clients"),
    path("<gm:gemeente>/beheer/api-clients/<int:pk>/", views.api_client, name="api_client"),
    path(
        "<gm:gemeente>/beheer/api-clients/<int:pk>/intrekken/",
        views.api_client_intrekken,
        name="api_client_intrekken",
    ),
]
