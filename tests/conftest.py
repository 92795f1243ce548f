"""Fixtures: an app on a fresh database (SQLite by default, PostgreSQL when TEST_DATABASE_URL names one).

TEST_DATABASE_URL is an administrative URL such as postgresql://postgres@127.0.0.1:5432/postgres;
the suite creates its own database there and drops it afterwards. With DITA_REQUIRE_POSTGRES=1
the suite fails instead of falling back when PostgreSQL cannot be reached.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import uuid

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from app import create_app, records
from app.demo import DEMO_SLUG
from app.extensions import db
from app.models import (
    EventLink,
    MediaLink,
    Organization,
    PaperFile,
    Participation,
    Person,
    ProgrammeRelation,
    RepresentationLevel,
    Room,
    SpeakerEntry,
)
from config import TestingConfig
from tests import factories

PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")

#: The loopback SMTP server (aiosmtpd) and the apps that mail through it.
pytest_plugins = ["tests.smtp"]


def _psycopg(url: str) -> sa.URL:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


class PostgresDatabases:
    """Creates throwaway databases in the PostgreSQL named by TEST_DATABASE_URL."""

    def __init__(self, admin_url: str):
        self.admin_url = _psycopg(admin_url)
        self.engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.created: list[str] = []

    def create(self) -> str:
        name = f"dita_test_{uuid.uuid4().hex[:12]}"
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.engine.dispose()


@pytest.fixture(scope="session")
def postgres():
    """The PostgreSQL server for tests, or None when the suite runs on SQLite."""
    if not PG_ADMIN_URL:
        yield None
        return
    try:
        databases = PostgresDatabases(PG_ADMIN_URL)
        with databases.engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL cannot be reached: {exc}", returncode=3)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def database_url(postgres, tmp_path_factory) -> str:
    """The suite's database, with the schema created once."""
    if postgres is not None:
        url = postgres.create()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'dita-test.sqlite'}"
    app = create_app(_config(url, tmp_path_factory.mktemp("papers")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _config(url: str, upload_dir, **overrides) -> type[TestingConfig]:
    return type("SuiteConfig", (TestingConfig,),
                {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": str(upload_dir), **overrides})


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as in production.

    Tests hold an app context for their factories; without this, requests would share
    its `g` (and its database session) with the test and with each other.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on the suite's database, with configuration overrides."""
    apps = []

    def build(**overrides):
        app = create_app(_config(database_url, tmp_path / "papers", **overrides))
        app.test_client_class = FreshContextClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
    _empty_tables(database_url)
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


def _empty_tables(url: str) -> None:
    # Rows derived from the code (the `language` table's) are made with the schema, not by tests.
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name not in records.DERIVED_TABLES]
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str = "organizer@example.org", password: str = factories.PASSWORD, **kwargs):
        token = csrf_token(self.client, "/auth/login")
        return self.client.post(
            "/auth/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs
        )

    def logout(self):
        token = csrf_token(self.client, "/en/")
        return self.client.post("/auth/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def paper(app, auth):
    """A paper of a session of an organizer's event ("papers"), with the organizer signed in."""
    _, event = factories.make_organizer_event(slug="papers", source="en", languages=["en", "sq"])
    paper = factories.make_paper(factories.make_session(event), "Background paper")
    db.session.commit()
    auth.login()
    return paper


def pytest_report_header(config):
    return f"database: {'postgresql' if PG_ADMIN_URL else 'sqlite'}"


@pytest.fixture(scope="session", autouse=True)
def _record_database(record_testsuite_property):
    """The database the suite ran on, in the JUnit report that .ci/run checks."""
    record_testsuite_property("database", "postgresql" if PG_ADMIN_URL else "sqlite")


def demo_route_values(lang: str, member, user) -> dict:
    """Real values for every URL parameter, taken from the demo day in the database."""
    paper_file = db.session.scalar(sa.select(PaperFile))
    session = paper_file.paper.session
    return {
        "slug": DEMO_SLUG, "lang": lang, "session_id": session.id, "public_id": session.public_id,
        "paper_id": paper_file.paper_id, "file_id": paper_file.id, "file_lang": paper_file.lang,
        "room_id": db.session.scalar(sa.select(Room.id)), "person_id": db.session.scalar(sa.select(Person.id)),
        "part_id": db.session.scalar(sa.select(Participation.id)),
        "link_id": db.session.scalar(sa.select(MediaLink.id)),
        "member_id": member.id, "user_id": user.id, "invitation_id": 1, "token": "x", "filename": "css/dita.css",
        **_acknowledgement_values(), **_added_and_published_values(session),
    }


def _added_and_published_values(session) -> dict:
    """What the demo day lacks for some routes, added and published: an entry of the list of speakers
    of the session the other values name ("entry_id"; the demo's list belongs to a session without
    papers), a logo for the organization ("organization_id") and a related event in the programme
    ("event_link_id")."""
    from PIL import Image

    from app.publishing import publish
    from app.storage import get_storage

    entry = SpeakerEntry(person_id=db.session.scalar(sa.select(Person.id)), level=RepresentationLevel.MINISTER,
                         position=len(session.speaker_entries))
    session.speaker_entries.append(entry)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 160)).save(buffer, "PNG")
    organization = db.session.scalar(sa.select(Organization).order_by(Organization.id))
    organization.logo_key, organization.logo_format = get_storage().save(buffer.getvalue(), "png"), "png"
    organization.logo_sha256 = hashlib.sha256(buffer.getvalue()).hexdigest()
    organization.logo_width, organization.logo_height = 40, 20
    link = EventLink(event_id=session.event_id, related_event=factories.make_event("demo-hearing"),
                     relation=ProgrammeRelation.HEARING)
    db.session.add(link)
    publish(session.event)
    db.session.commit()
    return {"entry_id": entry.id, "organization_id": organization.id, "kind": "png", "event_link_id": link.id}


def _acknowledgement_values() -> dict:
    """A conflict of the demo day to acknowledge ("key") and an acknowledgement of another one ("ack_id")."""
    from app.manage.conflicts import find_conflicts, one_each
    from app.models import Acknowledgement, Event

    event = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    found = [c for c in one_each(find_conflicts(event)) if c.acknowledgeable]
    ack = Acknowledgement(event_id=event.id, kind=found[0].kind, session_id=found[0].session.id, key=found[0].key,
                          reason="Agreed with the convenors.", created_by_name="Organizer")
    db.session.add(ack)
    db.session.commit()
    return {"key": found[1].key, "ack_id": ack.id}


def fill_rule(rule: str, values: dict) -> str:
    """A URL rule with its parameters filled in; under /manage a language names a paper's file."""
    if rule.startswith("/manage"):
        values = {**values, "lang": values["file_lang"]}
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule)
