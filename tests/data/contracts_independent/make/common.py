"""Formatting helpers shared by the corpus renderers (independent of the project code)."""
import datetime as dt
import re

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
        80: "eighty", 90: "ninety"}


def words(n):
    n = int(n)
    if n < 20:
        return ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return TENS[t * 10] + ("" if o == 0 else "-" + ONES[o])
    if n < 1000:
        h, r = divmod(n, 100)
        return ONES[h] + " hundred" + ("" if r == 0 else " and " + words(r))
    raise ValueError(n)


def snake(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def add_months(d, n):
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    import calendar
    day = min(d.day, calendar.monthrange(y, m)[1])
    return dt.date(y, m, day)


def term_end(start, months):
    return add_months(start, months) - dt.timedelta(days=1)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def ordinal(n):
    if 10 <= n % 100 <= 20:
        s = "th"
    else:
        s = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{s}"


def dfmt(d, style):
    if style == "ord":
        return f"{ordinal(d.day)} {MONTHS[d.month-1]} {d.year}"
    if style == "dmy_long":
        return f"{d.day} {MONTHS[d.month-1]} {d.year}"
    if style == "mdy_long":
        return f"{MONTHS[d.month-1]} {d.day}, {d.year}"
    if style == "mdy_short":
        return f"{MONTHS[d.month-1][:3]} {d.day}, {d.year}"
    if style == "dmy_short":
        return f"{d.day:02d}-{MONTHS[d.month-1][:3]}-{d.year}"
    if style == "dmy_num":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "mdy_num":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "de":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dayof":
        return f"the {ordinal(d.day)} day of {MONTHS[d.month-1]}, {d.year}"
    raise ValueError(style)


SYM = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}


def _group(a, dec, th, cents=True):
    s = f"{a:,.2f}" if cents else f"{a:,.0f}"
    return s.replace(",", "\0").replace(".", dec).replace("\0", th)


def money(a, cur, style="sym"):
    """style: sym ($7,200.00) | sym0 ($7,200) | code (USD 7,200.00) | code0 (USD 7,200) |
    eu (EUR 5.400,00) | eusym (5.400,00 €)"""
    if a is None:
        return None
    whole = float(a).is_integer()
    if style == "sym":
        return f"{SYM[cur]}{_group(a, '.', ',')}"
    if style == "sym0":
        return f"{SYM[cur]}{_group(a, '.', ',', cents=not whole)}"
    if style == "code":
        return f"{cur} {_group(a, '.', ',')}"
    if style == "code0":
        return f"{cur} {_group(a, '.', ',', cents=not whole)}"
    if style == "eu":
        return f"{cur} {_group(a, ',', '.')}"
    if style == "eusym":
        return f"{_group(a, ',', '.')} {SYM[cur]}"
    raise ValueError(style)


def dur(m, style="wordnum", daymin=None, business=False):
    """Duration phrase for m minutes. business+daymin allows 'business day' units."""
    if business and daymin and m >= daymin and m % daymin == 0:
        n, unit = m // daymin, "business day"
    elif m % 60 == 0:
        n, unit = m // 60, "hour"
    else:
        n, unit = m, "minute"
    plural = unit + ("s" if n != 1 else "")
    if style == "wordnum":
        return f"{words(n)} ({n}) {plural}"
    if style == "word":
        return f"{words(n)} {plural}"
    if style == "num":
        return f"{n} {plural}"
    if style == "short":
        short = {"minute": "min", "hour": "hr" if n == 1 else "hrs", "business day": "Business Day" if n == 1 else "Business Days"}[unit]
        return f"{n} {short}"
    if style == "title":
        return f"{n} {plural.title()}"
    raise ValueError(style)


DAYN = {"Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday", "Fri": "Friday",
        "Sat": "Saturday", "Sun": "Sunday"}


def t12(hm):
    h, m = map(int, hm.split(":"))
    suf = "am" if h < 12 else "pm"
    hh = h % 12 or 12
    return f"{hh}{suf}" if m == 0 else f"{hh}:{m:02d}{suf}"


def pct(x, style="both"):
    n = int(x) if float(x).is_integer() else x
    if style == "both" and float(x).is_integer():
        return f"{words(n)} percent ({n}%)"
    return f"{n}%"
