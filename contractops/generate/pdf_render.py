"""Contract PDFs for the sample data: the terms of spec section 2 written the way real contracts are.

One contract's terms (the section 2 YAML shape) become a signed-looking PDF in one of several
layouts, with wording, money, date, duration and hours forms varied deterministically by
`variant_seed` (same inputs -> same PDF bytes). Every stated term is in the text; a term that is
None/absent in `terms` (or named in `omit`) is simply not written, so the document is silent on it.

Also: `render_scanned_pdf` (an image-only page scan, no text layer) and `write_corrupt_pdf`.
Core PDF fonts only (fast, no font files): text outside Latin-1 is transliterated.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

LAYOUTS: tuple[str, ...] = ("ruled_table", "prose", "two_column", "schedule")

_FIXED_CREATION = datetime(2025, 1, 1, tzinfo=timezone.utc)

_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
         80: "eighty", 90: "ninety"}

COUNTRY_NAMES = {
    "US": "United States", "GB": "United Kingdom", "IE": "Ireland", "CA": "Canada",
    "AU": "Australia", "NZ": "New Zealand", "DE": "Germany", "AT": "Austria", "CH": "Switzerland",
    "FR": "France", "NL": "Netherlands", "BE": "Belgium", "ES": "Spain", "IT": "Italy",
    "PT": "Portugal", "SE": "Sweden", "DK": "Denmark", "NO": "Norway", "FI": "Finland",
    "PL": "Poland", "SG": "Singapore", "IN": "India", "JP": "Japan", "MX": "Mexico",
    "BR": "Brazil", "ZA": "South Africa",
}
# Countries whose documents write 86.400,00 (decimal comma).
_DECIMAL_COMMA = {"DE", "AT", "FR", "NL", "BE", "ES", "IT", "PT", "SE", "DK", "NO", "FI", "PL", "BR"}
_DAY_FIRST_SLASH = {"GB", "IE", "AU", "NZ"}
_DOTTED_DATES = {"DE", "AT", "CH", "PL", "NO", "DK", "FI"}

_PRIORITY_NAMES = {"P1": "Critical", "P2": "High", "P3": "Medium", "P4": "Low"}


# --------------------------------------------------------------------------- small helpers
_FOLD = {"\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0152": "OE",
         "\u0153": "oe", "\u20ac": "EUR", "\u0131": "i"}

def _latin1(text: str) -> str:
    """Core fonts cover Latin-1 only: fold typographic punctuation, strip other accents."""
    text = (str(text).replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
            .replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2026", "...").replace("\u00a0", " "))
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        out = []
        for ch in text:
            try:
                ch.encode("latin-1")
                out.append(ch)
            except UnicodeEncodeError:
                base = _FOLD.get(ch) or unicodedata.normalize("NFKD", ch).encode(
                    "ascii", "ignore").decode()
                out.append(base or "?")
        return "".join(out)


def number_words(n: int) -> str:
    if 0 <= n < len(_WORDS):
        return _WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens * 10] + ("" if unit == 0 else "-" + _WORDS[unit])
    return str(n)


def _get(d: dict | None, path: str):
    cur = d
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


class _Style:
    """The wording choices for one document, drawn once from the variant seed."""

    def __init__(self, rng: random.Random, country: str, currency: str | None):
        self.rng = rng
        self.country = (country or "").upper()
        self.currency = (currency or "").upper() or None
        c = self.country
        if c == "US":
            self.date_form = rng.choice(["long_us", "iso", "slash_us", "long_us"])
        elif c in _DAY_FIRST_SLASH:
            self.date_form = rng.choice(["long_uk", "iso", "slash_uk"])
        elif c in _DOTTED_DATES:
            self.date_form = rng.choice(["long_uk", "iso", "dotted"])
        else:
            self.date_form = rng.choice(["long_uk", "iso", "long_us"])
        if c in _DECIMAL_COMMA:
            self.money_form = rng.choice(["eu_suffix", "eu_suffix", "code_prefix"])
        else:
            self.money_form = rng.choice(["symbol", "code_prefix", "code_prefix_short"])
        self.duration_form = rng.choice(["words", "digits", "minutes", "words"])
        self.hours_form = rng.choice(["english", "canonical", "english_24h", "english"])
        self.x247_form = rng.choice(
            ["24 hours a day, 7 days a week", "24x7", "24/7, including weekends",
             "around the clock, 24 hours a day, seven days a week"])
        self.labels = {
            "contract_id": rng.choice(["Agreement No.", "Contract Number", "Contract ID",
                                       "Agreement Reference"]),
            "term": rng.choice(["Term", "Contract Period", "Initial Term"]),
            "tier": rng.choice(["Service Tier", "Support Level", "Service Level Tier"]),
            "response": rng.choice(["Initial Response", "Response Time", "Response Target"]),
            "resolution": rng.choice(["Resolution", "Resolution Time", "Restoration Target"]),
            "coverage": rng.choice(["Coverage Hours", "Support Hours", "Hours of Coverage",
                                    "Service Window"]),
            "annual": rng.choice(["Annual Contract Value", "Annual Value", "Total Annual Fees"]),
            "monthly": rng.choice(["Monthly Fee", "Monthly Service Fee", "Monthly Charge"]),
            "included": rng.choice(["Included Services", "Services in Scope", "Covered Services"]),
            "excluded": rng.choice(["Excluded Services", "Out-of-Scope Services",
                                    "Services Not Covered"]),
            "special": rng.choice(["Special Instructions", "Site Instructions",
                                   "Special Site Instructions"]),
            "predecessor": rng.choice(["Previous Agreement", "Supersedes", "Prior Contract"]),
        }

    # ---- money -------------------------------------------------------------------------
    def money(self, amount, per: str = "") -> str:
        amt = _dec(amount)
        cur = self.currency or "USD"
        cents = amt != amt.to_integral_value()
        form = self.money_form
        whole = f"{amt:,.2f}"
        if form == "code_prefix_short" and not cents:
            text = f"{cur} {amt:,.0f}"
        elif form == "symbol" and cur in ("USD", "GBP"):
            text = ("$" if cur == "USD" else "\u00a3") + whole
        elif form == "eu_suffix":
            text = whole.replace(",", "_").replace(".", ",").replace("_", ".") + f" {cur}"
        else:
            text = f"{cur} {whole}"
        return text + per

    def pct(self, value) -> str:
        v = _dec(value)
        s = f"{v.normalize():f}"
        if self.money_form == "eu_suffix":
            s = s.replace(".", ",")
            return f"{s} %"
        return f"{s}%"

    # ---- dates -------------------------------------------------------------------------
    def date(self, d) -> str:
        d = _as_date(d)
        form = self.date_form
        if form == "iso":
            return d.isoformat()
        if form == "slash_us":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        if form == "slash_uk":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if form == "dotted":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if form == "long_us":
            return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"

    # ---- durations ---------------------------------------------------------------------
    def duration(self, minutes: int, clock: str | None, business_day: int | None) -> str:
        m = int(minutes)
        form = self.duration_form
        if (clock == "business" and business_day and m >= business_day
                and m % business_day == 0 and form != "minutes"):
            n = m // business_day
            unit = "business day" if n == 1 else "business days"
            return f"{number_words(n)} ({n}) {unit}" if form == "words" else f"{n} {unit}"
        if form == "minutes" or m % 60 != 0 or m == 0:
            if m % 60 != 0 and m > 60 and form != "minutes":
                h, r = divmod(m, 60)
                return f"{h} {'hour' if h == 1 else 'hours'} {r} minutes"
            return f"{m} minutes"
        h = m // 60
        unit = "hour" if h == 1 else "hours"
        if form == "words" and h <= 99:
            return f"{number_words(h)} ({h}) {unit}"
        return f"{h} {unit}"

    # ---- coverage hours ----------------------------------------------------------------
    def hours(self, spec: str) -> str:
        spec = spec.strip()
        if spec.replace(" ", "").lower() in ("24x7", "24/7"):
            return self.x247_form
        groups = parse_hours_spec(spec)
        if groups is None or self.hours_form == "canonical":
            return spec
        if any(len(t) > 5 for _, wins in groups for w in wins for t in w):
            return spec  # seconds: keep the exact syntax
        parts = []
        for days, wins in groups:
            dtext = _days_text(days, self.rng_choice_through)
            if self.hours_form == "english_24h":
                wtext = " and ".join(f"{a} to {b}" for a, b in wins)
                parts.append(f"{dtext}, {wtext}")
            else:
                wtext = " and ".join(f"{_ampm(a)} to {_ampm(b)}" for a, b in wins)
                parts.append(f"{wtext} {dtext}")
        return "; ".join(parts)

    @property
    def rng_choice_through(self) -> str:
        if not hasattr(self, "_through"):
            self._through = self.rng.choice(["through", "to"])
        return self._through


def parse_hours_spec(spec: str) -> list[tuple[list[int], list[tuple[str, str]]]] | None:
    """'Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00' -> [([0..4], [(08:00,12:00),...]), ...]."""
    out = []
    try:
        for group in spec.split(";"):
            group = group.strip()
            if not group:
                continue
            dayspec, windows = group.split(None, 1)
            days: list[int] = []
            for item in dayspec.split(","):
                if "-" in item:
                    a, b = item.split("-")
                    ia, ib = _DAY_ABBR.index(a), _DAY_ABBR.index(b)
                    days.extend(range(ia, ib + 1))
                else:
                    days.append(_DAY_ABBR.index(item))
            wins = []
            for w in windows.replace(" ", "").split(","):
                a, b = w.split("-")
                wins.append((a, b))
            out.append((days, wins))
    except ValueError:
        return None
    return out


def coverage_day_minutes(spec: str | None) -> dict[int, int] | None:
    """Minutes of coverage per weekday (0=Mon) for a canonical hours spec; None if unparseable."""
    if not spec:
        return None
    if spec.replace(" ", "").lower() in ("24x7", "24/7"):
        return {d: 1440 for d in range(7)}
    groups = parse_hours_spec(spec)
    if groups is None:
        return None
    per_day: dict[int, int] = {}
    for days, wins in groups:
        for d in days:
            for a, b in wins:
                per_day[d] = per_day.get(d, 0) + _to_min(b) - _to_min(a)
    return per_day


def _to_min(t: str) -> int:
    parts = [int(p) for p in t.split(":")]
    return parts[0] * 60 + parts[1]


def _ampm(t: str) -> str:
    h, m = int(t[:2]), int(t[3:5])
    if h == 24 or (h == 0 and m == 0):
        return "midnight"
    if h == 12 and m == 0:
        return "12:00 noon"
    suffix = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}"


def _days_text(days: list[int], through: str) -> str:
    days = sorted(set(days))
    if len(days) == 1:
        return _DAY_NAMES[days[0]]
    if days == list(range(days[0], days[-1] + 1)):
        return f"{_DAY_NAMES[days[0]]} {through} {_DAY_NAMES[days[-1]]}"
    names = [_DAY_NAMES[d] for d in days]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _service_name(code: str) -> str:
    return " ".join(w.capitalize() for w in str(code).split("_"))


def _sla_rows(terms: dict) -> list[dict]:
    sla = terms.get("sla")
    if not sla:
        return []
    if isinstance(sla, dict):  # {P1: {...}} form
        rows = [dict(v, priority=k) for k, v in sla.items()]
    else:
        rows = list(sla)
    return sorted(rows, key=lambda r: str(r.get("priority")))


# --------------------------------------------------------------------------- content
class _Doc:
    """Builds the statements of one contract, then a layout draws them."""

    def __init__(self, terms: dict, client: dict, variant_seed: int, omit: frozenset[str]):
        self.t = terms
        self.c = client or {}
        self.omit = omit
        self.rng = random.Random(f"{variant_seed}:{terms.get('contract_id')}")
        self.s = _Style(self.rng, self.c.get("country", ""), terms.get("currency"))
        per_day = coverage_day_minutes(_get(terms, "coverage.hours"))
        lengths = set(per_day.values()) if per_day else set()
        self.business_day = lengths.pop() if len(lengths) == 1 else None

    def has(self, path: str) -> bool:
        if path in self.omit or path.split(".")[0] in self.omit:
            return False
        v = _get(self.t, path)
        return v is not None and v != ""

    def v(self, path: str):
        return _get(self.t, path)

    # ---- sections as (label, value) items ---------------------------------------------
    def parties(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("contract_id"):
            items.append((s.labels["contract_id"], self.v("contract_id")))
        name = self.c.get("client_name")
        cid = self.v("client_id") if self.has("client_id") else None
        country = COUNTRY_NAMES.get(str(self.c.get("country", "")).upper())
        if name or cid:
            text = name or ""
            if cid:
                text = f"{text} (Client ID {cid})" if text else f"Client ID {cid}"
            if country:
                text += f", {country}"
            items.append(("Client", text))
        return items

    def term_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("tier"):
            items.append((s.labels["tier"], str(self.v("tier")).capitalize()))
        start = self.v("start_date") if self.has("start_date") else None
        end = self.v("end_date") if self.has("end_date") else None
        if start and end:
            joiner = self.rng.choice([" through ", " to ", " until and including "])
            items.append((s.labels["term"], f"{s.date(start)}{joiner}{s.date(end)}"))
        else:
            if start:
                items.append(("Effective Date", s.date(start)))
            if end:
                items.append(("Expiration Date", s.date(end)))
        if self.has("auto_renew"):
            items.append(("Automatic Renewal", "Yes" if self.v("auto_renew") else "No"))
        if self.has("renewal_notice_days"):
            n = int(self.v("renewal_notice_days"))
            items.append(("Renewal Notice", f"{number_words(n)} ({n}) days' written notice"
                          if self.rng.random() < 0.5 else f"{n} days"))
        if self.has("previous_contract_id"):
            items.append((s.labels["predecessor"], self.v("previous_contract_id")))
        return items

    def fee_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("annual_value"):
            items.append((s.labels["annual"], s.money(self.v("annual_value"))))
        if self.has("currency") and s.money_form == "symbol":
            items.append(("Currency", self.v("currency")))
        model = self.v("billing.model") if self.has("billing.model") else None
        if model:
            items.append(("Billing Model", {"fixed_fee": "Fixed Fee", "block_hours": "Block Hours",
                                            "time_and_materials": "Time and Materials"}
                          .get(model, str(model))))
        if self.has("billing.monthly_fee"):
            items.append((s.labels["monthly"], s.money(self.v("billing.monthly_fee"))))
        if self.has("billing.included_hours_per_month"):
            h = _dec(self.v("billing.included_hours_per_month")).normalize()
            items.append(("Included Hours", f"{h:f} hours per month"))
        if self.has("billing.overage_rate"):
            items.append(("Overage Rate", s.money(self.v("billing.overage_rate"), " per hour")))
        return items

    def rate_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        for key, label in (("standard", "Standard Rate"), ("after_hours", "After-Hours Rate"),
                           ("emergency", "Emergency Rate")):
            if self.has(f"billing.rates.{key}"):
                items.append((label, s.money(self.v(f"billing.rates.{key}"), " per hour")))
        return items

    def coverage_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("coverage.hours"):
            items.append((s.labels["coverage"], s.hours(str(self.v("coverage.hours")))))
        if self.has("coverage.timezone"):
            items.append(("Time Zone", str(self.v("coverage.timezone"))))
        if self.has("coverage.public_holidays"):
            country = COUNTRY_NAMES.get(str(self.c.get("country", "")).upper(), "the Client's country")
            items.append(("Public Holidays", f"Closed on public holidays of {country}"
                          if self.v("coverage.public_holidays")
                          else "Open on public holidays (normal coverage days)"))
        if self.has("coverage.closed_dates"):
            dates = [s.date(d) for d in self.v("coverage.closed_dates")]
            items.append(("Closed Dates", "; ".join(dates) if dates else "None"))
        return items

    def sla_rows(self) -> list[tuple[str, str, str, str]]:
        """(priority label, response, resolution, clock) per row."""
        if "sla" in self.omit:
            return []
        out = []
        for row in _sla_rows(self.t):
            p = str(row.get("priority"))
            clock = row.get("clock")
            resp = row.get("response_minutes")
            reso = row.get("resolution_minutes")
            out.append((
                f"{p} - {_PRIORITY_NAMES.get(p, '')}".strip(" -"),
                self.s.duration(resp, clock, self.business_day) if resp is not None else "-",
                self.s.duration(reso, clock, self.business_day) if reso is not None else "-",
                {"calendar": "Calendar", "business": "Business hours"}.get(clock, "-")
                if clock else "-",
            ))
        return out

    def services_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("included_services") or (isinstance(self.v("included_services"), list)
                                             and "included_services" not in self.omit):
            inc = self.v("included_services")
            items.append((s.labels["included"], "; ".join(_service_name(x) for x in inc) if inc
                          else "All services not excluded below"))
        if self.has("excluded_services") or (isinstance(self.v("excluded_services"), list)
                                             and "excluded_services" not in self.omit):
            exc = self.v("excluded_services")
            items.append((s.labels["excluded"], "; ".join(_service_name(x) for x in exc) if exc
                          else "None"))
        return items

    def contacts(self) -> list[dict]:
        if "escalation_contacts" in self.omit:
            return []
        return sorted(self.v("escalation_contacts") or [], key=lambda c: int(c.get("level") or 0))

    def penalty_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("penalties.credit_pct_per_breach"):
            items.append(("Service Credit per Breach",
                          f"{s.pct(self.v('penalties.credit_pct_per_breach'))} of the Monthly Fee"))
        if self.has("penalties.monthly_credit_cap_pct"):
            items.append(("Monthly Credit Cap",
                          f"{s.pct(self.v('penalties.monthly_credit_cap_pct'))} of the Monthly Fee"))
        return items

    def compliance_items(self) -> list[tuple[str, str]]:
        s, items = self.s, []
        if self.has("compliance.required_credentials"):
            items.append(("Required Credentials",
                          "; ".join(self.v("compliance.required_credentials")) or "None"))
        for key, label in (("general_liability", "General Liability Insurance"),
                           ("cyber_liability", "Cyber Liability Insurance"),
                           ("professional_liability", "Professional Liability Insurance"),
                           ("workers_comp", "Workers' Compensation Insurance")):
            if self.has(f"compliance.insurance_minimums.{key}"):
                items.append((label, s.money(self.v(f"compliance.insurance_minimums.{key}"))
                              + " minimum"))
        if self.has("compliance.security_clauses"):
            items.append(("Security Clauses",
                          "; ".join(self.v("compliance.security_clauses")) or "None"))
        return items

    def special(self) -> str | None:
        return str(self.v("special_instructions")) if self.has("special_instructions") else None

    def title(self) -> str:
        return str(self.v("title")) if self.has("title") else ""

    # ---- prose forms ---------------------------------------------------------------------
    def term_prose(self) -> list[str]:
        s, out = self.s, []
        start = self.v("start_date") if self.has("start_date") else None
        end = self.v("end_date") if self.has("end_date") else None
        if start and end:
            out.append(self.rng.choice([
                f"The {s.labels['term']} of this Agreement begins on {s.date(start)} and ends on "
                f"{s.date(end)}.",
                f"This Agreement is effective from {s.date(start)} through {s.date(end)} "
                f"(the \"{s.labels['term']}\").",
            ]))
        else:
            if start:
                out.append(f"Effective Date: {s.date(start)}.")
            if end:
                out.append(f"Expiration Date: {s.date(end)}.")
        if self.has("auto_renew"):
            if self.v("auto_renew"):
                out.append("This Agreement renews automatically for successive one-year periods "
                           "unless either party gives written notice of non-renewal.")
            else:
                out.append("This Agreement does not renew automatically.")
        if self.has("renewal_notice_days"):
            n = int(self.v("renewal_notice_days"))
            out.append(f"Notice of non-renewal must be given at least {number_words(n)} ({n}) "
                       f"days before the end of the {s.labels['term']}.")
        if self.has("previous_contract_id"):
            out.append(f"This Agreement renews and supersedes Agreement No. "
                       f"{self.v('previous_contract_id')}.")
        return out

    def sla_prose(self) -> list[str]:
        out = []
        resp, reso = self.s.labels["response"], self.s.labels["resolution"]
        for row in _sla_rows(self.t) if "sla" not in self.omit else []:
            p = str(row.get("priority"))
            clock = row.get("clock")
            bits = []
            if row.get("response_minutes") is not None:
                bits.append(f"an {resp} within "
                            f"{self.s.duration(row['response_minutes'], clock, self.business_day)}"
                            if resp.startswith("I") else
                            f"a {resp} of "
                            f"{self.s.duration(row['response_minutes'], clock, self.business_day)}")
            if row.get("resolution_minutes") is not None:
                bits.append(f"a {reso} of "
                            f"{self.s.duration(row['resolution_minutes'], clock, self.business_day)}")
            clock_txt = {"calendar": "measured in calendar time",
                         "business": "measured in business hours only"}.get(clock)
            sent = (f"Priority {p[1:]} ({_PRIORITY_NAMES.get(p, p)}) incidents receive "
                    + " and ".join(bits))
            out.append(sent + (f", {clock_txt}." if clock_txt else "."))
        return out


# --------------------------------------------------------------------------- PDF drawing
class _Pdf(FPDF):
    header_text = ""
    footer_text = ""

    def header(self):
        if self.header_text:
            self.set_font(self.base_family, "I", 8)
            self.cell(0, 5, self.header_text, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def footer(self):
        if self.footer_text:
            self.set_y(-12)
            self.set_font(self.base_family, "I", 8)
            self.cell(0, 5, f"{self.footer_text} - Page {self.page_no()} of {{nb}}", align="C")


def _new_pdf(rng: random.Random, header: str = "", footer: str = "") -> _Pdf:
    pdf = _Pdf(format=rng.choice(["letter", "A4"]))
    pdf.base_family = rng.choice(["Helvetica", "Times"])
    pdf.header_text = _latin1(header)
    pdf.footer_text = _latin1(footer)
    pdf.set_creation_date(_FIXED_CREATION)
    pdf.set_title(_latin1(header or "Agreement"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(18, 15, 18)
    pdf.alias_nb_pages()
    pdf.add_page()
    return pdf


def _wrap(pdf: _Pdf, text: str, width: float) -> list[str]:
    """Greedy line breaking on word widths (fpdf2's multi_cell re-measures the whole line for
    every character, which made long clauses the renderer's main cost)."""
    space = pdf.get_string_width(" ")
    lines, current, used = [], [], 0.0
    for word in text.split():
        w = pdf.get_string_width(word)
        if current and used + space + w > width:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used += (space if current else 0.0) + w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _lines(pdf: _Pdf, text: str, height: float):
    width = pdf.w - pdf.l_margin - pdf.r_margin - 1
    for line in _wrap(pdf, _latin1(text), width):
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: _Pdf, text: str, size: int = 12):
    pdf.ln(2)
    pdf.set_font(pdf.base_family, "B", size)
    _lines(pdf, text, size * 0.5)
    pdf.set_font(pdf.base_family, "", 10)
    pdf.ln(1)


