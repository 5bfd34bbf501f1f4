"""Ground-truth definitions for the independent contract corpus.

Every contract is a truth dict (spec section-2 shape) plus a render dict R of phrasing choices.
Truth is generated first (seeded); the layouts then write the document from truth + R, and
check.py re-reads each PDF with pdftotext to confirm every truth value is printed.
"""
import datetime as dt
import random

from common import snake, term_end

D = dt.date

CLIENTS = [
    # id, legal name, tz, country, account manager, address
    ("C0101", "Harbourline Logistics Inc.", "America/Chicago", "US", "maria.keane@fieldcore.example", "2200 W Fulton Market, Chicago, IL 60612"),
    ("C0102", "Pinecrest Dental Group, P.C.", "America/New_York", "US", "sam.oduya@fieldcore.example", "41 Orchard Street, Hartford, CT 06103"),
    ("C0103", "Ridgeway Title & Escrow LLC", "America/Denver", "US", "maria.keane@fieldcore.example", "1550 Larimer St, Suite 400, Denver, CO 80202"),
    ("C0104", "Calloway Unified School District", "America/Los_Angeles", "US", "jo.tran@fieldcore.example", "900 Mission Ave, Oceanside, CA 92054"),
    ("C0105", "Bellwether Credit Union", "America/New_York", "US", "sam.oduya@fieldcore.example", "18 Lafayette Sq, Buffalo, NY 14203"),
    ("C0106", "Thistledown Veterinary Partners LLC", "America/Chicago", "US", "jo.tran@fieldcore.example", "7301 N Lamar Blvd, Austin, TX 78752"),
    ("C0107", "Osprey Marine Engineering Ltd", "Europe/London", "GB", "hannah.pryce@fieldcore.example", "Unit 4, Quayside Park, Southampton SO14 3JF"),
    ("C0108", "Ashworth & Lyle Solicitors LLP", "Europe/London", "GB", "hannah.pryce@fieldcore.example", "12 St Ann's Square, Manchester M2 7HW"),
    ("C0109", "Fenwick Garden Centres Limited", "Europe/London", "GB", "callum.reid@fieldcore.example", "Fenwick House, Mill Lane, York YO1 6JR"),
    ("C0110", "Wattle Creek Aged Care Pty Ltd", "Australia/Sydney", "AU", "priya.nair@fieldcore.example", "88 Macquarie Street, Parramatta NSW 2150"),
    ("C0111", "Sandgate Mining Services Pty Ltd", "Australia/Perth", "AU", "priya.nair@fieldcore.example", "Level 9, 197 St Georges Tce, Perth WA 6000"),
    ("C0112", "Coral Bay Accountants Pty Ltd", "Australia/Brisbane", "AU", "liam.ostrowski@fieldcore.example", "30 Edward Street, Brisbane QLD 4000"),
    ("C0113", "Brandt Feinmechanik GmbH", "Europe/Berlin", "DE", "jonas.weber@fieldcore.example", "Industriestraße 14, 70565 Stuttgart"),
    ("C0114", "Van der Linde Transport B.V.", "Europe/Amsterdam", "NL", "jonas.weber@fieldcore.example", "Havenweg 21, 3089 JD Rotterdam"),
    ("C0115", "Maison Lacroix Hôtellerie SAS", "Europe/Paris", "FR", "jonas.weber@fieldcore.example", "17 rue de la République, 69002 Lyon"),
    ("C0116", "Shannonside Pharmacy Group Ltd", "Europe/Dublin", "IE", "callum.reid@fieldcore.example", "Unit 7, Raheen Business Park, Limerick V94 K2X7"),
    ("C0117", "Northern Birch Outfitters Inc.", "America/Toronto", "CA", "sam.oduya@fieldcore.example", "455 Queen St W, Toronto, ON M5V 2A9"),
    ("C0118", "Coastal Cedar Clinics Ltd.", "America/Vancouver", "CA", "jo.tran@fieldcore.example", "1120 W Georgia St, Vancouver, BC V6E 4R2"),
    ("C0119", "Kowhai Property Management Ltd", "Pacific/Auckland", "NZ", "liam.ostrowski@fieldcore.example", "Level 3, 151 Queen Street, Auckland 1010"),
    ("C0120", "Tui Valley Winery Limited", "Pacific/Auckland", "NZ", "liam.ostrowski@fieldcore.example", "62 Rapaura Road, Blenheim 7273"),
    ("C0121", "Greystone Orthopaedics, PLLC", "America/New_York", "US", "sam.oduya@fieldcore.example", "600 Peachtree St NE, Atlanta, GA 30308"),
    ("C0122", "Lakeshore Freight Brokers, Inc.", "America/Chicago", "US", "maria.keane@fieldcore.example", "310 E Kilbourn Ave, Milwaukee, WI 53202"),
    ("C0123", "Summit Peak Realty Partners LP", "America/Denver", "US", "maria.keane@fieldcore.example", "75 W 100 S, Salt Lake City, UT 84101"),
    ("C0124", "Mariposa Community Health Center", "America/Los_Angeles", "US", "jo.tran@fieldcore.example", "2400 Fresno St, Fresno, CA 93721"),
    ("C0125", "Kingfisher Print & Pack Ltd", "Europe/London", "GB", "callum.reid@fieldcore.example", "3 Tanners Yard, Bristol BS1 6QH"),
    ("C0126", "Bluegum Early Learning Pty Ltd", "Australia/Melbourne", "AU", "priya.nair@fieldcore.example", "211 Swan Street, Richmond VIC 3121"),
    ("C0127", "Hoekstra Installatietechniek B.V.", "Europe/Amsterdam", "NL", "jonas.weber@fieldcore.example", "Kanaaldijk 5, 5611 AB Eindhoven"),
    ("C0128", "Atelier Moreau Architectes SARL", "Europe/Paris", "FR", "jonas.weber@fieldcore.example", "8 quai des Chartrons, 33000 Bordeaux"),
    ("C0129", "Prairie Gold Seed Co-operative", "America/Chicago", "US", "maria.keane@fieldcore.example", "1200 2nd Ave N, Fargo, ND 58102"),
    ("C0130", "Whitcombe Estate Agents Ltd", "Europe/London", "GB", "hannah.pryce@fieldcore.example", "44 High Street, Guildford GU1 3EL"),
    ("C0131", "Hartmann Bäckerei KG", "Europe/Berlin", "DE", "jonas.weber@fieldcore.example", "Marktplatz 3, 90403 Nürnberg"),
    ("C0132", "Redfern Legal Aid Society", "America/New_York", "US", "sam.oduya@fieldcore.example", "1 Court Square, Boston, MA 02108"),
    ("C0133", "Ironbark Civil Contractors Pty Ltd", "Australia/Brisbane", "AU", "liam.ostrowski@fieldcore.example", "14 Station Road, Toowoomba QLD 4350"),
    ("C0134", "Greenlane Optometrists Limited", "Pacific/Auckland", "NZ", "liam.ostrowski@fieldcore.example", "230 Great South Road, Epsom, Auckland 1051"),
    ("C0135", "Kranich Logistik GmbH", "Europe/Berlin", "DE", "jonas.weber@fieldcore.example", "Am Hafen 9, 28197 Bremen"),
    ("C0136", "Quillfeather Publishing Ltd", "Europe/London", "GB", "hannah.pryce@fieldcore.example", "5 Castle Street, Edinburgh EH2 3AH"),
    ("C0137", "Silverline Dental Studios Inc.", "America/Los_Angeles", "US", "jo.tran@fieldcore.example", "4100 SW Macadam Ave, Portland, OR 97239"),
]
CL = {c[0]: c for c in CLIENTS}

