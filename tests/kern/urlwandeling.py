"""Walking every URL of the product, for the access test and the accessibility test.

Each app describes its URLs in tests/<app>/url_voorbeelden.py:

    VOORBEELDEN = {"app:naam": lambda gemeente: {...}}
        For every URL whose route has the `gemeente` converter (and every other URL with
        parameters): a function that creates, for that gemeente, whatever object the URL needs
        (with factories) and returns the URL kwargs besides `gemeente`. An empty dict when only
        `gemeente` is needed. A key "_query" adds a query string ("jaar=2024").
    MUTATIES = {"app:naam": Recht.X}
        URLs whose POST changes data, with the right required to POST.
    LEES_RECHTEN = {"app:naam": Recht.X}      (optional)
        The right required to GET when it is not LEZEN (the audit trail needs AUDIT_LEZEN).
    GET_STATUS = {"app:naam": 302}            (optional)
        A documented answer to GET other than 200: 302 for a page that redirects, 405 for a
        POST-only endpoint.
    OPENBAAR = {"naam"}                       (optional)
        URLs that need no login (the login page).
"""

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kern.rechten import Recht

TESTS = Path(__file__).resolve().parent.parent
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class UrlPatroon:
    naam: str
    route: str

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(a or b for a, b in _PARAMETER.findall(self.route))

    @property
    def heeft_gemeente(self) -> bool:
        return "gemeente" in self.parameters

    @property
    def extra_parameters(self) -> tuple[str, ...]:
        return tuple(p for p in self.parameters if p != "gemeente")

    def __str__(self) -> str:
        return self.naam


def _wandel(patronen, prefix: str, namespaces: list[str]):
    for patroon in patronen:
        route = prefix + str(patroon.pattern)
        if isinstance(patroon, URLResolver):
            ns = namespaces + [patroon.namespace] if patroon.namespace else namespaces
            yield from _wandel(patroon.url_patterns, route, ns)
        elif isinstance(patroon, URLPattern):
            naam = ":".join(namespaces + [patroon.name]) if patroon.name else ""
            yield UrlPatroon(naam=naam, route=route)


def alle_patronen() -> list[UrlPatroon]:
    """Every URL pattern of the project, in URLconf order; a nameless one has naam ""."""
    return list(_wandel(get_resolver().url_patterns, "", []))


@dataclass
class Voorbeelden:
    voorbeelden: dict = field(default_factory=dict)
    mutaties: dict = field(default_factory=dict)
    lees_rechten: dict = field(default_factory=dict)
    get_status: dict = field(default_factory=dict)
    openbaar: set = field(default_factory=set)
    herkomst: dict = field(default_factory=dict)
    dubbel: list = field(default_factory=list)
    # A url_voorbeelden.py that does not import: reported by one test, the others still run.
    fouten: list = field(default_factory=list)


def verzamel_voorbeelden() -> Voorbeelden:
    """Read every tests/*/url_voorbeelden.py; a name declared in two files is reported."""
    v = Voorbeelden()
    for pad in sorted(TESTS.glob("*/url_voorbeelden.py")):
        bron = f"tests/{pad.parent.name}/url_voorbeelden.py"
        try:
            module = importlib.import_module(f"tests.{pad.parent.name}.url_voorbeelden")
        except Exception as exc:  # noqa: BLE001
            v.fouten.append(f"{bron}: {exc!r}")
            continue
        for attribuut, doel in (
            ("VOORBEELDEN", v.voorbeelden),
            ("MUTATIES", v.mutaties),
            ("LEES_RECHTEN", v.lees_rechten),
            ("GET_STATUS", v.get_status),
        ):
            for naam, waarde in getattr(module, attribuut, {}).items():
                if naam in doel:
                    v.dubbel.append(f"{naam} in {attribuut} van {bron} en {v.herkomst[naam]}")
                doel[naam] = waarde
                v.herkomst.setdefault(naam, bron)
        v.openbaar |= set(getattr(module, "OPENBAAR", set()))
    return v


def url_voor(patroon: UrlPatroon, gemeente_code: str | None, kwargs: dict) -> str:
    kwargs = dict(kwargs)
    query = kwargs.pop("_query", "")
    if gemeente_code is not None:
        kwargs["gemeente"] = gemeente_code
    url = reverse(patroon.naam, kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


def lees_recht(v: Voorbeelden, naam: str) -> Recht:
    return v.lees_rechten.get(naam, Recht.LEZEN)
