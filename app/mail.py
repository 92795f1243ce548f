"""Mail through SMTP (Flask-Mailman), when the configuration names a server (MAIL_SERVER).

Every sender here answers whether the mail went out: a missing server, a server that is down,
slow (MAIL_TIMEOUT) or refusing the message is logged and reported as "not sent", never raised,
so that the caller can show the link itself and nothing a user did is lost.
"""
from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, current_app
from flask_mailman import EmailMessage, Mail

from app.security import ical_safe

mail = Mail()


def init_app(app: Flask) -> None:
    mail.init_app(app)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def mail_configured() -> bool:
    """Whether mail can be sent at all on this site."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _header(text: str) -> str:
    """A header value on one line: control characters (line breaks above all) become spaces."""
    return " ".join(ical_safe(text.replace("\r", " ").replace("\n", " ")).split())


def send_mail(to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()) -> bool:
    """Send one plain-text mail; whether it was handed to the SMTP server."""
    if not mail_configured():
        return False
    message = EmailMessage(subject=_header(subject), body=body,
                           from_email=current_app.config.get("MAIL_DEFAULT_SENDER"), to=[_header(to)])
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    try:
        sent = message.send(fail_silently=False)
    except (OSError, smtplib.SMTPException, ValueError) as failure:
        current_app.logger.warning("mail to %s not sent: %s", to, failure)
        return False
    return bool(sent)
