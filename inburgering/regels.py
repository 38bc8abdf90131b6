"""The rules of the register (R2) and of commitments and invoices (R8), as pure functions
(no Django).

Services, forms and the workbook import all check through these, so each rule lives in one
place. Each check returns None when fine, or a Dutch sentence saying what is wrong and what is
expected.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kern.opmaak import euro

NUL = Decimal("0.00")
SPUK = ("SPUK-IV", "SPUK-OR")


def cohort(startdatum: date) -> int:
    """R2: the cohort is the year of the startdatum (the registration proposal names it)."""
    return startdatum.year


def open_bedrag(bedrag: Decimal, gefactureerd: Decimal, gesloten: bool) -> Decimal:
    """R8: open(v) = max(0, amount - invoiced) while open; 0 once closed or released."""
    if gesloten:
        return NUL
    return max(NUL, bedrag - gefactureerd)


def schot_fout(classificatie: str, financiering: str, voorziening_code: str = "") -> str | None:
    """R8 schot: a voorziening classified as uitvoering never comes out of the SPUK."""
    if classificatie == "uitvoering" and financiering in SPUK:
        wat = f"De voorziening {voorziening_code}" if voorziening_code else "Deze voorziening"
        return (
            f"{wat} is uitvoering en mag niet uit de {financiering} betaald worden (het schot). "
            "Kies financiering UITVOERING of OVERIG."
        )
    return None


BOVEN_OPEN = "boven_open"


def factuur_boven_open(
    *, bedrag: Decimal, bedrag_verplichting: Decimal, gefactureerd: Decimal, gesloten: bool
) -> bool:
    """R8: an invoice on an open commitment above what is open; raising the commitment helps
    (the page then links to doing that)."""
    return (
        bedrag > 0
        and not gesloten
        and bedrag > open_bedrag(bedrag_verplichting, gefactureerd, gesloten)
    )


def factuur_fout(
    *, bedrag: Decimal, bedrag_verplichting: Decimal, gefactureerd: Decimal, gesloten: bool
) -> str | None:
    """R8: no invoice above what is open; a credit note may not take the total below zero."""
    if bedrag == 0:
        return "Een factuur van 0,00 heeft geen betekenis. Vul het factuurbedrag in."
    if bedrag > 0:
        if gesloten:
            return (
                "Deze verplichting is gesloten; er kan niets meer op gefactureerd worden. "
                "Maak een nieuwe verplichting aan."
            )
        open_ = open_bedrag(bedrag_verplichting, gefactureerd, gesloten)
        if factuur_boven_open(
            bedrag=bedrag,
            bedrag_verplichting=bedrag_verplichting,
            gefactureerd=gefactureerd,
            gesloten=gesloten,
        ):
            return (
                f"Het factuurbedrag {formatteer(bedrag)} is hoger dan wat nog open staat "
                f"({formatteer(open_)}). Hoog eerst de verplichting op, met een reden."
            )
    elif gefactureerd + bedrag < 0:
        return (
            f"Deze creditfactuur ({formatteer(bedrag)}) is groter dan wat op de verplichting "
            f"gefactureerd is ({formatteer(gefactureerd)})."
        )
    return None


def statusvolgorde_fout(eerdere_data: Iterable[date], nieuwe_datum: date) -> str | None:
    """The status history never goes back in time."""
    laatste = max(eerdere_data, default=None)
    if laatste is not None and nieuwe_datum < laatste:
        return (
            f"De datum {nieuwe_datum:%d-%m-%Y} ligt vóór de laatste statuswijziging "
            f"({laatste:%d-%m-%Y}). Een statusgeschiedenis gaat niet terug in de tijd."
        )
    return None


def dubbele_status_fout(
    eerdere: Iterable[tuple[date, str, str]], datum: date, status: str, leerroute: str = ""
) -> str | None:
    """A status change (date, status, leerroute) is recorded once: the browser refuses it
    twice as the import refuses the same row twice (and an export stays re-importable)."""
    if (datum, status, leerroute or "") in {(d, s, lr or "") for d, s, lr in eerdere}:
        return (
            f"De statuswijziging '{status}' op {datum:%d-%m-%Y} staat al in de geschiedenis; "
            "een wijziging wordt één keer vastgelegd. Kies een andere datum of status."
        )
    return None


def standaard_financiering(*, code: str, classificatie: str, cohort: int) -> str:
    """The default financing of a new commitment: uitvoering from the uitvoeringsbudget (the
    schot); the Onderwijsroute from the separate SPUK-OR for cohorts up to 2025 and from
    SPUK-IV (its onderwijsroute component) from 2026; everything else from SPUK-IV."""
    if classificatie == "uitvoering":
        return "UITVOERING"
    if code == "OR" and cohort <= 2025:
        return "SPUK-OR"
    return "SPUK-IV"


def status_voor_start_fout(startdatum: date, datum: date) -> str | None:
    """A status change cannot precede the start (huisvesting or start of the plicht)."""
    if datum < startdatum:
        return (
            f"De datum {datum:%d-%m-%Y} ligt vóór de startdatum ({startdatum:%d-%m-%Y}). "
            "Vul een datum op of na de startdatum in."
        )
    return None


GESLOTEN_BEDRAG = "Deze verplichting is gesloten; het bedrag kan niet meer veranderen."


def wijziging_fout(*, nieuw_bedrag: Decimal, gefactureerd: Decimal, gesloten: bool) -> str | None:
    """R8: a commitment is raised or lowered only while open, and never below what is invoiced."""
    if gesloten:
        return GESLOTEN_BEDRAG
    if nieuw_bedrag < 0:
        return "Het bedrag mag niet negatief zijn. Vul een bedrag van 0 of meer in."
    if nieuw_bedrag < gefactureerd:
        return (
            f"Het nieuwe bedrag {formatteer(nieuw_bedrag)} is lager dan wat al gefactureerd is "
            f"({formatteer(gefactureerd)}). Vul minstens {formatteer(gefactureerd)} in."
        )
    return None


GEEN_VRIJVALREDEN = (
    "Vul de reden van de vrijval in (bijvoorbeeld: gestopt, verhuisd); die komt in de audittrail."
)


def vrijval_fout(*, reden: str, gesloten: bool, nummer: str) -> str | None:
    """R8: a release closes an open commitment on purpose: it needs a reason, and a closed
    commitment has nothing left to release."""
    if gesloten:
        return f"Verplichting {nummer} is al gesloten; er valt niets meer vrij."
    if not (reden or "").strip():
        return GEEN_VRIJVALREDEN
    return None


def gesloten_wijziging_fout(
    *,
    bedrag_oud: Decimal,
    bedrag_nieuw: Decimal,
    gesloten_op: date,
    gesloten_op_nieuw: date | None,
) -> tuple[str, str] | None:
    """R8: what may change on a closed commitment: neither its amount (the history shows what
    was committed; wijzig_verplichting refuses it) nor its closing date (a vrijval closes once
    and is never undone). Returns (field, message) or None."""
    if gesloten_op_nieuw != gesloten_op:
        return (
            "gesloten_op",
            f"Deze verplichting is gesloten op {gesloten_op:%d-%m-%Y}; een gesloten verplichting "
            "wordt niet heropend of opnieuw gesloten. Maak een nieuwe verplichting aan.",
        )
    if bedrag_nieuw != bedrag_oud:
        return "bedrag", GESLOTEN_BEDRAG
    return None


def classificatie_momentopname(
    *, voorziening: str, bestaand: str | None = None, zelfde_voorziening: bool = False
) -> str:
    """R8 schot: a commitment keeps the classification its voorziening had when it was made
    (herclassificeer_voorziening changes only what comes after), so its schot is judged by that
    snapshot. Only a commitment that is new, or moved to another voorziening, takes the
    voorziening's classification of today."""
    if bestaand and zelfde_voorziening:
        return bestaand
    return voorziening


