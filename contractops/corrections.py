"""A contract admin's answer to a review item, written as the contract's YAML correction.

The only code that writes the landing zone on a person's behalf (the app's review queue calls it).
Spec section 2: terms come from the PDF and an optional YAML with the same file stem, and YAML
wins field by field; so confirming or correcting one term means setting that one key in
`contracts/<stem>.yaml`, keeping every other key the file already holds. The next run reads it
(the landing sensor watches `contracts/*.yaml`).

    value = parse_answer("end_date", "2026-03-31")       # -> datetime.date, or CorrectionError
    write_correction(landing, "contracts/x.yaml", "SOW-7", "end_date", value)

Values are checked by the same normaliser the YAML reader uses (`extractors.contract_terms`), so
an answer the next run would reject is refused here, with the same reason. The file is replaced
atomically (temp file in the same folder, fsync, `os.replace`) under an exclusive lock, so a
run never reads half a file and two admins answering at once do not lose each other's answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import yaml

from extractors.contract_terms import FIELDS, TermError, escalation_yaml, normalise
from extractors.coverage_hours import CoverageHoursError
from extractors.safe_yaml import YamlLimitError, load_bounded
from extractors.vocabularies import PRIORITIES

_LIST_KINDS = {"date_list", "service_list", "text_list"}
_SLA_KEYS = ("response_minutes", "resolution_minutes", "clock")


class CorrectionError(ValueError):
    """The answer cannot be written: str() says why, in the words the next run would use."""


def correctable(field: str) -> bool:
    """A review item whose field is one term of section 2 can be answered with a value; others
    ('document', 'sla', 'sla.P1' as a whole) need an edit of the YAML by hand."""
    return field in FIELDS


def field_kind(field: str) -> str | None:
    return FIELDS.get(field)


def parse_answer(field: str, text: str) -> Any:
    """The admin's typed answer -> the term's canonical value (what the YAML reader would make
    of it). Lists: comma-separated or a YAML list; contacts and the escalation ladder: a YAML list
    of mappings."""
    if not correctable(field):
        raise CorrectionError(f"{field}: not a single term; edit the YAML file by hand")
    kind = FIELDS[field]
    raw: Any = (text or "").strip()
    if raw == "":
        raise CorrectionError(f"{field}: empty answer")
    if kind in _LIST_KINDS:
        raw = _yaml_value(field, raw) if raw.startswith("[") else [p.strip() for p in raw.split(",") if p.strip()]
    elif kind in ("contacts", "escalation_steps"):
        raw = _yaml_value(field, raw)
    try:
        value = normalise(field, raw)
    except (TermError, CoverageHoursError) as exc:
        raise CorrectionError(f"{field}: {exc}") from None
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CorrectionError(f"{field}: {raw!r} is not a valid value") from None
    if value is None or value == []:
        raise CorrectionError(f"{field}: empty answer")
    return value


def _yaml_value(field: str, text: str) -> Any:
    try:
        return load_bounded(text)
    except (YamlLimitError, yaml.YAMLError):
        raise CorrectionError(f"{field}: not valid YAML") from None


def _plain(value: Any) -> Any:
    """A canonical value as YAML writes it back (dates stay dates; money as a number)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _set(doc: dict, field: str, value: Any) -> None:
    """Set one field path in the nested YAML shape of section 2, leaving the rest as it is."""
    parts = field.split(".")
    if parts[0] == "sla" and len(parts) == 3 and parts[1] in PRIORITIES and parts[2] in _SLA_KEYS:
        rows = doc.get("sla")
        if not isinstance(rows, list):
            rows = doc["sla"] = []
        row = next((r for r in rows if isinstance(r, dict)
                    and str(r.get("priority", "")).strip().upper() == parts[1]), None)
        if row is None:
            row = {"priority": parts[1]}
            rows.append(row)
        row[parts[2]] = value
        rows.sort(key=lambda r: str(r.get("priority", "")) if isinstance(r, dict) else "~")
        return
    node = doc
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def _target(landing: Path, correction_file: str) -> Path:
    """The YAML inside landing/contracts/ (never elsewhere, whatever the mart row says)."""
    folder = (Path(landing) / "contracts").resolve()
    path = (Path(landing) / correction_file).resolve()
    if path.parent != folder or path.suffix.lower() not in {".yaml", ".yml"}:
        raise CorrectionError(f"{correction_file}: not a contract YAML in the landing zone's contracts/ folder")
    return path


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on the contracts folder itself (flock on its directory handle): no lock
    file is left in the landing zone."""
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_correction(landing: Path, correction_file: str, contract_id: str, field: str, value: Any,
                     note: str | None = None, contract_id_under_review: bool = False) -> Path:
    """Set `field` to `value` in the contract's YAML (created if absent, merged if present) and
    return its path. `contract_id` goes into a new file (the YAML reader requires it); an
    existing file's contract_id is kept unless the answer is the contract_id itself. While the
    contract_id is itself under review, a new file cannot be started by another term: writing
    the unconfirmed id would confirm it silently (YAML wins), so it must be answered first."""
    if not correctable(field):
        raise CorrectionError(f"{field}: not a single term; edit the YAML file by hand")
    path = _target(landing, correction_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        doc: dict = {}
        if path.exists():
            try:
                loaded = load_bounded(path.read_text(encoding="utf-8"))
            except (YamlLimitError, yaml.YAMLError, UnicodeDecodeError) as exc:
                raise CorrectionError(f"{correction_file}: the existing file is not valid YAML "
                                      f"({str(exc).splitlines()[0]}); fix it by hand first") from None
            if loaded is not None and not isinstance(loaded, dict):
                raise CorrectionError(f"{correction_file}: the existing file is not a mapping of terms")
            doc = loaded or {}
        if not str(doc.get("contract_id") or "").strip():
            if contract_id_under_review and field != "contract_id":
                raise CorrectionError("contract_id is under review too: confirm or correct it first "
                                      "(a YAML correction names its contract, and would confirm it)")
            doc = {"contract_id": contract_id, **doc}
        if FIELDS.get(field) == "escalation_steps":
            value = escalation_yaml(value)  # the YAML shape, not the clean table's rows
        _set(doc, field, _plain(value))
        header = (f"# Contract terms corrected in the contractops review queue (YAML wins field by field).\n"
                  f"# Last answer: {field}{' - ' + note if note else ''}\n")
        text = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=None)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    return path
