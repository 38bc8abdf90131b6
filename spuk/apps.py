from django.apps import AppConfig


class SpukConfig(AppConfig):
    name = "spuk"
    verbose_name = "SPUK: parameters, beschikkingen, ontvangsten en saldi"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
