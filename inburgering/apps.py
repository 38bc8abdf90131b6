from django.apps import AppConfig


class InburgeringConfig(AppConfig):
    name = "inburgering"
    verbose_name = "Inburgering: register, verplichtingen en facturen"

    def ready(self):
        from kern.audit import BSN_AUDITZOEKERS

        from . import signals  # noqa: F401
        from .selectors import audit_van_bsn

        BSN_AUDITZOEKERS.append(audit_van_bsn)
