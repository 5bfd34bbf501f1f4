"""HaloPSA: a ticket report exported to CSV (UK MSP; day-first dates, UK local time)."""
from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from common import (ROOT, CLIENT_TZ, Clean, Reject, Row, Superseded, iso, snake, ticket_times,
                    write_client_map, write_csv, write_expected)

DIR = ROOT / "halopsa"
REPORT_TZ = "Europe/London"   # Halo instance/agent time zone; report dates are naive UK local time
NULL_DATE = "01/01/1900 00:00"  # Halo's "no date" value

# Halo client_id (int, Halo's own key; NOT the landing client_id), client_name, landing client_id
CLIENTS = [(12, "Brightwater Surveyors Ltd", "C2011"), (15, "Kestrel Accountancy Ltd", "C2012"),
           (18, "Harbour & Finch Solicitors LLP", "C2013"), (23, "Dunmore Veterinary Clinic", "C2014")]
UNMAPPED = (27, "Moorland Brewing Co", None)
STATUSES = {"New": "open", "In Progress": "in_progress", "Action Required": "in_progress",
            "With User": "on_hold", "With Supplier": "on_hold", "Pending": "on_hold",
            "Resolved": "resolved", "Closed": "closed", "Cancelled": "cancelled"}
PRIORITIES = {"P1 - Critical": "P1", "P2 - High": "P2", "P3 - Medium": "P3", "P4 - Low": "P4"}
CATEGORIES = ["Desktop Support", "Network", "Server", "Printer", "Onsite Repair"]
AGENTS = ["Sam Whitfield", "Priya Nair", "Callum Reid", "Niamh Byrne"]
SUMMARIES = {
    "Desktop Support": ["Sage 50 won't open after update", "New starter - setup laptop and M365",
                        "Outlook search not returning results", "Replace keyboard for reception"],
    "Network": ["Broadband down at Exeter office", "Meraki AP offline - first floor", "VPN slow from home"],
    "Server": ["Veeam job warning on HV01", "Disk space alert on FS01", "Certificate expiring on RDS gateway"],
    "Printer": ["Kyocera toner low and streaking", "Can't scan to folder"],
    "Onsite Repair": ["Onsite: comms cabinet fan noise", "Onsite: replace failed switch in surgery"],
}
HEADER = ["id", "dateoccurred", "summary", "client_id", "client_name", "site_name", "user_name", "tickettype",
          "category_1", "status", "priority", "agent", "responsedate", "dateclosed", "lastactiondate",
          "onhold", "slaholdtime", "timetaken"]


def _fmt(dt):
    if dt is None:
        return NULL_DATE
    return dt.astimezone(ZoneInfo(REPORT_TZ)).strftime("%d/%m/%Y %H:%M")


def _ticket(rng, tid, client, status, prio, cat):
    hid, name, cid = client
    zone = CLIENT_TZ.get(cid, REPORT_TZ)
    created, fr, res, upd = ticket_times(rng, zone, PRIORITIES.get(prio, "P3"), STATUSES[status], REPORT_TZ)
    agent = rng.choice(AGENTS) if STATUSES[status] != "open" or rng.random() < 0.3 else None
    return dict(id=tid, client=client, status=status, prio=prio, cat=cat, created=created, fr=fr, res=res,
                upd=upd, agent=agent, summary=rng.choice(SUMMARIES[cat]),
                tickettype=rng.choice(["Incident", "Incident", "Service Request"]))


def _raw(t):
    hid, name, cid = t["client"]
    hold = STATUSES[t["status"]] == "on_hold"
    return {"id": str(t["id"]), "dateoccurred": _fmt(t["created"]), "summary": t["summary"],
            "client_id": str(hid), "client_name": name,
            "site_name": "Main Site" if t["id"] % 4 else "N/A",
            "user_name": "General User" if t["id"] % 5 == 0 else f"User {t['id'] % 37}",
            "tickettype": t["tickettype"], "category_1": t["cat"], "status": t["status"], "priority": t["prio"],
            "agent": t["agent"] or "Unassigned", "responsedate": _fmt(t["fr"]), "dateclosed": _fmt(t["res"]),
            "lastactiondate": _fmt(t["upd"]), "onhold": "True" if hold else "False",
            "slaholdtime": f"{(t['id'] % 5) * 0.5:.2f}" if hold else "0.00",
            "timetaken": f"{(t['id'] % 6) * 0.25:.2f}"}


