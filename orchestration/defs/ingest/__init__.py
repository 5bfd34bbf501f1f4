import dagster as dg

from orchestration.defs.ingest.assets import ingest_assets
from orchestration.defs.ingest.sensors import landing_files_sensor

defs = dg.Definitions(assets=ingest_assets, sensors=[landing_files_sensor])
