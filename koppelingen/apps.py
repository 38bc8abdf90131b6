from django.apps import AppConfig


class KoppelingenConfig(AppConfig):
    """Connections to the gemeente's own systems: the REST API, journal entries, e-invoices.

    The top layer: it reads inburgering, spuk and rapportage and writes only through their
    services, so every door refuses the same bad input with the same message.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "koppelingen"
    verbose_name = "Koppelingen"
