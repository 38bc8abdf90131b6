"""Warm up a server process before it forks its workers (config/gunicorn.conf.py, preload_app).

Django compiles a template and imports a view module the first time a request needs it, in
every worker process on its own: after a (re)start each of the workers pays for every page
once, and under load those first requests wait behind each other. Done once in gunicorn's
master before the fork, the URL patterns (so every view module) are loaded and every template
is compiled into the cached loader; the workers inherit them. Touches no database.
"""

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def warm_op() -> int:
    """Loads every URL pattern and compiles every template; returns how many templates."""
    from django.template import TemplateSyntaxError, engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    aantal = 0
    for backend in engines.all():
        engine = getattr(backend, "engine", None)
        if engine is None:
            continue
        for loader in engine.template_loaders:
            for folder in loader.get_dirs():
                for bestand in sorted(Path(folder).rglob("*.html")):
                    try:
                        backend.get_template(bestand.relative_to(folder).as_posix())
                    except TemplateSyntaxError:
                        # A fragment that only compiles inside its parent: left to the request.
                        logger.debug("Niet vooraf vertaald: %s", bestand)
                        continue
                    aantal += 1
    return aantal
