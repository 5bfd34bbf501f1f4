"""Datto Autotask PSA: ticket search export (CSV + the same export saved as XLSX) and a
time-entry export (gzip'd CSV). UI exports: naive times in the exporting user's zone."""
from __future__ import annotations

import gzip
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from common import (ROOT, CLIENT_TZ, Clean, Reject, Row, Superseded, csv_text, iso, snake, ticket_times,
                    unambiguous, write_client_map, write_csv, write_expected)

DIR = ROOT / "autotask"
USER_TZ = "America/New_York"   # Autotask resource who ran the exports has Eastern time in their profile

ORGS = [("C2006", "Adatum Legal LLP"), ("C2007", "Blue Yonder Aviation"), ("C2008", "Coho Winery"),
        ("C2009", "Alpine Ski House"), ("C2010", "Trey Research Labs")]
UNMAPPED = (None, "Proseware Inc")
STATUSES = {"New": "open", "In Progress": "in_progress", "Dispatched": "in_progress",
            "Customer Note Added": "in_progress", "Waiting Customer": "on_hold",
            "Waiting Materials": "on_hold", "Waiting Vendor": "on_hold", "Complete": "closed"}
PRIORITIES = {"Critical": "P1", "High": "P2", "Medium": "P3", "Low": "P4"}
ISSUE_TYPES = {"Desktop Support": ["Password Reset", "Software Install", "Email"],
               "Network": ["Wireless", "VPN", "Firewall"], "Server": ["Backup", "Storage", "Patching"],
               "Printer": ["Print Queue", "Hardware Fault"], "Onsite Repair": ["Hardware Replacement", "Cabling"]}
RESOURCES = ["Maria Lopez", "Derek Chan", "Olivia Brooks", "Sam Okafor", "Hannah Weiss"]
SUMMARIES = {
    "Desktop Support": ["Reset password for paralegal", "Install Adobe Acrobat Pro on 3 PCs",
                        "Shared mailbox missing from Outlook", "Slow login on front desk PC"],
    "Network": ["Guest Wi-Fi not handing out addresses", "Site-to-site VPN down to hangar office",
                "Firewall blocking vendor portal", "Switch port errors on uplink"],
    "Server": ["Nightly backup failed - exit code 23", "Datastore 92% full", "Monthly patching - SRV-APP02"],
    "Printer": ["Print queue stuck on RICOH-2F", "Plotter showing paper feed error"],
    "Onsite Repair": ["Replace dead monitor at reception", "Run new cable to tasting room POS",
                      "Swap failed docking station"],
}


def _fmt(dt):
    """Autotask UI: instance date format M/d/yyyy + time h:mm tt, in the user's zone."""
    if dt is None:
        return ""
    l = dt.astimezone(ZoneInfo(USER_TZ))
    return f"{l.month}/{l.day}/{l.year} {l.hour % 12 or 12}:{l.minute:02d} {'AM' if l.hour < 12 else 'PM'}"


def _ticket(rng, seq, org, status, prio, svc):
    cid, name = org
    zone = CLIENT_TZ.get(cid, "America/New_York")
    created, fr, res, upd = ticket_times(rng, zone, PRIORITIES.get(prio, "P3"), STATUSES[status], USER_TZ)
    num = f"T{created.astimezone(ZoneInfo(USER_TZ)):%Y%m%d}.{seq:04d}"
    res_assigned = rng.choice(RESOURCES) if (STATUSES[status] != "open" or rng.random() < 0.4) else None
    return dict(num=num, org=org, status=status, prio=prio, svc=svc, sub=rng.choice(ISSUE_TYPES[svc]),
                created=created, fr=fr, res=res, upd=upd, complete=upd if status == "Complete" else None,
                resource=res_assigned, title=rng.choice(SUMMARIES[svc]),
                queue="Field Services" if svc == "Onsite Repair" else "Service Desk",
                due=created + timedelta(hours={"Critical": 4, "High": 8, "Medium": 24, "Low": 72}.get(prio, 24)),
                legacy="")


HEADER = ["Autotask Ticket Number", "External (Legacy) Ticket ID", "Organization", "Title", "Status",
          "Priority", "Queue", "Issue Type", "Sub-Issue Type", "Primary Resource", "Create Date/Time",
          "First Response Date/Time", "Resolved Date/Time", "Complete Date", "Last Activity Date",
          "Due Date/Time", "Source"]


