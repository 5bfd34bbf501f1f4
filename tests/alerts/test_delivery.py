"""contractops.delivery against a real SMTP server on loopback, and the .eml outbox."""

import dataclasses
from email import message_from_bytes

import pytest

from alerts.smtp_server import SmtpServer, free_port
from contractops.delivery import Message, deliver, delivered_keys
from contractops.settings import load_settings


@pytest.fixture
def settings(tmp_path):
    return dataclasses.replace(load_settings(), outbox_dir=tmp_path / "outbox", smtp_host=None,
                               smtp_to="desk@example.com", smtp_from="contractops@example.com")


@pytest.fixture
def server():
    running = SmtpServer().start()
    yield running
    running.stop()


def messages(*keys):
    return [Message(key=k, subject=f"subject {k}", body=f"body {k}") for k in keys]


def test_outbox_writes_one_eml_per_key_once(settings):
    first = deliver(messages("sla:T1:response:breached", "renewal:K1:90"), settings)
    assert [r.delivered for r in first] == [True, True]
    assert {r.channel for r in first} == {"outbox"}
    files = sorted(p.name for p in settings.outbox_dir.glob("*.eml"))
    assert files == ["renewal_K1_90.eml", "sla_T1_response_breached.eml"]
    email = message_from_bytes((settings.outbox_dir / files[1]).read_bytes())
    assert email["Subject"] == "subject sla:T1:response:breached"
    assert email["To"] == "desk@example.com"
    assert email["X-Contractops-Key"] == "sla:T1:response:breached"
    before = {p: p.stat().st_mtime_ns for p in settings.outbox_dir.glob("*.eml")}

    again = deliver(messages("sla:T1:response:breached", "sla:T2:resolution:at_risk"), settings)
    assert [(r.delivered, r.already_delivered) for r in again] == [(True, True), (True, False)]
    assert {p: p.stat().st_mtime_ns for p in before} == before  # not written again
    assert len(list(settings.outbox_dir.glob("*.eml"))) == 3


def test_smtp_delivers_each_key_once(settings, server):
    smtp = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=server.port)
    results = deliver(messages("a:1", "a:2", "a:1"), smtp)  # a key repeated in one call
    assert [r.delivered for r in results] == [True, True, True]
    assert server.recorder.keys() == ["a:1", "a:2"]
    mail_from, rcpt, email = server.recorder.messages[0]
    assert (mail_from, rcpt) == ("contractops@example.com", ["desk@example.com"])
    assert email["Subject"] == "subject a:1"

    results = deliver(messages("a:1", "a:2", "a:3"), smtp)
    assert [r.already_delivered for r in results] == [True, True, False]
    assert server.recorder.keys() == ["a:1", "a:2", "a:3"]


def test_server_down_then_up(settings):
    port = free_port()  # nothing listens here yet
    smtp = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=port)
    down = deliver(messages("b:1", "b:2"), smtp)
    assert [r.delivered for r in down] == [False, False]
    assert all("cannot connect" in r.error for r in down)
    assert delivered_keys(smtp) == {}

    server = SmtpServer(port).start()
    try:
        up = deliver(messages("b:1", "b:2"), smtp)
        assert [r.delivered for r in up] == [True, True]
        assert server.recorder.keys() == ["b:1", "b:2"]
        deliver(messages("b:1", "b:2"), smtp)
        assert server.recorder.keys() == ["b:1", "b:2"]  # nothing sent twice
    finally:
        server.stop()


def test_refused_recipient_stays_pending(settings, server):
    smtp = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=server.port)
    batch = [Message("c:1", "s", "b", to=("refuse@example.com",)), *messages("c:2")]
    results = deliver(batch, smtp)
    assert not results[0].delivered and "550" in results[0].error
    assert results[1].delivered
    assert server.recorder.keys() == ["c:2"]
    assert set(delivered_keys(smtp)) == {"c:2"}


def test_no_recipient_is_an_error_not_a_loss(settings, server):
    smtp = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=server.port,
                               smtp_to=None)
    [result] = deliver(messages("d:1"), smtp)
    assert not result.delivered and "recipient" in result.error
    assert server.recorder.messages == []
