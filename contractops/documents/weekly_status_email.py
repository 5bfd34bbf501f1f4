"""The weekly contract status e-mail: the weekly executive report (the same HTML, charts inline
as cid images, the headline figures as its text part), sent through the same delivery as the
alerts (contractops.delivery: SMTP, or an .eml file in the outbox) to settings.smtp_to.

Once per week: the key is the ISO week of the report's as_of (UTC), so a rerun, or a second run in
the same week, finds it in the warehouse's delivery ledger and sends nothing."""

from __future__ import annotations

import duckdb

from contractops.delivery import InlineImage, Message, deliver
from contractops.documents._render import day
from contractops.documents.executive_report import report_data, report_html, report_stamp


def week_of(data: dict) -> str:
    year, week, _ = data["k"]["as_of"].isocalendar()
    return f"{year}-W{week:02d}"


def weekly_status_message(con: duckdb.DuckDBPyConnection) -> Message:
    data = report_data(con)
    week = week_of(data)
    cids = {name: f"{name}.{week}@contractops" for name, _, _ in data["chart_images"]}
    html = report_html(data, {name: f"cid:{cid}" for name, cid in cids.items()})
    lines = [f"Weekly contract status, figures as of {day(data['k']['as_of'])}.", ""]
    lines += [f"{label}: {value}" for label, value in data["headline"]]
    lines += ["", "The charts and tables are in the HTML part of this message; the PDF is in the reports "
              "folder (executive/)."]
    return Message(
        key=f"weekly_status:{week}",
        subject=f"[contractops] Weekly contract status {week} (as of {report_stamp(data)})",
        body="\n".join(lines) + "\n",
        html=html,
        inline_images=tuple(InlineImage(cids[name], png, "png", f"{name}.png")
                            for name, _, png in data["chart_images"]),
    )


def deliver_weekly_status(con: duckdb.DuckDBPyConnection, settings) -> list:
    """Send this week's status e-mail (once per ISO week); returns the DeliveryResults."""
    return deliver([weekly_status_message(con)], settings)
