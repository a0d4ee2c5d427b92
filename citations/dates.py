"""Dates as notes write them, with how precisely they are given.

"February 18, 2020", "18 Feb. 2020", "2020-02-18", "18.02.2020", "13 марта 2020",
"2020年7月16日" name a day; "February 2018" or "2020年7月" a month; a bare "2017" a year
(only where a year is expected: see `read_date`). Day-first numeric dates with a slash
(03/04/2020) are read only when they cannot be month-first: anything else is reported
rather than guessed.
"""

import re
from dataclasses import dataclass
from datetime import date

DAY, MONTH, YEAR = "day", "month", "year"

MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Russian, in the genitive that follows a day ("13 марта 2020") and the nominative.
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
_NAMES = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_M = rf"(?P<{{g}}>{_NAMES})\.?"
_D = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{g}>1[89]\d\d|20\d\d)"

PATTERNS = [
    # Most specific first: a day before a month, a month alone last.
    (DAY, rf"{_M.format(g='m')}\s+{_D.format(g='d')},?\s+{_Y.format(g='y')}"),
    (DAY, rf"{_D.format(g='d')}\s+{_M.format(g='m')},?\s+{_Y.format(g='y')}"),
    (DAY, rf"{_Y.format(g='y')},\s+{_M.format(g='m')}\s+{_D.format(g='d')}"),  # APA
    (DAY, r"(?P<y>\d{4})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)"),
    (DAY, r"(?P<d>[0-3]?\d)\.(?P<mn>[01]?\d)\.(?P<y>\d{4})"),
    (DAY, r"(?P<d>[0-3]?\d)/(?P<mn>[01]?\d)/(?P<y>\d{4})"),
    (DAY, r"(?P<y>\d{4})\s*年\s*(?P<mn>1[0-2]|0?[1-9])\s*月\s*(?P<d>[0-3]?\d)\s*日"),
    (MONTH, r"(?P<y>\d{4})\s*年\s*(?P<mn>1[0-2]|0?[1-9])\s*月"),
    (MONTH, rf"{_Y.format(g='y')},\s+{_M.format(g='m')}"),  # APA
    (MONTH, rf"{_M.format(g='m')},?\s+{_Y.format(g='y')}"),
]
DATE_RES = [
    (precision, re.compile(rf"(?<![\w.]){pattern}(?![\w-]|\.\d)", re.I))
    for precision, pattern in PATTERNS
]
YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)[a-z]?$")
# Day and month without a year: Harvard's "Radio Liberty, 1 April" after "(2020)".
DAY_MONTH_RE = re.compile(
    rf"^(?:{_D.format(g='d1')}\s+{_M.format(g='m1')}|{_M.format(g='m2')}\s+{_D.format(g='d2')})$",
    re.I,
)


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    value: date | None  # None: written like a date but not a real one
    precision: str
    problem: str = ""


def _value(match, precision):
    groups = match.groupdict()
    month = MONTH_NAMES[groups["m"].lower()] if groups.get("m") else int(groups["mn"])
    day = int(groups["d"]) if precision == DAY else 1
    year = int(groups["y"])
    if "/" in match.group(0) and day <= 12 and month <= 12 and day != month:
        # 03/04/2020 is 3 April in London and March 4 in Washington.
        return None, f"“{match.group(0)}” could be day/month or month/day"
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"“{match.group(0)}” is not a real date"


def find_dates(text):
    """Every date written in `text`, in order, none overlapping another."""
    found = []
    for precision, pattern in DATE_RES:
        for match in pattern.finditer(text):
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            value, problem = _value(match, precision)
            found.append(
                DateMatch(match.start(), match.end(), match.group(0), value, precision, problem)
            )
    return sorted(found, key=lambda f: f.start)


def read_date(text, year_alone=True):
    """`text` read as one date and nothing else: a DateMatch, or None."""
    text = text.strip(" ,.;()")
    if year_alone and YEAR_RE.match(text):
        return DateMatch(0, len(text), text, date(int(text[:4]), 1, 1), YEAR)
    found = find_dates(text)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(text)):
        return found[0]
    return None


def day_and_month(text, year):
    """'1 April' in a year given elsewhere (Harvard), as a DateMatch, or None."""
    match = DAY_MONTH_RE.match(text.strip(" ,."))
    if not match:
        return None
    day, month = int(match["d1"] or match["d2"]), match["m1"] or match["m2"]
    try:
        value = date(year, MONTH_NAMES[month.lower()], day)
    except ValueError:
        return DateMatch(0, 0, text, None, DAY, f"“{text.strip()}” is not a real date")
    return DateMatch(0, 0, text, value, DAY)


def parse_date(text):
    """The first date written in `text`, as a date, or None."""
    found = [f for f in find_dates(text) if f.value]
    return found[0].value if found else None
