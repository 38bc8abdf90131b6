"""Reading an uploaded spreadsheet safely: a zip bomb or a macro workbook never reaches openpyxl,
and the reading itself runs with a memory and a time limit. Shared by every upload of an .xlsx
(the workbook import in werkboek, DUO's count in spuk), so there is one set of limits.

An .xlsx is a zip. Its directory states the sizes, but those are the sender's word, so
`controleer_zip` counts what really unpacks (stopping at the limit). That is cheap for a real
workbook (milliseconds for a few MB) and bounded for a bomb. `lees_afgeschermd` then reads the
workbook in a separate process with RLIMIT_AS and a deadline: whatever openpyxl does with a
hostile file, the worker lives on and the user gets one Dutch sentence.

That process is forked from multiprocessing's forkserver: a clean interpreter started once per
worker or web process (where "spawn" started one per read), which shares no database or Redis
connection and no thread with it, and which has the reader's module imported already. A fork of
it costs milliseconds; a spawned child cost a new interpreter and its imports (about 1.2 s) on
every read. Every child still gets its own RLIMIT_AS and deadline, and is killed after.
"""

import io
import multiprocessing
import os
import time
import zipfile
from multiprocessing import spawn
from pathlib import Path

from django.conf import settings

GEEN_WERKBOEK = (
    "Dit bestand is geen Excel-werkboek (.xlsx). Sla het bestand in Excel op als "
    "'Excel-werkmap (.xlsx)' of begin met het sjabloon, en probeer het opnieuw."
)
# The largest file any upload accepts (the form refuses a bigger one before reading it).
MAX_BESTAND = 20 * 1024 * 1024


class GeenWerkboek(Exception):
    """The file cannot be opened as an .xlsx workbook at all (or breaks a limit)."""

    def __init__(self, melding: str = GEEN_WERKBOEK):
        super().__init__(melding)
        self.melding = melding


MB = 1024 * 1024
_BLOK = 1024 * 1024
_MACRO_DELEN = ("vbaproject.bin", "vbadata.xml")


def _instelling(naam: str, standaard):
    return getattr(settings, naam, standaard)


def _open_zip(bron) -> zipfile.ZipFile:
    if isinstance(bron, bytes | bytearray):
        bron = io.BytesIO(bron)
    try:
        return zipfile.ZipFile(bron)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise GeenWerkboek() from exc


def controleer_zip(bron) -> None:
    """Refuse (GeenWerkboek with a Dutch sentence) a file that is no workbook of this size:
    too many parts, more unpacked bytes than WERKBOEK_MAX_UITGEPAKT, or macros (.xlsm)."""
    max_onderdelen = _instelling("WERKBOEK_MAX_ONDERDELEN", 1000)
    max_uitgepakt = _instelling("WERKBOEK_MAX_UITGEPAKT", 300 * MB)
    with _open_zip(bron) as z:
        onderdelen = z.infolist()
        if len(onderdelen) > max_onderdelen:
            raise GeenWerkboek(
                f"Dit werkboek bestaat uit meer dan {max_onderdelen} onderdelen; een werkboek "
                "volgens het sjabloon heeft er enkele tientallen. Controleer het bestand."
            )
        if any(Path(o.filename).name.lower() in _MACRO_DELEN for o in onderdelen) or any(
            "macroenabled" in (o.filename.lower() + _inhoudstype(z, o)) for o in onderdelen
        ):
            raise GeenWerkboek(
                "Dit werkboek bevat macro's (.xlsm). Sla het in Excel op als 'Excel-werkmap "
                "(.xlsx)', zonder macro's, en probeer het opnieuw."
            )
        te_groot = GeenWerkboek(
            f"Dit werkboek is uitgepakt groter dan {max_uitgepakt // MB} MB; dat is meer dan "
            "een werkboek van deze soort ooit nodig heeft. Controleer het bestand of splits "
            "het werkboek."
        )
        if sum(o.file_size for o in onderdelen) > max_uitgepakt:
            raise te_groot
        uitgepakt = 0
        try:
            for onderdeel in onderdelen:
                with z.open(onderdeel) as stroom:
                    while blok := stroom.read(_BLOK):
                        uitgepakt += len(blok)
                        if uitgepakt > max_uitgepakt:
                            raise te_groot
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            # Python checks the CRC at the end of a part: a part whose stated size was a
            # lie ends up here, as does any other damage.
            raise GeenWerkboek() from exc


def _inhoudstype(z: zipfile.ZipFile, onderdeel: zipfile.ZipInfo) -> str:
    """The [Content_Types].xml text (lower case), where a macro workbook declares itself."""
    if onderdeel.filename != "[Content_Types].xml" or onderdeel.file_size > MB:
        return ""
    return z.read(onderdeel).decode("utf-8", "replace").lower()


# --- reading in a limited process -------------------------------------------------------------