# --- the register --------------------------------------------------------------------------

# Gezins- and overige migranten pay their own leerroute: the gemeente registers none for them.
DOELGROEPEN_ZONDER_LEERROUTE = ("gezin", "overig")


def leerroute_fout(doelgroep: str, leerroute: str) -> str | None:
    """Only an asielstatushouder has a leerroute that the gemeente provides (and pays)."""
    if leerroute and doelgroep in DOELGROEPEN_ZONDER_LEERROUTE:
        return (
            "Gezins- en overige migranten betalen hun eigen leerroute: laat de leerroute leeg "
            "of kies doelgroep asielstatushouder."
        )
    return None


def pipdatum_fout(startdatum: date, pipdatum: date | None) -> str | None:
    """The PIP is made after the start (huisvesting or start of the plicht), never before."""
    if pipdatum is not None and pipdatum < startdatum:
        return (
            f"De PIP-datum {pipdatum:%d-%m-%Y} ligt vóór de startdatum ({startdatum:%d-%m-%Y}). "
            "Kies een datum op of na de startdatum."
        )
    return None


def sluitdatum_fout(datum: date, gesloten_op: date | None) -> str | None:
    """R8: a commitment closes (vrijval) on or after the day it was made, never before."""
    if gesloten_op is not None and gesloten_op < datum:
        return (
            f"De sluitdatum {gesloten_op:%d-%m-%Y} ligt vóór de datum van de verplichting "
            f"({datum:%d-%m-%Y}). Kies een datum op of na {datum:%d-%m-%Y}."
        )
    return None


