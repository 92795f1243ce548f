"""Mail through SMTP (Flask-Mailman), when the configuration names a server (MAIL_SERVER).

Every sender here answers whether the mail went out: a missing server, a server that is down,
slow (MAIL_TIMEOUT) or refusing the message is logged and reported as "not sent", never raised,
so that the caller can show the link itself and nothing a user did is lost.
"""
from __future__ import annotations

import contextlib
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


@dataclass(frozen=True)
class Outgoing:
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()

    def message(self) -> EmailMessage:
        message = EmailMessage(subject=_header(self.subject), body=self.body,
                               from_email=current_app.config.get("MAIL_DEFAULT_SENDER"), to=[_header(self.to)])
        for attachment in self.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        return message


_FAILURES = (OSError, smtplib.SMTPException, ValueError)


def send_mail(to: str, subject: str, body: str, attachments: Iterable[Attachment] = ()) -> bool:
    """Send one plain-text mail; whether it was handed to the SMTP server."""
    return send_mails([Outgoing(to, subject, body, tuple(attachments))])[0]


def send_mails(mails: list[Outgoing]) -> list[bool]:
    """Send mails over one SMTP connection; for each, whether the server took it. A server that
    cannot be reached costs one connection attempt, not one per mail."""
    if not mails:
        return []
    if not mail_configured():
        return [False] * len(mails)
    connection = mail.get_connection(fail_silently=False)
    try:
        connection.open()
    except _FAILURES as failure:
        current_app.logger.warning("mail: the SMTP server cannot be reached: %s", failure)
        return [False] * len(mails)
    sent = []
    try:
        for item in mails:
            try:
                sent.append(bool(connection.send_messages([item.message()])))
            except _FAILURES as failure:
                current_app.logger.warning("mail to %s not sent: %s", item.to, failure)
                sent.append(False)
                if isinstance(failure, smtplib.SMTPServerDisconnected):
                    connection.close()
                    try:
                        connection.open()
                    except _FAILURES:
                        return sent + [False] * (len(mails) - len(sent))
    finally:
        with contextlib.suppress(*_FAILURES):
            connection.close()
    return sent
