"""Layout writers: truth T + render choices R -> (blocks, render kwargs)."""
from common import DAYN, dfmt, dur, money, pct, t12, words

VOCABS = [
    ["P1", "P2", "P3", "P4"],
    ["Priority 1 (Critical)", "Priority 2 (High)", "Priority 3 (Medium)", "Priority 4 (Low)"],
    ["Sev 1", "Sev 2", "Sev 3", "Sev 4"],
    ["Critical", "High", "Medium", "Low"],
    ["Urgent", "High", "Normal", "Low"],
    ["Severity 1 - Critical", "Severity 2 - Major", "Severity 3 - Minor", "Severity 4 - Request"],
    ["P1 - Emergency", "P2 - Urgent", "P3 - Standard", "P4 - Planned"],
]
PRIO_DESC = ["Business-critical system down or site unable to trade; no workaround.",
             "Significant degradation affecting several users; workaround may exist.",
             "Single user or non-critical function affected.",
             "Service request, how-to question or scheduled change."]
LANG_NUM = {"de": "de"}


def D(R, d):
    return dfmt(d, R["ds"])


def M(T, R, a):
    return money(a, T["currency"], R["ms"])


def prio(R, i):
    return VOCABS[R["vocab"]][i]


def hours_prose(hours, style):
    """Coverage hours in words."""
    if hours == "24x7":
        return {0: "24 hours a day, 7 days a week, 365 days a year", 1: "24x7x365", 2: "around the clock, 24/7"}[style % 3]
    groups = []
    for g in hours.split("; "):
        days, wins = g.split(" ", 1)
        if "-" in days:
            a, b = days.split("-")
            dtxt = {0: f"{DAYN[a]} to {DAYN[b]}", 1: f"{DAYN[a]} through {DAYN[b]}", 2: ("weekdays" if days == "Mon-Fri" else f"{DAYN[a]} to {DAYN[b]}")}[style % 3]
        else:
            dtxt = {0: DAYN[days], 1: DAYN[days] + "s", 2: DAYN[days] + "s"}[style % 3]
        ws = []
        for w in wins.split(","):
            s, e = w.split("-")
            ws.append({0: f"{t12(s)} to {t12(e)}", 1: f"{s} to {e}", 2: f"{s}-{e}"}[style % 3])
        wtxt = " and ".join(ws)
        groups.append(f"{dtxt}, {wtxt}" if style % 3 != 2 else f"{dtxt} {wtxt}")
    return "; ".join(groups)


def tgt(T, R, row, which, style):
    m = row[which]
    return dur(m, style, R["daymin"], business=row["clock"] == "business")


def clock_word(row, R, kind=0):
    if row["clock"] == "calendar":
        return ["24x7 (elapsed time)", "Calendar / around the clock", "Elapsed 24x7", "Clock runs 24x7"][kind]
    return ["Coverage Hours only", "Business hours", "Within Support Hours", "Business hours only"][kind]


def cov_sentence(T, R, style=0, lead="Support is available"):
    cv = T["coverage"]
    s = f"{lead} {hours_prose(cv['hours'], style)}"
    if cv["timezone"] and R.get("tz_on", True):
        s += f" {R['tz_phrase']}" if cv["hours"] != "24x7" else f" (times in this Schedule are {R['tz_phrase']})"
    if cv["public_holidays"] is True:
        s += [", excluding public holidays", ", excluding " + {"US": "US federal", "GB": "England and Wales bank", "AU": "national public", "CA": "statutory", "NZ": "New Zealand public", "DE": "German public", "NL": "Dutch public", "FR": "French public", "IE": "Irish public"}[R["country"]] + " holidays", " (closed on public holidays)"][style % 3]
    elif cv["public_holidays"] is False:
        s += ", including public holidays"
    s += "."
    if cv.get("closed_dates"):
        s += " The service desk is also closed on " + " and ".join(D(R, d) for d in cv["closed_dates"]) + "."
    return s


def term_sentence(T, R, noun="This Agreement"):
    if R["term_style"] == "length":
        n = R["months"]
        return (f"{noun} commences on {D(R, T['start_date'])} (the \"Effective Date\") and continues for a term of "
                f"{words(n)} ({n}) months from the Effective Date.")
    return f"{noun} commences on {D(R, T['start_date'])} and ends on {D(R, T['end_date'])}, both dates inclusive."


def renew_sentence(T, R, noun="this Agreement"):
    if T["auto_renew"] is True:
        n = T["renewal_notice_days"]
        return (f"Upon expiry, {noun} shall automatically renew for successive twelve (12) month periods unless either party "
                f"gives the other written notice of non-renewal at least {words(n)} ({n}) days before the end of the then-current term.")
    if T["auto_renew"] is False:
        return f"{noun[0].upper() + noun[1:]} does not renew automatically; any extension must be agreed in writing by both parties."
    return None


def fee_sentences(T, R):
    b = T["billing"]
    out = []
    if b["model"] == "fixed_fee":
        out.append(f"The Client shall pay a fixed monthly fee of {M(T, R, b['monthly_fee'])}, invoiced monthly in advance, covering all in-scope work performed at the standard rate.")
    elif b["model"] == "block_hours":
        out.append(f"The Client purchases a block of {b['included_hours_per_month']} hours per month for a monthly fee of {M(T, R, b['monthly_fee'])}. "
                   f"Unused hours do not roll over. Hours beyond the monthly block are charged at an overage rate of {M(T, R, b['overage_rate'])} per hour.")
    else:
        out.append("All work is charged on a time and materials basis at the hourly rates below, invoiced monthly in arrears.")
    if T["annual_value"] is not None and R["annual_stated"]:
        if b["model"] == "time_and_materials":
            out.append(f"The estimated annual spend under this engagement is {M(T, R, T['annual_value'])}.")
        else:
            out.append(f"The annual contract value is {M(T, R, T['annual_value'])}.")
    return out


