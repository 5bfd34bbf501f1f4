"""pandera schemas for what lands in the ``clean`` tables.

The set-based SQL in ``extractors.landing`` decides row by row what is valid; these schemas are the
independent second check on the result (types, nullability, vocabularies, ranges). A failure here
is a bug in the loader, so it fails the asset rather than quarantining rows.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

STATUSES = ["open", "in_progress", "on_hold", "resolved", "closed", "cancelled"]


def _schema(columns: dict[str, pa.Column]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, coerce=False)


_TS = pl.Datetime("us", "UTC")
_MONEY = pl.Decimal(18, 2)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "clients": _schema(
        {
            "client_id": pa.Column(pl.String, unique=True),
            "client_name": pa.Column(pl.String),
            "timezone": pa.Column(pl.String),
            "country": pa.Column(pl.String, pa.Check.str_matches(r"^[A-Z]{2}$")),
            "account_manager": pa.Column(pl.String, nullable=True),
        }
    ),
    "technicians": _schema(
        {
            "technician_id": pa.Column(pl.String, unique=True),
            "name": pa.Column(pl.String),
            "email": pa.Column(pl.String, nullable=True),
            "cost_rate": pa.Column(_MONEY, pa.Check.ge(0), nullable=True),
            "active": pa.Column(pl.Boolean),
        }
    ),
    "tickets": _schema(
        {
            "ticket_id": pa.Column(pl.String, unique=True),
            "client_id": pa.Column(pl.String),
            "created_at": pa.Column(_TS),
            "priority": pa.Column(pl.String, pa.Check.isin(["P1", "P2", "P3", "P4"])),
            "service_type": pa.Column(pl.String, pa.Check.str_matches(r"^[a-z0-9]+(_[a-z0-9]+)*$")),
            "status": pa.Column(pl.String, pa.Check.isin(STATUSES)),
            "first_response_at": pa.Column(_TS, nullable=True),
            "resolved_at": pa.Column(_TS, nullable=True),
            "technician_id": pa.Column(pl.String, nullable=True),
            "summary": pa.Column(pl.String, nullable=True),
            "updated_at": pa.Column(_TS, nullable=True),
        }
    ),
    "ticket_status_history": _schema(
        {
            "ticket_id": pa.Column(pl.String),
            "status": pa.Column(pl.String, pa.Check.isin(STATUSES)),
            "changed_at": pa.Column(_TS),
        }
    ),
    "timesheets": _schema(
        {
            "entry_id": pa.Column(pl.String, unique=True),
            "client_id": pa.Column(pl.String),
            "technician_id": pa.Column(pl.String),
            "started_at": pa.Column(_TS),
            "hours": pa.Column(pl.Float64, [pa.Check.gt(0), pa.Check.le(24)]),
            "service_type": pa.Column(pl.String, pa.Check.str_matches(r"^[a-z0-9]+(_[a-z0-9]+)*$")),
            "rate_type": pa.Column(pl.String, pa.Check.isin(["standard", "after_hours", "emergency"])),
            "billable": pa.Column(pl.Boolean),
            "billed_rate": pa.Column(_MONEY, pa.Check.ge(0)),
            "ticket_id": pa.Column(pl.String, nullable=True),
            "approved_out_of_scope": pa.Column(pl.Boolean),
            "invoice_id": pa.Column(pl.String, nullable=True),
        }
    ),
    "credentials": _schema(
        {
            "technician_id": pa.Column(pl.String),
            "credential": pa.Column(pl.String),
            "issued_on": pa.Column(pl.Date),
            "expires_on": pa.Column(pl.Date, nullable=True),
        }
    ),
    "insurance_policies": _schema(
        {
            "policy_id": pa.Column(pl.String, unique=True),
            "policy_type": pa.Column(
                pl.String,
                pa.Check.isin(["general_liability", "cyber_liability", "professional_liability", "workers_comp"]),
            ),
            "coverage_amount": pa.Column(_MONEY, pa.Check.ge(0)),
            "effective_on": pa.Column(pl.Date),
            "expires_on": pa.Column(pl.Date),
            "insurer": pa.Column(pl.String, nullable=True),
        }
    ),
    "assignments": _schema(
        {"technician_id": pa.Column(pl.String), "client_id": pa.Column(pl.String)}
    ),
}


def validate_clean(kind: str, frame: pl.DataFrame) -> None:
    """Raise pandera's SchemaError if the clean rows of ``kind`` break their schema."""
    if frame.height:
        SCHEMAS[kind].validate(frame)