def _para(pdf: _Pdf, text: str):
    pdf.set_font(pdf.base_family, "", 10)
    _lines(pdf, text, 5)
    pdf.ln(1.5)


def _kv_lines(pdf: _Pdf, items: list[tuple[str, str]]):
    for label, value in items:
        _para(pdf, f"{label}: {value}")


def _ruled(pdf: _Pdf, header: list[str] | None, rows: list[list[str]], widths=None,
           font_size: int = 9):
    """A table with every cell ruled, drawn directly (fpdf2's table() costs ~10 ms a table)."""
    pad, line_h = 1.2, font_size * 0.42
    total = pdf.w - pdf.l_margin - pdf.r_margin
    ncols = len(header or rows[0])
    weights = widths or (1,) * ncols
    col_w = [total * w / sum(weights) for w in weights]
    for r, row in enumerate(([header] if header else []) + rows):
        bold = header is not None and r == 0
        pdf.set_font(pdf.base_family, "B" if bold else "", font_size)
        cells = [_wrap(pdf, _latin1(str(c)), w - 2 * pad) for c, w in zip(row, col_w)]
        height = max(len(c) for c in cells) * line_h + 2 * pad
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        for lines, w in zip(cells, col_w):
            pdf.rect(x, y, w, height)
            for i, line in enumerate(lines):
                pdf.set_xy(x + pad, y + pad + i * line_h)
                pdf.cell(w - 2 * pad, line_h, line)
            x += w
        pdf.set_xy(pdf.l_margin, y + height)
    pdf.ln(3)
    pdf.set_font(pdf.base_family, "", 10)


