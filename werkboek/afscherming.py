"""Reading an uploaded workbook safely: the guards (zip bomb, macros, memory and time limits)
live in kern.afscherming, shared with the other spreadsheet uploads; this module applies them
to the workbook contract's reader."""

from django.conf import settings

from kern.afscherming import (
    MB,
    TE_VEEL_GEHEUGEN,
    controleer_zip,
    lees_afgeschermd,
    voer_begrensd_uit,
)

from .lezen import lees_werkboek, lees_werkboek_draad, uit_draad

__all__ = ["MB", "TE_VEEL_GEHEUGEN", "controleer_zip", "lees_begrensd", "voer_begrensd_uit"]


def lees_begrensd(bron, *, voortgang=None):
    """lees_werkboek(bron), after controleer_zip, in a child process with RLIMIT_AS
    WERKBOEK_MAX_GEHEUGEN and WERKBOEK_MAX_SECONDEN; in-process when WERKBOEK_AFGESCHERMD is
    off (the test suite: hundreds of small workbooks). Raises GeenWerkboek with a sentence.
    The child sends the rows back as plain tuples (werkboek.lezen.naar_draad)."""
    if not getattr(settings, "WERKBOEK_AFGESCHERMD", True):
        return lees_afgeschermd(lees_werkboek, bron, voortgang=voortgang)
    return uit_draad(lees_afgeschermd(lees_werkboek_draad, bron, voortgang=voortgang))
