"""A mapping file: how one system's export becomes landing rows (README, "Mapping another system").

Parsing and validating a mapping is all this module does. Every mistake a user can make in the
file is a :class:`MappingError` whose message is one line naming the file and the key
(``servicenow.yaml: tickets.priority.map: unknown value map 'priorities'``), raised before any
export is read or anything is loaded.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from extractors.landing import KINDS

FORMATS = ("csv", "xlsx", "jsonl")
# The landing kinds a mapping may write (the loader accepts mapped rows of every kind; these are
# the ones an export of a ticketing or time system carries).
OUTPUT_KINDS = ("tickets", "ticket_status_history", "timesheets", "technicians", "clients")
SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# strftime directives the parser (polars/chrono) understands; anything else is a typo.
_DIRECTIVE = re.compile(r"%(?:[-_0^#]?[YCymbBhdejaAuwUWGgVHkIlMSfpPZzT+DFRrcxXsnt%]|\.f|\.3f|\.6f|\.9f|:z|::z|#z|3f|6f|9f)")
_DATE_DIRECTIVE = re.compile(r"%(?:[-_0^#]?[YyCmbBhdejDFcxsGg+])")


class MappingError(ValueError):
    """A mistake in a mapping file; the message is one line for the user."""


@dataclass(frozen=True)
class ValueMap:
    name: str
    exact: dict[str, str] = field(default_factory=dict)
    rules: tuple[tuple[str, str], ...] = ()  # (regex, replacement), tried in order after `exact`
    ignore_case: bool = False
    default: str | None = None  # None: the raw value passes through (quarantine names it)


@dataclass(frozen=True)
class FieldSpec:
    landing: str  # landing column
    columns: tuple[str, ...] = ()  # source columns / JSON paths, first present value wins
    template: str | None = None  # "{subcategory} / {u_symptom}"
    value: str | None = None  # a constant
    value_map: str | None = None  # name in Mapping.value_maps
    formats: tuple[str, ...] = ()  # timestamp formats (timestamp columns only)
    missing: tuple[str, ...] | None = None  # added to the mapping-wide markers

    def source_columns(self) -> list[str]:
        cols = list(self.columns)
        if self.template is not None:
            cols.extend(template_columns(self.template))
        return cols


@dataclass(frozen=True)
class EventLog:
    first_response_status_in: tuple[str, ...] = ()  # first event in one of these landing statuses
    status_history: bool = True


@dataclass(frozen=True)
class Mapping:
    path: Path
    source: str
    system: str
    format: str | None  # None: from the export's file name
    delimiter: str = ","
    encoding: str = "utf-8"
    sheet: str | None = None
    missing: tuple[str, ...] = ("",)
    timezone: str | None = None
    timestamp_formats: tuple[str, ...] = ()
    value_maps: dict[str, ValueMap] = field(default_factory=dict)
    outputs: dict[str, dict[str, FieldSpec]] = field(default_factory=dict)
    events: EventLog | None = None
    lookup_files: tuple[Path, ...] = ()

    def err(self, key: str, message: str) -> MappingError:
        return MappingError(f"{self.path.name}: {key}: {message}")

    def source_columns(self) -> dict[str, list[str]]:
        """Every source column the mapping reads -> the keys that read it."""
        used: dict[str, list[str]] = {}
        for kind, fields in self.outputs.items():
            for spec in fields.values():
                for col in spec.source_columns():
                    used.setdefault(col, []).append(f"{kind}.{spec.landing}")
        return used

    def kinds_written(self) -> list[str]:
        kinds = list(self.outputs)
        if self.events and self.events.status_history and "ticket_status_history" not in kinds:
            kinds.append("ticket_status_history")
        return kinds


def template_columns(template: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", template)


def _err(path: Path, key: str, message: str) -> MappingError:
    return MappingError(f"{path.name}: {key}: {message}")


def check_format(fmt: object, path: Path, key: str) -> str:
    if not isinstance(fmt, str) or not fmt.strip():
        raise _err(path, key, "a timestamp format must be a non-empty string such as '%d/%m/%Y %H:%M'")
    rest = _DIRECTIVE.sub("", fmt)
    if "%" in rest:
        bad = rest[rest.index("%"):][:2]
        raise _err(path, key, f"unparseable format string {fmt!r}: unknown directive {bad!r}")
    if not _DATE_DIRECTIVE.search(fmt):
        raise _err(path, key, f"unparseable format string {fmt!r}: no date directive (%Y, %d, %m, ...)")
    return fmt


def _str_list(value: object, path: Path, key: str) -> tuple[str, ...]:
    if isinstance(value, (str, int, float, bool)):
        return (_scalar(value),)
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return tuple(_scalar(v) for v in value)
    raise _err(path, key, "must be a string or a list of strings")


def _scalar(value: object) -> str:
    """YAML scalars as the text an export would hold (true -> 'true', 1 -> '1')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _known_keys(block: dict, allowed: set[str], path: Path, prefix: str) -> None:
    for k in block:
        if k not in allowed:
            raise _err(path, f"{prefix}{k}", f"unknown key (expected one of: {', '.join(sorted(allowed))})")