def _contact_text(c: dict) -> str:
    bits = [str(c.get(k)) for k in ("name", "role", "email", "phone") if c.get(k)]
    return f"Level {c.get('level')}: " + ", ".join(bits)


def _layout_ruled_table(doc: _Doc, out_path: Path):
    s = doc.s
    pdf = _new_pdf(doc.rng)
    if doc.has("title"):
        _heading(pdf, doc.title(), 15)
    _ruled(pdf, None, [[a, b] for a, b in doc.parties() + doc.term_items()], widths=(1, 2))
    fees = doc.fee_items()
    if fees:
        _heading(pdf, "1. Fees")
        _ruled(pdf, None, [[a, b] for a, b in fees], widths=(1, 2))
    rates = doc.rate_items()
    if rates:
        _heading(pdf, "2. Rate Card")
        _ruled(pdf, ["Rate Type", "Hourly Rate"], [[a, b] for a, b in rates], widths=(1, 2))
    cov = doc.coverage_items()
    if cov:
        _heading(pdf, "3. Coverage")
        _ruled(pdf, None, [[a, b] for a, b in cov], widths=(1, 2))
    sla = doc.sla_rows()
    if sla:
        _heading(pdf, "4. Service Level Agreement")
        _ruled(pdf, ["Priority", s.labels["response"], s.labels["resolution"], "Clock"],
               [list(r) for r in sla], widths=(3, 3, 3, 3))
    svc = doc.services_items()
    if svc:
        _heading(pdf, "5. Scope of Services")
        _ruled(pdf, None, [[a, b] for a, b in svc], widths=(1, 2))
    contacts = doc.contacts()
    if contacts:
        _heading(pdf, "6. Escalation Contacts")
        _ruled(pdf, ["Level", "Name", "Role", "Email", "Phone"],
               [[str(c.get("level") or ""), c.get("name") or "", c.get("role") or "",
                 c.get("email") or "", c.get("phone") or ""] for c in contacts],
               widths=(2, 6, 7, 12, 7), font_size=8)
    pen = doc.penalty_items()
    if pen:
        _heading(pdf, "7. Service Credits")
        _ruled(pdf, None, [[a, b] for a, b in pen], widths=(1, 2))
    comp = doc.compliance_items()
    if comp:
        _heading(pdf, "8. Compliance Requirements")
        _ruled(pdf, None, [[a, b] for a, b in comp], widths=(1, 2))
    sp = doc.special()
    if sp:
        _heading(pdf, "9. " + s.labels["special"])
        _para(pdf, sp)
    _signatures(pdf, doc)
    pdf.output(str(out_path))


