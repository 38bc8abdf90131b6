"""A page and the total of its selection from one pass over the rows.

Django's Paginator runs COUNT(*) over the whole selection and then reads the page. When the
page cannot be read in order from an index (the selection filters or sorts on a figure of a
joined table: open amount, cohort of the commitment, latest invoice date), both queries make
the same pass (the join, the filter, the sort) over every row. PaginaMetTotaal reads the keys
of the page together with the total (COUNT(*) OVER ()) in that one pass, and the page's rows by
key: the same rows in the same order and the same exact total, one pass fewer.

With `som="veld"` the same pass also sums that field (or annotation) over the whole selection
(SUM(...) OVER ()), as `paginator.som`: a drill-down's total row, which must equal the figure it
explains, costs no query of its own. With `rijen_mee=True` the page's rows come from that pass
as well, one query in all: for a selection whose rows are plain columns and kept figures (a
subquery per row would run for every row of the selection, not for the page's).

Use it where the page query is a pass over the selection anyway; a list whose first page comes
from an index (25 rows read) is better served by Django's Paginator, since the window makes the
page query read every row; and when the kept standen know the selection's count (and total),
by BekendAantal: no pass over the selection at all.
"""

from decimal import Decimal

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRows


class BekendAantal(Paginator):
    """A Paginator whose row count is known (from the kept standen): no COUNT(*) over the
    selection, only the page's rows read (from an index in the list's order). `som`: the
    selection's total, known as well (a drill-down's total row, as PaginaMetTotaal.som)."""

    def __init__(self, object_list, per_page, *args, aantal: int, som=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.__dict__["count"] = aantal
        self.som = Decimal("0.00") if som is None else som


def _volgorde(qs) -> list:
    """The order of the QuerySet's rows: its order_by, else the model's ordering."""
    if qs.query.order_by:
        return list(qs.query.order_by)
    return list(qs.model._meta.ordering) if qs.query.default_ordering else []


class PaginaMetTotaal(Paginator):
    """A Paginator for a QuerySet, or for the rows of a django-tables2 table over a QuerySet
    (RequestConfig(paginate={"paginator_class": PaginaMetTotaal, ...}))."""

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        *,
        som=None,
        rijen_mee=False,
        **kwargs,
    ):
        # Orphans would move rows of the next page onto this one: not supported (never used).
        if orphans:
            raise ValueError("PaginaMetTotaal ondersteunt geen orphans.")
        super().__init__(object_list, per_page, 0, allow_empty_first_page, **kwargs)
        self.som_veld = som
        # `rijen_mee`: the page's rows themselves come with the total, one query in all. Only
        # for a selection whose rows cost nothing beyond the pass (no subquery per row in its
        # SELECT): the window computes every row's SELECT before it keeps the page.
        self.rijen_mee = rijen_mee
        self.som = Decimal("0.00")  # the sum of `som` over the selection, after page()

    def _queryset(self):
        if isinstance(self.object_list, BoundRows):
            return self.object_list.data.data  # the table's QuerySet, in the table's order
        return self.object_list

    def _nummer(self, number) -> int:
        """validate_number without the upper bound (that needs the total)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as fout:
            raise PageNotAnInteger(_("That page number is not an integer")) from fout
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        qs = self._queryset()
        if qs.query.distinct or qs.query.combinator:
            if self.som_veld:
                raise ValueError("PaginaMetTotaal telt geen som over DISTINCT of UNION.")
            # COUNT(*) OVER () would count the rows before DISTINCT / per part of a UNION.
            return super().page(number)
        number = self._nummer(number)
        bottom = (number - 1) * self.per_page
        # The place of each row comes from ROW_NUMBER over the list's own order (pk last, so
        # that ties keep one order from page to page), not from ORDER BY ... LIMIT: under a
        # LIMIT PostgreSQL costs the plan as if it could stop after the page, picks an index
        # in the list's order and then reads the whole selection through it for the total
        # (150,000 invoices one by one for a cohort's 24,573; measured 817 against 163 ms).
        vensters = {
            "_pagina_plaats": Window(RowNumber(), order_by=[*_volgorde(qs), "pk"]),
            "_pagina_totaal": Window(Count("*")),
        }
        if self.som_veld:
            vensters["_pagina_som"] = Window(Sum(self.som_veld))
        pagina = (
            qs.order_by()
            .annotate(**vensters)
            .filter(_pagina_plaats__gt=bottom, _pagina_plaats__lte=bottom + self.per_page)
        )
        if self.rijen_mee:
            rijen = sorted(pagina, key=lambda rij: rij._pagina_plaats)
            sleutels = [[getattr(rij, naam) for naam in vensters] + [rij.pk] for rij in rijen]
        else:
            sleutels = sorted(pagina.values_list(*vensters, "pk"))
        if sleutels:
            self.__dict__["count"] = sleutels[0][1]
            if self.som_veld:
                self.som = sleutels[0][2]
        elif number > 1:
            # Past the last page: the window saw no row, so count (validate_number raises).
            self.validate_number(number)
        else:
            self.__dict__["count"] = 0
            if not self.allow_empty_first_page:
                raise EmptyPage(_("That page contains no results"))
        if not self.rijen_mee:
            volgorde = [rij[-1] for rij in sleutels]
            per_pk = {rij.pk: rij for rij in qs.filter(pk__in=volgorde)} if volgorde else {}
            # A row removed between the two queries is left out, as a later page view would.
            rijen = [per_pk[pk] for pk in volgorde if pk in per_pk]
        if isinstance(self.object_list, BoundRows):
            rijen = BoundRows(data=rijen, table=self.object_list.table)
        return self._get_page(rijen, number, self)

    def get_page(self, number):
        """As Paginator.get_page: a page number that is no number gives the first page, one
        past the end the last page."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)
