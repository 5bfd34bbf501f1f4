"""Alerts: SLA alerts raised after each build of fct_ticket_sla and delivered, and the hourly
SLA schedule."""

import dagster as dg

from orchestration.defs.alerts.assets import alerts
from orchestration.defs.alerts.escalations import escalation_deliveries
from orchestration.defs.alerts.schedules import sla_hourly

defs = dg.Definitions(assets=[alerts, escalation_deliveries], schedules=[sla_hourly])
