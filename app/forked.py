"""Run a memory-hungry function in a forked child, so that its memory goes back when the child exits.

Laying out a 40-page PDF takes WeasyPrint a few hundred megabytes of boxes and fonts; a long-lived
web worker that did it itself would keep that memory for the rest of its life. A forked child
shares the worker's loaded code (copy on write), does the work with the garbage collector off (it
lives for one job), sends the result back through a pipe and exits. The worker's size stays what
it was, and a crash or a runaway job in the child cannot take the worker down.
"""
from __future__ import annotations

import gc
import multiprocessing
from typing import Any, Callable


class ChildFailed(RuntimeError):
    """The child raised, died, or ran out of time; the message says which."""


def run_forked(func: Callable[..., Any], *args, timeout: float) -> Any:
    """`func(*args)` computed in a forked child; its result must be picklable."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args), daemon=True)
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


def _child(sender, func: Callable[..., Any], args: tuple) -> None:
    gc.disable()  # one job, then exit: collecting garbage would only cost time
    try:
        result = (True, func(*args))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as a message
        result = (False, f"{type(exc).__name__}: {exc}")
    sender.send(result)
    sender.close()
