"""Searching by BSN without the BSN ever landing in a URL, an access log, the history or a page.

The filter form of a list posts (POST-redirect-GET); a whole BSN typed in its `zoek` box is
swapped for its keyed hash (kern.bsn.zoeksleutel) in the hidden `bsn` filter before the
redirect, so the URL the browser then shows carries only the hash. A BSN typed straight into a
URL (`?zoek=111222333`) is swapped the same way. Used by the inburgering lists and the audit
trail, whose filters have a hidden `bsn` filter that matches on the hash.
"""

from django.http import QueryDict
from django.shortcuts import redirect

from . import bsn as bsn_opslag
from .invoer import is_geldig_bsn


def als_bsn(tekst: str) -> str | None:
    schoon = (tekst or "").strip().replace(" ", "").replace(".", "")
    return schoon if is_geldig_bsn(schoon) else None


class BsnVeiligZoeken:
    """For a FilterView whose filterset has a `zoek` and a hidden `bsn` filter."""

    def post(self, request, *args, **kwargs):
        query = QueryDict(mutable=True)
        for naam, waarden in request.POST.lists():
            if naam != "csrfmiddlewaretoken" and any(w.strip() for w in waarden):
                query.setlist(naam, waarden)
        if not query:
            # Nothing to filter on: simply the (unfiltered) list, as a GET would show it.
            request.GET = QueryDict()
            return super().get(request, *args, **kwargs)
        return self._zonder_bsn(request, query) or redirect(f"{request.path}?{query.urlencode()}")

    def get(self, request, *args, **kwargs):
        return self._zonder_bsn(request, request.GET.copy()) or super().get(
            request, *args, **kwargs
        )

    def _zonder_bsn(self, request, query: QueryDict):
        """A whole BSN in the search box is swapped for its keyed hash (exact match) before
        anything is shown, so it never appears in the page, its links or an export."""
        gezocht = als_bsn(query.get("zoek", ""))
        if "bsn" not in self.filterset_class.base_filters or gezocht is None:
            return None
        query.pop("zoek")
        query.pop("page", None)
        query["bsn"] = bsn_opslag.zoeksleutel(gezocht)
        return redirect(f"{request.path}?{query.urlencode()}")
