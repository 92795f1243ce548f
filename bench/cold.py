"""Time, and optionally profile, cold renders of the large event's pages inside one process.

    .venv/bin/python bench/cold.py [--pages agenda,json] [--repeat 15] [--profile agenda] [--database URL]

Builds the benchmark dataset (bench/dataset.py, few small events) in a temporary SQLite
database (or the empty database named by --database), turns the render cache off (NullCache) and
requests each page through Flask's test client: every request loads and renders the page from the
database. Prints the median and
best time per page, and with --profile the functions that take the most time for one page.
Use it to find where a cold render spends its time; `make bench` gives the figures that count.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Session  # noqa: E402
from bench.dataset import LARGE_SLUG, build  # noqa: E402
from config import TestingConfig  # noqa: E402


def pages(session_id: str) -> dict[str, str]:
    base = f"/fr/e/{LARGE_SLUG}/"
    return {
        "agenda": base, "grid": base + "grid", "session": base + f"s/{session_id}", "speakers": base + "speakers",
        "json": base + "schedule.json", "xml": base + "schedule.xml", "ics": base + "schedule.ics",
        "pdf": base + "agenda.pdf", "home": "/fr/",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="agenda,grid,session,json,xml,ics,home")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", default="", help="a page name to profile with cProfile")
    parser.add_argument("--events", type=int, default=50, help="small events beside the large one")
    parser.add_argument("--database", default="", help="an empty database's URL (default: a new SQLite file)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dita-profile-"))
    config = type("ProfileConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": args.database or f"sqlite:///{tmp / 'profile.sqlite'}",
        "UPLOAD_DIR": str(tmp / "papers"), "CACHE_TYPE": "NullCache",
    })
    app = create_app(config)
    with app.app_context():
        upgrade()
        build(date(2026, 12, 18), small_events=args.events)
        session_id = db.session.scalar(sa.select(Session.public_id).order_by(Session.id).offset(150).limit(1))
        db.session.remove()
    client = app.test_client()
    urls = pages(session_id)
    for name in args.pages.split(","):
        url = urls[name]
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"{name:10} median {statistics.median(times):7.1f} ms   best {min(times):7.1f} ms   "
              f"{len(response.data) / 1024:7.0f} KiB", flush=True)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(urls[args.profile])
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