def _kind(doel, argumenten, geheugen: int, verbinding) -> None:
    """In the child: limit the address space, run `doel`, send back the outcome."""
    import gc
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (geheugen, geheugen))
    # The child reads one file and ends: the cyclic collector would only walk again and again
    # the rows it is building (the reader makes no cycles). RLIMIT_AS bounds its memory still.
    gc.disable()
    try:
        uitkomst = doel(
            *argumenten,
            voortgang=lambda gedaan, totaal: verbinding.send(("voortgang", gedaan, totaal)),
        )
        verbinding.send(("klaar", uitkomst))
    except GeenWerkboek as exc:
        verbinding.send(("fout", exc.melding))
    except MemoryError:
        verbinding.send(("fout", TE_VEEL_GEHEUGEN))
    finally:
        verbinding.close()


TE_VEEL_GEHEUGEN = (
    "Het lezen van dit werkboek gebruikte te veel geheugen en is afgebroken; er is niets "
    "opgeslagen. Controleer het bestand of splits het werkboek."
)


def _te_lang(seconden) -> str:
    return (
        f"Het lezen van dit werkboek duurde te lang (meer dan {seconden:g} seconden) en is "
        "afgebroken; er is niets opgeslagen. Controleer het bestand of splits het werkboek."
    )


def lees_afgeschermd(doel, bron, *, voortgang=None):
    """doel(bron, voortgang=...) after controleer_zip, in a child process with the limits of the
    settings; in-process when WERKBOEK_AFGESCHERMD is off (the test suite). `doel` is a
    module-level function (it is pickled for the child). Raises GeenWerkboek with a sentence."""
    controleer_zip(bron)
    if not _instelling("WERKBOEK_AFGESCHERMD", True):
        return doel(bron, voortgang=voortgang)
    if isinstance(bron, bytearray | memoryview):
        bron = bytes(bron)
    elif not isinstance(bron, bytes | str | Path):
        bron = bron.read()
    return voer_begrensd_uit(doel, (bron,), voortgang=voortgang)


# The modules the forkserver imports once, before it forks any child: kern.voorlader (else
# every child runs the main script again, as multiprocessing prepares a child), the readers (no
# Django model among them) and what they import. A reader of another module still works: its
# child imports that module itself.
VOORLADEN = [
    "kern.voorlader",
    "openpyxl",
    "lxml.etree",
    "kern.xlsx_cellen",
    "kern.xlsx_lezen",
    "werkboek.lezen",
]


def _context():
    """multiprocessing's forkserver context, whose server (started on first use) preloads
    VOORLADEN; "spawn" where there is no forkserver (not on Linux or macOS)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The main script as multiprocessing names it to each child (kern.voorlader); the
    # forkserver, started on first use, inherits the environment.
    hoofd = spawn.get_preparation_data("afscherming").get("init_main_from_path")
    if hoofd:
        os.environ.setdefault("KERN_AFSCHERMING_MAIN", hoofd)
    context.set_forkserver_preload(VOORLADEN)
    return context


def start_leesserver() -> None:
    """Start the forkserver now rather than at the first read (config.celery calls this as a
    worker process starts). Starting it is an interpreter plus the imports of VOORLADEN, about
    0.35 s on a quiet machine, that the first upload's check or import otherwise waited for.
    Returns at once: the server does its imports while the worker waits for work. The limits
    are untouched: they are set in every child the server forks (_kind), not in the server."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def voer_begrensd_uit(doel, argumenten: tuple, *, voortgang=None):
    """doel(*argumenten, voortgang=...) in a child (forked from the forkserver) with the memory
    and time limits of the settings; progress reports come back through a pipe. GeenWerkboek on
    any limit."""
    seconden = _instelling("WERKBOEK_MAX_SECONDEN", 45)
    geheugen = _instelling("WERKBOEK_MAX_GEHEUGEN", 1024 * MB)
    context = _context()
    ontvanger, zender = context.Pipe(duplex=False)
    proces = context.Process(target=_kind, args=(doel, argumenten, geheugen, zender), daemon=True)
    proces.start()
    zender.close()
    einde = time.monotonic() + seconden
    try:
        while True:
            over = einde - time.monotonic()
            if over <= 0 or not ontvanger.poll(over):
                raise GeenWerkboek(_te_lang(seconden))
            try:
                bericht = ontvanger.recv()
            except (EOFError, OSError) as exc:  # the child died (e.g. killed at the limit)
                raise GeenWerkboek(TE_VEEL_GEHEUGEN) from exc
            if bericht[0] == "voortgang":
                if voortgang is not None:
                    voortgang(bericht[1], bericht[2])
                continue
            if bericht[0] == "fout":
                raise GeenWerkboek(bericht[1])
            return bericht[1]
    finally:
        ontvanger.close()
        if proces.is_alive():
            proces.kill()
        proces.join(5)
