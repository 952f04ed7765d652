"""Named days ("Christmas", "Thanksgiving Day", "Victory Day", "Navy Day") and their date in a year.

Which names are dates, the names the `holidays` library gives them and the country a name means when the text
names none are `models/lexicon/dates/named_days.csv`; public holidays come from the `holidays` library, by
country (in English where it has English names); the days it leaves out (navy, army and air-force days, and
fixed days such as Christmas Eve) from `models/catalogues/calendar_days.csv`. The year is the one the text writes
("Navy Day 2025"), else the tense's: the latest such day before publication in the past, the next one in the
future, else the nearest.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays as holiday_calendars
from holidays.utils import list_localized_countries

from ..data import read_csv

NONE = "-"  # a column with nothing to say


@dataclass(frozen=True)
class Rule:
    """A day of calendar_days.csv: fixed (month, day) or movable (month, weekday 1-7, nth: 1.. or -1 the last)."""

    month: int
    day: int | None
    weekday: int | None
    nth: int | None

    def date(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        days = [d for d in range(1, calendar.monthrange(year, self.month)[1] + 1)
                if dt.date(year, self.month, d).isoweekday() == self.weekday]
        return dt.date(year, self.month, days[self.nth - 1 if self.nth > 0 else self.nth])


class NamedDays:
    def __init__(self, names: list[dict[str, str]], days_path: str) -> None:
        self.names: dict[str, tuple[tuple[str, ...], str | None]] = {}
        for row in names:
            library = tuple(n.strip() for n in row["holiday"].split("|") if n.strip() not in ("", NONE))
            self.names[row["name"].lower()] = (library, _given(row["country"]))
        self.rules: dict[tuple[str, str | None], Rule] = {}
        for row in read_csv(days_path, required=("name", "country", "month", "day", "weekday", "nth")):
            number = {k: int(value) if (value := _given(row[k])) else None for k in ("day", "weekday", "nth")}
            self.rules[(row["name"].lower(), _given(row["country"]))] = Rule(int(row["month"]), **number)
            self.names.setdefault(row["name"].lower(), ((), None))
        self._localised = list_localized_countries()
        self._calendar = lru_cache(maxsize=256)(self._make_calendar)

    def _make_calendar(self, code: str, year: int):
        languages = self._localised.get(code, [])
        language = next((lang for lang in ("en_US", "en_GB") if lang in languages), None)
        try:
            return holiday_calendars.country_holidays(code, years=year, language=language)
        except NotImplementedError:  # a country the library has no calendar for
            return {}

    def day(self, name: str, code: str | None, year: int) -> dt.date | None:
        """The date of the day `name` (lower case) in `code`'s calendar (ISO alpha-2; None: any country's)."""
        rule = self.rules.get((name, code)) or self.rules.get((name, None))
        if rule is not None:
            return rule.date(year)
        library, _ = self.names.get(name, ((), None))
        if not library or code is None:
            return None
        found: dict[str, dt.date] = {}
        for day, names in sorted(self._calendar(code, year).items()):
            for one in names.split("; "):
                found.setdefault(one.lower(), day)
        return next((found[n.lower()] for n in library if n.lower() in found), None)

    def resolve(self, name: str, codes: list[str], anchor: dt.date, preference: str, year: int | None = None,
                shift: int | None = None) -> str | None:
        """The day's date for the first country of `codes` (those the text names, nearest first) that keeps it,
        else for the name's own country; in `year` when the text writes one, else the occurrence the tense or
        `shift` ("last Christmas": -1, "this": 0, "next": 1) points at."""
        name = name.lower()
        default = self.names.get(name, ((), None))[1]
        for code in [*codes, default, None]:
            years = [year] if year else [anchor.year - 1, anchor.year, anchor.year + 1]
            days = [d for y in years if (d := self.day(name, code, y))]
            if days:
                return _choose(days, anchor, preference, shift).isoformat()
        return None


def _given(value: str) -> str | None:
    return None if value in ("", NONE) else value


def _choose(days: list[dt.date], anchor: dt.date, preference: str, shift: int | None) -> dt.date:
    before = [d for d in days if d <= anchor]
    after = [d for d in days if d >= anchor]
    if shift == 0:
        return next((d for d in days if d.year == anchor.year), days[0])
    if (shift is not None and shift < 0) or preference in ("past", "past_loose"):
        return max(before) if before else min(days)
    if (shift is not None and shift > 0) or preference == "future":
        return min(after) if after else max(days)
    return min(days, key=lambda d: (abs((d - anchor).days), d > anchor))
