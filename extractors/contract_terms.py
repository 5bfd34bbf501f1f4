"""Contract terms: the YAML shape of the data contract (section 2), flattened to field paths.

PDF extraction (``extractors.contract_pdf``) and YAML corrections both produce
``{field_path: ExtractedField}``; :func:`merge_terms` lets YAML win field by field and
:func:`review_contract` decides whether the contract can be judged. :func:`contract_rows` turns the
merged terms into the rows of the ``clean.contract_*`` tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import yaml

from extractors.coverage_hours import CoverageHoursError, parse_coverage_hours
from extractors.safe_yaml import MAX_BYTES, YamlLimitError, load_bounded
from extractors.vocabularies import POLICY_TYPES, PRIORITIES, RATE_TYPES

TIERS = ("platinum", "gold", "silver")
BILLING_MODELS = ("fixed_fee", "block_hours", "time_and_materials")
CLOCKS = ("calendar", "business")
REVIEW_CONFIDENCE = 0.8  # below this a field is not trusted for judgements

# field path -> kind; the kinds drive normalisation of YAML values and the review checks.
FIELDS: dict[str, str] = {
    "contract_id": "text",
    "client_id": "text",
    "title": "text",
    "tier": "tier",
    "start_date": "date",
    "end_date": "date",
    "auto_renew": "bool",
    "renewal_notice_days": "int",
    "previous_contract_id": "text",
    "annual_value": "money",
    "currency": "currency",
    "billing.model": "billing_model",
    "billing.monthly_fee": "money",
    "billing.included_hours_per_month": "number",
    "billing.overage_rate": "money",
    **{f"billing.rates.{r}": "money" for r in RATE_TYPES},
    "coverage.timezone": "timezone",
    "coverage.hours": "coverage_hours",
    "coverage.public_holidays": "bool",
    "coverage.closed_dates": "date_list",
    **{
        f"sla.{p}.{k}": kind
        for p in PRIORITIES
        for k, kind in (("response_minutes", "minutes"), ("resolution_minutes", "minutes"), ("clock", "clock"))
    },
    "included_services": "service_list",
    "excluded_services": "service_list",
    "escalation_contacts": "contacts",
    "escalation": "escalation_steps",
    "penalties.credit_pct_per_breach": "number",
    "penalties.monthly_credit_cap_pct": "number",
    "compliance.required_credentials": "text_list",
    **{f"compliance.insurance_minimums.{p}": "money" for p in POLICY_TYPES},
    "compliance.security_clauses": "text_list",
    "special_instructions": "text",
}

ALWAYS_REQUIRED = (
    "contract_id", "client_id", "start_date", "end_date", "tier", "billing.model", "coverage.hours",
    *(f"sla.{p}.{k}" for p in PRIORITIES for k in ("response_minutes", "resolution_minutes", "clock")),
    *(f"billing.rates.{r}" for r in RATE_TYPES),
)
REQUIRED_BY_MODEL = {
    "fixed_fee": ("billing.monthly_fee",),
    "block_hours": ("billing.monthly_fee", "billing.included_hours_per_month", "billing.overage_rate"),
    "time_and_materials": (),
}

_TIMEZONES = frozenset(available_timezones())


@dataclass
class ExtractedField:
    value: Any
    page: int | None = None
    snippet: str = ""
    confidence: float = 1.0
    source: str = "pdf"  # pdf | yaml


@dataclass
class ContractDocument:
    """Everything known about one contract stem (PDF and/or YAML)."""

    stem: str
    fields: dict[str, ExtractedField] = field(default_factory=dict)
    pdf_file: str | None = None
    yaml_file: str | None = None
    pages: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)


class TermError(ValueError):
    pass


def snake_case(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TermError("not a number")
    try:
        return Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise TermError(f"{value!r} is not a number") from None


def normalise(path: str, value: Any) -> Any:
    """Normalise one YAML value to the canonical type of its field; raises TermError."""
    kind = FIELDS[path]
    if value is None:
        return None
    if kind == "text":
        return str(value).strip() or None
    if kind == "tier":
        v = str(value).strip().lower()
        if v not in TIERS:
            raise TermError(f"{value!r} not in {', '.join(TIERS)}")
        return v
    if kind == "billing_model":
        v = snake_case(value)
        if v not in BILLING_MODELS:
            raise TermError(f"{value!r} not in {', '.join(BILLING_MODELS)}")
        return v
    if kind == "clock":
        v = str(value).strip().lower()
        if v not in CLOCKS:
            raise TermError(f"{value!r} not in calendar, business")
        return v
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise TermError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "date_list":
        if not isinstance(value, list):
            raise TermError("must be a list of dates")
        return sorted({normalise("start_date", v) for v in value})
    if kind == "bool":
        if isinstance(value, bool):
            return value
        v = str(value).strip().lower()
        if v in {"true", "yes", "1"}:
            return True
        if v in {"false", "no", "0"}:
            return False
        raise TermError(f"{value!r} is not a boolean")
    if kind in {"int", "minutes"}:
        if isinstance(value, bool):
            raise TermError("not a whole number")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise TermError(f"{value!r} is not a whole number") from None
        if number != number.to_integral_value() or number < 0:
            raise TermError(f"{value!r} is not a whole non-negative number")
        return int(number)
    if kind == "money":
        amount = _money(value)
        if amount < 0:
            raise TermError(f"{value!r} must be >= 0")
        return amount
    if kind == "number":
        amount = _money(value)
        if amount < 0:
            raise TermError(f"{value!r} must be >= 0")
        return amount
    if kind == "currency":
        v = str(value).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", v):
            raise TermError(f"{value!r} is not an ISO 4217 currency code")
        return v
    if kind == "timezone":
        v = str(value).strip()
        if v not in _TIMEZONES:
            raise TermError(f"{value!r} not an IANA time zone")
        return v
    if kind == "coverage_hours":
        v = str(value).strip()
        parse_coverage_hours(v)  # raises CoverageHoursError (a ValueError) with the reason
        return v
    if kind == "service_list":
        if not isinstance(value, list):
            raise TermError("must be a list")
        return sorted({snake_case(v) for v in value if snake_case(v)})
    if kind == "text_list":
        if not isinstance(value, list):
            raise TermError("must be a list")
        return [str(v).strip() for v in value if str(v).strip()]
    if kind == "contacts":
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            raise TermError("must be a list of {level, name, role, email, phone}")
        return [
            {
                "level": int(c["level"]) if c.get("level") is not None else None,
                "name": str(c.get("name") or "").strip() or None,
                "role": str(c.get("role") or "").strip() or None,
                "email": str(c.get("email") or "").strip() or None,
                "phone": str(c.get("phone") or "").strip() or None,
            }
            for c in value
        ]
    if kind == "escalation_steps":
        return parse_escalation_steps(value)
    raise AssertionError(kind)


ESCALATION_CLOCKS = ("response", "resolution")


def _escalation_target(raw: Any) -> tuple[str, int | None]:
    """One `notify` entry -> (notify, contact_level): technician, account_manager or level N."""
    if isinstance(raw, bool):
        raise TermError(f"notify {raw!r}: not technician, account_manager or level N")
    if isinstance(raw, int):
        return "level", raw
    text = snake_case(raw)
    if text in {"technician", "assigned_technician"}:
        return "technician", None
    if text in {"account_manager", "client_account_manager"}:
        return "account_manager", None
    match = re.fullmatch(r"(?:escalation_contact_)?level_?(\d+)", text)
    if match:
        return "level", int(match.group(1))
    raise TermError(f"notify {_shown(raw)}: not technician, account_manager or level N")


def parse_escalation_steps(value: Any) -> list[dict]:
    """An `escalation:` list (contract YAML or config/escalation.yaml) -> one row per step and
    recipient kind: {priority, clock, threshold_pct, notify, contact_level}; raises TermError."""
    if not isinstance(value, list) or not value or not all(isinstance(s, dict) for s in value):
        raise TermError("must be a non-empty list of {threshold_pct, notify, priority?, clock?}")
    rows: list[dict] = []
    for index, step in enumerate(value):
        where = f"step {index + 1}"
        unknown = set(step) - {"threshold_pct", "notify", "priority", "clock"}
        if unknown:
            raise TermError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        try:
            pct = Decimal(str(step.get("threshold_pct")))
        except InvalidOperation:
            raise TermError(f"{where}: threshold_pct {_shown(step.get('threshold_pct'))} is not a number") from None
        if isinstance(step.get("threshold_pct"), bool) or not pct.is_finite() or pct <= 0:
            raise TermError(f"{where}: threshold_pct must be a number > 0")
        priority = step.get("priority")
        if priority is not None:
            priority = str(priority).strip().upper()
            if priority not in PRIORITIES:
                raise TermError(f"{where}: priority {priority!r} not in {PRIORITIES[0]}..{PRIORITIES[-1]}")
        clock = step.get("clock")
        if clock is not None:
            clock = str(clock).strip().lower()
            if clock not in ESCALATION_CLOCKS:
                raise TermError(f"{where}: clock {clock!r} not in response, resolution")
        notify = step.get("notify")
        notify = notify if isinstance(notify, list) else [notify] if notify is not None else []
        if not notify:
            raise TermError(f"{where}: notify is missing (technician, account_manager or level N)")
        try:
            targets = sorted({_escalation_target(t) for t in notify}, key=lambda t: (t[0], t[1] or 0))
        except TermError as exc:
            raise TermError(f"{where}: {exc}") from None
        for kind, level in targets:
            rows.append({"priority": priority, "clock": clock, "threshold_pct": float(pct),
                         "notify": kind, "contact_level": level})
    return rows


def escalation_yaml(rows: list[dict]) -> list[dict]:
    """Step rows (parse_escalation_steps) back to the YAML shape of `escalation:`, one entry per
    step with its recipients: what a correction writes, and how the term is shown for review."""
    steps: dict[tuple, list[str]] = {}
    for r in rows:
        key = (r.get("priority"), r.get("clock"), r["threshold_pct"])
        who = f"level {r['contact_level']}" if r["notify"] == "level" else r["notify"]
        steps.setdefault(key, []).append(who)
    out = []
    for (priority, clock, pct), notify in steps.items():
        step: dict = {"threshold_pct": int(pct) if float(pct).is_integer() else float(pct), "notify": notify}
        if priority:
            step["priority"] = priority
        if clock:
            step["clock"] = clock
        out.append(step)
    return out


def load_escalation_config(path: Path) -> list[dict]:
    """The default ladder (config/escalation.yaml); a broken config file is a user error."""
    try:
        doc = load_bounded(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlLimitError, yaml.YAMLError) as exc:
        raise TermError(f"{path}: cannot read the escalation config: {exc}") from None
    if not isinstance(doc, dict) or "escalation" not in doc:
        raise TermError(f"{path}: expected a mapping with an `escalation:` list")
    try:
        return parse_escalation_steps(doc["escalation"])
    except TermError as exc:
        raise TermError(f"{path}: escalation: {exc}") from None


def flatten_yaml_terms(doc: dict) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The nested YAML shape -> {field path: raw value}, plus (field, reason) for unknown keys."""
    flat: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []

    def walk(prefix: str, node: Any) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and path in FIELDS and FIELDS[path] not in _MAPPING_KINDS:
                problems.append((path, f"{path}: a mapping where a single value belongs"))
                continue
            if path == "sla":
                if not isinstance(value, list):
                    problems.append(("sla", "must be a list of {priority, response_minutes, resolution_minutes, clock}"))
                    continue
                for index, row in enumerate(value):
                    if not isinstance(row, dict):
                        problems.append((f"sla[{index}]", f"sla[{index}]: {_shown(row)} is not a mapping of "
                                         "{priority, response_minutes, resolution_minutes, clock}"))
                        continue
                    priority = str(row.get("priority", "")).strip().upper()
                    if priority not in PRIORITIES:
                        problems.append(("sla", f"priority {priority!r} not in {PRIORITIES[0]}..{PRIORITIES[-1]}"))
                        continue
                    for k in ("response_minutes", "resolution_minutes", "clock"):
                        if k in row:
                            flat[f"sla.{priority}.{k}"] = row[k]
            elif path in FIELDS:
                flat[path] = value
            elif isinstance(value, dict):
                walk(f"{path}.", value)
            elif any(f.startswith(f"{path}.") for f in FIELDS):
                problems.append((path, f"{path}: {_shown(value)} is not a mapping of its terms"))
            else:
                problems.append((path, "unknown term (ignored)"))

    walk("", doc)
    return flat, problems