def overstap_fout(status: str, leerroute: str) -> str | None:
    if status == "overstap" and not leerroute:
        return "Kies bij een overstap de nieuwe leerroute (B1, Z of OR)."
    return None


def leerroute_van_status(status: str, leerroute: str) -> str:
    """Only an overstap carries a leerroute (the new one); any other status row has none."""
    return leerroute if status == "overstap" else ""


@dataclass(frozen=True)
class Stand:
    """A person's current status, the date it took effect, and the current leerroute."""

    status: str
    sinds: date | None
    leerroute: str


def begin_stand(startdatum: date, leerroute: str) -> Stand:
    """A registered person before any status change: actief since the startdatum, on the
    leerroute of the start. The form, the service and the import start every history here."""
    return Stand("actief", startdatum, leerroute)


def na_statuswijziging(stand: Stand, *, datum: date, status: str, leerroute: str) -> Stand:
    """The current state after one more status change: its status from its date; the route
    changes only on an overstap (a gestopt row never moves the route)."""
    return Stand(status, datum, leerroute_van_status(status, leerroute) or stand.leerroute)


def huidige_stand(begin: Stand, wijzigingen: Iterable[tuple[date, str, str]]) -> Stand:
    """The current state after a history of (datum, status, leerroute), in date order."""
    for datum, status, leerroute in wijzigingen:
        begin = na_statuswijziging(begin, datum=datum, status=status, leerroute=leerroute)
    return begin


def maanden_terug(vandaag: date, maanden: int) -> date:
    """The same day `maanden` months earlier (the last day of the month when it is shorter)."""
    index = vandaag.year * 12 + vandaag.month - 1 - maanden
    jaar, maand = divmod(index, 12)
    maand += 1
    for dag in (vandaag.day, 30, 29, 28):
        try:
            return date(jaar, maand, dag)
        except ValueError:
            continue
    raise AssertionError("onbereikbaar")  # pragma: no cover


def formatteer(bedrag: Decimal) -> str:
    """Dutch notation for messages: € 1.234,56."""
    return euro(bedrag)


# --- issue 11: where a person lives, stelsel, doelgroep, btw, boekjaar, the onderwijsroute -----

SPUK_OR_LAATSTE_JAAR = 2025  # R8: the separate SPUK-OR ran 2022-2025
WETTELIJK_UITVOERING = (
    "INTAKE",
    "PIP",
    "VOORTGANG",
    "LEERBAARHEID",
    "ONTZORGEN",
    "FIN_ZELFREDZAAM",
    "HANDHAVING",
    "INKOOP",
    "BELEID",
    "ICT",
)


