"""The technician's view of one client's contract: terms, coverage now, SLA, scope, contacts.

One implementation serves both the terminal (`contractops lookup KEY`, :func:`render_lookup`) and
the Streamlit "Technician lookup" page (through `apps/data.py`): :func:`contract_card` reads what
a technician needs from an open warehouse connection, :func:`coverage_now` answers "is the client
covered right now, and when does it next open", and :func:`scope_answer` answers "is this service
in scope". Nothing here shows rates, fees or margins: a technician's view never does.

"Now" is :func:`lookup_clock`: the instant asked for (`--as-of`); else, when the warehouse was
judged at the generated sample's own clock (`meta.run_info`), that instant, so the lookup agrees
with the demo's figures; else the real now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class LookupError_(Exception):
    """A key that names no client or contract, or a client with no contract in force."""


@dataclass(frozen=True)
class LookupClock:
    """The instant a lookup answers for, and why that one."""

    at: datetime
    source: str  # "given" (--as-of), "sample" (the warehouse's own as_of on the sample), "now"

    def describe(self) -> str:
        when = self.at.astimezone(timezone.utc).strftime("%a %Y-%m-%d %H:%M UTC")
        if self.source == "sample":
            return (f"{when}: the sample's reference instant, which this warehouse was judged as of "
                    f"(--as-of to choose another)")
        if self.source == "given":
            return f"{when}: as asked"
        return f"{when}: now"


def lookup_clock(con: duckdb.DuckDBPyConnection, given: datetime | None, now: datetime) -> LookupClock:
    """`given` if any; else the warehouse's as_of when it was judged at the generated sample's
    clock; else `now`."""
    if given is not None:
        return LookupClock(given, "given")
    from contractops import run_info

    info = run_info.latest(con)
    if info is not None and info.sample_clock:
        return LookupClock(info.as_of, "sample")
    return LookupClock(now, "now")


@dataclass(frozen=True)
class PublishedCoverage:
    """A contract's coverage as the warehouse publishes it around its as_of
    (marts.mart_contract_coverage, mart_contract_closed_days): the open intervals of the same
    business calendar the SLA clocks count in, so "covered now" and the clocks cannot disagree.
    Nothing here re-derives windows, holidays or DST: it only finds `at` among the intervals."""

    timezone: str
    is_24x7: bool
    states_hours: bool  # the contract states coverage hours at all
    intervals: tuple[tuple[datetime, datetime], ...]  # [open_start, open_end), sorted, merged
    window: tuple[datetime, datetime] | None  # the span the warehouse published
    closed_days: dict[date, str] = field(default_factory=dict)  # local date -> reason
    hours_text: str | None = None


@dataclass(frozen=True)
class CoverageStatus:
    is_open: bool
    local_time: datetime
    closes_at: datetime | None  # when open: end of the current window (local time)
    next_opening: datetime | None  # when closed: start of the next window (local time)
    closed_reason: str | None  # "public holiday / closed date", "outside coverage hours", ...
    is_24x7: bool = False
    unknown: bool = False  # the contract states no coverage hours
    outside_published: bool = False  # `at` lies outside the calendar the warehouse published

    def summary(self) -> str:
        if self.unknown:
            return "UNKNOWN - the contract states no coverage hours (ask the service desk)"
        if self.outside_published:
            return ("UNKNOWN - outside the coverage calendar this warehouse publishes around its "
                    "as_of (run materialize as of that time, or ask the service desk)")
        if self.is_24x7:
            return "OPEN - covered 24x7"
        if self.is_open:
            until = f" until {_fmt_local(self.closes_at)}" if self.closes_at else ""
            return f"OPEN{until}"
        nxt = f"; next opening {_fmt_local(self.next_opening)}" if self.next_opening else ""
        why = f" ({self.closed_reason})" if self.closed_reason else ""
        return f"CLOSED{why}{nxt}"


def _fmt_local(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.strftime("%a %Y-%m-%d %H:%M %Z")


def coverage_now(coverage: PublishedCoverage, at: datetime) -> CoverageStatus:
    """Is the contract's coverage open at the instant `at`, and when does it close / next open?"""
    try:
        tz = ZoneInfo(coverage.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    local = at.astimezone(tz)
    if coverage.is_24x7:
        return CoverageStatus(True, local, None, None, None, is_24x7=True)
    if not coverage.states_hours:
        return CoverageStatus(False, local, None, None, None, unknown=True)
    if coverage.window is None or not (coverage.window[0] <= at < coverage.window[1]):
        return CoverageStatus(False, local, None, None, None, outside_published=True)
    for open_start, open_end in coverage.intervals:
        if open_start <= at < open_end:
            return CoverageStatus(True, local, open_end.astimezone(tz), None, None)
        if open_start > at:
            return CoverageStatus(False, local, None, open_start.astimezone(tz), _closed_reason(coverage, local, tz))
    return CoverageStatus(False, local, None, None, _closed_reason(coverage, local, tz))


def _closed_reason(coverage: PublishedCoverage, local: datetime, tz: ZoneInfo) -> str:
    today = local.date()
    if today in coverage.closed_days:
        return coverage.closed_days[today]
    opens_today = [s.astimezone(tz) for s, _ in coverage.intervals if s.astimezone(tz).date() == today]
    if not opens_today:
        return f"no coverage on {DAY_NAMES[today.isoweekday() - 1]}"
    if local < min(opens_today):
        return "before today's coverage hours"
    return "outside coverage hours"


# --------------------------------------------------------------------------------------------
# Reading the warehouse


@dataclass
class ContractCard:
    """What a technician sees for one contract (no rates, fees or margins)."""

    contract_id: str
    client_id: str
    client_name: str | None
    title: str | None
    tier: str | None
    start_date: date
    end_date: date
    review_status: str | None
    coverage_hours: str | None
    calendar: PublishedCoverage
    sla: list[dict] = field(default_factory=list)  # priority, response_minutes, resolution_minutes, clock
    included_services: list[str] = field(default_factory=list)
    excluded_services: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)  # level, name, role, email, phone
    special_instructions: str | None = None
    upcoming_closed_days: list[date] = field(default_factory=list)

    def coverage_at(self, at: datetime) -> CoverageStatus:
        return coverage_now(self.calendar, at)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _contract_local_date(as_of: datetime, tz_name: str | None) -> date:
    try:
        tz = ZoneInfo(tz_name) if tz_name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        tz = timezone.utc
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=timezone.utc)
    return as_of.astimezone(tz).date()