def _raw(t):
    return {"Autotask Ticket Number": t["num"], "External (Legacy) Ticket ID": t["legacy"],
            "Organization": t["org"][1], "Title": t["title"], "Status": t["status"], "Priority": t["prio"],
            "Queue": t["queue"], "Issue Type": t["svc"], "Sub-Issue Type": t["sub"],
            "Primary Resource": t["resource"] or "", "Create Date/Time": _fmt(t["created"]),
            "First Response Date/Time": _fmt(t["fr"]), "Resolved Date/Time": _fmt(t["res"]),
            "Complete Date": _fmt(t["complete"]), "Last Activity Date": _fmt(t["upd"]),
            "Due Date/Time": _fmt(t["due"]), "Source": t.get("source", "Email")}


def _landing(t):
    cid = t["org"][0]
    zone = CLIENT_TZ[cid]
    return {"ticket_id": t["num"], "client_id": cid, "created_at": iso(t["created"], zone),
            "priority": PRIORITIES[t["prio"]], "service_type": snake(t["svc"]), "status": STATUSES[t["status"]],
            "first_response_at": iso(t["fr"], zone), "resolved_at": iso(t["res"], zone),
            "technician_id": t["resource"] or "", "summary": t["title"], "updated_at": iso(t["upd"], zone)}


def build(rng: random.Random):
    st = list(STATUSES)
    pr = list(PRIORITIES)
    svcs = list(ISSUE_TYPES)
    good = []
    for i in range(31):
        status = st[i] if i < len(st) else rng.choices(st, weights=[3, 4, 2, 1, 3, 1, 1, 10])[0]
        t = _ticket(rng, 10 + i * 3, ORGS[i % 5], status, pr[(i * 3) % 4], svcs[i % 5])
        t["source"] = rng.choice(["Email", "Phone", "Client Portal", "Monitoring Alert"])
        if i % 9 == 4:
            t["legacy"] = f"ZD-{88120 + i}"
        good.append(t)
    good.sort(key=lambda t: t["created"])
    rows = [Row(raw=_raw(t), outcome=Clean("ticket", _landing(t)), key=t["num"]) for t in good]

    # duplicate 1: exported twice (two saved searches appended); the later activity wins
    t = next(x for x in good if x["status"] == "Complete")
    old = dict(t, status="In Progress", res=None, complete=None, upd=t["fr"] + timedelta(minutes=40))
    pos = next(i for i, r in enumerate(rows) if r.key == t["num"])
    rows.insert(max(0, pos - 2), Row(raw=_raw(old), outcome=Superseded(t["num"])))
    # duplicate 2: newer version earlier in the file, the stale one appended at the end
    t2 = next(x for x in good if x["status"] == "Waiting Customer")
    old2 = dict(t2, status="In Progress", upd=t2["fr"] + timedelta(minutes=3))
    assert old2["upd"] < t2["upd"]

    bad = []
    x = _ticket(rng, 901, UNMAPPED, "In Progress", "High", "Network")
    global PROSEWARE
    PROSEWARE = x
    bad.append(Row(raw=_raw(x), outcome=Reject("unknown_client", "Organization 'Proseware Inc' not in client_map")))
    x = _ticket(rng, 904, ORGS[1], "New", "Medium", "Desktop Support")
    r = _raw(x)
    r["Create Date/Time"] = "13/10/2026 9:42 AM"   # someone pasted a day-first date
    bad.append(Row(raw=r, outcome=Reject("bad_timestamp", "Create Date/Time '13/10/2026 9:42 AM': month 13")))
    x = _ticket(rng, 907, ORGS[2], "New", "Planning", "Server")
    bad.append(Row(raw=_raw(x), outcome=Reject("bad_priority", "Priority 'Planning' not mapped")))
    x = _ticket(rng, 910, ORGS[3], "In Progress", "Low", "Printer")
    r = _raw(x)
    r["Issue Type"] = ""
    r["Sub-Issue Type"] = ""
    bad.append(Row(raw=r, outcome=Reject("missing_value", "Issue Type empty: service_type is required")))
    x = _ticket(rng, 913, ORGS[4], "Complete", "Medium", "Onsite Repair")
    x["res"] = x["created"] - timedelta(days=1)
    bad.append(Row(raw=_raw(x), outcome=Reject("resolved_before_created", "Resolved Date/Time one day before Create Date/Time")))
    for k, b in zip([3, 9, 15, 21, 27], bad):
        rows.insert(k, b)
    rows.append(Row(raw=_raw(old2), outcome=Superseded(t2["num"])))
    assert len(rows) == 38, len(rows)

    DIR.mkdir(parents=True, exist_ok=True)
    write_csv(DIR / "tickets_export.csv", HEADER, [r.raw for r in rows])
    _xlsx(rows)
    stats = {"tickets_export.csv": write_expected(DIR, "tickets_export", rows, "ticket"),
             "tickets_export_excel.xlsx": write_expected(DIR, "tickets_export_excel", rows, "ticket")}
    stats["time_entries.csv.gz"] = build_time(rng, good)
    write_client_map(DIR, [(name, cid) for cid, name in ORGS])
    return stats


