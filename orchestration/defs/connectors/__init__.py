import dagster as dg

from orchestration.defs.connectors.assets import connector_assets
from orchestration.defs.connectors.sensors import mapped_sources_sensor

defs = dg.Definitions(assets=connector_assets, sensors=[mapped_sources_sensor])