def vestigingsdatum_fout(startdatum: date, vestigingsdatum: date | None) -> str | None:
    """R3: a person comes to live here on or after the first huisvesting (startdatum)."""
    if vestigingsdatum is not None and vestigingsdatum < startdatum:
        return (
            f"De vestigingsdatum {vestigingsdatum:%d-%m-%Y} ligt vóór de startdatum "
            f"({startdatum:%d-%m-%Y}). Vul een datum op of na de startdatum in, "
            "of laat het veld leeg (dan geldt de startdatum)."
        )
    return None


def stelsel_fout(stelsel: str, financiering: str) -> str | None:
    """R3: no SPUK money for a person under the Wet inburgering 2013 (refused like the schot)."""
    if stelsel == "Wi2013" and financiering in SPUK:
        return (
            f"Deze inburgeraar valt onder de Wet inburgering 2013; daarvoor mag geen "
            f"{financiering} ingezet worden. Kies financiering UITVOERING of OVERIG."
        )
    return None


def doelgroep_status_fout(status: str, doelgroep: str) -> str | None:
    """R3: a status `doelgroep` names the new doelgroep (asiel, gezin or overig)."""
    if status == "doelgroep" and doelgroep not in ("asiel", "gezin", "overig"):
        return (
            "Vul bij de status doelgroep de nieuwe doelgroep in: asiel, gezin of overig."
            if not doelgroep
            else f"Onbekende doelgroep {doelgroep!r}. Kies asiel, gezin of overig."
        )
    return None


def last(bedrag: Decimal, btw: Decimal, btw_compensabel: bool) -> Decimal:
    """R8 btw: the last (charge to the budget) is bedrag - btw when the btw is claimed from the
    btw-compensatiefonds, else bedrag. (The database computes the same: Factuur.last.)"""
    return bedrag - btw if btw_compensabel else bedrag


def btw_fout(bedrag: Decimal, btw: Decimal) -> str | None:
    """R8 btw: the btw inside an invoice has the sign of the amount and is never more."""
    if btw == 0:
        return None
    if (btw > 0) != (bedrag > 0):
        return (
            f"De btw ({formatteer(btw)}) heeft een ander teken dan het factuurbedrag "
            f"({formatteer(bedrag)}). Bij een creditfactuur is ook de btw negatief."
        )
    if abs(btw) > abs(bedrag):
        return (
            f"De btw ({formatteer(btw)}) is groter dan het factuurbedrag ({formatteer(bedrag)}). "
            "Het factuurbedrag is inclusief btw; vul de btw in die daarin zit."
        )
    return None


def toegestane_boekjaren(datum: date, vandaag: date) -> list[int]:
    """R8: the year of the invoice date or the year before, never after today's year."""
    return [j for j in (datum.year - 1, datum.year) if j <= vandaag.year]


def factuurdatum_fout(datum: date, vandaag: date) -> str | None:
    """R8: an invoice date is never in the future."""
    if datum > vandaag:
        return (
            f"De factuurdatum {datum:%d-%m-%Y} ligt in de toekomst. "
            f"Vul een datum tot en met vandaag ({vandaag:%d-%m-%Y}) in."
        )
    return None


def boekjaar_fout(datum: date, boekjaar: int, vandaag: date) -> str | None:
    """R8: the boekjaar is the invoice year or the year before (a late invoice for work of the
    old year); never a later year, never a year after today's."""
    toegestaan = toegestane_boekjaren(datum, vandaag)
    if boekjaar in toegestaan:
        return None
    keuze = " of ".join(str(j) for j in toegestaan)
    return (
        f"Boekjaar {boekjaar} past niet bij factuurdatum {datum:%d-%m-%Y}. "
        f"Het boekjaar is het jaar van de factuurdatum of het jaar ervoor: kies {keuze}."
    )