PROVIDERS = {
    "US": ("FieldCore Technical Services, LLC", "1800 N Clybourn Ave, Chicago, IL 60614", "fieldcore.example", "+1 312 555 0140"),
    "US2": ("BlueRidge Managed IT, Inc.", "500 Main Street, Richmond, VA 23219", "blueridge-it.example", "+1 804 555 0177"),
    "GB": ("Northgate Field IT Services Ltd", "Northgate House, 9 Wellington Place, Leeds LS1 4AP", "northgate-it.example", "+44 113 496 0521"),
    "AU": ("Kestrel Tech Support Pty Ltd", "Level 5, 60 Clarence Street, Sydney NSW 2000", "kestreltech.example", "+61 2 7010 4455"),
    "EU": ("Halvorsen IT-Service GmbH", "Lindenallee 40, 20259 Hamburg, Germany", "halvorsen-it.example", "+49 40 5550 7730"),
    "CA": ("Maple Circuit Services Inc.", "200 Bay Street, Suite 1800, Toronto, ON M5J 2J2", "maplecircuit.example", "+1 416 555 0192"),
    "NZ": ("Tasman Field IT Limited", "12 Customs Street East, Auckland 1010", "tasmanit.example", "+64 9 555 0134"),
    "IE": ("Liffey Desk Services Ltd", "Block B, Grand Canal Quay, Dublin D02 XE80", "liffeydesk.example", "+353 1 555 0162"),
}

