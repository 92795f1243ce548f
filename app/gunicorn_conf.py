"""Gunicorn settings for Dita in production.

    gunicorn -c python:app.gunicorn_conf "app:create_app()"

Every value can be set from the environment, so one file serves every host. Workers are
synchronous: nginx in front buffers slow clients, and a page is rendered in milliseconds (or
comes from the render cache). Workers are replaced after a number of requests, with jitter so
that they do not restart together, which bounds what any leak could grow to. The PDF is laid
out in a short-lived child of the worker (app.forked), so it never swells a worker.
"""
from __future__ import annotations

import gc
import multiprocessing
import os

bind = os.environ.get("DITA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
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