# Terms whose YAML value is itself a mapping or a list of mappings.
_MAPPING_KINDS = {"contacts", "escalation_steps"}


def _shown(value: Any) -> str:
    """A value as the user wrote it, cut short (it goes into a review reason)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_yaml_terms(path: Path, relname: str) -> ContractDocument:
    """Read a YAML terms file; raises TermError when the file cannot be used at all."""
    if path.stat().st_size > MAX_BYTES:
        raise TermError(f"not a terms file: larger than {MAX_BYTES:,} bytes")
    try:
        doc = load_bounded(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TermError("not valid UTF-8") from None
    except YamlLimitError as exc:
        raise TermError(f"not a terms file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise TermError(f"malformed YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict):
        raise TermError("malformed YAML: expected a mapping of terms")
    contract_id = doc.get("contract_id")
    if isinstance(contract_id, (dict, list)):
        raise TermError(f"contract_id: {_shown(contract_id)} is not an identifier")
    if not str(contract_id or "").strip():
        raise TermError("contract_id: missing")
    flat, problems = flatten_yaml_terms(doc)
    result = ContractDocument(stem=path.stem, yaml_file=relname, problems=list(problems))
    for key, raw in flat.items():
        try:
            value = normalise(key, raw)
        except (TermError, CoverageHoursError) as exc:
            result.problems.append((key, f"{key}: {exc}"))
            continue
        except (ValueError, TypeError, KeyError, AttributeError):
            # A value of the wrong shape for its term (a list for a date, a mapping for a level):
            # a review item naming the key, never a failed run.
            result.problems.append((key, f"{key}: {_shown(raw)} is not a valid value"))
            continue
        result.fields[key] = ExtractedField(value=value, page=None, snippet=f"{relname}: {key}", confidence=1.0, source="yaml")
    return result


def merge_terms(pdf: ContractDocument | None, yaml_doc: ContractDocument | None) -> ContractDocument:
    """YAML wins field by field; the PDF's pages and problems are kept."""
    base = pdf or ContractDocument(stem=(yaml_doc.stem if yaml_doc else "?"))
    merged = ContractDocument(
        stem=base.stem,
        fields=dict(base.fields),
        pdf_file=base.pdf_file,
        yaml_file=yaml_doc.yaml_file if yaml_doc else None,
        pages=list(base.pages),
        problems=list(base.problems),
    )
    if yaml_doc:
        corrected = set(yaml_doc.fields)
        # A PDF problem about a field the YAML now states is resolved by the correction.
        merged.problems = [(f, r) for f, r in merged.problems if f not in corrected and not (f == "sla" and any(k.startswith("sla.") for k in corrected))]
        merged.fields.update(yaml_doc.fields)
        merged.problems.extend(yaml_doc.problems)
    return merged


