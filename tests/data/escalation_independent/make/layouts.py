"""Truth + render options -> block lists, one writer per layout. Each contract's escalation clause
(hand-written in contracts.py) is inserted where its layout puts it."""
import fmt
from contracts import CL, PROVIDERS

PRIO = {
    "P": ["P1", "P2", "P3", "P4"],
    "prio": ["Priority 1 (Critical)", "Priority 2 (High)", "Priority 3 (Medium)", "Priority 4 (Low)"],
    "PW": ["P1 Critical", "P2 High", "P3 Medium", "P4 Low"],
    "sev": ["Severity 1", "Severity 2", "Severity 3", "Severity 4"],
    "words": ["Critical", "High", "Medium", "Low"],
    "urgent": ["Urgent", "High", "Normal", "Low"],
}
DESC = ["Site down or a business-critical system unavailable", "Major function degraded, workaround hard",
        "Single user or non-critical fault", "Request, question or cosmetic issue"]
TZ = {"America/Chicago": "Central Time", "America/New_York": "Eastern Time", "America/Denver": "Mountain Time",
      "America/Los_Angeles": "Pacific Time", "America/Toronto": "Eastern Time (Toronto)", "America/Vancouver": "Pacific Time (Vancouver)",
      "Europe/London": "UK time", "Europe/Dublin": "Dublin time", "Europe/Berlin": "Berlin time", "Europe/Amsterdam": "Amsterdam time",
      "Australia/Sydney": "Sydney time", "Australia/Melbourne": "Melbourne time", "Pacific/Auckland": "New Zealand time"}