def _xlsx(rows):
    """The same ticket search saved with Excel: date columns are real Excel date cells
    (naive, the user's zone); a text that is not a date stays a text cell."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Ticket Search"
    ws.append(HEADER)
    date_cols = {"Create Date/Time", "First Response Date/Time", "Resolved Date/Time", "Complete Date",
                 "Last Activity Date", "Due Date/Time"}
    for r in rows:
        out = []
        for h in HEADER:
            v = r.raw[h]
            if h in date_cols and v:
                try:
                    v = datetime.strptime(v, "%m/%d/%Y %I:%M %p")
                except ValueError:
                    pass
            out.append(v if v != "" else None)
        ws.append(out)
    for col in ws.iter_cols(min_row=2):
        for c in col:
            if isinstance(c.value, datetime):
                c.number_format = "m/d/yyyy h:mm AM/PM"
    for i, w in enumerate([18, 14, 24, 40, 20, 10, 15, 16, 20, 16, 20, 20, 20, 20, 20, 20, 16], start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    wb.save(DIR / "tickets_export_excel.xlsx")
    _freeze_zip(DIR / "tickets_export_excel.xlsx")


def _freeze_zip(path):
    """Make the .xlsx byte-reproducible: fixed zip entry times and document dates."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-12-01T06:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 12, 1, 6, 0, 0)), data, zipfile.ZIP_DEFLATED)


# ------------------------------------------------------------------ time entries (csv.gz)
TE_HEADER = ["Time Entry ID", "Autotask Ticket Number", "Organization", "Resource", "Role", "Work Type",
             "Issue Type", "Start Date/Time", "End Date/Time", "Hours Worked", "Hours to Bill",
             "Non-Billable", "Role Hourly Rate", "Summary Notes"]
WORK_TYPES = {"Remote Support": "standard", "Onsite Support": "standard", "Travel Time": "standard",
              "After Hours Support": "after_hours", "Emergency Onsite": "emergency"}
ROLE_RATE = {"Technician I": 125.0, "Technician II": 145.0, "Network Engineer": 175.0,
             "After-Hours On-Call": 210.0, "Emergency Response": 280.0}


