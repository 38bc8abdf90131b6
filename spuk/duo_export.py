"""The differences with DUO as an Excel workbook (to send to DUO or file with the jaarrekening).
Texts go through kern.spreadsheet.bewaar, so a kenmerk that looks like a formula stays text."""

from openpyxl import Workbook
from openpyxl.styles import Font

from kern.spreadsheet import bewaar

from .models_duo import DuoVergelijking

KOPPEN = (
    "soort verschil",
    "regel in DUO's lijst",
    "kenmerk",
    "BSN",
    "doelgroep volgens DUO",
    "cohort volgens DUO",
    "doelgroep hier",
    "cohort hier",
    "waarom hier niet geteld",
    "bedrag volgens DUO",
    "bedrag hier",
    "geldeffect",
    "verklaard",
    "toelichting",
)


def duo_werkboek(vergelijking: DuoVergelijking) -> bytes:
    wb = Workbook()
    blad = wb.active
    blad.title = f"DUO 31-12-{vergelijking.jaar}"
    blad.append(
        [
            f"Telling van DUO op 31-12-{vergelijking.jaar} tegen het register, gemeente "
            f"{vergelijking.gemeente.code}: geldeffect {vergelijking.effect:.2f}"
        ]
    )
    blad["A1"].font = Font(bold=True)
    blad.append(list(KOPPEN))
    for cel in blad[2]:
        cel.font = Font(bold=True)
    for v in vergelijking.verschillen.all():
        blad.append(
            [
                v.get_soort_display(),
                v.rij,
                v.kenmerk,
                v.bsn_gemaskeerd,
                v.duo_doelgroep,
                v.duo_cohort,
                v.hier_doelgroep,
                v.hier_cohort,
                v.reden,
                v.bedrag_duo,
                v.bedrag_hier,
                v.effect,
                "ja" if v.is_verklaard else "nee",
                v.toelichting,
            ]
        )
        for cel in blad[blad.max_row][9:12]:
            cel.number_format = "#,##0.00"
    return bewaar(wb)
