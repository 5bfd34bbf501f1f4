"""ConnectWise PSA: service tickets as REST JSON lines, time entries as a saved CSV report."""
from __future__ import annotations

import json
import random
from datetime import timedelta

from common import (ROOT, UTC, Clean, Reject, Row, Superseded, iso, snake, ticket_times,
                    unambiguous, write_client_map, write_csv, write_expected, CLIENT_TZ)

DIR = ROOT / "connectwise"
REPORT_TZ = "America/Chicago"   # the saved report was run by a dispatcher whose member profile is Central time

# client_id, company.id, company.identifier, company.name, timezone
COMPANIES = [
    ("C2001", 19301, "NorthwindTr", "Northwind Traders", "America/Chicago"),
    ("C2002", 19302, "ContosoDental", "Contoso Dental Group", "America/New_York"),
    ("C2003", 19303, "Fabrikam", "Fabrikam Logistics", "America/Denver"),
    ("C2004", 19304, "LitwareHP", "Litware Health Partners", "America/Phoenix"),
    ("C2005", 19305, "WoodgroveCU", "Woodgrove Credit Union", "America/Chicago"),
]
UNMAPPED = (None, 19342, "TailspinToys", "Tailspin Toys", "America/Los_Angeles")  # left out of client_map
CATCHALL = (None, 250, "Catchall", "Catchall", "America/Chicago")  # CW's catch-all company for unmatched e-mail

# status name -> (id, landing status)
STATUSES = {
    "New": (1, "open"), "Assigned": (2, "open"), "In Progress": (3, "in_progress"),
    "Scheduled": (4, "in_progress"), "Customer Updated": (7, "in_progress"),
    "Waiting Customer": (5, "on_hold"), "Waiting Vendor": (6, "on_hold"),
    "Resolved": (8, "resolved"), ">Closed": (9, "closed"), "Cancelled": (10, "cancelled"),
}
# priority name -> (id, sort, landing)
PRIORITIES = {
    "Priority 1 - Critical": (7, 1, "P1"), "Priority 2 - High": (8, 2, "P2"),
    "Priority 3 - Medium": (4, 3, "P3"), "Priority 4 - Low": (6, 4, "P4"),
}
UNMAPPED_PRIORITY = ("Do Not Respond", 15, 5)
TYPES = {"Desktop Support": 31, "Network": 32, "Server": 33, "Printer": 34, "Onsite Repair": 35,
         "Project Work": 36}
MEMBERS = [(144, "jmorales", "Jorge Morales"), (151, "akim", "Anna Kim"), (158, "bpatel", "Bhavin Patel"),
           (162, "sliu", "Sara Liu"), (170, "rjohnson", "Rick Johnson")]
SUMMARIES = {
    "Desktop Support": ["Outlook keeps prompting for password", "New starter laptop setup - 2 users",
                        "Teams camera not detected after update", "OneDrive not syncing on reception PC",
                        "User locked out after MFA reset"],
    "Network": ["Branch VPN tunnel flapping", "Wi-Fi drops in conference room B", "Firewall firmware update",
                "DHCP scope exhausted on guest VLAN"],
    "Server": ["File server disk C: below 5% free", "Backup job failed on SQL01", "Domain controller time skew",
               "Hyper-V host high memory alert"],
    "Printer": ["Front desk printer jamming", "Scan to email failing on MFP", "Label printer offline in warehouse"],
    "Onsite Repair": ["Replace failed UPS in comms closet", "Reseat network drop at desk 14",
                      "POS terminal won't power on", "Onsite: replace laptop screen"],
    "Project Work": ["Office move - patch panel relabel", "Windows 11 rollout wave 2"],
}


