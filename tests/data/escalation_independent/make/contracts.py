"""The 16 contracts of this corpus: ground truth first (spec section 2 shape + `escalation:` in the
shape of config/escalation.yaml), then how each document is written (layout, wording options) and
its escalation clause, written by hand per contract.

Escalation truth conventions (see README):
  - `clock` omitted = the step applies to both clocks; `priority` omitted = all priorities.
  - when a document's ladder differs by priority, every entry carries its priority (steps the
    document states "for all priorities" are copied to each priority they apply to);
  - `notify` lists recipients in the order printed: technician | account_manager | "level N";
  - a document with no thresholds at all (contacts only) has `escalation: null`.
"""
import datetime as dt

D = dt.date

PROVIDERS = {
    "copper": dict(name="Copperline Field Services, LLC", short="Copperline", addr="1180 W. Carroll Avenue, Chicago, IL 60607",
                   web="copperline.example"),
    "ash": dict(name="Ashgrove Technical Services Ltd", short="Ashgrove", addr="Unit 4, Canal Wharf, 18 Wharf Road, London N1 7GT",
                web="ashgrove.example"),
    "south": dict(name="Southerly IT Field Support Pty Ltd", short="Southerly", addr="Level 3, 77 Harris Street, Pyrmont NSW 2009",
                  web="southerly.example", abn="ABN 51 824 753 119"),
    "tasman": dict(name="Tasman Field Technology Limited", short="Tasman FT", addr="22 Nelson Street, Auckland Central 1010",
                   web="tasmanft.example"),
    "veld": dict(name="Veldwerk IT Services B.V.", short="Veldwerk IT", addr="Keizersgracht 410, 1016 GC Amsterdam",
                 web="veldwerk.example"),
    "maple": dict(name="Maplewood Technical Services Inc.", short="Maplewood", addr="300 Adelaide Street West, Suite 900, Toronto, ON M5V 1R7",
                  web="maplewood.example"),
}

# client_id, legal name, timezone, country, account manager (provider staff), address
CLIENTS = [
    ("C0301", "Harrow Creek Veterinary Hospital, Inc.", "America/Chicago", "US", "rosa.ibarra@copperline.example", "2250 N. Harrow Creek Road, Naperville, IL 60564"),
    ("C0302", "Whitmore & Daunt Chartered Surveyors LLP", "Europe/London", "GB", "james.okafor@ashgrove.example", "41 Gresham Street, London EC2V 7EH"),
    ("C0303", "Quarry Hill Grammar School Ltd", "Australia/Sydney", "AU", "tessa.morrow@southerly.example", "3 Quarry Hill Road, Ryde NSW 2112"),
    ("C0304", "Ferris Wheel Hospitality Group, Inc.", "America/New_York", "US", "rosa.ibarra@copperline.example", "510 West 44th Street, New York, NY 10036"),
    ("C0305", "Lowther Dental Care Ltd", "Europe/Dublin", "IE", "eoin.gallagher@veldwerk.example", "12 Lowther Terrace, Rathmines, Dublin 6"),
    ("C0306", "Marston Vale Orchards Limited", "Pacific/Auckland", "NZ", "hana.tipene@tasmanft.example", "88 Marston Road, Hastings 4120"),
    ("C0307", "Dunmore Legal Services Professional Corporation", "America/Toronto", "CA", "noah.belanger@maplewood.example", "155 University Avenue, Suite 1400, Toronto, ON M5H 3B7"),
    ("C0308", "Pembury Parish Housing Association", "Europe/London", "GB", "james.okafor@ashgrove.example", "The Old Vicarage, 2 Church Lane, Pembury TN2 4BP"),
    ("C0309", "Yarrow Point Family Medicine, PLLC", "America/Los_Angeles", "US", "devon.clarke@copperline.example", "9021 Yarrow Point Boulevard, Pasadena, CA 91101"),
    ("C0310", "Corran Ridge Ski Rentals, Inc.", "America/Denver", "US", "devon.clarke@copperline.example", "640 Corran Ridge Drive, Golden, CO 80401"),
    ("C0311", "Halden Präzisionsoptik GmbH", "Europe/Berlin", "DE", "lena.hoffmann@veldwerk.example", "Wendenschloßstraße 142, 12557 Berlin"),
    ("C0312", "Osric Freight Forwarding B.V.", "Europe/Amsterdam", "NL", "eoin.gallagher@veldwerk.example", "Pudongweg 27, 1437 EM Rozenburg"),
    ("C0313", "Brisk Bean Coffee Roasters Pty Ltd", "Australia/Melbourne", "AU", "tessa.morrow@southerly.example", "17 Cremorne Street, Cremorne VIC 3121"),
    ("C0314", "Galloway Community Credit Union", "America/Chicago", "US", "rosa.ibarra@copperline.example", "4800 Galloway Avenue, Rockford, IL 61108"),
    ("C0315", "Kelso Street Community Clinic Society", "America/Vancouver", "CA", "noah.belanger@maplewood.example", "1290 Kelso Street, Vancouver, BC V5L 2X9"),
    ("C0316", "Thornbury Print Studio Ltd", "Europe/London", "GB", "james.okafor@ashgrove.example", "Unit 9, Thornbury Yard, Bristol BS35 2DL"),
]
CL = {c[0]: c for c in CLIENTS}


def K(level, name, role, email, phone):
    return {"level": level, "name": name, "role": role, "email": email, "phone": phone}


def S(p, resp, res, clock):
    return {"priority": p, "response_minutes": resp, "resolution_minutes": res, "clock": clock}


def E(pct, notify, priority=None, clock=None):
    e = {"threshold_pct": pct, "notify": list(notify)}
    if priority:
        e["priority"] = priority
    if clock:
        e["clock"] = clock
    return e


def per_prio(prios, steps):
    """copy (pct, notify, clock) steps to each priority, in priority order"""
    return [E(pct, notify, p, clock) for p in prios for (pct, notify, clock) in steps]


# provider staff used as escalation contacts
DANA = K(1, "Dana Whitfield", "Service Desk Supervisor", "dana.whitfield@copperline.example", "+1 312 555 0140")
MARCO = K(2, "Marco Aldana", "Field Operations Manager", "marco.aldana@copperline.example", "+1 312 555 0152")
GWEN = K(3, "Gwen Hollis", "VP Operations", "gwen.hollis@copperline.example", "+1 312 555 0109")
PRIYA = K(1, "Priya Sandhu", "Service Desk Manager", "priya.sandhu@ashgrove.example", "+44 20 7946 0311")
OWEN = K(2, "Owen Pritchard", "Head of Field Engineering", "owen.pritchard@ashgrove.example", "+44 20 7946 0342")
FIONA = K(3, "Fiona McLeish", "Operations Director", "fiona.mcleish@ashgrove.example", "+44 20 7946 0398")
HAMISH = K(1, "Hamish Teo", "Service Desk Lead", "hamish.teo@southerly.example", "+61 2 5550 1184")
BRON = K(2, "Bronwyn Achterberg", "Field Services Manager", "bronwyn.achterberg@southerly.example", "+61 2 5550 1190")
KEITH = K(3, "Keith Ramsay", "General Manager", "keith.ramsay@southerly.example", "+61 2 5550 1102")


