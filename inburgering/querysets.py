"""R8's open amount, defined once: `Verplichting.objects.met_open_bedrag(peildatum=...)`.

Lists, signals, reports and the SPUK drill-downs all annotate through this method; raw SQL that
needs the figure embeds its compiled query (kern.sql.ingebed). What is invoiced per commitment
comes from its Factuurstand, which the database keeps with every invoice, less the invoices
dated after the peildatum: no sum over all invoices per row.
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

GELD = DecimalField(max_digits=14, decimal_places=2)


def _nul():
    return Value(Decimal("0.00"), output_field=GELD)


class VerplichtingQuerySet(models.QuerySet):
    def met_open_bedrag(self, peildatum: date | None = None):
        """Annotates `gefactureerd` and `open_bedrag` (R8): open(v) = max(0, bedrag -
        gefactureerd) while open, 0 once closed.

        Without a peildatum: everything invoiced, and closed is closed. On a peildatum: what was
        invoiced by that date, and closed only when it was closed on or before it."""
        gefactureerd = Coalesce(F("factuurstand__gefactureerd"), _nul())
        gesloten = Q(gesloten_op__isnull=False)
        if peildatum is not None:
            later = (
                apps.get_model("inburgering", "Factuur")
                .objects.filter(verplichting=OuterRef("pk"), datum__gt=peildatum)
                .order_by()
                .values("verplichting")
                .annotate(s=Sum("last"))  # the Factuurstand sums the last (R8 btw)
                .values("s")
            )
            # Only a commitment with an invoice after the peildatum (its Factuurstand knows the
            # latest date) asks for them: the CASE never runs the subquery for the others.
            gefactureerd = ExpressionWrapper(
                gefactureerd
                - Case(
                    When(
                        factuurstand__laatste_factuurdatum__gt=peildatum,
                        then=Coalesce(Subquery(later, output_field=GELD), _nul()),
                    ),
                    default=_nul(),
                    output_field=GELD,
                ),
                output_field=GELD,
            )
            gesloten = Q(gesloten_op__lte=peildatum)
        return self.annotate(gefactureerd=gefactureerd).annotate(
            # max(0, bedrag - gefactureerd) with the invoiced amount written once in the SQL
            # (a CASE comparing first and subtracting after repeats it, subquery and all).
            open_bedrag=Case(
                When(gesloten, then=_nul()),
                default=Greatest(
                    ExpressionWrapper(F("bedrag") - F("gefactureerd"), output_field=GELD),
                    _nul(),
                    output_field=GELD,
                ),
                output_field=GELD,
            )
        )
