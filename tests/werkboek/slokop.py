"""Run in the limited child process of werkboek.afscherming (no Django imports here: the
spawned child has no app registry)."""


def slokop(megabytes: int, *, voortgang):
    """Wants `megabytes` of memory at once."""
    return len(bytearray(megabytes * 1024 * 1024))
