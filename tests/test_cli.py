"""`flask users …` and `flask demo`."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Person, Session, Translation, User


def test_create_user_reads_password_from_stdin(runner):
    result = runner.invoke(args=["users", "create", "Ana@Example.org", "--role", "organizer", "--name", "Ana"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.email == "ana@example.org"
    assert user.is_organizer and not user.is_admin
    assert user.check_password("a long enough password")
    assert "a long enough password" not in result.output


def test_create_translator_with_languages(runner):
    result = runner.invoke(args=["users", "create", "t@example.org", "--role", "translator", "--language", "sr",
                                 "--language", "ar"], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.is_translator
    assert user.translator_languages == ["sr", "ar"]


def test_translator_needs_a_language(runner):
    result = runner.invoke(args=["users", "create", "t@example.org", "--role", "translator"], input="pw\n")
    assert result.exit_code != 0
    assert "language" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_short_password_refused(runner):
    result = runner.invoke(args=["users", "create", "a@example.org", "--role", "admin"], input="short\n")
    assert result.exit_code != 0
    assert "at least" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_invalid_email_and_role_refused(runner):
    assert runner.invoke(args=["users", "create", "not-an-email", "--role", "admin"], input="x" * 12).exit_code != 0
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "king"], input="x" * 12).exit_code != 0


def test_duplicate_user_refused(runner):
    args = ["users", "create", "a@example.org", "--role", "admin"]
    assert runner.invoke(args=args, input="a long enough password\n").exit_code == 0
    again = runner.invoke(args=args, input="a long enough password\n")
    assert again.exit_code != 0
    assert "exists already" in again.output


def test_list_users(runner):
    runner.invoke(args=["users", "create", "a@example.org", "--role", "admin", "--role", "organizer"],
                  input="a long enough password\n")
    result = runner.invoke(args=["users", "list"])
    assert "a@example.org" in result.output and "admin, organizer" in result.output


def _counts():
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m))
                 for m in (Event, Session, Person, Translation))


def test_demo_twice_does_not_duplicate(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    assert counts[0] == 1 and counts[1] >= 8 and counts[2] >= 10 and counts[3] > 0
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "already" in second.output
    assert _counts() == counts


def test_demo_if_empty_skips_a_used_database(runner):
    from tests import factories as f

    f.make_event("someone-elses")
    db.session.commit()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
