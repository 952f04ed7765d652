"""Date values in the date value grammar (docs/records.md) for date mention texts.

`DateResolver.resolve(text, anchor, preference)` turns "December 4–5, 2025", "the 1990s", "last week" into
"2025-12-04/2025-12-05", "199X", "2025-W48"; `resolve_anaphor` reads "the following month" or "a year earlier"
against the date the text last talked about. dateparser reads single dates, relative or not ("on Monday",
"last year", "Dec. 4", "two weeks ago"), with the publication date as RELATIVE_BASE. The small grammar below is
written by hand, and only for what dateparser has no form for: intervals ("March 28 to April 2, 2025",
"2024-25"), decades, seasons, quarters, parts of a year ("mid-2026"), "a year earlier", and month or season
names tied to a relative year ("June last year", "this summer"). The explicit "4 December 2025" forms are
read directly, which is exact and cheaper. Results are cached per (text, anchor, preference). The grammar's words
(seasons, quarter ordinals, relative words, parts of a period, hedges, range words, leading prepositions) are the
dates component's word lists, `models/lexicon/dates/`, given to `DateResolver`; its expressions are built from
them once.

preference: "past" (the clause is in the past tense; "past_loose" where the date hangs on the verb through a noun,
an adjective or a preposition that looks ahead, and a date just ahead then wins over one most of a year back),
"future" (will, scheduled), "present" (a present tense, which puts a bare weekday ahead: "the talks open Monday")
or "current_period" (no tense): then a bare weekday is the latest one and other dates the occurrence nearest to
the anchor ("October" in a January article is last October).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser
from lemminflect import getInflection

from .. import datevalue
from ..lexicon import WordLists

YEAR = r"(1[5-9]\d\d|20\d\d)"
WORD = re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th|s)?")
DECADE = re.compile(r"^(?:the\s+)?(?:early|mid|late)?\s*-?\s*(\d{3})0s$")
BARE_YEAR = re.compile(rf"^(?:the\s+year\s+|fiscal\s+|fy\s*)?{YEAR}$")
YEAR_EARLIER = re.compile(r"^(?:the\s+)?year\s*-\s*(?:earlier|ago)$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATIVE_FILLER = re.compile(r"\b(?:earlier|later)\s+(?=this\b)")
UNITS = "day|week|month|quarter|year|decade"
YEAR_END = re.compile(r"^(?:the\s+)?year\s*(?:-\s*|'s\s+|\s)end$")


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

    def __init__(self, lexicon: Lexicon, words: WordLists, cache_size: int = 4096) -> None:
        self.lexicon = lexicon
        self.resolve = lru_cache(maxsize=cache_size)(self._resolve)
        self.resolve_anaphor = lru_cache(maxsize=cache_size)(self._resolve_anaphor)
        self._parser = lru_cache(maxsize=64)(self._make_parser)
        self._compile(words)

    def _compile(self, words: WordLists) -> None:
        """The grammar's word tables and expressions, their words from the dates word lists."""
        seasons = words.table("seasons", required=("word", "season", "start_month"))
        self.seasons = {row["word"].lower(): row["season"] for row in seasons}
        self.season_start = {row["season"]: int(row["start_month"]) for row in seasons}
        quarters = words.table("quarters", required=("word", "quarter", "alone"))
        self.quarters = {row["word"].lower(): int(row["quarter"]) for row in quarters}
        self.numbers = {row["word"].lower(): int(row["number"])
                        for row in words.table("numbers", required=("word", "number"))}
        relative = words.table("relative", required=("word", "shift", "unit", "season", "month", "month_year"))
        self.shift = {row["word"].lower(): int(row["shift"]) for row in relative}
        parts = words.table("parts", required=("word", "mod"))
        approximate = words.table("approximate", required=("word", "ago"))
        ranges = words.table("range_words", required=("word", "splits", "years"))
        leading = words.table("leading", required=("word", "value"))

        season = _alternatives(self.seasons)
        ordinal = _alternatives(self.quarters)
        alone = _alternatives(_where(quarters, "alone"))
        unit_shift, season_shift, month_shift, year_shift = (
            _alternatives(_where(relative, column)) for column in ("unit", "season", "month", "month_year"))
        part = rf"(?:(?:the\s+)?(?:{_alternatives(row['word'] for row in parts)})\s*-?\s*(?:the\s+)?)"
        years = "|".join(re.escape(word) for word in _where(ranges, "years"))
        splits = "|".join(rf"\b{re.escape(w)}\b" if w.isalpha() else re.escape(w) for w in _where(ranges, "splits"))
        latest = _alternatives(words.ordered("latest_quarter"))

        self.leading = re.compile(rf"^(?:{_alternatives(_where(leading, 'value'))})\s+")
        self.quarter_of_year = re.compile(rf"^(?:the\s+)?({ordinal})\s*-?\s*quarter"
                                          rf"(?:\s+of)?\s+(?:fiscal\s+)?{YEAR}$|^q([1-4])\s+{YEAR}$")
        current = _alternatives(words.ordered("current_words"))
        self.current_period = re.compile(rf"^(?:the\s+(?:{current})|this)\s+(?:fiscal\s+)?(week|month|quarter|year)$")
        day_parts = words.table("day_parts", required=("word", "shift", "kind"))
        self.day_shift = {(row["kind"], row["word"].lower()): int(row["shift"]) for row in day_parts}
        parts_of = {kind: _alternatives(row["word"] for row in day_parts if row["kind"] == kind)
                    for kind in {row["kind"] for row in day_parts}}
        self.part_of_day = re.compile(rf"^(?:({parts_of['before']})\s+({parts_of['part']})|({parts_of['alone']}))$")
        self.halves = {row["word"].lower(): int(row["half"])
                       for row in words.table("halves", required=("word", "half"))}
        half = _alternatives(self.halves)
        self.half_of_year = re.compile(rf"^(?:the\s+)?({half})\s*-?\s*half(?:\s+of)?\s+(?:fiscal\s+)?{YEAR}$"
                                       rf"|^h([12])\s*-?\s*{YEAR}$")
        self.half_relative = re.compile(rf"^(?:the\s+)?({half})\s*-?\s*half\s+of\s+(?:({unit_shift})\s+|the\s+)"
                                        r"(?:fiscal\s+)?year$")
        self.quarter_relative = re.compile(rf"^(?:the\s+)?({ordinal})\s*-?\s*quarter\s+of\s+"
                                           rf"(?:({unit_shift})\s+|the\s+)"
                                           r"(?:fiscal\s+)?year$")
        self.year_quarter = re.compile(rf"^(?:the\s+)?{YEAR}\s+({ordinal})\s*-?\s*quarter$")
        self.relative_year_quarter = re.compile(rf"^({unit_shift})\s+year\s*'s\s+({ordinal})\s*-?\s*quarter$")
        self.quarter_alone = re.compile(rf"^(?:the\s+)?({alone})\s*-?\s*quarter$")
        self.latest_quarter = re.compile(rf"^the\s+(?:(?:{latest})\s+)?quarter$")
        self.season_of_year = re.compile(rf"^(?:the\s+)?(?:early|late)?\s*({season})\s+(?:of\s+)?{YEAR}$")
        self.season_relative = re.compile(rf"^(?:the\s+)?(?:({season_shift})\s+)?(?:early|late)?\s*({season})$")
        self.part_of = re.compile(rf"^{part}(.+)$")
        self.year_range = re.compile(rf"^(?:fiscal\s+|fy\s*)?(?:between\s+|from\s+)?{YEAR}\s*(?:{years})\s*"
                                     r"(\d{4}|\d{2})$")
        self.ago = re.compile(rf"^(?:{_alternatives(_where(approximate, 'ago'))})?\s*(\d+|[a-z]+)\s+"
                              r"(day|week|month|year|decade)s?\s+(?:ago|earlier|before)$")
        self.relative_unit = re.compile(rf"^(?:(?:earlier|later)\s+)?({unit_shift})\s+(week|month)$")
        self.relative_decade = re.compile(rf"^(?:the\s+)?({unit_shift})\s+decade$")
        self.relative_year = re.compile(rf"^(?:(?:earlier|later)\s+)?({unit_shift})\s+year$")
        self.month_relative_year = re.compile(rf"^([a-z]+\.?)\s+({year_shift})\s+year$")
        self.month_relative = re.compile(rf"^({month_shift})\s+([a-z]+\.?)$")
        self.range_separator = re.compile(rf"\s*(?:{splits})\s*")

        mods: dict[str, list[str]] = {}  # the date_mod of a mention by its first words: a part, then a hedge
        for row in parts:
            mods.setdefault(row["mod"], []).append(row["word"])
        self.mods = tuple((mod, re.compile(rf"^(?:the\s+)?(?:{_alternatives(found)})\b")) for mod, found in mods.items())
        self.mods += (("APPROX", re.compile(rf"^(?:{_alternatives(row['word'] for row in approximate)})\b")),)

        # years and decades said aloud (spelled_numbers.csv): "nineteen ninety-six", "the year two thousand"
        spelled = words.table("spelled_numbers", required=("word", "number", "kind"))
        self.spelled = {row["word"].lower(): int(row["number"]) for row in spelled}
        kinds: dict[str, list[str]] = {}
        for row in spelled:
            kinds.setdefault(row["kind"], []).append(row["word"].lower())
        centuries = [w for w in kinds["teen"] + kinds["ten"] if 15 <= self.spelled[w] <= 20]  # 1500s to 2000s
        unit, ten, teen = (_alternatives(kinds[k]) for k in ("unit", "ten", "teen"))
        two = rf"(?:({ten})(?:\s*-\s*|\s+)?({unit})?|({teen})|(?:{_alternatives(kinds['zero'])})\s+({unit}))"
        self.spelled_century = re.compile(rf"\b({_alternatives(centuries)})\s+(?:({_alternatives(kinds['hundred'])})"
                                          rf"|{two})\b")
        self.spelled_thousand = re.compile(rf"\b({unit})\s+(?:{_alternatives(kinds['thousand'])})"
                                           rf"(?:\s+(?:and\s+)?(?:{two}|({unit})))?\b")
        self.decade_words = {getInflection(w, "NNS")[0]: self.spelled[w] // 10 for w in kinds["ten"]}
        self.spoken_decade = re.compile(rf"^(?:the\s+)?(?:(?:early|mid|late)\s*-?\s*)?(?:'?(\d)0s|"
                                        rf"({_alternatives(self.decade_words)}))$")

        # anaphoric forms, anchored on the date the text last talked about (anaphora.csv)
        anaphora = words.table("anaphora", required=("word", "shift", "form", "the"))
        self.anaphora = {(row["form"], row["word"].lower()): int(row["shift"]) for row in anaphora}
        forms = {form: _alternatives(row["word"] for row in anaphora if row["form"] == form)
                 for form in ("det", "post", "count", "ago")}
        with_the = _alternatives(row["word"] for row in anaphora if row["form"] == "det" and row["the"] == "yes")
        bare = _alternatives(row["word"] for row in anaphora if row["form"] == "det" and row["the"] == "no")
        count = rf"(?:(?:{_alternatives(_where(approximate, 'ago'))})\s+)?(\d+|[a-z]+)"
        periods = _alternatives(words.words("period_nouns"))
        compared = rf"(?:the\s+)?(?:(?:{_alternatives(words.ordered('comparison_words'))})\s+)?"
        self.anaphor_det = re.compile(rf"^(?:(?:{forms['count']})\s+(?:in\s+)?)?(?:the\s+({with_the})|({bare}))\s+"
                                      rf"({UNITS})$")
        self.in_the = re.compile(rf"^(?:{forms['count']})\s+in\s+the\s+({UNITS})$")  # "later in the day"
        self.latest_period = re.compile(rf"^(?:the\s+(?:{latest})\s+({periods})|this\s+(quarter))$")
        self.anaphor_post = re.compile(rf"^the\s+({UNITS})\s+({forms['post']})$")
        self.anaphor_count = re.compile(rf"^{count}\s+({UNITS})s?\s+({forms['count']}|{forms['ago']})$")
        # "the year-ago quarter", "year-earlier", "the comparable year-ago third quarter"
        self.anaphor_modifier = re.compile(rf"^{compared}(year)\s*-\s*({forms['count']}|{forms['ago']})"
                                           rf"(?:\s+(?:({ordinal})\s*-?\s*)?(?:{periods}))?$")
        # "last year's quarter", "the corresponding period last year", "the same quarter a year ago"
        self.year_period = re.compile(rf"^the\s+{YEAR}\s+(?:{periods})$")  # "the 1988 period"
        self.period_last_year = re.compile(rf"^(?:last\s+year\s*'s\s+(?:({ordinal})\s*-?\s*)?(?:{periods})|"
                                           rf"{compared}(?:{periods})\s+(?:last\s+year|a\s+year\s+"
                                           rf"(?:{forms['count']}|{forms['ago']})))$")

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
        text = self.spell_years(text.lower())
        return bool(re.search(rf"(?<!\d){YEAR}(?!\d)|\b\d{{3}}0s\b", text))

    def spell_years(self, low: str) -> str:
        """Years said aloud in digits: 'january nineteen ninety-seven' -> 'january 1997', 'the year two thousand'
        -> 'the year 2000' (lower-case text)."""
        if not any(w in self.spelled for w in low.split()):
            return low
        low = self.spelled_thousand.sub(lambda m: str(self.spelled[m[1]] * 1000 + (
            self.spelled[m[6]] if m[6] else self._two(m, 2))), low)
        return self.spelled_century.sub(lambda m: str(self.spelled[m[1]] * 100 + (0 if m[2] else self._two(m, 3))),
                                        low)

    def _two(self, m: re.Match, first: int) -> int:
        """The number of the two-digit part of a spelled year whose groups start at `first`."""
        ten, unit, teen, after_zero = m.group(first, first + 1, first + 2, first + 3)
        if ten:
            return self.spelled[ten] + (self.spelled[unit] if unit else 0)
        return self.spelled[teen] if teen else self.spelled[after_zero] if after_zero else 0

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

    # -- anaphoric dates -----------------------------------------------------------------------------------------
    def _resolve_anaphor(self, text: str, anchor: dt.date | None, topic: str | None,
                         period: str | None) -> tuple[str, str] | None:
        """The value of an anaphoric date ("the following month", "a year earlier", "the year-ago quarter") from
        `topic`, the value of the date the text last talked about, or `period`, the period it is discussing (a
        quarter, a month: see the dates component), with which of the two it was read from ("topic" or
        "period"); None when the text is not anaphoric or has no anchor for it (the grammar then reads it against
        the publication date)."""
        low = self.leading.sub("", _normal(text))
        if topic is None:
            return None
        if m := self.in_the.match(low):
            return _found(datevalue.coarsen(topic.split("/")[0], m[1]), "topic")
        if (m := self.latest_period.match(low)) and period and \
                (m[1] == "period" or (m[2] and m[1] == datevalue.parse(period).granularity)):
            return period, "period"  # "the latest period", "this quarter": the period the text reports
        if m := self.anaphor_det.match(low):
            return _found(self._from_anchor(topic, m[3], self.anaphora[("det", m[1] or m[2])], keep=False), "topic")
        if m := self.anaphor_post.match(low):
            return _found(self._from_anchor(topic, m[1], self.anaphora[("post", m[2])], keep=False), "topic")
        if m := self.anaphor_count.match(low):
            number = int(m[1]) if m[1].isdigit() else self.numbers.get(m[1])
            if number is None:
                return None
            unit, word = m[2], m[3]
            if ("ago", word) in self.anaphora:  # counted from publication, in the units of the period discussed
                if period is None or anchor is None or unit not in ("year", "decade") or \
                        datevalue.parse(period).granularity == "week":
                    return None
                return _found(self._from_anchor(period, unit, number * self.anaphora[("ago", word)], keep=True),
                              "period")
            return _found(self._from_anchor(topic, unit, number * self.anaphora[("count", word)], keep=True),
                          "topic")
        if (m := self.year_period.match(low)) and period:  # the period discussed, in another year
            return _found(self._from_anchor(period, "year", int(m[1]) - int(period[:4]), keep=True), "period")
        m = self.anaphor_modifier.match(low)
        if m or (m := self.period_last_year.match(low)):
            ordinal = m.groups()[-1]
            which, base = ("period", period) if period else ("topic", topic if ordinal else None)
            if base is None:  # no period discussed: the year before publication ("the year-ago period")
                return None
            if ordinal:  # "the year-ago third quarter": that quarter of the year before the one discussed
                return f"{int(base[:4]) - 1:04d}-Q{self.quarters[ordinal]}", which
            return _found(self._from_anchor(base, "year", -1, keep=True), which)
        return None

    def is_comparison(self, text: str) -> bool:
        """'a year ago', 'a year earlier', 'the year-ago quarter': a point back in time that a figure is compared
        with, counted from the publication date or from what the text discusses."""
        low = _normal(text)
        m = self.anaphor_count.match(low)
        return bool((m and self.anaphora.get(("count", m[3]), self.anaphora.get(("ago", m[3]), 0)) < 0)
                    or self.anaphor_modifier.match(low) or self.period_last_year.match(low))

    @staticmethod
    def _from_anchor(value: str, unit: str, count: int, keep: bool) -> str | None:
        """`value` moved by `count` units: at its own granularity (`keep`: "a year earlier" than a quarter is a
        quarter), or at the unit's ("the following month" after a day is a month). An interval moves from its
        end forward and from its start back."""
        points = value.split("/")
        point = points[-1] if count > 0 else points[0]
        if not keep:
            point = datevalue.coarsen(point, unit)
            if point is None:
                return None
        return datevalue.shift(point, unit, count) if count else point

    # -- the grammar ---------------------------------------------------------------------------------------------
    def _resolve(self, text: str, anchor: dt.date | None, preference: str) -> str | None:
        low = self.spell_years(self.leading.sub("", _normal(text)))
        if ISO_DAY.match(low):
            return low
        if m := DECADE.match(low):
            return f"{m[1]}X"
        if m := self.spoken_decade.match(low):  # "the nineties", "the '80s": the latest such decade
            tens = int(m[1]) if m[1] else self.decade_words[m[2]]
            century = (anchor.year if anchor else 1999) // 100
            if anchor is not None and century * 100 + tens * 10 > anchor.year:
                century -= 1
            return f"{century * 10 + tens}X"
        if m := self.season_of_year.match(low):
            return f"{m[2]}-{self.seasons[m[1]]}"
        if m := self.quarter_of_year.match(low):
            return f"{m[2]}-Q{self.quarters[m[1]]}" if m[1] else f"{m[4]}-Q{m[3]}"
        if m := self.half_of_year.match(low):
            return f"{m[2]}-H{self.halves[m[1]]}" if m[1] else f"{m[4]}-H{m[3]}"
        if m := self.year_quarter.match(low):
            return f"{m[1]}-Q{self.quarters[m[2]]}"
        if (m := self.year_period.match(low)) and anchor is not None and re.search(r"\bquarter$", low):
            return f"{m[1]}-{_last_quarter(anchor)[5:]}"  # "the 1988 quarter": the quarter reported, in that year
        if (m := self.year_period.match(low)) or (m := BARE_YEAR.match(low)):
            return m[1]
        if m := self.year_range.match(low):
            end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
            return f"{m[1]}/{end}" if end > m[1] else None
        if anchor is not None and (value := self._relative(low, anchor, preference)):
            return value
        if (m := self.part_of.match(low)) and m[1] != low:  # "mid-2026", "early next year", "late September"
            rest = m[1]
            if anchor is not None and (unit := re.fullmatch(r"(?:the\s+)?(week|month|year)", rest)):
                return datevalue.coarsen(anchor.isoformat(), unit[1])  # "by the end of the month": this one
            return self._resolve(rest, anchor, preference)
        return self._calendar(low, anchor, preference)

    def _relative(self, low: str, anchor: dt.date, preference: str) -> str | None:
        """Forms dateparser has no value for, counted from the anchor."""
        if m := self.quarter_alone.match(low):  # "third-quarter": the latest such quarter
            # financial news names the quarter just reported or under way, whatever the verb's tense
            quarter = self.quarters[m[1]]
            current = (anchor.month - 1) // 3 + 1
            return f"{anchor.year - (quarter > current)}-Q{quarter}"
        if self.latest_quarter.match(low) or (
                (m := self.latest_period.match(low)) and m[1] == "period"):
            return _last_quarter(anchor)
        if m := self.part_of_day.match(low):  # "this morning", "tonight", "yesterday afternoon": that day
            shift = self.day_shift[("before", m[1])] if m[1] else self.day_shift[("alone", m[3])]
            return (anchor + dt.timedelta(days=shift)).isoformat()
        if m := self.quarter_relative.match(low):  # "the first quarter of next year"
            return f"{anchor.year + self.shift.get(m[2] or 'this', 0)}-Q{self.quarters[m[1]]}"
        if m := self.half_relative.match(low):  # "the second half of next year", "the first half of the year"
            return f"{anchor.year + self.shift.get(m[2] or 'this', 0)}-H{self.halves[m[1]]}"
        if m := self.current_period.match(low):  # "the current quarter", "the full year", "this fiscal quarter"
            return datevalue.coarsen(anchor.isoformat(), m[1])
        if m := self.in_the.match(low):  # "earlier in the year", with no date before it: the present one
            return datevalue.coarsen(anchor.isoformat(), m[1])
        if YEAR_END.match(low):  # "by year-end" (this year's), "since year-end" (past: last year's)
            return f"{anchor.year - (preference in ('past', 'past_loose'))}"
        if m := self.relative_year_quarter.match(low):  # "next year's first quarter"
            return f"{anchor.year + self.shift[m[1]]}-Q{self.quarters[m[2]]}"
        if m := self.season_relative.match(low):
            season = self.seasons[m[2]]
            year = anchor.year + self.shift.get(m[1] or "this", 0)
            if m[1] is None and preference in ("past", "past_loose") and self.season_start[season] > anchor.month:
                year -= 1
            if m[1] is None and preference == "future" and self.season_start[season] + 2 < anchor.month:
                year += 1
            return f"{year}-{season}"
        if YEAR_EARLIER.match(low) or self.anaphor_modifier.match(low) or self.period_last_year.match(low):
            # "year-earlier", "the year-ago period" with no period discussed: the year before; "the year-ago
            # quarter": the latest completed quarter, a year before
            if re.search(r"\bquarter\b", low):
                return datevalue.shift(_last_quarter(anchor), "year", -1)
            return f"{anchor.year - 1}"
        if m := self.ago.match(low):
            count = int(m[1]) if m[1].isdigit() else self.numbers.get(m[1])
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
        if m := self.relative_decade.match(low):  # "the last decade": the decade before this one
            return f"{anchor.year // 10 + self.shift[m[1]]:03d}X"
        if m := self.relative_year.match(low):
            return f"{anchor.year + self.shift[m[1]]}"
        if m := self.relative_unit.match(low):
            if m[2] == "week":  # the ISO week, Monday to Sunday
                return datevalue.coarsen((anchor + dt.timedelta(days=7 * self.shift[m[1]])).isoformat(), "week")
            month = anchor.year * 12 + anchor.month - 1 + self.shift[m[1]]
            return f"{month // 12}-{month % 12 + 1:02d}"
        if (m := self.month_relative_year.match(low)) and m[1] in self.lexicon.months:
            return f"{anchor.year + self.shift[m[2]]}-{self.lexicon.months[m[1]]:02d}"
        if (m := self.month_relative.match(low)) and m[2] in self.lexicon.months:
            month = self.lexicon.months[m[2]]
            shift = self.shift[m[1]]
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
        sides = [s for s in self.range_separator.split(text) if s]
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
        if found := self._weekday_date(text, anchor):
            return found
        return self._single(text, anchor, preference) if anchor else None

    def _bare_weekday(self, text: str) -> bool:
        """'Friday', 'on Tuesday': a weekday without a month, a number or a relative word."""
        roles = [self.lexicon.roles.get(w) for w in self.lexicon.words(text)]
        return "weekday" in roles and all(role in ("weekday", None) for role in roles) \
            and not any(w.isdigit() or w in self.shift for w in self.lexicon.words(text))

    def _weekday_date(self, text: str, anchor: dt.date | None) -> str | None:
        """'Saturday, April 25' with no year: the April 25 nearest the anchor that is a Saturday."""
        words = self.lexicon.words(text)
        weekdays = [n for n, name in enumerate(calendar.day_name) if name.lower() in words]
        year, month, day = self._parts(text)
        if anchor is None or year is not None or month is None or day is None or len(weekdays) != 1:
            return None
        for offset in (0, -1, 1):
            try:
                found = dt.date(anchor.year + offset, month, day)
            except ValueError:
                continue
            if found.weekday() == weekdays[0]:
                return found.isoformat()
        return None

    def _explicit_words(self, text: str) -> set[str]:
        """Words of a fully explicit date ('4 December 2025', 'October 2000', 'Dec. 4, 2025')."""
        return {w for w in self.lexicon.words(text)
                if w in self.lexicon.months or re.fullmatch(r"\d{1,4}(?:st|nd|rd|th)?", w) or w == "of"}

    def _parse(self, text: str, anchor: dt.date, preference: str) -> tuple[dt.date, str] | None:
        data = self._parser(anchor, preference).get_date_data(text)
        return (data.date_obj.date(), data.period or "day") if data.date_obj else None

    def _single(self, text: str, anchor: dt.date, preference: str) -> str | None:
        """dateparser's reading in the direction of the tense. A bare weekday with no tense is the latest one (the
        reporting convention: "the company said Friday"), in the present the coming one ("the talks open
        Monday"); other dates with no tense take the occurrence nearest the anchor ('October' in January is
        last October). 'Friday' on a Friday is that day."""
        text = RELATIVE_FILLER.sub("", text)
        current = self._parse(text, anchor, "current_period")
        if current is None:
            return None
        if self._bare_weekday(text) and preference in ("current_period", "past_loose"):
            preference = "past"
        elif self._bare_weekday(text) and preference == "present":
            preference = "future"
        elif preference == "present":
            preference = "current_period"
        # each reading costs a dateparser call: only those the preference may take are made
        past = future = None
        if current[0] != anchor:
            past = self._parse(text, anchor, "past") if preference != "future" else None
            if preference not in ("past", "past_loose") or (
                    preference == "past_loose" and past and (anchor - _period_start(past)).days > 183):
                future = self._parse(text, anchor, "future")
        if current[0] == anchor:
            found = current
        elif preference in ("past", "past_loose"):
            found = past or current
            # a past verb that reaches the date loosely ("was extended to Nov. 16", "declared a dividend payable
            # Dec. 7"): a near future wins over a past most of a year back
            if preference == "past_loose" and past and future and (back := (anchor - _period_start(past)).days) > 183 \
                    and 2 * (_period_start(future) - anchor).days < back:
                found = future
        elif preference == "future":
            found = future or current
        else:
            options = [o for o in (past, future) if o]
            found = min(options, key=lambda o: (abs((_period_start(o) - anchor).days), o is future)) \
                if options else current
        day, period = found
        if period == "year":
            return f"{day.year:04d}"
        if period == "month":
            return f"{day.year:04d}-{day.month:02d}"
        if period == "week" and not re.search(r"\bago\b", text):
            return datevalue.coarsen(day.isoformat(), "week")
        return day.isoformat()

    def date_mod(self, text: str) -> str | None:
        """The TIMEX3 mod of a mention whose value is coarser than it: 'mid-2026' -> 'MID'."""
        low = " ".join(text.replace("\u2019", "'").split()).lower()
        if YEAR_END.match(self.leading.sub("", low)):
            return "END"
        return next((name for name, pattern in self.mods if pattern.search(low)), None)


def _alternatives(words) -> str:
    """A regular expression's alternatives for the words and phrases of a list, in its order (a phrase's words
    apart by any white space)."""
    return "|".join(r"\s+".join(map(re.escape, word.lower().split())) for word in words)


def _where(rows: list[dict[str, str]], column: str) -> list[str]:
    """The words of a table's rows whose `column` says "yes", in the table's order."""
    return [row["word"].lower() for row in rows if row[column] == "yes"]


def _normal(text: str) -> str:
    """A mention's text as the grammar reads it: lower case, one space between words, typographic apostrophes
    and thin spaces made plain, no comma or full stop at its ends."""
    return " ".join(text.replace("\u2009", " ").replace("\u2019", "'").split()).strip(" ,.").lower()


def _last_quarter(anchor: dt.date) -> str:
    """The last quarter completed before `anchor`: '2025-Q3' for any day of 2025's fourth quarter."""
    current = (anchor.month - 1) // 3 + 1
    return f"{anchor.year}-Q{current - 1}" if current > 1 else f"{anchor.year - 1}-Q4"


def _found(value: str | None, which: str) -> tuple[str, str] | None:
    return (value, which) if value else None


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