def rate_sentence(T, R):
    r = T["billing"]["rates"]
    s = f"Hourly rates: {M(T, R, r['standard'])} per hour for standard work during Coverage Hours; {M(T, R, r['after_hours'])} per hour for after-hours work"
    if r["emergency"] is not None:
        s += f"; and {M(T, R, r['emergency'])} per hour for emergency call-outs"
    return s + "."


def credit_sentence(T, R):
    p = T["penalties"]
    if not p:
        return None
    s = (f"If a resolution or response target is missed, the Provider shall credit {pct(p['credit_pct_per_breach'], R.get('pctstyle', 'both'))} of the monthly fee "
         f"for each affected incident")
    if p.get("monthly_credit_cap_pct") is not None:
        s += f", subject to a maximum of {pct(p['monthly_credit_cap_pct'], R.get('pctstyle', 'both'))} of the monthly fee in any calendar month"
    return s + "."


def ins_name(k):
    return {"general_liability": "Commercial General Liability", "cyber_liability": "Cyber Liability",
            "professional_liability": "Professional Liability (Errors & Omissions)", "workers_comp": "Workers' Compensation"}[k]


def ins_name_gb(k):
    return {"general_liability": "Public Liability", "cyber_liability": "Cyber Insurance",
            "professional_liability": "Professional Indemnity", "workers_comp": "Employers' Liability"}[k]


def ins_lines(T, R):
    nm = ins_name_gb if R["country"] in ("GB", "AU", "NZ", "IE") else ins_name
    ms = R["ms"]
    return [f"{nm(k)}: not less than {money(v, T['currency'], ms if ms not in ('sym', 'code', 'eu', 'eusym') else {'sym': 'sym0', 'code': 'code0', 'eu': 'eu', 'eusym': 'eusym'}[ms])} per occurrence" if k != "workers_comp"
            else f"{nm(k)}: not less than {money(v, T['currency'], 'code0' if ms.startswith('code') else ('eu' if ms.startswith('eu') else 'sym0'))}"
            for k, v in T["compliance"]["insurance_minimums"].items()]


def contact_line(c):
    return f"{c['name']}, {c['role']} - {c['email']} - {c['phone']}"


def sla_table(T, R, order, hdr, style="short", kind=0, desc=False):
    """order: tuple of column keys among prio, desc, resp, res, clock."""
    head = [hdr[k] for k in order]
    rows = [head]
    for i, row in enumerate(T["sla"]):
        r = []
        for k in order:
            if k == "prio":
                r.append(prio(R, i))
            elif k == "desc":
                r.append(PRIO_DESC[i])
            elif k == "resp":
                r.append(tgt(T, R, row, "response_minutes", style))
            elif k == "res":
                r.append(tgt(T, R, row, "resolution_minutes", style))
            elif k == "clock":
                r.append(clock_word(row, R, kind))
        rows.append(r)
    return rows


def sla_prose(T, R):
    names = [prio(R, i) for i in range(len(T["sla"]))]
    out = [f"Incidents are classified by the Provider's service desk as {', '.join(names[:-1])} or {names[-1]}, in descending order of severity."]
    for i, row in enumerate(T["sla"]):
        when = "at any time of day or night" if row["clock"] == "calendar" else "measured within Coverage Hours"
        if i == 0:
            out.append(f"The Provider shall respond to {prio(R, i)} incidents within {tgt(T, R, row, 'response_minutes', 'wordnum')}, {when}, "
                       f"and shall restore service within {tgt(T, R, row, 'resolution_minutes', 'wordnum')}.")
        else:
            out.append(f"{prio(R, i)} incidents shall receive a first response within {tgt(T, R, row, 'response_minutes', 'wordnum')} and be resolved within "
                       f"{tgt(T, R, row, 'resolution_minutes', 'wordnum')}, {when}.")
    return out


def services_blocks(T, R, inc_h, exc_h):
    b = [("h", inc_h), ("bullets", R["inc_names"])]
    if R["exc_names"]:
        b += [("h", exc_h), ("bullets", R["exc_names"])]
    return b


def compliance_blocks(T, R, heading="Personnel, Insurance and Security"):
    cp = T["compliance"]
    b = [("h", heading)]
    if cp["required_credentials"]:
        b.append(("p", "Every technician assigned to the Client's sites must hold the following current credentials: " + "; ".join(cp["required_credentials"]) + "."))
    if cp["insurance_minimums"]:
        b.append(("p", "The Provider shall maintain, for the whole term, insurance of at least the following amounts:"))
        b.append(("bullets", ins_lines(T, R)))
    if cp["security_clauses"]:
        b.append(("p", "The Provider shall comply with the following security and data-protection obligations: " + "; ".join(cp["security_clauses"]) + "."))
    return b


def client_name(R):
    return R["client"][1]


def sigs(T, R, date):
    prov = R["provider"][0]
    signer_c = R.get("client_signer", ("Jordan Avery", "Chief Operating Officer"))
    signer_p = R.get("prov_signer", ("Elaine Whitford", "Managing Director"))
    return ("sig", [(f"Signed for and on behalf of {prov}", signer_p[0], signer_p[1], date),
                    (f"Signed for and on behalf of {client_name(R)}", signer_c[0], signer_c[1], date)])


