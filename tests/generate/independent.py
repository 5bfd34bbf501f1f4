"""An independent reading of a generated landing zone, written from the data contract (spec
sections 1 and 3) and the quarantine wording in docs/ARCHITECTURE.md -- it shares no code with
the generator, so agreement between the two is evidence, not a tautology."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

STATUSES = ["open", "in_progress", "on_hold", "resolved", "closed", "cancelled"]
RATE_TYPES = ["standard", "after_hours", "emergency"]
BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def parse_ts(text: str, tz: str) -> datetime | None:
    try:
        v = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if v.tzinfo is None:
        v = v.replace(tzinfo=ZoneInfo(tz), fold=0)
    return v


def snake(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.strip().lower()).strip("_")


def validate_tickets(landing: Path, clients: dict, technicians: set) -> dict:
    """file -> {ticket_id: [reasons]} for every ticket row."""
    out = {}
    for path in sorted(landing.glob("tickets*.csv")):
        res = {}
        for r in read_csv(path):
            reasons = []
            tz = clients.get(r["client_id"], "UTC")
            if r["client_id"] not in clients:
                reasons.append(f"unknown client_id {r['client_id']}")
            created = None
            if not r["created_at"]:
                reasons.append("created_at: missing")
            else:
                created = parse_ts(r["created_at"], tz)
                if created is None:
                    reasons.append("created_at: not a timestamp")
            if r["priority"] not in ("P1", "P2", "P3", "P4"):
                reasons.append(f"priority: '{r['priority']}' not in P1..P4")
            if r["status"] not in STATUSES:
                reasons.append(f"status: '{r['status']}' not in {', '.join(STATUSES)}")
            for col in ("first_response_at", "resolved_at", "updated_at"):
                if r[col]:
                    v = parse_ts(r[col], tz)
                    if v is None:
                        reasons.append(f"{col}: not a timestamp")
                    elif created and col != "updated_at" and v < created:
                        reasons.append(f"{col} before created_at")
            if r["technician_id"] and r["technician_id"] not in technicians:
                reasons.append(f"unknown technician_id {r['technician_id']}")
            res[r["ticket_id"]] = (reasons, r)
        out[path.name] = res
    return out


def validate_timesheets(landing: Path, clients: dict, technicians: set, tickets: set) -> dict:
    out = {}
    for path in sorted(landing.glob("timesheets*.csv")):
        res = {}
        for r in read_csv(path):
            reasons = []
            if r["client_id"] not in clients:
                reasons.append(f"unknown client_id {r['client_id']}")
            if r["technician_id"] not in technicians:
                reasons.append(f"unknown technician_id {r['technician_id']}")
            if parse_ts(r["started_at"], clients.get(r["client_id"], "UTC")) is None:
                reasons.append("started_at: not a timestamp")
            try:
                h = float(r["hours"])
                if not 0 < h <= 24:
                    reasons.append("hours: must be > 0 and <= 24")
            except ValueError:
                reasons.append("hours: not a number")
            if r["rate_type"] not in RATE_TYPES:
                reasons.append(f"rate_type: '{r['rate_type']}' not in {', '.join(RATE_TYPES)}")
            if r["billable"].lower() not in BOOLS:
                reasons.append("billable: not a boolean")
            try:
                if Decimal(r["billed_rate"]) < 0:
                    reasons.append("billed_rate: must be >= 0")
            except InvalidOperation:
                reasons.append("billed_rate: not a number")
            if r["ticket_id"] and r["ticket_id"] not in tickets:
                reasons.append(f"unknown ticket_id {r['ticket_id']}")
            res[r["entry_id"]] = (reasons, r)
        out[path.name] = res
    return out


class Landing:
    def __init__(self, root: Path):
        self.root = root
        self.landing = root / "landing"
        self.truth = root / "ground_truth"
        self.manifest = json.loads((self.truth / "manifest.json").read_text())
        self.as_of = datetime.fromisoformat(self.manifest["as_of"].replace("Z", "+00:00"))
        self.clients = {r["client_id"]: r for r in read_csv(self.landing / "clients.csv")}
        self.client_tz = {k: v["timezone"] for k, v in self.clients.items()}
        self.technicians = {r["technician_id"] for r in read_csv(self.landing / "technicians.csv")}
        self.contracts = read_jsonl(self.truth / "contracts.jsonl")
        self.documents = {d["contract_id"]: d for d in
                          read_jsonl(self.truth / "contract_documents.jsonl")}
        self.anomalies = read_jsonl(self.truth / "anomalies.jsonl")
        self.ticket_rows = validate_tickets(self.landing, self.client_tz, self.technicians)
        clean_tickets = {t for f in self.ticket_rows.values() for t, (rs, _) in f.items()
                         if not rs}
        self.entry_rows = validate_timesheets(self.landing, self.client_tz, self.technicians,
                                              clean_tickets)

    def by_kind(self, *kinds) -> list[dict]:
        return [a for a in self.anomalies if a["kind"] in kinds]

    def contract_tz(self, k: dict) -> str:
        return k["coverage"]["timezone"] or self.client_tz[k["client_id"]]

    def local_today(self, k: dict) -> date:
        return self.as_of.astimezone(ZoneInfo(self.contract_tz(k))).date()

    def clean_entries(self) -> dict:
        """entry_id -> row; later files win (spec section 1)."""
        out = {}
        for name in sorted(self.entry_rows):
            for eid, (reasons, row) in self.entry_rows[name].items():
                if not reasons:
                    out[eid] = row
        return out

    def clean_tickets(self) -> dict:
        out = {}
        for name in sorted(self.ticket_rows):
            for tid, (reasons, row) in self.ticket_rows[name].items():
                if reasons:
                    continue
                tz = self.client_tz[row["client_id"]]
                upd = parse_ts(row["updated_at"], tz) if row["updated_at"] else None
                if tid in out and out[tid][0] is not None and upd is not None \
                        and upd < out[tid][0]:
                    continue
                out[tid] = (upd, row)
        return {k: v[1] for k, v in out.items()}

    def reconcile(self) -> dict[str, str]:
        """entry_id -> finding, spec section 3 Billing, on the true contract terms."""
        by_client = defaultdict(list)
        for k in self.contracts:
            by_client[k["client_id"]].append(k)
        findings, blocks = {}, defaultdict(list)
        info = {}
        for eid, r in self.clean_entries().items():
            at = parse_ts(r["started_at"], self.client_tz[r["client_id"]])
            match = None
            for k in by_client[r["client_id"]]:
                d = at.astimezone(ZoneInfo(self.contract_tz(k))).date()
                if date.fromisoformat(k["start_date"]) <= d <= date.fromisoformat(k["end_date"]):
                    match = k
                    break
            status = self.documents.get(match["contract_id"], {}).get(
                "expected_review_status", "ok") if match else None
            if match is None or status == "missing":
                findings[eid] = "no_active_contract"
                continue
            # per-term review: a contract whose PDF states no SLA is still billed
            if status == "needs_review" and self.documents[match["contract_id"]].get("case") != "pdf_without_sla":
                findings[eid] = "contract_under_review"
                continue
            hours = Decimal(r["hours"])
            billed = hours * Decimal(r["billed_rate"])
            service = snake(r["service_type"])
            inc, exc = match["included_services"], match["excluded_services"]
            in_scope = service not in exc and (not inc or service in inc)
            billable = BOOLS[r["billable"].lower()]
            approved = BOOLS.get((r.get("approved_out_of_scope") or "false").lower(), False)
            b = match["billing"]
            rate = Decimal(str(b["rates"][r["rate_type"]]))
            if not billable:
                findings[eid] = "not_billable" if in_scope else "out_of_scope_unbilled"
                continue
            if not in_scope and not approved:
                findings[eid] = "out_of_scope_unapproved"
                continue
            if in_scope and b["model"] == "block_hours" and r["rate_type"] == "standard":
                local = at.astimezone(ZoneInfo(self.contract_tz(match)))
                blocks[(match["contract_id"], local.strftime("%Y-%m"))].append(
                    (at, eid, hours, billed, match))
                continue
            if in_scope and b["model"] == "fixed_fee" and r["rate_type"] == "standard":
                expected = Decimal(0)
            else:
                expected = hours * rate
            info[eid] = (expected, billed)
        for key, items in blocks.items():
            items.sort(key=lambda x: (x[0], x[1]))
            room = Decimal(items[0][4]["billing"]["included_hours_per_month"])
            over_rate = Decimal(str(items[0][4]["billing"]["overage_rate"]))
            for at, eid, hours, billed, _ in items:
                used = min(room, hours)
                room -= used
                info[eid] = ((hours - used) * over_rate, billed)
        for eid, (expected, billed) in info.items():
            v = billed - expected
            findings[eid] = "ok" if abs(v) < Decimal("0.005") else (
                "overbilled" if v > 0 else "underbilled")
        return findings
