"""Inviting co-organizers and translators: a link with a random token, stored only as its hash.

An address has at most one open invitation per event: inviting it again replaces the open one
(its link stops working) with a new one. The link is mailed when the site can send mail; the
organizer is shown it either way, to pass on if the mail did not go out.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _

from app.extensions import db
from app.labels import MEMBER_ROLE_LABELS
from app.mail import mail_configured, send_mail
from app.models import Event, EventMember, Invitation, MemberRole, User, utcnow
from app.models.invitation import INVITATION_LIFETIME, hash_token, new_token


class InvitationError(Exception):
    """An invitation that cannot be accepted; the message says why."""


@dataclass
class NewInvitation:
    invitation: Invitation
    #: Shown once; only its hash is stored.
    token: str
    #: An open invitation for the same address was replaced by this one.
    renewed: bool


def create_invitation(event: Event, email: str, role: MemberRole, language: str | None,
                      by: User) -> NewInvitation:
    """A new invitation and its token, in place of any open one for the same address. The caller commits."""
    address = email.strip().lower()
    earlier = db.session.scalars(sa.select(Invitation).where(
        Invitation.event_id == event.id, Invitation.email == address, Invitation.accepted_at.is_(None))).all()
    for old in earlier:
        db.session.delete(old)
    db.session.flush()
    token = new_token()
    invitation = Invitation(
        event=event, email=address, role=role,
        language=language if role == MemberRole.TRANSLATOR else None,
        token_hash=hash_token(token), expires_at=utcnow() + INVITATION_LIFETIME, invited_by_id=by.id,
    )
    db.session.add(invitation)
    return NewInvitation(invitation, token, renewed=any(old.is_open for old in earlier))


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == hash_token(token)))


def accept(invitation: Invitation, user: User) -> EventMember:
    """Make the signed-in user a member as invited; the caller commits."""
    if not invitation.is_open:
        raise InvitationError(_("This invitation has been used or has expired."))
    if user.email.lower() != invitation.email:
        raise InvitationError(_("This invitation is for %(email)s; sign in with that account to accept it.",
                                email=invitation.email))
    member = next((m for m in invitation.event.members
                   if m.user_id == user.id and m.role == invitation.role and m.language == invitation.language), None)
    if member is None:
        member = EventMember(user=user, role=invitation.role, language=invitation.language)
        invitation.event.members.append(member)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    return member


def remove_member(event: Event, member: EventMember) -> None:
    """Remove a member; the last owner stays. The caller commits."""
    owners = [m for m in event.members if m.role == MemberRole.OWNER]
    if member.role == MemberRole.OWNER and len(owners) <= 1:
        raise InvitationError(_("The last owner cannot be removed."))
    event.members.remove(member)


def send_invitation_mail(invitation: Invitation, link: str) -> bool:
    """Mail the link (in the inviting organizer's interface language); whether the SMTP server took it."""
    if not mail_configured():
        return False
    event = invitation.event
    inviter = invitation.invited_by
    role = MEMBER_ROLE_LABELS[invitation.role]
    body = "\n\n".join([
        _("%(name)s invites you to work on “%(title)s” on Dita, as %(role)s.",
          name=(inviter.name or inviter.email) if inviter is not None else "Dita", title=event.title, role=role),
        _("Open this link to accept. If you have no account yet, you create one there for this address "
          "(%(email)s) with your name and a password:", email=invitation.email),
        link,
        _("The link works once, until %(when)s.", when=format_datetime(invitation.expires_at, "medium")),
    ])
    return send_mail(invitation.email, _("Invitation to “%(title)s” on Dita", title=event.title), body + "\n")
