"""Imported only by kern.afscherming's forkserver (VOORLADEN), before it forks any child.

multiprocessing prepares every child by running the parent's main script again (as
__mp_main__) unless the child's __main__ already is that file; Python 3.11's forkserver never
preloads it ("__main__" in the preload list needs a main_path it is not given). For a Celery
worker or gunicorn that is their start script, for the bench pytest's: 0.2 to 0.5 s per read.
The parent names its main script in KERN_AFSCHERMING_MAIN (kern.afscherming._context); here the
forkserver's __main__ takes that name, so its children skip the rerun. The readers the children
run are module-level functions of importable modules, never of the main script.
"""

import os
import sys

_PAD = os.environ.get("KERN_AFSCHERMING_MAIN")
if _PAD:
    sys.modules["__main__"].__file__ = _PAD
