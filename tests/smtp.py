"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 at a free port, keeping what it receives.

`smtp_server` starts one per test; `mail_app` is an app whose MAIL_SERVER/MAIL_PORT name it.
`refusing_smtp_server` answers every message with a permanent failure (554), and
`closed_port` is a loopback port where nothing listens (a server that is down).
"""
from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        """The plain-text body, decoded."""
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "no text part"
        return part.get_content()

    def attachments(self) -> list[tuple[str, str, bytes]]:
        """(filename, content type, bytes) of each attachment."""
        return [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
                for part in self.message.iter_attachments()]


@dataclass
class CollectingHandler:
    """Keeps each message; `refuse` answers DATA with a permanent failure instead."""

    refuse: bool = False
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        if self.refuse:
            return "554 5.7.1 Message refused"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted"


class SMTPServer:
    def __init__(self, refuse: bool = False):
        self.handler = CollectingHandler(refuse=refuse)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]

    def config(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_TIMEOUT": 5}


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture
def refusing_smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer(refuse=True)
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture
def closed_port() -> int:
    return free_port()


@pytest.fixture
def mail_app(make_app, smtp_server):
    """An app that mails through the loopback server, with its application context pushed."""
    from app.extensions import db

    app = make_app(**smtp_server.config())
    with app.app_context():
        yield app
        db.session.remove()
