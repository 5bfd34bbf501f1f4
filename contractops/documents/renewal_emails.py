"""Renewal e-mails to account managers: one message per account manager listing their renewal
tasks that are due this week or overdue (marts.mart_renewal_tasks), sent through the same
delivery as alerts (contractops.delivery.deliver)."""

from __future__ import annotations

import hashlib
from collections import defaultdict

import duckdb

from contractops.documents._render import day, money, number, rows

TASK_WORDS = {
    "health_check": "Health check",
    "proposal": "Send the renewal proposal",
    "follow_up": "Follow up",
    "escalation": "Escalate: contract lapsed without renewal",
}


def renewal_email_messages(con: duckdb.DuckDBPyConnection, fallback_to: str | None = None) -> list[dict]:
    """Messages as dicts: key, to, subject, body. The key names the tasks the message covers
    (task and due date), so the same reminder is delivered once, and a new one goes out when
    the manager's list changes. Tasks of clients without an account manager go to
    `fallback_to` (or are skipped)."""
    tasks = rows(con, """
        select t.*, p.client_name as pipeline_client, p.proposed_tier, p.proposed_annual_value
        from marts.mart_renewal_tasks as t
        left join marts.mart_renewal_pipeline as p using (contract_id)
        where t.task_status in ('overdue', 'due_this_week')
        order by t.account_manager, t.due_date, t.contract_id, t.step""")
    by_manager: dict[str, list[dict]] = defaultdict(list)
    for task in tasks:
        to = task["account_manager"] or fallback_to
        if to:
            by_manager[to].append(task)
    messages = []
    for to, items in sorted(by_manager.items()):
        overdue = sum(1 for t in items if t["task_status"] == "overdue")
        lines = [f"{len(items)} renewal tasks need you this week ({overdue} overdue):", ""]
        for t in items:
            lines.append(
                f"- {day(t['due_date'])} {TASK_WORDS[t['task_type']]} - {t['client_name'] or t['client_id']} "
                f"({t['contract_id']}), ends {day(t['end_date'])}, {money(t['annual_value'])} a year; "
                f"recommendation {t['recommendation']} (health {number(t['health_score'])}), "
                f"proposed {t['proposed_tier']} at {money(t['proposed_annual_value'])}"
                + (" [OVERDUE]" if t["task_status"] == "overdue" else "")
            )
        lines += ["", "Renewal proposals are under the reports folder (renewal_proposals/<contract>.html)."]
        covered = ",".join(sorted(f"{t['task_id']}@{t['due_date']}" for t in items))
        key = f"renewal_tasks:{to}:{hashlib.sha1(covered.encode()).hexdigest()[:12]}"
        messages.append({
            "key": key,
            "to": to,
            "subject": f"[contractops] {len(items)} renewal tasks ({overdue} overdue)",
            "body": "\n".join(lines) + "\n",
        })
    return messages


def deliver_renewal_emails(con: duckdb.DuckDBPyConnection, settings) -> list:
    """Send the reminders through contractops.delivery (SMTP, or .eml files in the outbox);
    returns its DeliveryResults. Tasks of clients without an account manager are not mailed
    (they stay in marts.mart_renewal_tasks and the app): the alert desk is not their owner."""
    from contractops.delivery import Message, deliver

    messages = [
        Message(key=m["key"], subject=m["subject"], body=m["body"], to=(m["to"],) if m["to"] else ())
        for m in renewal_email_messages(con, fallback_to="")
    ]
    return deliver(messages, settings)
