"""The date value grammar (docs/records.md): its points, the days they cover, and arithmetic on them.

A point is a day `YYYY-MM-DD`, an ISO week `YYYY-Www`, a month `YYYY-MM`, a season `YYYY-SP|SU|FA|WI`, a
quarter `YYYY-Q1..Q4`, a half `YYYY-H1|H2`, a year `YYYY` or a decade `197X`; a value is a point or an interval
`A/B` of two. Records validate against `is_date_value`, the evaluation reads a value's days with `bounds`, and
the dates component resolves "a year earlier" or "the following month" with `shift` and `coarsen`: a point moved
by a unit keeps its own granularity ("2025-Q3" a year earlier is "2024-Q3").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

POINT = (
    r"(?:\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # YYYY-MM-DD
    r"|\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])"  # ISO week
    r"|\d{4}-(?:0[1-9]|1[0-2])"  # YYYY-MM
    r"|\d{4}-(?:SP|SU|FA|WI)"  # season
    r"|\d{4}-Q[1-4]"  # quarter
    r"|\d{4}-H[12]"  # half
    r"|\d{3}X"  # decade
    r"|\d{4})"  # year
)
DATE_VALUE = re.compile(rf"^{POINT}(?:/{POINT})?$")
# a season's first and last month (winter runs into the next year)
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
# granularities from fine to coarse
GRANULARITIES = ("day", "week", "month", "season", "quarter", "half", "year", "decade")


class Point(NamedTuple):
    """One point of the grammar: its granularity and its first day."""

    granularity: str
    first: dt.date
    season: str | None = None


def is_date_value(value: str) -> bool:
    """True when `value` follows the date value grammar (calendar-checked for days and weeks)."""
    if not DATE_VALUE.match(value):
        return False
    try:
        for point in value.split("/"):
            parse(point)
    except ValueError:
        return False
    return True


def parse(point: str) -> Point:
    """The granularity and first day of one point; ValueError when it is not one."""
    if re.fullmatch(r"\d{3}X", point):
        return Point("decade", dt.date(int(point[:3]) * 10, 1, 1))
    year, rest = int(point[:4]), point[5:]
    if len(point) == 4 and point.isdigit():
        return Point("year", dt.date(year, 1, 1))
    if re.fullmatch(r"W\d\d", rest):
        return Point("week", dt.date.fromisocalendar(year, int(rest[1:]), 1))
    if re.fullmatch(r"Q[1-4]", rest):
        return Point("quarter", dt.date(year, 3 * int(rest[1]) - 2, 1))
    if re.fullmatch(r"H[12]", rest):
        return Point("half", dt.date(year, 6 * int(rest[1]) - 5, 1))
    if rest in SEASON_MONTHS:
        return Point("season", dt.date(year, SEASON_MONTHS[rest][0], 1), rest)
    if re.fullmatch(r"\d\d", rest):
        return Point("month", dt.date(year, int(rest), 1))
    if re.fullmatch(r"\d\d-\d\d", rest):
        return Point("day", dt.date.fromisoformat(point))
    raise ValueError(f"not a point of the date value grammar: {point!r}")


def last_day(point: Point) -> dt.date:
    first = point.first
    if point.granularity == "day":
        return first
    if point.granularity == "week":
        return first + dt.timedelta(days=6)
    months = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120}[point.granularity]
    end = first.year * 12 + first.month - 1 + months - 1
    year, month = divmod(end, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a value covers, first and last: '2025' -> (2025-01-01, 2025-12-31); None if it is not one."""
    if not value:
        return None
    try:
        return parse(value.split("/")[0]).first, last_day(parse(value.split("/")[-1]))
    except ValueError:
        return None


def write(point: Point) -> str:
    day = point.first
    if point.granularity == "day":
        return day.isoformat()
    if point.granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if point.granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if point.granularity == "season":
        return f"{day.year:04d}-{point.season}"
    if point.granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if point.granularity == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if point.granularity == "year":
        return f"{day.year:04d}"
    return f"{day.year // 10:03d}X"


def coarsen(point: str, granularity: str) -> str | None:
    """The point of `granularity` that holds `point` ('2025-05-22' to 'month': '2025-05'); None when `point` is
    coarser than that, or a season (which does not nest in months or quarters)."""
    found = parse(point)
    if GRANULARITIES.index(found.granularity) > GRANULARITIES.index(granularity) or granularity == "season":
        return point if found.granularity == granularity else None
    if found.granularity == "season" and granularity not in ("year", "decade"):
        return None
    day = found.first
    first = {
        "day": day,
        "week": day - dt.timedelta(days=day.weekday()),
        "month": day.replace(day=1),
        "quarter": dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1),
        "half": dt.date(day.year, 1 if day.month <= 6 else 7, 1),
        "year": dt.date(day.year, 1, 1),
        "decade": dt.date(day.year // 10 * 10, 1, 1),
    }[granularity]
    return write(Point(granularity, first))


def shift(point: str, unit: str, count: int) -> str | None:
    """`point` moved by `count` units, keeping its granularity: ('2025-Q3', 'year', -1) -> '2024-Q3',
    ('2025-03-30', 'day', 2) -> '2025-04-01'. None when the unit is finer than the point ('2025' by a month)."""
    found = parse(point)
    day = found.first
    if unit in ("day", "week"):
        if found.granularity not in ("day", "week") or (unit == "day" and found.granularity == "week"):
            return None
        return write(found._replace(first=day + dt.timedelta(days=count * (7 if unit == "week" else 1))))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120}.get(unit)
    if months is None or GRANULARITIES.index(found.granularity) > GRANULARITIES.index(unit):
        return None
    if found.granularity == "season" and unit != "year":
        return None
    if found.granularity == "week":  # the same week number in the other year (the last, if it has fewer)
        if unit not in ("year", "decade"):
            return None
        year, week, _ = day.isocalendar()
        year += count * months // 12
        week = min(week, dt.date(year, 12, 28).isocalendar()[1])
        return write(Point("week", dt.date.fromisocalendar(year, week, 1)))
    year, month = divmod(day.year * 12 + day.month - 1 + count * months, 12)
    moved = dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    return write(found._replace(first=moved))
