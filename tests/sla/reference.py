"""A deliberately simple SLA reference, one ticket at a time (spec section 3).

Independent of the SQL on purpose: it walks the coverage calendar day by day, builds the open
intervals with zoneinfo, subtracts hold periods interval by interval, and walks the remaining
open time to find due times. No cumulative tables, no ASOF joins. Slow and obvious: it is the
yardstick the dbt models are compared against, and the per-ticket baseline of the benchmark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_package

UTC = timezone.utc
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ZERO = timedelta(0)


@dataclass
class Client:
    client_id: str
    timezone: str
    country: str


@dataclass
class Contract:
    contract_id: str
    client_id: str
    start_date: date
    end_date: date
    hours: str  # "24x7" or "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"
    sla: dict[str, tuple[float, float, str]]  # priority -> (response, resolution, clock)
    timezone: str | None = None  # None: the client's
    tier: str | None = "gold"
    public_holidays: bool = True
    closed_dates: list[date] = field(default_factory=list)
    included_services: list[str] = field(default_factory=list)
    excluded_services: list[str] = field(default_factory=list)
    review_status: str = "ok"
    # per-term review: the priorities whose SLA judgement is held (None: all, when needs_review)
    under_review_priorities: frozenset[str] | None = None


@dataclass
class Ticket:
    ticket_id: str
    client_id: str
    created_at: datetime  # aware
    priority: str
    service_type: str
    status: str
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    technician_id: str | None = None


@dataclass
class StatusChange:
    ticket_id: str
    status: str
    changed_at: datetime  # aware


# --- coverage hours ---------------------------------------------------------------------------


def _seconds(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    while len(parts) < 3:
        parts.append(0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def parse_hours(hours: str) -> list[tuple[int, int, int]] | None:
    """(iso_dow, start_second, end_second) windows; None for 24x7."""
    if hours.strip().lower() == "24x7":
        return None
    windows = []
    for group in hours.split(";"):
        group = group.strip()
        if not group:
            continue
        day_spec, _, times = group.partition(" ")
        days: list[int] = []
        for item in day_spec.split(","):
            if "-" in item:
                first, last = item.split("-")
                days.extend(range(DAYS.index(first) + 1, DAYS.index(last) + 2))
            else:
                days.append(DAYS.index(item) + 1)
        for span in re.split(r"\s*,\s*", times.strip()):
            start, end = span.split("-")
            for day in days:
                windows.append((day, _seconds(start), _seconds(end)))
    return windows


# --- wall time to instant ---------------------------------------------------------------------


def wall_to_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall time in `zone` as a UTC instant: a repeated wall time is its first
    occurrence, a skipped one moves to the next existing instant (found minute by minute)."""
    found = []
    for fold in (0, 1):
        candidate = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if candidate.astimezone(zone).replace(tzinfo=None) == wall:
            found.append(candidate)
    if found:
        return min(found)
    probe = wall.replace(second=0, microsecond=0)
    while True:
        probe += timedelta(minutes=1)
        candidate = probe.replace(tzinfo=zone, fold=0).astimezone(UTC)
        if candidate.astimezone(zone).replace(tzinfo=None) == probe:
            # the first existing wall time after the gap: its instant is the change itself
            return candidate


@lru_cache(maxsize=None)
def country_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays_package.country_holidays(country, years=year).keys())
    except NotImplementedError:
        return frozenset()


# --- calendars --------------------------------------------------------------------------------


