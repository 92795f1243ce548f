"""Members of an event: the owner invites editors and translators and removes members."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.form_tokens import AlreadySent, claim, record, token_of
from app.i18n import language_name
from app.labels import MEMBER_ROLE_LABELS
from app.mail import mail_configured
from app.manage.blueprint import bp, current_event, owners_only
from app.manage.forms import ConfirmForm, InvitationForm
from app.manage.invitations import (
    InvitationError,
    accept,
    create_invitation,
    find_invitation,
    remove_member,
    send_invitation_mail,
)
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event
from app.models import EventMember, Invitation, MemberRole


def _invitation_form(event) -> InvitationForm:
    form = InvitationForm()
    form.language.choices = [SelectChoice("", "—")] + [
        SelectChoice(code, language_name(code)) for code in event.offered_languages if code != event.source_language
    ]
    return form


@bp.route("/<slug>/members", methods=["GET", "POST"])
@owners_only
def members():
    """The event's members and open invitations; the form to invite someone."""
    event = current_event()
    form = _invitation_form(event)
    link = None
    if form.validate_on_submit():
        if not claim(form):  # the same invitation sent again: the first submit made it (and mailed it)
            db.session.rollback()
            raise AlreadySent(token_of(form))
        made = create_invitation(
            event, form.email.data, MemberRole(form.role.data), form.language.data or None, current_user,
        )
        record(form, url_for("manage.members", slug=event.slug))
        invitation = made.invitation
        if not commit_or_conflict():  # the same address invited at the same moment by another request
            flash(conflict_message(), "error")
        else:
            link = url_for("auth.join", token=made.token, _external=True)
            if made.renewed:
                flash(_("%(email)s already had an open invitation: it was replaced by this one, and its link no "
                        "longer works.", email=invitation.email), "info")
            if send_invitation_mail(invitation, link):
                flash(_("The invitation was sent to %(email)s.", email=invitation.email), "success")
            elif mail_configured():
                flash(_("The invitation is saved, but the mail to %(email)s could not be sent. Copy the link "
                        "below and send it yourself.", email=invitation.email), "error")
            else:
                flash(_("Copy the link below and send it to %(email)s.", email=invitation.email), "success")
        form = _invitation_form(event)
        form.email.data = ""
    invitations = db.session.scalars(
        sa.select(Invitation).where(Invitation.event_id == event.id, Invitation.accepted_at.is_(None))
        .order_by(Invitation.created_at.desc())
    ).all()
    return render_template("manage/members.html", event=event, form=form, link=link, invitations=invitations,
                           confirm=ConfirmForm(), role_labels=MEMBER_ROLE_LABELS)


@bp.route("/<slug>/members/<int:member_id>/remove", methods=["GET", "POST"])
@owners_only
def remove_member_view(member_id: int):
    """Remove a member after confirmation; the last owner cannot be removed."""
    event = current_event()
    member = in_event(EventMember, member_id)
    back = url_for("manage.members", slug=event.slug)

    def remove():
        try:
            remove_member(event, member)
        except InvitationError as refused:
            flash(str(refused), "error")
            return redirect(back)
        if commit_or_conflict():
            flash(_("The member was removed."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    return confirm_then(
        remove, title=_("Remove this member?"),
        message=_("%(name)s will no longer be %(role)s of this event.", name=member.user.name or member.user.email,
                  role=MEMBER_ROLE_LABELS[member.role]),
        button=_("Remove"), cancel=back,
    )


@bp.route("/<slug>/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@owners_only
def withdraw_invitation(invitation_id: int):
    """Withdraw an invitation that has not been accepted."""
    event = current_event()
    invitation = in_event(Invitation, invitation_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(invitation)
        if commit_or_conflict():
            flash(_("The invitation was withdrawn."), "success")
        else:
            flash(conflict_message(), "error")
    return redirect(url_for("manage.members", slug=event.slug))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Accept an invitation: the signed-in user becomes a member of the event."""
    found = find_invitation(token)
    if found is None:
        abort(404)
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            member = accept(found, current_user)
        except InvitationError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("You are now %(role)s of “%(title)s”.", role=MEMBER_ROLE_LABELS[member.role],
                    title=found.event.title), "success")
            if member.role == MemberRole.TRANSLATOR:
                return redirect(url_for("translate.index"))
            return redirect(url_for("manage.event", slug=found.event.slug))
    return render_template("manage/invitation.html", invitation=found, form=form, error=error,
                           role_labels=MEMBER_ROLE_LABELS)