def _read_lookup(path: Path, file_value: object, key: str) -> dict[str, str]:
    if not isinstance(file_value, str):
        raise _err(path, key, "must be the name of a CSV file beside the mapping")
    target = (path.parent / file_value)
    if not target.is_file():
        raise _err(path, key, f"lookup file {file_value!r} not found beside the mapping")
    try:
        with target.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _err(path, key, f"lookup file {file_value!r} is not a UTF-8 CSV ({exc})") from None
    # The first column is the source value, the second the landing value, whatever the header
    # calls them (source_value,client_id / source_client_key,client_id ...).
    if not rows or len(rows[0]) < 2:
        raise _err(path, key, f"lookup file {file_value!r} must have a header row of two columns, e.g. source_value,client_id")
    table: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[1].strip():
            raise _err(path, key, f"lookup file {file_value!r} line {number}: no value for {row[0]!r}")
        source_value = row[0].strip()
        if source_value in table and table[source_value] != row[1].strip():
            raise _err(path, key, f"lookup file {file_value!r} line {number}: {source_value!r} is mapped twice")
        table[source_value] = row[1].strip()
    return table


def _value_map(path: Path, name: str, block: object) -> tuple[ValueMap, Path | None]:
    key = f"value_maps.{name}"
    if not isinstance(block, dict):
        raise _err(path, key, "must be a mapping of source value -> landing value, or {values:, rules:, file:}")
    structured = {"values", "rules", "file", "ignore_case", "default"}
    if not any(k in structured for k in block):
        block = {"values": block}
    _known_keys(block, structured, path, key + ".")
    exact: dict[str, str] = {}
    lookup_path = None
    if "file" in block:
        exact.update(_read_lookup(path, block["file"], key + ".file"))
        lookup_path = path.parent / block["file"]
    values = block.get("values") or {}
    if not isinstance(values, dict):
        raise _err(path, key + ".values", "must be a mapping of source value -> landing value")
    for source_value, landing_value in values.items():
        if not isinstance(landing_value, (str, int, float, bool)):
            raise _err(path, f"{key}.values.{source_value}", "the landing value must be a single value")
        exact[_scalar(source_value)] = _scalar(landing_value)
    rules = []
    for i, rule in enumerate(block.get("rules") or []):
        rkey = f"{key}.rules[{i}]"
        if not isinstance(rule, dict) or "match" not in rule or "value" not in rule:
            raise _err(path, rkey, "each rule is {match: REGEX, value: LANDING VALUE} ($1 in value = the first group)")
        _known_keys(rule, {"match", "value"}, path, rkey + ".")
        try:
            re.compile(str(rule["match"]))
        except re.error as exc:
            raise _err(path, rkey + ".match", f"not a regular expression: {exc}") from None
        rules.append((str(rule["match"]), _scalar(rule["value"])))
    ignore_case = block.get("ignore_case", False)
    if not isinstance(ignore_case, bool):
        raise _err(path, key + ".ignore_case", "must be true or false")
    default = block.get("default")
    if default is not None and not isinstance(default, (str, int, float, bool)):
        raise _err(path, key + ".default", "must be a single value (leave it out to pass unknown values through)")
    if ignore_case:
        exact = {k.lower(): v for k, v in exact.items()}
    return ValueMap(name, exact, tuple(rules), ignore_case, None if default is None else _scalar(default)), lookup_path


