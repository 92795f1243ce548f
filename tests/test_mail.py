"""Mail through a real SMTP server on loopback: sent, refused, server down, not configured."""
from __future__ import annotations

from app.mail import Attachment, send_mail


def test_a_mail_reaches_the_smtp_server_with_its_attachment(mail_app, smtp_server):
    sent = send_mail("Ana@example.org", "Përshëndetje\nBcc: x@example.org", "Trupi i mesazhit: ç ë",
                     [Attachment("a.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")])
    assert sent is True
    [received] = smtp_server.messages
    assert received.recipients == ["Ana@example.org"]
    # A line break in a subject cannot add a header.
    assert received.subject == "Përshëndetje Bcc: x@example.org" and received.message["Bcc"] is None
    assert "Trupi i mesazhit: ç ë" in received.text()
    assert received.attachments() == [("a.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")]
    assert received.message["From"] == "dita@localhost"


def test_a_refused_mail_is_reported_not_raised(make_app, refusing_smtp_server):
    app = make_app(**refusing_smtp_server.config())
    with app.app_context():
        assert send_mail("ana@example.org", "Subject", "Body") is False
    assert refusing_smtp_server.messages == []


def test_a_server_that_is_down_is_reported_not_raised(make_app, closed_port):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port, MAIL_TIMEOUT=2)
    with app.app_context():
        assert send_mail("ana@example.org", "Subject", "Body") is False


def test_without_a_server_nothing_is_sent(app, smtp_server):
    assert app.config["MAIL_SERVER"] == ""
    assert send_mail("ana@example.org", "Subject", "Body") is False
    assert smtp_server.messages == []
