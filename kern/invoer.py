"""Reading amounts, dates and BSNs as people type them. Pure functions, no Django.

Used by the browser forms and by the workbook import, so that "1.234,56" means the same
everywhere. Each parser raises OngeldigeInvoer with a Dutch sentence that says what is wrong
and what is expected.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .opmaak import nederlands_getal


class OngeldigeInvoer(ValueError):
    pass


# The one upper bound of every amount: the amount columns are DecimalField(max_digits=14,
# decimal_places=2), so |amount| < 10^12. Checked here, before any database sees it: SQLite
# would store a longer amount (and break every page that sums it), PostgreSQL would refuse it
# with an error instead of a sentence.
MAX_BEDRAG = Decimal("1000000000000")
MAX_BEDRAG_TEKST = "1.000.000.000.000"


def bedrag_fout(bedrag: Decimal) -> str | None:
    """The amount bound (|amount| < 10^12) as a Dutch sentence, or None when within it."""
    if abs(bedrag) >= MAX_BEDRAG:
        return (
            f"Het bedrag {nederlands_getal(bedrag)} is te groot: een bedrag is kleiner dan "
            f"{MAX_BEDRAG_TEKST} euro (hoogstens twaalf cijfers vóór de komma)."
        )
    return None


# The one range of plausible dates, for forms, the import and the services: a year 1 or 9999
# is a typing error, and SQLite and PostgreSQL treat such dates differently in date arithmetic.
EERSTE_DATUM = date(1900, 1, 1)
LAATSTE_DATUM = date(2200, 12, 31)


def datum_fout(datum: date) -> str | None:
    """A date outside 1900-2200 as a Dutch sentence, or None when plausible."""
    if not EERSTE_DATUM <= datum <= LAATSTE_DATUM:
        return (
            f"De datum {datum.day:02d}-{datum.month:02d}-{datum.year:04d} ligt niet in een "
            f"plausibel jaar; verwacht een datum tussen {EERSTE_DATUM.year} en "
            f"{LAATSTE_DATUM.year}."
        )
    return None


def datum_waarschuwing(
    datum: date, vandaag: date | None = None, *, toekomst: bool = True
) -> str | None:
    """A date that is possible but probably mistyped (a startdatum in 2035, a year before 2000)
    as a Dutch sentence, or None. Forms ask to confirm such a date (kern.forms.DatumField).
    toekomst=False where a rule of its own refuses a future date (the factuurdatum, R8)."""
    vandaag = vandaag or date.today()
    tekst = f"{datum.day:02d}-{datum.month:02d}-{datum.year:04d}"
    if datum.year < 2000:
        return f"De datum {tekst} ligt vóór 2000."
    if toekomst and (datum - vandaag).days > 366:
        return f"De datum {tekst} ligt meer dan een jaar in de toekomst."
    return None


_DUTCH = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_PLAIN = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")


def parse_bedrag(waarde) -> Decimal:
    """An amount in euros with at most 2 decimals.

    Accepts numbers, Dutch notation ("1.234,56", "1234,56"), plain notation ("1234.56") and an
    optional euro sign. "1.234" is read as Dutch (one thousand two hundred thirty-four), as a
    Dutch user means it; a dot followed by one or two digits ("12.5") is a decimal point.
    """
    if isinstance(waarde, bool):
        raise OngeldigeInvoer("Vul een bedrag in, bijvoorbeeld 1.234,56.")
    if isinstance(waarde, int):
        bedrag = Decimal(waarde)
    elif isinstance(waarde, float):
        # Excel stores numbers as binary floats; repr gives the shortest exact decimal text.
        bedrag = Decimal(repr(waarde))
    elif isinstance(waarde, Decimal):
        bedrag = waarde
    else:
        tekst = str(waarde or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if not tekst:
            raise OngeldigeInvoer("Vul een bedrag in, bijvoorbeeld 1.234,56.")
        negatief = tekst.startswith("-")
        if _DUTCH.fullmatch(tekst):
            tekst = tekst.replace(".", "").replace(",", ".")
        elif _PLAIN.fullmatch(tekst):
            tekst = tekst.replace(",", "")
        else:
            raise OngeldigeInvoer(
                f"'{waarde}' is geen bedrag. Verwacht een bedrag zoals 1.234,56 of 1234.56."
            )
        try:
            bedrag = Decimal(tekst)
        except InvalidOperation as exc:
            raise OngeldigeInvoer(
                f"'{waarde}' is geen bedrag. Verwacht een bedrag zoals 1.234,56 of 1234.56."
            ) from exc
        if negatief and bedrag > 0:
            bedrag = -bedrag
    if not bedrag.is_finite():
        raise OngeldigeInvoer(f"'{waarde}' is geen bedrag.")
    if abs(bedrag) >= MAX_BEDRAG:  # before quantize: 1E+300 has too many digits to round
        raise OngeldigeInvoer(bedrag_fout(bedrag) if bedrag.adjusted() < 30 else _TE_GROOT)
    if bedrag != bedrag.quantize(Decimal("0.01")):
        raise OngeldigeInvoer(
            f"Het bedrag {waarde} heeft meer dan 2 decimalen; een bedrag is in hele centen."
        )
    return bedrag.quantize(Decimal("0.01"))


_TE_GROOT = (
    f"Dit bedrag is te groot: een bedrag is kleiner dan {MAX_BEDRAG_TEKST} euro "
    "(hoogstens twaalf cijfers vóór de komma)."
)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_datum(waarde) -> date:
    """A date as ISO (2025-03-31), Dutch (31-03-2025) or a real Excel/Python date, within the
    plausible range (datum_fout)."""
    datum = _lees_datum(waarde)
    if fout := datum_fout(datum):
        raise OngeldigeInvoer(fout)
    return datum


def _lees_datum(waarde) -> date:
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    tekst = str(waarde or "").strip()
    if not tekst:
        raise OngeldigeInvoer("Vul een datum in, bijvoorbeeld 31-03-2025.")
    tekst = tekst.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} ", tekst) else tekst
    if m := _ISO.fullmatch(tekst):
        jaar, maand, dag = (int(x) for x in m.groups())
    elif m := _NL.fullmatch(tekst):
        dag, maand, jaar = (int(x) for x in m.groups())
    else:
        raise OngeldigeInvoer(
            f"'{waarde}' is geen datum. Verwacht een datum zoals 31-03-2025 of 2025-03-31."
        )
    try:
        return date(jaar, maand, dag)
    except ValueError as exc:
        raise OngeldigeInvoer(f"'{waarde}' is geen bestaande datum.") from exc


def is_geldig_bsn(bsn: str) -> bool:
    """The elfproef for a BSN: 9 digits, sum of digit*weight (9..2, -1) divisible by 11."""
    if not re.fullmatch(r"\d{9}", bsn or "") or bsn == "000000000":
        return False
    totaal = sum(int(c) * w for c, w in zip(bsn, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return totaal % 11 == 0


def parse_bsn(waarde) -> str:
    tekst = str(waarde or "").strip().replace(".", "").replace(" ", "")
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        tekst = str(int(waarde)).zfill(9)
    if len(tekst) == 8 and tekst.isdigit():
        tekst = "0" + tekst  # Excel drops the leading zero of a BSN typed as a number
    if not is_geldig_bsn(tekst):
        raise OngeldigeInvoer("Dit BSN klopt niet: verwacht 9 cijfers die voldoen aan de elfproef.")
    return tekst


def kenmerk_fout(kenmerk: str) -> str | None:
    """A kenmerk is the gemeente's own reference and is shown everywhere; a BSN typed there
    (9 digits that pass the elfproef, with or without dots and spaces) would be shown whole.
    The one check of the form, the service and the import."""
    cijfers = re.sub(r"[\s.\-]", "", kenmerk or "")
    if is_geldig_bsn(cijfers):
        return (
            "Dit kenmerk is een BSN (9 cijfers die voldoen aan de elfproef). Een BSN hoort in "
            "het veld BSN, dat versleuteld wordt opgeslagen; kies als kenmerk uw eigen "
            "klantreferentie, bijvoorbeeld K2026-014."
        )
    return None


def maskeer_bsn(bsn: str) -> str:
    """Only the last three digits are ever shown."""
    return f"******{bsn[-3:]}" if bsn else ""


_JA = {"ja", "j", "1", "true", "waar"}
_NEE = {"nee", "n", "0", "false", "onwaar"}


def parse_ja_nee(waarde) -> bool:
    """ja/nee as the workbook contract lists it: ja, nee, j, n, 1, 0, TRUE, FALSE (any case)."""
    if isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, int | float) and waarde in (0, 1):
        return bool(waarde)
    tekst = str(waarde or "").strip().casefold()
    if tekst in _JA:
        return True
    if tekst in _NEE:
        return False
    raise OngeldigeInvoer(f"'{waarde}' is geen ja of nee. Vul ja of nee in (of laat leeg).")
