"""An escalation ladder stated in a contract PDF, through the real pipeline (PDF reader, merge
with the contract's YAML, clean.escalation_steps, dbt): it replaces the default ladder with
source 'contract'; an unsure one is listed for review, the default ladder applies meanwhile
(source 'default_under_review') and the SLA judgement of the contract is not withheld.

Each contract is a PDF stating its escalation clause plus a YAML with the other terms (the
helpers of test_escalations.py: America/New_York, Mon-Fri 08:00-18:00, US holidays, every
priority 100 response / 400 resolution business minutes), so only the ladder comes from the PDF.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fpdf import FPDF
from testkit import materialize, query, write_landing

from escalations.test_escalations import CONTACTS, contract, ticket

AS_OF = "2026-11-22T12:00:00+00:00"


def _pdf(contract_id: str, client_id: str, clause: list[tuple[str, object]]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 7, "Managed Support Agreement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, f"Contract No.: {contract_id}. Customer ID: {client_id}.",
                   new_x="LMARGIN", new_y="NEXT")
    for kind, content in clause:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, content, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(line_height=5) as table:
                for row in content:
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
    return bytes(pdf.output())


STATED = [("h", "9. Escalation Matrix"),
          ("p", "Percentages are of the resolution target."),
          ("table", [["Trigger", "Notify"],
                     ["25%", "Assigned technician"],
                     ["On breach", "Level 1 contact and account manager"]])]
# a step naming someone the vocabulary does not know: the ladder is not read whole
UNSURE = [("h", "9. Escalation"),
          ("p", "At 50% of the resolution target the assigned technician is reminded. At 90% of "
                "the resolution target the Provider notifies the Customer's Operations Director.")]

LANDING = {
    "clients.csv": [
        {"client_id": "C-P", "client_name": "Pdf Client", "timezone": "America/New_York",
         "country": "US", "account_manager": "am@msp.example"},
        {"client_id": "C-U", "client_name": "Unsure Client", "timezone": "America/New_York",
         "country": "US", "account_manager": "um@msp.example"},
    ],
    "technicians.csv": [{"technician_id": "TECH1", "name": "Tess", "email": "tech1@msp.example"}],
    "tickets.csv": [
        # created Mon 2026-11-16 08:00 EST (13:00Z), P3, open, never responded to
        ticket("P-1", "2026-11-16T13:00:00+00:00", client="C-P"),
        ticket("U-1", "2026-11-16T13:00:00+00:00", client="C-U"),
    ],
    "contracts/K-PDF.pdf": _pdf("K-PDF", "C-P", STATED),
    "contracts/K-PDF.yaml": contract("K-PDF", "C-P", escalation_contacts=CONTACTS),
    "contracts/K-UNS.pdf": _pdf("K-UNS", "C-U", UNSURE),
    "contracts/K-UNS.yaml": contract("K-UNS", "C-U", escalation_contacts=CONTACTS),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("escalation-pdf")
    landing = write_landing(root / "landing", LANDING)
    path = root / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTRACTOPS_OUTBOX_DIR", str(root / "outbox"))
        materialize(landing, path, AS_OF)
    return path


def test_pdf_ladder_reaches_the_clean_table_as_the_contracts_own(warehouse):
    rows = query(warehouse, """select priority, clock, threshold_pct, notify, contact_level, source
                               from clean.escalation_steps where contract_id = 'K-PDF'
                               order by threshold_pct, notify""")
    # the matrix: 25% -> technician; on breach (100%) -> level 1 and the account manager; all on
    # the resolution clock ("Percentages are of the resolution target"), for every priority
    assert rows == [(None, "resolution", 25.0, "technician", None, "contract"),
                    (None, "resolution", 100.0, "account_manager", None, "contract"),
                    (None, "resolution", 100.0, "level", 1, "contract")]
    prov = query(warehouse, "select source, page from clean.term_provenance "
                            "where contract_id = 'K-PDF' and field = 'escalation'")
    assert prov == [("pdf", 1)]


def test_pdf_ladder_drives_the_tickets_steps(warehouse):
    got = query(warehouse, """select clock, threshold_pct, reached_at, is_reached, recipients
                              from marts.mart_escalation_ladder where ticket_id = 'P-1'
                              order by clock, threshold_pct""")
    # resolution 400 business min from Mon 08:00 EST: 25% = 100 -> 09:40 EST (14:40Z);
    # 100% = 400 -> 14:40 EST (19:40Z). The contract's ladder names no response step: the
    # response clock climbs none (the contract's ladder replaces the default one).
    utc = timezone.utc
    assert got == [
        ("resolution", 25.0, datetime(2026, 11, 16, 14, 40, tzinfo=utc), True, "tech1@msp.example"),
        ("resolution", 100.0, datetime(2026, 11, 16, 19, 40, tzinfo=utc), True,
         "am@msp.example, l1@client.example"),
    ]


def test_unsure_pdf_ladder_is_reviewed_and_the_default_applies_meanwhile(warehouse):
    rows = query(warehouse, """select threshold_pct, notify, contact_level, source
                               from clean.escalation_steps where contract_id = 'K-UNS'
                               order by threshold_pct, notify""")
    # config/escalation.yaml: 50 technician, 75 level 1, 100 level 2 + account manager, 150 level 3
    assert rows == [(50.0, "technician", None, "default_under_review"),
                    (75.0, "level", 1, "default_under_review"),
                    (100.0, "account_manager", None, "default_under_review"),
                    (100.0, "level", 2, "default_under_review"),
                    (150.0, "level", 3, "default_under_review")]
    items = query(warehouse, "select field from clean.review_items where contract_id = 'K-UNS'")
    assert ("escalation",) in items
    # the ladder under review withholds no SLA judgement: the ticket's clocks are judged
    sla = query(warehouse, "select entitlement, resolution_status from marts.fct_ticket_sla "
                           "where ticket_id = 'U-1'")
    assert sla == [("covered", "breached")]