def lvl(c, n):
    return dict(c, level=n)


def truth(**kw):
    keys = ["contract_id", "client_id", "title", "tier", "start_date", "end_date", "auto_renew", "renewal_notice_days",
            "previous_contract_id", "annual_value", "currency", "billing", "coverage", "sla", "included_services",
            "excluded_services", "escalation_contacts", "penalties", "compliance", "special_instructions", "escalation"]
    out = {k: kw.pop(k, None) for k in keys}
    assert not kw, kw
    return out


def billing(model, fee=None, hours=None, over=None, rates=(None, None, None)):
    return {"model": model, "monthly_fee": fee, "included_hours_per_month": hours, "overage_rate": over,
            "rates": {"standard": rates[0], "after_hours": rates[1], "emergency": rates[2]}}


def cov(tz, hours, hol, closed=None):
    return {"timezone": tz, "hours": hours, "public_holidays": hol, "closed_dates": closed}


def comp(creds=None, ins=None, sec=None):
    return {"required_credentials": creds or None, "insurance_minimums": ins or None, "security_clauses": sec or None}


def pen(a, b):
    return {"credit_pct_per_breach": a, "monthly_credit_cap_pct": b}


P4 = ["P1", "P2", "P3", "P4"]
CONTRACTS = []


def add(stem, layout, T, R, esc_blocks=None, notes=""):
    CONTRACTS.append({"stem": stem, "layout": layout, "truth": T, "R": R, "esc": esc_blocks or [], "notes": notes})