CUR = {"US": "USD", "GB": "GBP", "AU": "AUD", "DE": "EUR", "NL": "EUR", "FR": "EUR", "IE": "EUR", "CA": "CAD", "NZ": "NZD"}

TZ_PHRASES = {
    "America/New_York": ["Eastern Time", "US Eastern Time"],
    "America/Chicago": ["Central Time", "US Central Time"],
    "America/Denver": ["Mountain Time", "US Mountain Time"],
    "America/Los_Angeles": ["Pacific Time", "US Pacific Time"],
    "America/Toronto": ["Eastern Time (Toronto)"],
    "America/Vancouver": ["Pacific Time (Vancouver)"],
    "Europe/London": ["UK time", "London time (GMT/BST)"],
    "Europe/Dublin": ["Irish time (Dublin)"],
    "Europe/Berlin": ["Berlin time (CET/CEST)"],
    "Europe/Amsterdam": ["Amsterdam time (CET/CEST)"],
    "Europe/Paris": ["Paris time (CET/CEST)"],
    "Australia/Sydney": ["Sydney time (AEST/AEDT)"],
    "Australia/Melbourne": ["Melbourne time (AEST/AEDT)"],
    "Australia/Brisbane": ["Brisbane time (AEST)"],
    "Australia/Perth": ["Perth time (AWST)"],
    "Pacific/Auckland": ["New Zealand time (Auckland)"],
}

# hours spec -> minutes in one coverage day (None = unequal days)
COVERAGE = {
    "Mon-Fri 08:00-18:00": 600,
    "Mon-Fri 07:30-17:30": 600,
    "Mon-Fri 09:00-17:00": 480,
    "Mon-Fri 08:00-17:00": 540,
    "Mon-Fri 08:30-17:30": 540,
    "Mon-Sat 08:00-18:00": 600,
    "Mon-Fri 08:00-12:00,13:00-17:00": 480,
    "Mon-Fri 07:00-19:00; Sat 08:00-12:00": None,
    "24x7": 1440,
}

IN_SERVICES = ["Desktop Support", "Network Support", "Server Maintenance", "Printer Support", "Onsite Repair",
               "Remote Helpdesk", "Patch Management", "Backup Monitoring", "Point of Sale Support",
               "Audio Visual Support", "Device Imaging", "Mobile Device Support", "Firewall Management",
               "User Onboarding"]
EX_SERVICES = ["Project Work", "Hardware Procurement", "Software Development", "Structured Cabling",
               "Telephony", "Data Recovery", "End User Training", "Website Hosting", "Printer Consumables"]

CREDS = {
    "US": ["CompTIA A+", "CompTIA Security+", "Background Check", "Cisco CCNA", "OSHA 10-Hour", "Drug Screening", "ITIL 4 Foundation"],
    "GB": ["CompTIA A+", "DBS Basic Check", "DBS Enhanced Check", "ITIL 4 Foundation", "CSCS Card", "Cisco CCNA"],
    "AU": ["CompTIA A+", "National Police Check", "Working with Children Check", "ITIL 4 Foundation", "White Card"],
    "EU": ["CompTIA A+", "ITIL 4 Foundation", "Certificate of Good Conduct", "Cisco CCNA", "Microsoft Certified: Endpoint Administrator Associate"],
    "CA": ["CompTIA A+", "Criminal Record Check", "ITIL 4 Foundation", "WHMIS Training"],
    "NZ": ["CompTIA A+", "Ministry of Justice Criminal Record Check", "Site Safe Passport", "ITIL 4 Foundation"],
}
SEC = {
    "US": ["HIPAA BAA", "SOC 2 Type II", "PCI DSS", "NIST SP 800-171", "FERPA"],
    "GB": ["UK GDPR Data Processing Agreement", "Cyber Essentials Plus", "ISO/IEC 27001"],
    "AU": ["Essential Eight Maturity Level 2", "Privacy Act 1988 (Cth)", "ISO/IEC 27001"],
    "EU": ["GDPR Data Processing Agreement", "ISO/IEC 27001", "NIS2 Security Measures"],
    "CA": ["PIPEDA Compliance", "SOC 2 Type II"],
    "NZ": ["Privacy Act 2020", "ISO/IEC 27001"],
}
PEOPLE = {
    "US": [("Dana Ortiz", "Service Desk Lead"), ("Marcus Bell", "Field Operations Manager"), ("Rita Coleman", "Director of Client Services"),
           ("Kevin Shah", "Service Delivery Manager"), ("Alicia Moreno", "Regional Dispatch Supervisor"), ("Trent Walsh", "VP Operations")],
    "GB": [("Hannah Pryce", "Service Desk Manager"), ("Owen Hughes", "Field Engineering Lead"), ("Fiona McAllister", "Head of Service Delivery"),
           ("Gareth Lewis", "Operations Director")],
    "AU": [("Priya Nair", "Service Desk Team Leader"), ("Jack Mitchell", "Field Services Manager"), ("Sophie Tran", "General Manager, Operations")],
    "EU": [("Jonas Weber", "Teamleiter Service Desk"), ("Katrin Vogel", "Leiterin Field Service"), ("Matthias Brandt", "Geschäftsführer Betrieb")],
    "CA": [("Olivia Chen", "Service Desk Supervisor"), ("Marc Tremblay", "Field Operations Manager"), ("Dev Patel", "Director, Client Success")],
    "NZ": [("Aroha Ngata", "Service Desk Lead"), ("Ben Fraser", "Field Services Manager"), ("Mere Thompson", "Operations Manager")],
    "IE": [("Ciara Byrne", "Service Desk Lead"), ("Darragh Kelly", "Field Engineering Manager"), ("Aoife Walsh", "Head of Operations")],
}
PHONE = {"US": "+1 {a} 555 0{b}", "GB": "+44 {a} 496 0{b}", "AU": "+61 {a} 5550 {b}", "EU": "+49 {a} 5550 {b}",
         "CA": "+1 {a} 555 0{b}", "NZ": "+64 {a} 555 0{b}", "IE": "+353 {a} 555 0{b}"}
