"""Stream, recording, join and interpretation links of a room (its sessions inherit them) or of one
session (which overrides its room's): list, add, move, remove. Which of them the public sees, when
and in which language, is decided in app/media.py, from the published release only."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.extensions import db
from app.form_tokens import guard
from app.forms import OnceForm, language_choices
from app.manage.blueprint import bp, current_event
from app.manage.forms import ConfirmForm
from app.manage.room_routes import direction, version_is_stale
from app.manage.services import move
from app.manage.views import commit_or_conflict, conflict_message, in_event, save_or_conflict
from app.models import Room, Session
from app.models.media import MAX_URL_LENGTH, LinkKind, MediaLink

#: What the organizer calls each kind of link.
KIND_LABELS = {
    LinkKind.STREAM: _l("Live stream"),
    LinkKind.RECORDING: _l("Recording"),
    LinkKind.JOIN: _l("Join online"),
    LinkKind.INTERPRETATION: _l("Interpretation channel"),
}
#: Characters a link keeps as they are; everything else (spaces, letters of other scripts) is
#: percent-encoded, so the feeds carry valid URIs.
_URI_SAFE = "/:@!$&'()*+,;=-._~%?#[]"
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$")


def web_address(text: str) -> str | None:
    """`text` as an http or https URI (scheme and host in lower case, the host in ASCII, other
    characters percent-encoded), or None when it is not a web address."""
    text = text.strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
        host = host.encode("idna").decode("ascii").lower() if host else ""
    except (ValueError, UnicodeError):
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host) or parts.username or parts.password:
        return None
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme.lower(), netloc, quote(parts.path, safe=_URI_SAFE),
                       quote(parts.query, safe=_URI_SAFE), quote(parts.fragment, safe=_URI_SAFE)))


class LinkForm(OnceForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()])
    lang = SelectField(_l("Language"), default="")
    url = StringField(_l("Link address"), validators=[DataRequired(), Length(max=MAX_URL_LENGTH)],
                      render_kw={"inputmode": "url", "dir": "ltr", "autocomplete": "url"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = [SelectChoice("", _l("Every language")), *language_choices()]

    def validate_url(self, field) -> None:
        address = web_address(field.data or "")
        if address is None or len(address) > MAX_URL_LENGTH:
            raise ValidationError(_("Give a web address that starts with http:// or https://."))
        field.data = address

    def validate_lang(self, field) -> None:
        if self.kind.data == LinkKind.INTERPRETATION.value and not field.data:
            raise ValidationError(_("An interpretation channel needs its language."))


def _owner(room_id: int | None, session_id: int | None) -> tuple[Room | None, Session | None]:
    room = in_event(Room, room_id) if room_id is not None else None
    session = in_event(Session, session_id) if session_id is not None else None
    return room, session


def _links_of(room: Room | None, session: Session | None) -> list[MediaLink]:
    column = MediaLink.room_id if room is not None else MediaLink.session_id
    owner_id = room.id if room is not None else session.id  # type: ignore[union-attr]
    return list(db.session.scalars(sa.select(MediaLink).where(column == owner_id)
                                   .order_by(MediaLink.position, MediaLink.id)))


def _page(room: Room | None, session: Session | None) -> str:
    if room is not None:
        return url_for("manage.room_links", room_id=room.id)
    return url_for("manage.session_links", session_id=session.id)  # type: ignore[union-attr]


def _add(room: Room | None, session: Session | None, form: LinkForm) -> MediaLink:
    links = _links_of(room, session)
    link = MediaLink(event_id=current_event().id, room_id=room.id if room else None,
                     session_id=session.id if session else None, kind=LinkKind(form.kind.data),
                     lang=form.lang.data or None, url=form.url.data,
                     position=max((x.position for x in links), default=-1) + 1)
    db.session.add(link)
    db.session.flush()
    return link


@bp.route("/<slug>/rooms/<int:room_id>/links", methods=["GET", "POST"], endpoint="room_links")
@bp.route("/<slug>/sessions/<int:session_id>/links", methods=["GET", "POST"], endpoint="session_links")
def links(room_id: int | None = None, session_id: int | None = None):
    """A room's or a session's links, and a form to add one."""
    event = current_event()
    room, session = _owner(room_id, session_id)
    form = LinkForm()
    back = _page(room, session)
    if form.validate_on_submit():
        saved, lost = save_or_conflict(guard(form, lambda: _add(room, session, form), lambda _link: back))
        if saved is not None:
            flash(_("The link was added."), "success")
            return redirect(back)
        if lost:
            flash(conflict_message(), "error")
            return redirect(back)
    inherited = session.room if session is not None else None
    return render_template(
        "manage/links.html", event=event, room=room, session=session, form=form, confirm=ConfirmForm(),
        links=_links_of(room, session), inherited=_links_of(inherited, None) if inherited is not None else [],
        KIND_LABELS=KIND_LABELS,
    )


def _link(link_id: int) -> tuple[MediaLink, str]:
    link = in_event(MediaLink, link_id)
    room, session = _owner(link.room_id, link.session_id)
    return link, _page(room, session)


@bp.route("/<slug>/links/<int:link_id>/move", methods=["POST"])
def move_link(link_id: int):
    """Move a link one place up or down among its room's or session's."""
    link, back = _link(link_id)
    if ConfirmForm().validate_on_submit():
        if version_is_stale(link):
            flash(conflict_message(), "error")
        else:
            siblings = _links_of(*_owner(link.room_id, link.session_id))
            move(siblings, link, direction())
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(back)


@bp.route("/<slug>/links/<int:link_id>/delete", methods=["POST"])
def delete_link(link_id: int):
    """Remove a link (one button, no page of its own: a link is quickly added again)."""
    link, back = _link(link_id)
    if ConfirmForm().validate_on_submit():
        if version_is_stale(link):
            flash(conflict_message(), "error")
        else:
            db.session.delete(link)
            if commit_or_conflict():
                flash(_("The link was removed."), "success")
            else:
                flash(conflict_message(), "error")
    return redirect(back)