# ------------------------------------------------------------------ 1 harrow: ruled order form, "Escalation Matrix" table
add("order-harrow-creek", "order", truth(
    contract_id="CFS-SO-2025-0417", client_id="C0301", title="Veterinary Hospital Field IT Support", tier="gold",
    start_date=D(2025, 4, 1), end_date=D(2026, 3, 31), auto_renew=True, renewal_notice_days=60, annual_value=26400.0,
    currency="USD", billing=billing("block_hours", 2200.0, 20, 135.0, (120.0, 180.0, 240.0)),
    coverage=cov("America/Chicago", "Mon-Fri 07:00-18:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 1320, "business"), S("P4", 660, 3300, "business")],
    included_services=["desktop_support", "network_support", "printer_support", "imaging_workstation_support", "patch_management"],
    excluded_services=["project_work", "hardware_procurement"],
    escalation_contacts=[DANA, MARCO, GWEN], penalties=pen(3.0, 15.0),
    compliance=comp(["CompTIA A+", "Background Check"], {"general_liability": 1000000, "cyber_liability": 1000000}, ["PCI DSS"]),
    special_instructions="Check in at the front reception desk; do not enter surgery rooms while the red lamp above the door is lit.",
    escalation=[E(50, ["technician"], clock="response"), E(75, ["level 1"], clock="response"),
                E(75, ["level 1"], clock="resolution"), E(100, ["level 2", "account_manager"], clock="resolution"),
                E(150, ["level 3"], clock="resolution")]),
    dict(provider="copper", ds="us_num", ms="sym", prio="P", print_cid=True, term="dates", signer=("Dr. Alan Kessler", "Medical Director"),
         sign=D(2025, 3, 12), id_label="Service Order No.", sla_cols=("prio", "resp", "res", "clock")),
    [("h", "7. Escalation Matrix"),
     ("p", "The Provider's service desk escalates every open ticket automatically as the clocks below run. "
           "Percentages are of the target for the ticket's priority in section 5 and apply to all priorities."),
     ("table", [["Trigger", "Notify"],
                ["50% of response target elapsed, no response yet", "Assigned engineer"],
                ["75% of response target elapsed, no response yet", "Escalation Contact Level 1"],
                ["75% of resolution target elapsed", "Escalation Contact Level 1"],
                ["100% of resolution target elapsed (target missed)", "Escalation Contact Level 2; Account Manager"],
                ["150% of resolution target elapsed", "Escalation Contact Level 3"]], {"widths": (0.6, 0.4)}),
     ("small", "The Account Manager is the Provider's account manager named on the Customer record.")],
    "Escalation table rows name the clock (response / resolution) explicitly; applies to all priorities.")

# ------------------------------------------------------------------ 2 whitmore: letter SOW, prose, per-priority, resolution only
add("letter-whitmore-daunt", "letter", truth(
    contract_id="AGT/SOW/2025/118", client_id="C0302", title="Managed Field Support for Surveying Offices", tier="silver",
    start_date=D(2025, 7, 1), end_date=D(2027, 6, 30), auto_renew=False, renewal_notice_days=None, annual_value=37800.0,
    currency="GBP", billing=billing("fixed_fee", 3150.0, None, None, (95.0, 140.0, 185.0)),
    coverage=cov("Europe/London", "Mon-Fri 08:30-17:30", True),
    sla=[S("P1", 60, 240, "calendar"), S("P2", 120, 540, "business"), S("P3", 240, 1080, "business"), S("P4", 540, 2700, "business")],
    included_services=["desktop_support", "network_support", "plotter_and_printer_support", "mobile_device_support", "backup_monitoring"],
    excluded_services=["software_development", "hardware_procurement"],
    escalation_contacts=[PRIYA, OWEN, FIONA], penalties=pen(2.5, 10.0),
    compliance=comp(["DBS Check", "CompTIA Network+"], {"general_liability": 5000000, "professional_liability": 2000000}, ["Cyber Essentials Plus"]),
    special_instructions="Engineers must sign the visitor book at reception and wear the visitor badge at all times.",
    escalation=per_prio(["P1", "P2"], [(50, ["technician"], "resolution"), (75, ["level 1"], "resolution"),
                                       (100, ["level 2", "account_manager"], "resolution")])
    + per_prio(["P3", "P4"], [(100, ["level 1"], "resolution"), (150, ["level 2"], "resolution")])),
    dict(provider="ash", ds="uk_ord", ms="sym", prio="prio", print_cid=False, term="length", months=24, dear="Mr Daunt",
         signer=("Geoffrey Daunt", "Managing Partner"), sign=D(2025, 6, 9)),
    [("h", "7. Escalation"),
     ("p", "7.1 Where a Priority 1 or Priority 2 incident remains unresolved at one half (50%) of its resolution target, "
           "our service desk will alert the engineer assigned to it."),
     ("p", "7.2 Where a Priority 1 or Priority 2 incident remains unresolved at seventy-five per cent (75%) of its resolution "
           "target, we shall notify your Level 1 escalation contact named in paragraph 8."),
     ("p", "7.3 Where such an incident is still unresolved when its resolution target is reached, we shall notify the Level 2 "
           "escalation contact and the Service Delivery Manager responsible for your account."),
     ("p", "7.4 Priority 3 and Priority 4 incidents are escalated only once their resolution target is reached: at the target "
           "time to the Level 1 escalation contact, and at one and a half times the target to the Level 2 escalation contact."),
     ("p", "7.5 Response targets are reported to you each month but do not trigger escalation.")],
    "Escalation: resolution clock only (7.5 excludes response). 'Service Delivery Manager responsible for your account' = account_manager. "
    "'when its resolution target is reached' / 'at the target time' = 100%; 'one and a half times the target' = 150%. "
    "The contract does not auto-renew and states no renewal notice period: renewal_notice_days null.")

# ------------------------------------------------------------------ 3 quarry: order form, per-priority ladder grid
add("order-quarry-hill", "order", truth(
    contract_id="SIT-OF-2291", client_id="C0303", title="School Campus IT Field Support", tier="platinum",
    start_date=D(2026, 1, 27), end_date=D(2027, 1, 26), auto_renew=True, renewal_notice_days=45, annual_value=81600.0,
    currency="AUD", billing=billing("block_hours", 6800.0, 60, 150.0, (140.0, 210.0, 280.0)),
    coverage=cov("Australia/Sydney", "Mon-Fri 07:30-17:30", True),
    sla=[S("P1", 15, 120, "calendar"), S("P2", 30, 240, "business"), S("P3", 120, 600, "business"), S("P4", 480, 3000, "business")],
    included_services=["classroom_av_support", "desktop_support", "network_support", "student_device_repair", "printer_support"],
    excluded_services=["curriculum_software_licensing", "cabling_works"],
    escalation_contacts=[HAMISH, BRON, KEITH], penalties=pen(4.0, 20.0),
    compliance=comp(["Working with Children Check", "CompTIA A+"], {"general_liability": 20000000, "professional_liability": 5000000}),
    special_instructions="All technicians must sign in at the front office and wear a visitor lanyard; no work in exam rooms during examinations without the Business Manager's approval.",
    escalation=per_prio(["P1"], [(50, ["technician"], None), (75, ["level 1"], None), (100, ["level 2", "account_manager"], None), (150, ["level 3"], None)])
    + per_prio(["P2"], [(75, ["level 1"], None), (100, ["level 2"], None), (150, ["level 3"], None)])
    + per_prio(["P3"], [(100, ["level 1"], None), (150, ["level 2"], None)])
    + per_prio(["P4"], [(150, ["level 1"], None)])),
    dict(provider="south", ds="uk_long", ms="code", prio="PW", print_cid=True, term="dates", signer=("Margaret Ellery", "Business Manager"), parties=("Provider", "Customer"),
         sign=D(2026, 1, 8), id_label="Order Form No.", sla_cols=("prio", "resp", "res", "clock")),
    [("h", "7. Escalation Schedule"),
     ("p", "Each cell shows who we notify once the stated percentage of the applicable response or resolution target has elapsed "
           "for an open ticket (each clock is escalated separately). A dash means no notification at that point."),
     ("table", [["Priority", "50%", "75%", "100%", "150%"],
                ["P1 Critical", "Assigned technician", "Level 1", "Level 2 + Account Manager", "Level 3"],
                ["P2 High", "\u2014", "Level 1", "Level 2", "Level 3"],
                ["P3 Medium", "\u2014", "\u2014", "Level 1", "Level 2"],
                ["P4 Low", "\u2014", "\u2014", "\u2014", "Level 1"]], {"widths": (0.16, 0.21, 0.17, 0.27, 0.19)}),
     ("small", "Level 1, 2 and 3 are the escalation contacts listed below.")],
    "Per-priority grid; each step applies to both clocks (no clock key). A dash = no step.")

# ------------------------------------------------------------------ 4 ferris: MSA + schedule, response-only
add("msa-ferris-wheel", "msa", truth(
    contract_id="SCH-FHG-02", client_id="C0304", title="Hotel Properties Field IT Support", tier="gold",
    start_date=D(2025, 10, 1), end_date=D(2026, 9, 30), auto_renew=True, renewal_notice_days=30, annual_value=48000.0,
    currency="USD", billing=billing("time_and_materials", None, None, None, (110.0, 165.0, 220.0)),
    coverage=cov("America/New_York", "Mon-Sun 06:00-22:00", False),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 960, "business"), S("P4", 480, 2880, "business")],
    included_services=["property_management_system_support", "point_of_sale_support", "guest_wi_fi_support", "desktop_support", "door_lock_system_support"],
    excluded_services=["telephony_carrier_faults", "project_work"],
    escalation_contacts=[K(1, "Tomás Reyes", "Service Desk Supervisor", "tomas.reyes@copperline.example", "+1 646 555 0127"), MARCO, GWEN],
    penalties=pen(2.0, 10.0),
    compliance=comp(["OSHA 10-Hour", "Background Check"], {"general_liability": 2000000, "cyber_liability": 2000000, "workers_comp": 1000000}, ["PCI DSS"]),
    special_instructions="Use the service entrance on 44th Street; guest floors only with a duty manager escort.",
    escalation=[E(50, ["technician"], clock="response"), E(100, ["level 1", "account_manager"], clock="response")]),
    dict(provider="copper", ds="us_long", ms="sym", prio="sev", print_cid=False, term="dates", msa_no="CFS-MSA-0331", msa_date=D(2024, 9, 3),
         signer=("Harriet Lam", "Director of Finance"), sign=D(2025, 9, 15), sla_cols=("prio", "desc", "resp", "res", "clock")),
    [("h", "4. Escalation"),
     ("p", "4.1 Contacts. The escalation contacts for this Schedule are listed in section 5 in order of seniority (Level 1 first)."),
     ("p", "4.2 Response escalation. If a ticket has not received a Response by the halfway point of its Response Time, the "
           "Service Desk shall page the on-site technician. If there is still no Response when the Response Time expires, the "
           "Provider shall notify the Level 1 contact and the Provider's Account Manager for the Client."),
     ("p", "4.3 Resolution Times are reported monthly under section 3 and are not subject to escalation under this Schedule.")],
    "Issued under master agreement CFS-MSA-0331: that is NOT the contract_id. Escalation on the response clock only: "
    "'halfway point' = 50%, 'when the Response Time expires' = 100%. 'on-site technician' = technician. "
    "MSA clause 6.3 mentions 'fifty percent (50%)' of unpaid fees: not an escalation step.")