def _signatures(pdf: _Pdf, doc: _Doc):
    pdf.ln(6)
    pdf.set_font(pdf.base_family, "", 10)
    _para(pdf, "IN WITNESS WHEREOF, the parties have executed this Agreement by their duly "
               "authorised representatives.")
    _para(pdf, "For the Provider: ______________________    For the Client: ______________________")


def _layout_prose(doc: _Doc, out_path: Path):
    s = doc.s
    pdf = _new_pdf(doc.rng)
    if doc.has("title"):
        _heading(pdf, doc.title().upper(), 14)
    parties = dict(doc.parties())
    intro = (f"This {doc.title()} (the \"Agreement\") is made between the Provider and "
             if doc.has("title") else "This Agreement is made between the Provider and ")
    intro += parties.get("Client", "the Client") + "."
    if doc.has("contract_id"):
        _para(pdf, f"{s.labels['contract_id']}: {doc.v('contract_id')}")
    _para(pdf, intro)
    n = 1
    term = doc.term_prose()
    if doc.has("tier"):
        term.insert(0, f"The Client subscribes to the {str(doc.v('tier')).capitalize()} "
                       f"{s.labels['tier'].lower()}.")
    if term:
        _heading(pdf, f"{n}. Term and Renewal")
        n += 1
        _para(pdf, " ".join(term))
    fees = doc.fee_items() + doc.rate_items()
    if fees:
        _heading(pdf, f"{n}. Fees and Payment")
        n += 1
        for label, value in fees:
            _para(pdf, f"({chr(96 + fees.index((label, value)) + 1)}) {label}: {value}.")
    cov = doc.coverage_items()
    if cov:
        _heading(pdf, f"{n}. Coverage")
        n += 1
        sents = []
        for label, value in cov:
            if label == s.labels["coverage"]:
                sents.append(f"Support is provided {value}.")
            elif label == "Time Zone":
                sents.append(f"All times are in the {value} time zone.")
            else:
                sents.append(f"{label}: {value}.")
        _para(pdf, " ".join(sents))
    sla = doc.sla_prose()
    if sla:
        _heading(pdf, f"{n}. Service Levels")
        n += 1
        for sent in sla:
            _para(pdf, sent)
    svc = doc.services_items()
    if svc:
        _heading(pdf, f"{n}. Scope")
        n += 1
        for label, value in svc:
            _para(pdf, f"{label}: {value}.")
    contacts = doc.contacts()
    if contacts:
        _heading(pdf, f"{n}. Escalation")
        n += 1
        for c in contacts:
            _para(pdf, _contact_text(c))
    pen = doc.penalty_items()
    if pen:
        _heading(pdf, f"{n}. Service Credits")
        n += 1
        for label, value in pen:
            _para(pdf, f"{label}: {value}.")
    comp = doc.compliance_items()
    if comp:
        _heading(pdf, f"{n}. Compliance")
        n += 1
        for label, value in comp:
            _para(pdf, f"{label}: {value}.")
    sp = doc.special()
    if sp:
        _heading(pdf, f"{n}. {s.labels['special']}")
        _para(pdf, sp)
    _signatures(pdf, doc)
    pdf.output(str(out_path))


