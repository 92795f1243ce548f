"""Property-based fuzzing of every route: no input gives a 500, and a refused form saves nothing.

Routes are read from the app's URL map, so a new route is fuzzed without being listed here.
Path parameters get real ids from the demo day half of the time and arbitrary text otherwise;
forms are read from the page (lxml) and filled with arbitrary values, with a valid CSRF token.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.languages import LANGUAGES
from app.models import EventMember, MemberRole, Paper, PaperFile, Person, Room, Session, User
from app.records import dump_value
from tests import factories as f

FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
SKIP_POST = {"auth.logout"}  # signing out is not a form to fuzz
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "0", "-1", "99999999999", "../../etc/passwd", "<script>alert(1)</script>",
                     "2026-02-30", "25:99", "\x00", "%s%(x)s{{7*7}}", "ar", "sq", "a" * 5000,
                     "javascript:alert(1)", "https://example.org/x.pdf", "roundtable", "plenary"]),
)


@pytest.fixture
def world(app, auth):
    event, _ = load_demo(day=date(2026, 12, 18))
    admin = f.make_user("admin@example.org", admin=True)
    event.members.append(EventMember(user=admin, role=MemberRole.OWNER))
    db.session.commit()
    auth.login("admin@example.org")
    ids = {
        "slug": [DEMO_SLUG], "lang": list(LANGUAGES),
        "session": [s.id for s in db.session.scalars(sa.select(Session))],
        "public": [s.public_id for s in db.session.scalars(sa.select(Session))],
        "room": list(db.session.scalars(sa.select(Room.id))),
        "person": list(db.session.scalars(sa.select(Person.id))),
        "paper": list(db.session.scalars(sa.select(Paper.id))),
        "file": list(db.session.scalars(sa.select(PaperFile.id))),
        "user": list(db.session.scalars(sa.select(User.id))),
    }
    return ids


def _candidates(name: str, ids: dict) -> list:
    for key in ("slug", "lang", "public", "session", "room", "person", "paper", "file", "user"):
        if key in name:
            return ids[key]
    return [1]


def _rules(app, method: str):
    return sorted(
        (r for r in app.url_map.iter_rules() if method in r.methods and r.endpoint != "static"),
        key=lambda r: r.rule,
    )


def _build(app, rule, values) -> str | None:
    with app.test_request_context():
        try:
            from flask import url_for

            return url_for(rule.endpoint, **values)
        except Exception:  # an arbitrary value the converter refuses: no URL to fetch
            return None


def _path_values(rule, ids):
    strategies = {}
    for name in rule.arguments:
        real = st.sampled_from(_candidates(name, ids))
        converter = rule._converters.get(name)
        if converter is not None and type(converter).__name__ == "IntegerConverter":
            strategies[name] = st.one_of(real, st.integers(min_value=0, max_value=2**31))
        else:
            strategies[name] = st.one_of(real, st.text(min_size=1, max_size=30))
    return st.fixed_dictionaries(strategies)


def _real_path_values(rule, ids):
    return {name: _candidates(name, ids)[0] for name in rule.arguments}


def _state_digest() -> str:
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table).order_by(*table.primary_key.columns)):
            digest.update(json.dumps({k: dump_value(v) for k, v in row._mapping.items()}, default=str).encode())
    return digest.hexdigest()


def test_every_get_route_survives_arbitrary_input(app, client, world):
    failures = []
    for rule in _rules(app, "GET"):
        @FUZZ
        @given(values=_path_values(rule, world), query=st.dictionaries(
            st.sampled_from(["format", "s", "at", "q", "country", "city", "next", "filter", "lang", "page", "x"]),
            TEXT, max_size=3))
        def check(values, query):
            url = _build(app, rule, values)  # noqa: B023 - check() runs within this iteration
            if url is None:
                return
            response = client.get(url, query_string=query)
            if response.status_code >= 500 and response.status_code != 503:  # 503: PDF without Pango
                failures.append((url, query, response.status_code))

        check()
    assert not failures, failures[:5]


def _form_fields(page: str) -> tuple[str | None, dict[str, list[str]]]:
    """The first form posting back to the page: its CSRF token and its fields with their options."""
    tree = lxml_html.fromstring(page)
    for form in tree.forms:
        if (form.method or "GET").upper() != "POST":
            continue
        fields: dict[str, list[str]] = {}
        token = None
        for element in form.inputs:
            name = element.get("name")
            if not name:
                continue
            if name == "csrf_token":
                token = element.get("value")
                continue
            options = [o.get("value") for o in element.iter("option")] if element.tag == "select" else []
            if element.get("type") in ("checkbox", "radio"):
                options = [element.get("value") or "y"]
            fields.setdefault(name, []).extend(o for o in options if o is not None)
        return token, fields
    return None, {}


def test_every_form_survives_arbitrary_input_and_saves_nothing_when_refused(app, client, world):
    failures = []
    for rule in _rules(app, "POST"):
        if rule.endpoint in SKIP_POST:
            continue
        url = _build(app, rule, _real_path_values(rule, world))
        if url is None:
            continue
        page = client.get(url)
        token, fields = _form_fields(page.get_data(as_text=True)) if page.status_code == 200 else (None, {})
        if token is None:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/en/").get_data(as_text=True))
            token = token.group(1) if token else ""
        field_values = {
            name: (st.one_of(st.sampled_from(options), TEXT) if options else TEXT) for name, options in fields.items()
        }

        @FUZZ
        @given(data=st.fixed_dictionaries({}, optional=field_values))
        def check(data):
            before = _state_digest()
            response = client.post(url, data={**data, "csrf_token": token})  # noqa: B023 - check() runs within this iteration
            if response.status_code >= 500:
                failures.append((url, data, response.status_code))  # noqa: B023 - check() runs within this iteration
            elif response.status_code in (200, 400, 403, 404, 409, 413, 422):
                db.session.expire_all()
                if _state_digest() != before:
                    failures.append((url, data, "changed the database although the form was refused"))  # noqa: B023

        check()
    assert not failures, failures[:5]