AREA = {"US": ["312", "804", "646"], "GB": ["113", "161", "20"], "AU": ["2", "3", "8"], "EU": ["40", "30", "89"],
        "CA": ["416", "604"], "NZ": ["9", "4"], "IE": ["1", "61"]}
SPECIAL = [
    "Technicians must sign in at the front reception desk and wear the visitor badge at all times.",
    "Server room access is via the loading dock; collect the key from Facilities (ext. 2210).",
    "Do not reboot the point-of-sale terminals between 11:00 and 14:00 on trading days.",
    "Parking is available in bays 14-16 of the rear car park; report to the site manager on arrival.",
    "All on-site visits to clinical areas must be booked through the practice manager 24 hours in advance.",
    "Hard drives removed from site must be wiped to NIST 800-88 and a certificate of destruction supplied.",
    "Technicians must complete the site safety induction before first attendance and wear hi-vis vests in the yard.",
    "Change freezes apply during the last three business days of each month; emergency changes need CFO approval.",
    "Classroom equipment may only be serviced outside teaching hours unless a P1 incident is declared.",
    "Photo ID must be shown to the security desk; tailgating through secure doors is prohibited.",
]


def provider_key(country):
    return {"US": "US", "GB": "GB", "AU": "AU", "DE": "EU", "NL": "EU", "FR": "EU", "IE": "IE", "CA": "CA", "NZ": "NZ"}[country]


def _ppl_key(country):
    k = provider_key(country)
    return k


