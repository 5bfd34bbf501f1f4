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
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LOOKAHEAD_DAYS = 60  # how far ahead "next opening" looks (long holidays plus closed dates)


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
class CoverageWindow:
    iso_dow: int  # 1 = Monday .. 7 = Sunday
    start_second: int
    end_second: int  # up to 86400 (a window that ends at 24:00)


@dataclass(frozen=True)
class CoverageCalendar:
    """Everything needed to say whether a contract's coverage is open at an instant."""

    timezone: str
    is_24x7: bool
    windows: tuple[CoverageWindow, ...]
    closed_days: frozenset[date] = frozenset()  # public holidays (when they apply) + closed dates
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

    def summary(self) -> str:
        if self.unknown:
            return "UNKNOWN - the contract states no coverage hours (ask the service desk)"
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


def _local_instant(day: date, second: int, tz: ZoneInfo) -> datetime:
    """The instant a window edge `second` (0..86400) after local midnight of `day` denotes.

    zoneinfo resolves a wall time that occurs twice to its first occurrence (fold=0) and one that
    does not exist (spring forward) to the instant after the gap, as the data contract asks.
    """
    if second >= 86400:
        return _local_instant(day + timedelta(days=1), second - 86400, tz)
    wall = datetime.combine(day, time(second // 3600, (second % 3600) // 60, second % 60), tzinfo=tz)
    # Normalise through UTC so a non-existent wall time lands on a real instant.
    return wall.astimezone(timezone.utc).astimezone(tz)


def coverage_now(calendar: CoverageCalendar, at: datetime) -> CoverageStatus:
    """Is the contract's coverage open at the instant `at`, and when does it close / next open?

    Computed in the coverage time zone; a 24x7 contract is always open (holidays and closed dates
    do not apply); otherwise a closed day closes the windows that start on it.
    """
    try:
        tz = ZoneInfo(calendar.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    local = at.astimezone(tz)
    if calendar.is_24x7:
        return CoverageStatus(True, local, None, None, None, is_24x7=True)
    if not calendar.windows:
        return CoverageStatus(False, local, None, None, None, unknown=True)

    def windows_on(day: date) -> list[tuple[datetime, datetime]]:
        if day in calendar.closed_days:
            return []
        dow = day.isoweekday()
        spans = [
            (_local_instant(day, w.start_second, tz), _local_instant(day, w.end_second, tz))
            for w in calendar.windows
            if w.iso_dow == dow
        ]
        return sorted(spans)

    today = local.date()
    # Windows are cut at midnight, so only today's and later ones can contain `local`; touching
    # windows (Fri 19:00-24:00; Sat 00:00-05:00) are merged when finding the close.
    for offset in range(0, LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        for start, end in windows_on(day):
            if start <= local < end:
                return CoverageStatus(True, local, _merged_end(end, windows_on, tz), None, None)
            if start > local:
                reason = _closed_reason(calendar, today, windows_on(today), local)
                return CoverageStatus(False, local, None, start, reason)
    return CoverageStatus(False, local, None, None, _closed_reason(calendar, today, [], local))


def _merged_end(end: datetime, windows_on, tz: ZoneInfo) -> datetime:
    """Follow windows that start exactly where the previous one ends (across midnight too)."""
    for _ in range(14):
        following = [s for s in windows_on(end.astimezone(tz).date()) if s[0] == end]
        if not following:
            return end
        end = following[0][1]
    return end


def _closed_reason(calendar: CoverageCalendar, today: date, spans_today, local: datetime) -> str:
    if today in calendar.closed_days:
        return "public holiday or closed date today"
    if not spans_today:
        return f"no coverage on {DAY_NAMES[today.isoweekday() - 1]}"
    if local < spans_today[0][0]:
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
    calendar: CoverageCalendar
    sla: list[dict] = field(default_factory=list)  # priority, response_minutes, resolution_minutes, clock
    included_services: list[str] = field(default_factory=list)
    excluded_services: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)  # level, name, role, email, phone
    special_instructions: str | None = None
    upcoming_closed_days: list[date] = field(default_factory=list)

    def coverage_at(self, at: datetime) -> CoverageStatus:
        return coverage_now(self.calendar, at)


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


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


def _closed_days(con: duckdb.DuckDBPyConnection, contract: dict, country: str | None) -> frozenset[date]:
    days: set[date] = set()
    if _table_exists(con, "staging", "stg_contracts__closed_dates"):
        days |= {
            r[0]
            for r in con.execute(
                "select closed_date from staging.stg_contracts__closed_dates where contract_id = ?",
                [contract["contract_id"]],
            ).fetchall()
        }
    if contract.get("public_holidays") and country:
        if _table_exists(con, "clean", "public_holidays"):
            days |= {
                r[0]
                for r in con.execute(
                    "select holiday_date from clean.public_holidays where country = ?", [country]
                ).fetchall()
            }
        else:  # the SLA engine's table is not there yet: same source, the `holidays` package
            import holidays

            years = range(contract["start_date"].year, contract["end_date"].year + 2)
            try:
                days |= set(holidays.country_holidays(country, years=years).keys())
            except NotImplementedError:
                pass
    return frozenset(days)


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
    windows = _rows(
        con,
        "select iso_dow, start_second, end_second, is_24x7 from staging.stg_contracts__coverage_windows "
        "where contract_id = ? order by iso_dow, start_second",
        [contract_id],
    )
    is_24x7 = any(w["is_24x7"] for w in windows) or (c.get("coverage_hours") or "").strip().lower() == "24x7"
    closed = _closed_days(con, c, c.get("country"))
    calendar = CoverageCalendar(
        timezone=c.get("coverage_timezone") or "UTC",
        is_24x7=is_24x7,
        windows=tuple(
            CoverageWindow(int(w["iso_dow"]), int(w["start_second"]), int(w["end_second"]))
            for w in windows
            if not w["is_24x7"] and w["start_second"] is not None
        ),
        closed_days=closed,
        hours_text=c.get("coverage_hours"),
    )
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
    upcoming = sorted(d for d in closed if today <= d <= today + timedelta(days=45))
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
        upcoming_closed_days=[] if is_24x7 else upcoming,
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