def _layout_two_column(doc: _Doc, out_path: Path):
    s = doc.s
    pdf = _new_pdf(doc.rng)
    if doc.has("title"):
        _heading(pdf, doc.title(), 14)
    pdf.set_font(pdf.base_family, "", 9)
    sections: list[tuple[str, list[str]]] = [
        ("Parties and Term", [f"{a}: {b}" for a, b in doc.parties() + doc.term_items()]),
        ("Fees", [f"{a}: {b}" for a, b in doc.fee_items() + doc.rate_items()]),
        ("Coverage", [f"{a}: {b}" for a, b in doc.coverage_items()]),
        ("Service Levels", [f"{p}: {s.labels['response']} {r}; {s.labels['resolution']} {x}; "
                            f"Clock {c}" for p, r, x, c in doc.sla_rows()]),
        ("Scope", [f"{a}: {b}" for a, b in doc.services_items()]),
        ("Escalation Contacts", [_contact_text(c) for c in doc.contacts()]),
        ("Service Credits", [f"{a}: {b}" for a, b in doc.penalty_items()]),
        ("Compliance", [f"{a}: {b}" for a, b in doc.compliance_items()]),
        (s.labels["special"], [doc.special()] if doc.special() else []),
    ]
    with pdf.text_columns(ncols=2, gutter=10, text_align="LEFT", balance=True) as cols:
        for i, (head, lines) in enumerate(sections):
            if not lines:
                continue
            with cols.paragraph(text_align="LEFT", bottom_margin=1) as par:
                pdf.set_font(pdf.base_family, "B", 10)
                par.write(_latin1(f"{i + 1}. {head}"))
            pdf.set_font(pdf.base_family, "", 9)
            for line in lines:
                with cols.paragraph(text_align="LEFT", bottom_margin=1.5) as par:
                    par.write(_latin1(line))
    _signatures(pdf, doc)
    pdf.output(str(out_path))


