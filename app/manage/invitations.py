"""Inviting co-organizers and translators: a link with a random token, stored only as its hash."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.extensions import db
from app.models import Event, EventMember, Invitation, MemberRole, User, utcnow
from app.models.invitation import INVITATION_LIFETIME, hash_token, new_token


class InvitationError(Exception):
    """An invitation that cannot be accepted; the message says why."""


def create_invitation(event: Event, email: str, role: MemberRole, language: str | None,
                      by: User) -> tuple[Invitation, str]:
    """A new invitation and its token (shown once; only its hash is stored). The caller commits."""
    token = new_token()
    invitation = Invitation(
        event=event, email=email.strip().lower(), role=role,
        language=language if role == MemberRole.TRANSLATOR else None,
        token_hash=hash_token(token), expires_at=utcnow() + INVITATION_LIFETIME, invited_by_id=by.id,
    )
    db.session.add(invitation)
    return invitation, token


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
    """Mail the link when an SMTP server is configured (MAIL_SERVER); returns whether it was sent."""
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        return False
    message = EmailMessage()
    message["Subject"] = _("Invitation to “%(title)s” on Dita", title=invitation.event.title)
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER", "dita@localhost")
    message["To"] = invitation.email
    message.set_content(_("You are invited to work on “%(title)s”. Open this link to accept:\n\n%(link)s",
                          title=invitation.event.title, link=link))
    try:
        with smtplib.SMTP(server, int(current_app.config.get("MAIL_PORT", 25)), timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.warning("Could not send the invitation mail to %s", invitation.email)
        return False
    return True
