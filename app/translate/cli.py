"""`flask translations export|import`: an event's content translations as PO files."""
from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.content.progress import load_event_for_translation
from app.extensions import db
from app.models import Event
from app.translate.po import MAX_PO_BYTES, PoFileError, export_po, file_language, import_po, read_po

translations_cli = AppGroup("translations", help="Export and import an event's content translations as PO files.")


def _event(slug: str) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    return load_event_for_translation(event.id)


def _check_language(event: Event, lang: str) -> None:
    targets = [code for code in event.offered_languages if code != event.source_language]
    if lang not in targets:
        raise click.ClickException(
            f"{event.slug} is not translated into {lang!r}; its languages are: {', '.join(targets) or 'none'}."
        )


@translations_cli.command("export")
@click.argument("slug")
@click.argument("lang")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="The PO file to write (default: standard output).")
def export_command(slug: str, lang: str, output: str) -> None:
    """Write the content of event SLUG in language LANG as a PO file."""
    event = _event(slug)
    _check_language(event, lang)
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(export_po(event, lang))
    if output != "-":
        click.echo(f"Wrote {output}.", err=True)


@translations_cli.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewed", is_flag=True, help="Take entries that are not fuzzy as reviewed (else as drafts).")
def import_command(slug: str, file: Path, reviewed: bool) -> None:
    """Import a translated PO file into event SLUG; the language comes from the file's header."""
    event = _event(slug)
    try:
        if file.stat().st_size > MAX_PO_BYTES:
            raise PoFileError("The file is larger than 5 MB.")
        po = read_po(file.read_bytes())
        lang = file_language(po)
        if not lang:
            raise PoFileError("The file has no Language header.")
        _check_language(event, lang)
        report = import_po(event, lang, po, None, as_reviewed=reviewed)
    except PoFileError as error:
        raise click.ClickException(f"Nothing was imported. {error}") from error
    click.echo(f"{lang}: {len(report.taken)} taken, {len(report.unchanged)} unchanged, "
               f"{len(report.rejected)} rejected.")
    for context, why in report.rejected:
        click.echo(f"  rejected {context or '(no msgctxt)'}: {why}")
