"""Date values in the SPEC grammar for date mention texts.

`DateResolver.resolve(text, anchor, preference)` turns "December 4–5, 2025", "the 1990s", "last week" into
"2025-12-04/2025-12-05", "199X", "2025-11". Written by hand, and only for what dateparser has no form for:
intervals ("March 28 to April 2, 2025", "2024-25"), decades, seasons, quarters and parts of a year; also the
explicit "Month D, YYYY" forms, which are cheaper to read directly. Everything else (relative and incomplete
dates: "on Monday", "last year", "Dec. 4") goes to dateparser with the publication date as RELATIVE_BASE and
a tense preference. Results are cached per (text, anchor, preference).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
            "fourth": 4, "4th": 4, "q4": 4, "last": 4}
YEAR = r"(1[0-9]\d\d|2[0-9]\d\d)"
WORD = re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th|s)?")
DECADE = re.compile(r"^(?:the\s+)?(?:early\s+|mid\s*-?\s*|late\s+)?(\d{3})0s$")
QUARTER = re.compile(rf"^(?:the\s+)?(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter\s+of\s+{YEAR}$|"
                     rf"^(q[1-4])\s+{YEAR}$")
SEASON = re.compile(rf"^(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{YEAR}$")
PART_OF_YEAR = re.compile(rf"^(?:the\s+)?(?:mid|early|late|end of|start of|beginning of)\s*-?\s*{YEAR}$")
BARE_YEAR = re.compile(rf"^(?:the\s+year\s+)?{YEAR}$")
YEAR_RANGE = re.compile(rf"^(?:between\s+|from\s+)?{YEAR}\s*(?:-|–|—|to|and|until|through)\s*(\d{{4}}|\d{{2}})$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RANGE_SEPARATOR = re.compile(r"\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*")
RELATIVE_FILLER = re.compile(r"\b(?:earlier|later)\s+(?=this\b)")


@dataclass(frozen=True)
class Lexicon:
    """Words by role (month, weekday, relative_day, relative, unit, season, frequency) from date_lexicon.csv."""

    roles: dict[str, str]
    months: dict[str, int]

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]]) -> "Lexicon":
        roles = {row["word"].lower(): row["role"] for row in rows}
        months: dict[str, int] = {}
        order = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december"]
        for word, role in roles.items():
            if role == "month":
                stem = word.rstrip(".")
                number = next((n for n, full in enumerate(order, 1) if full.startswith(stem)), None)
                if number:
                    months[word] = months[stem] = number
        return cls(roles, months)

    def words(self, text: str) -> list[str]:
        return [w.lower() for w in WORD.findall(text)]

    def is_date_text(self, text: str) -> bool:
        """True when the text anchors on the calendar; False for durations, frequencies and ordinals."""
        words = self.words(text)
        roles = {self.roles.get(w) or self.roles.get(w.rstrip(".")) for w in words}
        if "frequency" in roles:
            return False
        if roles & {"month", "weekday", "relative_day"}:
            return True
        if re.search(rf"(?<![\d-]){YEAR}(?!\d)|\b\d{{3}}0s\b", text):
            return True
        return "relative" in roles and "unit" in roles


class DateResolver:
    """Values for date texts; one instance per pipeline, its caches bounded."""

    def __init__(self, lexicon: Lexicon, cache_size: int = 4096) -> None:
        self.lexicon = lexicon
        self.resolve = lru_cache(maxsize=cache_size)(self._resolve)
        self._parser = lru_cache(maxsize=64)(self._make_parser)

    @staticmethod
    def _make_parser(anchor: dt.date, preference: str) -> DateDataParser:
        settings = {
            "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day),
            "PREFER_DATES_FROM": preference,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
        }
        return DateDataParser(languages=["en"], settings=settings)

    def is_absolute(self, text: str) -> bool:
        return bool(re.search(rf"(?<!\d){YEAR}(?!\d)|\b\d{{3}}0s\b", text))

    def estimate_anchor(self, texts: list[str]) -> dt.date | None:
        """Publication date estimated as the latest explicit date of the text, or None."""
        latest = None
        for text in texts:
            if not self.is_absolute(text):
                continue
            value = self._resolve(text, dt.date(2000, 1, 1), "current_period")
            if value:
                last = value.split("/")[-1]
                if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", last):
                    day = dt.date.fromisoformat(last if len(last) == 10 else last + "-01")
                    latest = max(latest, day) if latest else day
        return latest

    def _resolve(self, text: str, anchor: dt.date | None, preference: str) -> str | None:
        clean = " ".join(text.replace("\u2009", " ").split()).strip(" ,.")
        low = clean.lower()
        if ISO_DAY.match(low):
            return low
        for pattern, build in ((DECADE, lambda m: f"{m[1]}X"),
                               (SEASON, lambda m: f"{m[2]}-{SEASONS[m[1]]}"),
                               (PART_OF_YEAR, lambda m: m[1]),
                               (BARE_YEAR, lambda m: m[1])):
            if m := pattern.match(low):
                return build(m)
        if m := QUARTER.match(low):
            return f"{m[2]}-Q{QUARTERS[m[1]]}" if m[1] else f"{m[4]}-Q{QUARTERS[m[3]]}"
        if m := YEAR_RANGE.match(low):
            end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
            return f"{m[1]}/{end}" if end > m[1] else None
        return self._calendar(low, anchor, preference)

    def _parts(self, text: str) -> tuple[int | None, int | None, int | None]:
        """(year, month, day) written in the text, each None when absent."""
        year = month = day = None
        for word in self.lexicon.words(text):
            if word in self.lexicon.months and month is None:
                month = self.lexicon.months[word]
            elif re.fullmatch(YEAR, word):
                year = int(word)
            elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word):
                day = int(m[1])
        return year, month, day

    def _calendar(self, text: str, anchor: dt.date | None, preference: str) -> str | None:
        text = re.sub(r"^(?:from|between|on|in)\s+", "", text)
        sides = [s for s in RANGE_SEPARATOR.split(text) if s]
        if len(sides) == 2:
            left, right = (list(self._parts(s)) for s in sides)
            if any(left) and any(right):
                for i in (0, 1):  # the month and year a side leaves out come from the other side
                    if right[i] is None:
                        right[i] = left[i]
                    if left[i] is None:
                        left[i] = right[i]
                if left[0] is None and anchor is not None:
                    probe = self._single(" ".join(sides[1:]) if right[1] is None else
                                         f"{_month_name(right[1])} {right[2] or 1}", anchor, preference)
                    if probe:
                        left[0] = right[0] = int(probe[:4])
                if left[0] is not None and left[0] == right[0] and left[1] and right[1] and left[1] > right[1]:
                    left[0] -= 1  # "December 28 to January 3, 2025" starts in 2024
                start, end = _format(*left), _format(*right)
                if start and end and start < end:
                    return f"{start}/{end}"
        year, month, day = self._parts(text)
        if year is not None and set(self.lexicon.words(text)) <= self._explicit_words(text):
            return _format(year, month, day)
        return self._single(text, anchor, preference) if anchor else None

    def _explicit_words(self, text: str) -> set[str]:
        """Words of a fully explicit date ('4 December 2025', 'October 2000', 'Dec. 4, 2025')."""
        return {w for w in self.lexicon.words(text)
                if w in self.lexicon.months or re.fullmatch(r"\d{1,4}(?:st|nd|rd|th)?", w) or w == "of"}

    def _single(self, text: str, anchor: dt.date, preference: str) -> str | None:
        text = RELATIVE_FILLER.sub("", text)
        data = self._parser(anchor, preference).get_date_data(text)
        if data.date_obj is None:
            return None
        day = data.date_obj.date()
        period = data.period or "day"
        if period == "year":
            return f"{day.year:04d}"
        if period in ("month", "week"):  # no week form in the grammar: the coarser month
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()


def _month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B")


def _format(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