def werkjaar_fout(werkjaar: int | None, boekjaar: int, werkjaar_gesloten: bool) -> str | None:
    """R8/issue 13: a late invoice for work in a closed year T goes into boekjaar T+1 and names
    T as its werkjaar (the SiSa of T+1 reports it as the correction over T). Only the year
    right before the boekjaar, and only when that year is closed: an open year takes the
    invoice itself."""
    if werkjaar is None or werkjaar == boekjaar:
        return None
    if werkjaar != boekjaar - 1:
        return (
            f"Het jaar van het werk ({werkjaar}) moet het jaar vóór het boekjaar {boekjaar} "
            f"zijn: een late factuur voor werk in {boekjaar - 1}. Laat het anders leeg."
        )
    if not werkjaar_gesloten:
        return (
            f"Boekjaar {werkjaar} is niet afgesloten: boek een factuur voor werk in {werkjaar} "
            f"in boekjaar {werkjaar} zelf."
        )
    return None


def spuk_or_verplichting_fout(
    *, financiering: str, voorziening_code: str, cohort: int
) -> str | None:
    """R8: SPUK-OR finances only the voorziening OR, for cohorts up to 2025."""
    if financiering != "SPUK-OR":
        return None
    if voorziening_code != "OR":
        return (
            f"De SPUK-OR betaalt alleen de onderwijsroute (voorziening OR), niet "
            f"{voorziening_code}. Kies financiering SPUK-IV."
        )
    if cohort > SPUK_OR_LAATSTE_JAAR:
        return (
            f"De SPUK-OR geldt voor cohorten tot en met {SPUK_OR_LAATSTE_JAAR}; cohort {cohort} "
            "valt onder de SPUK-IV (met de onderwijsroutecomponent). Kies financiering SPUK-IV."
        )
    return None


def spuk_or_boekjaar_fout(financiering: str, boekjaar: int) -> str | None:
    """R8: no invoice on a SPUK-OR commitment with a boekjaar after 2025: the regeling ended."""
    if financiering == "SPUK-OR" and boekjaar > SPUK_OR_LAATSTE_JAAR:
        return (
            f"De SPUK-OR is na {SPUK_OR_LAATSTE_JAAR} geëindigd: boekjaar {boekjaar} kan niet "
            "op een SPUK-OR-verplichting. Herfinancier de rest naar de SPUK-IV en boek de "
            "factuur op de nieuwe verplichting."
        )
    return None


def classificatie_fout(code: str, classificatie: str) -> str | None:
    """The gemeente's own classification of a voorziening: spuk or uitvoering; the kinds the
    law names as uitvoering can never become spuk (the schot)."""
    if classificatie not in ("spuk", "uitvoering"):
        return f"Onbekende classificatie {classificatie!r}. Kies spuk of uitvoering."
    if classificatie == "spuk" and code in WETTELIJK_UITVOERING:
        return (
            f"De voorziening {code} is volgens de wet uitvoering en kan niet als spuk "
            "geclassificeerd worden (het schot). Kies uitvoering."
        )
    return None


def or_splitsing(or_tarief: Decimal, b1_tarief: Decimal) -> tuple[Decimal, Decimal]:
    """R8 onderwijsroute up to cohort 2025: the trajectory as (SPUK-IV part, SPUK-OR part): the
    SPUK-IV part at the provider's B1 price, the SPUK-OR part the rest (none when <= 0)."""
    return b1_tarief, max(NUL, or_tarief - b1_tarief)


def herfinanciering_fout(financiering: str, is_open: bool, open_: Decimal) -> str | None:
    """R8: only an open SPUK-OR commitment with something still open is refinanced."""
    if financiering != "SPUK-OR":
        return "Alleen een SPUK-OR-verplichting wordt naar de SPUK-IV geherfinancierd."
    if not is_open:
        return "Deze verplichting is al gesloten; er valt niets te herfinancieren."
    if open_ <= 0:
        return (
            "Op deze verplichting staat niets meer open. Sluit haar met een vrijval; "
            "herfinancieren is niet nodig."
        )
    return None