def resolve_contract(con: duckdb.DuckDBPyConnection, key: str, as_of: datetime) -> str:
    """A contract id, client id or client name -> the contract id in force at `as_of`.

    A contract id is taken as named (whatever its dates). A client resolves to the contract whose
    term contains the as_of date in the contract's time zone; the most recent start wins.
    """
    needle = (key or "").strip()
    if not needle:
        raise LookupError_("lookup: give a client id, client name or contract id")
    direct = con.execute(
        "select contract_id from marts.dim_contracts where lower(contract_id) = lower(?)", [needle]
    ).fetchone()
    if direct:
        return direct[0]
    clients = _rows(
        con,
        "select client_id, client_name from staging.stg_psa__clients "
        "where lower(client_id) = lower(?) or lower(client_name) = lower(?)",
        [needle, needle],
    )
    if not clients:
        clients = _rows(
            con,
            "select client_id, client_name from staging.stg_psa__clients "
            "where contains(lower(client_name), lower(?)) order by client_name",
            [needle],
        )
        if len(clients) > 1:
            names = ", ".join(f"{c['client_name']} ({c['client_id']})" for c in clients[:6])
            raise LookupError_(f"lookup: {needle!r} matches several clients: {names}; be more specific")
    if not clients:
        raise LookupError_(f"lookup: no client or contract matches {needle!r}")
    client = clients[0]
    candidates = _rows(
        con,
        "select contract_id, start_date, end_date, coverage_timezone from marts.dim_contracts "
        "where client_id = ? order by start_date desc, contract_id desc",
        [client["client_id"]],
    )
    for c in candidates:
        day = _contract_local_date(as_of, c["coverage_timezone"])
        if c["start_date"] <= day <= c["end_date"]:
            return c["contract_id"]
    raise LookupError_(
        f"lookup: {client['client_name']} ({client['client_id']}) has no contract in force on "
        f"{as_of.date().isoformat()}"
        + (f"; latest: {candidates[0]['contract_id']} ended {candidates[0]['end_date']}" if candidates else "")
    )