def _entry(rng, eid, t, *, hours=None, nonbill=None, wt=None):
    cid, name = t["org"]
    zone = CLIENT_TZ.get(cid, "America/New_York")
    start = (t["fr"] or t["created"]) + timedelta(minutes=rng.choice([10, 20, 30, 60, 90]))
    loc = start.astimezone(ZoneInfo(zone))
    if t["prio"] != "Critical" and (loc.hour < 8 or loc.hour >= 18) and rng.random() < 0.75:
        nxt = loc + timedelta(days=1 if loc.hour >= 18 else 0)
        start = nxt.replace(hour=rng.randint(8, 15), minute=rng.choice([0, 5, 15, 30, 40]))
    start = unambiguous(start, USER_TZ)
    loc = start.astimezone(ZoneInfo(zone))
    after = loc.hour < 8 or loc.hour >= 18 or loc.weekday() >= 5
    if wt is None:
        if t["prio"] == "Critical" and after:
            wt = "Emergency Onsite"
        elif after:
            wt = "After Hours Support"
        else:
            wt = "Onsite Support" if t["svc"] == "Onsite Repair" else "Remote Support"
    role = {"Emergency Onsite": "Emergency Response", "After Hours Support": "After-Hours On-Call"}.get(
        wt, "Network Engineer" if t["svc"] == "Network" else rng.choice(["Technician I", "Technician II"]))
    if hours is None:
        hours = rng.choice([0.25, 0.5, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 3.5])
    if nonbill is None:
        nonbill = wt == "Travel Time" or rng.random() < 0.15
    end = start + timedelta(minutes=round(abs(hours) * 60))
    to_bill = 0.0 if nonbill else max(0.5, -(-hours // 0.25) * 0.25)   # rounded up, 30 min minimum
    rate = ROLE_RATE[role]
    resource = t["resource"] or RESOURCES[eid % len(RESOURCES)]
    raw = {"Time Entry ID": str(eid), "Autotask Ticket Number": t["num"], "Organization": name,
           "Resource": resource, "Role": role, "Work Type": wt, "Issue Type": t["svc"],
           "Start Date/Time": _fmt(start), "End Date/Time": _fmt(end), "Hours Worked": f"{hours:.2f}",
           "Hours to Bill": f"{to_bill:.2f}", "Non-Billable": "Yes" if nonbill else "No",
           "Role Hourly Rate": f"{rate:.2f}",
           "Summary Notes": rng.choice(["Remoted in and fixed", "Spoke with user, escalated to vendor",
                                        "Replaced part onsite", "Applied updates and rebooted",
                                        "Documented in IT Glue"]) if wt != "Travel Time" else "Drive to client site"}
    landing = None
    if cid:
        landing = {"entry_id": str(eid), "client_id": cid, "technician_id": resource,
                   "started_at": iso(start, zone), "hours": f"{hours:.2f}", "service_type": snake(t["svc"]),
                   "rate_type": WORK_TYPES[wt], "billable": "false" if nonbill else "true",
                   "billed_rate": f"{rate:.2f}", "ticket_id": t["num"]}
    return raw, landing


def build_time(rng, tickets):
    worked = [t for t in tickets if t["fr"] is not None]
    rows = []
    eid = 29684100
    for i in range(36):
        eid += rng.randint(3, 40)
        t = worked[(i * 7) % len(worked)]
        wt = "Travel Time" if i in (5, 22) else None
        if i in (10, 25, 31):          # emergency call-outs on Critical tickets
            t = [x for x in worked if x["prio"] == "Critical"][i % 3]
            wt = "Emergency Onsite"
        raw, landing = _entry(rng, eid, t, wt=wt)
        rows.append(Row(raw=raw, outcome=Clean("timesheet", landing)))
    raw, _ = _entry(rng, eid + 11, worked[1], hours=-0.5)
    rows.insert(6, Row(raw=raw, outcome=Reject("bad_hours", "Hours Worked -0.50: must be > 0 and <= 24")))
    raw, _ = _entry(rng, eid + 13, worked[4], hours=25.0)
    rows.insert(14, Row(raw=raw, outcome=Reject("bad_hours", "Hours Worked 25.00: must be > 0 and <= 24")))
    raw, _ = _entry(rng, eid + 17, PROSEWARE)
    rows.insert(21, Row(raw=raw, outcome=Reject("unknown_client", "Organization 'Proseware Inc' not in client_map")))
    raw, _ = _entry(rng, eid + 19, worked[9])
    raw["Start Date/Time"] = "11/5/2026 25:10 PM"
    rows.insert(28, Row(raw=raw, outcome=Reject("bad_timestamp", "Start Date/Time '11/5/2026 25:10 PM' is not a time")))
    raw, _ = _entry(rng, eid + 23, worked[12])
    raw["Resource"] = ""
    rows.insert(35, Row(raw=raw, outcome=Reject("missing_value", "Resource empty: technician_id is required")))
    assert len(rows) == 41
    text = csv_text(TE_HEADER, [r.raw for r in rows])
    with gzip.GzipFile(DIR / "time_entries.csv.gz", "wb", mtime=0) as f:
        f.write(text.encode("utf-8"))
    return write_expected(DIR, "time_entries", rows, "timesheet")
