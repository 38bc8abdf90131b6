"""Verifying the audit trail's hash chain (migration kern/0005, PostgreSQL).

The database numbers every audit row per gemeente and chains it: keten_hash = sha256(previous
hash | row). Recomputing that with the same SQL function (kern_audit_hash) finds every changed
row (its hash differs), every removed row (a gap in the numbers, or the next row's hash no
longer follows) and removed newest rows (the chain's head in kern_auditketen is further on).
"""

from dataclasses import dataclass

from django.db import connection

from .models import Gemeente

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

_KOPPEN = """
SELECT k.gemeente_id, k.volgnummer, coalesce(max(a.volgnummer), 0)
FROM kern_auditketen k
LEFT JOIN kern_auditrecord a ON a.gemeente_id = k.gemeente_id
GROUP BY k.gemeente_id, k.volgnummer, k.laatste_hash
HAVING k.volgnummer <> coalesce(max(a.volgnummer), 0)
    OR k.laatste_hash IS DISTINCT FROM coalesce(
        (SELECT b.keten_hash FROM kern_auditrecord b
         WHERE b.gemeente_id = k.gemeente_id ORDER BY b.volgnummer DESC LIMIT 1), '')
"""


@dataclass(frozen=True)
class Breuk:
    gemeente: str
    melding: str


def controleer_keten() -> tuple[int, list[Breuk]]:
    """(number of rows checked, breaks found); an empty list means the chain is whole."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("De hashketen van de audittrail bestaat alleen op PostgreSQL.")
    codes = dict(Gemeente.objects.values_list("pk", "code"))
    breuken = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM kern_auditrecord")
        aantal = cursor.fetchone()[0]
        cursor.execute(_RIJEN)
        for gemeente_id, volgnummer, pk in cursor.fetchall():
            breuken.append(
                Breuk(
                    codes.get(gemeente_id, str(gemeente_id)),
                    f"auditregel {volgnummer} (id {pk}) volgt niet op de vorige: een regel is "
                    "gewijzigd of een eerdere regel is verwijderd.",
                )
            )
        cursor.execute(_KOPPEN)
        for gemeente_id, kop, laatste in cursor.fetchall():
            breuken.append(
                Breuk(
                    codes.get(gemeente_id, str(gemeente_id)),
                    f"de keten eindigt bij regel {laatste}, maar er zijn {kop} regels "
                    "vastgelegd: de nieuwste regels zijn verwijderd of gewijzigd.",
                )
            )
    return aantal, breuken
