from decimal import Decimal

from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory


def test_factories_maken_samenhangende_rijen(db):
    factuur = FactuurFactory(bedrag=Decimal("250.00"))
    v = factuur.verplichting
    assert v.gemeente == v.inburgeraar.gemeente == factuur.gemeente == v.aanbieder.gemeente
    assert v.cohort == v.inburgeraar.cohort == 2024
    assert v.voorziening.gemeente == v.gemeente
    assert InburgeraarFactory(gezin=True).doelgroep == "gezin"
    assert VerplichtingFactory(gesloten=True).gesloten_op is not None