def _layout_schedule(doc: _Doc, out_path: Path):
    s = doc.s
    cid = doc.v("contract_id") if doc.has("contract_id") else ""
    pdf = _new_pdf(doc.rng, header=f"{cid} - Confidential" if cid else "Confidential",
                   footer="Confidential")
    if doc.has("title"):
        _heading(pdf, doc.title(), 15)
    for label, value in doc.parties():
        _para(pdf, f"{label}: {value}")
    _heading(pdf, "1. Definitions")
    _para(pdf, "\"Services\" means the IT field-support services described in Schedule A. "
               "\"Service Levels\" means the targets set out in Schedule B. Fees are set out in "
               "Schedule C.")
    _heading(pdf, "2. Term")
    term = doc.term_prose()
    if doc.has("tier"):
        term.insert(0, f"{s.labels['tier']}: {str(doc.v('tier')).capitalize()}.")
    if term:
        _para(pdf, " ".join(term))
    _heading(pdf, "3. General")
    _para(pdf, "Each party shall perform its obligations in a professional manner. Neither party "
               "is liable for delays caused by events beyond its reasonable control. This "
               "Agreement, with its Schedules, is the entire agreement of the parties.")
    sp = doc.special()
    # Schedule A: scope and coverage
    pdf.add_page()
    _heading(pdf, "SCHEDULE A - SERVICES AND COVERAGE", 13)
    for label, value in doc.services_items() + doc.coverage_items():
        _para(pdf, f"{label}: {value}")
    if sp:
        _heading(pdf, s.labels["special"], 11)
        _para(pdf, sp)
    sla = doc.sla_rows()
    if sla:
        pdf.add_page()
        _heading(pdf, "SCHEDULE B - SERVICE LEVELS", 13)
        _ruled(pdf, ["Priority", s.labels["response"], s.labels["resolution"], "Clock"],
               [list(r) for r in sla], widths=(3, 3, 3, 3))
        for label, value in doc.penalty_items():
            _para(pdf, f"{label}: {value}")
    else:
        pen = doc.penalty_items()
        if pen:
            _heading(pdf, "Service Credits", 11)
            for label, value in pen:
                _para(pdf, f"{label}: {value}")
    pdf.add_page()
    _heading(pdf, "SCHEDULE C - FEES", 13)
    for label, value in doc.fee_items():
        _para(pdf, f"{label}: {value}")
    rates = doc.rate_items()
    if rates:
        _ruled(pdf, ["Rate Type", "Hourly Rate"], [[a, b] for a, b in rates], widths=(1, 2))
    contacts = doc.contacts()
    comp = doc.compliance_items()
    if contacts or comp:
        pdf.add_page()
        _heading(pdf, "APPENDIX D - ESCALATION AND COMPLIANCE", 13)
        for c in contacts:
            _para(pdf, _contact_text(c))
        for label, value in comp:
            _para(pdf, f"{label}: {value}")
    _signatures(pdf, doc)
    pdf.output(str(out_path))