def _landing(t):
    hid, name, cid = t["client"]
    zone = CLIENT_TZ[cid]
    return {"ticket_id": str(t["id"]), "client_id": cid, "created_at": iso(t["created"], zone),
            "priority": PRIORITIES[t["prio"]], "service_type": snake(t["cat"]), "status": STATUSES[t["status"]],
            "first_response_at": iso(t["fr"], zone), "resolved_at": iso(t["res"], zone),
            "technician_id": t["agent"] or "", "summary": t["summary"], "updated_at": iso(t["upd"], zone)}


def build(rng: random.Random):
    st = list(STATUSES)
    pr = list(PRIORITIES)
    good = []
    for i in range(25):
        tid = 0
        status = st[i] if i < len(st) else rng.choices(st, weights=[2, 3, 1, 3, 1, 1, 3, 8, 1])[0]
        good.append(_ticket(rng, tid, CLIENTS[i % 4], status, pr[(i * 3 + 1) % 4], CATEGORIES[(i * 2) % 5]))
    good.sort(key=lambda t: t["created"])
    tid = 5120
    for t in good:                     # Halo ids follow creation order; good ones are even
        tid += 2 * rng.randint(1, 6)
        t["id"] = tid
    rows = [Row(raw=None, outcome=Clean("ticket", None), key=t) for t in good]
    # duplicate: report run twice and pasted together; the later lastactiondate wins
    t = next(x for x in good if x["status"] == "Closed")
    old = dict(t, status="With User", res=None, upd=t["fr"] + timedelta(minutes=25))
    pos = next(i for i, r in enumerate(rows) if r.key is t)
    rows.insert(pos, Row(raw=None, outcome=Superseded(t), key=old))

    bad = []
    x = _ticket(rng, 5301, UNMAPPED, "In Progress", "P2 - High", "Network")
    bad.append((x, None, Reject("unknown_client", "client_name 'Moorland Brewing Co' not in client_map")))
    x = _ticket(rng, 5302, CLIENTS[0], "New", "P3 - Medium", "Printer")
    bad.append((x, {"dateoccurred": "31/09/2026 10:15"}, Reject("bad_timestamp", "dateoccurred '31/09/2026 10:15': September has 30 days")))
    x = _ticket(rng, 5303, CLIENTS[1], "New", "P5 - Planned", "Desktop Support")
    bad.append((x, None, Reject("bad_priority", "priority 'P5 - Planned' not mapped")))
    x = _ticket(rng, 5304, CLIENTS[2], "In Progress", "P4 - Low", "Server")
    bad.append((x, {"category_1": ""}, Reject("missing_value", "category_1 empty: service_type is required")))
    x = _ticket(rng, 5305, CLIENTS[3], "Resolved", "P2 - High", "Onsite Repair")
    x["fr"] = x["created"] - timedelta(minutes=50)
    bad.append((x, None, Reject("other", "responsedate 50 min before dateoccurred: first_response_at before created_at")))
    for k, (x, ov, outcome) in zip([4, 9, 14, 19, 24], bad):
        rows.insert(k, Row(raw=ov or {}, outcome=outcome, key=x))
    tickets = [r.key for r in rows]
    for i, r in enumerate(rows):       # render now that ids are known; bad rows get odd ids
        t = tickets[i]
        if isinstance(r.outcome, Reject):
            t["id"] = tickets[i - 1]["id"] + 1
            r.raw = {**_raw(t), **r.raw}
        elif isinstance(r.outcome, Superseded):
            r.raw = _raw(t)
            r.outcome = Superseded(r.outcome.kept_key["id"])
        else:
            r.raw = _raw(t)
            r.outcome = Clean("ticket", _landing(t))
        r.key = t["id"] if isinstance(r.outcome, Clean) else None
    assert len({r.raw["id"] for r in rows}) == len(rows) - 1
    assert len(rows) == 31
    write_csv(DIR / "tickets.csv", HEADER, [r.raw for r in rows])
    stats = {"tickets.csv": write_expected(DIR, "tickets", rows, "ticket")}
    write_client_map(DIR, [(name, cid) for hid, name, cid in CLIENTS])
    return stats
