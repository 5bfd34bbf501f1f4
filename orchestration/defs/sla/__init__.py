"""SLA engine: the public-holiday reference table its business calendars join (the clocks
themselves are dbt models under dbt_project/models/*/sla/)."""

import dagster as dg

from orchestration.defs.sla.assets import public_holidays

defs = dg.Definitions(assets=[public_holidays])
