"""Alerts through the real pipeline: raised once per key across runs, kept pending while the
SMTP server is down, delivered by a later run, never twice. Two materializations of one landing
zone: as_of 1 with the server down, as_of 2 (four hours later) with it up."""

import pytest
from testkit import materialize, query, write_landing

from alerts.smtp_server import SmtpServer, free_port
from sla.landing import landing_files
from sla.test_sla_scenarios import CLIENTS, CONTRACTS, t, z

AS_OF_1 = "2026-11-20T15:00:00+00:00"  # Fri 10:00 EST
AS_OF_2 = "2026-11-20T19:00:00+00:00"  # Fri 14:00 EST

TICKETS = [
    # P2 open since Thu 13:00 EST: at as_of 1, response 360 > 120 breached, resolution 360 >= 360
    # at_risk; at as_of 2, resolution 360 + 09-12... = 240 Thu + 240 + 60 Fri = 540 > 480 breached
    t("AL-A", "C-NY", z("2026-11-19 18:00")),
    # P3 open since Fri 09:00 EST: as_of 1 60/240 on_track; as_of 2 09-12 + 13-14 = 240 >= 180
    # at_risk (not > 240: not breached)
    t("AL-B", "C-NY", z("2026-11-20 14:00"), priority="P3"),
    # breached long ago and finished: history, no alert
    t("AL-C", "C-NY", z("2026-02-07 15:00"), priority="P1", first=z("2026-02-07 16:30"),
      resolved=z("2026-02-07 18:00")),
    # P1 calendar, responded after 120 > 60 minutes, finished within the last day: alerted
    t("AL-D", "C-NY", z("2026-11-20 08:00"), priority="P1", first=z("2026-11-20 10:00"),
      resolved=z("2026-11-20 11:00")),
]
FIRST_KEYS = {"sla:AL-A:response:breached", "sla:AL-A:resolution:at_risk",
              "sla:AL-D:response:breached"}
SECOND_KEYS = FIRST_KEYS | {"sla:AL-A:resolution:breached", "sla:AL-B:response:at_risk"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("sla-alerts")
    landing = write_landing(root / "landing", landing_files(
        [c for c in CLIENTS if c.client_id == "C-NY"],
        [c for c in CONTRACTS if c.contract_id == "K-NY"], TICKETS, []))
    warehouse = root / "warehouse.duckdb"
    port = free_port()
    patch = pytest.MonkeyPatch()
    patch.setenv("CONTRACTOPS_OUTBOX_DIR", str(root / "outbox"))
    patch.setenv("CONTRACTOPS_SMTP_HOST", "127.0.0.1")
    patch.setenv("CONTRACTOPS_SMTP_PORT", str(port))
    patch.setenv("CONTRACTOPS_SMTP_TO", "desk@example.com")
    try:
        materialize(landing, warehouse, AS_OF_1)  # nothing listens on the port
        first = query(warehouse, "select alert_key, kind, severity, subject_id, raised_at, "
                                 "delivered_at, attempts, delivery_error from marts.alerts")
        server = SmtpServer(port).start()
        try:
            materialize(landing, warehouse, AS_OF_2)
        finally:
            server.stop()
        second = query(warehouse, "select alert_key, raised_at, delivered_at, attempts, "
                                  "delivery_error from marts.alerts")
    finally:
        patch.undo()
    return first, second, server.recorder


def sla_only(keys):
    return {k for k in keys if k.startswith("sla:")}


def test_first_run_raises_and_keeps_pending_while_server_down(runs):
    first, _, _ = runs
    assert sla_only(r[0] for r in first) == FIRST_KEYS
    for key, kind, severity, subject, raised_at, delivered_at, attempts, error in first:
        assert delivered_at is None and attempts == 1 and "cannot connect" in error
        if not key.startswith("sla:"):
            continue  # compliance / renewal candidates (mart_alert_candidates)
        status = key.split(":")[-1]
        assert kind == f"sla_{status}"
        assert severity == ("critical" if status == "breached" else "warning")
        assert subject == key.split(":")[1]
        assert raised_at == z("2026-11-20 15:00")


def test_later_run_delivers_pending_and_new_alerts_once(runs):
    _, second, recorder = runs
    assert sla_only(r[0] for r in second) == SECOND_KEYS
    assert sorted(sla_only(recorder.keys())) == sorted(SECOND_KEYS)  # each exactly once
    # every alert, once (escalation messages, keys esc:/escdigest:, go to the same server)
    alert_keys = [k for k in recorder.keys() if not k.startswith(("esc:", "escdigest:"))]
    assert sorted(alert_keys) == sorted(r[0] for r in second)
    by_key = {r[0]: r[1:] for r in second}
    first_keys = {r[0] for r in runs[0]}
    for key in first_keys:
        raised_at, delivered_at, attempts, error = by_key[key]
        assert raised_at == z("2026-11-20 15:00")  # raised by the first run, not again
        assert delivered_at is not None and attempts == 2 and error is None
    for key in SECOND_KEYS - first_keys:
        raised_at, delivered_at, attempts, error = by_key[key]
        assert raised_at == z("2026-11-20 19:00") and delivered_at is not None and attempts == 1


def test_renewal_candidate_becomes_an_alert(runs):
    # K-NY ends 2026-12-31, within 90 days of as_of and with no successor: renewal_due
    _, second, recorder = runs
    assert "renewal_due:K-NY:2026-12-31" in {r[0] for r in second}
    assert recorder.keys().count("renewal_due:K-NY:2026-12-31") == 1


def test_alert_message_names_ticket_clock_and_due_time(runs):
    _, _, recorder = runs
    emails = {m["X-Contractops-Key"]: m for _, _, m in recorder.messages}
    email = emails["sla:AL-A:resolution:at_risk"]
    assert email["Subject"] == "[contractops] SLA at risk: ticket AL-A resolution (K-NY)"
    body = email.get_content()
    assert "360.0 of 480.0 business minutes" in body and "due 2026-11-20 17:00:00 UTC" in body