def review_contract(doc: ContractDocument, known_clients: set[str] | None = None) -> list[tuple[str, str]]:
    """Reasons this contract cannot be judged (empty list: ok)."""
    f = doc.fields
    reasons = [(fld, r) for fld, r in doc.problems if not r.endswith("(ignored)")]
    model = f["billing.model"].value if "billing.model" in f else None
    required = list(ALWAYS_REQUIRED) + list(REQUIRED_BY_MODEL.get(model, ()))
    for key in required:
        if key not in f or f[key].value is None:
            if not any(fld == key for fld, _ in reasons):
                reasons.append((key, f"{key}: missing"))
    for key, item in f.items():
        if item.confidence < REVIEW_CONFIDENCE:
            reasons.append((key, f"{key}: low confidence ({item.confidence:.2f}) in {item.snippet[:80]!r}"))
    if "start_date" in f and "end_date" in f and f["start_date"].value and f["end_date"].value:
        if f["end_date"].value < f["start_date"].value:
            reasons.append(("end_date", "end_date: before start_date"))
    if known_clients is not None and "client_id" in f and f["client_id"].value not in known_clients:
        reasons.append(("client_id", f"client_id: unknown client {f['client_id'].value}"))
    for p in PRIORITIES:
        resp, reso = f.get(f"sla.{p}.response_minutes"), f.get(f"sla.{p}.resolution_minutes")
        if resp and reso and resp.value is not None and reso.value is not None and reso.value < resp.value:
            reasons.append((f"sla.{p}", f"sla.{p}: resolution target shorter than response target"))
    # de-duplicate, keep order
    seen: set[tuple[str, str]] = set()
    return [r for r in reasons if not (r in seen or seen.add(r))]