def published_coverage(con: duckdb.DuckDBPyConnection, contract: dict) -> PublishedCoverage:
    """The contract's published coverage calendar (marts.mart_contract_coverage, mart_contract_closed_days)."""
    contract_id = contract["contract_id"]
    rows = _rows(
        con,
        "select always_open, open_start, open_end, window_start, window_end from marts.mart_contract_coverage "
        "where contract_id = ? order by open_start",
        [contract_id],
    )
    window = con.execute("select min(window_start), max(window_end) from marts.mart_contract_coverage").fetchone()
    stated = con.execute(
        "select count(*) from staging.stg_contracts__coverage_windows where contract_id = ?", [contract_id]
    ).fetchone()[0]
    closed = _rows(
        con,
        "select closed_date, reason from marts.mart_contract_closed_days where contract_id = ? order by closed_date",
        [contract_id],
    )
    return PublishedCoverage(
        timezone=contract.get("coverage_timezone") or "UTC",
        is_24x7=any(r["always_open"] for r in rows),
        states_hours=bool(stated),
        intervals=tuple((r["open_start"], r["open_end"]) for r in rows if not r["always_open"]),
        window=(window[0], window[1]) if window and window[0] else None,
        closed_days={r["closed_date"]: r["reason"] for r in closed},
        hours_text=contract.get("coverage_hours"),
    )


def contract_card(con: duckdb.DuckDBPyConnection, contract_id: str, as_of: datetime | None = None) -> ContractCard:
    """Read one contract's technician view from an open (read-only) warehouse connection."""
    found = _rows(
        con,
        "select c.*, cl.client_name, cl.country from marts.dim_contracts c "
        "left join staging.stg_psa__clients cl on cl.client_id = c.client_id where c.contract_id = ?",
        [contract_id],
    )
    if not found:
        raise LookupError_(f"lookup: no contract {contract_id!r}")
    c = found[0]
    calendar = published_coverage(con, c)
    services = _rows(
        con,
        "select service_type, inclusion from staging.stg_contracts__contract_services "
        "where contract_id = ? order by service_type",
        [contract_id],
    )
    contacts = _rows(
        con,
        "select level, name, role, email, phone from staging.stg_contracts__escalation_contacts "
        "where contract_id = ? order by level, name",
        [contract_id],
    )
    sla = _rows(
        con,
        "select priority, response_minutes, resolution_minutes, clock from marts.dim_contract_sla "
        "where contract_id = ? order by priority",
        [contract_id],
    )
    today = _contract_local_date(as_of or datetime.now(timezone.utc), calendar.timezone)
    upcoming = sorted(d for d in calendar.closed_days if today <= d)
    return ContractCard(
        contract_id=c["contract_id"],
        client_id=c["client_id"],
        client_name=c.get("client_name"),
        title=c.get("title"),
        tier=c.get("tier"),
        start_date=c["start_date"],
        end_date=c["end_date"],
        review_status=c.get("review_status"),
        coverage_hours=c.get("coverage_hours"),
        calendar=calendar,
        sla=sla,
        included_services=[s["service_type"] for s in services if s["inclusion"] == "included"],
        excluded_services=[s["service_type"] for s in services if s["inclusion"] == "excluded"],
        contacts=contacts,
        special_instructions=c.get("special_instructions"),
        upcoming_closed_days=upcoming,
    )


# --------------------------------------------------------------------------------------------
# Scope


