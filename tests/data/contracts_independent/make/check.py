"""Re-read every PDF with pdftotext and confirm each truth value is printed in some form.

Independent of the render code: it only uses the truth YAML, clients.csv and the PDF text.
Usage: python check.py  -> prints problems, exit 1 if any.
"""
import csv
import datetime as dt
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from common import MONTHS, add_months, ordinal, snake, words  # noqa: E402

TZ = {
    "America/New_York": ["Eastern Time"], "America/Chicago": ["Central Time"], "America/Denver": ["Mountain Time"],
    "America/Los_Angeles": ["Pacific Time"], "America/Toronto": ["Toronto"], "America/Vancouver": ["Vancouver"],
    "Europe/London": ["UK time", "London time"], "Europe/Dublin": ["Dublin"], "Europe/Berlin": ["Berlin"],
    "Europe/Amsterdam": ["Amsterdam"], "Europe/Paris": ["Paris time"], "Australia/Sydney": ["Sydney time"],
    "Australia/Melbourne": ["Melbourne time"], "Australia/Brisbane": ["Brisbane time"], "Australia/Perth": ["Perth time"],
    "Pacific/Auckland": ["New Zealand time"],
}


def text_of(pdf):
    t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    t2 = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    norm = lambda s: re.sub(r"\s+", " ", s)
    return norm(t) + " ||| " + norm(t2)


def date_forms(d):
    m = MONTHS[d.month - 1]
    return [f"{ordinal(d.day)} {m} {d.year}", f"{d.day} {m} {d.year}", f"{m} {d.day}, {d.year}", f"{m[:3]} {d.day}, {d.year}",
            f"{d.day:02d}-{m[:3]}-{d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}", d.isoformat(),
            f"the {ordinal(d.day)} day of {m}, {d.year}"]


def date_num(d, dmy):
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if dmy else f"{d.month:02d}/{d.day:02d}/{d.year}"


def num_forms(a):
    a = float(a)
    out = []
    for cents in (True, False):
        if not cents and not a.is_integer():
            continue
        s = f"{a:,.2f}" if cents else f"{a:,.0f}"
        out.append(s)
        out.append(s.replace(",", "\0").replace(".", ",").replace("\0", "."))
    return out


def has_any(text, forms):
    return any(f in text for f in forms)


def dur_forms(m, business_day=None):
    f = []
    if business_day and m % business_day == 0:
        n = m // business_day
        f += [f"{n} business day", f"{n} Business Day", f"({n}) business day", f"{words(n)} business day"]
    if m % 60 == 0:
        n = m // 60
        f += [f"{n} hour", f"{n} hr", f"({n}) hour", f"{n} Hour"]
    f += [f"{m} minute", f"{m} min", f"({m}) minute", f"{m} Minute"]
    return f


