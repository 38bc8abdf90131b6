"""gunicorn for the product (Dockerfile, docker compose, the load run of make bench).

    gunicorn -c config/gunicorn.conf.py config.wsgi

Threads in one process share the GIL, so a process runs Python on one core at a time: a
machine needs about two processes per core to keep its cores busy while one process waits for
PostgreSQL. A page spends most of its time in Python (templates, forms) and the rest in a few
database round trips, so a handful of threads per process covers those waits; more threads only
make more requests share one GIL, and every short query then waits for the long renders of
its neighbours (measured in tests/test_last_en_herstel.py). A sync worker (the old setting)
has no threads: one slow request (a commit waiting for its disk flush, a report) holds the
whole process, and it cannot keep a connection alive, so every click opens a new one.

WEB_CONCURRENCY (processes) and WEB_THREADS (threads per process) override the defaults.
"""

import multiprocessing
import os
import sys

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
timeout = 60
# Longer than a person's pause between clicks: gunicorn's 2 s default closes idle connections
# while the browser is about to reuse them (a reset connection on a POST).
keepalive = 10
# Per request: method, path, status and the time gunicorn spent on it (microseconds, %(D)s).
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'

# The application is loaded once in the master (config/opwarmen.py warms it up there) and the
# workers fork from it: they share its memory and none pays for a first render of a page.
preload_app = True


def when_ready(server):
    from config.opwarmen import warm_op

    server.log.info("Opgewarmd: %s sjablonen vooraf vertaald", warm_op())


# How long a thread may keep the GIL while another asks for it (Python's default 5 ms). A thread
# whose query has returned asks for the GIL back and, while a neighbour thread renders a long
# page, waits until that neighbour's interval is over: a page of 8 short queries could wait 8 x
# 5 ms, more than it computes. Gunicorn's own hand-offs (the main thread accepts a connection,
# a pool thread answers it) wait the same way. 1 ms bounds each wait to 1 ms, at the price of
# more switches for the long renders (measured in tests/test_last_en_herstel.py).
GIL_WISSEL_MS = float(os.environ.get("WEB_GIL_WISSEL_MS", "1"))


def post_fork(server, worker):
    sys.setswitchinterval(GIL_WISSEL_MS / 1000)
