"""Property: whatever lands in the cells, the importer ends in either a clean import or a clean
problem list (never an exception), and a problem list means nothing was written."""

import copy
from datetime import date, datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kern.models import Gemeente
from werkboek.formaat import TABBLADEN
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, met_verhuizing_btw_en_onderwijsroute

# Every sheet and column, the optional Voorzieningen sheet and issue 11's columns included.
BASIS = met_verhuizing_btw_en_onderwijsroute()
CELLEN = [
    (tabblad.naam, index, kolom)
    for tabblad in TABBLADEN
    for index in range(len(BASIS[tabblad.naam]))
    for kolom in tabblad.kolomnamen
]
LASTIG = [
    "",
    "   ",
    "Asiel",
    " asiel ",
    "gezin",
    "overstap",
    "SPUK-IV",
    "UITVOERING",
    "B1",
    "INTAKE",
    "1.234,56",
    "1.234,567",
    "1234.5",
    "-0,01",
    "0",
    "€ 12,00",
    "31-02-2024",
    "2024-13-01",
    "01-03-2024",
    "B001",
    "V-001",
    "V-003",
    "Taalschool Noord",
    "111222333",
    "GM0397",
    "GM039",
    "9" * 60,
    "=SUM(A1:A2)",
    "#N/A",
    "ja",
    "nee",
    "Wi2013",
    "doelgroep",
    "tijdelijk_vrijgesteld",
    "spuk",
    "SPUK-OR",
    "OR",
    "2099",
]
tekst = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
WAARDEN = st.one_of(
    st.none(),
    st.sampled_from(LASTIG),
    tekst,
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 1, 1)),
    st.booleans(),
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(wijzigingen=st.lists(st.tuples(st.sampled_from(CELLEN), WAARDEN), min_size=1, max_size=4))
def test_willekeurige_celwaarden_geven_een_import_of_een_nette_probleemlijst(wijzigingen):
    rijen = copy.deepcopy(BASIS)
    for (tabblad, index, kolom), waarde in wijzigingen:
        rijen[tabblad][index][kolom] = waarde
    with transaction.atomic():
        uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="willekeurig.xlsx")
        if uitkomst.is_geldig:
            assert uitkomst.geschreven
            assert Gemeente.objects.filter(code=uitkomst.gemeente_code).exists()
        else:
            assert not uitkomst.geschreven
            assert not Gemeente.objects.exists()
            for probleem in uitkomst.problemen:
                assert probleem.melding.strip() and "Traceback" not in probleem.melding
                # The checks catch everything before the database has to refuse it.
                assert "De database weigerde" not in probleem.melding
                assert probleem.rij is None or probleem.rij >= 1
        transaction.set_rollback(True)
