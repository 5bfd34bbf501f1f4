"""ServiceNow: an incident event-log extract in exactly the columns and value style of the
real UCI log (shared/realdata/uci-incident-log): one row per update, '?' = missing, d/m/Y H:M."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from common import ROOT, CLIENT_TZ, Clean, Reject, Row, Superseded, iso, snake, write_client_map, write_csv, write_expected

DIR = ROOT / "servicenow"
INSTANCE_TZ = "America/Sao_Paulo"   # instance/system time zone; every mapped client is in it too

HEADER = ["number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
          "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at", "sys_updated_by",
          "sys_updated_at", "contact_type", "location", "category", "subcategory", "u_symptom", "cmdb_ci", "impact",
          "urgency", "priority", "assignment_group", "assigned_to", "knowledge", "u_priority_confirmation", "notify",
          "problem_id", "rfc", "vendor", "caused_by", "closed_code", "resolved_by", "resolved_at", "closed_at"]
LOCATIONS = {"Location 143": "C2021", "Location 165": "C2022", "Location 204": "C2023", "Location 93": "C2024"}
UNMAPPED_LOCATION = "Location 161"
STATES = {"New": "open", "Active": "in_progress", "Awaiting User Info": "on_hold", "Awaiting Vendor": "on_hold",
          "Awaiting Problem": "on_hold", "Awaiting Evidence": "on_hold", "Resolved": "resolved", "Closed": "closed"}
PRIORITY = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}
LEVEL = {1: "1 - High", 2: "2 - Medium", 3: "3 - Low"}
PRI_NAME = {1: "1 - Critical", 2: "2 - High", 3: "3 - Moderate", 4: "4 - Low", 5: "5 - Planning"}


def _pri(impact, urgency):
    s = impact + urgency
    return PRI_NAME[{2: 1, 3: 2, 4: 3, 5: 4, 6: 5}[s]]


def _fmt(dt):
    if dt is None:
        return "?"
    l = dt.astimezone(ZoneInfo(INSTANCE_TZ))
    return f"{l.day}/{l.month}/{l.year} {l.hour:02d}:{l.minute:02d}"


# Each incident: (number, location, opened (day, hh, mm), category, subcategory, symptom, impact, urgency,
#                 [(state, minutes after opened, overrides dict, defect), ...], extras)
# defect: None | ("bad_timestamp"|"missing_value"|"bad_priority"|"other", note)
D = None
INCIDENTS = [
    ("INC0010231", "Location 143", (2, 8, 14), "Category 55", "Subcategory 170", "Symptom 72", 2, 2,
     [("New", 7, {}, D), ("Active", 35, {}, D), ("Resolved", 300, {}, D), ("Closed", 300 + 5 * 1440, {}, D)], {}),
    ("INC0010236", "Location 165", (3, 10, 2), "Category 40", "Subcategory 215", "Symptom 471", 1, 2,
     [("New", 3, {}, D), ("Active", 20, {}, D), ("Awaiting User Info", 95, {}, D), ("Active", 400, {}, D),
      ("Resolved", 520, {}, D), ("Closed", 520 + 5 * 1440, {}, D)], {}),
    ("INC0010240", "Location 204", (4, 13, 40), "Category 20", "Subcategory 125", "Symptom 471", 2, 3,
     [("New", 5, {}, D), ("New", 40, {}, D), ("Resolved", 200, {}, D), ("Closed", 200 + 5 * 1440, {}, D)], {}),
    ("INC0010244", "Location 93", (5, 6, 51), "Category 9", "Subcategory 97", "Symptom 450", 1, 1,
     [("New", 2, {}, D), ("Active", 9, {}, D), ("Awaiting Vendor", 60, {"vendor": "Vendor 1"}, D),
      ("Active", 240, {"vendor": "Vendor 1"}, D), ("Resolved", 300, {"vendor": "Vendor 1"}, D),
      ("Active", 1500, {"vendor": "Vendor 1", "reopen": 1}, D), ("Resolved", 1620, {"vendor": "Vendor 1"}, D),
      ("Closed", 1620 + 5 * 1440, {"vendor": "Vendor 1"}, D)], {"made_sla_final": "false"}),
    ("INC0010247", "Location 143", (9, 9, 5), "Category 53", "Subcategory 168", "Symptom 232", 2, 2,
     [("New", 4, {}, D), ("New", 9, {"impact": 1}, D), ("Active", 30, {"impact": 1}, D),
      ("Resolved", 150, {"impact": 1}, D)], {}),
    ("INC0010252", "Location 165", (10, 15, 20), "Category 26", "Subcategory 174", "Symptom 491", 2, 2,
     [("New", 6, {}, D), ("Active", 45, {}, D), ("Awaiting User Info", 130, {}, D),
      ("Awaiting User Info", 1570, {}, D)], {}),
    ("INC0010255", "Location 204", (12, 11, 33), "Category 42", "Subcategory 223", "Symptom 494", 2, 2,
     [("New", 10, {}, D), ("Active", 25, {}, D),
      ("Active", 60, {"bad_updated": "31/11/2026 12:33"},
       ("bad_timestamp", "sys_updated_at '31/11/2026 12:33': November has 30 days")),
      ("Active", 200, {}, D)], {}),
    ("INC0010259", "Location 93", (13, 7, 48), "Category 32", "Subcategory 55", "Symptom 534", 2, 2,
     [("New", 3, {"category": "?", "subcategory": "?"},
       ("missing_value", "category '?': service_type is required")),
      ("New", 15, {}, D), ("Active", 40, {}, D), ("Awaiting User Info", 100, {}, D), ("Active", 1500, {}, D),
      ("Resolved", 1600, {}, D), ("Closed", 1600 + 5 * 1440, {}, D)], {}),
    ("INC0010262", UNMAPPED_LOCATION, (16, 14, 9), "Category 46", "Subcategory 174", "Symptom 491", 2, 2,
     [("New", 8, {}, D), ("Active", 31, {}, D)], {}),
    ("INC0010266", "Location 143", (17, 9, 30), "Category 55", "Subcategory 170", "Symptom 72", 2, 3,
     [("New", 6, {}, D), ("Resolved", 95, {}, D)], {"resolved_override_min": -1440 * 2 - 60}),
    ("INC0010270", "Location 165", (18, 16, 44), "Category 37", "Subcategory 206", "Symptom 232", 3, 3,
     [("New", 5, {}, ("bad_priority", "priority '5 - Planning' not mapped")),
      ("Active", 55, {"urgency": 2}, D), ("Resolved", 400, {"urgency": 2}, D),
      ("Closed", 400 + 5 * 1440, {"urgency": 2}, D)], {}),
    ("INC0010273", "Location 204", (19, 10, 12), "Category 20", "Subcategory 125", "Symptom 471", 2, 2,
     [("New", 4, {}, D), ("Active", 22, {}, D),
      ("-100", 130, {}, ("other", "incident_state '-100' is not a status (not mapped)")),
      ("Active", 131, {}, D), ("Resolved", 260, {}, D), ("Closed", 260 + 5 * 1440, {}, D)], {}),
    ("INC0010277", "Location 93", (20, 17, 3), "Category 61", "Subcategory 193", "Symptom 580", 2, 2,
     [("New", 9, {}, D)], {}),
    ("INC0010281", "Location 143", (20, 18, 26), "Category 9", "Subcategory 97", "Symptom 450", 2, 1,
     [("New", 3, {}, D), ("Active", 18, {}, D), ("Awaiting Problem", 75, {"problem_id": "Problem ID  12"}, D),
      ("Resolved", 3000, {"problem_id": "Problem ID  12"}, D),
      ("Closed", 3000 + 5 * 1440, {"problem_id": "Problem ID  12"}, D)], {}),
]


def build(rng: random.Random):
    rows: list[Row] = []
    for inc in INCIDENTS:
        rows.extend(_incident(rng, *inc))
    assert 55 <= len(rows) <= 66, len(rows)
    write_csv(DIR / "incident_event_log_extract.csv", HEADER, [r.raw for r in rows], "\n")
    stats = {"incident_event_log_extract.csv":
             write_expected(DIR, "incident_event_log_extract", rows, "ticket", history=True)}
    write_client_map(DIR, list(LOCATIONS.items()))
    return stats


def _incident(rng, number, location, opened, cat, subcat, symptom, impact, urgency, events, extras):
    z = ZoneInfo(INSTANCE_TZ)
    day, hh, mm = opened
    opened_at = datetime(2026, 11, day, hh, mm, tzinfo=z)
    caller = f"Caller {rng.randint(100, 5200)}"
    opened_by = f"Opened by  {rng.choice([8, 17, 180, 397])}"   # the real log has two spaces here
    created_missing = rng.random() < 0.25
    first = opened_at + timedelta(minutes=events[0][1])
    sys_created_by = "?" if created_missing else f"Created by {rng.choice([6, 81, 171])}"
    sys_created_at = "?" if created_missing else _fmt(first)
    times = [opened_at + timedelta(minutes=e[1]) for e in events]
    assert times == sorted(times) and len(set(times)) == len(times), number
    resolved = [t for e, t in zip(events, times) if e[0] == "Resolved"]
    closed = [t for e, t in zip(events, times) if e[0] == "Closed"]
    resolved_at = resolved[-1] if resolved else None
    if "resolved_override_min" in extras:
        resolved_at = opened_at + timedelta(minutes=extras["resolved_override_min"])
    closed_at = closed[-1] if closed else None
    resolver = f"Resolved by {rng.randint(5, 160)}" if resolved_at else "?"
    closed_code = f"code {rng.choice([5, 6, 6, 7, 9])}" if resolved_at else "?"
    group0 = f"Group {rng.choice([56, 70])}"
    group1 = f"Group {rng.choice([23, 24, 25])}"
    tech = f"Resolver {rng.randint(6, 140)}"
    client_id = LOCATIONS.get(location)
    zone = CLIENT_TZ.get(client_id, INSTANCE_TZ)
    out = []
    reassign = 0
    reopen = 0
    assigned = False
    imp, urg = impact, urgency
    for i, ((state, _, ov, defect), t) in enumerate(zip(events, times)):
        imp = ov.get("impact", imp)
        urg = ov.get("urgency", urg)
        if state == "Active" and not assigned:
            assigned = True
            reassign = 1
        reopen += ov.get("reopen", 0)
        final = i == len(events) - 1
        raw = {
            "number": number, "incident_state": state, "active": "false" if state == "Closed" else "true",
            "reassignment_count": str(reassign), "reopen_count": str(reopen), "sys_mod_count": str(i),
            "made_sla": extras.get("made_sla_final", "true") if (final and state == "Closed") else "true",
            "caller_id": caller, "opened_by": opened_by, "opened_at": _fmt(opened_at),
            "sys_created_by": sys_created_by, "sys_created_at": sys_created_at,
            "sys_updated_by": "Updated by 908" if state == "Closed" else f"Updated by {rng.choice([21, 332, 340, 465, 804])}",
            "sys_updated_at": ov.get("bad_updated", _fmt(t)), "contact_type": "Phone" if number[-1] != "7" else "Self service",
            "location": location, "category": ov.get("category", cat), "subcategory": ov.get("subcategory", subcat),
            "u_symptom": symptom, "cmdb_ci": "?", "impact": LEVEL[imp], "urgency": LEVEL[urg],
            "priority": _pri(imp, urg), "assignment_group": group1 if assigned else group0,
            "assigned_to": tech if (assigned or state in ("Resolved", "Closed")) else "?",
            "knowledge": "true" if int(number[-2:]) % 3 == 0 else "false",
            "u_priority_confirmation": "true" if imp != impact or urg != urgency else "false",
            "notify": "Do Not Notify", "problem_id": ov.get("problem_id", "?"), "rfc": "?",
            "vendor": ov.get("vendor", "?"), "caused_by": "?", "closed_code": closed_code, "resolved_by": resolver,
            "resolved_at": _fmt(resolved_at), "closed_at": _fmt(closed_at),
        }
        out.append((raw, state, t, defect))

    rows = []
    if client_id is None:
        for raw, *_ in out:
            rows.append(Row(raw=raw, outcome=Reject("unknown_client", f"location '{location}' not in client_map")))
        return rows
    if resolved_at is not None and resolved_at < opened_at:
        for raw, *_ in out:
            rows.append(Row(raw=raw, outcome=Reject("resolved_before_created",
                                                    "resolved_at two days before opened_at (on every event row)")))
        return rows
    clean_idx = [i for i, o in enumerate(out) if o[3] is None]
    win = max(clean_idx, key=lambda i: out[i][2])
    wraw, wstate, wtime, _ = out[win]
    first_active = next((out[i][2] for i in clean_idx if out[i][1] == "Active"), None)
    landing = {"ticket_id": number, "client_id": client_id, "created_at": iso(opened_at, zone),
               "priority": PRIORITY[wraw["priority"]], "service_type": snake(wraw["category"]),
               "status": STATES[wstate], "first_response_at": iso(first_active, zone),
               "resolved_at": iso(resolved_at, zone),
               "technician_id": "" if wraw["assigned_to"] == "?" else wraw["assigned_to"], "summary": "",
               "updated_at": iso(wtime, zone)}
    history = []
    prev = None
    for i in clean_idx:
        s = STATES[out[i][1]]
        if s != prev:
            history.append({"ticket_id": number, "status": s, "changed_at": iso(out[i][2], zone)})
        prev = s
    for i, (raw, state, t, defect) in enumerate(out):
        if defect is not None:
            rows.append(Row(raw=raw, outcome=Reject(*defect)))
        elif i == win:
            rows.append(Row(raw=raw, outcome=Clean("ticket", landing), key=number, history=history))
        else:
            rows.append(Row(raw=raw, outcome=Superseded(number)))
    return rows
