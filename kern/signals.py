"""Signals every app may send or hear, so that arrows keep pointing one way.

`gegevens_gewijzigd` is sent by a service, inside its transaction, whenever it changed data that
a computed figure depends on (a commitment, an invoice, a status, a receipt, a parameter...).
The spuk app listens and schedules one recomputation for that gemeente after commit.
"""

from django.dispatch import Signal

# kwargs: gemeente_id (int), oorzaak (str, a short Dutch description for the run log)
gegevens_gewijzigd = Signal()


def meld_wijziging(*, gemeente_id: int, oorzaak: str, sender=None) -> None:
    gegevens_gewijzigd.send(sender=sender, gemeente_id=gemeente_id, oorzaak=oorzaak)
