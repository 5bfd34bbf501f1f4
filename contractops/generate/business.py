"""The business behind the sample data: clients, technicians, contracts, credentials, insurance.

These are small tables (hundreds to a few thousand rows), so they are built with plain Python from
one seeded numpy Generator; tickets and timesheets (the big ones) are vectorised in `activity.py`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

# (country, timezone, currency, weight, money factor relative to USD)
LOCATIONS = [
    ("US", "America/New_York", "USD", 14, 1.0),
    ("US", "America/Chicago", "USD", 10, 1.0),
    ("US", "America/Denver", "USD", 4, 1.0),
    ("US", "America/Phoenix", "USD", 2, 1.0),
    ("US", "America/Los_Angeles", "USD", 9, 1.0),
    ("CA", "America/Toronto", "CAD", 5, 1.35),
    ("CA", "America/Vancouver", "CAD", 3, 1.35),
    ("GB", "Europe/London", "GBP", 8, 0.8),
    ("DE", "Europe/Berlin", "EUR", 5, 0.92),
    ("NL", "Europe/Amsterdam", "EUR", 3, 0.92),
    ("AU", "Australia/Sydney", "AUD", 4, 1.5),
    ("AU", "Australia/Melbourne", "AUD", 2, 1.5),
    ("AU", "Australia/Perth", "AUD", 1, 1.5),
    ("IN", "Asia/Kolkata", "INR", 3, 30.0),
]
# Some clients contract their coverage in their head office's zone, not the site's.
HEAD_OFFICE_ZONE = {
    "America/Chicago": "America/New_York",
    "America/Denver": "America/Chicago",
    "America/Los_Angeles": "America/New_York",
    "America/Vancouver": "America/Toronto",
    "Australia/Perth": "Australia/Sydney",
    "Europe/Amsterdam": "Europe/Berlin",
}

SERVICES = [
    "desktop_support", "network", "server", "printer", "onsite_repair", "email",
    "backup", "security", "voip", "cabling", "project_work", "hardware_procurement",
]
CORE_SERVICES = SERVICES[:9]
EXCLUDABLE = ["project_work", "hardware_procurement", "cabling", "voip"]

CREDENTIALS = [
    "Background Check", "CompTIA Security+", "HIPAA Training", "CJIS Security Awareness",
    "OSHA 10", "Drug Screen", "CompTIA A+", "CompTIA Network+", "Cisco CCNA",
]
REQUIRABLE_CREDENTIALS = CREDENTIALS[:6]
SECURITY_CLAUSES = ["HIPAA BAA", "SOC 2 Type II", "ISO 27001", "GDPR DPA", "PCI DSS", "CJIS"]

COVERAGE_CHOICES = {
    "platinum": ["24x7", "24x7", "Mon-Sun 06:00-22:00", "Mon-Fri 07:00-19:00; Sat 08:00-14:00"],
    "gold": [
        "Mon-Fri 08:00-18:00",
        "Mon-Fri 07:30-18:30; Sat 09:00-13:00",
        "Mon-Fri 08:00-12:00,13:00-17:00",
        "Mon-Fri 08:00-18:00; Fri 19:00-24:00; Sat 00:00-05:00",
        "Mon-Fri 08:00:00-17:30:00",
    ],
    "silver": [
        "Mon-Fri 09:00-17:00",
        "Mon-Fri 08:00-12:00,13:00-17:00",
        "Mon,Wed,Fri 09:00-17:00",
        "Mon-Thu 08:00-17:00; Fri 08:00-13:00",
    ],
}
# (response, resolution) minutes per priority P1..P4
SLA_TARGETS = {
    "platinum": [(30, 240), (60, 480), (120, 960), (240, 1920)],
    "gold": [(60, 240), (120, 480), (240, 1440), (480, 2880)],
    "silver": [(120, 480), (240, 960), (480, 2400), (960, 4800)],
}
BASE_RATE = {"platinum": 175, "gold": 150, "silver": 125}
PENALTIES = {"platinum": (5.0, 20.0), "gold": (3.0, 15.0), "silver": (2.0, 10.0)}

FIRST = ["Dana", "Alex", "Priya", "Jonas", "Mia", "Liam", "Sofia", "Noah", "Aisha", "Ben",
         "Chloe", "Ravi", "Emma", "Lars", "Grace", "Omar", "Hannah", "Kenji", "Zoe", "Marco",
         "Ines", "Tom", "Ana", "Felix", "Leah", "Sam", "Nina", "Ivan", "Ruth", "Yusuf"]
LAST = ["Ortiz", "Nguyen", "Patel", "Schmidt", "Brown", "Murphy", "de Vries", "Kowalski",
        "Singh", "Walker", "Rossi", "Tanaka", "Okafor", "Jensen", "Martin", "Clarke", "Haas",
        "Silva", "Cohen", "Reid", "Bakker", "Iyer", "Fischer", "Lee", "Novak", "Evans"]
CO_A = ["Northwind", "Bluewater", "Summit", "Cedar", "Harbor", "Granite", "Maple", "Pioneer",
        "Riverside", "Aurora", "Keystone", "Redwood", "Lakeshore", "Silverline", "Evergreen",
        "Ironbridge", "Westfield", "Oakridge", "Brightpath", "Coastal", "Highland", "Meridian"]
CO_B = ["Dental", "Logistics", "Law", "Medical", "Foods", "Engineering", "Realty", "Clinic",
        "Accounting", "Retail", "Freight", "Architects", "Pharmacy", "Schools", "Hotels",
        "Manufacturing", "Insurance", "Labs", "Veterinary", "Credit Union"]
CO_C = ["Group", "LLC", "Inc.", "Partners", "Ltd", "GmbH", "B.V.", "Pty Ltd", "Co."]
SUFFIX_BY_COUNTRY = {"GB": "Ltd", "DE": "GmbH", "NL": "B.V.", "AU": "Pty Ltd", "IN": "Pvt Ltd"}
PHONE_PREFIX = {"US": "+1", "CA": "+1", "GB": "+44", "DE": "+49", "NL": "+31", "AU": "+61",
                "IN": "+91"}
ROLES = ["Service Desk Lead", "Field Operations Manager", "Account Director", "IT Manager",
         "Practice Manager", "Operations Director"]
INSTRUCTIONS = [
    "Badge in at the east lobby; server room key with facilities.",
    "Call the site contact 30 minutes before arrival.",
    "No onsite work during trading hours 11:30-14:00 without approval.",
    "Escort required in the pharmacy and records areas.",
    "Park in visitor bays B1-B4; sign the contractor log.",
    "Change freeze on the last two business days of each month.",
    "Backups are verified every Monday; report failures to level 2.",
    "Wear PPE (boots, hi-vis) on the warehouse floor.",
]


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def money(x: float) -> Decimal:
    return Decimal(str(round(x, 2))).quantize(Decimal("0.01"))


def round_to(x: float, step: float) -> float:
    return float(max(step, round(x / step) * step))


@dataclass
class Business:
    clients: list[dict]          # clients.csv rows + private keys starting with "_"
    technicians: list[dict]
    credentials: list[dict]
    insurance: list[dict]
    assignments: list[dict]
    contracts: list[dict]        # spec section-2 terms (dates as date, money as Decimal)


def _person(rng: np.random.Generator) -> str:
    return f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"


def make_clients(rng: np.random.Generator, n: int) -> list[dict]:
    weights = np.array([loc[3] for loc in LOCATIONS], dtype=float)
    loc_idx = rng.choice(len(LOCATIONS), size=n, p=weights / weights.sum())
    used: set[str] = set()
    clients = []
    for i in range(n):
        country, tz, currency, _, factor = LOCATIONS[loc_idx[i]]
        while True:
            name = f"{CO_A[rng.integers(len(CO_A))]} {CO_B[rng.integers(len(CO_B))]}"
            if name not in used:
                break
            name = f"{name} {rng.integers(2, 99)}"
            if name not in used:
                break
        used.add(name)
        suffix = SUFFIX_BY_COUNTRY.get(country, CO_C[rng.integers(5)])
        head_office = HEAD_OFFICE_ZONE.get(tz)
        contract_tz = head_office if head_office and rng.random() < 0.25 else tz
        clients.append({
            "client_id": f"C{i + 1:04d}",
            "client_name": f"{name} {suffix}",
            "timezone": tz,
            "country": country,
            "account_manager": f"{FIRST[rng.integers(len(FIRST))].lower()}@msp.example",
            "_currency": currency,
            "_money_factor": factor,
            "_contract_tz": contract_tz,
            "_size": float(rng.lognormal(0.0, 0.6)),       # relative ticket volume
            "_quality": float(rng.normal(0.0, 0.12)) + (0.45 if rng.random() < 0.06 else 0.0),
            "_domain": name.lower().replace(" ", "") + ".example",
        })
    return clients


def _coverage(rng, tier: str, client: dict, start: date, end: date) -> dict:
    hours = COVERAGE_CHOICES[tier][rng.integers(len(COVERAGE_CHOICES[tier]))]
    closed: list[date] = []
    if hours != "24x7" and rng.random() < 0.5:
        for year in range(start.year, end.year + 1):
            for md in [(12, 24), (12, 31)] + ([(8, 14)] if rng.random() < 0.2 else []):
                d = date(year, *md)
                if start <= d <= end:
                    closed.append(d)
    stated_tz = client["_contract_tz"]
    if stated_tz == client["timezone"] and client["_omit_tz"]:
        stated_tz = None          # the document is silent: resolved to the client's zone later
    cov = {"timezone": stated_tz, "hours": hours,
           "public_holidays": bool(rng.random() < 0.7)}
    cov["closed_dates"] = sorted(closed) if closed else []
    return cov


def _sla(rng, tier: str, hours: str) -> list[dict]:
    all_calendar = hours == "24x7" or rng.random() < 0.15
    rows = []
    for p, (resp, res) in enumerate(SLA_TARGETS[tier], start=1):
        clock = "calendar" if (p == 1 or all_calendar) else "business"
        rows.append({"priority": f"P{p}", "response_minutes": resp,
                     "resolution_minutes": res, "clock": clock})
    return rows


def _terms(rng, client: dict, scope: dict, contract_id: str, start: date, end: date,
           previous: dict | None, tier: str, model: str) -> dict:
    f = client["_money_factor"]
    growth = 1.0 if previous is None else 1.0 + float(rng.choice([0.0, 0.03, 0.04, 0.05]))
    if previous is not None and previous["billing"]["rates"]["standard"] is not None \
            and previous["tier"] == tier:
        std = round_to(float(previous["billing"]["rates"]["standard"]) * growth, 5)
    else:
        std = round_to(BASE_RATE[tier] * f * float(rng.uniform(0.92, 1.08)), 5)
    rates = {"standard": money(std), "after_hours": money(round_to(std * 1.5, 5)),
             "emergency": money(round_to(std * 2.0, 5))}
    billing: dict = {"model": model, "monthly_fee": None, "included_hours_per_month": None,
                     "overage_rate": None, "rates": rates}
    expected_hours = client["_size"] * 22.0
    if model == "fixed_fee":
        billing["monthly_fee"] = money(round_to(expected_hours * std * 1.1, 50))
        annual = billing["monthly_fee"] * 12
    elif model == "block_hours":
        included = int(round_to(expected_hours * float(rng.uniform(0.6, 1.4)), 5))
        billing["included_hours_per_month"] = included
        billing["overage_rate"] = money(round_to(std * 1.1, 5))
        billing["monthly_fee"] = money(round_to(included * std * 0.95, 10))
        annual = billing["monthly_fee"] * 12
    else:
        annual = money(round_to(expected_hours * std * 12, 100))
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    cov = _coverage(rng, tier, client, start, end)
    pen = PENALTIES[tier]
    penalties = None if (model == "time_and_materials" and rng.random() < 0.5) else \
        {"credit_pct_per_breach": pen[0], "monthly_credit_cap_pct": pen[1]}
    contacts = []
    for level in range(1, int(rng.integers(2, 4)) + 1):
        name = _person(rng)
        contacts.append({
            "level": level, "name": name, "role": ROLES[rng.integers(len(ROLES))],
            "email": f"{name.split()[0].lower()}@{client['_domain']}",
            "phone": f"{PHONE_PREFIX[client['country']]} {rng.integers(200, 999)} "
                     f"{rng.integers(100, 999)} {rng.integers(1000, 9999)}",
        })
    instructions = None
    if rng.random() < 0.6:
        k = int(rng.integers(1, 3))
        picks = rng.choice(len(INSTRUCTIONS), size=k, replace=False)
        instructions = " ".join(INSTRUCTIONS[j] for j in sorted(picks))
    return {
        "contract_id": contract_id,
        "client_id": client["client_id"],
        "title": ["Managed IT Field Support Agreement", "Master Services Agreement",
                  "IT Support Services Agreement"][int(rng.integers(3))],
        "tier": tier,
        "start_date": start,
        "end_date": end,
        "auto_renew": bool(rng.random() < 0.55),
        "renewal_notice_days": int(rng.choice([30, 60, 90])),
        "previous_contract_id": previous["contract_id"] if previous else None,
        "annual_value": money(float(annual) if months >= 12 else float(annual)),
        "currency": client["_currency"],
        "billing": billing,
        "coverage": cov,
        "sla": _sla(rng, tier, cov["hours"]),
        "included_services": list(scope["included"]),
        "excluded_services": list(scope["excluded"]),
        "escalation_contacts": contacts,
        "penalties": penalties,
        "compliance": {
            "required_credentials": list(scope["credentials"]),
            "insurance_minimums": dict(scope["insurance"]),
            "security_clauses": list(scope["clauses"]),
        },
        "special_instructions": instructions,
    }


def _scope(rng, client: dict) -> dict:
    excluded = sorted(rng.choice(EXCLUDABLE, size=int(rng.integers(1, 4)), replace=False).tolist())
    if rng.random() < 0.6:
        pool = [s for s in CORE_SERVICES if s not in excluded]
        k = int(rng.integers(5, len(pool) + 1))
        included = [s for s in SERVICES if s in set(rng.choice(pool, size=k, replace=False))]
    else:
        included = []
    creds = sorted(rng.choice(REQUIRABLE_CREDENTIALS, size=int(rng.choice([0, 1, 1, 2, 2, 3])),
                              replace=False).tolist())
    insurance: dict = {}
    if rng.random() < 0.8:
        insurance["general_liability"] = int(rng.choice([1_000_000, 2_000_000]))
    if rng.random() < 0.5:
        insurance["cyber_liability"] = int(rng.choice([1_000_000, 1_000_000, 2_000_000]))
    if rng.random() < 0.3:
        insurance["professional_liability"] = 1_000_000
    if rng.random() < 0.3:
        insurance["workers_comp"] = 500_000
    clauses = []
    if "HIPAA Training" in creds:
        clauses.append("HIPAA BAA")
    if client["country"] in ("DE", "NL", "GB"):
        clauses.append("GDPR DPA")
    if rng.random() < 0.3:
        clauses.append(str(rng.choice(["SOC 2 Type II", "ISO 27001", "PCI DSS"])))
    return {"included": included, "excluded": excluded, "credentials": creds,
            "insurance": insurance, "clauses": sorted(set(clauses))}


def make_contracts(rng, clients: list[dict], as_of: date, history_start: date) -> list[dict]:
    """Renewal chains: one contract in force at a time per client (entitlement is unambiguous)."""
    contracts: list[dict] = []
    seq_by_year: dict[int, int] = {}
    horizon = as_of + timedelta(days=90)
    for client in clients:
        client["_omit_tz"] = bool(rng.random() < 0.15)
        if rng.random() < 0.78:   # long-standing client
            start = history_start + timedelta(days=int(rng.integers(0, 540)))
        else:                     # won in the last two years
            start = as_of - timedelta(days=int(rng.integers(60, 700)))
        start = start.replace(day=1) if rng.random() < 0.8 else start.replace(day=15)
        scope = _scope(rng, client)
        tier = str(rng.choice(["platinum", "gold", "silver"], p=[0.2, 0.45, 0.35]))
        model = str(rng.choice(["fixed_fee", "block_hours", "time_and_materials"],
                               p=[0.3, 0.4, 0.3]))
        previous = None
        while True:
            term = int(rng.choice([12, 12, 12, 12, 12, 12, 24, 24, 36]))
            end = add_months(start, term) - timedelta(days=1)
            seq_by_year[start.year] = seq_by_year.get(start.year, 0) + 1
            cid = f"MSA-{start.year}-{seq_by_year[start.year]:04d}"
            if previous is not None and rng.random() < 0.15:
                tier = {"silver": "gold", "gold": str(rng.choice(["platinum", "silver"])),
                        "platinum": "gold"}[tier]
            if previous is not None and rng.random() < 0.1:
                model = str(rng.choice(["fixed_fee", "block_hours", "time_and_materials"]))
            terms = _terms(rng, client, scope, cid, start, end, previous, tier, model)
            contracts.append(terms)
            previous = terms
            if end >= horizon:
                break
            renew_p = 0.9 if end < as_of else 0.35      # some renew early, before the end
            if rng.random() >= renew_p:
                break
            start = end + timedelta(days=1)
    return contracts


def make_technicians(rng, n: int) -> list[dict]:
    techs = []
    for i in range(n):
        name = _person(rng)
        techs.append({
            "technician_id": f"T{i + 1:03d}",
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}.{i + 1}@msp.example",
            "cost_rate": money(float(rng.uniform(38, 85))),
            "active": "true" if rng.random() > 0.04 else "false",
        })
    return techs


def make_assignments(rng, clients: list[dict], techs: list[dict]) -> dict[str, list[str]]:
    active = [t["technician_id"] for t in techs if t["active"] == "true"]
    out = {}
    for c in clients:
        k = int(min(len(active), max(2, round(2 + c["_size"] * 1.5))))
        out[c["client_id"]] = sorted(rng.choice(active, size=k, replace=False).tolist())
    return out


def make_credentials(rng, techs, assigned: dict[str, list[str]], contracts: list[dict],
                     as_of: date) -> list[dict]:
    """Technicians mostly hold what their clients require; a few gaps are left on purpose."""
    needed: dict[str, set[str]] = {t["technician_id"]: set() for t in techs}
    for k in contracts:
        if k["end_date"] >= as_of - timedelta(days=365):
            for tid in assigned[k["client_id"]]:
                needed[tid].update(k["compliance"]["required_credentials"])
    rows = []
    for t in techs:
        tid = t["technician_id"]
        extra = set(rng.choice(CREDENTIALS[6:], size=int(rng.integers(0, 3)), replace=False))
        for cred in sorted(needed[tid] | extra):
            r = rng.random()
            if cred in needed[tid] and r < 0.025:
                continue                                   # missing
            issued = as_of - timedelta(days=int(rng.integers(100, 1400)))
            if cred in ("Background Check", "Drug Screen") and rng.random() < 0.5:
                expires = None                             # never expires
            elif cred in needed[tid] and r < 0.06:
                expires = as_of - timedelta(days=int(rng.integers(3, 200)))   # expired
            elif cred in needed[tid] and r < 0.10:
                expires = as_of + timedelta(days=int(rng.integers(3, 57)))    # expiring
            else:
                expires = as_of + timedelta(days=int(rng.integers(70, 900)))
            if expires is not None and expires <= issued:
                issued = expires - timedelta(days=730)
            name = cred.lower() if rng.random() < 0.05 else cred   # names match case-insensitively
            if expires is not None and expires > as_of + timedelta(days=69) and rng.random() < 0.1:
                # an earlier, lapsed certificate of the same credential: the latest expiry counts
                rows.append({"technician_id": tid, "credential": cred,
                             "issued_on": issued - timedelta(days=1095),
                             "expires_on": issued - timedelta(days=1)})
            rows.append({"technician_id": tid, "credential": name, "issued_on": issued,
                         "expires_on": expires})
    return rows


def make_insurance(as_of: date) -> list[dict]:
    """The MSP's own policies: one expiring soon, cyber cover below what some clients require."""
    d = timedelta
    rows = [
        ("POL-GL-2025", "general_liability", 2_000_000, as_of - d(500), as_of - d(135), "Hartwell Mutual"),
        ("POL-GL-2026", "general_liability", 2_000_000, as_of - d(134), as_of + d(231), "Hartwell Mutual"),
        ("POL-CY-2026", "cyber_liability", 1_000_000, as_of - d(200), as_of + d(165), "Beacon Cyber"),
        ("POL-PL-2026", "professional_liability", 1_000_000, as_of - d(330), as_of + d(35), "Sterling E&O"),
        ("POL-WC-2026", "workers_comp", 1_000_000, as_of - d(60), as_of + d(305), "State Fund"),
    ]
    return [{"policy_id": p, "policy_type": t, "coverage_amount": money(a), "effective_on": e,
             "expires_on": x, "insurer": i} for p, t, a, e, x, i in rows]
