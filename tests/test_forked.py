"""Work done in a forked child: its result comes back, its failures become errors, its memory goes."""
from __future__ import annotations

import os
import resource
import time
from datetime import date

import pytest

from app.demo import DEMO_SLUG, load_demo
from app.exports import pdf
from app.forked import ChildFailed, run_forked


def _square(n: int) -> int:
    return n * n


def _fail() -> None:
    raise ValueError("no layout for you")


def _die() -> None:
    os._exit(3)


def _sleep() -> None:
    time.sleep(30)


def _allocate_and_measure(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_the_result_comes_back():
    assert run_forked(_square, 12, timeout=30) == 144


@pytest.mark.parametrize("func, message", [(_fail, "ValueError: no layout for you"),
                                           (_die, "exited without a result")])
def test_a_failure_in_the_child_is_an_error_in_the_parent(func, message):
    with pytest.raises(ChildFailed, match=message):
        run_forked(func, timeout=30)


def test_a_child_that_takes_too_long_is_stopped():
    started = time.monotonic()
    with pytest.raises(ChildFailed, match="no result after 0.5 s"):
        run_forked(_sleep, timeout=0.5)
    assert time.monotonic() - started < 10


def test_the_childs_memory_is_not_the_parents():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    peak_in_child = run_forked(_allocate_and_measure, 300, timeout=60)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    assert peak_in_child >= 300
    assert after - before < 50


def test_a_failed_layout_answers_503_and_nothing_is_kept(app, client, monkeypatch):
    if pdf.UNAVAILABLE:
        pytest.skip(f"WeasyPrint cannot load Pango: {pdf.UNAVAILABLE}")
    load_demo(day=date(2026, 12, 18))
    monkeypatch.setattr(pdf, "write_pdf", lambda html, base_url: _fail())
    url = f"/en/e/{DEMO_SLUG}/agenda.pdf"
    response = client.get(url)
    assert response.status_code == 503
    assert "Traceback" not in response.get_data(as_text=True)
    monkeypatch.undo()
    assert client.get(url).status_code == 200
