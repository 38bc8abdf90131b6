"""Options of the reporting commands, read the same way by each (WERKBOEK.md contract)."""

from datetime import date

from django.core.management.base import CommandError

from kern.invoer import OngeldigeInvoer, parse_datum


def peildatum_optie(peildatum: str | None) -> date | None:
    """--peildatum as a date (None when not given), or the command's Dutch refusal."""
    if not peildatum:
        return None
    try:
        return parse_datum(peildatum)
    except OngeldigeInvoer as exc:
        raise CommandError(
            f"De peildatum '{peildatum}' is geen geldige datum; verwacht JJJJ-MM-DD."
        ) from exc
