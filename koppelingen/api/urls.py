"""/api/v1/...: no gemeente in the paths (a client belongs to one), no trailing slash."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"


class Documentatie(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package, its start script a separate file: works under the
    strict Content Security Policy and without network."""

    template_name = "koppelingen/api_documentatie.html"
    authentication_classes = []
    permission_classes = []
    title = "API Inburgering financiën"


class Schema(SpectacularJSONAPIView):
    authentication_classes = []
    permission_classes = []


def _open(view):
    # The API authenticates with tokens, not the browser session: outside LoginRequiredMiddleware.
    return login_not_required(view)


urlpatterns = [
    path("openapi.json", _open(Schema.as_view()), name="schema"),
    path("docs", _open(Documentatie.as_view(url_name="api:schema")), name="docs"),
    path("inburgeraars", _open(views.InburgeraarLijst.as_view()), name="inburgeraars"),
    path("inburgeraars/<int:pk>", _open(views.InburgeraarDetail.as_view()), name="inburgeraar"),
    path("verplichtingen", _open(views.VerplichtingLijst.as_view()), name="verplichtingen"),
    path("verplichtingen/<int:pk>", _open(views.VerplichtingDetail.as_view()), name="verplichting"),
    path("facturen", _open(views.FactuurLijst.as_view()), name="facturen"),
    path("facturen/<int:pk>", _open(views.FactuurDetail.as_view()), name="factuur"),
    path("ontvangsten", _open(views.OntvangstLijst.as_view()), name="ontvangsten"),
    path("saldi", _open(views.Saldi.as_view()), name="saldi"),
    path("sisa/<int:jaar>", _open(views.Sisa.as_view()), name="sisa"),
    path(
        "signalen/verplichtingen-zonder-factuur",
        _open(views.SignaalZonderFactuur.as_view()),
        name="signalen_zonder_factuur",
    ),
    path(
        "signalen/gestopt-met-open",
        _open(views.SignaalGestoptMetOpen.as_view()),
        name="signalen_gestopt_met_open",
    ),
]