# =========================================================== (a) letter SOW
def layout_letter(T, R):
    prov = R["provider"]
    c = R["client"]
    b = []
    b.append(("p", f"<b>{prov[0]}</b><br/>{prov[1]}<br/>Tel {prov[3]}"))
    if T["contract_id"]:
        b.append(("p", f"Our Ref: {T['contract_id']}"))
    b.append(("p", D(R, R["sign_date"])))
    b.append(("p", f"{c[1]}<br/>{c[5]}" + (f"<br/>Customer No. {c[0]}" if R["print_cid"] else "")))
    b.append(("p", f"Dear {R.get('dear', 'Ms Avery')},"))
    b.append(("p", f"<b>Statement of Work - {T['title']}</b>"))
    b.append(("p", f"Thank you for choosing {prov[0]} (the \"Provider\"). This letter sets out the Statement of Work under which we will support "
                   f"{c[1]} (the \"Client\"). Once countersigned it forms a binding agreement between us."))
    cl = []
    cl.append(term_sentence(T, R, "This Statement of Work"))
    if T["tier"]:
        cl.append(f"The Client has selected our {T['tier'].title()} support plan, and the service levels below reflect that plan.")
    cl.append(cov_sentence(T, R, R["hstyle"], "Our technicians and service desk are available") + " These are the \"Coverage Hours\".")
    cl += sla_prose(T, R)
    cl += fee_sentences(T, R)
    cl.append(rate_sentence(T, R))
    cs = credit_sentence(T, R)
    if cs:
        cl.append(cs)
    rs = renew_sentence(T, R, "this Statement of Work")
    if rs:
        cl.append(rs)
    b.append(("numbered", cl))
    b += services_blocks(T, R, "What is included", "What is not included")
    if T["escalation_contacts"]:
        b.append(("p", "If a matter is not progressing, please escalate in the following order:"))
        b.append(("numbered", [f"Level {x['level']}: {contact_line(x)}" for x in T["escalation_contacts"]]))
    b += compliance_blocks(T, R, "Our people and our obligations")
    if T["special_instructions"]:
        b.append(("p", f"<b>Site notes.</b> {T['special_instructions']}"))
    b.append(("p", "This Statement of Work is subject to our standard terms of business, which were supplied with our proposal. "
                   "Either party may terminate for material breach not remedied within thirty (30) days of written notice. "
                   "Neither party's aggregate liability shall exceed the fees paid in the twelve months preceding the claim."))
    b.append(("p", "Please sign and return a copy of this letter to confirm your acceptance."))
    b.append(("p", "Yours sincerely,"))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    kw = dict(family="serif", header_left=prov[0], header_right="Confidential", footer_left=f"Statement of Work{(' ' + T['contract_id']) if T['contract_id'] else ''}")
    return b, kw


