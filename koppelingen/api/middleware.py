"""Every answer under /api/ carries the API-Version header (Dutch API design rule API-57)."""

API_VERSIE = "1.0.0"


class ApiVersieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = API_VERSIE
        return response
