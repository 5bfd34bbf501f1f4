-- Per contract: its currency and what one unit of it is worth in the reporting currency
-- (seeds/fx_rates.csv). NULL when the table has no rate for the currency: such a contract is
-- left out of converted totals, and counted, never silently taken at 1.
select
    contracts.contract_id,
    contracts.currency,
    rates.rate_to_reporting
from {{ ref('int_contracts_resolved') }} as contracts
left join {{ ref('fx_rates') }} as rates on rates.currency = upper(contracts.currency)
