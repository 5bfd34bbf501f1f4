"""Escalations through the real pipeline (spec section 3, Escalation; section 4, escalations):
hand-computed reached_at across a weekend, a holiday, a hold and a DST change; the fallback of a
level without contact to the account manager (listed for review); digests per recipient and
P1/P2 breaches alone, over real SMTP on loopback; nothing sent twice after a rerun (republish)
or a later run.

Contract K-ESC: America/New_York, US holidays, "Mon-Fri 08:00-18:00" (600 business min a day),
every priority 100 response / 400 resolution business minutes, default ladder
(50% technician, 75% level 1, 100% level 2 + account manager, 150% level 3). Contacts: level 1
l1@client.example, level 2 l2@client.example, no level 3 -> 150% goes to the account manager
am@msp.example. TECH1's e-mail is tech1@msp.example.
New York: EDT (UTC-4) until Sun 2026-11-01 02:00, EST (UTC-5) after.

Run 1 and run 2 (a rerun): as_of Sun 2026-11-22 12:00Z. Run 3: Mon 2026-11-23 15:00Z (10:00 EST).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import yaml
from testkit import materialize, query, write_landing

from alerts.smtp_server import SmtpServer, free_port

UTC = timezone.utc
RUN_1 = "2026-11-22T12:00:00+00:00"
RUN_3 = "2026-11-23T15:00:00+00:00"


def z(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def contract(contract_id: str, client_id: str, **extra) -> str:
    document = {
        "contract_id": contract_id, "client_id": client_id, "tier": "gold",
        "start_date": "2026-01-01", "end_date": "2026-12-31",
        "billing": {"model": "time_and_materials",
                    "rates": {"standard": 150, "after_hours": 225, "emergency": 300}},
        "coverage": {"timezone": "America/New_York", "hours": "Mon-Fri 08:00-18:00",
                     "public_holidays": True},
        "sla": [{"priority": p, "response_minutes": 100, "resolution_minutes": 400,
                 "clock": "business"} for p in ("P1", "P2", "P3", "P4")],
        **extra,
    }
    return yaml.safe_dump(document, sort_keys=False)


CONTACTS = [{"level": 1, "name": "Lee One", "email": "l1@client.example"},
            {"level": 2, "name": "Lou Two", "email": "l2@client.example"}]
OVERRIDE = [{"threshold_pct": 90, "notify": ["level 1"]},
            {"priority": "P1", "threshold_pct": 25, "notify": ["technician"]},
            {"priority": "P1", "clock": "response", "threshold_pct": 60, "notify": "account_manager"}]


def ticket(ticket_id, created, priority="P3", first="", client="C-E"):
    return {"ticket_id": ticket_id, "client_id": client, "created_at": created, "priority": priority,
            "service_type": "desktop_support", "status": "open", "first_response_at": first,
            "resolved_at": "", "technician_id": "TECH1"}


TICKETS = [
    # weekend: created Fri 2026-11-20 16:46 EST; at Fri 18:00 the response clock is at 74 of 100
    ticket("E-W", "2026-11-20T21:46:00+00:00"),
    # holiday: created Tue 2026-11-10 17:00 EST; Wed 11 is Veterans Day (closed)
    ticket("E-H", "2026-11-10T22:00:00+00:00"),
    # hold: created Mon 2026-11-16 08:00 EST, responded 08:30, on hold 10:00-14:00 EST
    ticket("E-HO", "2026-11-16T13:00:00+00:00", first="2026-11-16T13:30:00+00:00"),
    # DST: created Fri 2026-10-30 17:30 EDT, 30 minutes before the weekend of the fall-back
    ticket("E-DST", "2026-10-30T21:30:00+00:00"),
    # immediate: P2 created Fri 2026-11-20 09:00 EST, no response
    ticket("E-IM", "2026-11-20T14:00:00+00:00", priority="P2"),
    # paused: created Fri 2026-11-20 08:00 EST, responded 08:10, on hold since 11:30 EST
    ticket("E-PA", "2026-11-20T13:00:00+00:00", first="2026-11-20T13:10:00+00:00"),
]
HISTORY = [
    {"ticket_id": "E-HO", "status": "on_hold", "changed_at": "2026-11-16T15:00:00+00:00"},
    {"ticket_id": "E-HO", "status": "in_progress", "changed_at": "2026-11-16T19:00:00+00:00"},
    {"ticket_id": "E-PA", "status": "on_hold", "changed_at": "2026-11-20T16:30:00+00:00"},
]

LANDING = {
    "clients.csv": [
        {"client_id": "C-E", "client_name": "Esc Client", "timezone": "America/New_York",
         "country": "US", "account_manager": "am@msp.example"},
        {"client_id": "C-O", "client_name": "Override Client", "timezone": "America/New_York",
         "country": "US", "account_manager": "om@msp.example"},
    ],
    "technicians.csv": [{"technician_id": "TECH1", "name": "Tess", "email": "tech1@msp.example"}],
    "tickets.csv": TICKETS,
    "ticket_status_history.csv": HISTORY,
    "contracts/K-ESC.yaml": contract("K-ESC", "C-E", escalation_contacts=CONTACTS),
    "contracts/K-OVR.yaml": contract("K-OVR", "C-O", escalation_contacts=CONTACTS[:1],
                                     escalation=OVERRIDE),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("escalations")
    landing = write_landing(root / "landing", LANDING)
    warehouse = root / "warehouse.duckdb"
    server = SmtpServer(free_port()).start()
    patch = pytest.MonkeyPatch()
    patch.setenv("CONTRACTOPS_OUTBOX_DIR", str(root / "outbox"))
    patch.setenv("CONTRACTOPS_SMTP_HOST", "127.0.0.1")
    patch.setenv("CONTRACTOPS_SMTP_PORT", str(server.port))
    patch.setenv("CONTRACTOPS_SMTP_TO", "desk@example.com")
    sent = []
    try:
        materialize(landing, warehouse, RUN_1)
        ladder_1 = query(warehouse, "select ticket_id, clock, threshold_pct, reached_at, is_reached, "
                                    "recipients, review_reason from marts.mart_escalation_ladder")
        escalations_1 = query(warehouse, "select escalation_key, delivered_at from marts.escalations")
        sent.append(list(server.recorder.messages))
        materialize(landing, warehouse, RUN_1)  # a rerun: built again, published again
        sent.append(list(server.recorder.messages[len(sent[0]):]))
        escalations_2 = query(warehouse, "select escalation_key, delivered_at from marts.escalations")
        materialize(landing, warehouse, RUN_3)
        sent.append(list(server.recorder.messages[len(sent[0]) + len(sent[1]):]))
        escalations_3 = query(warehouse, "select escalation_key, reached_at, delivered_at "
                                         "from marts.escalations")
        review = query(warehouse, "select contract_id, priority, clock, contact_level, reason "
                                  "from marts.mart_escalation_review")
        ladders = query(warehouse, "select contract_id, priority, clock, step, threshold_pct, notify "
                                   "from intermediate.int_escalation_ladders where contract_id = 'K-OVR'")
    finally:
        server.stop()
        patch.undo()
    # the SLA alerts (marts.alerts) go to the same server: keep the escalation messages
    sent = [[m for m in run if m[2]["X-Contractops-Key"].startswith("esc")] for run in sent]
    return {"ladder_1": ladder_1, "escalations_1": escalations_1, "escalations_2": escalations_2,
            "escalations_3": escalations_3, "sent": sent, "review": review, "ladders": ladders}


def reached(runs, ticket_id, clock):
    return {pct: at for t, c, pct, at, is_reached, _, _ in runs["ladder_1"]
            if t == ticket_id and c == clock and is_reached}


def test_weekend_74_percent_on_friday_is_not_escalated_over_the_weekend(runs):
    # response 100 business min from Fri 16:46 EST: 50 -> Fri 17:36 EST (22:36Z); at Fri 18:00
    # it stands at 74; 75 -> Mon 08:01 EST (13:01Z), not reached at Sun 12:00Z
    rows = {pct: (at, is_reached) for t, c, pct, at, is_reached, _, _ in runs["ladder_1"]
            if t == "E-W" and c == "response"}
    assert rows[50.0] == (z("2026-11-20 22:36"), True)
    assert rows[75.0] == (z("2026-11-23 13:01"), False)
    assert rows[100.0] == (z("2026-11-23 13:26"), False)  # Mon 08:26 EST
    assert rows[150.0] == (z("2026-11-23 14:16"), False)  # Mon 09:16 EST
    # run 3 (Mon 10:00 EST): the three Monday steps are reached, at those instants
    third = {k: at for k, at, _ in runs["escalations_3"] if k.startswith("esc:E-W:response:")}
    assert third == {"esc:E-W:response:50.0": z("2026-11-20 22:36"),
                     "esc:E-W:response:75.0": z("2026-11-23 13:01"),
                     "esc:E-W:response:100.0": z("2026-11-23 13:26"),
                     "esc:E-W:response:150.0": z("2026-11-23 14:16")}


def test_holiday_is_skipped(runs):
    # Tue 17:00 EST + 60 min by 18:00; Wed 11 (Veterans Day) closed; Thu 08:00 on:
    # 50 -> Tue 17:50 EST; 75 -> Thu 08:15 EST; 100 -> Thu 08:40; 150 -> Thu 09:30
    assert reached(runs, "E-H", "response") == {
        50.0: z("2026-11-10 22:50"), 75.0: z("2026-11-12 13:15"),
        100.0: z("2026-11-12 13:40"), 150.0: z("2026-11-12 14:30")}


def test_hold_pushes_the_steps_after_it(runs):
    # resolution 400 from Mon 08:00 EST; on hold 10:00-14:00 EST (reading 120 at its start):
    # 50% = 200 -> 08:00 + 200 + 240 paused = 15:20 EST; 75% = 300 -> 17:00 EST;
    # 100% = 400 -> 640 min after 08:00, 40 past Mon 18:00 -> Tue 08:40 EST; 150% = 600 ->
    # 240 into Tuesday -> Tue 12:00 EST. The response clock finished (08:30): no response steps.
    assert reached(runs, "E-HO", "resolution") == {
        50.0: z("2026-11-16 20:20"), 75.0: z("2026-11-16 22:00"),
        100.0: z("2026-11-17 13:40"), 150.0: z("2026-11-17 17:00")}
    assert reached(runs, "E-HO", "response") == {}


def test_dst_change_is_real_minutes(runs):
    # Fri 17:30 EDT (UTC-4) + 30 by 18:00; Mon 2 Nov is EST (UTC-5): 50 -> Mon 08:20 EST =
    # 13:20Z (not 12:20Z); 75 -> 08:45 EST; 100 -> 09:10 EST; 150 -> 10:00 EST
    assert reached(runs, "E-DST", "response") == {
        50.0: z("2026-11-02 13:20"), 75.0: z("2026-11-02 13:45"),
        100.0: z("2026-11-02 14:10"), 150.0: z("2026-11-02 15:00")}


def test_paused_ticket_raises_nothing_and_has_no_next_instant(runs):
    # resolution from Fri 08:00 EST, on hold since 11:30 (reading 210): 50% (200) was reached at
    # 11:20 EST, before the hold; 75% and on have no instant while paused; nothing is delivered
    rows = {pct: (at, is_reached) for t, c, pct, at, is_reached, _, _ in runs["ladder_1"]
            if t == "E-PA" and c == "resolution"}
    assert rows == {50.0: (z("2026-11-20 16:20"), True), 75.0: (None, False),
                    100.0: (None, False), 150.0: (None, False)}
    delivered = dict(runs["escalations_3"][i][::2] for i in range(len(runs["escalations_3"])))
    assert delivered["esc:E-PA:resolution:50.0"] is None
    assert not any("E-PA" in m.get_content() for run in runs["sent"] for _, _, m in run)


def test_level_without_contact_goes_to_account_manager_and_is_listed_for_review(runs):
    recipients = {(t, c, pct): (r, why) for t, c, pct, _, _, r, why in runs["ladder_1"]}
    assert recipients[("E-H", "response", 150.0)] == (
        "am@msp.example", "no escalation contact at level 3")
    assert recipients[("E-H", "response", 100.0)] == ("am@msp.example, l2@client.example", None)
    assert recipients[("E-H", "response", 50.0)] == ("tech1@msp.example", None)
    # K-ESC: level 3 missing for 4 priorities x 2 clocks; K-OVR's own ladder names only level 1
    assert sorted((c, p, k, lvl) for c, p, k, lvl, _ in runs["review"]) == sorted(
        ("K-ESC", p, k, 3) for p in ("P1", "P2", "P3", "P4") for k in ("resolution", "response"))


def test_contract_ladder_overrides_the_default_per_priority_and_clock(runs):
    steps = {(p, c): [(s, pct, n) for _, pp, cc, s, pct, n in sorted(runs["ladders"])
                      if (pp, cc) == (p, c)] for p in ("P1", "P2") for c in ("response", "resolution")}
    assert steps[("P2", "response")] == [(1, 90.0, "level")]
    assert steps[("P1", "resolution")] == [(1, 25.0, "technician")]
    assert steps[("P1", "response")] == [(1, 60.0, "account_manager")]


def test_digests_per_recipient_and_breaches_alone(runs):
    first = runs["sent"][0]
    by_key = {m["X-Contractops-Key"]: (rcpts, m) for _, rcpts, m in first}
    immediate = {k: sorted(r) for k, (r, _) in by_key.items() if k.startswith("esc:")}
    # E-IM is P2: its response 100% (Fri 10:40 EST), 150% (11:30) and resolution 100% (15:40)
    assert immediate == {"esc:E-IM:response:100.0": ["am@msp.example", "l2@client.example"],
                         "esc:E-IM:response:150.0": ["am@msp.example"],
                         "esc:E-IM:resolution:100.0": ["am@msp.example", "l2@client.example"]}
    digests = {r[0]: m for k, (r, m) in by_key.items() if k.startswith("escdigest:")}
    assert sorted(digests) == ["am@msp.example", "l1@client.example", "l2@client.example",
                               "tech1@msp.example"]
    count = {a: m.get_content().count("\n- ") + m.get_content().startswith("- ") for a, m in digests.items()}
    # tech1 (50%): W resp; H, DST, IM both clocks; HO res = 8. l1 (75%): H, DST, IM both; HO = 7.
    # l2 (100%, not immediate): H, DST both; HO = 5. am: those 5 at 100% and the 5 at 150% = 10.
    assert count == {"tech1@msp.example": 8, "l1@client.example": 7, "l2@client.example": 5,
                     "am@msp.example": 10}
    # the worst of am's: 150%, all P3, the earliest reached = E-DST response (Mon 2 Nov 15:00Z;
    # E-DST resolution 150% = 600: 30 Fri + 570 Mon -> Mon 17:30 EST; E-H Thu 12 Nov)
    assert " ".join(digests["am@msp.example"]["Subject"].split()) == (
        "[contractops] 10 escalations, worst: P3 ticket E-DST response at 150% (K-ESC)")
    assert len(first) == 7


def test_no_second_delivery_after_rerun_or_later_run(runs):
    assert runs["sent"][1] == []  # the rerun at the same as_of sends nothing
    assert all(at is not None for k, at in runs["escalations_2"] if "E-PA" not in k)
    third = runs["sent"][2]
    # new at Mon 10:00 EST: E-W response 75/100/150 and E-IM resolution 150% (Mon 09:00 EST);
    # E-W resolution stands at 74 + 120 = 194 < 200
    keys = sorted(m["X-Contractops-Key"].split(":")[0] + ":" + ",".join(sorted(r)) for _, r, m in third)
    # one immediate (E-IM resolution 150% -> am) and three digests: l1 (E-W 75), l2 (E-W 100),
    # am (E-W 100 and 150): nothing that went out in run 1 is in them
    assert keys == ["esc:am@msp.example", "escdigest:am@msp.example", "escdigest:l1@client.example",
                    "escdigest:l2@client.example"]
    items = {(m["X-Contractops-Key"].split(":")[0], r[0]): m.get_content() for _, r, m in third}
    assert items[("esc", "am@msp.example")].count("- ticket E-IM (P2") == 1
    assert "resolution clock reached 150%" in items[("esc", "am@msp.example")]
    assert items[("escdigest", "am@msp.example")].count("- ticket E-W (P3") == 2
    assert items[("escdigest", "l1@client.example")].count("- ticket") == 1
    assert items[("escdigest", "l2@client.example")].count("- ticket") == 1
    delivered = {k: at for k, _, at in runs["escalations_3"]}
    assert delivered["esc:E-W:response:150.0"] is not None
    assert "esc:E-W:resolution:50.0" not in delivered  # 194 of 400 at Mon 10:00 EST: not 50% yet
    total = sum(len(run) for run in runs["sent"])
    assert total == 11
