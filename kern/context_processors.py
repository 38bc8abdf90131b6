from .rechten import rechten, zichtbare_gemeenten


def gemeenten(request):
    """The gemeenten the user may switch between and the rights in the current one."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    huidige = getattr(request, "gemeente", None)
    return {
        "mijn_gemeenten": zichtbare_gemeenten(request.user),
        "huidige_gemeente": huidige,
        "mijn_rechten": {str(r) for r in rechten(request.user, huidige)} if huidige else set(),
    }
