"""Reads for the uitvoering figures (R11), aggregated in SQL."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from .models import Kostenregel, Uitvoeringsbudget

NUL = Decimal("0.00")


@dataclass(frozen=True)
class UitvoeringJaar:
    jaar: int
    budget: Decimal
    kosten: Decimal

    @property
    def tekort(self) -> Decimal:
        """R11: positive means the costs exceed the budget from the gemeentefonds."""
        return self.kosten - self.budget


def uitvoering_per_jaar(gemeente, peildatum: date | None = None) -> list[UitvoeringJaar]:
    """Budget, costs and tekort per year up to the peildatum's year (every year with either)."""
    budgetten = Uitvoeringsbudget.objects.filter(gemeente=gemeente)
    kosten = Kostenregel.objects.filter(gemeente=gemeente)
    if peildatum is not None:
        budgetten = budgetten.filter(jaar__lte=peildatum.year)
        kosten = kosten.filter(jaar__lte=peildatum.year)
    budget_per_jaar = dict(
        budgetten.values("jaar").annotate(s=Sum("bedrag")).values_list("jaar", "s")
    )
    kosten_per_jaar = dict(kosten.values("jaar").annotate(s=Sum("bedrag")).values_list("jaar", "s"))
    return [
        UitvoeringJaar(
            jaar=jaar,
            budget=budget_per_jaar.get(jaar) or NUL,
            kosten=kosten_per_jaar.get(jaar) or NUL,
        )
        for jaar in sorted(set(budget_per_jaar) | set(kosten_per_jaar))
    ]