class Calendar:
    """Open intervals of one contract, built lazily day by day from a start date."""

    def __init__(self, contract: Contract, client: Client):
        self.zone = ZoneInfo(contract.timezone or client.timezone)
        self.windows = parse_hours(contract.hours)
        self.is_always_open = self.windows is None
        self.closed = set(contract.closed_dates)
        self.country = client.country if contract.public_holidays else None

    def is_closed(self, day: date) -> bool:
        if day in self.closed:
            return True
        return self.country is not None and day in country_holidays(self.country, day.year)

    def day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_closed(day):
            return []
        midnight = datetime.combine(day, time())
        result = []
        for iso_dow, start_second, end_second in self.windows:
            if iso_dow != day.isoweekday() or end_second <= start_second:
                continue
            start = wall_to_instant(midnight + timedelta(seconds=start_second), self.zone)
            end = wall_to_instant(midnight + timedelta(seconds=end_second), self.zone)
            if end > start:
                result.append((start, end))
        return result

    def intervals_from(self, instant: datetime):
        """Merged open intervals in time order, from the day before `instant`, forever."""
        day = instant.astimezone(self.zone).date() - timedelta(days=1)
        pending: list[tuple[datetime, datetime]] = []
        while True:
            pending.extend(self.day_intervals(day))
            pending.sort()
            # intervals starting before the next day's first possible start are final
            horizon = wall_to_instant(datetime.combine(day + timedelta(days=1), time()), self.zone)
            merged: list[tuple[datetime, datetime]] = []
            for start, end in pending:
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            ready = [iv for iv in merged if iv[1] < horizon]
            pending = [iv for iv in merged if iv[1] >= horizon]
            yield from ready
            day += timedelta(days=1)
            if day.year > 2200:  # pragma: no cover - a calendar that never opens
                return


def subtract(intervals, holes):
    """Interval difference: the parts of `intervals` outside every hole (both sorted)."""
    for start, end in intervals:
        pieces = [(start, end)]
        for hole_start, hole_end in holes:
            next_pieces = []
            for piece_start, piece_end in pieces:
                if hole_end <= piece_start or hole_start >= piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if hole_start > piece_start:
                    next_pieces.append((piece_start, hole_start))
                if hole_end < piece_end:
                    next_pieces.append((hole_end, piece_end))
            pieces = next_pieces
        yield from pieces


def calendar_line(start: datetime):
    """A calendar clock is always open."""
    yield (start, datetime(2200, 1, 1, tzinfo=UTC))


def clock_elapsed(open_intervals, start: datetime, end: datetime) -> timedelta:
    total = ZERO
    for interval_start, interval_end in open_intervals:
        if interval_start >= end:
            break
        overlap = min(end, interval_end) - max(start, interval_start)
        if overlap > ZERO:
            total += overlap
    return total


def clock_due(open_intervals, start: datetime, target: timedelta) -> datetime:
    if target == ZERO:
        return start
    remaining = target
    for interval_start, interval_end in open_intervals:
        if interval_end <= start:
            continue
        piece_start = max(start, interval_start)
        length = interval_end - piece_start
        if length >= remaining:
            return piece_start + remaining
        remaining -= length
    raise AssertionError("calendar ended")  # pragma: no cover


# --- holds ------------------------------------------------------------------------------------


def holds_of(changes: list[StatusChange]) -> list[tuple[datetime, datetime | None]]:
    result: list[list] = []
    previous = None
    for change in changes:  # already in time order
        if change.status == "on_hold" and previous != "on_hold":
            result.append([change.changed_at, None])
        elif change.status != "on_hold" and result and result[-1][1] is None:
            result[-1][1] = change.changed_at
        previous = change.status
    return [(start, end) for start, end in result]


# --- one ticket -------------------------------------------------------------------------------


def _status(finished: bool, elapsed: timedelta, target: timedelta) -> str:
    if elapsed > target:
        return "breached"
    if finished:
        return "met"
    if elapsed >= 0.75 * target:
        return "at_risk"
    return "on_track"


