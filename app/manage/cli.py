"""`flask events …`: create from a template, publish, export and import events from scripts."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import available_timezones

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.extensions import db
from app.languages import LANGUAGES
from app.manage.agenda_templates import agenda_templates
from app.manage.archive import ArchiveError, export_zip, import_zip
from app.manage.events import create_event
from app.manage.releases import publish_checked
from app.models import Event, User

events_cli = AppGroup("events", help="Create, publish, export and import events.")


def _user(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


def _event(slug: str) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event with the slug {slug}.")
    return event


@events_cli.command("new")
@click.option("--template", "template_key", default="hld-2013", show_default=True,
              type=click.Choice(list(agenda_templates())))
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="First day, YYYY-MM-DD.")
@click.option("--title", required=True)
@click.option("--owner", required=True, help="Email of the owner's account.")
@click.option("--timezone", default="Europe/Belgrade", show_default=True)
@click.option("--source-language", default="en", show_default=True, type=click.Choice(LANGUAGES))
@click.option("--language", "languages", multiple=True, type=click.Choice(LANGUAGES), help="Repeat for several.")
def new_event(template_key, start, title, owner, timezone, source_language, languages) -> None:
    """Create a draft event from a template."""
    if timezone not in available_timezones():
        raise click.UsageError(f"Unknown time zone {timezone}.")
    event = create_event(
        owner=_user(owner), title=title, start_date=date.fromisoformat(start.date().isoformat()), end_date=None,
        timezone=timezone, source_language=source_language, languages=languages or [source_language],
        template=agenda_templates()[template_key],
    )
    db.session.commit()
    click.echo(f"Created {event.slug} ({event.start_date.isoformat()}–{event.end_date.isoformat()}).")


@events_cli.command("publish")
@click.argument("slug")
def publish_event(slug: str) -> None:
    """Publish (or republish) an event; refused while its agenda has errors."""
    event = _event(slug)
    release, check = publish_checked(event)
    if release is None:
        for conflict in check.errors:
            click.echo(f"- {conflict.session.title}: {conflict.message()}", err=True)
        raise click.ClickException("Not published: the agenda has errors.")
    db.session.commit()
    click.echo(f"Published {slug}, release {release.number} ({len(release.changes)} changes).")


@events_cli.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_event(slug: str, output: str) -> None:
    """Write an event and its paper files to one ZIP archive."""
    Path(output).write_bytes(export_zip(_event(slug)))
    click.echo(f"Exported {slug} to {output}.")


@events_cli.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", help="Email of the new event's owner (default: the first admin).")
def import_event(archive: str, owner: str | None) -> None:
    """Create a new draft event from an archive; a broken archive changes nothing."""
    if owner:
        user = _user(owner)
    else:
        admin = db.session.scalar(sa.select(User).where(User.is_admin.is_(True)).order_by(User.id))
        if admin is None:
            raise click.UsageError("Name the owner with --owner (there is no admin account).")
        user = admin
    try:
        event = import_zip(Path(archive).read_bytes(), user)
    except ArchiveError as refused:
        raise click.ClickException(f"Not imported: {refused}") from refused
    click.echo(f"Imported {event.slug} as a draft.")


@events_cli.command("export-site")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write a ZIP file.")
@click.option("--to", "directory", type=click.Path(file_okay=False, writable=True),
              help="Refresh a directory in place (files no longer in the copy are removed).")
def export_site(slug: str, output: str | None, directory: str | None) -> None:
    """Write a static copy of a published event's public pages and exports, with relative links."""
    from flask import current_app

    from app.exports.site import SiteError, build_site

    if bool(output) == bool(directory):
        raise click.UsageError("Name either -o FILE.zip or --to DIR.")
    try:
        site = build_site(slug, current_app._get_current_object())  # type: ignore[attr-defined]
        if output:
            Path(output).write_bytes(site.zip_bytes())
            click.echo(f"Exported the site of {slug} ({len(site.files)} files) to {output}.")
        else:
            written, removed = site.write_to(Path(directory))  # type: ignore[arg-type]
            click.echo(f"Refreshed {directory}: {written} files, {removed} removed.")
    except SiteError as refused:
        raise click.ClickException(str(refused)) from refused
