"""Date values in the SPEC grammar for date mention texts.

`DateResolver.resolve(text, anchor, preference)` turns "December 4–5, 2025", "the 1990s", "last week" into
"2025-12-04/2025-12-05", "199X", "2025-11". dateparser reads single dates, relative or not ("on Monday",
"last year", "Dec. 4", "two weeks ago"), with the publication date as RELATIVE_BASE. The small grammar below is
written by hand, and only for what dateparser has no form for: intervals ("March 28 to April 2, 2025",
"2024-25"), decades, seasons, quarters, parts of a year ("mid-2026"), "a year earlier", and month or season
names tied to a relative year ("June last year", "this summer"). The explicit "4 December 2025" forms are
read directly, which is exact and cheaper. Results are cached per (text, anchor, preference).

preference: "past" (the clause is in the past tense), "future" (will, scheduled), or "current_period" (no
tense): then the occurrence nearest to the anchor wins ("October" in a January article is last October).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "last": 4, "final": 4}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
YEAR = r"(1[5-9]\d\d|20\d\d)"
WORD = re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th|s)?")
PART = r"(?:(?:the\s+)?(?:early|mid|late|middle\s+of|end\s+of|start\s+of|beginning\s+of)\s*-?\s*(?:the\s+)?)"
SHIFT = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}

DECADE = re.compile(r"^(?:the\s+)?(?:early|mid|late)?\s*-?\s*(\d{3})0s$")
QUARTER_OF_YEAR = re.compile(rf"^(?:the\s+)?(first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s*-?\s*quarter"
                             rf"(?:\s+of)?\s+(?:fiscal\s+)?{YEAR}$|^q([1-4])\s+{YEAR}$")
QUARTER_ALONE = re.compile(r"^(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s*-?\s*quarter$")
LATEST_QUARTER = re.compile(r"^the\s+(?:(?:latest|past|recent|last)\s+)?quarter$")
SEASON_OF_YEAR = re.compile(rf"^(?:the\s+)?(?:early|late)?\s*(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{YEAR}$")
SEASON_RELATIVE = re.compile(r"^(?:the\s+)?(?:(this|last|next|past|coming)\s+)?(?:early|late)?\s*"
                             r"(spring|summer|autumn|fall|winter)$")
PART_OF = re.compile(rf"^{PART}(.+)$")
BARE_YEAR = re.compile(rf"^(?:the\s+year\s+|fiscal\s+|fy\s*)?{YEAR}$")
YEAR_RANGE = re.compile(rf"^(?:fiscal\s+|fy\s*)?(?:between\s+|from\s+)?{YEAR}\s*(?:-|–|—|to|and|until|through)\s*"
                        r"(\d{4}|\d{2})$")
AGO = re.compile(r"^(?:nearly|almost|about|some|more\s+than|over|roughly)?\s*(\d+|[a-z]+)\s+"
                 r"(day|week|month|year|decade)s?\s+(?:ago|earlier|before)$")
YEAR_EARLIER = re.compile(r"^(?:the\s+)?year\s*-\s*(?:earlier|ago)$")
RELATIVE_UNIT = re.compile(r"^(?:(?:earlier|later)\s+)?(this|last|next|previous|past|coming)\s+(week|month)$")
RELATIVE_YEAR = re.compile(r"^(?:(?:earlier|later)\s+)?(this|last|next|previous|past|coming)\s+year$")
MONTH_RELATIVE_YEAR = re.compile(r"^([a-z]+\.?)\s+(this|last|next)\s+year$")
MONTH_RELATIVE = re.compile(r"^(this|last|next|past|coming)\s+([a-z]+\.?)$")
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
        order = [calendar.month_name[m].lower() for m in range(1, 13)]
        months: dict[str, int] = {}
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
        if re.search(rf"(?<!\d){YEAR}(?!\d)|\b\d{{3}}0s\b", text):
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
            value = self._resolve(text, None, "current_period")
            if value and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", last := value.split("/")[-1]):
                day = dt.date.fromisoformat(last if len(last) == 10 else last + "-01")
                latest = max(latest, day) if latest else day
        return latest

    # -- the grammar ---------------------------------------------------------------------------------------------
    def _resolve(self, text: str, anchor: dt.date | None, preference: str) -> str | None:
        low = " ".join(text.replace("\u2009", " ").split()).strip(" ,.").lower()
        low = re.sub(r"^(?:from|between|on|in|since|by|until)\s+", "", low)
        if ISO_DAY.match(low):
            return low
        if m := DECADE.match(low):
            return f"{m[1]}X"
        if m := SEASON_OF_YEAR.match(low):
            return f"{m[2]}-{SEASONS[m[1]]}"
        if m := QUARTER_OF_YEAR.match(low):
            return f"{m[2]}-Q{ORDINALS[m[1]]}" if m[1] else f"{m[4]}-Q{m[3]}"
        if m := BARE_YEAR.match(low):
            return m[1]
        if m := YEAR_RANGE.match(low):
            end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
            return f"{m[1]}/{end}" if end > m[1] else None
        if anchor is not None and (value := self._relative(low, anchor, preference)):
            return value
        if (m := PART_OF.match(low)) and m[1] != low:  # "mid-2026", "early next year", "late September"
            return self._resolve(m[1], anchor, preference)
        return self._calendar(low, anchor, preference)

    def _relative(self, low: str, anchor: dt.date, preference: str) -> str | None:
        """Forms dateparser has no value for, counted from the anchor."""
        if m := QUARTER_ALONE.match(low):  # "third-quarter": the latest such quarter
            # financial news names the quarter just reported or under way, whatever the verb's tense
            quarter = ORDINALS[m[1]]
            current = (anchor.month - 1) // 3 + 1
            return f"{anchor.year - (quarter > current)}-Q{quarter}"
        if LATEST_QUARTER.match(low):  # the last completed quarter
            current = (anchor.month - 1) // 3 + 1
            return f"{anchor.year}-Q{current - 1}" if current > 1 else f"{anchor.year - 1}-Q4"
        if m := SEASON_RELATIVE.match(low):
            season = SEASONS[m[2]]
            year = anchor.year + SHIFT.get(m[1] or "this", 0)
            if m[1] is None and preference == "past" and SEASON_START[season] > anchor.month:
                year -= 1
            if m[1] is None and preference == "future" and SEASON_START[season] + 2 < anchor.month:
                year += 1
            return f"{year}-{season}"
        if YEAR_EARLIER.match(low):
            return f"{anchor.year - 1}"
        if m := AGO.match(low):
            count = int(m[1]) if m[1].isdigit() else NUMBERS.get(m[1])
            if count is None:
                return None
            unit = m[2]
            if unit in ("year", "decade"):
                return f"{anchor.year - count * (10 if unit == 'decade' else 1)}"
            if unit == "month":
                month = anchor.year * 12 + anchor.month - 1 - count
                return f"{month // 12}-{month % 12 + 1:02d}"
            days = count * (7 if unit == "week" else 1)
            return (anchor - dt.timedelta(days=days)).isoformat()
        if m := RELATIVE_YEAR.match(low):
            return f"{anchor.year + SHIFT[m[1]]}"
        if m := RELATIVE_UNIT.match(low):  # a week has no form in the grammar: the month it falls in
            if m[2] == "week":
                day = anchor + dt.timedelta(days=7 * SHIFT[m[1]])
                return f"{day.year}-{day.month:02d}"
            month = anchor.year * 12 + anchor.month - 1 + SHIFT[m[1]]
            return f"{month // 12}-{month % 12 + 1:02d}"
        if (m := MONTH_RELATIVE_YEAR.match(low)) and m[1] in self.lexicon.months:
            return f"{anchor.year + SHIFT[m[2]]}-{self.lexicon.months[m[1]]:02d}"
        if (m := MONTH_RELATIVE.match(low)) and m[2] in self.lexicon.months:
            month = self.lexicon.months[m[2]]
            shift = SHIFT[m[1]]
            if shift < 0:  # "last May": the latest May before this month
                year = anchor.year - (month >= anchor.month)
            elif shift > 0:
                year = anchor.year + (month <= anchor.month)
            else:
                year = anchor.year
            return f"{year}-{month:02d}"
        return None

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
        sides = [s for s in RANGE_SEPARATOR.split(text) if s]
        if len(sides) == 2:
            left, right = (list(self._parts(s)) for s in sides)
            if any(left) and any(right):
                for i in (0, 1):  # the month and year a side leaves out come from the other side
                    if right[i] is None:
                        right[i] = left[i]
                    if left[i] is None:
                        left[i] = right[i]
                if left[0] is None and anchor is not None and right[1] is not None:
                    probe = self._single(f"{calendar.month_name[right[1]]} {right[2] or 1}", anchor, preference)
                    if probe:
                        left[0] = right[0] = int(probe[:4])
                if left[0] is not None and left[0] == right[0] and left[1] and right[1] and left[1] > right[1]:
                    left[0] -= 1  # "December 28 to January 3, 2025" starts in 2024
                start, end = _format(*left), _format(*right)
                if start and end and start < end:
                    return f"{start}/{end}"
            elif anchor is not None:  # "Monday to Wednesday", "this year to next year": each side alone
                first, last = (self._resolve(side, anchor, preference) for side in sides)
                if first and last and len(first) == len(last) and first < last:
                    return f"{first}/{last}"
        year, month, day = self._parts(text)
        if year is not None and set(self.lexicon.words(text)) <= self._explicit_words(text):
            return _format(year, month, day)
        return self._single(text, anchor, preference) if anchor else None

    def _explicit_words(self, text: str) -> set[str]:
        """Words of a fully explicit date ('4 December 2025', 'October 2000', 'Dec. 4, 2025')."""
        return {w for w in self.lexicon.words(text)
                if w in self.lexicon.months or re.fullmatch(r"\d{1,4}(?:st|nd|rd|th)?", w) or w == "of"}

    def _parse(self, text: str, anchor: dt.date, preference: str) -> tuple[dt.date, str] | None:
        data = self._parser(anchor, preference).get_date_data(text)
        return (data.date_obj.date(), data.period or "day") if data.date_obj else None

    def _single(self, text: str, anchor: dt.date, preference: str) -> str | None:
        """dateparser's reading; with no tense, the occurrence nearest the anchor ('Friday' on a Friday is
        that day, 'October' in January is last October)."""
        text = RELATIVE_FILLER.sub("", text)
        current = self._parse(text, anchor, "current_period")
        if current is None:
            return None
        if current[0] == anchor:
            found = current
        elif preference in ("past", "future"):
            found = self._parse(text, anchor, preference) or current
        else:
            past, future = self._parse(text, anchor, "past"), self._parse(text, anchor, "future")
            options = [o for o in (past, future) if o]
            found = min(options, key=lambda o: (abs((_period_start(o) - anchor).days), o is future)) \
                if options else current
        day, period = found
        if period == "year":
            return f"{day.year:04d}"
        if period == "month" or (period == "week" and not re.search(r"\bago\b", text)):
            return f"{day.year:04d}-{day.month:02d}"  # no week form in the grammar: the coarser month
        return day.isoformat()


MODS = (("START", re.compile(r"^(?:the\s+)?(?:early|start\s+of|beginning\s+of)\b")),
        ("MID", re.compile(r"^(?:the\s+)?(?:mid|middle\s+of)\b")),
        ("END", re.compile(r"^(?:the\s+)?(?:late|end\s+of)\b")),
        ("APPROX", re.compile(r"^(?:nearly|almost|about|some|roughly|around|more\s+than|over)\b")))
WEEK = re.compile(r"\b(?:this|last|next|past|previous|coming)\s+week\b|^(?:the\s+)?week\s+of\b")


def date_mod(text: str) -> tuple[str | None, str | None]:
    """(mod, granularity) of a mention whose value is coarser than it: 'mid-2026' -> ('MID', None),
    'last week' -> (None, 'week')."""
    low = " ".join(text.split()).lower()
    mod = next((name for name, pattern in MODS if pattern.search(low)), None)
    return mod, ("week" if WEEK.search(low) and not re.search(r"\bago\b", low) else None)


def _period_start(option: tuple[dt.date, str]) -> dt.date:
    day, period = option
    if period == "month":
        return day.replace(day=15)
    return day


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