DAYN = {"Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}
TOKENS = {"av": "AV", "pc": "PC", "ehr": "EHR", "atm": "ATM", "and": "and", "of": "of"}
INS_US = {"general_liability": "Commercial General Liability", "cyber_liability": "Cyber Liability",
          "professional_liability": "Professional Liability (E&O)", "workers_comp": "Workers' Compensation"}
INS_CA = dict(INS_US, professional_liability="Errors and Omissions")
INS_UK = {"general_liability": "Public Liability", "cyber_liability": "Cyber Insurance",
          "professional_liability": "Professional Indemnity", "workers_comp": "Employers' Liability"}
INS_EU = {"general_liability": "General (Public) Liability", "cyber_liability": "Cyber Insurance",
          "professional_liability": "Professional Indemnity", "workers_comp": "Employers' Liability"}


def service_name(s):
    special = {"guest_wi_fi_support": "Guest Wi-Fi Support", "after_hours_on_call_support": "After-Hours On-Call Support"}
    if s in special:
        return special[s]
    return " ".join(TOKENS.get(w, w.capitalize()) for w in s.split("_"))


class Ctx:
    """per-document helpers bound to the truth T and render options R"""

    def __init__(self, T, R):
        self.T, self.R = T, R
        self.cl = CL[T["client_id"]]
        self.country = self.cl[3]
        self.pv = PROVIDERS[R["provider"]]
        self.cur = T["currency"]
        self.daylen = fmt.day_minutes(T["coverage"]["hours"])
        self.us = self.country in ("US", "CA")
        self.P, self.C = R.get("parties", ("Provider", "Client"))

    def pc(self, text):
        """use the document's own names for the parties"""
        prov = self.P if self.P == "Tasman FT" else "the " + self.P
        cap = prov[0].upper() + prov[1:]
        return text.replace("The Provider", cap).replace("the Provider", prov).replace("the Client", "the " + self.C)

    def d(self, x):
        return fmt.date(x, self.R["ds"])

    def m(self, a):
        return fmt.money(a, self.cur, self.R["ms"])

    def pnames(self):
        return PRIO[self.R["prio"]][: len(self.T["sla"])]

    def dur(self, minutes, clock, style="num"):
        return fmt.dur(minutes, clock, self.daylen if self.daylen and self.daylen < 1440 else None, style)

    def hours_text(self):
        h = self.T["coverage"]["hours"]
        if h == "24x7":
            return "24 hours a day, 7 days a week (24x7)"
        parts = []
        for grp in h.split(";"):
            days, wins = grp.strip().split(" ", 1)
            if "-" in days:
                a, b = days.split("-")
                dtxt = f"{DAYN[a]} {'through' if self.us else 'to'} {DAYN[b]}"
            else:
                dtxt = DAYN[days]
            wl = []
            for w in wins.split(","):
                a, b = w.strip().split("-")
                wl.append(f"{fmt.t12(a)} to {fmt.t12(b)}" if self.us else f"{a} to {b}")
            parts.append(f"{dtxt}, {' and '.join(wl)}")
        return "; ".join(parts)

    def tz(self):
        return TZ[self.T["coverage"]["timezone"]]

    def holidays(self):
        ph = self.T["coverage"]["public_holidays"]
        word = {"GB": "bank holidays", "CA": "statutory holidays"}.get(self.country, "public holidays")
        if ph is True:
            return f"excluding {word}"
        if ph is False:
            return f"including {word}"
        return ""

    def coverage_sentence(self):
        c = self.T["coverage"]
        if c["hours"] == "24x7":
            s = f"Coverage Hours are 24 hours a day, 7 days a week (24x7), {self.tz()}, {self.holidays()}."
        else:
            s = f"Coverage Hours are {self.hours_text()} ({self.tz()}), {self.holidays()}."
        if c.get("closed_dates"):
            s += " The service desk is also closed on " + " and ".join(self.d(x) for x in c["closed_dates"]) + "."
        return s

    def term_sentence(self):
        T, R = self.T, self.R
        if R["term"] == "length":
            n = R["months"]
            s = f"for a term of {fmt.words(n)} ({n}) months commencing on {self.d(T['start_date'])} (the Effective Date)"
        else:
            s = f"from {self.d(T['start_date'])} (the Effective Date) until {self.d(T['end_date'])} inclusive"
        return s

    def renew_sentence(self):
        T = self.T
        if T["auto_renew"]:
            n = T["renewal_notice_days"]
            return (f"It renews automatically for successive periods of twelve (12) months unless either party gives the other "
                    f"at least {fmt.words(n)} ({n}) days' written notice of non-renewal before the end of the then-current term.")
        return "It does not renew automatically; any renewal must be agreed in writing."

    def rates_rows(self):
        r = self.T["billing"]["rates"]
        return [("Standard rate (within Coverage Hours)", self.m(r["standard"]) + " per hour"),
                ("After-hours rate", self.m(r["after_hours"]) + " per hour"),
                ("Emergency call-out rate", self.m(r["emergency"]) + " per hour")]

    def fee_sentences(self):
        T, b = self.T, self.T["billing"]
        r = b["rates"]
        rates = (f"Hourly rates: {self.m(r['standard'])} standard (within Coverage Hours), {self.m(r['after_hours'])} after hours, "
                 f"{self.m(r['emergency'])} for emergency call-outs.")
        if b["model"] == "fixed_fee":
            return [f"A fixed monthly fee of {self.m(b['monthly_fee'])} covers all standard-rate work within scope (annual value "
                    f"{self.m(T['annual_value'])}). After-hours and emergency work is charged at the rates below.", rates]
        if b["model"] == "block_hours":
            return [f"A monthly fee of {self.m(b['monthly_fee'])} includes a block of {b['included_hours_per_month']} hours of standard-rate "
                    f"work per calendar month (annual value {self.m(T['annual_value'])}). Unused hours do not carry over. Hours beyond the "
                    f"block are charged at an overage rate of {self.m(b['overage_rate'])} per hour.", rates]
        return [f"All work is charged on a time and materials basis at the hourly rates below; there is no monthly fee. "
                f"Estimated annual spend: {self.m(T['annual_value'])}.", rates]

    def fee_kv(self):
        T, b = self.T, self.T["billing"]
        model = {"fixed_fee": "Fixed monthly fee", "block_hours": "Block of hours", "time_and_materials": "Time and materials"}[b["model"]]
        rows = [("Billing model", model)]
        if b["monthly_fee"] is not None:
            rows.append(("Monthly fee", self.m(b["monthly_fee"])))
        if b["model"] == "block_hours":
            rows += [("Included hours per month", f"{b['included_hours_per_month']} hours"), ("Overage rate", self.m(b["overage_rate"]) + " per hour")]
        rows.append(("Estimated annual spend" if b["model"] == "time_and_materials" else "Annual value", self.m(T["annual_value"])))
        return rows + self.rates_rows()

    def clock_word(self, clock, style=0):
        if clock == "calendar":
            return ["24x7 (elapsed time)", "Around the clock", "Any time of day or night"][style]
        return ["Coverage Hours", "Coverage Hours only", "Within Coverage Hours"][style]

    def sla_table(self, cols=("prio", "resp", "res", "clock"), extra=None, style=0):
        head = {"prio": "Priority", "desc": "Definition", "resp": "Response target", "res": "Resolution target", "clock": "Measured"}
        rows = [[head[c] for c in cols] + ([extra[0]] if extra else [])]
        for i, (s, name) in enumerate(zip(self.T["sla"], self.pnames())):
            cell = {"prio": name, "desc": DESC[i], "resp": self.dur(s["response_minutes"], s["clock"]),
                    "res": self.dur(s["resolution_minutes"], s["clock"]), "clock": self.clock_word(s["clock"], style)}
            rows.append([cell[c] for c in cols] + ([extra[1][i]] if extra else []))
        return rows

    def sla_sentences(self):
        out = []
        for s, name in zip(self.T["sla"], self.pnames()):
            when = ("at any time of day or night" if s["clock"] == "calendar" else "measured within Coverage Hours")
            out.append(f"{name}: respond within {self.dur(s['response_minutes'], s['clock'], 'words')} and resolve within "
                       f"{self.dur(s['resolution_minutes'], s['clock'], 'words')}, {when}.")
        return out

    def services(self):
        return [service_name(s) for s in self.T["included_services"]], [service_name(s) for s in self.T["excluded_services"]]

    def contact_line(self, c):
        return f"{c['name']}, {c['role']}, {c['email']}, {c['phone']}"

    def contacts_table(self):
        return [["Level", "Name", "Role", "E-mail", "Phone"]] + [[str(c["level"]), c["name"], c["role"], c["email"], c["phone"]]
                                                                 for c in self.T["escalation_contacts"]]

    def contacts_blocks(self, kind="table"):
        if kind == "table":
            return [("table", self.contacts_table(), {"widths": (0.07, 0.18, 0.2, 0.38, 0.17), "size": 7.5})]
        return [("bullets", [f"Level {c['level']}: {self.contact_line(c)}" for c in self.T["escalation_contacts"]])]

    def credit_sentence(self):
        p = self.T["penalties"]
        if not p:
            return "No service credits apply."
        return self.pc(f"For each incident whose response or resolution target is missed, the Client is credited "
                f"{p['credit_pct_per_breach']:g}% of the monthly fee, up to a maximum of {p['monthly_credit_cap_pct']:g}% of the monthly fee "
                f"in any calendar month.")

    def compliance_sentences(self):
        cp = self.T["compliance"]
        out = []
        if cp["required_credentials"]:
            out.append("Every technician attending the Client's sites must hold: " + "; ".join(cp["required_credentials"]) + ".")
        if cp["insurance_minimums"]:
            names = INS_US if self.country == "US" else INS_CA if self.country == "CA" else INS_UK if self.country in ("GB", "AU", "NZ", "IE") else INS_EU
            out.append("The Provider shall maintain insurance of at least: " + "; ".join(
                f"{names[k]} {self.m(v)} per occurrence" for k, v in cp["insurance_minimums"].items()) + ".")
        if cp["security_clauses"]:
            out.append("Security and data protection: the Provider shall comply with " + " and ".join(cp["security_clauses"]) + ".")
        return [self.pc(x) for x in out]

    def head(self):
        return self.pv["name"], "Confidential"

    def sig(self):
        R = self.R
        return ("sig", [(f"For {self.pv['name']}", "Eleanor Vance" if self.us else "Martin Hale", "Director of Client Services" if self.us else "Commercial Director",
                         self.d(R["sign"])), (f"For {self.cl[1]}", R["signer"][0], R["signer"][1], self.d(R["sign"]))])

    def client_ref(self):
        return f" (Customer No. {self.cl[0]})" if self.R["print_cid"] else ""


def expand(blocks, x, contacts_kind="table"):
    out = []
    for b in blocks:
        if b[0] == "contacts":
            out += x.contacts_blocks(contacts_kind)
        else:
            out.append(b)
    return out


# ---------------------------------------------------------------- order form (ruled key/value tables)
def order(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", "SERVICE ORDER"),
         ("kv", [(R.get("id_label", "Order No."), T["contract_id"]), ("Service", T["title"]),
                 ("Customer", x.cl[1] + x.client_ref()), ("Customer address", x.cl[5]),
                 ("Provider", f"{x.pv['name']}, {x.pv['addr']}"), ("Service tier", T["tier"].capitalize()),
                 ("Start date", x.d(T["start_date"])), ("End date", x.d(T["end_date"]))]),
         ("h", "1. Term and renewal"), ("p", f"This Service Order runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "2. Coverage Hours"), ("p", x.coverage_sentence()),
         ("h", "3. Scope"), ("p", "**Included services:**"), ("bullets", inc), ("p", "**Not included:**"), ("bullets", exc),
         ("h", "4. Fees"), ("kv", x.fee_kv())]
    if R.get("block_alert"):
        b.append(("p", "Block usage alert: the Provider will notify the Customer's practice manager when 75% of the month's included "
                       "hours have been used, and again when 100% have been used."))
    b += [("h", "5. Service Levels"),
          ("table", x.sla_table(R.get("sla_cols", ("prio", "resp", "res", "clock")))),
          ("small", "Business-day targets count whole Coverage Hours days. Targets marked 24x7 run at any time of day or night."),
          ("h", "6. Service credits and compliance"), ("p", x.credit_sentence())] + [("p", s) for s in x.compliance_sentences()]
    b += expand(esc, x)
    n = 8
    if not any(e[0] == "contacts" for e in esc):
        b += [("h", f"{n}. Escalation Contacts")] + x.contacts_blocks()
        n += 1
    b += [("h", f"{n}. Site instructions"), ("p", T["special_instructions"]),
          ("p", "By signing below the parties agree to this Service Order and the Provider's standard terms of service."), x.sig()]
    return b, dict(page="Letter" if x.us else "A4", family="sans", size=9.5, head_l=x.pv["name"],
                   head_r=f"{R.get('id_label', 'Order No.')} {T['contract_id']} \u2013 Confidential", foot_l=x.pv["web"])


# ---------------------------------------------------------------- letter-style statement of work
def letter(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("p", f"{x.pv['name']}<br>{x.pv['addr']}".replace("<br>", " \u2014 ")),
         ("p", x.d(R["sign"])),
         ("p", f"{x.cl[1]}{x.client_ref()}\n{x.cl[5]}"),
         ("p", f"**Our reference: {T['contract_id']}**"),
         ("p", f"Dear {R['dear']},"),
         ("p", f"**{T['title']} \u2013 Statement of Work ({T['tier'].capitalize()} service)**"),
         ("p", f"Thank you for choosing {x.pv['short']}. This letter sets out the terms on which we will provide on-site and remote IT "
               f"support to {x.cl[1]} (\"you\"). Once countersigned it forms a binding statement of work."),
         ("h", "1. What we will support"),
         ("p", "We will support: " + ", ".join(inc) + ". The following are not included and will be quoted separately if you "
               "need them: " + ", ".join(exc) + "."),
         ("h", "2. Term"), ("p", f"This statement of work runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "3. When we are available"), ("p", x.coverage_sentence()),
         ("h", "4. Service levels"), ("p", "We will meet the following targets:"), ("bullets", x.sla_sentences()),
         ("h", "5. Charges"), ("p", x.fee_sentences()[0]), ("p", x.fee_sentences()[1]),
         ("h", "6. Service credits"), ("p", x.credit_sentence())]
    b += expand(esc, x, "list")
    n = 8
    if not any(e[0] == "contacts" for e in esc):
        b += [("h", f"{n}. Escalation contacts"), ("p", "Our escalation contacts for your account are:")] + x.contacts_blocks("list")
        n += 1
    b += [("h", f"{n}. Compliance")] + [("p", s) for s in x.compliance_sentences()]
    b += [("h", f"{n + 1}. Visiting your offices"), ("p", T["special_instructions"]),
          ("p", "Please sign and return a copy of this letter to confirm your agreement."), ("p", "Yours sincerely,"), x.sig()]
    return b, dict(page="A4", family="serif", size=10, head_l=x.pv["name"], head_r=f"Ref. {T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["addr"])


# ---------------------------------------------------------------- MSA clauses + service schedule
def msa(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", "MASTER SERVICES AGREEMENT"),
         ("p", f"Master Services Agreement No. {R['msa_no']} dated {x.d(R['msa_date'])} between {x.pv['name']} (the \"Provider\") "
               f"and {x.cl[1]} (the \"Client\")."),
         ("h", "1. Definitions"),
         ("p", "1.1 \"Response\" means the first contact by a Provider technician, by telephone or on site, after an incident is logged. "
               "\"Response Time\" and \"Resolution Time\" mean the targets set for each priority in a Service Schedule."),
         ("p", "1.2 \"Service Schedule\" means a schedule issued under this Agreement that describes services, service levels and fees "
               "for a period. Each Service Schedule is a separate contract incorporating these terms."),
         ("h", "2. Services"), ("p", "The Provider shall perform the services described in each Service Schedule with reasonable skill and care."),
         ("h", "3. Personnel"),
         ("p", "3.1 " + (x.compliance_sentences()[0] if T["compliance"]["required_credentials"] else "The Provider shall use suitably qualified personnel.")),
         ("h", "4. Insurance"), ("p", "4.1 " + [s for s in x.compliance_sentences() if "insurance" in s][0]),
         ("h", "5. Security"), ("p", "5.1 " + [s for s in x.compliance_sentences() if s.startswith("Security")][0]),
         ("h", "6. Fees and payment"),
         ("p", "6.1 Fees are set out in each Service Schedule and invoiced monthly in arrears. 6.2 Invoices are payable within thirty (30) days."),
         ("p", "6.3 The Provider may suspend non-urgent work on written notice if more than fifty percent (50%) of the Fees invoiced in "
               "the previous quarter remain unpaid after their due date."),
         ("h", "7. Liability"), ("p", "Each party's total liability under a Service Schedule is limited to the Fees paid under it in the twelve months before the claim."),
         ("h", "8. Governing law"), ("p", "This Agreement is governed by the laws of the State of New York."),
         ("break",),
         ("title", f"SERVICE SCHEDULE {T['contract_id']}"),
         ("p", f"Issued under Master Services Agreement {R['msa_no']}. Schedule reference: **{T['contract_id']}**. Title: {T['title']}. "
               f"Service tier: {T['tier'].capitalize()}."),
         ("h", "1. Term"), ("p", f"This Schedule runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "2. Coverage and scope"), ("p", x.coverage_sentence()),
         ("p", "In scope: " + "; ".join(inc) + "."), ("p", "Out of scope: " + "; ".join(exc) + "."),
         ("h", "3. Service levels"),
         ("table", x.sla_table(R.get("sla_cols", ("prio", "desc", "resp", "res", "clock")), style=2),
          {"widths": (0.14, 0.36, 0.16, 0.16, 0.18)})]
    b += expand(esc, x)
    b += [("h", "5. Escalation contacts")] + x.contacts_blocks()
    b += [("h", "6. Fees"), ("kv", x.fee_kv()), ("h", "7. Service credits"), ("p", x.credit_sentence()),
          ("h", "8. Site rules"), ("p", T["special_instructions"]), x.sig()]
    return b, dict(page="Letter", family="cond", size=9.5, head_l=f"{x.pv['name']} \u2013 MSA {R['msa_no']}",
                   head_r="Confidential", foot_l=f"Master Services Agreement {R['msa_no']}")


# ---------------------------------------------------------------- agreement with schedules at the end
def schedules(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    annex = not R.get("inline_ladder")
    supplier = "Supplier" if x.country == "IE" else "Provider"
    b = [("title", T["title"].upper()),
         ("p", f"Agreement No. {T['contract_id']}"),
         ("p", f"This agreement is made between {x.pv['name']} of {x.pv['addr']} (the \"{supplier}\") and {x.cl[1]}{x.client_ref()} of "
               f"{x.cl[5]} (the \"Client\")."),
         ("h", "1. Term"), ("p", f"1.1 This agreement runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "2. Services"), ("p", f"2.1 The {supplier} shall provide the following services at the {T['tier'].capitalize()} service tier: "
                                     + "; ".join(inc) + "."),
         ("p", "2.2 Excluded: " + "; ".join(exc) + "."),
         ("h", "3. Coverage"), ("p", "3.1 " + x.coverage_sentence()),
         ("h", "4. Service levels"), ("p", "4.1 The following targets apply to each Incident according to its Priority:"),
         ("table", x.sla_table(style=0))]
    b += [("h", "5. Charges")] + [("p", "5.1 " + x.fee_sentences()[0])] + (
        [("p", "5.2 The hourly rates are set out in Schedule A.")] if annex else [("p", "5.2 " + x.fee_sentences()[1])])
    b += [("h", "6. Service credits"), ("p", "6.1 " + x.credit_sentence()),
          ("h", "7. Personnel, insurance and security")] + [("p", f"7.{i + 1} {s}") for i, s in enumerate(x.compliance_sentences())]
    if annex:
        b += [("h", "8. Escalation"), ("p", "8.1 Incidents are escalated in accordance with Schedule C. The escalation contacts are set "
                                            "out in Schedule B.")]
    else:
        b += expand(esc, x)
        b += [("p", "The escalation contacts are listed in Schedule A.")]
    b += [("h", "9. Site instructions"), ("p", T["special_instructions"]),
          ("h", "10. General"), ("p", "This agreement, with its Schedules, is the entire agreement between the parties about its subject matter."),
          x.sig(), ("break",)]
    if annex:
        b += [("h", "Schedule A \u2013 Hourly Rates"), ("kv", x.rates_rows()),
              ("h", "Schedule B \u2013 Escalation Contacts")] + x.contacts_blocks() + expand(esc, x)
    else:
        b += [("h", "Schedule A \u2013 Escalation Contacts")] + x.contacts_blocks()
    return b, dict(page="Letter" if x.us else "A4", family="serif", size=9.5, head_l=x.pv["name"],
                   head_r=f"Agreement {T['contract_id']} \u2013 Confidential", foot_l=x.pv["web"])


# ---------------------------------------------------------------- two text columns
def twocol(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", T["title"]),
         ("p", f"Support Agreement {T['contract_id']} \u2014 {x.pv['name']} and {x.cl[1]}"),
         ("space", 2),
         ("h", "1. Parties"), ("p", f"{x.pv['name']} (\"Tasman FT\") of {x.pv['addr']} and {x.cl[1]} (the \"Customer\") of {x.cl[5]}."),
         ("h", "2. Term"), ("p", f"This agreement runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "3. Service tier"), ("p", f"{T['tier'].capitalize()}."),
         ("h", "4. Coverage"), ("p", x.coverage_sentence()),
         ("h", "5. Services"), ("p", "Included: " + "; ".join(inc) + "."), ("p", "Not included: " + "; ".join(exc) + "."),
         ("h", "6. Service levels"), ("p", "Tickets are classed Critical, High, Medium or Low.")] + [("p", s) for s in x.sla_sentences()]
    b += [("h", "7. Fees")] + [("p", s) for s in x.fee_sentences()]
    b += [("h", "8. Service credits"), ("p", x.credit_sentence())] + [("p", s) for s in x.compliance_sentences()]
    b += expand(esc, x, "list")
    b += [("h", "10. Escalation contacts")] + x.contacts_blocks("list")
    b += [("h", "11. Site rules"), ("p", T["special_instructions"]),
          ("h", "12. Signatures"),
          ("p", f"Signed for {x.pv['name']}: ______________________ Martin Hale, Commercial Director, {x.d(R['sign'])}."),
          ("p", f"Signed for {x.cl[1]}: ______________________ {R['signer'][0]}, {R['signer'][1]}, {x.d(R['sign'])}.")]
    return b, dict(page="A4", family="sans", size=9, head_l=x.pv["name"], head_r=f"{T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["web"], twocol=True)


# ---------------------------------------------------------------- numbered legal clauses
def legal(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    sup = "Supplier" if R.get("de") else "Provider"
    cust = "Customer" if R.get("de") else "Client"
    b = [("title", T["title"].upper()),
         ("p", f"Contract No. {T['contract_id']}"),
         ("p", f"THIS AGREEMENT is made on {x.d(R['sign'])} BETWEEN {x.pv['name']}, {x.pv['addr']} (the \"{sup}\") AND "
               f"{x.cl[1]}{x.client_ref()}, {x.cl[5]} (the \"{cust}\")."),
         ("h", "1. DEFINITIONS"),
         ("p", "1.1 \"Incident\" or \"Fault\" means a failure of a supported system reported to the service desk. \"Response\" means a "
               "technician's first substantive contact. \"Response Time\" and \"Resolution Time\" are the targets in clause 5."),
         ("h", "2. TERM"), ("p", f"2.1 This Agreement runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "3. SERVICES"), ("p", f"3.1 Service level: {T['tier'].capitalize()}. The {sup} shall provide: " + "; ".join(inc) + "."),
         ("p", "3.2 The following are excluded: " + "; ".join(exc) + "."),
         ("h", "4. COVERAGE HOURS"), ("p", "4.1 " + x.coverage_sentence()),
         ("h", "5. SERVICE LEVELS"), ("table", x.sla_table(style=2)),
         ("h", "6. CHARGES")] + [("p", f"6.{i + 1} {s}") for i, s in enumerate(x.fee_sentences())]
    b += [("h", "7. SERVICE CREDITS"), ("p", "7.1 " + x.credit_sentence()),
          ("h", "8. PERSONNEL, INSURANCE AND SECURITY")] + [("p", f"8.{i + 1} {s}") for i, s in enumerate(x.compliance_sentences())]
    b += expand(esc, x)
    b += [("h", "10. ESCALATION CONTACTS")] + x.contacts_blocks()
    b += [("h", "11. SITE INSTRUCTIONS"), ("p", "11.1 " + T["special_instructions"]),
          ("h", "12. GOVERNING LAW"), ("p", "12.1 " + ("German law applies." if R.get("de") else "This Agreement is governed by the laws of the State of Colorado.")),
          x.sig()]
    return b, dict(page="A4" if R.get("de") else "Letter", family="cserif", size=9.5, head_l=x.pv["name"],
                   head_r=f"Contract No. {T['contract_id']} \u2013 Confidential", foot_l="Strictly confidential")


# ---------------------------------------------------------------- plain text, whitespace-aligned tables
def plain(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    sla = ["Priority  Response        Resolution       Measured",
           "--------  --------------  ---------------  ------------------"]
    for s, name in zip(T["sla"], x.pnames()):
        sla.append(f"{name:<8}  {x.dur(s['response_minutes'], s['clock']):<14}  {x.dur(s['resolution_minutes'], s['clock']):<15}  "
                   f"{'24x7 (elapsed)' if s['clock'] == 'calendar' else 'Coverage Hours'}")
    r = T["billing"]["rates"]
    rates = ["Rate type                         Per hour", "--------------------------------  ----------",
             f"Standard (within Coverage Hours)  {x.m(r['standard'])}", f"After hours                       {x.m(r['after_hours'])}",
             f"Emergency call-out                {x.m(r['emergency'])}"]
    cons = ["Level  Name             Role                      E-mail / Phone", "-----  ---------------  ------------------------  ------------------------------"]
    for c in T["escalation_contacts"]:
        cons.append(f"{c['level']:<5}  {c['name']:<15}  {c['role']:<24}  {c['email']}")
        cons.append(f"{'':<5}  {'':<15}  {'':<24}  {c['phone']}")
    b = [("title", "SUPPORT AGREEMENT"),
         ("mono", [f"Agreement number : {T['contract_id']}", f"Title            : {T['title']}", f"Client           : {x.cl[1]}",
                   f"Client number    : {x.cl[0]}", f"Supplier         : {x.pv['name']}", f"Service tier     : {T['tier'].capitalize()}",
                   f"Start date       : {x.d(T['start_date'])}", f"End date         : {x.d(T['end_date'])}"]),
         ("h", "1  PARTIES AND TERM"), ("p", f"This agreement runs {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "2  COVERAGE"), ("p", x.coverage_sentence()),
         ("h", "3  SERVICE LEVELS"), ("mono", sla),
         ("h", "4  SERVICES"), ("p", "Included: " + ", ".join(inc) + "."), ("p", "Excluded: " + ", ".join(exc) + "."),
         ("h", "5  CHARGES"), ("p", x.fee_sentences()[0]), ("mono", rates)]
    b += expand(esc, x)
    b += [("h", "7  ESCALATION CONTACTS"), ("mono", cons),
          ("h", "8  SERVICE CREDITS"), ("p", x.credit_sentence()),
          ("h", "9  COMPLIANCE")] + [("p", s) for s in x.compliance_sentences()]
    b += [("h", "10  SITE INSTRUCTIONS"), ("p", T["special_instructions"]), x.sig()]
    return b, dict(page="A4", family="sans", size=9.5, head_l=x.pv["name"], head_r=f"{T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["web"], accent=(20, 20, 20))


# ---------------------------------------------------------------- one-page quote accepted by signature
def quote(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", f"Quote {T['contract_id']}"),
         ("small", f"{x.pv['name']} \u00b7 {x.pv['addr']} \u00b7 {x.pv.get('abn', '')}"),
         ("kv", [("Prepared for", x.cl[1] + ", " + x.cl[5]), ("Service", f"{T['title']} ({T['tier'].capitalize()} plan)"),
                 ("Service period", f"{x.d(T['start_date'])} to {x.d(T['end_date'])}"),
                 ("Fixed monthly fee", x.m(T["billing"]["monthly_fee"])), ("12-month total", x.m(T["annual_value"]))] + x.rates_rows(),
          {"size": 8.5}),
         ("small", f"**Coverage.** {x.coverage_sentence()} **Included:** {', '.join(inc)}. **Not included:** {', '.join(exc)}."),
         ("table", x.sla_table(style=1), {"size": 8.5}),
         ("small", f"**Renewal.** {x.renew_sentence()} **Service credits.** {x.credit_sentence()}")]
    b += expand(esc, x)
    b += [("small", "**Escalation contacts.** " + " ".join(f"Level {c['level']}: {x.contact_line(c)}." for c in T["escalation_contacts"])),
          ("small", "**Insurance.** " + " ".join(x.compliance_sentences()) + f" **Site.** {T['special_instructions']}"),
          ("small", f"This quote becomes the agreement between us once accepted by signature below. Quote {T['contract_id']}, accepted by signature:"),
          x.sig()]
    return b, dict(page="A4", family="cond", size=9, head_l=x.pv["name"], head_r=f"Quote {T['contract_id']}", foot_l=x.pv["web"])


# ---------------------------------------------------------------- renewal agreement
def renewal(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", "RENEWAL AGREEMENT"),
         ("kv", [("Agreement No.", T["contract_id"]), ("Title", T["title"]), ("Client", x.cl[1] + x.client_ref()),
                 ("Provider", x.pv["name"]), ("Renews", f"Agreement No. {T['previous_contract_id']}"), ("Tier", T["tier"].capitalize())]),
         ("h", "1. Renewal and term"),
         ("p", f"This Renewal Agreement renews and supersedes Agreement No. {T['previous_contract_id']} (the \"Prior Agreement\"), which "
               f"ends on {x.d(R['prior_end'])}. It runs from {x.d(T['start_date'])} to {x.d(T['end_date'])}. {x.renew_sentence()} "
               "Except as set out below, the terms of the Prior Agreement continue to apply."),
         ("h", "2. Coverage"), ("p", x.coverage_sentence()),
         ("h", "3. Services"), ("p", "Included: " + "; ".join(inc) + ". Excluded: " + "; ".join(exc) + "."),
         ("h", "4. Service levels"), ("table", x.sla_table(style=0)),
         ("h", "5. Fees"), ("kv", x.fee_kv())]
    b += expand(esc, x)
    b += [("h", "7. Escalation contacts")] + x.contacts_blocks() + [
        ("h", "8. Service credits"), ("p", x.credit_sentence()), ("h", "9. Compliance")] + [("p", s) for s in x.compliance_sentences()]
    b += [("h", "10. Site instructions"), ("p", T["special_instructions"]), x.sig()]
    return b, dict(page="Letter", family="sans", size=9.5, head_l=x.pv["name"], head_r=f"Renewal {T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["web"], accent=(90, 30, 30))


# ---------------------------------------------------------------- memo-style terms sheet with lettered sections
def memo(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    b = [("title", "SERVICE TERMS"),
         ("p", f"**Reference:** {T['contract_id']}    **Service:** {T['title']}    **Plan:** {T['tier'].capitalize()}"),
         ("p", f"**Between:** {x.pv['name']} (\"Maplewood\") and {x.cl[1]}{x.client_ref()}."),
         ("h", "A. Term"), ("p", f"These terms apply {x.term_sentence()}. {x.renew_sentence()}"),
         ("h", "B. Coverage"), ("p", x.coverage_sentence()),
         ("h", "C. Service levels"), ("p", "Incidents are classed Severity 1 (most urgent) to Severity 4. Targets run around the clock."),
         ("table", x.sla_table(("prio", "resp", "res"), style=1)),
         ("h", "D. Services"), ("bullets", [f"Included: {s}" for s in inc] + [f"Excluded: {s}" for s in exc]),
         ("h", "E. Charges")] + [("p", s) for s in x.fee_sentences()]
    b += expand(esc, x)
    b += [("h", "G. Escalation contacts")] + x.contacts_blocks("list")
    b += [("h", "H. Service credits"), ("p", x.credit_sentence()), ("h", "I. Compliance")] + [("p", s) for s in x.compliance_sentences()]
    b += [("h", "J. Site"), ("p", T["special_instructions"]), x.sig()]
    return b, dict(page="Letter", family="sans", size=10, head_l=x.pv["name"], head_r=f"{T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["web"], accent=(10, 90, 60))


# ---------------------------------------------------------------- service description sheet (escalation column in SLA table)
def sheet(T, R, esc):
    x = Ctx(T, R)
    inc, exc = x.services()
    rows = x.sla_table(("prio", "resp", "res", "clock"), extra=("Escalation", R["esc_col"]), style=0)
    b = [("title", "Service Description"),
         ("kv", [("Reference", T["contract_id"]), ("Customer", x.cl[1] + x.client_ref()), ("Service", T["title"]),
                 ("Tier", T["tier"].capitalize()), ("Service period", f"{x.d(T['start_date'])} \u2013 {x.d(T['end_date'])}"),
                 ("Renewal", x.renew_sentence())], {"size": 8.5}),
         ("h", "Hours"), ("p", x.coverage_sentence()),
         ("h", "What is covered"), ("p", ", ".join(inc) + ". Not covered: " + ", ".join(exc) + "."),
         ("h", "Response, resolution and escalation"),
         ("table", rows, {"widths": (0.1, 0.17, 0.19, 0.19, 0.35), "size": 8.5}),
         ("small", "Escalation percentages are of the resolution target for the ticket's priority and are reached while the ticket "
                   "remains unresolved. Levels are the contacts below; SDM = the Provider's Service Delivery Manager for your account."),
         ("h", "Escalation contacts")] + x.contacts_blocks() + [
        ("h", "Fees"), ("kv", x.fee_kv(), {"size": 8.5}),
        ("h", "Service credits"), ("p", x.credit_sentence()),
        ("h", "Compliance")] + [("p", s) for s in x.compliance_sentences()] + [
        ("h", "Site notes"), ("p", T["special_instructions"]), x.sig()]
    return b, dict(page="A4", family="sans", size=9.5, head_l=x.pv["name"], head_r=f"{T['contract_id']} \u2013 Confidential",
                   foot_l=x.pv["web"], accent=(60, 60, 120))


LAYOUTS = {"order": order, "letter": letter, "msa": msa, "schedules": schedules, "twocol": twocol, "legal": legal,
           "plain": plain, "quote": quote, "renewal": renewal, "memo": memo, "sheet": sheet}
