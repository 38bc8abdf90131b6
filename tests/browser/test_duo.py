"""DUO's count in a real browser: upload with the keyboard-usable form, see the differences,
explain one; every page axe-clean, the error page too."""

import pytest

from kern.models import Rol
from spuk.models import DuoVerschil
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker
from tests.spuk.test_duo import DUO_LIJST, als_csv, als_xlsx
from tests.spuk.test_duo import register as register  # noqa: F401, PLC0414 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_duo_lijst_uploaden_en_verklaren(pagina, live_server, gemeente, register, tmp_path):  # noqa: F811
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    fouten = {}
    pagina.goto(f"{live_server.url}/{gemeente.code}/spuk/")
    pagina.get_by_role("link", name="Telling van DUO").click()
    fouten["overzicht"] = axe_schendingen(pagina)

    slecht = tmp_path / "duo-fout.csv"
    slecht.write_bytes(als_csv([["123", "", "asiel", 2025]]))
    pagina.get_by_label("Teljaar").select_option("2025")
    pagina.get_by_label("Lijst van DUO").set_input_files(str(slecht))
    pagina.get_by_role("button", name="Vergelijken met het register").click()
    assert pagina.get_by_text("Regel 2: het BSN eindigend op 123 klopt niet").is_visible()
    fouten["fout"] = axe_schendingen(pagina)

    goed = tmp_path / "duo-2025.xlsx"
    goed.write_bytes(als_xlsx(DUO_LIJST))
    pagina.get_by_label("Lijst van DUO").set_input_files(str(goed))
    pagina.get_by_role("button", name="Vergelijken met het register").click()
    assert pagina.get_by_text("het bestand is weggegooid").first.is_visible()
    assert pagina.get_by_text("27.677,00").first.is_visible()
    fouten["vergelijking"] = axe_schendingen(pagina)

    pagina.get_by_role("link", name="Verklaren K-E").click()
    fouten["verklaren"] = axe_schendingen(pagina)
    pagina.get_by_label("Toelichting").fill("Vertrokken naar het buitenland.")
    pagina.get_by_role("button", name="Verklaring opslaan").click()
    assert pagina.get_by_text("Vertrokken naar het buitenland.").is_visible()
    assert DuoVerschil.objects.get(kenmerk="K-E").is_verklaard

    pagina.goto(f"{live_server.url}/{gemeente.code}/spuk/duo/kolommen/")
    fouten["kolommen"] = axe_schendingen(pagina)
    fouten = {k: v for k, v in fouten.items() if v}
    assert not fouten, "\n".join(f"{k}:\n{beschrijf(v)}" for k, v in fouten.items())
