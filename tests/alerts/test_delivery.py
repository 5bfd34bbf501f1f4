"""contractops.delivery against a real SMTP server on loopback, and the .eml outbox."""

import dataclasses
from datetime import datetime, timezone
from email import message_from_bytes

import pytest

from alerts.smtp_server import SmtpServer, TlsSmtpServer, free_port, self_signed_certificate
from contractops.delivery import Message, deliver, delivered_keys
from contractops.settings import load_settings


@pytest.fixture
def settings(tmp_path):
    return dataclasses.replace(load_settings(), outbox_dir=tmp_path / "outbox", warehouse_path=tmp_path / "w.duckdb",
                               smtp_host=None,
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


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1 that this process trusts (as a private CA would be
    configured in production, through SSL_CERT_FILE)."""
    cert_path, key_path = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", cert_path)
    return cert_path, key_path


def logged_in(settings, server, **changes):
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=server.port,
                               smtp_user="alerts", smtp_password="s3cret", **changes)


def test_starttls_then_login(settings, certificate):
    server = TlsSmtpServer(*certificate, user="alerts", password="s3cret").start()
    try:
        results = deliver(messages("tls:1", "tls:2"), logged_in(settings, server))
        assert [(r.delivered, r.error) for r in results] == [(True, None), (True, None)]
        assert server.recorder.keys() == ["tls:1", "tls:2"]
        assert server.logins == [("alerts", True)]
        assert server.encrypted_sessions == [True, True]
    finally:
        server.stop()


def test_implicit_tls_on_request(settings, certificate):
    server = TlsSmtpServer(*certificate, user="alerts", password="s3cret", implicit=True).start()
    try:
        results = deliver(messages("ssl:1"), logged_in(settings, server, smtp_security="ssl"))
        assert [(r.delivered, r.error) for r in results] == [(True, None)]
        assert server.recorder.keys() == ["ssl:1"]
        assert server.logins == [("alerts", True)] and server.encrypted_sessions == [True]
    finally:
        server.stop()


def test_untrusted_certificate_sends_nothing(settings, certificate, monkeypatch, tmp_path):
    server = TlsSmtpServer(*certificate, user="alerts", password="s3cret").start()
    (tmp_path / "other").mkdir()
    other_ca, _ = self_signed_certificate(tmp_path / "other")  # trust a different certificate
    monkeypatch.setenv("SSL_CERT_FILE", other_ca)
    try:
        results = deliver(messages("tls:3"), logged_in(settings, server))
        assert [r.delivered for r in results] == [False]
        assert "certificate verify failed" in results[0].error
        assert server.logins == [] and server.recorder.keys() == []
    finally:
        server.stop()
    server = TlsSmtpServer(*certificate, user="alerts", password="s3cret").start()
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])
    try:  # the same alert, once the certificate is trusted: delivered, once
        results = deliver(messages("tls:3"), logged_in(settings, server))
        assert [r.delivered for r in results] == [True] and server.recorder.keys() == ["tls:3"]
    finally:
        server.stop()


def test_no_password_over_a_plain_connection(settings, server):
    """The loopback server offers no STARTTLS: with credentials configured nothing is sent and the
    alert stays pending with the reason, rather than the password going out in clear."""
    results = deliver(messages("plain:1"), logged_in(settings, server))
    assert [r.delivered for r in results] == [False]
    assert "no STARTTLS" in results[0].error and "in clear" in results[0].error
    assert server.recorder.keys() == []
    required = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=server.port,
                                   smtp_security="starttls")
    results = deliver(messages("plain:2"), required)
    assert [r.delivered for r in results] == [False] and "no STARTTLS" in results[0].error


@pytest.mark.parametrize("name,value,message", [
    ("CONTRACTOPS_SMTP_SECURITY", "tls1.3", "is not one of auto, starttls, ssl"),
    ("CONTRACTOPS_SMTP_PORT", "smtp", "is not a port number"),
])
def test_smtp_settings_are_checked(monkeypatch, name, value, message):
    from contractops.settings import SettingsError

    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_two_warehouses_sharing_an_outbox_each_deliver_their_own(settings, tmp_path):
    """The ledger lives with the warehouse: a second warehouse's alert with the same key is sent,
    not taken as delivered because the first one sent it."""
    first = dataclasses.replace(settings, warehouse_path=tmp_path / "a" / "w.duckdb")
    second = dataclasses.replace(settings, warehouse_path=tmp_path / "b" / "w.duckdb")
    [a] = deliver(messages("x:1"), first)
    [b] = deliver(messages("x:1"), second)
    assert a.delivered and not a.already_delivered
    assert b.delivered and not b.already_delivered
    assert set(delivered_keys(first)) == set(delivered_keys(second)) == {"x:1"}
    [again] = deliver(messages("x:1"), second)
    assert again.already_delivered  # still never twice for one warehouse


def test_a_delivery_found_in_the_ledger_is_recorded_but_is_no_attempt(tmp_path):
    import duckdb

    from contractops.delivery import DeliveryResult
    from orchestration.defs.alerts.assets import ALERTS_DDL, record_results

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE SCHEMA marts")
    con.execute(ALERTS_DDL)
    for key in ("k:sent-now", "k:from-ledger"):
        con.execute("INSERT INTO marts.alerts (alert_key, kind, severity, raised_at, message) "
                    "VALUES (?, 'sla_breached', 'critical', '2026-11-20T15:00:00Z', 'm')", [key])
    when = datetime(2026, 11, 20, 16, 0, tzinfo=timezone.utc)
    record_results(con, [DeliveryResult("k:sent-now", True, when, "outbox"),
                         DeliveryResult("k:from-ledger", True, when, "outbox", already_delivered=True)])
    rows = dict((r[0], r[1:]) for r in con.execute(
        "SELECT alert_key, delivered_at IS NOT NULL, attempts, last_attempt_at IS NOT NULL FROM marts.alerts").fetchall())
    assert rows == {"k:sent-now": (True, 1, True), "k:from-ledger": (True, 0, False)}
