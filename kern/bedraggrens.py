"""The one amount bound of kern.invoer (MAX_BEDRAG), where the database and the services need it.

Forms and the import read amounts through kern.invoer.parse_bedrag, which refuses an amount of
10^12 or more with a Dutch sentence. The services check what they are given with the same
sentence (a caller that skips the form, such as the API or a script, hears the same thing), and
every money column carries a CHECK constraint with the same bound: SQLite would otherwise store
a 16-digit amount that breaks every page that sums it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from .invoer import MAX_BEDRAG, bedrag_fout


def bedraggrenzen(*velden: str) -> list[models.CheckConstraint]:
    """CHECK -MAX_BEDRAG < veld < MAX_BEDRAG for each money field (NULL passes, as it should)."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{veld}__gt": -MAX_BEDRAG, f"{veld}__lt": MAX_BEDRAG}),
            name=f"%(app_label)s_%(class)s_{veld}_grens",
        )
        for veld in velden
    ]


def controleer_bedragen(**bedragen: Decimal | None) -> None:
    """Raise a ValidationError per field whose amount is outside the bound (None is skipped), with
    kern.invoer's sentence, so a form shows it at the field."""
    fouten = {
        veld: [fout]
        for veld, bedrag in bedragen.items()
        if bedrag is not None and (fout := bedrag_fout(Decimal(bedrag)))
    }
    if fouten:
        raise ValidationError(fouten)
