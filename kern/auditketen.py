"""The audit trail's hash chain: per gemeente every row has a running number and
keten_hash = sha256(previous hash | the row), so that a changed or removed row is detected.

PostgreSQL (migrations kern/0005 and kern/0008): the database chains every inserted row,
whoever inserts it, with the SQL function kern_audit_hash, in insert order; the chain's head is
locked once per gemeente and transaction and written back once per statement, so a bulk insert
costs about as much as the rows themselves.
SQLite (make run): SQL has no sha256, so the model chains in Python (kern.ketenhash, called by
AuditRecord.save and AuditRecord.objects.bulk_create) under SQLite's write lock, and triggers
refuse a row whose number does not follow the head, and every UPDATE and DELETE.

The head also counts the chain's reads (actie geraadpleegd, kern/0012), kept by the same
triggers: with its running number, the audit trail's unfiltered count (kern.selectors).

`controleer_keten` recomputes the chain: a changed row (its hash differs), a removed row (a gap
in the numbers, or the next row's hash no longer follows), removed newest rows (the head in
kern_auditketen is further on) and a head whose count of reads is not the rows' are all found.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from .ketenhash import VELDEN, regelhash
from .models import AuditKeten, AuditRecord, Gemeente
from .opmaak import aantal

_RIJEN = """
SELECT gemeente_id, volgnummer, id
FROM (
    SELECT a.gemeente_id, a.volgnummer, a.id, a.keten_hash,
           lag(a.volgnummer) OVER w AS vorig_nummer,
           kern_audit_hash(coalesce(lag(a.keten_hash) OVER w, ''), a) AS verwacht
    FROM kern_auditrecord a
    WINDOW w AS (PARTITION BY a.gemeente_id ORDER BY a.volgnummer)
) r
WHERE r.keten_hash IS DISTINCT FROM r.verwacht
   OR r.volgnummer IS DISTINCT FROM coalesce(r.vorig_nummer, 0) + 1
ORDER BY gemeente_id, volgnummer
LIMIT 100
"""

# Per head that does not match its rows: whether its end does not, and its count of reads
# against the rows' (the audit trail's unfiltered count relies on it, kern.selectors).
_KOPPEN = """
SELECT gemeente_id, volgnummer, laatste, eind_wijkt_af, kop_raadplegingen, raadplegingen
FROM (
    SELECT k.gemeente_id, k.volgnummer, coalesce(max(a.volgnummer), 0) AS laatste,
        k.volgnummer <> coalesce(max(a.volgnummer), 0)
        OR k.laatste_hash IS DISTINCT FROM coalesce(
            (SELECT b.keten_hash FROM kern_auditrecord b
             WHERE b.gemeente_id = k.gemeente_id ORDER BY b.volgnummer DESC LIMIT 1), '')
            AS eind_wijkt_af,
        k.raadplegingen AS kop_raadplegingen,
        count(a.id) FILTER (WHERE a.actie = 'geraadpleegd') AS raadplegingen
    FROM kern_auditketen k
    LEFT JOIN kern_auditrecord a ON a.gemeente_id = k.gemeente_id
    GROUP BY k.gemeente_id, k.volgnummer, k.laatste_hash, k.raadplegingen
) k
WHERE eind_wijkt_af OR kop_raadplegingen <> raadplegingen
"""


@dataclass(frozen=True)
class Breuk:
    gemeente: str
    melding: str


def _regelbreuk(volgnummer, pk) -> str:
    return (
        f"auditregel {volgnummer} (id {pk}) volgt niet op de vorige: een regel is "
        "gewijzigd of een eerdere regel is verwijderd."
    )


def _kopbreuk(kop, laatste) -> str:
    return (
        f"de keten eindigt bij regel {laatste}, maar er "
        f"{'is' if kop == 1 else 'zijn'} {aantal(kop, 'regel', 'regels')} vastgelegd: "
        "de nieuwste regels zijn verwijderd of gewijzigd."
    )


def _telbreuk(kop, geteld) -> str:
    return (
        f"de kop van de keten telt {aantal(kop, 'raadpleging', 'raadplegingen')}, maar er "
        f"{'is' if geteld == 1 else 'zijn'} {aantal(geteld, 'raadpleging', 'raadplegingen')} "
        "vastgelegd: het aantal regels dat de audittrail noemt, klopt niet."
    )


def controleer_keten() -> tuple[int, list[Breuk]]:
    """(number of rows checked, breaks found); an empty list means the chain is whole."""
    codes = dict(Gemeente.objects.values_list("pk", "code"))
    if connection.vendor == "sqlite":
        aantal, rijen, koppen = _controleer_sqlite()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM kern_auditrecord")
            aantal = cursor.fetchone()[0]
            cursor.execute(_RIJEN)
            rijen = cursor.fetchall()
            cursor.execute(_KOPPEN)
            koppen = cursor.fetchall()
    breuken = [
        Breuk(codes.get(g, str(g)), _regelbreuk(volgnummer, pk)) for g, volgnummer, pk in rijen
    ]
    for g, kop, laatste, eind_wijkt_af, kop_raadplegingen, raadplegingen in koppen:
        if eind_wijkt_af:
            breuken.append(Breuk(codes.get(g, str(g)), _kopbreuk(kop, laatste)))
        if kop_raadplegingen != raadplegingen:
            breuken.append(Breuk(codes.get(g, str(g)), _telbreuk(kop_raadplegingen, raadplegingen)))
    return aantal, breuken


def _controleer_sqlite():
    """The same checks as _RIJEN and _KOPPEN, in Python over one ordered pass."""
    aantal, rijen, eind, raadplegingen = 0, [], {}, {}
    with transaction.atomic():  # one snapshot for rows and heads
        regels = AuditRecord.objects.order_by("gemeente_id", "volgnummer", "id").values_list(
            "id", "keten_hash", *VELDEN
        )
        for pk, keten_hash, *waarden in regels.iterator(chunk_size=2000):
            rij = dict(zip(VELDEN, waarden, strict=True))
            aantal += 1
            g = rij["gemeente_id"]
            vorig_nummer, vorige = eind.get(g, (0, ""))
            if (
                rij["volgnummer"] != vorig_nummer + 1 or keten_hash != regelhash(vorige, rij)
            ) and len(rijen) < 100:
                rijen.append((g, rij["volgnummer"], pk))
            eind[g] = (rij["volgnummer"] or 0, keten_hash)
            if rij["actie"] == AuditRecord.Actie.GERAADPLEEGD:
                raadplegingen[g] = raadplegingen.get(g, 0) + 1
        koppen = [
            (
                k.gemeente_id,
                k.volgnummer,
                eind.get(k.gemeente_id, (0, ""))[0],
                (k.volgnummer, k.laatste_hash) != eind.get(k.gemeente_id, (0, "")),
                k.raadplegingen,
                raadplegingen.get(k.gemeente_id, 0),
            )
            for k in AuditKeten.objects.order_by("gemeente_id")
        ]
        koppen = [k for k in koppen if k[3] or k[4] != k[5]]
    return aantal, rijen, koppen
