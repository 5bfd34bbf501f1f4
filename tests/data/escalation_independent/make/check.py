"""Re-read every PDF and confirm that each truth value is printed in some form.

Independent of the layout code: it reads only truth/*.yaml, clients.csv, manifest.yaml and the PDF text
(pdfplumber and pypdfium2, whitespace collapsed). It is a presence check: clock choices, priority mapping
and the expansion of escalation clauses were also checked by reading every document.
Usage: python check.py  -> prints problems and a count; exit 1 if any problem.
"""
import csv
import os
import re
import sys

import pdfplumber
import pypdfium2 as pdfium
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 8: "eight", 12: "twelve", 30: "thirty", 45: "forty-five",
         60: "sixty", 90: "ninety"}
TZ = {"America/Chicago": "Central Time", "America/New_York": "Eastern Time", "America/Denver": "Mountain Time",
      "America/Los_Angeles": "Pacific Time", "America/Toronto": "Toronto", "America/Vancouver": "Vancouver",
      "Europe/London": "UK time", "Europe/Dublin": "Dublin", "Europe/Berlin": "Berlin", "Europe/Amsterdam": "Amsterdam",
      "Australia/Sydney": "Sydney", "Australia/Melbourne": "Melbourne", "Pacific/Auckland": "New Zealand"}
THRESH = {25: ["25%", "one quarter"], 50: ["50%", "half", "halfway"], 75: ["75%", "three-quarters", "three quarters"],
          90: ["90%"], 100: ["100%", "target is reached", "target time", "at the target", "expires", "on expiry of the resolution time",
                             "breached", "target itself", "by the time its resolution target is reached"],
          125: ["125%"], 150: ["150%", "one and a half times", "1.5x"], 200: ["200%", "twice"]}


def norm(s):
    return re.sub(r"\s+", " ", s)


def text_of(path):
    with pdfplumber.open(path) as p:
        a = " ".join(pg.extract_text() or "" for pg in p.pages)
    doc = pdfium.PdfDocument(path)
    b = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return norm(a) + " ||| " + norm(b.replace("\r", " ").replace("\ufffe", "").replace("\x02", ""))


def date_forms(d):
    m = MONTHS[d.month - 1]
    sfx = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return [f"{m} {d.day}, {d.year}", f"{m[:3]} {d.day}, {d.year}", f"{d.month:02d}/{d.day:02d}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.day}{sfx} {m} {d.year}", f"{d.day} {m} {d.year}", f"{d.day:02d}-{m[:3]}-{d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}", d.isoformat()]


def money_forms(a):
    us = f"{float(a):,.2f}"
    eu = us.replace(",", "_").replace(".", ",").replace("_", ".")
    return [us, eu] + ([f"{float(a):,.0f}"] if float(a).is_integer() else [])


def dur_forms(m, daylen):
    f = [f"{m} minutes", f"({m}) minutes"]
    if m % 60 == 0:
        h = m // 60
        f += [f"{h} hour", f"({h}) hour"]
    if daylen and m % daylen == 0:
        n = m // daylen
        f += [f"{n} business day", f"({n}) business day"]
    return f


def day_len(hours):
    if hours == "24x7":
        return None
    lens = set()
    for g in hours.split(";"):
        tot = 0
        for w in g.strip().split(" ", 1)[1].split(","):
            a, b = w.strip().split("-")
            tot += int(b[:2]) * 60 + int(b[3:]) - int(a[:2]) * 60 - int(a[3:])
        lens.add(tot)
    return lens.pop() if len(lens) == 1 else None


def time_forms(hm):
    h, m = int(hm[:2]), int(hm[3:])
    twelve = f"{h % 12 or 12}{':%02d' % m if m else ''} {'a.m.' if h < 12 else 'p.m.'}"
    return [hm, twelve]


def snake(s):
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


