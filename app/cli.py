"""Command-line tools: `flask users …`, `flask demo`."""
from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import AppGroup

from app import backup
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.languages import LANGUAGES
from app.manage.cli import events_cli
from app.models import Event, Role, User
from app.translate.cli import translations_cli

users_cli = AppGroup("users", help="Create and list accounts.")

MIN_PASSWORD_LENGTH = 10


def _read_password() -> str:
    """From a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
              help="admin, organizer or translator; repeat for several.")
@click.option("--language", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="A language a translator translates into; repeat for several.")
@click.option("--name", default="", help="The name shown in the interface.")
def create_user(email: str, roles: tuple[str, ...], languages: tuple[str, ...], name: str) -> None:
    """Create an account. The password is read from a prompt or standard input, never the command line."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise click.UsageError(f"Not a valid email address: {exc}") from exc
    if "translator" in roles and not languages:
        raise click.UsageError("A translator needs at least one --language.")
    if languages and "translator" not in roles:
        raise click.UsageError("--language is only for translators (--role translator).")
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise click.ClickException(f"An account for {email} exists already.")
    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    user = User(email=email, name=name)
    user.set_password(password)
    for role in roles:
        user.grant(Role(role))
    user.translator_languages = languages
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {email} ({', '.join(roles)}).")


@users_cli.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    for user in db.session.scalars(sa.select(User).order_by(User.email)):
        langs = f" [{', '.join(user.translator_languages)}]" if user.translator_languages else ""
        state = "" if user.active else " (inactive)"
        click.echo(f"{user.email}\t{', '.join(user.roles) or '-'}{langs}{state}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no event yet.")
def demo_command(if_empty: bool) -> None:
    """Load the demo day: International Migrants Day in Pristina, on the next 18 December."""
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(Event)):
        click.echo("The database holds events already; the demo day was not loaded.")
        return
    event, created = load_demo()
    if created:
        click.echo(f"Loaded the demo day: /sq/e/{event.slug}/ ({event.start_date.isoformat()}).")
    else:
        click.echo(f"The demo day is there already: /sq/e/{DEMO_SLUG}/.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(events_cli)
    backup.register(app)
    app.cli.add_command(translations_cli)
