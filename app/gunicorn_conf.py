"""Gunicorn settings for Dita in production.

    gunicorn -c python:app.gunicorn_conf "app:create_app()"

Every value can be set from the environment, so one file serves every host. Workers are replaced
after a number of requests, with jitter so that they do not restart together, which bounds what any
leak could grow to. The PDF is laid out in a short-lived child of the worker (app.forked), so it
never swells a worker.

Workers are threaded (`gthread`, DITA_THREADS threads each), not synchronous. A synchronous worker
reads a request itself, so one client that sends its headers a byte at a time holds the whole worker
until the worker timeout: with 2 workers, 2 slow connections stop the site, and only nginx in front
(which reads whole requests before passing them on) stood between that and an outage. A threaded
worker waits for connections in one poller; a connection takes a thread only once it has sent data,
and a client that then stalls holds one thread of workers × threads. The pages are rendered in
milliseconds or come from the render cache, and the PDF runs in a child (one at a time per worker,
PDF_MAX_CONCURRENT), so the threads are not busy for long. nginx in front is still the first defence
(see the README's deployment section); this makes the app's own answer not depend on luck.
"""
from __future__ import annotations

import gc
import multiprocessing
import os

bind = os.environ.get("DITA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = os.environ.get("DITA_WORKER_CLASS", "gthread")
threads = int(os.environ.get("DITA_THREADS", "8"))
#: Longer than the PDF's own limit (PDF_TIMEOUT), so that the worker answers 503 itself.
timeout = int(os.environ.get("DITA_WORKER_TIMEOUT", "90"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("DITA_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
#: The proxies whose X-Forwarded-Proto gunicorn trusts (Dita's TRUSTED_PROXIES reads the rest).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("DITA_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("DITA_LOG_LEVEL", "info")
# The workers' heartbeat files in memory rather than on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


def post_worker_init(worker) -> None:
    """Set what the worker loaded at start-up (modules, templates, catalogs) aside from the garbage
    collector: a full collection then walks only what requests create, and no longer stalls a
    render by 100 ms now and then."""
    gc.freeze()
