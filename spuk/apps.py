from django.apps import AppConfig


class SpukConfig(AppConfig):
    name = "spuk"
    verbose_name = "SPUK: parameters, beschikkingen, ontvangsten en saldi"

    def ready(self) -> None:
        # signals connects the receivers. tasks registers the tasks with Celery at start-up:
        # spuk.planning finds them by name, and in process (no worker, no autodiscovery)
        # nothing else would import them.
        from . import signals, tasks  # noqa: F401
