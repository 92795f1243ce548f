"""Events: the list, creating from a template, settings, timetable, balance, publishing, copying, deleting."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from app.addresses import record_slug_change
from app.auth.permissions import can_create_events, events_for_manager, is_owner
from app.content.progress import translation_progress
from app.dates import next_migrants_day
from app.extensions import db
from app.form_tokens import AlreadySent, claim, once, record, token_of
from app.i18n import current_language, format_day, use_timezone
from app.manage import archive
from app.manage.agenda_templates import agenda_templates
from app.manage.balance import balance_page
from app.manage.blueprint import bp, current_event, owners_only
from app.manage.conflicts import by_session, find_conflicts
from app.manage.events import create_event, event_storage_keys, slug_taken
from app.manage.forms import ConfirmForm, CopyForm, EditEventForm, NewEventForm, timezone_names
from app.manage.queries import load_agenda
from app.manage.releases import check_publishable, has_unpublished_edits, publish_checked
from app.manage.services import (
    apply_event_dates,
    changed_fields,
    event_values,
    is_stale,
    move_sessions_with_event,
    stored_now,
    text,
)
from app.manage.timetable import build_timetable
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, save_or_conflict
from app.models import Event
from app.publishing import describe_change, unpublish
from app.storage import get_storage


@bp.route("/")
def index():
    """The events this user owns or edits, with their state and translation progress."""
    events = db.session.scalars(
        events_for_manager(current_user).options(selectinload(Event.language_rows))
        .order_by(Event.start_date.desc(), Event.id.desc())
    ).all()
    progress = {e.id: translation_progress(e) for e in events}
    return render_template("manage/index.html", events=events, progress=progress,
                           can_create=can_create_events(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new_event():
    """Create an event from a template; the creator becomes its owner."""
    if not can_create_events(current_user):
        abort(403)
    templates = agenda_templates()
    form = NewEventForm()
    lang = current_language()
    form.template.choices = [SelectChoice(t.key, t.name(lang)) for t in templates.values()]
    if not form.is_submitted():
        form.start_date.data = next_migrants_day()
        form.source_language.data = lang
        form.languages.data = [lang]
    if form.validate_on_submit():
        template = templates[form.template.data]
        if form.slug.data and slug_taken(form.slug.data):
            form.slug.errors.append(_("Another event has this address; choose another."))
        else:
            start, end = apply_event_dates(form, template.days)
            event = once(form, lambda: create_event(
                owner=current_user, title=form.title.data.strip(), start_date=start, end_date=end,
                timezone=form.timezone.data, source_language=form.source_language.data,
                languages=form.languages.data, template=template, slug=form.slug.data or "",
                venue=(form.venue.data or "").strip(), city=(form.city.data or "").strip(),
                country=form.country.data or "",
            ), lambda made: url_for("manage.event", slug=made.slug))
            assert event is not None  # create_event always makes one
            db.session.commit()
            flash(_("The event was created as a draft."), "success")
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("manage/new_event.html", form=form, templates=templates, lang=lang,
                           timezones=timezone_names())


@bp.route("/<slug>/")
def event():
    """An event's overview: state, translation progress, releases with their changes."""
    event = current_event()
    use_timezone(event.timezone)
    sessions = load_agenda(event)
    conflicts = find_conflicts(event, sessions)
    return render_template(
        "manage/event.html", event=event, sessions=sessions, conflicts=conflicts,
        progress=translation_progress(event), describe_change=describe_change, owner=is_owner(current_user, event),
        confirm=ConfirmForm(), unpublished_edits=has_unpublished_edits(event),
    )


@bp.route("/<slug>/settings", methods=["GET", "POST"])
def edit_event():
    """Change an event's title, dates, zone, place and languages."""
    event = current_event()
    form = EditEventForm(obj=event)
    if not form.is_submitted():
        form.languages.data = event.offered_languages
        form.end_date.data = event.end_date
        form.version.data = str(event.version)
    stale: list | None = []
    if form.validate_on_submit():
        if is_stale(event, form):
            stale = changed_fields(form, event_values(event)) or [(_("Version"), event.version)]
        elif form.slug.data and slug_taken(form.slug.data, exclude_id=event.id):
            form.slug.errors.append(_("Another event has this address; choose another."))
        else:
            saved, lost = save_or_conflict(lambda: _save_event_settings(event, form))
            if saved is not None:
                moved = saved[1]
                if moved:
                    flash(ngettext("The event was saved; its session moved with it.",
                                   "The event was saved; its %(num)d sessions moved with it.", moved), "success")
                else:
                    flash(_("The event was saved."), "success")
                return redirect(url_for("manage.event", slug=event.slug))
            if lost and form.slug.data and slug_taken(form.slug.data, exclude_id=event.id):
                form.slug.errors.append(_("Another event has this address; choose another."))
            elif lost:
                stale = stored_now(event, event_values, form)
                if stale is None:
                    flash(conflict_message(), "error")
                    return redirect(url_for("manage.index"))
    return render_template("manage/event_form.html", form=form, event=event, stale=stale,
                           timezones=timezone_names())


