"""Demo data: each app contributes its part through a function in its own demo module."""

from importlib import import_module

# The order matters: later parts use the register of earlier ones.
DEMO_MODULES = ["inburgering.demo", "spuk.demo", "uitvoering.demo", "rapportage.demo"]


def laad_demogegevens(*, hoofd, buur, stdout=None):
    for naam in DEMO_MODULES:
        try:
            module = import_module(naam)
        except ModuleNotFoundError:
            continue
        module.laad(hoofd=hoofd, buur=buur)
        if stdout is not None:
            stdout.write(f"Demogegevens geladen: {naam}")
