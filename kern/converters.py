class GemeenteCodeConverter:
    """A CBS gemeente code in a URL: /GM0397/..."""

    regex = r"GM\d{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return getattr(value, "code", value)
