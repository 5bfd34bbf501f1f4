"""Escalations: after every build of marts.escalations, deliver the steps reached (contractops.delivery:
SMTP, or .eml files in the outbox) and write back delivered_at.

Which steps are reached, when, and to whom is dbt's rule (int_escalation_*, mart_escalation_ladder);
this asset only groups and delivers:

* A step of a P1/P2 clock at 100% or more (is_immediate: a breach) goes alone, at once, to all
  its recipients: message key = the escalation key.
* Every other step is gathered per recipient: one digest message per recipient and run, its
  subject naming the worst step in it (highest threshold, then priority, then earliest reached).
* Each (escalation, recipient) pair is an item key `<escalation_key>><address>` recorded in the
  warehouse's ledger with the message that carried it (`Message.covers`), so a rerun or a republish
  sends nothing twice, a later digest leaves out what already went, and a failure keeps the item
  pending for the next run (at-least-once).
* A paused clock (on hold at as_of) raises nothing: its reached steps wait until it resumes.
* A step without recipients at all (no contact, no account manager) goes to CONTRACTOPS_SMTP_TO,
  the operator's address, rather than nowhere.
"""


from collections import defaultdict
from datetime import datetime

import dagster as dg
import polars as pl

from contractops.delivery import Message, deliver, delivered_keys
from orchestration.resources import WarehouseResource

ESCALATIONS_KEY = dg.AssetKey(["marts", "escalations"])
DELIVERIES_KEY = dg.AssetKey(["alerts", "escalation_deliveries"])
OPERATOR = "(operator)"  # the item address of a step sent to CONTRACTOPS_SMTP_TO

_PRIORITY_RANK = {"P1": 0, "P2": 1, "P3": 2, "P4": 3}


def item_key(escalation_key: str, address: str) -> str:
    return f"{escalation_key}>{address}"


def _addresses(row: dict) -> list[str]:
    found = [a.strip() for a in (row["recipients"] or "").split(",") if a.strip()]
    return found or [OPERATOR]


def _worst(rows: list[dict]) -> dict:
    return max(rows, key=lambda r: (r["threshold_pct"], -_PRIORITY_RANK.get(r["priority"], 9),
                                    -r["reached_at"].timestamp()))


def _line(row: dict) -> str:
    note = f"  [review: {row['review_reason']}]" if row["review_reason"] else ""
    return (f"- ticket {row['ticket_id']} ({row['priority']}, contract {row['contract_id']}): "
            f"{row['clock']} clock reached {row['threshold_pct']:g}% of target at "
            f"{row['reached_at']:%Y-%m-%d %H:%M:%S %Z} (step {row['step']}){note}")


def _title(row: dict) -> str:
    return (f"{row['priority']} ticket {row['ticket_id']} {row['clock']} at "
            f"{row['threshold_pct']:g}% ({row['contract_id']})")


def escalation_messages(rows: list[dict], already: set[str]) -> list[Message]:
    """The messages for the reached, unpaused steps `rows`, leaving out items in `already`."""
    immediate: list[Message] = []
    digests: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["reached_at"], r["escalation_key"])):
        if row["is_paused"]:
            continue
        addresses = [a for a in _addresses(row) if item_key(row["escalation_key"], a) not in already]
        if not addresses:
            continue
        if row["is_immediate"]:
            immediate.append(Message(
                key=row["escalation_key"],
                subject=f"[contractops] ESCALATION (breach): {_title(row)}",
                body=_line(row) + "\n\n-- contractops (escalation " + row["escalation_key"] + ")\n",
                to=tuple(a for a in addresses if a != OPERATOR),
                headers={"X-Contractops-Severity": "critical"},
                covers=tuple(item_key(row["escalation_key"], a) for a in addresses),
            ))
            continue
        for address in addresses:
            digests[address].append(row)
    messages = list(immediate)
    for address in sorted(digests):
        items = digests[address]
        worst = _worst(items)
        keys = sorted(item_key(r["escalation_key"], address) for r in items)
        subject = f"[contractops] Escalation: {_title(worst)}"
        if len(items) > 1:
            subject = (f"[contractops] {len(items)} escalations, worst: {_title(worst)}")
        messages.append(Message(
            # the digest's key names its recipient and its items: the same digest is the same key
            key="escdigest:" + address + ":" + _digest_id(keys),
            subject=subject,
            body="\n".join(_line(r) for r in items) + "\n\n-- contractops (escalation digest)\n",
            to=() if address == OPERATOR else (address,),
            headers={"X-Contractops-Severity": "critical" if worst["threshold_pct"] >= 100 else "warning"},
            covers=tuple(keys),
        ))
    return messages


def _digest_id(keys: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def reached_rows(con) -> list[dict]:
    cursor = con.execute(
        "SELECT escalation_key, ticket_id, contract_id, priority, clock, step, threshold_pct, "
        "reached_at, recipients, is_paused, is_immediate, review_reason FROM marts.escalations "
        "ORDER BY reached_at, escalation_key"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def write_back(con, rows: list[dict], ledger: dict[str, str], errors: dict[str, str]) -> int:
    """delivered_at = when the last of a step's recipients got it (NULL while any is pending)."""
    updates = []
    for row in rows:
        times = [ledger.get(item_key(row["escalation_key"], a)) for a in _addresses(row)]
        delivered = max(times) if all(times) else None
        updates.append((row["escalation_key"],
                        datetime.fromisoformat(delivered) if delivered else None,
                        None if delivered else errors.get(row["escalation_key"])))
    if not updates:
        return 0
    frame = pl.DataFrame(updates, orient="row", schema={
        "escalation_key": pl.Utf8, "delivered_at": pl.Datetime("us", "UTC"), "delivery_error": pl.Utf8})
    con.register("_escalation_delivery", frame)
    con.execute(
        """
        UPDATE marts.escalations SET delivered_at = d.delivered_at, delivery_error = d.delivery_error
        FROM _escalation_delivery AS d WHERE marts.escalations.escalation_key = d.escalation_key
        """
    )
    con.unregister("_escalation_delivery")
    return sum(1 for _, at, _ in updates if at is not None)


@dg.asset(
    key=DELIVERIES_KEY,
    deps=[ESCALATIONS_KEY],
    group_name="alerts",
    kinds={"duckdb", "email"},
    description="Delivers the escalation steps of marts.escalations: breaches of P1/P2 alone, the "
    "rest as one digest per recipient; writes delivered_at back from the warehouse's ledger.",
)
def escalation_deliveries(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with warehouse.connect() as con:
        rows = reached_rows(con)
    messages = escalation_messages(rows, set(delivered_keys(settings)))
    results = deliver(messages, settings) if messages else []
    errors: dict[str, str] = {}
    for message, result in zip(messages, results):
        if not result.delivered:
            for key in message.covers:
                errors.setdefault(key.split(">", 1)[0], result.error or "not delivered")
    ledger = delivered_keys(settings)
    with warehouse.connect() as con:
        delivered = write_back(con, rows, ledger, errors)
    failed = [r for r in results if not r.delivered]
    if failed:
        context.log.warning(f"{len(failed)} escalation message(s) not delivered, kept pending: {failed[0].error}")
    return dg.MaterializeResult(metadata={
        "reached": len(rows),
        "messages_sent": sum(1 for r in results if r.delivered and not r.already_delivered),
        "digests_sent": sum(1 for m, r in zip(messages, results)
                            if r.delivered and not r.already_delivered and m.key.startswith("escdigest:")),
        "delivered_steps": delivered,
        "paused_steps": sum(1 for r in rows if r["is_paused"]),
        "channel": "smtp" if settings.smtp_host else "outbox",
    })
