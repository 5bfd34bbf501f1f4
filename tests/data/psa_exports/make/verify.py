"""Independent re-import of every export, following ASSUMPTIONS.md literally (parses the
files on disk, not the generator's model), compared with expected/.  Exit 1 on any mismatch.

    /work/exports-venv/bin/python tests/data/psa_exports/make/verify.py
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CLIENT_TZ = {r["client_id"]: r["timezone"] for r in csv.DictReader(open(ROOT / "clients.csv"))}
PROBLEMS = []


def snake(s):
    return re.sub(r"[^a-z0-9]+", "_", s.strip().lower()).strip("_")


class Bad(Exception):
    def __init__(self, cat):
        self.cat = cat


def cmap(system):
    return {r["source_client_key"]: r["client_id"] for r in csv.DictReader(open(ROOT / system / "client_map.csv"))}


def ts(value, fmt=None, zone=None, nulls=("",)):
    if value is None or value in nulls:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=ZoneInfo(zone))
    try:
        if fmt is None:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        return datetime.strptime(value, fmt).replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        raise Bad("bad_timestamp")


def ticket(tid, client, created, prio, svc, status, fr, res, tech, summary, upd):
    if not created or not prio or not status:
        raise Bad("missing_value")
    if not svc:
        raise Bad("missing_value")
    if res is not None and res < created:
        raise Bad("resolved_before_created")
    if fr is not None and fr < created:
        raise Bad("other")
    return dict(ticket_id=tid, client_id=client, created_at=created, priority=prio, service_type=snake(svc),
                status=status, first_response_at=fr, resolved_at=res, technician_id=tech or "",
                summary=summary or "", updated_at=upd)


def lookup(m, key, cat):
    if key not in m:
        raise Bad(cat)
    return m[key]


def dedup(parsed):
    """parsed: list of (rownum, landing|None, reject_cat|None) -> clean, rejects, superseded"""
    best = {}
    for n, land, cat in parsed:
        if land is None:
            continue
        k = land["ticket_id"]
        if k not in best or land["updated_at"] > best[k][1]["updated_at"]:
            best[k] = (n, land)
    sup = [(n, best[l["ticket_id"]][0]) for n, l, c in parsed if l is not None and best[l["ticket_id"]][0] != n]
    return [b[1] for b in best.values()], [(n, c) for n, l, c in parsed if c], sup


def compare(system, stem, clean, rejects, sup, kind="tickets", history=None):
    exp = ROOT / system / "expected"
    def norm(v):
        if isinstance(v, datetime):
            return v.astimezone(timezone.utc)
        return v
    def load(f):
        return list(csv.DictReader(open(exp / f)))
    key = "ticket_id" if kind == "tickets" else "entry_id"
    want = {r[key]: r for r in load(f"{stem}.{kind}.csv")}
    got = {r[key]: r for r in clean}
    if set(want) != set(got):
        PROBLEMS.append(f"{stem}: ids differ: missing {set(want) - set(got)} extra {set(got) - set(want)}")
    for k in set(want) & set(got):
        for col, wv in want[k].items():
            gv = got[k].get(col)
            if col.endswith("_at"):
                wv = datetime.fromisoformat(wv) if wv else None
            if norm(gv) != norm(wv) and str(gv) != str(wv):
                PROBLEMS.append(f"{stem} {k} {col}: expected {wv!r} got {gv!r}")
    wr = sorted((int(r["source_row_number"]), r["reason_category"]) for r in load(f"{stem}.rejects.csv"))
    if wr != sorted(rejects):
        PROBLEMS.append(f"{stem}: rejects expected {wr} got {sorted(rejects)}")
    ws = sorted((int(r["source_row_number"]), int(r["kept_source_row_number"])) for r in load(f"{stem}.superseded.csv"))
    if ws != sorted(sup):
        PROBLEMS.append(f"{stem}: superseded expected {ws} got {sorted(sup)}")
    if history is not None:
        wh = sorted((r["ticket_id"], r["status"], norm(datetime.fromisoformat(r["changed_at"])))
                    for r in load(f"{stem}.status_history.csv"))
        gh = sorted((h[0], h[1], norm(h[2])) for h in history)
        if wh != gh:
            PROBLEMS.append(f"{stem}: history differs ({len(wh)} vs {len(gh)})")
    print(f"checked {system}/{stem}: {len(clean)} clean, {len(rejects)} rejected, {len(sup)} superseded")


# ------------------------------------------------------------------------------------ ConnectWise
CW_STATUS = {"New": "open", "Assigned": "open", "In Progress": "in_progress", "Scheduled": "in_progress",
             "Customer Updated": "in_progress", "Waiting Customer": "on_hold", "Waiting Vendor": "on_hold",
             "Resolved": "resolved", ">Closed": "closed", "Cancelled": "cancelled"}
CW_PRIO = {"Priority 1 - Critical": "P1", "Priority 2 - High": "P2", "Priority 3 - Medium": "P3", "Priority 4 - Low": "P4"}


def cw():
    m = cmap("connectwise")
    parsed = []
    for n, line in enumerate(open(ROOT / "connectwise/service_tickets.jsonl"), 1):
        o = json.loads(line)
        try:
            client = lookup(m, o["company"]["identifier"], "unknown_client")
            created = ts(o["_info"].get("dateEntered"))
            fr, res, upd = ts(o.get("dateResponded")), ts(o.get("dateResolved")), ts(o["_info"].get("lastUpdated"))
            prio = lookup(CW_PRIO, o["priority"]["name"], "bad_priority")
            status = lookup(CW_STATUS, o["status"]["name"], "other")
            land = ticket(str(o["id"]), client, created, prio, (o.get("type") or {}).get("name"), status, fr, res,
                          (o.get("owner") or {}).get("identifier"), o.get("summary"), upd)
            parsed.append((n, land, None))
        except Bad as b:
            parsed.append((n, None, b.cat))
    compare("connectwise", "service_tickets", *dedup(parsed))
    wt = {"Remote Support": "standard", "Onsite Support": "standard", "Travel": "standard",
          "After Hours Remote": "after_hours", "After Hours Onsite": "after_hours", "Emergency Onsite": "emergency"}
    bill = {"Billable": "true", "NoDefault": "true", "DoNotBill": "false", "NoCharge": "false"}
    rows = csv.DictReader(open(ROOT / "connectwise/time_entries_report.csv", encoding="utf-8-sig"))
    entries(rows, "connectwise", "time_entries_report", m, dict(
        id="Time ID", client="Company ID", tech="Member ID", start="Time Start", fmt="%m/%d/%Y %I:%M %p",
        zone="America/Chicago", hours="Hours", svc="Ticket Type", wt="Work Type", wtmap=wt, bill="Billable Option",
        billmap=bill, rate="Hourly Rate", ticket="Ticket #"))


def entries(rows, system, stem, m, c):
    clean, rejects = [], []
    for n, r in enumerate(rows, 1):
        try:
            client = lookup(m, r[c["client"]], "unknown_client")
            start = ts(r[c["start"]], c["fmt"], c["zone"])
            h = float(r[c["hours"]])
            if not (0 < h <= 24):
                raise Bad("bad_hours")
            if not r[c["tech"]] or not r[c["svc"]] or start is None:
                raise Bad("missing_value")
            clean.append(dict(entry_id=r[c["id"]], client_id=client, technician_id=r[c["tech"]], started_at=start,
                              hours=f"{h:.2f}", service_type=snake(r[c["svc"]]),
                              rate_type=lookup(c["wtmap"], r[c["wt"]], "other"),
                              billable=lookup(c["billmap"], r[c["bill"]], "other"),
                              billed_rate=f"{float(r[c['rate']]):.2f}", ticket_id=r[c["ticket"]]))
        except Bad as b:
            rejects.append((n, b.cat))
    compare(system, stem, clean, rejects, [], kind="timesheets")


# ------------------------------------------------------------------------------------ Autotask
AT_STATUS = {"New": "open", "In Progress": "in_progress", "Dispatched": "in_progress",
             "Customer Note Added": "in_progress", "Waiting Customer": "on_hold", "Waiting Materials": "on_hold",
             "Waiting Vendor": "on_hold", "Complete": "closed"}
AT_PRIO = {"Critical": "P1", "High": "P2", "Medium": "P3", "Low": "P4"}


def at_tickets(rows, stem):
    m = cmap("autotask")
    f, z = "%m/%d/%Y %I:%M %p", "America/New_York"
    parsed = []
    for n, r in enumerate(rows, 1):
        try:
            client = lookup(m, r["Organization"], "unknown_client")
            created = ts(r["Create Date/Time"], f, z)
            fr, res = ts(r["First Response Date/Time"], f, z), ts(r["Resolved Date/Time"], f, z)
            upd = ts(r["Last Activity Date"], f, z)
            prio = lookup(AT_PRIO, r["Priority"], "bad_priority")
            land = ticket(r["Autotask Ticket Number"], client, created, prio, r["Issue Type"],
                          lookup(AT_STATUS, r["Status"], "other"), fr, res, r["Primary Resource"], r["Title"], upd)
            parsed.append((n, land, None))
        except Bad as b:
            parsed.append((n, None, b.cat))
    compare("autotask", stem, *dedup(parsed))


def at():
    at_tickets(list(csv.DictReader(open(ROOT / "autotask/tickets_export.csv", encoding="utf-8"))), "tickets_export")
    from openpyxl import load_workbook
    ws = load_workbook(ROOT / "autotask/tickets_export_excel.xlsx").active
    it = ws.iter_rows(values_only=True)
    hdr = next(it)
    at_tickets([{h: ("" if v is None else v) for h, v in zip(hdr, row)} for row in it], "tickets_export_excel")
    text = gzip.open(ROOT / "autotask/time_entries.csv.gz", "rt", encoding="utf-8").read()
    wt = {"Remote Support": "standard", "Onsite Support": "standard", "Travel Time": "standard",
          "After Hours Support": "after_hours", "Emergency Onsite": "emergency"}
    entries(csv.DictReader(io.StringIO(text)), "autotask", "time_entries", cmap("autotask"), dict(
        id="Time Entry ID", client="Organization", tech="Resource", start="Start Date/Time", fmt="%m/%d/%Y %I:%M %p",
        zone="America/New_York", hours="Hours Worked", svc="Issue Type", wt="Work Type", wtmap=wt,
        bill="Non-Billable", billmap={"No": "true", "Yes": "false"}, rate="Role Hourly Rate",
        ticket="Autotask Ticket Number"))


# ------------------------------------------------------------------------------------ HaloPSA
def halo():
    m = cmap("halopsa")
    st = {"New": "open", "In Progress": "in_progress", "Action Required": "in_progress", "With User": "on_hold",
          "With Supplier": "on_hold", "Pending": "on_hold", "Resolved": "resolved", "Closed": "closed",
          "Cancelled": "cancelled"}
    pr = {"P1 - Critical": "P1", "P2 - High": "P2", "P3 - Medium": "P3", "P4 - Low": "P4"}
    f, z, nulls = "%d/%m/%Y %H:%M", "Europe/London", ("", "01/01/1900 00:00")
    parsed = []
    for n, r in enumerate(csv.DictReader(open(ROOT / "halopsa/tickets.csv", encoding="utf-8")), 1):
        try:
            client = lookup(m, r["client_name"], "unknown_client")
            created = ts(r["dateoccurred"], f, z, nulls)
            fr, res, upd = (ts(r[k], f, z, nulls) for k in ("responsedate", "dateclosed", "lastactiondate"))
            prio = lookup(pr, r["priority"], "bad_priority")
            tech = "" if r["agent"] == "Unassigned" else r["agent"]
            land = ticket(r["id"], client, created, prio, r["category_1"], lookup(st, r["status"], "other"), fr, res,
                          tech, r["summary"], upd)
            parsed.append((n, land, None))
        except Bad as b:
            parsed.append((n, None, b.cat))
    compare("halopsa", "tickets", *dedup(parsed))


# ------------------------------------------------------------------------------------ ServiceNow
def sn():
    m = cmap("servicenow")
    st = {"New": "open", "Active": "in_progress", "Awaiting User Info": "on_hold", "Awaiting Vendor": "on_hold",
          "Awaiting Problem": "on_hold", "Awaiting Evidence": "on_hold", "Resolved": "resolved", "Closed": "closed"}
    pr = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}
    f, z, nulls = "%d/%m/%Y %H:%M", "America/Sao_Paulo", ("", "?")
    parsed, events = [], []
    for n, r in enumerate(csv.DictReader(open(ROOT / "servicenow/incident_event_log_extract.csv")), 1):
        try:
            client = lookup(m, r["location"], "unknown_client")
            created = ts(r["opened_at"], f, z, nulls)
            res, upd = ts(r["resolved_at"], f, z, nulls), ts(r["sys_updated_at"], f, z, nulls)
            prio = lookup(pr, r["priority"], "bad_priority")
            status = lookup(st, r["incident_state"], "other")
            svc = "" if r["category"] == "?" else r["category"]
            tech = "" if r["assigned_to"] == "?" else r["assigned_to"]
            land = ticket(r["number"], client, created, prio, svc, status, None, res, tech, "", upd)
            parsed.append((n, land, None))
            events.append((r["number"], r["incident_state"], upd, status))
        except Bad as b:
            parsed.append((n, None, b.cat))
    clean, rejects, sup = dedup(parsed)
    history = []
    for t in clean:
        evs = sorted((e for e in events if e[0] == t["ticket_id"]), key=lambda e: e[2])
        act = [e[2] for e in evs if e[1] == "Active"]
        t["first_response_at"] = act[0] if act else None
        prev = None
        for e in evs:
            if e[3] != prev:
                history.append((e[0], e[3], e[2]))
            prev = e[3]
    compare("servicenow", "incident_event_log_extract", clean, rejects, sup, history=history)


if __name__ == "__main__":
    cw(); at(); halo(); sn()
    for p in PROBLEMS:
        print("MISMATCH", p)
    sys.exit(1 if PROBLEMS else 0)