def normalise_service(text: str) -> str:
    """Free text to the data contract's lower snake_case ("Onsite Repair" -> onsite_repair)."""
    import re

    return re.sub(r"[^a-z0-9]+", "_", (text or "").strip().lower()).strip("_")


@dataclass(frozen=True)
class ScopeAnswer:
    service_type: str
    in_scope: bool
    reason: str
    script: str | None  # what to say to the customer when the work is out of scope


def scope_answer(card: ContractCard, requested: str) -> ScopeAnswer:
    """Excluded, or not among a non-empty included list: out of scope; otherwise in scope."""
    service = normalise_service(requested)
    label = service.replace("_", " ")
    if not service:
        return ScopeAnswer(service, False, "no service given", None)
    if service in card.excluded_services:
        reason = f"'{label}' is excluded by contract {card.contract_id}."
    elif card.included_services and service not in card.included_services:
        reason = f"'{label}' is not among the included services of contract {card.contract_id}."
    else:
        why = ("listed as included" if service in card.included_services
               else "not excluded, and the contract covers all services it does not exclude")
        return ScopeAnswer(service, True, f"'{label}' is in scope ({why}).", None)
    contact = card.contacts[0] if card.contacts else None
    who = f"{contact['name']} ({contact['role']})" if contact else "your account manager"
    script = (
        f"\"Happy to help with the {label}. It isn't part of the support agreement we have with "
        f"{card.client_name or card.client_id}, so I can't start it as covered work today. I can "
        f"log it as a separate request and have our account team send you a quote - it would be "
        f"billed on top of your plan once you approve it. Shall I raise that with {who}?\" "
        f"Then log the request as out of scope, and do not book time on it without written approval."
    )
    return ScopeAnswer(service, False, reason, script)


# --------------------------------------------------------------------------------------------
# Terminal rendering


def minutes_text(minutes) -> str:
    if minutes is None:
        return "not stated"
    m = int(round(float(minutes)))
    if m % 1440 == 0 and m >= 1440:
        return f"{m // 1440} d"
    if m % 60 == 0 and m >= 60:
        return f"{m // 60} h"
    return f"{m} min"


def render_card(card: ContractCard, at: datetime, clock: LookupClock | None = None) -> str:
    status = card.coverage_at(at)
    lines: list[str] = []
    title = card.client_name or card.client_id
    lines.append(f"{title} ({card.client_id}) - contract {card.contract_id}")
    lines.append("=" * len(lines[0]))
    if clock is not None:
        lines.append(f"As of:        {clock.describe()}")
    lines.append(f"Terms:        {card.title or 'contract'}; tier {card.tier or '-'}; "
                 f"{card.start_date} to {card.end_date}")
    if card.review_status == "needs_review":
        lines.append("              ! terms under review: confirm with the service desk before promising SLAs")
    lines.append(f"Coverage now: {status.summary()}")
    lines.append(f"              local time {_fmt_local(status.local_time)}")
    lines.append(f"Hours:        {card.coverage_hours or 'not stated'} ({card.calendar.timezone})")
    if card.upcoming_closed_days:
        lines.append("Closed days:  " + ", ".join(d.isoformat() for d in card.upcoming_closed_days[:6]))
    lines.append("")
    lines.append("SLA targets   response   resolution   clock")
    for row in card.sla:
        lines.append(f"  {row['priority']:<10}  {minutes_text(row['response_minutes']):<9}  "
                     f"{minutes_text(row['resolution_minutes']):<11}  {row['clock'] or '-'}")
    if not card.sla:
        lines.append("  (no SLA targets stated)")
    lines.append("")
    included = ", ".join(card.included_services) or "everything not excluded"
    lines.append(f"In scope:     {included}")
    lines.append(f"Out of scope: {', '.join(card.excluded_services) or 'nothing excluded'}")
    lines.append("")
    lines.append("Escalation contacts:")
    for c in card.contacts:
        lines.append(f"  L{c['level']}  {c['name']} - {c['role'] or ''}  {c['phone'] or ''}  {c['email'] or ''}".rstrip())
    if not card.contacts:
        lines.append("  (none stated)")
    lines.append("")
    lines.append(f"Special instructions: {card.special_instructions or 'none'}")
    return "\n".join(lines)


