"""Generated SLA scenarios: random tickets on a handful of contracts chosen to hit the hard parts
(DST in both hemispheres, a half-hour zone, lunch breaks, Saturday windows, midnight-crossing
windows, 24x7, calendar clocks, holidays, closed dates, several holds)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sla.reference import Client, Contract, StatusChange, Ticket

UTC = timezone.utc

CLIENTS = [
    Client("GC1", "America/New_York", "US"),
    Client("GC2", "Australia/Sydney", "AU"),
    Client("GC3", "Asia/Kolkata", "IN"),
    Client("GC4", "Europe/London", "GB"),
    Client("GC5", "America/Chicago", "US"),
    Client("GC6", "America/Santiago", "CL"),
]

BUSINESS = {
    "P1": (60, 240, "business"),
    "P2": (120, 480, "business"),
    "P3": (240, 1440, "business"),
    "P4": (480, 2880, "business"),
}
MIXED = {**BUSINESS, "P1": (30, 240, "calendar")}

CONTRACTS = [
    # wall-clock edges inside the US spring-forward gap and the fall-back repeat
    Contract("GK1", "GC1", date(2025, 10, 1), date(2027, 3, 31),
             "Mon-Fri 08:00-12:00,13:00-17:30; Sat 09:00-13:00; Sun 01:30-02:15,02:30-05:00", MIXED,
             closed_dates=[date(2026, 12, 24)], excluded_services=["project_work"]),
    # southern hemisphere DST (April end, October start at 02:00)
    Contract("GK2", "GC2", date(2025, 10, 1), date(2027, 3, 31),
             "Mon-Fri 07:00-19:00; Sun 00:00-02:30,02:45-04:00", BUSINESS,
             included_services=["desktop_support", "network"]),
    Contract("GK3", "GC3", date(2025, 10, 1), date(2027, 3, 31),
             "Mon-Sat 09:30-18:30", BUSINESS),
    # the contract's own zone differs from the client's
    Contract("GK4", "GC4", date(2025, 10, 1), date(2027, 3, 31),
             "Fri 19:00-24:00; Sat 00:00-05:00; Mon-Fri 09:00-17:00", MIXED,
             timezone="Europe/Berlin", public_holidays=False),
    Contract("GK5", "GC5", date(2025, 10, 1), date(2027, 3, 31), "24x7", BUSINESS),
    # overlaps GK5 inside its term: started last, so it wins from Feb to April, then GK5 again
    Contract("GK7", "GC5", date(2026, 2, 1), date(2026, 4, 30), "Mon-Fri 09:00-17:00", BUSINESS),
    # America/Santiago changes at midnight: a window starting at 00:00 on the change day
    Contract("GK6", "GC6", date(2025, 10, 1), date(2027, 3, 31),
             "Mon-Sun 00:00-06:00,20:00-24:00", BUSINESS),
]

SERVICES = ["desktop_support", "network", "server", "project_work"]

# instants near the DST changes of 2026 in the zones above, to crowd tickets around them
HOTSPOTS = [
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # US spring forward
    datetime(2026, 11, 1, 6, 0, tzinfo=UTC),  # US fall back
    datetime(2026, 4, 4, 16, 0, tzinfo=UTC),  # AU fall back
    datetime(2026, 10, 3, 16, 0, tzinfo=UTC),  # AU spring forward
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # EU spring forward
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # EU fall back
    datetime(2026, 4, 5, 3, 0, tzinfo=UTC),  # Chile fall back
    datetime(2026, 9, 6, 4, 0, tzinfo=UTC),  # Chile spring forward
    datetime(2026, 1, 1, 12, 0, tzinfo=UTC),  # New Year holidays
    datetime(2026, 12, 24, 12, 0, tzinfo=UTC),  # closed date, Christmas
]

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _random_instant(rng: random.Random) -> datetime:
    if rng.random() < 0.6:
        base = rng.choice(HOTSPOTS)
        return base + timedelta(seconds=rng.randint(-3 * 86400, 3 * 86400))
    start = datetime(2025, 12, 1, tzinfo=UTC)
    return start + timedelta(seconds=rng.randint(0, 360 * 86400))


def generate(n_tickets: int, seed: int = 7):
    """(clients, contracts, tickets, status changes, as_of)."""
    rng = random.Random(seed)
    tickets: list[Ticket] = []
    changes: list[StatusChange] = []
    for number in range(n_tickets):
        client = rng.choice(CLIENTS)
        created = _random_instant(rng)
        if rng.random() < 0.3:  # whole minutes are the common case; seconds must work too
            created = created.replace(second=0)
        kind = rng.random()
        status = "resolved"
        first_response = created + timedelta(minutes=rng.expovariate(1 / 300))
        resolved = first_response + timedelta(minutes=rng.expovariate(1 / 2500))
        if kind < 0.1:
            first_response = None
        if kind > 0.85 or resolved > AS_OF:
            resolved, status = None, rng.choice(["open", "in_progress", "on_hold"])
            if first_response is not None and first_response > AS_OF:
                first_response = None
        if 0.1 <= kind < 0.13:
            status = "cancelled"
        ticket_id = f"GT{number:05d}"
        tickets.append(
            Ticket(ticket_id, client.client_id, created, rng.choice(["P1", "P2", "P3", "P4"]),
                   rng.choice(SERVICES), status, first_response, resolved,
                   rng.choice(["TECH1", "TECH2", None]))
        )
        end = resolved or AS_OF
        if rng.random() < 0.4 and end > created:
            # a few status changes, holds among them, some repeated, the last maybe unclosed
            moments = sorted(
                created + (end - created) * rng.random() for _ in range(rng.randint(1, 6))
            )
            for moment in moments:
                changes.append(StatusChange(
                    ticket_id, rng.choice(["on_hold", "on_hold", "in_progress", "open"]),
                    moment.replace(microsecond=0),
                ))
    return CLIENTS, CONTRACTS, tickets, changes, AS_OF


def local_wall(instant: datetime, zone: str) -> str:
    """An offset-less ISO string of `instant` in `zone` (the landing zone's client wall time)."""
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None).isoformat()