def main():
    clients = {r["client_id"]: r for r in csv.DictReader(open(os.path.join(ROOT, "clients.csv")))}
    man = yaml.safe_load(open(os.path.join(ROOT, "manifest.yaml")))["contracts"]
    problems = []
    n = 0
    for e in man:
        if not e["pdf"]:
            continue
        T = yaml.safe_load(open(os.path.join(ROOT, e["truth"])))
        txt = text_of(os.path.join(ROOT, e["pdf"]))
        low = txt.lower()
        st = snake(txt)
        stem = e["stem"]

        def need(cond, what):
            nonlocal n
            n += 1
            if not cond:
                problems.append(f"{stem}: {what}")

        c = clients[T["client_id"]]
        dmy = c["country"] != "US"
        if T["contract_id"]:
            need(T["contract_id"] in txt, f"contract_id {T['contract_id']}")
        need(T["client_id"] in txt or c["client_name"] in txt, "client id/name")
        if T["title"]:
            need(T["title"] in txt, f"title {T['title']}")
        if T.get("tier"):
            need(T["tier"].title() in txt, f"tier {T['tier']}")
        for k in ("start_date", "end_date"):
            d = T.get(k)
            if d:
                ok = has_any(txt, date_forms(d) + [date_num(d, dmy)])
                if not ok and k == "end_date":
                    s = T["start_date"]
                    for mths in (12, 24, 36):
                        if add_months(s, mths) - dt.timedelta(days=1) == d and (f"{mths} months" in txt or f"({mths}) months" in txt):
                            ok = True
                need(ok, f"{k} {d}")
        if T.get("auto_renew") is True:
            need("automatically renew" in low or "auto-renewal" in low and "yes" in low or "renews automatically" in low, "auto_renew true")
        if T.get("auto_renew") is False:
            need("not renew automatically" in low or "auto-renewal no" in low or "renews no" in low, "auto_renew false")
        if T.get("renewal_notice_days"):
            x = T["renewal_notice_days"]
            need(f"{x} days" in txt or f"({x}) days" in txt, "renewal notice")
        for k in ("previous_contract_id", "amends"):
            if T.get(k):
                need(T[k] in txt, f"{k} {T[k]}")
        if T.get("annual_value") is not None and "derived" not in (T.get("_notes") or ""):
            need(has_any(txt, num_forms(T["annual_value"])), f"annual_value {T['annual_value']}")
        if T.get("currency"):
            sym = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}[T["currency"]]
            need(T["currency"] in txt or sym in txt, "currency")
        b = T.get("billing") or {}
        for k in ("monthly_fee", "overage_rate"):
            if b.get(k) is not None:
                need(has_any(txt, num_forms(b[k])), f"billing.{k} {b[k]}")
        if b.get("included_hours_per_month"):
            need(str(b["included_hours_per_month"]) in txt, "included hours")
        if b.get("model"):
            need({"fixed_fee": "fixed", "block_hours": "block", "time_and_materials": "time"}[b["model"]] in low or (b["model"] == "time_and_materials" and "t&m" in low), "billing model")
        for k, v in (b.get("rates") or {}).items():
            if v is not None:
                need(has_any(txt, num_forms(v)), f"rate {k} {v}")
        cv = T.get("coverage") or {}
        if cv.get("hours"):
            if cv["hours"] == "24x7":
                need("24x7" in txt or "24 hours a day" in txt or "24/7" in txt, "24x7")
            else:
                for tm in re.findall(r"\d\d:\d\d", cv["hours"]):
                    h, mi = map(int, tm.split(":"))
                    tw = f"{h % 12 or 12}{'am' if h < 12 else 'pm'}" if mi == 0 else f"{h % 12 or 12}:{mi:02d}{'am' if h < 12 else 'pm'}"
                    need(tm in txt or tw in txt, f"coverage time {tm}")
        if cv.get("timezone"):
            need(has_any(txt, TZ[cv["timezone"]]), f"timezone {cv['timezone']}")
        else:
            if T.get("sla"):
                need(not any(p in txt for ps in TZ.values() for p in ps), "timezone printed but truth null")
        if cv.get("public_holidays") is True:
            need("holiday" in low, "public holidays")
        if cv.get("public_holidays") is None and T.get("sla"):
            need("holiday" not in low, "holidays mentioned but truth null")
        for d in cv.get("closed_dates") or []:
            need(has_any(txt, date_forms(d) + [date_num(d, dmy)]), f"closed date {d}")
        bd = None
        hrs = cv.get("hours") or ""
        spans = re.findall(r"(\d\d):(\d\d)-(\d\d):(\d\d)", hrs)
        if hrs and hrs != "24x7" and ";" not in hrs:
            bd = sum((int(c_) * 60 + int(d_)) - (int(a) * 60 + int(b_)) for a, b_, c_, d_ in spans)
        for row in T.get("sla") or []:
            for k in ("response_minutes", "resolution_minutes"):
                need(has_any(txt, dur_forms(row[k], bd if row["clock"] == "business" else None)), f"sla {row['priority']} {k} {row[k]}")
            if row["clock"] == "calendar":
                need(any(w in low for w in ("24x7", "around the clock", "any time", "elapsed", "24 hours a day", "24/7")), "calendar clock wording")
        for s in (T.get("included_services") or []) + (T.get("excluded_services") or []):
            need(s in st, f"service {s}")
        for ec in T.get("escalation_contacts") or []:
            for k in ("name", "email", "phone", "role"):
                need(ec[k] in txt, f"contact {k} {ec[k]}")
        p = T.get("penalties")
        if p:
            for k, v in p.items():
                if v is not None:
                    vv = int(v) if float(v).is_integer() else v
                    need(f"{vv}%" in txt, f"penalty {k} {v}")
        else:
            if T.get("sla"):
                need(not re.search(r"credit \d", low), "credit printed but truth null")
        cp = T.get("compliance") or {}
        for s in (cp.get("required_credentials") or []) + (cp.get("security_clauses") or []):
            need(s in txt, f"compliance {s}")
        for k, v in (cp.get("insurance_minimums") or {}).items():
            need(has_any(txt, num_forms(v)), f"insurance {k} {v}")
        if T.get("special_instructions"):
            need(T["special_instructions"] in txt, "special instructions")
    print(f"{n} checks, {len(problems)} problems")
    for p in problems:
        print("  ", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