# ------------------------------------------------------------------ 5 lowther: agreement with schedules at the end (ladder in Schedule C)
add("annex-lowther-dental", "schedules", truth(
    contract_id="VIT-IE-2025-014", client_id="C0305", title="Dental Clinics IT Support Agreement", tier="silver",
    start_date=D(2025, 9, 1), end_date=D(2028, 8, 31), auto_renew=True, renewal_notice_days=90, annual_value=29400.0,
    currency="EUR", billing=billing("fixed_fee", 2450.0, None, None, (85.0, 125.0, 170.0)),
    coverage=cov("Europe/Dublin", "Mon-Fri 08:00-18:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 600, "business"), S("P3", 240, 1200, "business"), S("P4", 600, 3000, "business")],
    included_services=["practice_management_software_support", "imaging_equipment_support", "desktop_support", "network_support"],
    excluded_services=["dental_chair_electronics", "data_recovery"],
    escalation_contacts=[K(1, "Aoife Brennan", "Service Desk Lead", "aoife.brennan@veldwerk.example", "+353 1 555 0142"),
                         K(2, "Ruairí Kenny", "Field Operations Manager", "ruairi.kenny@veldwerk.example", "+353 1 555 0178"),
                         K(3, "Pieter Veldman", "Managing Director", "pieter.veldman@veldwerk.example", "+31 20 555 0101")],
    penalties=pen(3.0, 15.0),
    compliance=comp(["Garda Vetting"], {"general_liability": 6500000, "workers_comp": 13000000}, ["GDPR Data Processing Agreement"]),
    special_instructions="Clinical rooms may be entered only between patient appointments; ask the practice manager first.",
    escalation=[E(50, ["technician"]), E(75, ["level 1"]), E(100, ["level 2", "account_manager"]), E(200, ["level 3"])]),
    dict(provider="veld", ds="uk_ord", ms="eu", prio="prio", print_cid=True, term="length", months=36,
         signer=("Dr. Siobhán Lowther", "Clinical Director"), parties=("Supplier", "Client"), sign=D(2025, 8, 14)),
    [("h", "Schedule C \u2013 Escalation Procedure"),
     ("p", "C.1 The thresholds below are measured against the Response Time and, separately, against the Resolution Time of each "
           "Incident, whatever its Priority."),
     ("p", "C.2 When the stated share of the relevant time has elapsed without a Response or Resolution (as the case may be), "
           "the Supplier shall notify:"),
     ("bullets", ["at 50%: the Engineer assigned to the Incident;",
                  "at 75%: the Level 1 contact as listed in Schedule B;",
                  "at 100%: the Level 2 contact as listed in Schedule B and the Client Account Manager;",
                  "at twice the relevant time (200%): the Level 3 contact as listed in Schedule B."]),
     ("p", "C.3 Each notification is made once per Incident and per time measured.")],
    "The ladder is in Schedule C, printed after the signature page; clause 8 in the body only refers to it. Both clocks, all priorities. "
    "'Client Account Manager' = the Supplier's account manager for the Client = account_manager.")

# ------------------------------------------------------------------ 6 marston: two-column, standard ladder + compressed P1 ladder
_std = [(50, ["technician"], None), (75, ["level 1"], None), (100, ["level 2"], None), (150, ["level 3", "account_manager"], None)]
add("twocol-marston-vale", "twocol", truth(
    contract_id="TFT-AGR-0612", client_id="C0306", title="Orchard and Packhouse IT Support", tier="gold",
    start_date=D(2025, 11, 1), end_date=D(2026, 10, 31), auto_renew=True, renewal_notice_days=60, annual_value=46800.0,
    currency="NZD", billing=billing("block_hours", 3900.0, 30, 150.0, (135.0, 200.0, 260.0)),
    coverage=cov("Pacific/Auckland", "Mon-Fri 08:00-17:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 540, "business"), S("P3", 240, 1080, "business"), S("P4", 540, 2700, "business")],
    included_services=["packhouse_line_pc_support", "network_support", "desktop_support", "label_printer_support"],
    excluded_services=["irrigation_controllers", "software_development"],
    escalation_contacts=[K(1, "Mereana Walker", "Service Desk Lead", "mereana.walker@tasmanft.example", "+64 9 555 0134"),
                         K(2, "Craig Dunstan", "Field Services Manager", "craig.dunstan@tasmanft.example", "+64 9 555 0150"),
                         K(3, "Anjali Reddy", "General Manager", "anjali.reddy@tasmanft.example", "+64 9 555 0101")],
    penalties=pen(2.0, 10.0),
    compliance=comp(["Site Safety Induction"], {"general_liability": 5000000, "professional_liability": 2000000}),
    special_instructions="During harvest (March to May) packhouse line PCs may only be restarted between shifts.",
    escalation=per_prio(["P1"], [(25, ["technician"], None), (50, ["level 1", "account_manager"], None), (100, ["level 2", "level 3"], None)])
    + per_prio(["P2", "P3", "P4"], _std)),
    dict(provider="tasman", ds="uk_long", ms="code", prio="words", print_cid=False, term="dates",
         signer=("Tom Marston", "General Manager"), parties=("Tasman FT", "Customer"), sign=D(2025, 10, 20)),
    [("h", "9. Escalation"),
     ("p", "9.1 Standard ladder. When half of a response or resolution target has elapsed on an open ticket, the on-site "
           "technician is alerted; at three-quarters of the target, the Level 1 contact; at the target itself, the Level 2 "
           "contact; and at one and a half times the target, the Level 3 contact together with the Service Delivery Manager."),
     ("p", "9.2 Critical tickets. For Critical tickets a compressed ladder replaces the standard ladder: at one quarter (25%) of "
           "the target the on-site technician, at half (50%) the Level 1 contact and the Service Delivery Manager, and at 100% "
           "the Level 2 and Level 3 contacts together."),
     ("p", "9.3 The contacts are listed in clause 10. The Service Delivery Manager is Tasman FT's account manager for the Customer.")],
    "Two text columns. Severity words Critical/High/Medium/Low = P1..P4. 9.1 applies to High/Medium/Low (P2-P4), 9.2 replaces it for "
    "Critical (P1); both clocks. Truth expands the standard ladder to P2, P3, P4 (equivalent to clock-less entries without priority "
    "under the config's replace rule).")

# ------------------------------------------------------------------ 7 dunmore: ladder naming level 3, only levels 1-2 listed
add("agreement-dunmore-legal", "schedules", truth(
    contract_id="MTS-CA-2026-003", client_id="C0307", title="Law Office Managed Field Support", tier="gold",
    start_date=D(2026, 2, 1), end_date=D(2027, 1, 31), auto_renew=True, renewal_notice_days=60, annual_value=50400.0,
    currency="CAD", billing=billing("fixed_fee", 4200.0, None, None, (125.0, 185.0, 250.0)),
    coverage=cov("America/Toronto", "Mon-Fri 08:00-18:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 1200, "business"), S("P4", 600, 3000, "business")],
    included_services=["document_management_support", "desktop_support", "network_support", "video_conferencing_support"],
    excluded_services=["litigation_support_services", "hardware_procurement"],
    escalation_contacts=[K(1, "Simone Tremblay", "Service Desk Manager", "simone.tremblay@maplewood.example", "+1 416 555 0162"),
                         K(2, "Arjun Mehta", "Director of Field Operations", "arjun.mehta@maplewood.example", "+1 416 555 0175")],
    penalties=pen(2.0, 12.0),
    compliance=comp(["Criminal Record Check"], {"general_liability": 2000000, "cyber_liability": 1000000, "professional_liability": 1000000},
                    ["Solicitor-Client Privilege Confidentiality Undertaking"]),
    special_instructions="Client files must never leave the premises; all repairs are carried out on site.",
    escalation=[E(50, ["technician"], clock="resolution"), E(100, ["level 1"], clock="resolution"),
                E(150, ["level 2", "account_manager"], clock="resolution"), E(200, ["level 3"], clock="resolution")]),
    dict(provider="maple", ds="us_long", ms="code", prio="P", print_cid=True, term="dates", inline_ladder=True,
         signer=("Catherine Dunmore", "Managing Partner"), sign=D(2026, 1, 16)),
    [("h", "8. Escalation Ladder"),
     ("p", "Stages are reached when the stated percentage of the ticket's resolution target has elapsed while the ticket is "
           "unresolved. They apply to every priority."),
     ("table", [["Stage", "When (percentage of the resolution target)", "Who is notified"],
                ["1", "50%", "Technician assigned to the ticket"],
                ["2", "100%", "Level 1 escalation contact"],
                ["3", "150%", "Level 2 escalation contact and Account Manager"],
                ["4", "200%", "Level 3 escalation contact (Executive Sponsor)"]], {"widths": (0.12, 0.4, 0.48)})],
    "Stage 4 names a Level 3 escalation contact but the contact list (Schedule A) has only Levels 1 and 2: truth keeps the step as "
    "printed ('level 3'); per spec it goes to the account manager and is listed for review. Resolution clock only.")

# ------------------------------------------------------------------ 8 pembury: letter, contacts only (no thresholds)
add("letter-pembury-housing", "letter", truth(
    contract_id="AGT/SOW/2026/007", client_id="C0308", title="Housing Office IT Support", tier="silver",
    start_date=D(2026, 4, 1), end_date=D(2027, 3, 31), auto_renew=True, renewal_notice_days=30, annual_value=14000.0,
    currency="GBP", billing=billing("time_and_materials", None, None, None, (90.0, 135.0, 180.0)),
    coverage=cov("Europe/London", "Mon-Fri 09:00-17:00", True),
    sla=[S("P1", 60, 240, "calendar"), S("P2", 120, 480, "business"), S("P3", 480, 960, "business"), S("P4", 960, 2400, "business")],
    included_services=["desktop_support", "printer_support", "network_support", "telephony_handset_support"],
    excluded_services=["tenant_home_visits", "software_licensing"],
    escalation_contacts=[PRIYA, OWEN], penalties=pen(1.5, 7.5),
    compliance=comp(["DBS Check"], {"general_liability": 5000000}),
    special_instructions="Parking is available behind the office; collect the key fob from reception.",
    escalation=None),
    dict(provider="ash", ds="uk_long", ms="sym", prio="P", print_cid=True, term="length", months=12, dear="Ms Okonjo",
         signer=("Ruth Okonjo", "Chief Executive"), sign=D(2026, 3, 10), annual_phrase="estimate"),
    [("h", "7. If things go wrong"),
     ("p", "If you are not satisfied with the progress of any request, please contact the people below, in this order. "
           "Escalations made by telephone are logged at once and confirmed to you by e-mail."),
     ("contacts",)],
    "Escalation section lists contacts only, with no thresholds or timings: escalation null (the default ladder applies). T&M: annual_value is "
    "the printed estimate.")

# ------------------------------------------------------------------ 9 yarrow: order, contacts only, with a 75% block-usage distractor
add("order-yarrow-point", "order", truth(
    contract_id="CFS-SO-2026-0058", client_id="C0309", title="Family Practice IT Support \u2013 Block Hours", tier="silver",
    start_date=D(2026, 3, 1), end_date=D(2027, 2, 28), auto_renew=True, renewal_notice_days=45, annual_value=19800.0,
    currency="USD", billing=billing("block_hours", 1650.0, 12, 125.0, (115.0, 170.0, 230.0)),
    coverage=cov("America/Los_Angeles", "Mon-Fri 08:00-17:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 120, 540, "business"), S("P3", 240, 1080, "business"), S("P4", 540, 2700, "business")],
    included_services=["ehr_workstation_support", "desktop_support", "network_support", "printer_support"],
    excluded_services=["medical_device_repair", "project_work"],
    escalation_contacts=[K(1, "Lena Fitzgerald", "Service Desk Supervisor", "lena.fitzgerald@copperline.example", "+1 213 555 0188"), MARCO, GWEN],
    penalties=pen(2.0, 10.0),
    compliance=comp(["HIPAA Training", "Background Check"], {"general_liability": 1000000, "cyber_liability": 2000000}, ["HIPAA BAA"]),
    special_instructions="Exam rooms only when unoccupied; patient screens must be locked before work starts.",
    escalation=None),
    dict(provider="copper", ds="us_short", ms="sym", prio="prio", print_cid=True, term="dates", id_label="Service Order No.",
         signer=("Dr. Imani Brooks", "Practice Owner"), sign=D(2026, 2, 11), block_alert=True, sla_cols=("prio", "res", "resp", "clock")),
    [("h", "7. Escalation Contacts"),
     ("p", "Contact in the order shown if a ticket is not progressing to your satisfaction."),
     ("contacts",)],
    "Contacts only, no escalation thresholds: escalation null. Distractor: the block-hours usage alert at 75% / 100% of the "
    "included hours (section 4, Fees) is about hours consumed, not an SLA escalation step.")

# ------------------------------------------------------------------ 10 corran: numbered legal clauses, absolute times
add("legal-corran-ridge", "legal", truth(
    contract_id="CFS-AGR-2025-212", client_id="C0310", title="Rental Shops IT Field Support Agreement", tier="gold",
    start_date=D(2025, 11, 15), end_date=D(2026, 11, 14), auto_renew=True, renewal_notice_days=60, annual_value=34800.0,
    currency="USD", billing=billing("fixed_fee", 2900.0, None, None, (105.0, 160.0, 210.0)),
    coverage=cov("America/Denver", "Mon-Sun 07:00-19:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 1440, "business"), S("P4", 720, 3600, "business")],
    included_services=["point_of_sale_support", "ski_fitting_kiosk_support", "network_support", "desktop_support"],
    excluded_services=["website_hosting", "hardware_procurement"],
    escalation_contacts=[DANA, MARCO, GWEN], penalties=pen(3.0, 15.0),
    compliance=comp(["Background Check"], {"general_liability": 1000000, "workers_comp": 500000}, ["PCI DSS"]),
    special_instructions="Peak season (December to March): no planned maintenance on Saturdays or Sundays.",
    escalation=per_prio(["P1"], [(50, ["level 1"], "resolution"), (100, ["level 2", "account_manager"], "resolution"), (150, ["level 3"], "resolution")])
    + per_prio(["P2"], [(100, ["level 1"], "resolution"), (150, ["level 2"], "resolution")])),
    dict(provider="copper", ds="us_long", ms="sym", prio="prio", print_cid=False, term="length", months=12,
         signer=("Brett Callahan", "Owner"), sign=D(2025, 10, 28)),
    [("h", "9. ESCALATION OF UNRESOLVED INCIDENTS"),
     ("p", "9.1 The Provider shall escalate any Priority 1 Incident that remains unresolved (a) after two (2) hours, to the "
           "Level 1 Escalation Contact; (b) after four (4) hours, to the Level 2 Escalation Contact and the Account Manager; and "
           "(c) after six (6) hours, to the Level 3 Escalation Contact. These periods run at any time of day or night."),
     ("p", "9.2 The Provider shall escalate any Priority 2 Incident that remains unresolved after eight (8) Business Hours to the "
           "Level 1 Escalation Contact, and after twelve (12) Business Hours to the Level 2 Escalation Contact."),
     ("p", "9.3 Priority 3 and Priority 4 Incidents are not escalated under this clause 9."),
     ("p", "9.4 \u201cBusiness Hours\u201d means hours within the Coverage Hours in clause 4.")],
    "Ladder printed as elapsed times, not percentages; truth converts with the SLA matrix in clause 5: P1 resolution 4 hours "
    "(calendar) -> 2 h = 50%, 4 h = 100%, 6 h = 150%; P2 resolution 8 business hours -> 8 h = 100%, 12 h = 150%. "
    "'unresolved' = resolution clock. P3/P4 have no steps (9.3).")

# ------------------------------------------------------------------ 11 halden: numbered clauses, recipients named by role
add("legal-halden-optik", "legal", truth(
    contract_id="VIT-DE-2025-0088", client_id="C0311", title="IT-Vor-Ort-Service / On-site IT Service Agreement", tier="platinum",
    start_date=D(2025, 6, 1), end_date=D(2026, 5, 31), auto_renew=True, renewal_notice_days=90, annual_value=62400.0,
    currency="EUR", billing=billing("block_hours", 5200.0, 40, 120.0, (110.0, 165.0, 220.0)),
    coverage=cov("Europe/Berlin", "Mon-Fri 08:00-17:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 540, "business"), S("P3", 240, 1080, "business"), S("P4", 540, 2700, "business")],
    included_services=["production_pc_support", "network_support", "desktop_support", "measuring_station_support"],
    excluded_services=["machine_controller_programming", "software_development"],
    escalation_contacts=[K(1, "Katrin Vogel", "Service Desk Lead", "katrin.vogel@veldwerk.example", "+49 30 5550 1420"),
                         K(2, "Matthias Brenner", "Head of Field Operations", "matthias.brenner@veldwerk.example", "+49 30 5550 1433"),
                         K(3, "Dr. Ulrike Sander", "Managing Director", "ulrike.sander@veldwerk.example", "+49 30 5550 1401")],
    penalties=pen(2.0, 10.0),
    compliance=comp(["ESD Handling Certificate"], {"general_liability": 5000000, "cyber_liability": 1000000}, ["ISO 27001", "GDPR Data Processing Agreement"]),
    special_instructions="Clean room areas may only be entered in the protective clothing issued at gate 2.",
    escalation=[E(75, ["level 1"], clock="response"), E(50, ["technician"], clock="resolution"),
                E(100, ["level 2", "account_manager"], clock="resolution"), E(150, ["level 3"], clock="resolution")]),
    dict(provider="veld", ds="de", ms="eu", prio="P", print_cid=True, term="dates", signer=("Henrike Halden", "Geschäftsführerin"), parties=("Supplier", "Customer"),
         sign=D(2025, 5, 12), de=True),
    [("h", "9. ESCALATION"),
     ("p", "9.1 If no Response has been given on expiry of three quarters of the Response Time, the Supplier's Service Desk Lead "
           "shall be informed."),
     ("p", "9.2 If a Fault has not been remedied (a) on expiry of one half of the Resolution Time, the Technician assigned to the "
           "Fault shall be informed; (b) on expiry of the Resolution Time, the Head of Field Operations and the Account Manager "
           "shall be informed; (c) on expiry of one and a half times the Resolution Time, the Managing Director shall be informed."),
     ("p", "9.3 The persons named in this clause 9 are those listed in clause 10; the Account Manager is the Supplier's "
           "account manager for the Customer.")],
    "Recipients are named by role only: Service Desk Lead = level 1 (Katrin Vogel), Head of Field Operations = level 2, Managing "
    "Director = level 3 (from the contact table in clause 10). 9.1 is response clock, 9.2 resolution clock; all priorities.")

# ------------------------------------------------------------------ 12 osric: plain monospace tables, mixed per-priority steps
_osric = {"E1": (50, ["technician"], "response"), "E2": (100, ["level 1"], "response"), "E3": (75, ["level 1"], "resolution"),
          "E4": (100, ["level 2", "account_manager"], "resolution"), "E5": (150, ["level 3"], "resolution")}
add("plain-osric-freight", "plain", truth(
    contract_id="VIT-NL-2026-021", client_id="C0312", title="Warehouse and Office IT Support", tier="silver",
    start_date=D(2026, 1, 1), end_date=D(2026, 12, 31), auto_renew=True, renewal_notice_days=60, annual_value=36000.0,
    currency="EUR", billing=billing("time_and_materials", None, None, None, (95.0, 140.0, 190.0)),
    coverage=cov("Europe/Amsterdam", "Mon-Fri 07:30-17:30", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 1200, "business"), S("P4", 600, 3000, "business")],
    included_services=["handheld_scanner_support", "warehouse_management_system_support", "desktop_support", "network_support"],
    excluded_services=["forklift_terminals", "project_work"],
    escalation_contacts=[K(1, "Sanne Bakker", "Service Desk Lead", "sanne.bakker@veldwerk.example", "+31 20 555 0144"),
                         K(2, "Joost Dekker", "Field Operations Manager", "joost.dekker@veldwerk.example", "+31 20 555 0157"),
                         K(3, "Pieter Veldman", "Managing Director", "pieter.veldman@veldwerk.example", "+31 20 555 0101")],
    penalties=pen(2.0, 10.0),
    compliance=comp(["VCA Basic Safety"], {"general_liability": 2500000}, ["GDPR Data Processing Agreement"]),
    special_instructions="Reflective vests are mandatory in the warehouse; report to dock office 3 on arrival.",
    escalation=per_prio(["P1"], [_osric[k] for k in ("E1", "E2", "E3", "E4", "E5")])
    + per_prio(["P2"], [_osric[k] for k in ("E1", "E2", "E3", "E4")])
    + per_prio(["P3", "P4"], [_osric[k] for k in ("E3", "E4")])),
    dict(provider="veld", ds="uk_num", ms="eusym", prio="P", print_cid=True, term="dates", signer=("Eva Smit", "Operations Director"), parties=("Supplier", "Client"),
         sign=D(2025, 12, 9)),
    [("h", "6  ESCALATION STEPS"),
     ("mono", ["Step  Threshold  Clock       Priorities  Notify",
               "----  ---------  ----------  ----------  ------------------------------",
               "E1    50%        response    P1, P2      assigned technician",
               "E2    100%       response    P1, P2      Level 1",
               "E3    75%        resolution  all         Level 1",
               "E4    100%       resolution  all         Level 2, Account Manager",
               "E5    150%       resolution  P1 only     Level 3"]),
     ("p", "Threshold = share of the target for the ticket's priority (section 3) that has elapsed. Levels refer to section 7; "
           "Account Manager = the Supplier's account manager for the Client.")],
    "Plain whitespace-aligned table. Steps E3/E4 ('all') apply to every priority, E1/E2 to P1 and P2, E5 to P1 only; truth lists "
    "each priority's full set (P1: E1-E5, P2: E1-E4, P3/P4: E3-E4) so it reads the same under the config's replace rule.")

# ------------------------------------------------------------------ 13 brisk: one-page quote, 3 priorities
add("quote-brisk-bean", "quote", truth(
    contract_id="Q-SIT-2026-044", client_id="C0313", title="Roastery and Cafés IT Support", tier="silver",
    start_date=D(2026, 2, 1), end_date=D(2027, 1, 31), auto_renew=True, renewal_notice_days=30, annual_value=17400.0,
    currency="AUD", billing=billing("fixed_fee", 1450.0, None, None, (120.0, 180.0, 240.0)),
    coverage=cov("Australia/Melbourne", "Mon-Sat 07:00-15:00", True),
    sla=[S("P1", 60, 240, "calendar"), S("P2", 120, 480, "business"), S("P3", 480, 1440, "business")],
    included_services=["point_of_sale_support", "roaster_control_pc_support", "network_support"],
    excluded_services=["espresso_machine_repair"],
    escalation_contacts=[HAMISH, BRON], penalties=None,
    compliance=comp(None, {"general_liability": 10000000}),
    special_instructions="Roastery visits before 7:00 a.m. by arrangement only.",
    escalation=per_prio(["P1", "P2"], [(50, ["technician"], "response"), (100, ["level 1"], "response")])
    + per_prio(["P3"], [(150, ["level 1", "account_manager"], "resolution")])),
    dict(provider="south", ds="uk_num", ms="sym", prio="urgent", print_cid=False, term="dates",
         signer=("Luca Bianchi", "Owner"), sign=D(2026, 1, 20)),
    [("small", "**Escalation.** Urgent & High: we alert the assigned tech at 50% of the response target and your Level 1 contact "
               "at the target. Normal: at 1.5x the resolution target we notify your Level 1 contact and your Account Manager. "
               "Level 1 / Level 2 contacts are listed below.")],
    "One-page quote; the quote number is the contract id; 3 priorities (Urgent/High/Normal = P1..P3). Escalation: P1 and P2 on the "
    "response clock (50% technician, 100% level 1), P3 on the resolution clock ('1.5x' = 150%). 'No service credits apply': penalties null. "
    "annual_value = the printed 12-month total.")

# ------------------------------------------------------------------ 14 galloway: renewal replacing the prior ladder (90%, 125%)
add("renewal-galloway-cu", "renewal", truth(
    contract_id="CFS-RN-2026-0190", client_id="C0314", title="Branch IT Field Support \u2013 Renewal Agreement", tier="gold",
    start_date=D(2026, 7, 1), end_date=D(2028, 6, 30), auto_renew=True, renewal_notice_days=90, previous_contract_id="GCU-2024-017",
    annual_value=57000.0, currency="USD", billing=billing("block_hours", 4750.0, 32, 145.0, (130.0, 195.0, 260.0)),
    coverage=cov("America/Chicago", "Mon-Fri 08:00-17:00; Sat 09:00-12:00", True),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 960, "business"), S("P4", 480, 2400, "business")],
    included_services=["teller_workstation_support", "atm_network_support", "desktop_support", "printer_support"],
    excluded_services=["core_banking_application_support", "hardware_procurement"],
    escalation_contacts=[DANA, MARCO, GWEN], penalties=pen(5.0, 20.0),
    compliance=comp(["Background Check", "CompTIA Security+"], {"general_liability": 2000000, "cyber_liability": 5000000, "professional_liability": 2000000},
                    ["GLBA Safeguards", "SOC 2 Type II"]),
    special_instructions="Vault areas only with a branch officer present; never work on teller PCs during opening hours without approval.",
    escalation=[E(50, ["technician"]), E(90, ["level 1"], clock="resolution"), E(100, ["level 2", "account_manager"], clock="resolution"),
                E(125, ["level 3"], clock="resolution")]),
    dict(provider="copper", ds="us_long", ms="sym", prio="P", print_cid=True, term="dates", prior_end=D(2026, 6, 30),
         signer=("Denise Okafor", "Chief Operating Officer"), sign=D(2026, 6, 2)),
    [("h", "6. Escalation (replaces Section 9 of the Prior Agreement)"),
     ("p", "Section 9 (Escalation) of the Prior Agreement is deleted and replaced in full by the following:"),
     ("numbered", ["At 50% of either the response target or the resolution target: the assigned technician.",
                   "At 90% of the resolution target: the Level 1 escalation contact.",
                   "When the resolution target is breached: the Level 2 escalation contact and the Account Manager.",
                   "At 125% of the resolution target: the Level 3 escalation contact."]),
     ("p", "These steps apply to tickets of every priority opened on or after the Effective Date.")],
    "Renews and supersedes GCU-2024-017 (not in this corpus). Step 1 is on both clocks (no clock key); steps 2-4 resolution only. "
    "'When the resolution target is breached' = 100%. Coverage days are unequal (Sat half day): targets in hours, no business days.")

# ------------------------------------------------------------------ 15 kelso: 24x7 memo-style terms, twice the target, two levels at once
add("terms-kelso-clinic", "memo", truth(
    contract_id="MTS-CA-2025-019", client_id="C0315", title="Community Clinic 24x7 IT Support", tier="platinum",
    start_date=D(2025, 8, 1), end_date=D(2026, 7, 31), auto_renew=True, renewal_notice_days=60, annual_value=75600.0,
    currency="CAD", billing=billing("fixed_fee", 6300.0, None, None, (140.0, 210.0, 280.0)),
    coverage=cov("America/Vancouver", "24x7", False),
    sla=[S("P1", 15, 120, "calendar"), S("P2", 30, 240, "calendar"), S("P3", 120, 720, "calendar"), S("P4", 240, 1440, "calendar")],
    included_services=["clinical_workstation_support", "network_support", "desktop_support", "printer_support", "after_hours_on_call_support"],
    excluded_services=["medical_device_repair", "software_development"],
    escalation_contacts=[K(1, "Jasper Ng", "On-Call Coordinator", "jasper.ng@maplewood.example", "+1 604 555 0139"),
                         K(2, "Arjun Mehta", "Director of Field Operations", "arjun.mehta@maplewood.example", "+1 416 555 0175"),
                         K(3, "Claire Fontaine", "President", "claire.fontaine@maplewood.example", "+1 416 555 0100")],
    penalties=pen(4.0, 20.0),
    compliance=comp(["Criminal Record Check", "Privacy Training"], {"general_liability": 5000000, "cyber_liability": 2000000}, ["PIPA Confidentiality Agreement"]),
    special_instructions="After 22:00 ring the night bell at the Kelso Street door; clinic security will escort you.",
    escalation=per_prio(["P1", "P2"], [(50, ["technician"], "response"), (100, ["level 1", "level 2"], "resolution"),
                                       (200, ["level 3", "account_manager"], "resolution")])
    + per_prio(["P3", "P4"], [(50, ["technician"], "response")])),
    dict(provider="maple", ds="iso", ms="code", prio="sev", print_cid=True, term="length", months=12,
         signer=("Marguerite Osei", "Executive Director"), sign=D(2025, 7, 18)),
    [("h", "F. Escalation"),
     ("bullets", ["Every severity: if no technician has acknowledged a ticket within half of its response target, the assigned "
                  "technician is paged.",
                  "Severity 1 and Severity 2: if the incident has not been resolved by the time its resolution target is reached, "
                  "Maplewood notifies both the Level 1 and the Level 2 contacts.",
                  "Severity 1 and Severity 2: if it remains unresolved at twice its resolution target, Maplewood notifies the Level 3 "
                  "contact and the Account Manager."]),
     ("p", "Severity 3 and Severity 4 incidents are not escalated beyond the paging step.")],
    "24x7 coverage: all clocks calendar, statutory holidays included (public_holidays false). Ladder: all severities 50% of the response "
    "target -> technician; Sev 1-2 resolution 100% -> levels 1 and 2, 200% ('twice') -> level 3 + account manager. Per-priority expansion.")

# ------------------------------------------------------------------ 16 thornbury: service description, escalation column in the SLA table
add("sheet-thornbury-print", "sheet", truth(
    contract_id="AGT/SD/2025/233", client_id="C0316", title="Print Studio Support Service Description", tier="gold",
    start_date=D(2025, 10, 1), end_date=D(2026, 9, 30), auto_renew=True, renewal_notice_days=30, annual_value=23760.0,
    currency="GBP", billing=billing("block_hours", 1980.0, 18, 105.0, (90.0, 135.0, 180.0)),
    coverage=cov("Europe/London", "Mon-Fri 08:00-18:00", True, [D(2025, 12, 24), D(2025, 12, 31)]),
    sla=[S("P1", 30, 240, "calendar"), S("P2", 60, 480, "business"), S("P3", 240, 1800, "business"), S("P4", 600, 3000, "business")],
    included_services=["prepress_workstation_support", "colour_management_support", "network_support", "desktop_support"],
    excluded_services=["press_maintenance", "hardware_procurement"],
    escalation_contacts=[PRIYA, OWEN, FIONA], penalties=pen(2.0, 10.0),
    compliance=comp(["CompTIA A+"], {"general_liability": 2000000}),
    special_instructions="Do not power down the RIP server without the studio manager's approval.",
    escalation=per_prio(["P1"], [(50, ["level 1"], "resolution"), (100, ["level 2", "account_manager"], "resolution")])
    + per_prio(["P2"], [(100, ["level 1"], "resolution")]) + per_prio(["P3"], [(150, ["level 1"], "resolution")])),
    dict(provider="ash", ds="uk_short", ms="sym", prio="P", print_cid=True, term="dates",
         esc_col=["Level 1 at 50%; Level 2 + SDM at 100%", "Level 1 at 100%", "Level 1 at 150%", "none"],
         signer=("Nadia Thorne", "Studio Director"), sign=D(2025, 9, 18)),
    [],
    "Escalation is a column of the SLA table (percentages of the resolution target, per the footnote); P4 row says 'none': no P4 steps. "
    "'SDM' = the Provider's Service Delivery Manager for the account = account_manager. Two closed dates (24 and 31 December 2025).")

SCANS = ["order-harrow-creek"]