def main():
    man = yaml.safe_load(open(os.path.join(ROOT, "manifest.yaml")))["contracts"]
    clients = {r["client_id"]: r for r in csv.DictReader(open(os.path.join(ROOT, "clients.csv")))}
    problems, n = [], 0

    def need(stem, what, forms, text):
        nonlocal n
        n += 1
        forms = [forms] if isinstance(forms, str) else forms
        if not any(f.lower() in text.lower() for f in forms if f):
            problems.append(f"{stem}: {what}: none of {forms[:4]} printed")

    for e in man:
        stem = e["stem"]
        T = yaml.safe_load(open(os.path.join(ROOT, e["truth"])))
        t = text_of(os.path.join(ROOT, e["pdf"]))
        st = snake(t)
        need(stem, "contract_id", T["contract_id"], t)
        need(stem, "client", [T["client_id"], clients[T["client_id"]]["client_name"]], t)
        need(stem, "title", T["title"], t)
        need(stem, "tier", T["tier"].capitalize(), t)
        need(stem, "start_date", date_forms(T["start_date"]), t)
        months = [f"({k}) months" for k in (12, 24, 36)]
        need(stem, "end_date", date_forms(T["end_date"]) + months, t)
        need(stem, "auto_renew", "renews automatically" if T["auto_renew"] else "does not renew", t)
        if T["renewal_notice_days"]:
            need(stem, "renewal_notice_days", f"({T['renewal_notice_days']}) days", t)
        if T["previous_contract_id"]:
            need(stem, "previous_contract_id", T["previous_contract_id"], t)
        need(stem, "annual_value", money_forms(T["annual_value"]), t)
        b = T["billing"]
        for k in ("monthly_fee", "overage_rate"):
            if b[k] is not None:
                need(stem, k, money_forms(b[k]), t)
        for k, v in b["rates"].items():
            need(stem, f"rate {k}", money_forms(v), t)
        if b["included_hours_per_month"]:
            need(stem, "included hours", f"{b['included_hours_per_month']} hours", t)
        need(stem, "billing model", {"fixed_fee": "fixed monthly fee", "block_hours": "block", "time_and_materials": "time and materials"}[b["model"]], t)
        c = T["coverage"]
        need(stem, "timezone", TZ[c["timezone"]], t)
        if c["hours"] == "24x7":
            need(stem, "24x7", "24x7", t)
        else:
            for hm in re.findall(r"\d\d:\d\d", c["hours"]):
                need(stem, f"coverage time {hm}", time_forms(hm), t)
        need(stem, "public_holidays", "excluding" if c["public_holidays"] else "including", t)
        for d in c["closed_dates"] or []:
            need(stem, "closed date", date_forms(d), t)
        dl = day_len(c["hours"])
        for s in T["sla"]:
            need(stem, f"{s['priority']} response", dur_forms(s["response_minutes"], dl if s["clock"] == "business" else None), t)
            need(stem, f"{s['priority']} resolution", dur_forms(s["resolution_minutes"], dl if s["clock"] == "business" else None), t)
            if s["clock"] == "calendar":
                need(stem, f"{s['priority']} calendar", ["24x7", "any time of day or night", "around the clock"], t)
        for s in (T["included_services"] or []) + (T["excluded_services"] or []):
            n += 1
            if s not in st:
                problems.append(f"{stem}: service {s} not printed")
        for x in T["escalation_contacts"] or []:
            for k in ("name", "role", "email", "phone"):
                need(stem, f"contact L{x['level']} {k}", x[k], t)
        if T["penalties"]:
            need(stem, "credit pct", f"{T['penalties']['credit_pct_per_breach']:g}%", t)
            need(stem, "credit cap", f"{T['penalties']['monthly_credit_cap_pct']:g}%", t)
        else:
            need(stem, "no credits", "No service credits", t)
        cp = T["compliance"]
        for x in cp["required_credentials"] or []:
            need(stem, "credential", x, t)
        for x in cp["security_clauses"] or []:
            need(stem, "security clause", x, t)
        for k, v in (cp["insurance_minimums"] or {}).items():
            need(stem, f"insurance {k}", money_forms(v), t)
        need(stem, "special_instructions", T["special_instructions"], t)
        # escalation: every threshold and recipient printed in some form; none printed when null
        roles = {x["level"]: x["role"] for x in T["escalation_contacts"] or []}
        for s in T["escalation"] or []:
            forms = list(THRESH[s["threshold_pct"]])
            sla = {r["priority"]: r for r in T["sla"]}
            for p in ([s["priority"]] if s.get("priority") else sla):
                for clk in ([s["clock"]] if s.get("clock") else ["response", "resolution"]):
                    mins = sla[p][f"{clk}_minutes"] * s["threshold_pct"] / 100
                    if mins % 60 == 0:
                        forms += [f"({int(mins // 60)}) hours", f"({int(mins // 60)}) business hours"]
            need(stem, f"escalation threshold {s['threshold_pct']}", forms, t)
            for who in s["notify"]:
                if who == "technician":
                    need(stem, "escalation technician", ["technician", "engineer", " tech "], t)
                elif who == "account_manager":
                    need(stem, "escalation account manager", ["Account Manager", "Service Delivery Manager"], t)
                else:
                    lv = int(who.split()[1])
                    need(stem, f"escalation {who}", [f"Level {lv}"] + ([roles[lv]] if lv in roles else []), t)
        n += 1
        if T["escalation"] is None and re.search(r"\d+% of (the |its |either )?(response|resolution)", t, re.I):
            problems.append(f"{stem}: escalation null but a threshold on a target is printed")
        if e["scan"]:
            n += 1
            st_ = text_of(os.path.join(ROOT, e["scan"])).replace("|||", "").strip()
            if st_:
                problems.append(f"{stem}: scan has a text layer: {st_[:60]!r}")
    for p in problems:
        print(p)
    print(f"{n} checks, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
