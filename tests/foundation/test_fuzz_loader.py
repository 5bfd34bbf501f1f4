"""Fuzzing the CSV loader (hypothesis): on random bytes, random headers and random cell values it
never crashes, and every file is either accounted (rows_read = clean + rejected + superseded,
each raw row in exactly one place) or rejected whole with a reason. Bounded to a few seconds."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testkit import write_landing
from extractors.landing import KINDS, accounting_violations, load_kind
from foundation.landing_fixture import CLIENTS, TECHNICIANS

TICKET_COLUMNS = [c.name for c in KINDS["tickets"].columns]
CELLS = st.one_of(
    st.sampled_from(["", "K1", "C1", "C2", "T1", "P1", "p4", "P9", "open", "Closed", "network", "2025-03-04T09:00:00",
                     "2025-03-04T09:00:00Z", "9999-12-31T00:00:00", "0001-01-01", "2025-02-30", "1e30", "nan", "-0",
                     "Mars/Base", '"', '""', ",", "\n", "\r\n", "\ufeff", "_zone"]),
    st.text(max_size=12),
)
HEADER_NAMES = st.one_of(st.sampled_from(TICKET_COLUMNS + ["Priority", "STATUS", "", " ", "_zone", "_raw_record",
                                                           "_source_file", "_row_number", "extra"]),
                         st.text(max_size=8))


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@st.composite
def ticket_files(draw) -> bytes:
    shape = draw(st.sampled_from(["valid header", "random header", "random bytes", "mangled"]))
    if shape == "random bytes":
        return draw(st.binary(max_size=300))
    header = list(TICKET_COLUMNS)
    if shape == "random header":
        header = draw(st.lists(HEADER_NAMES, min_size=1, max_size=8))
        if draw(st.booleans()):
            header += TICKET_COLUMNS[:6]
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    data = _csv_text(header, rows).encode("utf-8")
    if shape == "mangled":  # a quote, a comma or a line break put anywhere, as broken exports do
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b'"', b",", b"\n", b'"\n', b"\r"])) + data[at:]
    return data


_BASE = tempfile.TemporaryDirectory()
_REFERENCE = write_landing(Path(_BASE.name) / "reference", {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS})
_CON = duckdb.connect()
_CON.execute("SET TimeZone = 'UTC'")
for _kind in ("clients", "technicians"):
    load_kind(_CON, _REFERENCE, _kind)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(ticket_files(), min_size=1, max_size=3))
def test_the_loader_accounts_every_row_of_any_input(files):
    with tempfile.TemporaryDirectory() as folder:
        landing = Path(folder)
        names = [f"tickets_{i}.csv" for i in range(len(files))]
        for name, data in zip(names, files):
            (landing / name).write_bytes(data)

        report = load_kind(_CON, landing, "tickets")

        accounted = dict(_CON.execute(
            "SELECT source_file, rows_read - rows_clean - rows_rejected - rows_superseded FROM quarantine.file_accounting "
            "WHERE kind = 'tickets'").fetchall())
        rejected = {r[0] for r in _CON.execute("SELECT source_file FROM quarantine.rejected_files WHERE kind = 'tickets'").fetchall()}
        # every file in exactly one of the two places, and each accounted file balances
        assert set(accounted) | rejected == set(names)
        assert not set(accounted) & rejected
        assert all(gap == 0 for gap in accounted.values())
        assert [v for v in accounting_violations(_CON) if v[0] == "tickets"] == []
        assert report.rows_read == report.rows_clean + report.rows_rejected + report.rows_superseded
        # a rejected row always says why
        assert _CON.execute("SELECT count(*) FROM quarantine.rejected_rows WHERE kind = 'tickets' AND len(reasons) = 0").fetchone()[0] == 0