def _z(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pick_status(rng):
    return rng.choices(list(STATUSES), weights=[3, 2, 4, 2, 1, 3, 1, 5, 8, 1])[0]


def _ticket(rng, tid, company, status_name, prio_name, type_name, owner=True):
    cid, comp_id, ident, cname, zone = company
    landing_status = STATUSES[status_name][1]
    p = PRIORITIES.get(prio_name, (0, 0, "P3"))[2]
    created, fr, res, upd = ticket_times(rng, zone, p, landing_status, None)
    member = rng.choice(MEMBERS) if (owner and landing_status != "open" or rng.random() < 0.5) else None
    summary = rng.choice(SUMMARIES[type_name])
    return dict(id=tid, company=company, status=status_name, priority=prio_name, type=type_name,
                created=created, fr=fr, res=res, upd=upd, member=member, summary=summary)


def _json(t, *, type_present=True, date_entered=None, priority_obj=None, resolved_override=None):
    cid, comp_id, ident, cname, zone = t["company"]
    board = ("Field Services", 3) if t["type"] == "Onsite Repair" else ("Help Desk", 1)
    sid = STATUSES[t["status"]][0]
    closed = t["status"] in (">Closed", "Cancelled")
    o = {
        "id": t["id"], "summary": t["summary"], "recordType": "ServiceTicket",
        "board": {"id": board[1], "name": board[0]},
        "status": {"id": sid, "name": t["status"]},
        "company": {"id": comp_id, "identifier": ident, "name": cname},
        "siteName": "Main",
        "contactName": "Front Desk" if t["id"] % 3 else "Office Manager",
    }
    if type_present:
        o["type"] = {"id": TYPES[t["type"]], "name": t["type"]}
    o["team"] = {"id": 11 if board[1] == 1 else 14, "name": "Tier 1" if board[1] == 1 else "Field Techs"}
    if t["member"]:
        m = t["member"]
        o["owner"] = {"id": m[0], "identifier": m[1], "name": m[2]}
    if priority_obj is None:
        pid, sort, _ = PRIORITIES[t["priority"]]
        o["priority"] = {"id": pid, "name": t["priority"], "sort": sort}
    else:
        o["priority"] = priority_obj
    o["severity"] = "High" if t["priority"].startswith("Priority 1") else "Medium"
    o["impact"] = "Medium"
    o["source"] = {"id": 2, "name": "Email"} if t["id"] % 2 else {"id": 1, "name": "Phone"}
    o["sla"] = {"id": 2, "name": "Standard SLA"}
    if t["fr"] is not None:
        o["dateResponded"] = _z(t["fr"])
    res = resolved_override if resolved_override is not None else t["res"]
    if res is not None:
        o["dateResolved"] = _z(res)
    o["closedFlag"] = closed
    if closed:
        o["closedDate"] = _z(t["upd"])
        o["closedBy"] = t["member"][1] if t["member"] else "jmorales"
    o["actualHours"] = round((t["id"] % 7) * 0.25 + 0.25, 2)
    o["billTime"] = "Billable"
    info = {"dateEntered": date_entered if date_entered else _z(t["created"]),
            "lastUpdated": _z(t["upd"]),
            "enteredBy": "Email Connector" if t["id"] % 2 else (t["member"][1] if t["member"] else "jmorales"),
            "updatedBy": t["member"][1] if t["member"] else "Email Connector"}
    o["_info"] = info
    return o


def _landing(t):
    cid = t["company"][0]
    zone = CLIENT_TZ[cid]
    return {"ticket_id": str(t["id"]), "client_id": cid, "created_at": iso(t["created"], zone),
            "priority": PRIORITIES[t["priority"]][2], "service_type": snake(t["type"]),
            "status": STATUSES[t["status"]][1], "first_response_at": iso(t["fr"], zone),
            "resolved_at": iso(t["res"], zone), "technician_id": t["member"][1] if t["member"] else "",
            "summary": t["summary"], "updated_at": iso(t["upd"], zone)}


def build(rng: random.Random):
    prios = list(PRIORITIES)
    types = list(TYPES)
    good = []
    for i in range(32):
        comp = COMPANIES[i % len(COMPANIES)]
        status = list(STATUSES)[i] if i < len(STATUSES) else _pick_status(rng)
        good.append(_ticket(rng, 0, comp, status, prios[i % 4], types[(i * 7) % len(types)]))
    good.sort(key=lambda t: t["created"])
    tid = 48200
    for t in good:                     # ticket numbers follow creation order; good ones are even
        tid += 2 * rng.randint(1, 4)
        t["id"] = tid
    # items: [ticket dict, json kwargs, outcome or None (= clean / kept)]
    items = [[t, {}, None] for t in good]

    # -- duplicate 1 (older version earlier in the file): In Progress -> Resolved later
    t = next(x for x in good if x["status"] == "Resolved")
    old = dict(t, status="In Progress", res=None, upd=t["fr"] + timedelta(minutes=12))
    pos = next(i for i, it in enumerate(items) if it[0] is t)
    items.insert(max(0, pos - 3), [old, {}, Superseded(t["id"])])
    # -- duplicate 2 (newer version first, older version later: API paging by id, page re-read)
    t2 = next(x for x in good if x["status"] == "In Progress" and x["id"] != t["id"])
    t2["status"] = "Customer Updated"
    old2 = dict(t2, status="Waiting Customer", upd=t2["fr"] + timedelta(minutes=7))
    assert old2["upd"] < t2["upd"]
    pos = next(i for i, it in enumerate(items) if it[0] is t2)
    items.insert(pos + 4, [old2, {}, Superseded(t2["id"])])

    # -- bad rows (odd ticket numbers, = previous row's number + 1)
    bad = []
    tt = _ticket(rng, 0, UNMAPPED, "In Progress", "Priority 2 - High", "Network")
    bad.append([tt, {}, Reject("unknown_client", "company.identifier 'TailspinToys' (Tailspin Toys) not in client_map")])
    tt = _ticket(rng, 0, CATCHALL, "New", "Priority 3 - Medium", "Desktop Support")
    bad.append([tt, {}, Reject("unknown_client", "company.identifier 'Catchall' (CW catch-all company for unmatched e-mail) not in client_map")])
    tt = _ticket(rng, 0, COMPANIES[1], "Assigned", "Priority 3 - Medium", "Printer")
    bad.append([tt, {"date_entered": "2026-11-31T15:20:00Z"}, Reject("bad_timestamp", "_info.dateEntered '2026-11-31T15:20:00Z': November has 30 days")])
    tt = _ticket(rng, 0, COMPANIES[2], "New", "Priority 4 - Low", "Desktop Support")
    bad.append([tt, {"priority_obj": {"id": 15, "name": "Do Not Respond", "sort": 5}},
                Reject("bad_priority", "priority.name 'Do Not Respond' not mapped")])
    tt = _ticket(rng, 0, COMPANIES[3], "In Progress", "Priority 2 - High", "Server")
    bad.append([tt, {"type_present": False}, Reject("missing_value", "type absent: service_type is required")])
    tt = _ticket(rng, 0, COMPANIES[4], "Resolved", "Priority 3 - Medium", "Network")
    bad.append([tt, {"resolved_override": tt["created"] - timedelta(hours=3, minutes=10)},
                Reject("resolved_before_created", "dateResolved 3h10m before _info.dateEntered")])
    for k, b in zip([5, 11, 17, 23, 29, 35], bad):
        items.insert(k, b)
    for i, it in enumerate(items):
        if isinstance(it[2], Reject):
            it[0]["id"] = items[i - 1][0]["id"] + 1
    assert len({it[0]["id"] for it in items}) == len(items) - 2
    rows = []
    for t, kw, outcome in items:
        if outcome is None:
            rows.append(Row(raw=_json(t), outcome=Clean("ticket", _landing(t)), key=t["id"]))
        else:
            rows.append(Row(raw=_json(t, **kw), outcome=outcome))
    assert len(rows) == 40
    global TAILSPIN
    TAILSPIN = bad[0][0]

    DIR.mkdir(parents=True, exist_ok=True)
    with open(DIR / "service_tickets.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r.raw, separators=(",", ":")) + "\n")
    stats = {"service_tickets.jsonl": write_expected(DIR, "service_tickets", rows, "ticket")}

    clean_tickets = [g for g in good]
    stats["time_entries_report.csv"] = build_time(rng, clean_tickets)
    write_client_map(DIR, [(c[2], c[0]) for c in COMPANIES])
    return stats


# ------------------------------------------------------------------------------ time entries
TE_HEADER = ["Time ID", "Ticket #", "Company ID", "Company", "Member ID", "Member Name", "Time Start",
             "Time End", "Hours", "Billable Option", "Work Type", "Work Role", "Hourly Rate", "Ticket Type",
             "Agreement", "Notes"]
RATES = {"standard": 150.0, "after_hours": 225.0, "emergency": 300.0}
WORK_TYPE_RATE = {"Remote Support": "standard", "Onsite Support": "standard", "Travel": "standard",
                  "After Hours Remote": "after_hours", "After Hours Onsite": "after_hours",
                  "Emergency Onsite": "emergency"}
AGREEMENTS = {"C2001": "Managed Services - Gold", "C2002": "Block Hours 40", "C2003": "",
              "C2004": "Managed Services - Silver", "C2005": "Block Hours 20"}


def _rpt(dt):
    return dt.astimezone(__import__("zoneinfo").ZoneInfo(REPORT_TZ)).strftime("%m/%d/%Y %I:%M %p")


def _entry(rng, eid, t, *, start=None, hours=None, billopt=None, work_type=None):
    cid, comp_id, ident, cname, zone = t["company"]
    z = __import__("zoneinfo").ZoneInfo(zone)
    base = t["fr"] or t["created"]
    if start is None:
        start = base + timedelta(minutes=rng.choice([5, 15, 30, 45, 60, 120]))
    loc = start.astimezone(z)
    if not t["priority"].startswith("Priority 1") and (loc.hour < 8 or loc.hour >= 18) and rng.random() < 0.75:
        nxt = loc + timedelta(days=1 if loc.hour >= 18 else 0)
        start = nxt.replace(hour=rng.randint(8, 15), minute=rng.choice([0, 10, 15, 30, 45]))
    start = unambiguous(start, REPORT_TZ)
    loc = start.astimezone(z)
    after = loc.hour < 8 or loc.hour >= 18 or loc.weekday() >= 5
    if work_type is None:
        if t["priority"].startswith("Priority 1") and after:
            work_type = "Emergency Onsite"
        elif after:
            work_type = "After Hours Onsite" if t["type"] == "Onsite Repair" else "After Hours Remote"
        else:
            work_type = "Onsite Support" if t["type"] == "Onsite Repair" else "Remote Support"
    rate_type = WORK_TYPE_RATE[work_type]
    if hours is None:
        hours = rng.choice([0.25, 0.5, 0.75, 1.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0])
    if billopt is None:
        billopt = "NoCharge" if work_type == "Travel" else rng.choices(
            ["Billable", "DoNotBill", "NoDefault"], weights=[14, 2, 1])[0]
    member = t["member"] or MEMBERS[eid % len(MEMBERS)]
    rate = RATES[rate_type]
    end = start + timedelta(minutes=round(hours * 60)) if hours > 0 else start
    role = {"Onsite Support": "Field Technician", "After Hours Onsite": "Field Technician",
            "Emergency Onsite": "Field Technician", "Travel": "Field Technician"}.get(work_type, "Service Desk")
    raw = {"Time ID": str(eid), "Ticket #": str(t["id"]), "Company ID": ident, "Company": cname,
           "Member ID": member[1], "Member Name": member[2], "Time Start": _rpt(start), "Time End": _rpt(end),
           "Hours": f"{hours:.2f}", "Billable Option": billopt, "Work Type": work_type, "Work Role": role,
           "Hourly Rate": f"{rate:.2f}", "Ticket Type": t["type"], "Agreement": AGREEMENTS.get(cid, ""),
           "Notes": "Travel to site" if work_type == "Travel" else rng.choice(
               ["Onsite visit", "Replaced part onsite", "Onsite: tested with user"] if "Onsite" in work_type
               else ["Remote session, resolved", "Called user, troubleshooting", "Checked logs and applied fix",
                     "Follow-up with vendor"])}
    landing = None
    if cid:
        landing = {"entry_id": str(eid), "client_id": cid, "technician_id": member[1],
                   "started_at": iso(start, zone), "hours": f"{hours:.2f}", "service_type": snake(t["type"]),
                   "rate_type": rate_type, "billable": "true" if billopt in ("Billable", "NoDefault") else "false",
                   "billed_rate": f"{rate:.2f}", "ticket_id": str(t["id"])}
    return raw, landing


def build_time(rng, tickets):
    rows = []
    eid = 301400
    worked = [t for t in tickets if t["fr"] is not None]
    for i in range(35):
        eid += rng.randint(1, 6)
        t = worked[(i * 5) % len(worked)]
        kw = {}
        if i == 6:
            kw["work_type"] = "Travel"
        raw, landing = _entry(rng, eid, t, **kw)
        if i == 9:     # billed at the standard rate although after hours: an underbilled entry, still clean
            raw["Work Type"] = "After Hours Remote"
            landing["rate_type"] = "after_hours"
            raw["Hourly Rate"] = "150.00"
            landing["billed_rate"] = "150.00"
        rows.append(Row(raw=raw, outcome=Clean("timesheet", landing)))
    rows.sort(key=lambda r: int(r.raw["Time ID"]))
    t = worked[3]
    raw, _ = _entry(rng, 301399, t, hours=-1.0)
    rows.insert(4, Row(raw=raw, outcome=Reject("bad_hours", "Hours -1.00: must be > 0 and <= 24")))
    raw, _ = _entry(rng, 301398, worked[8], hours=26.0)
    rows.insert(12, Row(raw=raw, outcome=Reject("bad_hours", "Hours 26.00: must be > 0 and <= 24 (timer left running)")))
    raw, _ = _entry(rng, 301397, TAILSPIN)
    rows.insert(19, Row(raw=raw, outcome=Reject("unknown_client", "Company ID 'TailspinToys' (Tailspin Toys) not in client_map")))
    raw, _ = _entry(rng, 301396, worked[11])
    raw["Time Start"] = "10/32/2026 09:15 AM"
    rows.insert(26, Row(raw=raw, outcome=Reject("bad_timestamp", "Time Start '10/32/2026 09:15 AM' is not a date")))
    raw, _ = _entry(rng, 301395, worked[14])
    raw["Member ID"] = ""
    raw["Member Name"] = ""
    rows.insert(33, Row(raw=raw, outcome=Reject("missing_value", "Member ID empty: technician_id is required")))
    assert len(rows) == 40
    path = DIR / "time_entries_report.csv"
    write_csv(path, TE_HEADER, [r.raw for r in rows])
    data = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + data)   # Excel-style UTF-8 BOM, as the CW report export writes it
    return write_expected(DIR, "time_entries_report", rows, "timesheet")