_LAYOUT_FUNCS = {
    "ruled_table": _layout_ruled_table,
    "prose": _layout_prose,
    "two_column": _layout_two_column,
    "schedule": _layout_schedule,
}


def render_contract_pdf(terms: dict, client: dict, out_path: Path, layout: str,
                        variant_seed: int, omit: frozenset[str] = frozenset()) -> None:
    """Write one contract PDF. `omit` names terms (top-level keys or dotted paths, e.g. "sla")
    the document leaves out."""
    if layout not in _LAYOUT_FUNCS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    doc = _Doc(terms, client, variant_seed, frozenset(omit))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    _LAYOUT_FUNCS[layout](doc, out_path)


def render_scanned_pdf(terms: dict, client: dict, out_path: Path, variant_seed: int) -> None:
    """An image-only PDF (a page scan): the text is pixels, there is no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    doc = _Doc(terms, client, variant_seed, frozenset())
    lines = [doc.title()]
    lines += [f"{a}: {b}" for a, b in doc.parties() + doc.term_items() + doc.fee_items()]
    lines += [f"{a}: {b}" for a, b in doc.coverage_items()]
    lines += [f"{p}: {r} / {x} ({c})" for p, r, x, c in doc.sla_rows()]
    img = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    y = 60
    for line in lines:
        draw.text((60, y), _latin1(line)[:110], fill=0, font=font)
        y += 18
    # A scanner's grain, deterministic from the seed.
    rng = random.Random(variant_seed)
    for _ in range(400):
        img.putpixel((rng.randrange(850), rng.randrange(1100)), rng.randrange(120, 220))
    img = img.rotate(rng.uniform(-0.8, 0.8), fillcolor=255)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    img.save(out_path, "PDF", resolution=100.0)


def write_corrupt_pdf(out_path: Path, variant_seed: int) -> None:
    """A file named .pdf that no reader can open: truncated, garbage, empty or an HTML page."""
    rng = random.Random(variant_seed)
    kind = rng.choice(["truncated", "garbage", "empty", "html"])
    if kind == "truncated":
        data = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type "
                + bytes(rng.randrange(256) for _ in range(64)))
    elif kind == "garbage":
        data = bytes(rng.randrange(256) for _ in range(2048))
    elif kind == "empty":
        data = b""
    else:
        data = (b"<!DOCTYPE html><html><head><title>Session expired</title></head><body>"
                b"<p>Please log in again to download this document.</p></body></html>")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(data)
