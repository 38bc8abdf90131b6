"""The one way a view finds its gemeente and checks the user's rights."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Gemeente
from .rechten import Recht, heeft_recht, rechten, toegekende_gemeente


def gemeente_van_verzoek(request, code: str, recht: Recht) -> Gemeente:
    """Resolve the gemeente in the URL: 404 unless granted to the user, 403 without the right."""
    # One query for the gemeente and the rights: the user's roles with their gemeenten. A
    # gemeente that does not exist and one not granted both answer 404.
    gemeente = toegekende_gemeente(request.user, code)
    gebruikersrechten = rechten(request.user, gemeente) if gemeente is not None else frozenset()
    if not gebruikersrechten:
        raise Http404("Onbekende gemeente.")
    if recht not in gebruikersrechten:
        raise PermissionDenied("Uw rol staat deze handeling niet toe.")
    request.gemeente = gemeente
    request.rechten = gebruikersrechten
    return gemeente


class GemeenteMixin:
    """For class-based views under /<gemeente>/...: sets self.gemeente after the checks."""

    recht: Recht = Recht.LEZEN

    def dispatch(self, request, *args, **kwargs):
        self.gemeente = gemeente_van_verzoek(
            request, kwargs["gemeente"], self.vereist_recht(request)
        )
        return super().dispatch(request, *args, **kwargs)

    def vereist_recht(self, request) -> Recht:
        return self.recht

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gemeente"] = self.gemeente
        return context


class MuterendeGemeenteMixin(GemeenteMixin):
    """Reading the form needs LEZEN only when `recht_get` says so; posting needs `recht`."""

    recht_get: Recht | None = None

    def vereist_recht(self, request) -> Recht:
        if request.method in ("GET", "HEAD") and self.recht_get is not None:
            return self.recht_get
        return self.recht


_ZELFDE_RECHT = object()


def gemeente_view(recht: Recht = Recht.LEZEN, *, post=_ZELFDE_RECHT):
    """Decorator for function views: passes the checked gemeente as the `gemeente` argument.

    The one way to declare rights per request method: `recht` is what reading needs, `post`
    what a POST needs (by default the same; `None`: the page changes nothing, so a POST is a
    403). A gemeente not granted to the user is a 404 either way.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, gemeente, *args, **kwargs):
            nodig = recht
            if request.method == "POST" and post is not _ZELFDE_RECHT:
                if post is None:
                    gemeente_van_verzoek(request, gemeente, Recht.LEZEN)  # 404 before 403
                    raise PermissionDenied(_("Deze pagina kan niets wijzigen."))
                nodig = post
            return view(request, gemeente_van_verzoek(request, gemeente, nodig), *args, **kwargs)

        return wrapper

    return decorator


def heeft(request, recht: Recht) -> bool:
    return heeft_recht(request.user, request.gemeente, recht)


# --- query parameters and redirects: never a 500, never off-site -----------------------------

# The largest id a PostgreSQL bigint holds: a longer number is not an id (and would make the
# database raise instead of finding nothing).
_GROOTSTE_ID = 2**63 - 1


def geheel_getal(waarde: str | None) -> int | None:
    """A whole number from a query parameter, or None for anything else (`?inburgeraar=abc`,
    `?jaar=1e999`, 30 digits): a bad parameter means 'not given', never a 500."""
    try:
        getal = int((waarde or "").strip())
    except ValueError:
        return None
    return getal if -_GROOTSTE_ID <= getal <= _GROOTSTE_ID else None


def lokale_url(request, url: str | None, standaard: str) -> str:
    """`url` when it stays on this site (a `next`/`terug` field), else `standaard`: an
    attacker's link must not send a user, after a real action, to a look-alike site."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return standaard


class VastePaginagrootte:
    """For django-tables2 list views: the page size is the view's, not the URL's. A
    `?per_page=-1` broke the page (500) and `?per_page=100000000` would render every row."""

    def get_table(self, **kwargs):
        # django-tables2 reads the page size from the query parameter named per_page_field;
        # a name no link ever carries switches that reading off.
        return super().get_table(per_page_field="_vaste_paginagrootte", **kwargs)
