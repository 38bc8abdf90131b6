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
