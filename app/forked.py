"""Run a memory-hungry function in a forked child, so that its memory goes back when the child exits.

Laying out a 40-page PDF takes WeasyPrint a few hundred megabytes of boxes and fonts; a long-lived
web worker that did it itself would keep that memory for the rest of its life. A forked child
shares the worker's loaded code (copy on write), does the work with the garbage collector off (it
lives for one job), sends the result back through a pipe and exits. The worker's size stays what
it was, and a crash or a runaway job in the child cannot take the worker down.

The child never outlives the worker and never holds what belongs to it: on Linux the kernel kills
it when the worker dies (PR_SET_PDEATHSIG), elsewhere a thread of its own watches for the worker to
go; and its first act is to close every socket it inherited — the server's listening socket, the
client's connection, database and Redis connections — so that a worker killed mid-render leaves
nothing behind that could keep the port in use.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: prctl(2): deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1


class ChildFailed(RuntimeError):
    """The child raised, died, or ran out of time; the message says which."""


def run_forked(func: Callable[..., Any], *args, timeout: float) -> Any:
    """`func(*args)` computed in a forked child; its result must be picklable."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, os.getpid()), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ChildFailed(f"no result after {timeout:g} s")
        ok, value = receiver.recv()
    except EOFError:
        raise ChildFailed("the child exited without a result") from None
    finally:
        receiver.close()
        child.join(timeout=1)
        if child.is_alive():
            child.kill()
            child.join()
    if not ok:
        raise ChildFailed(value)
    return value


def _die_with_parent(parent: int) -> None:
    """Arrange for this process to end when `parent` does (at once if it already has)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _close_inherited_sockets(keep: int) -> None:
    """Close every socket this process inherited (the result goes back through a pipe, `keep`)."""
    try:
        names = os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else os.listdir("/dev/fd")
    except OSError:
        return
    for name in names:
        fd = int(name)
        if fd == keep or fd <= 2:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _child(sender, func: Callable[..., Any], args: tuple, parent: int | None = None) -> None:
    _die_with_parent(parent if parent is not None else os.getppid())
    _close_inherited_sockets(keep=sender.fileno())
    gc.disable()  # one job, then exit: collecting garbage would only cost time
    try:
        result = (True, func(*args))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as a message
        result = (False, f"{type(exc).__name__}: {exc}")
    sender.send(result)
    sender.close()
