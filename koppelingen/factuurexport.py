"""Paid invoices from the finance system's own export (csv or xlsx), with the gemeente's saved
column mapping, read into the same preview and booking as the e-invoices (koppelingen.efacturen):
the same matching, the same service, and a row booked before books nothing.

An xlsx is read only through the product's one list reader, kern.xlsx_lezen (behind
kern.afscherming: parts and unpacked size counted while unpacking, macros refused, memory and
time limits), with this export's own row limit; its refusals are the shared Dutch sentences."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError

from kern.afscherming import GeenWerkboek
from kern.invoer import OngeldigeInvoer, parse_bedrag, parse_datum, parse_ja_nee
from kern.xlsx_lezen import lees_eerste_blad

from .models import Factuurkolommen
from .ubl import UblFactuur, UblFout

VELDEN = {
    "verplichting": "Verplichtingnummer (of leeg: dan aanbieder en kenmerk)",
    "factuurnummer": "Factuurnummer",
    "datum": "Factuurdatum",
    "bedrag": "Bedrag inclusief btw",
    "btw": "Btw-bedrag",
    "btw_compensabel": "Btw compensabel, ja of nee (leeg: ja, zoals in het factuurformulier)",
    "leverancier": "Naam van de leverancier",
    "kvk": "KvK-nummer van de leverancier",
    "kenmerk": "Kenmerk van de inburgeraar",
}
VERPLICHT = ("factuurnummer", "datum", "bedrag")
MAX_RIJEN = 20_000


def kolommen(gemeente) -> dict[str, str]:
    """Field -> column heading; without a saved mapping the headings are the field names."""
    rij = Factuurkolommen.objects.filter(gemeente=gemeente).first()
    return {**{v: v for v in VELDEN}, **(rij.kolommen if rij else {})}


def zet_kolommen(*, gemeente, kolommen: dict[str, str]) -> None:
    schoon = {v: k.strip() for v, k in kolommen.items() if v in VELDEN and k and k.strip()}
    ontbrekend = [v for v in VERPLICHT if v not in schoon]
    if ontbrekend:
        raise ValidationError({v: ["Geef de kolomkop van dit veld."] for v in ontbrekend})
    Factuurkolommen.objects.update_or_create(gemeente=gemeente, defaults={"kolommen": schoon})


def te_veel_rijen() -> str:
    """The refusal past MAX_RIJEN invoice rows, csv or xlsx alike."""
    aantal = f"{MAX_RIJEN:,}".replace(",", ".")
    return (
        f"Dit bestand heeft meer dan {aantal} regels met facturen; er worden er hoogstens "
        f"{aantal} tegelijk ingelezen. Splits de export, bijvoorbeeld per maand, en lees de "
        "delen na elkaar in."
    )


def _is_xlsx(inhoud: bytes) -> bool:
    # An xlsx is a zip; a damaged one (a zip header without its directory) is one too, and is
    # then refused by the guard rather than read as text.
    return inhoud.startswith(b"PK\x03\x04") or zipfile.is_zipfile(io.BytesIO(inhoud))


def _tabel(naam: str, inhoud: bytes) -> list[dict[str, str]]:
    """The rows of a csv or xlsx, keyed by heading (lower case). Raises UblFout (one sentence)."""
    if _is_xlsx(inhoud):
        try:
            # Header plus MAX_RIJEN rows; the reader stops at the next one instead of reading on.
            gelezen = lees_eerste_blad(inhoud, max_rijen=MAX_RIJEN, te_veel=te_veel_rijen())
        except GeenWerkboek as exc:
            raise UblFout(exc.melding) from None
        rijen = [[("" if c is None else c) for c in r] for r in gelezen]
    else:
        try:
            tekst = inhoud.decode("utf-8-sig")
        except UnicodeDecodeError:
            tekst = inhoud.decode("cp1252", errors="replace")
        scheiding = (
            ";" if tekst.split("\n", 1)[0].count(";") >= tekst.split("\n", 1)[0].count(",") else ","
        )
        rijen = []
        try:
            for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding):
                if len(rijen) > MAX_RIJEN:
                    raise UblFout(te_veel_rijen())
                rijen.append(rij)
        except csv.Error:
            raise UblFout(
                f"regel {len(rijen) + 1} van het csv-bestand is niet leesbaar (een veld is "
                "te lang of een aanhalingsteken wordt niet gesloten); controleer de "
                "aanhalingstekens of sla de export op als .xlsx"
            ) from None
    if not rijen:
        raise UblFout("het bestand is leeg")
    koppen = [str(k).strip().lower() for k in rijen[0]]
    return [dict(zip(koppen, r, strict=False)) for r in rijen[1:] if any(str(c).strip() for c in r)]


def lees_export(gemeente, naam: str, inhoud: bytes) -> list[tuple[str, str, UblFactuur | UblFout]]:
    """(row name, fingerprint, invoice or the reason in one sentence) for every row."""
    indeling = {v: k.lower() for v, k in kolommen(gemeente).items()}
    try:
        rijen = _tabel(naam, inhoud)
    except UblFout as fout:
        return [(naam, "", fout)]
    if rijen and (ontbrekend := [indeling[v] for v in VERPLICHT if indeling[v] not in rijen[0]]):
        return [(naam, "", UblFout(f"de kolom(men) {', '.join(ontbrekend)} ontbreken"))]
    uit = []
    for nummer, rij in enumerate(rijen, start=2):
        regelnaam = f"{naam} regel {nummer}"
        waarde = {v: str(rij.get(k, "") or "").strip() for v, k in indeling.items()}
        try:
            if not waarde["factuurnummer"]:
                raise UblFout("het factuurnummer is leeg")
            factuur = UblFactuur(
                factuurnummer=waarde["factuurnummer"][:50],
                datum=_veld("datum", parse_datum, rij.get(indeling["datum"])),
                bedrag=_veld("bedrag", parse_bedrag, rij.get(indeling["bedrag"])),
                btw=_veld("btw", parse_bedrag, rij.get(indeling["btw"]) or "0"),
                # R8: empty is ja, the default of the invoice form and the API.
                btw_compensabel=(
                    _veld("btw compensabel", parse_ja_nee, waarde["btw_compensabel"])
                    if waarde["btw_compensabel"]
                    else True
                ),
                valuta="EUR",
                referenties=[waarde["verplichting"]] if waarde["verplichting"] else [],
                leverancier=waarde["leverancier"][:150],
                kvk=waarde["kvk"][:8],
                teksten=[waarde["kenmerk"]] if waarde["kenmerk"] else [],
            )
        except UblFout as fout:
            uit.append((regelnaam, "", fout))
            continue
        afdruk = hashlib.sha256(
            "|".join(
                [
                    factuur.leverancier,
                    factuur.kvk,
                    factuur.factuurnummer,
                    factuur.datum.isoformat(),
                    f"{factuur.bedrag:.2f}",
                    *factuur.referenties,
                ]
            ).encode()
        ).hexdigest()
        uit.append((regelnaam, afdruk, factuur))
    return uit


def _veld(naam: str, lees, waarde):
    """A field's value, or one sentence that names the field."""
    try:
        return lees(waarde)
    except OngeldigeInvoer as fout:
        raise UblFout(f"{naam}: {str(fout)[:1].lower()}{str(fout)[1:].rstrip('.')}") from None