def gen(stem, layout, cid, seed, **ov):
    rng = random.Random(seed)
    c = CL[cid]
    country = c[3]
    pk = provider_key(country)
    cur = CUR[country]
    start = ov.pop("start", D(rng.choice([2025, 2025, 2026]), rng.randint(1, 12), rng.choice([1, 1, 1, 15])))
    months = ov.pop("months", rng.choice([12, 12, 12, 24, 36]))
    end = term_end(start, months)
    model = ov.pop("model", rng.choice(["fixed_fee", "block_hours", "time_and_materials"]))
    std = rng.choice([95, 110, 120, 125, 135, 145, 150, 165, 175])
    rates = {"standard": float(std), "after_hours": float(round(std * 1.5 / 5) * 5), "emergency": float(std * 2)}
    if ov.pop("no_emergency", False):
        rates["emergency"] = None
    billing = {"model": model, "monthly_fee": None, "included_hours_per_month": None, "overage_rate": None, "rates": rates}
    if model == "fixed_fee":
        billing["monthly_fee"] = float(rng.randrange(2400, 12000, 100))
        annual = billing["monthly_fee"] * 12
    elif model == "block_hours":
        h = rng.choice([10, 16, 20, 30, 40, 60])
        billing["included_hours_per_month"] = h
        billing["monthly_fee"] = float(round(h * std * 0.92 / 50) * 50)
        billing["overage_rate"] = float(std + rng.choice([10, 15, 20, 25]))
        annual = billing["monthly_fee"] * 12
    else:
        annual = float(rng.randrange(18000, 90000, 1000))
    hours = ov.pop("hours", rng.choice(list(COVERAGE)))
    daymin = COVERAGE[hours]
    tz = c[2]
    cal = hours == "24x7"
    p1cal = cal or rng.random() < 0.7
    nprio = ov.pop("nprio", rng.choice([4, 4, 4, 3]))
    sla = []
    if cal:
        rows = [(rng.choice([15, 30]), rng.choice([240, 360])), (rng.choice([60, 120]), rng.choice([480, 720])),
                (240, 1440), (480, 4320)]
        for i in range(nprio):
            sla.append({"priority": f"P{i+1}", "response_minutes": rows[i][0], "resolution_minutes": rows[i][1], "clock": "calendar"})
    else:
        dm = daymin or 540
        rows = [(rng.choice([15, 30, 60]), rng.choice([240, 360, 480])),
                (rng.choice([60, 120]), rng.choice([480, dm]) if daymin else 480),
                (rng.choice([240, 480]), (dm * rng.choice([2, 3])) if daymin else 1440),
                ((dm if daymin else 480), (dm * 5) if daymin else 2400)]
        for i in range(nprio):
            clock = "calendar" if (i == 0 and p1cal) else "business"
            sla.append({"priority": f"P{i+1}", "response_minutes": rows[i][0], "resolution_minutes": rows[i][1], "clock": clock})
    inc = rng.sample(IN_SERVICES, rng.randint(3, 6))
    exc = rng.sample(EX_SERVICES, rng.randint(2, 4))
    ppl = rng.sample(PEOPLE.get(pk, PEOPLE["US"]), min(3, len(PEOPLE.get(pk, PEOPLE["US"]))))
    nlev = rng.choice([2, 3, 3])
    prov = PROVIDERS[pk]
    contacts = []
    for i, (nm, role) in enumerate(ppl[:nlev]):
        first, last = nm.split(" ", 1)
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@{prov[2]}"
        phone = PHONE[pk].format(a=rng.choice(AREA[pk]), b=rng.randint(100, 999))
        contacts.append({"level": i + 1, "name": nm, "role": role, "email": email, "phone": phone})
    pen = {"credit_pct_per_breach": float(rng.choice([2, 2.5, 3, 5])), "monthly_credit_cap_pct": float(rng.choice([10, 15, 20]))}
    ckey = {"DE": "EU", "NL": "EU", "FR": "EU", "IE": "EU"}.get(country, country)
    creds = rng.sample(CREDS[ckey], rng.randint(1, 3))
    ins_types = rng.sample(["general_liability", "cyber_liability", "professional_liability", "workers_comp"], rng.randint(1, 3))
    ins_amt = {"general_liability": rng.choice([1000000, 2000000, 5000000]), "cyber_liability": rng.choice([1000000, 2000000]),
               "professional_liability": rng.choice([1000000, 2000000]), "workers_comp": rng.choice([500000, 1000000])}
    ins = {k: ins_amt[k] for k in sorted(ins_types)}
    secs = rng.sample(SEC[ckey], rng.randint(0, 2))
    auto = rng.choice([True, True, False, None])
    notice = rng.choice([30, 60, 90]) if auto else None
    tier = rng.choice(["gold", "silver", "platinum", None, None])
    T = {
        "contract_id": None, "client_id": cid, "title": None, "tier": tier,
        "start_date": start, "end_date": end, "auto_renew": auto, "renewal_notice_days": notice,
        "previous_contract_id": None, "annual_value": annual, "currency": cur, "billing": billing,
        "coverage": {"timezone": tz, "hours": hours, "public_holidays": (False if cal else True), "closed_dates": None},
        "sla": sla, "included_services": [snake(s) for s in inc], "excluded_services": [snake(s) for s in exc],
        "escalation_contacts": contacts, "penalties": pen,
        "compliance": {"required_credentials": creds, "insurance_minimums": ins, "security_clauses": secs},
        "special_instructions": rng.choice(SPECIAL + [None, None]),
    }
    R = {"stem": stem, "layout": layout, "months": months, "daymin": daymin, "inc_names": inc, "exc_names": exc,
         "provider": prov, "pk": pk, "client": c, "country": country, "print_cid": rng.random() < 0.55,
         "tz_phrase": rng.choice(TZ_PHRASES[tz]), "annual_stated": True, "rng": rng,
         "dmy": country != "US"}
    # overrides of truth (dotted keys allowed) and render choices
    for k, v in ov.items():
        if k.startswith("R_"):
            R[k[2:]] = v
        elif "." in k:
            a, b = k.split(".")
            if T[a] is None:
                T[a] = {}
            T[a][b] = v
        else:
            T[k] = v
    if R.get("print_cid") is False:
        pass
    return T, R
