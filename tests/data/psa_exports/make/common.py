"""Shared ground-truth helpers for the PSA export corpus.

Every export and every expected/ file is written from the same in-memory model:
each source row is a Row(raw=..., outcome=...) where outcome says exactly where the
row must end up (clean / rejected / superseded).  Nothing in expected/ is derived by
re-parsing the exports.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

UTC = timezone.utc
ROOT = Path(__file__).resolve().parent.parent  # tests/data/psa_exports

TICKET_COLS = ["ticket_id", "client_id", "created_at", "priority", "service_type", "status",
               "first_response_at", "resolved_at", "technician_id", "summary", "updated_at"]
HISTORY_COLS = ["ticket_id", "status", "changed_at"]
TIMESHEET_COLS = ["entry_id", "client_id", "technician_id", "started_at", "hours", "service_type",
                  "rate_type", "billable", "billed_rate", "ticket_id"]
REJECT_COLS = ["source_row_number", "reason_category", "note"]
SUPERSEDED_COLS = ["source_row_number", "kept_source_row_number"]
REASONS = {"unknown_client", "bad_timestamp", "bad_priority", "missing_value",
           "resolved_before_created", "bad_hours", "other"}

# ---------------------------------------------------------------- clients (landing clients.csv)
# client_id, client_name, timezone, country, account_manager
CLIENTS = [
    # ConnectWise clients
    ("C2001", "Northwind Traders", "America/Chicago", "US", "dana.ortiz@fieldops.example"),
    ("C2002", "Contoso Dental Group", "America/New_York", "US", "dana.ortiz@fieldops.example"),
    ("C2003", "Fabrikam Logistics", "America/Denver", "US", "marcus.lee@fieldops.example"),
    ("C2004", "Litware Health Partners", "America/Phoenix", "US", "marcus.lee@fieldops.example"),
    ("C2005", "Woodgrove Credit Union", "America/Chicago", "US", "dana.ortiz@fieldops.example"),
    # Autotask clients
    ("C2006", "Adatum Legal LLP", "America/New_York", "US", "priya.shah@fieldops.example"),
    ("C2007", "Blue Yonder Aviation", "America/New_York", "US", "priya.shah@fieldops.example"),
    ("C2008", "Coho Winery", "America/Los_Angeles", "US", "marcus.lee@fieldops.example"),
    ("C2009", "Alpine Ski House", "America/Denver", "US", "marcus.lee@fieldops.example"),
    ("C2010", "Trey Research Labs", "America/Chicago", "US", "priya.shah@fieldops.example"),
    # HaloPSA clients (UK/IE)
    ("C2011", "Brightwater Surveyors Ltd", "Europe/London", "GB", "tom.ashby@fieldops.example"),
    ("C2012", "Kestrel Accountancy Ltd", "Europe/London", "GB", "tom.ashby@fieldops.example"),
    ("C2013", "Harbour & Finch Solicitors LLP", "Europe/London", "GB", "tom.ashby@fieldops.example"),
    ("C2014", "Dunmore Veterinary Clinic", "Europe/Dublin", "IE", "tom.ashby@fieldops.example"),
    # ServiceNow clients (Brazil; identified by `location` in the event log)
    ("C2021", "Grupo Horizonte Seguros", "America/Sao_Paulo", "BR", "ana.ribeiro@fieldops.example"),
    ("C2022", "Clinica Vida Nova", "America/Sao_Paulo", "BR", "ana.ribeiro@fieldops.example"),
    ("C2023", "Transportes Serra Azul", "America/Sao_Paulo", "BR", "ana.ribeiro@fieldops.example"),
    ("C2024", "Escola Aurora", "America/Sao_Paulo", "BR", "ana.ribeiro@fieldops.example"),
]
CLIENT_TZ = {c[0]: c[2] for c in CLIENTS}


def tz(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def iso(dt: datetime | None, zone: str) -> str:
    """ISO 8601 with explicit offset, in the given zone (instants are what matter)."""
    if dt is None:
        return ""
    return dt.astimezone(tz(zone)).replace(microsecond=0).isoformat()


def snake(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.strip().lower()).strip("_")


def unambiguous(dt: datetime, zone: str) -> datetime:
    """Shift an instant forward until its wall time in `zone` is neither ambiguous nor missing
    (so a naive minute-precision rendering maps back to exactly one instant)."""
    z = tz(zone)
    while True:
        local = dt.astimezone(z).replace(tzinfo=None)
        a = local.replace(tzinfo=z, fold=0).astimezone(UTC)
        b = local.replace(tzinfo=z, fold=1).astimezone(UTC)
        if a == b == dt.astimezone(UTC):
            return dt
        dt = dt + timedelta(hours=2)


def local_dt(y, m, d, hh, mm, zone) -> datetime:
    return unambiguous(datetime(y, m, d, hh, mm, tzinfo=tz(zone)), zone)


@dataclass
class Clean:
    kind: str          # "ticket" | "timesheet"
    landing: dict      # landing row (values already as strings)


@dataclass
class Reject:
    category: str
    note: str

    def __post_init__(self):
        assert self.category in REASONS, self.category


@dataclass
class Superseded:
    kept_key: object   # key of the row that wins (resolved to a row number when written)


@dataclass
class Row:
    raw: dict
    outcome: object
    key: object = None            # identity used to resolve Superseded.kept_key
    history: list = field(default_factory=list)  # landing status-history rows contributed


def write_csv(path: Path, header: list[str], rows: list[dict], lineterminator="\r\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator=lineterminator)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})


def csv_text(header, rows, lineterminator="\r\n") -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator=lineterminator)
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in header})
    return buf.getvalue()


def write_expected(system_dir: Path, stem: str, rows: list[Row], kind: str, history: bool = False):
    """Write expected/<stem>.{tickets|timesheets,rejects,superseded[,status_history]}.csv."""
    exp = system_dir / "expected"
    keypos = {}
    for i, r in enumerate(rows, start=1):
        if r.key is not None and isinstance(r.outcome, Clean):
            assert r.key not in keypos, (stem, r.key)
            keypos[r.key] = i
    clean, rejects, sup, hist = [], [], [], []
    for i, r in enumerate(rows, start=1):
        o = r.outcome
        if isinstance(o, Clean):
            assert o.kind == kind
            clean.append(o.landing)
        elif isinstance(o, Reject):
            rejects.append({"source_row_number": i, "reason_category": o.category, "note": o.note})
        elif isinstance(o, Superseded):
            sup.append({"source_row_number": i, "kept_source_row_number": keypos[o.kept_key]})
        else:
            raise AssertionError(o)
        hist.extend(r.history)
    assert len(clean) + len(rejects) + len(sup) == len(rows)
    if kind == "ticket":
        ids = [c["ticket_id"] for c in clean]
        assert len(ids) == len(set(ids)), stem
        write_csv(exp / f"{stem}.tickets.csv", TICKET_COLS, clean, "\n")
    else:
        ids = [c["entry_id"] for c in clean]
        assert len(ids) == len(set(ids)), stem
        write_csv(exp / f"{stem}.timesheets.csv", TIMESHEET_COLS, clean, "\n")
    write_csv(exp / f"{stem}.rejects.csv", REJECT_COLS, rejects, "\n")
    write_csv(exp / f"{stem}.superseded.csv", SUPERSEDED_COLS, sup, "\n")
    if history:
        write_csv(exp / f"{stem}.status_history.csv", HISTORY_COLS, hist, "\n")
    return {"rows_read": len(rows), "clean": len(clean), "rejected": len(rejects),
            "superseded": len(sup), "history": len(hist) if history else None}


def write_client_map(system_dir: Path, mapping: list[tuple[str, str]]):
    write_csv(system_dir / "client_map.csv", ["source_client_key", "client_id"],
              [{"source_client_key": k, "client_id": v} for k, v in mapping], "\n")


# -------------------------------------------------------------- ticket time model
PRI_RESP = {"P1": (5, 40), "P2": (10, 110), "P3": (20, 280), "P4": (45, 900)}
PRI_RES = {"P1": (60, 300), "P2": (120, 600), "P3": (240, 2880), "P4": (480, 5760)}
EXPORT_AT = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def ticket_times(rng, zone: str, priority: str, landing_status: str, naive_zone: str | None,
                 day_range=(datetime(2026, 10, 5), datetime(2026, 11, 20))):
    """created, first_response, resolved, updated (aware, whole minutes)."""
    span = (day_range[1] - day_range[0]).days
    d = day_range[0] + timedelta(days=rng.randrange(span))
    if priority == "P1" and rng.random() < 0.4:
        hh = rng.choice([5, 6, 19, 20, 21, 22])
    else:
        hh = rng.randrange(7, 18)
    created = local_dt(d.year, d.month, d.day, hh, rng.randrange(60), zone)
    fix = (lambda x: unambiguous(x, naive_zone)) if naive_zone else (lambda x: x)
    created = fix(created)
    fr = res = None
    if landing_status != "open":
        fr = fix(created + timedelta(minutes=rng.randint(*PRI_RESP[priority])))
    if landing_status in ("resolved", "closed"):
        res = fix(fr + timedelta(minutes=rng.randint(*PRI_RES[priority])))
    if landing_status == "open":
        upd = created + timedelta(minutes=rng.randint(1, 20))
    elif landing_status == "resolved":
        upd = res + timedelta(minutes=rng.randint(0, 25))
    elif landing_status == "closed":
        upd = res + timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 120))
    elif landing_status == "cancelled":
        upd = fr + timedelta(minutes=rng.randint(10, 600))
    else:  # in_progress / on_hold
        upd = fr + timedelta(minutes=rng.randint(20, 1800))
    upd = fix(min(upd, EXPORT_AT - timedelta(minutes=rng.randint(30, 600))))
    floor = max(x for x in (created, fr, res) if x is not None)
    if upd < floor:
        upd = fix(floor + timedelta(minutes=5))
    return created, fr, res, upd
