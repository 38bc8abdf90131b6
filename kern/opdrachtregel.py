"""Options of the management commands, read the same way by each (WERKBOEK.md contract): a
gemeente by its CBS code and a peildatum, with the same Dutch refusal in every command."""

from datetime import date

from django.core.management.base import CommandError

from .invoer import OngeldigeInvoer, parse_datum
from .models import Gemeente


def gemeente_optie(code: str) -> Gemeente:
    """--gemeente as the Gemeente with that CBS code, or the command's Dutch refusal."""
    gemeente = Gemeente.objects.filter(code=code).first()
    if gemeente is None:
        raise CommandError(
            f"Onbekende gemeente: {code}. Geef een bekende CBS-code, bijvoorbeeld GM0397."
        )
    return gemeente


def gemeente_ids_optie(code: str | None) -> list[int] | None:
    """--gemeente of a rebuild command: the one gemeente's id in a list, or None (all
    gemeenten) when the option is not given; an unknown code is gemeente_optie's refusal."""
    return None if not code else [gemeente_optie(code).pk]


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