_FIELD_KEYS = {"column", "template", "value", "map", "format", "missing"}


def _field(mapping_path: Path, kind: str, landing: str, spec: object, value_maps: dict[str, ValueMap],
           default_formats: tuple[str, ...], inline_maps: dict[str, ValueMap]) -> FieldSpec:
    key = f"{kind}.{landing}"
    col = next((c for c in KINDS[kind].columns if c.name == landing), None)
    if col is None:
        names = ", ".join(c.name for c in KINDS[kind].columns)
        raise _err(mapping_path, key, f"not a landing column of {kind} (columns: {names})")
    if isinstance(spec, str):
        spec = {"column": spec}
    if isinstance(spec, list):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise _err(mapping_path, key, "must be a source column name or {column:, map:, format:, template:, value:}")
    _known_keys(spec, _FIELD_KEYS, mapping_path, key + ".")
    sources = [k for k in ("column", "template", "value") if k in spec]
    if len(sources) != 1:
        raise _err(mapping_path, key, "needs exactly one of column, template or value")
    columns: tuple[str, ...] = ()
    if "column" in spec:
        columns = _str_list(spec["column"], mapping_path, key + ".column")
        if not all(c.strip() for c in columns):
            raise _err(mapping_path, key + ".column", "a column name cannot be empty")
    template = None
    if "template" in spec:
        template = spec["template"]
        if not isinstance(template, str) or not template_columns(template):
            raise _err(mapping_path, key + ".template", "must be text naming source columns in braces, e.g. '{subcategory} / {u_symptom}'")
    value = _scalar(spec["value"]) if "value" in spec else None
    value_map = None
    if "map" in spec:
        m = spec["map"]
        if isinstance(m, str):
            if m not in value_maps:
                known = ", ".join(sorted(value_maps)) or "none defined"
                raise _err(mapping_path, key + ".map", f"unknown value map {m!r} (value_maps: {known})")
            value_map = m
        elif isinstance(m, dict):
            value_map = f"{kind}.{landing}"
            inline_maps[value_map] = _value_map(mapping_path, value_map, m)[0]
        else:
            raise _err(mapping_path, key + ".map", "must name a value map or be an inline one")
    formats: tuple[str, ...] = ()
    if "format" in spec:
        if col.type not in ("ts", "date"):
            raise _err(mapping_path, key + ".format", f"{landing} is not a timestamp column")
        formats = tuple(check_format(f, mapping_path, key + ".format") for f in _str_list(spec["format"], mapping_path, key + ".format"))
    elif col.type in ("ts", "date"):
        formats = default_formats
    missing = _str_list(spec["missing"], mapping_path, key + ".missing") if "missing" in spec else None
    return FieldSpec(landing, columns, template, value, value_map, formats, missing)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice (PyYAML would silently keep the last)."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_mapping(path: str | Path) -> Mapping:
    """Parse and validate a mapping file (not yet against an export: see ``check_columns``)."""
    path = Path(path)
    if not path.is_file():
        raise MappingError(f"{path.name}: mapping file not found ({path})")
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)
    except UnicodeDecodeError:
        raise MappingError(f"{path.name}: not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MappingError(f"{path.name}: invalid YAML at {where}: {problem}") from None
    if not isinstance(doc, dict):
        raise MappingError(f"{path.name}: (top level): a mapping file is a YAML mapping with source:, format: and one block per landing kind")
    top = {"source", "system", "format", "csv", "sheet", "missing", "timezone", "timestamp_formats",
           "value_maps", "events", *OUTPUT_KINDS}
    _known_keys(doc, top, path, "")
    source = doc.get("source")
    if not isinstance(source, str) or not SOURCE_NAME.match(source):
        raise _err(path, "source", "required: a short name in lower case letters, digits and _ (e.g. servicenow)")
    fmt = doc.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise _err(path, "format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    csv_block = doc.get("csv") or {}
    if not isinstance(csv_block, dict):
        raise _err(path, "csv", "must be {delimiter:, encoding:}")
    _known_keys(csv_block, {"delimiter", "encoding"}, path, "csv.")
    delimiter = csv_block.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _err(path, "csv.delimiter", "must be a single character")
    encoding = csv_block.get("encoding", "utf-8")
    if encoding not in ("utf-8", "utf8", "utf-8-sig", "latin-1", "latin1", "cp1252", "windows-1252"):
        raise _err(path, "csv.encoding", f"{encoding!r} is not supported (utf-8, utf-8-sig, latin-1, cp1252)")
    sheet = doc.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise _err(path, "sheet", "must be a sheet name")
    missing = _str_list(doc["missing"], path, "missing") if "missing" in doc else ("",)
    tz = doc.get("timezone")
    if tz is not None:
        from zoneinfo import available_timezones

        if not isinstance(tz, str) or tz not in available_timezones():
            raise _err(path, "timezone", f"{tz!r} is not an IANA time zone (e.g. UTC, Europe/London); leave it out to read naive times in each client's zone")
    default_formats = ()
    if "timestamp_formats" in doc:
        default_formats = tuple(
            check_format(f, path, "timestamp_formats") for f in _str_list(doc["timestamp_formats"], path, "timestamp_formats")
        )

    value_maps: dict[str, ValueMap] = {}
    lookup_files: list[Path] = []
    vm_block = doc.get("value_maps") or {}
    if not isinstance(vm_block, dict):
        raise _err(path, "value_maps", "must be a mapping of map name -> map")
    for name, block in vm_block.items():
        vm, lookup = _value_map(path, str(name), block)
        value_maps[str(name)] = vm
        if lookup is not None:
            lookup_files.append(lookup)

    inline: dict[str, ValueMap] = {}
    outputs: dict[str, dict[str, FieldSpec]] = {}
    for kind in OUTPUT_KINDS:
        if kind not in doc:
            continue
        block = doc[kind]
        if not isinstance(block, dict) or not block:
            raise _err(path, kind, "must map landing columns to source columns")
        outputs[kind] = {
            str(landing): _field(path, kind, str(landing), spec, value_maps, default_formats, inline)
            for landing, spec in block.items()
        }
    if not outputs:
        raise _err(path, "(top level)", f"maps no landing kind (add one of: {', '.join(OUTPUT_KINDS)})")
    value_maps.update(inline)

    events = None
    if "events" in doc:
        ev = doc["events"]
        if not isinstance(ev, dict):
            raise _err(path, "events", "must be {first_response: {status_in: [...]}, status_history: true}")
        _known_keys(ev, {"first_response", "status_history"}, path, "events.")
        if "tickets" not in outputs:
            raise _err(path, "events", "an event log needs a tickets block")
        for needed in ("ticket_id", "updated_at", "status"):
            if needed not in outputs["tickets"]:
                raise _err(path, f"tickets.{needed}", "required for an event log (events:): one row per event, the latest updated_at wins")
        first_in: tuple[str, ...] = ()
        if "first_response" in ev:
            fr = ev["first_response"]
            if not isinstance(fr, dict) or set(fr) != {"status_in"}:
                raise _err(path, "events.first_response", "must be {status_in: [landing statuses]}, e.g. [in_progress]")
            first_in = _str_list(fr["status_in"], path, "events.first_response.status_in")
            statuses = next(c for c in KINDS["tickets"].columns if c.name == "status").values
            for s in first_in:
                if s not in statuses:
                    raise _err(path, "events.first_response.status_in", f"{s!r} is not a landing status ({', '.join(statuses)})")
            if "first_response_at" in outputs["tickets"]:
                raise _err(path, "events.first_response", "tickets.first_response_at is mapped too: keep one of the two")
        history = ev.get("status_history", True)
        if not isinstance(history, bool):
            raise _err(path, "events.status_history", "must be true or false")
        if history and "ticket_status_history" in outputs:
            raise _err(path, "ticket_status_history", "events.status_history derives it already: keep one of the two")
        events = EventLog(first_in, history)

    for kind, fields in outputs.items():
        missing_required = [c for c in KINDS[kind].required if c not in fields]
        if missing_required:
            raise _err(path, f"{kind}.{missing_required[0]}", f"required landing column of {kind} is not mapped")

    return Mapping(
        path=path, source=source, system=str(doc.get("system") or source), format=fmt,
        delimiter=delimiter, encoding=encoding, sheet=sheet, missing=missing, timezone=tz,
        timestamp_formats=default_formats, value_maps=value_maps, outputs=outputs, events=events,
        lookup_files=tuple(lookup_files),
    )
