"""Small formatting helpers: number words, dates, money, durations (this corpus only)."""
import calendar
import datetime as dt
import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = list(calendar.month_name)[1:]


def words(n):
    n = int(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return _TENS[t] + ("-" + _ONES[o] if o else "")
    h, r = divmod(n, 100)
    return _ONES[h] + " hundred" + (" and " + words(r) if r else "")


def snake(s):
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def term_end(start, months):
    return add_months(start, months) - dt.timedelta(days=1)


def ordinal(n):
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def date(d, style):
    m = MONTHS[d.month - 1]
    return {
        "us_long": f"{m} {d.day}, {d.year}",
        "us_num": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "us_short": f"{m[:3]} {d.day}, {d.year}",
        "uk_ord": f"{ordinal(d.day)} {m} {d.year}",
        "uk_long": f"{d.day} {m} {d.year}",
        "uk_num": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "uk_short": f"{d.day:02d}-{m[:3]}-{d.year}",
        "de": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "iso": d.isoformat(),
    }[style]


SYM = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}


def money(a, cur, style="sym"):
    s = f"{a:,.2f}"
    if style == "sym":
        return SYM[cur] + s
    if style == "sym0":
        return SYM[cur] + (f"{a:,.0f}" if float(a).is_integer() else s)
    if style == "code":
        return f"{cur} {s}"
    if style == "eu":  # 5.400,00 EUR
        return s.replace(",", "_").replace(".", ",").replace("_", ".") + " EUR"
    if style == "eusym":
        return "€ " + s.replace(",", "_").replace(".", ",").replace("_", ".")
    raise ValueError(style)


def dur(minutes, clock, daylen, style="num"):
    """minutes -> phrase; business clocks use business days when the coverage day divides them
    (and the target is at least a day)."""
    if clock == "business" and daylen and minutes >= daylen and minutes % daylen == 0:
        n, unit = minutes // daylen, "business day"
    elif minutes % 60 == 0:
        n, unit = minutes // 60, "hour"
    else:
        n, unit = minutes, "minute"
    pl = unit + ("" if n == 1 else "s")
    if style == "num":
        return f"{n} {pl}"
    if style == "words":
        return f"{words(n)} ({n}) {pl}"
    if style == "short":
        return f"{n} " + {"minute": "min", "hour": "hr" if n == 1 else "hrs", "business day": "bus. day" if n == 1 else "bus. days"}[unit]
    if style == "title":
        return f"{n} {pl.title()}"
    raise ValueError(style)


def day_minutes(hours):
    """length in minutes of one coverage day when every open day is equal, else None"""
    if hours == "24x7":
        return 1440
    lens = []
    for grp in hours.split(";"):
        grp = grp.strip()
        days, wins = grp.split(" ", 1)
        tot = 0
        for w in wins.split(","):
            a, b = w.strip().split("-")
            tot += (int(b[:2]) * 60 + int(b[3:5])) - (int(a[:2]) * 60 + int(a[3:5]))
        lens.append(tot)
    return lens[0] if len(set(lens)) == 1 else None


def t12(hm):
    h, m = int(hm[:2]), int(hm[3:5])
    return f"{h % 12 or 12}{':%02d' % m if m else ''} {'a.m.' if h < 12 else 'p.m.'}"