def judge_ticket(ticket, contract, client, changes, as_of, calendar=None) -> dict:
    row = {
        "ticket_id": ticket.ticket_id,
        "contract_id": None,
        "entitlement": "no_active_contract",
        "response_status": "not_applicable",
        "resolution_status": "not_applicable",
        "response_elapsed_minutes": None,
        "resolution_elapsed_minutes": None,
        "response_due_at": None,
        "resolution_due_at": None,
    }
    if contract is None:
        return row
    row["contract_id"] = contract.contract_id
    if contract.review_status == "needs_review" and (
        contract.under_review_priorities is None or ticket.priority in contract.under_review_priorities
    ):
        row["entitlement"] = "contract_under_review"
    elif ticket.service_type in contract.excluded_services or (
        contract.included_services and ticket.service_type not in contract.included_services
    ):
        row["entitlement"] = "out_of_scope"
    else:
        row["entitlement"] = "covered"
    if row["entitlement"] != "covered" or ticket.status == "cancelled":
        return row
    if ticket.priority not in contract.sla:
        return row
    response_minutes, resolution_minutes, clock = contract.sla[ticket.priority]
    calendar = calendar or Calendar(contract, client)
    business = clock == "business" and not calendar.is_always_open

    def line():
        return calendar.intervals_from(ticket.created_at) if business else calendar_line(
            ticket.created_at
        )

    created = ticket.created_at
    response_end = max(ticket.first_response_at or ticket.resolved_at or as_of, created)
    response_finished = ticket.first_response_at is not None or ticket.resolved_at is not None
    resolution_end = max(ticket.resolved_at or as_of, created)
    resolution_finished = ticket.resolved_at is not None

    holds = []
    on_hold_at_as_of = False
    for hold_start, hold_end in holds_of(changes):
        if not resolution_finished and hold_start <= as_of and (hold_end is None or hold_end > as_of):
            on_hold_at_as_of = True
        start = max(hold_start, created)
        end = min(hold_end or resolution_end, resolution_end)
        if end > start:
            holds.append((start, end))

    response_target = timedelta(minutes=response_minutes)
    resolution_target = timedelta(minutes=resolution_minutes)
    response_elapsed = clock_elapsed(line(), created, response_end)
    paused = sum((clock_elapsed(line(), s, e) for s, e in holds), ZERO)
    resolution_elapsed = max(clock_elapsed(line(), created, resolution_end) - paused, ZERO)

    row.update(
        response_elapsed_minutes=response_elapsed / timedelta(minutes=1),
        resolution_elapsed_minutes=resolution_elapsed / timedelta(minutes=1),
        response_due_at=clock_due(line(), created, response_target),
        resolution_due_at=None
        if on_hold_at_as_of
        else clock_due(subtract(line(), holds), created, resolution_target),
        response_status=_status(response_finished, response_elapsed, response_target),
        resolution_status=_status(resolution_finished, resolution_elapsed, resolution_target),
    )
    return row


def contract_in_force(ticket, contracts_of_client, clients) -> Contract | None:
    best = None
    for contract in contracts_of_client:
        zone = ZoneInfo(contract.timezone or clients[ticket.client_id].timezone)
        day = ticket.created_at.astimezone(zone).date()
        if contract.start_date <= day <= contract.end_date:
            if best is None or (contract.start_date, contract.contract_id) > (
                best.start_date,
                best.contract_id,
            ):
                best = contract
    return best


def judge_all(clients, contracts, tickets, changes, as_of) -> dict[str, dict]:
    clients_by_id = {c.client_id: c for c in clients}
    contracts_by_client: dict[str, list[Contract]] = {}
    for contract in contracts:
        contracts_by_client.setdefault(contract.client_id, []).append(contract)
    changes_by_ticket: dict[str, list[StatusChange]] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        changes_by_ticket.setdefault(change.ticket_id, []).append(change)
    calendars: dict[str, Calendar] = {}
    result = {}
    for ticket in tickets:
        contract = contract_in_force(
            ticket, contracts_by_client.get(ticket.client_id, []), clients_by_id
        )
        calendar = None
        if contract is not None:
            calendar = calendars.setdefault(
                contract.contract_id, Calendar(contract, clients_by_id[ticket.client_id])
            )
        result[ticket.ticket_id] = judge_ticket(
            ticket,
            contract,
            clients_by_id[ticket.client_id],
            changes_by_ticket.get(ticket.ticket_id, []),
            as_of,
            calendar,
        )
    return result