def _save_event_settings(event: Event, form: EditEventForm) -> tuple[Event, int]:
    """Fill the event from its settings form; texts saved with Unix line endings, as a browser's
    CRLF would otherwise make every translation of them look out of date."""
    start, end = apply_event_dates(form, len(event.days))
    old_start, old_zone = event.start_date, event.timezone
    for field in ("title", "venue", "city", "country", "timezone", "source_language", "description",
                  "fallback_languages", "designation_footnote", "dates_language"):
        setattr(event, field, text(getattr(form, field).data))
    old_slug = event.slug
    event.slug = form.slug.data or event.slug
    record_slug_change(event, old_slug)  # the old address keeps leading here
    event.start_date, event.end_date = start, end
    event.observed_date = form.observed_date.data
    if form.statement_minutes.data is not None:
        event.statement_minutes = form.statement_minutes.data
    event.offered_languages = form.languages.data
    moved = move_sessions_with_event(event, old_start, old_zone) if form.move_sessions.data else 0
    return event, moved


@bp.route("/<slug>/timetable")
def timetable():
    """Days × rooms with parallel sessions side by side and every conflict where it is."""
    event = current_event()
    use_timezone(event.timezone)
    sessions = load_agenda(event)
    conflicts = find_conflicts(event, sessions)
    return render_template(
        "manage/timetable.html", event=event, days=build_timetable(event, sessions),
        conflicts=by_session(conflicts), all_conflicts=conflicts,
    )


@bp.route("/<slug>/balance")
def balance():
    """Who speaks: people by stakeholder group and gender, for the event and each session."""
    event = current_event()
    use_timezone(event.timezone)
    sessions = load_agenda(event)
    page = balance_page(sessions, find_conflicts(event, sessions))
    return render_template("manage/balance.html", event=event, **page)


@bp.route("/<slug>/publish", methods=["GET", "POST"])
def publish():
    """Publish or republish: blocked by errors in the agenda; translation gaps only warn."""
    event = current_event()
    use_timezone(event.timezone)
    form = ConfirmForm()
    if form.validate_on_submit():
        release, check = publish_checked(event, current_user)
        if release is not None:
            db.session.commit()
            flash(_("Release %(n)s is published.", n=release.number), "success")
            return redirect(url_for("manage.event", slug=event.slug))
        if check.unchanged:
            assert check.current is not None  # unchanged since the current release
            flash(_("Nothing has changed since release %(n)s, so there is nothing to republish.",
                    n=check.current.number), "info")
            return redirect(url_for("manage.event", slug=event.slug))
        flash(_("The event was not published: fix the errors below first, or acknowledge them with a reason."), "error")
    else:
        check = check_publishable(event)
    return render_template("manage/publish.html", event=event, check=check, form=form,
                           describe_change=describe_change)


@bp.route("/<slug>/unpublish", methods=["GET", "POST"])
def unpublish_event():
    """Hide the event from the public again, after confirmation: one mis-tap must not take the agenda
    and every calendar feed away."""
    event = current_event()
    back = url_for("manage.event", slug=event.slug)

    def hide():
        unpublish(event)
        if commit_or_conflict():
            flash(_("The event is a draft again; the public no longer sees it."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    if not event.is_published:
        return confirm_then(hide, title=_("Unpublish this event?"), button=None, cancel=back,
                            message=_("The event is not published; there is nothing to unpublish."))
    return confirm_then(
        hide, title=_("Unpublish this event?"),
        message=_("Its agenda, calendar feeds and downloads will no longer be public: shared links and "
                  "subscribed calendars show nothing until you publish again."),
        button=_("Unpublish"), cancel=back,
    )


@bp.route("/<slug>/copy", methods=["GET", "POST"])
def copy_event():
    """Copy the whole event onto the next 18 December, as a draft owned by the copier."""
    event = current_event()
    target = archive.next_year_start(event)
    form = CopyForm()
    proposed = archive.next_year_title(event.title, event.start_date.year, target.year)
    if not form.is_submitted():
        form.title.data = proposed
    if form.validate_on_submit():
        if not claim(form):
            db.session.rollback()
            raise AlreadySent(token_of(form))
        try:
            title = " ".join(text(form.title.data).split()) or proposed
            copy = archive.copy_to(event, target, current_user, title=title)
        except archive.ArchiveError as refused:
            form.title.errors.append(str(refused))
        else:
            record(form, url_for("manage.event", slug=copy.slug))
            db.session.commit()
            flash(_("The copy for %(date)s was created as a draft.", date=format_day(target)), "success")
            return redirect(url_for("manage.event", slug=copy.slug))
    return render_template("manage/copy.html", event=event, target=target, form=form)


@bp.route("/<slug>/delete", methods=["GET", "POST"])
@owners_only
def delete_event():
    """Delete the event and its paper files, after confirmation. Owners only."""
    event = current_event()

    def delete():
        keys = event_storage_keys(event)
        title = event.title
        db.session.delete(event)
        if not commit_or_conflict():
            flash(conflict_message(), "error")
            return redirect(url_for("manage.event", slug=event.slug))
        storage = get_storage()
        for key in keys:
            storage.delete(key)
        flash(_("“%(title)s” was deleted.", title=title), "success")
        return redirect(url_for("manage.index"))

    return confirm_then(
        delete, title=_("Delete this event?"),
        message=_("“%(title)s”, its agenda, people, papers and translations will be deleted for good.",
                  title=event.title),
        button=_("Delete the event"), cancel=url_for("manage.event", slug=event.slug),
    )