# =========================================================== (b) order form, ruled kv
def layout_order(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    lab = R.get("idlabel", "Order Form No.")
    b = [("title", "ORDER FORM"), ("p", f"{prov[0]} - {prov[1]}")]
    kv = []
    if T["contract_id"]:
        kv.append((lab, T["contract_id"]))
    kv.append(("Customer", c[1]))
    if R["print_cid"]:
        kv.append(("Customer No.", c[0]))
    kv.append(("Customer Address", c[5]))
    kv.append(("Service", T["title"]))
    if T["tier"]:
        kv.append(("Service Plan", f"{T['tier'].title()}"))
    kv.append(("Service Start Date", D(R, T["start_date"])))
    if R["term_style"] == "length":
        kv.append(("Initial Term", f"{R['months']} months from the Service Start Date"))
    else:
        kv.append(("Service End Date", D(R, T["end_date"])))
    if T["auto_renew"] is not None:
        kv.append(("Auto-Renewal", "Yes - successive 12-month terms" if T["auto_renew"] else "No"))
    if T["renewal_notice_days"]:
        kv.append(("Non-Renewal Notice", f"{T['renewal_notice_days']} days before end of term"))
    b.append(("h", "1. Order Details"))
    b.append(("kv", kv))
    b.append(("h", "2. Charges"))
    fees = [("Billing Model", {"fixed_fee": "Fixed monthly fee", "block_hours": "Prepaid block of hours", "time_and_materials": "Time & materials"}[bl["model"]])]
    if bl["monthly_fee"] is not None:
        fees.append(("Monthly Fee", M(T, R, bl["monthly_fee"])))
    if bl["included_hours_per_month"]:
        fees.append(("Included Hours / Month", str(bl["included_hours_per_month"])))
        fees.append(("Overage Rate", f"{M(T, R, bl['overage_rate'])} / hour"))
    fees.append(("Standard Rate", f"{M(T, R, bl['rates']['standard'])} / hour"))
    fees.append(("After-Hours Rate", f"{M(T, R, bl['rates']['after_hours'])} / hour"))
    if bl["rates"]["emergency"] is not None:
        fees.append(("Emergency Rate", f"{M(T, R, bl['rates']['emergency'])} / hour"))
    if T["annual_value"] is not None and R["annual_stated"]:
        fees.append(("Estimated Annual Value" if bl["model"] == "time_and_materials" else "Annual Contract Value", M(T, R, T["annual_value"])))
    fees.append(("Currency", T["currency"]))
    b.append(("kv", fees))
    b.append(("h", "3. Coverage"))
    cov = [("Coverage Hours", hours_prose(T["coverage"]["hours"], R["hstyle"]))]
    if T["coverage"]["timezone"] and R.get("tz_on", True):
        cov.append(("Time Zone", R["tz_phrase"]))
    if T["coverage"]["public_holidays"] is not None:
        cov.append(("Public Holidays", "Excluded (no coverage)" if T["coverage"]["public_holidays"] else "Included"))
    if T["coverage"].get("closed_dates"):
        cov.append(("Additional Closed Days", ", ".join(D(R, d) for d in T["coverage"]["closed_dates"])))
    b.append(("kv", cov))
    b.append(("h", "4. Service Levels"))
    order = R.get("sla_order", ("prio", "resp", "res", "clock"))
    hdr = {"prio": "Priority", "resp": "Response", "res": "Resolution", "clock": "Clock", "desc": "Definition"}
    b.append(("table", sla_table(T, R, order, hdr, "short", 1)))
    b.append(("h", "5. Scope"))
    b.append(("table", [["In-Scope Services", "Services Not Included"]] +
              [[R["inc_names"][i] if i < len(R["inc_names"]) else "", R["exc_names"][i] if i < len(R["exc_names"]) else ""]
               for i in range(max(len(R["inc_names"]), len(R["exc_names"])))]))
    if T["escalation_contacts"]:
        b.append(("h", "6. Escalation Contacts"))
        b.append(("table", [["Level", "Name", "Role", "Email", "Phone"]] +
                  [[str(x["level"]), x["name"], x["role"], x["email"], x["phone"]] for x in T["escalation_contacts"]],
                  {"widths": [0.06, 0.17, 0.21, 0.39, 0.17]}))
    b.append(("h", "7. Service Credits"))
    cs = credit_sentence(T, R)
    b.append(("p", cs if cs else "No service credits apply to this Order Form."))
    cp = T["compliance"]
    b.append(("h", "8. Compliance Requirements"))
    ck = []
    if cp["required_credentials"]:
        ck.append(("Technician Credentials", ", ".join(cp["required_credentials"])))
    for line in ins_lines(T, R):
        k, v = line.split(": ", 1)
        ck.append((k, v))
    if cp["security_clauses"]:
        ck.append(("Security", ", ".join(cp["security_clauses"])))
    b.append(("kv", ck))
    if T["special_instructions"]:
        b.append(("h", "9. Special Instructions"))
        b.append(("p", T["special_instructions"]))
    b.append(("small", f"This Order Form is governed by {prov[0]}'s Standard Terms of Service (v4.2). In case of conflict, this Order Form prevails. "
                       "Either party may terminate for convenience on ninety (90) days' written notice after the first six months."))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    kw = dict(family="sans", header_left=f"{prov[0]} | Order Form", header_right="Confidential", footer_left=T["contract_id"] or "", ruled_default=True)
    return b, kw


# =========================================================== (c) MSA + schedule
def layout_msa(T, R):
    prov = R["provider"]
    c = R["client"]
    msa = R["msa_no"]
    b = [("title", "MASTER SERVICES AGREEMENT"), ("p", f"MSA No. {msa}"),
         ("p", f"This Master Services Agreement is made on {D(R, R['msa_date'])} between {prov[0]}, of {prov[1]} (\"Provider\"), and {c[1]}, "
               f"of {c[5]} (\"Customer\")" + (f", customer account {c[0]}" if R["print_cid"] else "") + ".")]
    b.append(("h", "1. Structure"))
    b.append(("p", "1.1 The Provider will perform IT field-support services as described in one or more Service Schedules executed under this Agreement. "
                   "Each Service Schedule forms a separate contract incorporating these terms. 1.2 If a Service Schedule conflicts with these terms, the Service Schedule prevails for that Schedule only."))
    b.append(("h", "2. Term of this Agreement"))
    b.append(("p", "2.1 This Agreement continues until terminated by either party on six (6) months' written notice, provided that termination does not affect any Service Schedule then in force, which continues for its own term."))
    b.append(("h", "3. Fees and Payment"))
    b.append(("p", f"3.1 Fees are set out in each Service Schedule and are exclusive of applicable taxes. 3.2 Invoices are payable within thirty (30) days. All amounts are in {T['currency']}. "
                   "3.3 Late payments bear interest at 1.5% per month or the maximum permitted by law, whichever is lower."))
    b.append(("h", "4. Personnel"))
    cp = T["compliance"]
    if cp["required_credentials"]:
        b.append(("p", "4.1 The Provider shall assign only suitably qualified technicians. Each technician attending the Customer's premises shall hold: " + ", ".join(cp["required_credentials"]) + "."))
    b.append(("h", "5. Insurance"))
    if cp["insurance_minimums"]:
        b.append(("p", "5.1 Throughout the term the Provider shall maintain with reputable insurers the following minimum cover:"))
        b.append(("bullets", ins_lines(T, R)))
    b.append(("h", "6. Confidentiality and Data Protection"))
    t = "6.1 Each party shall keep the other's Confidential Information secret and use it only to perform this Agreement."
    if cp["security_clauses"]:
        t += " 6.2 The Provider shall comply with: " + "; ".join(cp["security_clauses"]) + "."
    b.append(("p", t))
    b.append(("h", "7. Limitation of Liability"))
    b.append(("p", "7.1 Neither party shall be liable for indirect or consequential loss. 7.2 Each party's total liability under a Service Schedule is limited to the fees paid under that Schedule in the twelve (12) months before the event giving rise to the claim."))
    b.append(("h", "8. Termination"))
    b.append(("p", "8.1 Either party may terminate a Service Schedule for material breach not cured within thirty (30) days of notice. 8.2 The Customer may terminate a Service Schedule for convenience on ninety (90) days' written notice, subject to payment of fees for the notice period."))
    b.append(("h", "9. General"))
    b.append(("p", "9.1 This Agreement is governed by the laws of the Provider's principal place of business. 9.2 Notices must be in writing and delivered to the addresses above."))
    b.append(sigs(T, R, D(R, R["msa_date"])))
    b.append(("break",))
    b.append(("title", f"SERVICE SCHEDULE {R.get('sched_num', 1)}"))
    b.append(("p", f"<b>{T['title']}</b>"))
    b.append(("p", f"{R.get('idlabel', 'Schedule Reference')}: {T['contract_id']}<br/>Issued under Master Services Agreement {msa}"))
    b.append(("h", "S1. Term"))
    b.append(("p", term_sentence(T, R, "This Service Schedule") + (" " + renew_sentence(T, R, "this Service Schedule") if renew_sentence(T, R) else "")))
    b.append(("h", "S2. Services"))
    if T["tier"]:
        b.append(("p", f"Service level: {T['tier'].title()}."))
    b += services_blocks(T, R, "In-Scope Services", "Exclusions")
    b.append(("h", "S3. Support Hours"))
    b.append(("p", cov_sentence(T, R, R["hstyle"], "The Support Hours (\"Coverage Hours\") are")))
    b.append(("h", "S4. Service Level Matrix"))
    order = R.get("sla_order", ("prio", "desc", "res", "resp", "clock"))
    hdr = {"prio": "Severity", "desc": "Definition", "resp": "Initial Response", "res": "Resolution Target", "clock": "Measured"}
    b.append(("table", sla_table(T, R, order, hdr, "num", 0), {"widths": [0.16, 0.34, 0.16, 0.16, 0.18] if "desc" in order else None}))
    b.append(("h", "S5. Charges"))
    b += [("p", x) for x in fee_sentences(T, R)]
    b.append(("p", rate_sentence(T, R)))
    b.append(("h", "S6. Service Credits"))
    cs = credit_sentence(T, R)
    b.append(("p", cs or "Service credits do not apply to this Schedule."))
    if T["escalation_contacts"]:
        b.append(("h", "S7. Escalation"))
        b.append(("table", [["Level", "Contact", "Position", "E-mail", "Telephone"]] +
                  [[str(x["level"]), x["name"], x["role"], x["email"], x["phone"]] for x in T["escalation_contacts"]],
                  {"widths": [0.06, 0.17, 0.21, 0.39, 0.17]}))
    if T["special_instructions"]:
        b.append(("h", "S8. Site Requirements"))
        b.append(("p", T["special_instructions"]))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    kw = dict(family="dserif", header_left=prov[0], header_right=f"MSA {msa} - Confidential", footer_left="Commercial in confidence", size=9.5)
    return b, kw


# =========================================================== (d) two-column
def layout_twocol(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    lab = R.get("idlabel", "Agreement No.")
    if R.get("kv2"):
        b = [("title", T["title"])]
        left = [("Provider", prov[0]), ("Address", prov[1]), ("Telephone", prov[3])]
        if T["contract_id"]:
            left.insert(0, (lab, T["contract_id"]))
        right = [("Client", c[1]), ("Address", c[5])]
        if R["print_cid"]:
            right.append(("Account", c[0]))
        b.append(("kv2", left, right))
        left = [("Start", D(R, T["start_date"])), ("End", D(R, T["end_date"]))]
        if T["tier"]:
            left.append(("Plan", T["tier"].title()))
        if T["auto_renew"] is not None:
            left.append(("Renews", ("Automatically, " + f"{T['renewal_notice_days']} days' notice to cancel") if T["auto_renew"] else "No"))
        right = [("Model", {"fixed_fee": "Fixed fee", "block_hours": "Block hours", "time_and_materials": "T&M"}[bl["model"]])]
        if bl["monthly_fee"] is not None:
            right.append(("Per month", M(T, R, bl["monthly_fee"])))
        if bl["included_hours_per_month"]:
            right.append(("Hours/month", f"{bl['included_hours_per_month']} included"))
            right.append(("Overage", f"{M(T, R, bl['overage_rate'])}/h"))
        if T["annual_value"] is not None and R["annual_stated"]:
            right.append(("Per year" if bl["model"] != "time_and_materials" else "Est. per year", M(T, R, T["annual_value"])))
        b.append(("kv2", left, right))
        rl = [("Standard", f"{M(T, R, bl['rates']['standard'])}/h"), ("After hours", f"{M(T, R, bl['rates']['after_hours'])}/h")]
        if bl["rates"]["emergency"] is not None:
            rl.append(("Emergency", f"{M(T, R, bl['rates']['emergency'])}/h"))
        cvr = [("Hours", hours_prose(T["coverage"]["hours"], 1))]
        if T["coverage"]["timezone"] and R.get("tz_on", True):
            cvr.append(("Time zone", R["tz_phrase"]))
        if T["coverage"]["public_holidays"] is not None:
            cvr.append(("Holidays", "Closed on public holidays" if T["coverage"]["public_holidays"] else "Open on public holidays"))
        b.append(("kv2", rl, cvr))
        b.append(("h", "Response and resolution"))
        order = R.get("sla_order", ("prio", "res", "resp", "clock"))
        hdr = {"prio": "Level", "resp": "Respond within", "res": "Fix within", "clock": "Clock"}
        b.append(("table", sla_table(T, R, order, hdr, "title", 2)))
        inc = R["inc_names"]
        exc = R["exc_names"]
        b.append(("kv2", [("Covered", ", ".join(inc))], [("Not covered", ", ".join(exc))]))
        cs = credit_sentence(T, R)
        b.append(("h", "Service credits"))
        b.append(("p", cs or "None."))
        b.append(("h", "Escalation"))
        b.append(("bullets", [f"L{x['level']} {contact_line(x)}" for x in T["escalation_contacts"]]))
        b += compliance_blocks(T, R, "Technician and insurance requirements")
        if T["special_instructions"]:
            b.append(("h", "Special instructions"))
            b.append(("p", T["special_instructions"]))
        b.append(sigs(T, R, D(R, R["sign_date"])))
        return b, dict(family="sans", header_left=prov[0], header_right="CONFIDENTIAL", footer_left=T["contract_id"] or "", size=9.5)
    # two text columns
    b = [("title", T["title"]), ("p", (f"{lab} {T['contract_id']} - " if T["contract_id"] else "") + f"between {prov[0]} and {c[1]}" + (f" (Customer ID {c[0]})" if R["print_cid"] else "")), ("colbreak",)]
    b.append(("h", "1 Term"))
    b.append(("p", term_sentence(T, R)))
    rs = renew_sentence(T, R)
    if rs:
        b.append(("p", rs))
    if T["tier"]:
        b.append(("p", f"Support plan: {T['tier'].title()}."))
    b.append(("h", "2 Coverage"))
    b.append(("p", cov_sentence(T, R, R["hstyle"], "Coverage Hours:")))
    b.append(("h", "3 Service levels"))
    order = R.get("sla_order", ("prio", "resp", "res"))
    hdr = {"prio": "Priority", "resp": "Response", "res": "Resolution", "clock": "Clock"}
    b.append(("table", sla_table(T, R, order, hdr, "short", 0)))
    cals = [prio(R, i) for i, r in enumerate(T["sla"]) if r["clock"] == "calendar"]
    buss = [prio(R, i) for i, r in enumerate(T["sla"]) if r["clock"] == "business"]
    note = ""
    if cals:
        note += ", ".join(cals) + (" targets run around the clock (elapsed time). " if len(cals) > 1 else " targets run around the clock (elapsed time). ")
    if buss:
        note += ", ".join(buss) + " targets count Coverage Hours only."
    b.append(("small", note))
    b.append(("h", "4 Charges"))
    b += [("p", x) for x in fee_sentences(T, R)]
    b.append(("p", rate_sentence(T, R)))
    cs = credit_sentence(T, R)
    if cs:
        b.append(("h", "5 Service credits"))
        b.append(("p", cs))
    b += services_blocks(T, R, "6 Included services", "7 Excluded services")
    b.append(("h", "8 Escalation path"))
    b.append(("numbered", [contact_line(x) for x in T["escalation_contacts"]]))
    b += compliance_blocks(T, R, "9 Compliance")
    if T["special_instructions"]:
        b.append(("h", "10 Site instructions"))
        b.append(("p", T["special_instructions"]))
    b.append(("h", "11 General"))
    b.append(("p", "Limitation of liability: each party's liability is capped at the fees paid in the preceding twelve months. Termination for convenience: either party on sixty (60) days' written notice."))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    return b, dict(family="dejavu", header_left=prov[0], header_right="Confidential", footer_left=T["contract_id"] or "", twocol=True, size=8.5)


# =========================================================== (e) Word document
def layout_docx(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    lab = R.get("idlabel", "Contract #")
    b = [("title", T["title"])]
    if T["contract_id"]:
        b.append(("p", f"{lab}: {T['contract_id']}"))
    b.append(("p", f"Provider: {prov[0]}, {prov[1]}"))
    b.append(("p", f"Client: {c[1]}, {c[5]}" + (f" (Client Number {c[0]})" if R["print_cid"] else "")))
    b.append(("h", "1. Term and Renewal"))
    b.append(("p", term_sentence(T, R, "This Agreement")))
    rs = renew_sentence(T, R)
    if rs:
        b.append(("p", rs))
    if T["tier"]:
        b.append(("p", f"Service tier: {T['tier'].title()} Support."))
    elif R.get("plan_name"):
        b.append(("p", f"Service tier: {R['plan_name']}."))
    b.append(("h", "2. Scope of Services"))
    b.append(("p", "The Provider will deliver the following In-Scope Services:"))
    b.append(("bullets", R["inc_names"]))
    b.append(("p", "The following services are excluded and, if requested, will be quoted separately:"))
    b.append(("bullets", R["exc_names"]))
    b.append(("h", "3. Support Window"))
    b.append(("p", cov_sentence(T, R, R["hstyle"], "The support window is")))
    b.append(("h", "4. Response Commitments"))
    order = R.get("sla_order", ("prio", "res", "resp", "clock"))
    hdr = {"prio": "Severity", "resp": "Initial Response", "res": "Target Resolution", "clock": "Clock Basis"}
    b.append(("table", sla_table(T, R, order, hdr, "num", 3)))
    b.append(("h", "5. Fees"))
    b += [("p", x) for x in fee_sentences(T, R)]
    rr = [["Rate type", "Hourly rate"], ["Standard (within support window)", M(T, R, bl["rates"]["standard"])],
          ["After hours", M(T, R, bl["rates"]["after_hours"])]]
    if bl["rates"]["emergency"] is not None:
        rr.append(["Emergency call-out", M(T, R, bl["rates"]["emergency"])])
    b.append(("table", rr))
    b.append(("h", "6. Service Credits"))
    cs = credit_sentence(T, R)
    b.append(("p", cs or "No service credits are offered under this Agreement."))
    b.append(("h", "7. Escalation"))
    b.append(("p", "Escalations shall be directed, in the order shown, to:"))
    for x in T["escalation_contacts"]:
        b.append(("p", f"<b>Level {x['level']}</b> - {x['name']}, {x['role']}<br/>Email: {x['email']}    Tel: {x['phone']}"))
    b += compliance_blocks(T, R, "8. Compliance")
    if T["special_instructions"]:
        b.append(("h", "9. Special Instructions"))
        b.append(("p", T["special_instructions"]))
    b.append(("h", "10. Liability and Termination"))
    b.append(("p", "The Provider's aggregate liability shall not exceed the total fees paid in the twelve (12) months preceding the claim. Either party may terminate for convenience on ninety (90) days' written notice."))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    kw = dict(header_left=prov[0], header_right="Confidential", footer_left=(T["contract_id"] or T["title"]))
    return b, kw


# =========================================================== (f) tables without rules
def layout_plain(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    lab = R.get("idlabel", "Contract #")
    nr = {"ruled": False}
    b = [("title", T["title"])]
    kv = []
    if T["contract_id"]:
        kv.append((lab, T["contract_id"]))
    kv += [("Provider", prov[0]), ("Customer", c[1])]
    if R["print_cid"]:
        kv.append(("Customer Ref", c[0]))
    kv += [("Commencement", D(R, T["start_date"])), ("Expiry", D(R, T["end_date"]))]
    if T["tier"]:
        kv.append(("Service Tier", T["tier"].title()))
    b.append(("kv", kv, {"ruled": False, "widths": [0.3, 0.7]}))
    b.append(("h", "SERVICE DESCRIPTION"))
    b.append(("p", "The Provider shall supply on-site and remote IT field support for the services listed below at the Customer's premises."))
    rows = [["In-Scope Services", "Exclusions"]] + [[R["inc_names"][i] if i < len(R["inc_names"]) else "", R["exc_names"][i] if i < len(R["exc_names"]) else ""]
                                                   for i in range(max(len(R["inc_names"]), len(R["exc_names"])))]
    b.append(("table", rows, nr))
    b.append(("h", "HOURS OF COVER"))
    b.append(("p", cov_sentence(T, R, R["hstyle"], "Hours of cover:")))
    b.append(("h", "SERVICE LEVELS"))
    order = R.get("sla_order", ("prio", "resp", "res", "clock"))
    hdr = {"prio": "Priority", "resp": "Respond", "res": "Resolve", "clock": "Clock"}
    b.append(("table", sla_table(T, R, order, hdr, "short", 1), nr))
    b.append(("h", "PRICING"))
    pr = [["Item", "Amount"]]
    if bl["model"] == "fixed_fee":
        pr.append(["Managed support, fixed monthly charge", M(T, R, bl["monthly_fee"])])
    elif bl["model"] == "block_hours":
        pr.append([f"Block of {bl['included_hours_per_month']} support hours per month", M(T, R, bl["monthly_fee"])])
        pr.append(["Additional hours beyond block, per hour", M(T, R, bl["overage_rate"])])
    else:
        pr.append(["Billing basis", "Time and materials, monthly in arrears"])
    pr.append(["Standard labour, per hour", M(T, R, bl["rates"]["standard"])])
    pr.append(["After-hours labour, per hour", M(T, R, bl["rates"]["after_hours"])])
    if bl["rates"]["emergency"] is not None:
        pr.append(["Emergency call-out labour, per hour", M(T, R, bl["rates"]["emergency"])])
    if T["annual_value"] is not None and R["annual_stated"]:
        pr.append(["Estimated annual spend" if bl["model"] == "time_and_materials" else "Annual value", M(T, R, T["annual_value"])])
    b.append(("table", pr, {"ruled": False, "widths": [0.65, 0.35]}))
    b.append(("small", f"All prices in {T['currency']}, exclusive of tax."))
    cs = credit_sentence(T, R)
    if cs:
        b.append(("h", "SERVICE CREDITS"))
        b.append(("p", cs))
    rs = renew_sentence(T, R)
    if rs:
        b.append(("h", "RENEWAL"))
        b.append(("p", rs))
    b.append(("h", "ESCALATION"))
    b.append(("table", [["Level", "Name", "Role", "Email", "Phone"]] + [[str(x["level"]), x["name"], x["role"], x["email"], x["phone"]] for x in T["escalation_contacts"]],
              {"ruled": False, "widths": [0.06, 0.17, 0.21, 0.39, 0.17]}))
    b += compliance_blocks(T, R, "REQUIREMENTS")
    if T["special_instructions"]:
        b.append(("h", "SPECIAL INSTRUCTIONS"))
        b.append(("p", T["special_instructions"]))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    return b, dict(family="sans", header_left=f"{prov[0]}", header_right="Confidential", footer_left=T["contract_id"] or "", ruled_default=False, size=9.5)


# =========================================================== (g) one-page quote
def layout_quote(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    b = [("title", f"QUOTATION {T['contract_id']}")]
    b.append(("kv2", [("From", prov[0]), ("Date", D(R, R["sign_date"])), ("Valid", "30 days")],
              [("To", c[1])] + ([("Customer No.", c[0])] if R["print_cid"] else []) + [("Re", T["title"])]))
    li = [["Description", "Qty", "Unit price", "Total"]]
    if bl["model"] == "fixed_fee":
        li.append(["Managed field support - fixed monthly fee", "12", M(T, R, bl["monthly_fee"]), M(T, R, bl["monthly_fee"] * 12)])
    elif bl["model"] == "block_hours":
        li.append([f"Support block, {bl['included_hours_per_month']} hours per month", "12", M(T, R, bl["monthly_fee"]), M(T, R, bl["monthly_fee"] * 12)])
    else:
        li.append(["Estimated time & materials support (12 months)", "1", M(T, R, T["annual_value"]), M(T, R, T["annual_value"])])
    b.append(("table", li, {"widths": [0.52, 0.08, 0.2, 0.2]}))
    t = []
    if bl["model"] == "block_hours":
        t.append(f"Hours over the block: {M(T, R, bl['overage_rate'])}/hr.")
    t.append(f"Labour: standard {M(T, R, bl['rates']['standard'])}/hr, after-hours {M(T, R, bl['rates']['after_hours'])}/hr" +
             (f", emergency {M(T, R, bl['rates']['emergency'])}/hr." if bl["rates"]["emergency"] is not None else "."))
    if bl["model"] == "time_and_materials":
        t.append("Billed monthly on time and materials; the total above is an estimate of annual spend, not a commitment.")
    t.append(f"Service period: {D(R, T['start_date'])} to {D(R, T['end_date'])}." + (f" {T['tier'].title()} plan." if T["tier"] else ""))
    t.append(cov_sentence(T, R, R["hstyle"], "Cover:"))
    b.append(("small", " ".join(t)))
    order = R.get("sla_order", ("prio", "resp", "res", "clock"))
    hdr = {"prio": "Priority", "resp": "Response", "res": "Resolution", "clock": "Clock"}
    b.append(("table", sla_table(T, R, order, hdr, "short", 2)))
    x = [f"Includes: {', '.join(R['inc_names'])}. Not included: {', '.join(R['exc_names'])}."]
    cs = credit_sentence(T, R)
    if cs:
        x.append(cs)
    if T["escalation_contacts"]:
        x.append("Escalation: " + "; ".join(f"({e['level']}) {contact_line(e)}" for e in T["escalation_contacts"]) + ".")
    cp = T["compliance"]
    if cp["required_credentials"]:
        x.append("Technicians hold: " + ", ".join(cp["required_credentials"]) + ".")
    if cp["insurance_minimums"]:
        x.append("Insurance: " + "; ".join(ins_lines(T, R)) + ".")
    if cp["security_clauses"]:
        x.append("Security: " + ", ".join(cp["security_clauses"]) + ".")
    rs = renew_sentence(T, R, "the service")
    if rs:
        x.append(rs)
    if T["special_instructions"]:
        x.append("Site note: " + T["special_instructions"])
    b.append(("small", " ".join(x)))
    b.append(("p", f"<b>Acceptance.</b> Quote {T['contract_id']}, accepted by signature: when signed by the Customer this Quote becomes a binding contract for the services above on {prov[0]}'s standard terms."))
    b.append(("sig", [(f"Accepted for {c[1]}", R.get("client_signer", ("Jordan Avery", "Director"))[0], R.get("client_signer", ("Jordan Avery", "Director"))[1], D(R, R["sign_date"])),
                      (f"For {prov[0]}", "Elaine Whitford", "Sales Director", D(R, R["sign_date"]))]))
    return b, dict(family="sans", header_left=prov[0] + " - Quotation", header_right="Confidential", footer_left=prov[3], size=8)


# =========================================================== (h) amendment
def layout_amend(T, R):
    prov = R["provider"]
    c = R["client"]
    o = R["orig"]  # (orig truth, orig R)
    OT, OR = o
    bl = T["billing"]
    ob = OT["billing"]
    b = [("title", f"AMENDMENT No. {R.get('amend_no', 1)}"),
         ("p", f"<b>{T['title']}</b>"),
         ("p", f"This amends the {OT['title']} (reference {OT['contract_id']}, the \"Agreement\") between {prov[0]} and {c[1]}" + (f" (Customer No. {c[0]})" if R["print_cid"] else "") + ".")]
    if T["contract_id"]:
        b.append(("p", f"Amendment Reference: {T['contract_id']}"))
    b.append(("p", f"This Amendment is made on {D(R, R['sign_date'])}. Capitalised terms have the meaning given in the Agreement."))
    b.append(("h", "1. Effective Date"))
    b.append(("p", f"This Amendment takes effect on {D(R, T['start_date'])} (the \"Amendment Effective Date\")" +
              (f" and applies for the remainder of the Agreement's term, which ends on {D(R, T['end_date'])}." if T["end_date"] else ".")))
    b.append(("h", "2. Revised Rates"))
    b.append(("p", "With effect from the Amendment Effective Date, the following rates and charges in the Agreement are deleted and replaced as follows:"))
    rows = [["Rate", "Previous rate", "New rate"]]
    for k, nm in (("standard", "Standard"), ("after_hours", "After hours"), ("emergency", "Emergency")):
        if bl["rates"].get(k) is not None:
            rows.append([nm, M(T, R, ob["rates"][k]) if ob["rates"].get(k) is not None else "-", M(T, R, bl["rates"][k])])
    if bl.get("overage_rate") is not None:
        rows.append(["Overage (hours beyond block)", M(T, R, ob["overage_rate"]), M(T, R, bl["overage_rate"])])
    if bl.get("monthly_fee") is not None:
        rows.append(["Monthly fee", M(T, R, ob["monthly_fee"]), M(T, R, bl["monthly_fee"])])
    b.append(("table", rows))
    if T["annual_value"] is not None:
        b.append(("p", f"The annual contract value is accordingly revised to {M(T, R, T['annual_value'])}."))
    b.append(("h", "3. No Other Changes"))
    b.append(("p", "Except as set out in this Amendment, the Agreement remains unchanged and in full force and effect. This Amendment does not renew or extend the Agreement."))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    return b, dict(family="serif", header_left=prov[0], header_right=f"Amendment to {OT['contract_id']}", footer_left="Confidential")


# =========================================================== (i) renewal / supersedes
def layout_renewal(T, R):
    prov = R["provider"]
    c = R["client"]
    bl = T["billing"]
    lab = R.get("idlabel", "Reference")
    b = [("title", R.get("rtitle", "RENEWAL AGREEMENT")), ("p", f"<b>{T['title']}</b>")]
    hdr = []
    if T["contract_id"]:
        hdr.append((lab, T["contract_id"]))
    hdr += [("Provider", prov[0]), ("Client", c[1] + (f" (Kundennummer / Customer No. {c[0]})" if R["print_cid"] and R["country"] == "DE" else (f" (Customer No. {c[0]})" if R["print_cid"] else "")))]
    b.append(("kv", hdr))
    b.append(("h", "1. Background and Supersession"))
    b.append(("p", f"The parties are party to agreement {T['previous_contract_id']} (the \"Prior Agreement\"), which expires on {D(R, R['prior_end'])}. "
                   f"This Renewal Agreement renews and supersedes the Prior Agreement from the Renewal Start Date. Work performed before that date remains governed by the Prior Agreement."))
    b.append(("h", "2. Renewal Term"))
    b.append(("p", term_sentence(T, R, "The renewal term").replace("(the \"Effective Date\")", "(the \"Renewal Start Date\")").replace("from the Effective Date", "from the Renewal Start Date")))
    rs = renew_sentence(T, R, "this Renewal Agreement")
    if rs:
        b.append(("p", rs))
    if T["tier"]:
        b.append(("p", f"The Client's service tier for the renewal term is {T['tier'].title()}."))
    b.append(("h", "3. Charges for the Renewal Term"))
    b += [("p", x) for x in fee_sentences(T, R)]
    b.append(("p", rate_sentence(T, R)))
    b.append(("h", "4. Service Hours"))
    b.append(("p", cov_sentence(T, R, R["hstyle"], "Service hours:")))
    b.append(("h", "5. Service Levels"))
    order = R.get("sla_order", ("prio", "resp", "res", "clock"))
    hdr = {"prio": "Priority", "resp": "Reaction time", "res": "Restoration time", "clock": "Time basis"}
    b.append(("table", sla_table(T, R, order, hdr, "num", 1)))
    cs = credit_sentence(T, R)
    if cs:
        b.append(("p", "Service credits: " + cs))
    b += services_blocks(T, R, "6. Services in Scope", "7. Services Not Included")
    b.append(("h", "8. Escalation"))
    b.append(("bullets", [f"Level {x['level']}: {contact_line(x)}" for x in T["escalation_contacts"]]))
    b += compliance_blocks(T, R, "9. Compliance")
    if T["special_instructions"]:
        b.append(("h", "10. Site Instructions"))
        b.append(("p", T["special_instructions"]))
    b.append(sigs(T, R, D(R, R["sign_date"])))
    return b, dict(family="serif", header_left=prov[0], header_right="Confidential - Renewal", footer_left=T["contract_id"] or "")


LAYOUTS = {"a": layout_letter, "b": layout_order, "c": layout_msa, "d": layout_twocol, "e": layout_docx,
           "f": layout_plain, "g": layout_quote, "h": layout_amend, "i": layout_renewal}