def render_lookup(con: duckdb.DuckDBPyConnection, key: str, as_of: datetime | LookupClock) -> str:
    """The technician's view for `contractops lookup CLIENT_OR_CONTRACT`, at an instant or at a
    :class:`LookupClock` (whose line says which instant and why)."""
    clock = as_of if isinstance(as_of, LookupClock) else None
    at = clock.at if clock else as_of
    contract_id = resolve_contract(con, key, at)
    return render_card(contract_card(con, contract_id, at), at, clock)


# --------------------------------------------------------------------------------------------
# The technician's day (`contractops lookup --technician T034`; the app's "My tickets")

TECHNICIAN_TICKETS_SQL = (
    "select ticket_id, client_id, client_name, contract_id, priority, service_type, status, entitlement, "
    "next_clock, due_at, minutes_left, sla_state, is_on_hold_at_as_of, day_order, as_of "
    "from marts.mart_technician_tickets where technician_id = ? order by day_order"
)


def technician_tickets(con: duckdb.DuckDBPyConnection, technician_id: str) -> list[dict]:
    """The technician's open tickets in the day's order (marts.mart_technician_tickets).
    Raises LookupError_ for a technician id the warehouse does not know."""
    needle = (technician_id or "").strip()
    known = con.execute(
        "select technician_id, name from staging.stg_hr__technicians where lower(technician_id) = lower(?)",
        [needle],
    ).fetchone()
    if not known:
        raise LookupError_(f"lookup: no technician {needle!r} in technicians.csv")
    return _rows(con, TECHNICIAN_TICKETS_SQL, [known[0]])


def _left_text(minutes_left) -> str:
    if minutes_left is None:
        return "-"
    m = abs(int(round(float(minutes_left))))
    text = f"{m // 60}h {m % 60:02d}m" if m >= 60 else f"{m}m"
    return f"{text} left" if minutes_left >= 0 else f"{text} overdue"


def render_technician_day(con: duckdb.DuckDBPyConnection, technician_id: str) -> str:
    """One line per open ticket of the technician, soonest due first (times in UTC), then the
    hint to open a ticket's contract card (`contractops lookup CONTRACT`)."""
    rows = technician_tickets(con, technician_id)
    name = con.execute(
        "select technician_id, name from staging.stg_hr__technicians where lower(technician_id) = lower(?)",
        [technician_id.strip()],
    ).fetchone()
    head = f"{name[1]} ({name[0]}) - {len(rows)} open ticket{'' if len(rows) == 1 else 's'}, soonest due first"
    lines = [head, "=" * len(head)]
    if rows:
        lines.append(f"Time left as of {rows[0]['as_of'].astimezone(timezone.utc):%a %Y-%m-%d %H:%M} UTC")
    lines.append("")
    lines.append(f"{'#':>3}  {'ticket':<10} {'pri':<3} {'client':<28} {'contract':<16} {'next':<10} "
                 f"{'due (UTC)':<16} {'time left':<14} state")
    for r in rows:
        due = r["due_at"].astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if r["due_at"] else "-"
        nxt = r["next_clock"] or "-"
        if r["due_at"] is None and r["next_clock"] == "resolution" and r["is_on_hold_at_as_of"]:
            state = "on hold (paused)"
        elif r["entitlement"] != "covered":
            state = r["entitlement"]
        else:
            state = r["sla_state"]
        lines.append(f"{r['day_order']:>3}  {r['ticket_id']:<10} {r['priority'] or '-':<3} "
                     f"{(r['client_name'] or r['client_id'] or '')[:28]:<28} {r['contract_id'] or '-':<16} "
                     f"{nxt:<10} {due:<16} {_left_text(r['minutes_left']):<14} {state}")
    if not rows:
        lines.append("  (no open tickets)")
    else:
        lines += ["", "Open a client's contract card: contractops lookup CONTRACT_ID"]
    return "\n".join(lines)