# Identity: a contract row cannot exist without them, so an unsure one stays (and its review item
# blocks every judgement of the contract, see int_contract_judgement_review).
_IDENTITY_FIELDS = frozenset({"contract_id", "client_id"})


def _value(doc: ContractDocument, key: str) -> Any:
    """A term's value for the clean tables. Below REVIEW_CONFIDENCE a term is not a value (data
    contract section 2): NULL here, its candidate kept in term_provenance and listed for review."""
    item = doc.fields.get(key)
    if item is None:
        return None
    if item.confidence < REVIEW_CONFIDENCE and key not in _IDENTITY_FIELDS:
        return None
    return item.value


def contract_rows(doc: ContractDocument, reasons: list[tuple[str, str]],
                  default_ladder: list[dict] | None = None) -> dict[str, list[dict]]:
    """Rows for each clean.contract_* table from one merged contract. `escalation_steps` is the
    contract's resolved ladder: its own `escalation:` list (YAML, or the clause its PDF states),
    else `default_ladder` (the config); `source` says which ('contract', 'default', or
    'default_under_review' while the contract's own ladder is listed for review)."""
    cid = _value(doc, "contract_id")
    v = lambda k: _value(doc, k)  # noqa: E731
    contract = {
        "contract_id": cid,
        "client_id": v("client_id"),
        "title": v("title"),
        "tier": v("tier"),
        "start_date": v("start_date"),
        "end_date": v("end_date"),
        "auto_renew": v("auto_renew"),
        "renewal_notice_days": v("renewal_notice_days"),
        "previous_contract_id": v("previous_contract_id"),
        "annual_value": v("annual_value"),
        "currency": v("currency"),
        "billing_model": v("billing.model"),
        "monthly_fee": v("billing.monthly_fee"),
        "included_hours_per_month": v("billing.included_hours_per_month"),
        "overage_rate": v("billing.overage_rate"),
        "rate_standard": v("billing.rates.standard"),
        "rate_after_hours": v("billing.rates.after_hours"),
        "rate_emergency": v("billing.rates.emergency"),
        "coverage_timezone": v("coverage.timezone"),
        "coverage_hours": v("coverage.hours"),
        "public_holidays": v("coverage.public_holidays"),
        "credit_pct_per_breach": v("penalties.credit_pct_per_breach"),
        "monthly_credit_cap_pct": v("penalties.monthly_credit_cap_pct"),
        "special_instructions": v("special_instructions"),
        "review_status": "needs_review" if reasons else "ok",
        "review_reasons": "; ".join(r for _, r in reasons) or None,
        "source_pdf": doc.pdf_file,
        "source_yaml": doc.yaml_file,
    }
    rows: dict[str, list[dict]] = {k: [] for k in TABLE_COLUMNS}
    rows["contracts"].append(contract)
    for p in PRIORITIES:
        keys = [f"sla.{p}.{k}" for k in ("response_minutes", "resolution_minutes", "clock")]
        if any(k in doc.fields for k in keys):
            rows["contract_sla"].append(
                {"contract_id": cid, "priority": p, "response_minutes": v(keys[0]), "resolution_minutes": v(keys[1]), "clock": v(keys[2])}
            )
    for inclusion, key in (("included", "included_services"), ("excluded", "excluded_services")):
        for s in v(key) or []:
            rows["contract_services"].append({"contract_id": cid, "service_type": s, "inclusion": inclusion})
    hours = v("coverage.hours")
    if hours:
        try:
            is_24x7, windows = parse_coverage_hours(hours)
        except CoverageHoursError:
            is_24x7, windows = False, []
        for w in windows:
            rows["coverage_windows"].append(
                {"contract_id": cid, "iso_dow": w.iso_dow, "start_second": w.start_second, "end_second": w.end_second, "is_24x7": is_24x7}
            )
    for d in v("coverage.closed_dates") or []:
        rows["closed_dates"].append({"contract_id": cid, "closed_date": d})
    for c in v("escalation_contacts") or []:
        rows["escalation_contacts"].append({"contract_id": cid, **c})
    # The contract's own ladder; while the ladder it states is under review (an unsure PDF reading,
    # a YAML list with an error) the default ladder applies, marked 'default_under_review' so it
    # is never taken for a contract that states none (the term is listed for review).
    own_ladder = v("escalation")
    stated = "escalation" in doc.fields or any(fld == "escalation" for fld, _ in reasons)
    source = "contract" if own_ladder else "default_under_review" if stated else "default"
    for step in own_ladder or default_ladder or []:
        rows["escalation_steps"].append({"contract_id": cid, **step, "source": source})
    for c in v("compliance.required_credentials") or []:
        rows["required_credentials"].append({"contract_id": cid, "credential": c})
    for p in POLICY_TYPES:
        amount = v(f"compliance.insurance_minimums.{p}")
        if amount is not None:
            rows["insurance_minimums"].append({"contract_id": cid, "policy_type": p, "minimum_amount": amount})
    for c in v("compliance.security_clauses") or []:
        rows["security_clauses"].append({"contract_id": cid, "clause": c})
    for key, item in sorted(doc.fields.items()):
        rows["term_provenance"].append(
            {
                "contract_id": cid,
                "field": key,
                "value": _display(item.value) if FIELDS.get(key) != "escalation_steps" or not item.value
                else yaml.safe_dump(escalation_yaml(item.value), default_flow_style=True, width=10**6).strip(),
                "source": item.source,
                "page": item.page,
                "snippet": item.snippet,
                "confidence": float(item.confidence),
            }
        )
    for fld, reason in reasons:
        rows["review_items"].append({"contract_id": cid, "field": fld, "reason": reason})
    for i, text in enumerate(doc.pages, start=1):
        rows["contract_document_pages"].append({"contract_id": cid, "source_file": doc.pdf_file, "page": i, "text": text})
    return rows


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(_display(v) or "" for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return str(value)


# DuckDB column types of every clean.contract_* table (order = column order).
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "contracts": {
        "contract_id": "VARCHAR", "client_id": "VARCHAR", "title": "VARCHAR", "tier": "VARCHAR",
        "start_date": "DATE", "end_date": "DATE", "auto_renew": "BOOLEAN", "renewal_notice_days": "INTEGER",
        "previous_contract_id": "VARCHAR", "annual_value": "DECIMAL(18,2)", "currency": "VARCHAR",
        "billing_model": "VARCHAR", "monthly_fee": "DECIMAL(18,2)", "included_hours_per_month": "DOUBLE",
        "overage_rate": "DECIMAL(18,2)", "rate_standard": "DECIMAL(18,2)", "rate_after_hours": "DECIMAL(18,2)",
        "rate_emergency": "DECIMAL(18,2)", "coverage_timezone": "VARCHAR", "coverage_hours": "VARCHAR",
        "public_holidays": "BOOLEAN", "credit_pct_per_breach": "DOUBLE", "monthly_credit_cap_pct": "DOUBLE",
        "special_instructions": "VARCHAR", "review_status": "VARCHAR", "review_reasons": "VARCHAR",
        "source_pdf": "VARCHAR", "source_yaml": "VARCHAR",
    },
    "contract_sla": {"contract_id": "VARCHAR", "priority": "VARCHAR", "response_minutes": "INTEGER", "resolution_minutes": "INTEGER", "clock": "VARCHAR"},
    "contract_services": {"contract_id": "VARCHAR", "service_type": "VARCHAR", "inclusion": "VARCHAR"},
    "coverage_windows": {"contract_id": "VARCHAR", "iso_dow": "INTEGER", "start_second": "INTEGER", "end_second": "INTEGER", "is_24x7": "BOOLEAN"},
    "closed_dates": {"contract_id": "VARCHAR", "closed_date": "DATE"},
    "escalation_contacts": {"contract_id": "VARCHAR", "level": "INTEGER", "name": "VARCHAR", "role": "VARCHAR", "email": "VARCHAR", "phone": "VARCHAR"},
    "escalation_steps": {"contract_id": "VARCHAR", "priority": "VARCHAR", "clock": "VARCHAR", "threshold_pct": "DOUBLE", "notify": "VARCHAR", "contact_level": "INTEGER", "source": "VARCHAR"},
    "required_credentials": {"contract_id": "VARCHAR", "credential": "VARCHAR"},
    "insurance_minimums": {"contract_id": "VARCHAR", "policy_type": "VARCHAR", "minimum_amount": "DECIMAL(18,2)"},
    "security_clauses": {"contract_id": "VARCHAR", "clause": "VARCHAR"},
    "term_provenance": {"contract_id": "VARCHAR", "field": "VARCHAR", "value": "VARCHAR", "source": "VARCHAR", "page": "INTEGER", "snippet": "VARCHAR", "confidence": "DOUBLE"},
    "review_items": {"contract_id": "VARCHAR", "field": "VARCHAR", "reason": "VARCHAR"},
    "contract_document_pages": {"contract_id": "VARCHAR", "source_file": "VARCHAR", "page": "INTEGER", "text": "VARCHAR"},
}
