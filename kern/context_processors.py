from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .rechten import gemeenten_van, rechten


def gemeenten(request):
    """The gemeenten the user may switch between and the rights in the current one."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    huidige = getattr(request, "gemeente", None)
    return {
        "mijn_gemeenten": gemeenten_van(request.user),
        "huidige_gemeente": huidige,
        "mijn_rechten": {str(r) for r in rechten(request.user, huidige)} if huidige else set(),
    }


# The main menu's links per gemeente: (name in the template, URL name).
_MENU = (
    ("overzicht", "kern:overzicht"),
    ("inburgeraars", "inburgering:inburgeraars"),
    ("verplichtingen", "inburgering:verplichtingen"),
    ("facturen", "inburgering:facturen"),
    ("signalen", "inburgering:signalen"),
    ("catalogus", "inburgering:catalogus"),
    ("spuk", "spuk:overzicht"),
    ("uitvoering", "uitvoering:overzicht"),
    ("dashboard", "rapportage:dashboard"),
    ("rapportage", "rapportage:overzicht"),
    ("werkboek", "werkboek:overzicht"),
    ("koppelingen", "koppelingen:journaal"),
    ("audit", "kern:audittrail"),
    ("beheer", "kern:beheer"),
    ("afsluiting", "kern:jaarafsluiting"),
)


@lru_cache(maxsize=1024)
def _menu(prefix: str, urlconf: str | None, code: str) -> dict[str, str]:
    links = {}
    for naam, url in _MENU:
        try:
            links[naam] = reverse(url, kwargs={"gemeente": code}, urlconf=urlconf)
        except NoReverseMatch:  # as {% url ... as var %}: an absent page has no link
            links[naam] = ""
    return links


@receiver(setting_changed)
def _vergeet_menu(setting, **kwargs):
    # A test that swaps the URLconf (as Django's own URL caches are cleared then).
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _menu.cache_clear()


def navigatie(request):
    """The main menu's links for the current gemeente: the same for every page and user of a
    gemeente, so reversed once per gemeente (and script prefix) instead of 15 times a page."""
    huidige = getattr(request, "gemeente", None)
    if huidige is None:
        return {}
    return {"navigatie": _menu(get_script_prefix(), get_urlconf(), huidige.code)}
