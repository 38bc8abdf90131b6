"""config/gunicorn.conf.py: each worker hands the GIL over within 1 ms (see its post_fork)."""

import runpy
import sys
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "config" / "gunicorn.conf.py"


def test_een_werker_geeft_de_gil_binnen_een_milliseconde_door(monkeypatch):
    monkeypatch.delenv("WEB_GIL_WISSEL_MS", raising=False)
    oud = sys.getswitchinterval()
    try:
        runpy.run_path(str(CONF))["post_fork"](None, None)
        assert sys.getswitchinterval() == 0.001
    finally:
        sys.setswitchinterval(oud)


def test_de_wisseltijd_is_in_te_stellen(monkeypatch):
    monkeypatch.setenv("WEB_GIL_WISSEL_MS", "5")
    oud = sys.getswitchinterval()
    try:
        conf = runpy.run_path(str(CONF))
        conf["post_fork"](None, None)
        assert sys.getswitchinterval() == 0.005
        assert conf["worker_class"] == "gthread"
    finally:
        sys.setswitchinterval(oud)
