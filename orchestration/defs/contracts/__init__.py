import dagster as dg

from orchestration.defs.contracts.assets import contract_terms

defs = dg.Definitions(assets=[contract_terms])
