"""Alerts: after every build of marts.fct_ticket_sla, raise one alert per ticket clock that
turned at_risk or breached, add the compliance and renewal candidates of
marts.mart_alert_candidates (their keys are stable too), keep them in marts.alerts, and deliver
them (contractops.delivery: SMTP, or .eml files in the outbox).

* `alert_key` = `sla:<ticket_id>:<clock>:<status>`: a clock raises at most one at_risk and one
  breached alert, ever. The run's build file starts as a copy of the published warehouse, so
  last run's marts.alerts is merged with, not replaced.
* Which clocks raise an alert is dbt's rule (int_sla_alert_candidates, unioned into
  mart_alert_candidates): this asset only merges candidates and delivers. `raised_at` is the as_of of the run that raised it (runs are pure functions of
  as_of); `delivered_at`, `attempts` and `delivery_error` are wall-clock facts of delivery.
* Delivery failures leave the alert pending (delivered_at NULL, the error recorded, attempts
  counted); every run offers all pending alerts again.
"""


from datetime import datetime, timezone

import dagster as dg
import polars as pl

from contractops.delivery import Message, deliver
from orchestration.resources import WarehouseResource

ALERTS_KEY = dg.AssetKey(["marts", "alerts"])
ALERT_CANDIDATES_KEY = dg.AssetKey(["marts", "mart_alert_candidates"])

ALERTS_DDL = """
CREATE TABLE IF NOT EXISTS marts.alerts (
    alert_key VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    subject_id VARCHAR,
    raised_at TIMESTAMPTZ NOT NULL,
    message VARCHAR NOT NULL,
    delivered_at TIMESTAMPTZ,
    delivery_error VARCHAR,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TIMESTAMPTZ,
    delivery_channel VARCHAR,
    ticket_id VARCHAR,
    contract_id VARCHAR,
    client_id VARCHAR,
    clock VARCHAR,
    status VARCHAR,
    due_at TIMESTAMPTZ
)
"""


def _subject(row: dict) -> str:
    if row["kind"].startswith("sla_"):
        status = row["status"].replace("_", " ")
        return (f"[contractops] SLA {status}: ticket {row['ticket_id']} {row['clock']} "
                f"({row['contract_id']})")
    return f"[contractops] {row['kind'].replace('_', ' ')}: {row['subject_id']}"


def raise_alerts(con, as_of: datetime) -> int:
    """Insert the alerts this as_of raises that no earlier run raised; returns how many."""
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")
    con.execute(ALERTS_DDL)
    before = con.execute("SELECT count(*) FROM marts.alerts").fetchone()[0]
    # The candidates and their rules are dbt's (mart_alert_candidates); this only merges.
    con.execute(
        """
        INSERT INTO marts.alerts
            (alert_key, kind, severity, subject_id, raised_at, message, ticket_id, contract_id,
             client_id, clock, status, due_at)
        SELECT alert_key, kind, severity, subject_id, CAST($as_of AS TIMESTAMPTZ), message,
               ticket_id, contract_id, client_id, clock, status, due_at
        FROM marts.mart_alert_candidates
        WHERE alert_key NOT IN (SELECT alert_key FROM marts.alerts)
        ORDER BY alert_key
        """,
        {"as_of": as_of.isoformat()},
    )
    return con.execute("SELECT count(*) FROM marts.alerts").fetchone()[0] - before


def pending_alerts(con) -> list[dict]:
    cursor = con.execute(
        "SELECT alert_key, kind, severity, subject_id, message, ticket_id, contract_id, clock, "
        "status FROM marts.alerts WHERE delivered_at IS NULL ORDER BY raised_at, alert_key"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def record_results(con, results) -> None:
    attempted_at = datetime.now(timezone.utc)
    # A message found in the ledger was delivered by an earlier run (one that was not published):
    # record that delivery, but it is no attempt of this run (attempts and last_attempt_at stay).
    rows = [
        (
            r.delivered_at if r.delivered else None,
            r.error,
            None if r.already_delivered else attempted_at,
            r.channel,
            r.key,
        )
        for r in results
    ]
    if not rows:
        return
    frame = pl.DataFrame(
        rows,
        schema={"delivered_at": pl.Datetime("us", "UTC"), "delivery_error": pl.Utf8,
                "attempted_at": pl.Datetime("us", "UTC"), "channel": pl.Utf8, "alert_key": pl.Utf8},
        orient="row",
    )
    con.register("_delivery", frame)  # thousands of results: one insert, not one per row
    con.execute(
        """
        UPDATE marts.alerts SET
            delivered_at = d.delivered_at,
            delivery_error = d.delivery_error,
            attempts = marts.alerts.attempts + CASE WHEN d.attempted_at IS NULL THEN 0 ELSE 1 END,
            last_attempt_at = coalesce(d.attempted_at, marts.alerts.last_attempt_at),
            delivery_channel = coalesce(d.channel, marts.alerts.delivery_channel)
        FROM _delivery AS d
        WHERE marts.alerts.alert_key = d.alert_key
        """
    )
    con.unregister("_delivery")


@dg.asset(
    key=ALERTS_KEY,
    deps=[ALERT_CANDIDATES_KEY],
    group_name="alerts",
    kinds={"duckdb", "email"},
    description="SLA alerts (at_risk / breached) and the compliance/renewal candidates, with stable "
    "keys, merged across runs and delivered by SMTP or to the outbox; failed deliveries stay pending.",
)
def alerts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with warehouse.connect() as con:
        raised = raise_alerts(con, warehouse.as_of_value)
        pending = pending_alerts(con)
    messages = [
        Message(
            key=row["alert_key"],
            subject=_subject(row),
            body=row["message"] + "\n\n-- contractops (alert " + row["alert_key"] + ")\n",
            headers={"X-Contractops-Severity": row["severity"]},
        )
        for row in pending
    ]
    results = deliver(messages, settings) if messages else []
    with warehouse.connect() as con:
        record_results(con, results)
        total, undelivered = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE delivered_at IS NULL) FROM marts.alerts"
        ).fetchone()
    failed = [r for r in results if not r.delivered]
    if failed:
        context.log.warning(
            f"{len(failed)} alert(s) not delivered, kept pending: {failed[0].error}"
        )
    return dg.MaterializeResult(
        metadata={
            "raised": raised,
            "delivered": sum(1 for r in results if r.delivered and not r.already_delivered),
            "pending": undelivered,
            "alerts_total": total,
            "channel": "smtp" if settings.smtp_host else "outbox",
        }
    )
