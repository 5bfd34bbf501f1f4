"""The complete example mapping in the README is a valid mapping and does what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

from connectors.mapkit import accounting, load_through, reasons
from testkit import write_landing

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_example_maps_a_report(tmp_path):
    section = README.read_text(encoding="utf-8").split("### The format, with one complete example", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    folder = tmp_path / "mapping"
    folder.mkdir()
    (folder / "acme.yaml").write_text(example, encoding="utf-8")
    (folder / "acme_clients.csv").write_text("source_value,client_id\nAcme Corp,C1\n", encoding="utf-8")
    rows = [
        {"Ticket #": "A-1", "Company": "Acme Corp", "Date Entered": "04/03/2025 09:00", "Priority": "2 - High",
         "Type": "Network", "Status": "waiting on customer", "Resolved": "N/A", "Owner": "Unassigned",
         "Summary": "VPN", "Board": "Help Desk", "Last Updated": "04/03/2025 10:00"},
        {"Ticket #": "A-2", "Company": "Acme Corp", "Date Entered": "?", "Created": "04/03/2025",
         "Priority": "5 - Planning", "Type": "Network", "Status": "New", "Resolved": "", "Owner": "T1",
         "Summary": "x", "Board": "y", "Last Updated": "04/03/2025 10:00"},
    ]
    export = write_landing(tmp_path / "export", {"report.csv": rows}) / "report.csv"
    text = export.read_text(encoding="utf-8").replace(",", ";")  # the example's delimiter
    export.write_bytes(text.encode("cp1252"))
    con = load_through(tmp_path, folder / "acme.yaml", export)
    assert accounting(con, "tickets") == (2, 1, 1, 0)
    # 09:00 Europe/London (GMT in March) = 09:00Z; `Waiting...` by the rule; Unassigned = missing.
    assert con.execute(
        "SELECT ticket_id, client_id, priority, status, service_type, technician_id, summary, strftime(created_at, '%H:%M'), "
        "resolved_at FROM clean.tickets").fetchall() == [
        ("A-1", "C1", "P2", "on_hold", "network", None, "VPN (Help Desk)", "09:00", None)]
    assert reasons(con, "tickets") == {2: ["priority: '5 - Planning' not in P1..P4"]}
