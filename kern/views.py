from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .forms import InlogForm
from .models import Rol
from .rechten import Recht, rollen, zichtbare_gemeenten
from .views_base import gemeente_view


def start(request):
    """After login: straight to the only gemeente, or a choice between several."""
    gemeenten = list(zichtbare_gemeenten(request.user))
    gekozen = request.GET.get("gemeente")
    if gekozen and any(g.code == gekozen for g in gemeenten):
        return redirect("kern:overzicht", gemeente=gekozen)
    if len(gemeenten) == 1:
        return redirect("kern:overzicht", gemeente=gemeenten[0].code)
    return render(request, "kern/start.html", {"gemeenten": gemeenten})


@gemeente_view(Recht.LEZEN)
def overzicht(request, gemeente):
    """The landing page: who you are, your roles here, and the tasks your roles allow."""
    namen = [Rol(rol).label for rol in rollen(request.user, gemeente)]
    return render(request, "kern/overzicht.html", {"gemeente": gemeente, "rollen": namen})


def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@never_cache
def gezond(request):
    """Health check for docker-compose and load balancers: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on every page, before login too: the product's own icon."""
    svg = (settings.BASE_DIR / "static" / "img" / "favicon.svg").read_bytes()
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def csrf_fout(request, reason=""):
    """Django's CSRF failure page, in Dutch: usually an expired form after a long pause."""
    return render(request, "403_csrf.html", status=403)


class InlogView(auth_views.LoginView):
    """The login page; with SSO on (OIDC_AAN) also the button to the gemeente's own login."""

    authentication_form = InlogForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            oidc_aan=settings.OIDC_AAN,
            oidc_idp_naam=settings.OIDC_IDP_NAAM,
            sso_mislukt=settings.OIDC_AAN and self.request.GET.get("sso") == "mislukt",
            **kwargs,
        )
