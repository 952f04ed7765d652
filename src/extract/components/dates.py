"""`extract_dates`: date mentions with their values (docs/records.md), anchored on the publication date or on
the date the text last talked about.

Spans come from the base model's DATE entities, joined where the model split one mention and cut where it joined
two ("1994 and 1997"), united with the token patterns of `models/patterns/date_rules.jsonl` and the named days
of `lexicon/dates/named_days.csv`, and filtered: a date needs a calendar anchor (a month, a weekday, a year, a
decade, a relative day or "last/next/this" + unit); durations, frequencies and ordinals are dropped. Values come
from `DateResolver`, in the direction of the governing verb's tense (`_preference`); anaphoric dates from the
anchor stack (`Context`); named days from `NamedDays`. Writes `doc.spans["dates"]` with `span._.date_value`,
`date_mod` and `date_anchor`, and sets `doc._.published` (ISO string) with `doc._.published_estimated` when it
had to be estimated from the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import datevalue
from ..data import read_csv
from ..lexicon import WordLists, read_patterns
from .countries import CountryLexicon
from .date_values import DateResolver, Lexicon
from .matching import TokenMatcher
from .named_days import NamedDays
from .serialise import DataComponent, config_defaults, data_paths
from .wordclass import is_verb, is_verbal

SPAN_KEY = "dates"
YEAR_WORD = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
# what follows a wire dateline's date: a dash, a bracketed source, a colon or a full stop
DATELINE_ENDS = {"-", "--", "---", "—", "–", "(", "[", ":", "."}

for _name, _default in (("published", None), ("published_estimated", False)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
for _name in ("date_value", "date_mod", "date_anchor_at"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("date_anchor"):
    # the span itself is made when asked for: a span kept in the doc's own data would make a reference cycle
    # (doc -> span -> doc) that only the garbage collector frees, and a batch's documents would pile up
    Span.set_extension("date_anchor", getter=lambda span: Span(span.doc, *span._.date_anchor_at, label="DATE")
                       if span._.date_anchor_at else None)


DATE_DEFAULTS = config_defaults("extract_dates")


@Language.factory("extract_dates", default_config=DATE_DEFAULTS)
def make_dates(nlp: Language, name: str, rules: str, lexicon: str, words: str, calendar_days: str, countries: str,
               cache_size: int) -> DataComponent:
    """Data paths are relative to the models folder (see serialise.py)."""
    settings = {"rules": rules, "lexicon": lexicon, "words": words, "calendar_days": calendar_days,
                "countries": countries, "cache_size": cache_size}
    return DataComponent(nlp, name, _build, settings, paths=data_paths(DATE_DEFAULTS))


def _build(nlp: Language, name: str, rules: str, lexicon: str, words: str, calendar_days: str, countries: str,
           cache_size: int) -> "DateRecogniser":
    return DateRecogniser(nlp, name, rules, lexicon, WordLists(words), cache_size, calendar_days, countries)


class DateRecogniser:
    def __init__(self, nlp: Language, name: str, rules: str, lexicon: str, words: WordLists, cache_size: int,
                 calendar_days: str, countries: str) -> None:
        self.name = name
        self.future_words = words.words("future")
        self.past_words = words.words("past")
        self.plan_words = words.words("plan_verbs") | words.words("plan_adjectives")
        self.infinitive_future = words.words("infinitive_future")
        self.forward_prepositions = words.words("forward_prepositions")
        self.interval_openers = words.words("interval_openers")
        self.past_prepositions = words.words("past_prepositions")
        self.leading_words = frozenset(row["word"].lower() for row in words.table("leading", required=("word",)))
        ranges = words.table("range_words", required=("word", "joins"))
        self.range_words = frozenset(row["word"].lower() for row in ranges if row["joins"] == "yes")
        self.matcher = TokenMatcher(nlp.vocab)
        for row in read_patterns(rules, required=("id", "pattern")):
            self.matcher.add(row["id"], [row["pattern"]], greedy="LONGEST")
        self.lexicon = Lexicon.from_rows(read_csv(lexicon, required=("word", "role")))
        self.resolver = DateResolver(self.lexicon, words, cache_size=cache_size)
        named = words.table("named_days", required=("name", "holiday", "country"))
        self.named_days = NamedDays(named, calendar_days)
        self.day_names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.day_names.add("named_day", [nlp.make_doc(day) for day in self.named_days.names])
        self.countries = CountryLexicon.from_csv(countries)
        self.country_codes = {country: code for code, country in self.countries.by_code.items()}

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for span in doc.spans.get("platforms", []) for i in range(span.start, span.end)}
        entities = self._join_split(doc, sorted(self._split_coordination(doc, self._cut_at_commas(
            doc, self._split_at_verbs(doc, [e for e in doc.ents if e.label_ == "DATE"])))))
        candidates = [(s, e) for s, e in map(lambda se: self._trim(doc, *se), entities)
                      if e > s and self.lexicon.is_date_text(doc[s:e].text)]
        # rule matches are dates whatever the model said ("Feb 13", "third-quarter", "a year earlier")
        rules = [self._trim(doc, s, e) for _, s, e in self.matcher(doc)]
        named = self._named_days(doc)
        rules += list(named)
        spans = filter_spans([Span(doc, s, e, label="DATE") for s, e in candidates + rules
                              if e > s and not any(i in taken for i in range(s, e))
                              and not self._is_clock_time(doc, s, e) and not self._is_frequency(doc, s)])
        spans, parts = self._join_ranges(doc, sorted(spans, key=lambda span: span.start))

        anchor = _parse_iso(doc._.published)
        if anchor is None:
            anchor = self.resolver.estimate_anchor([s.text for s in spans])
            if anchor is not None:
                doc._.published = anchor.isoformat()
                doc._.published_estimated = True
        kept: list[Span] = []
        context = Context(anchor, self.resolver.is_comparison)
        years = self._shared_years(doc, spans)
        for span in spans:
            found = self._named_value(span, anchor, named, context) or \
                self._value(span, anchor, context, years.get(span.start))
            if found is None:  # the span held more than a date ("another 10 years in 2019"): its dates, if any
                inner = filter_spans([Span(doc, s, e, label="DATE")
                                      for s, e in self._inner(doc, span, rules, parts.get((span.start, span.end)))])
                for part in inner:
                    if part_found := self._value(part, anchor, context):
                        kept.append(self._keep(part, *part_found, context))
                continue
            kept.append(self._keep(span, *found, context))
        doc.spans[SPAN_KEY] = self._restated(doc, kept)
        return doc

    def _inner(self, doc: Doc, span: Span, rules: list[tuple[int, int]],
               joined: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
        """The dates inside a span that has no value of its own: the rule matches within it, the two sides of a
        range that joined dates of different kinds ("this year through August"), or a year the base model's
        span holds ("the first nine months of 1997")."""
        found = [(s, e) for s, e in rules if span.start <= s and e <= span.end and (s, e) != (span.start, span.end)]
        found += joined or []
        for token in span:  # the base model's own range: its two sides
            if token.lower_ in self.range_words and span.start < token.i < span.end - 1:
                found += [side for side in ((span.start, token.i), (token.i + 1, span.end))
                          if self.lexicon.is_date_text(doc[side[0]:side[1]].text)]
        return found or [(t.i, t.i + 1) for t in span if YEAR_WORD.fullmatch(t.text)]

    def _restated(self, doc: Doc, dates: list[Span]) -> list[Span]:
        """'launched two years later on 28 September 2019': an anaphoric date the next words restate as a date
        of their own is left out (the stated one holds)."""
        out = []
        for date, after in zip(dates, dates[1:] + [None]):
            if date._.date_anchor is not None and after is not None and \
                    all(t.is_punct or t.lower_ in self.leading_words for t in doc[date.end:after.start]) and \
                    after.start - date.end <= 2 and after._.date_anchor is None:
                continue
            out.append(date)
        return out

    def _keep(self, span: Span, value: str, anchored_on: Span | None, context: "Context") -> Span:
        span._.date_value = value
        span._.date_anchor_at = (anchored_on.start, anchored_on.end) if anchored_on is not None else None
        span._.date_mod = self.resolver.date_mod(span.text)
        context.push(span)
        return span

    def _named_days(self, doc: Doc) -> dict[tuple[int, int], tuple[str, int | None, int | None]]:
        """Named days by (start, end): the day's name, the year written after it ("Navy Day 2025") and the shift
        of a relative word before it ("last Christmas")."""
        found = {}
        for _, start, end in self.day_names(doc):
            name = doc[start:end].text.lower()
            year = int(doc[end].text) if end < len(doc) and YEAR_WORD.fullmatch(doc[end].text) else None
            shift = self.resolver.shift.get(doc[start - 1].lower_) if start > 0 else None
            found[(start - (shift is not None), end + (year is not None))] = (name, year, shift)
        return found

    def _named_value(self, span: Span, anchor, named, context: "Context") -> tuple[str, Span | None] | None:
        """A named day's date: in the year the sentence is about when a date before it in the sentence says
        one ("In July 2024, the frigate sailed for Navy Day"), else by the tense around publication."""
        if anchor is None or (span.start, span.end) not in named:
            return None
        name, year, shift = named[(span.start, span.end)]
        topic = context.topic
        if year is None and shift is None and topic is not None and topic.sent == span.sent:
            year = datevalue.bounds(topic._.date_value)[0].year
        else:
            topic = None
        value = self.named_days.resolve(name, self._countries_near(span), anchor, self._preference(span), year,
                                        shift)
        return (value, topic) if value else None

    def _countries_near(self, span: Span) -> list[str]:
        """ISO codes of the countries a named day may be of, the likeliest first: a demonym or possessive right
        before it ("Russia's Navy Day", "Indian Army Day"), the countries of its sentence, nearest first, then the
        article's most named country."""
        doc = span.doc
        found = [self.countries.country_before(doc, span.start),
                 self.countries.by_name.get(doc[span.start - 1].text.lower()) if span.start else None]
        near: list[tuple[int, str | None]] = [(e.start, self.countries.country(e.text)) for e in span.sent.ents
                                              if e.label_ in ("GPE", "NORP")]
        near += [(i, at[1]) for i in range(span.sent.start, span.sent.end)  # "the Indian Navy"
                 if (at := self.countries.country_at(doc, i))]
        found += [country for _, country in sorted(near, key=lambda found: abs(found[0] - span.start))]
        named = Counter(c for e in doc.ents if e.label_ in ("GPE", "NORP") if (c := self.countries.country(e.text)))
        found += [country for country, _ in named.most_common(1)]
        return list(dict.fromkeys(self.country_codes[c] for c in found if c in self.country_codes))

    def _shared_years(self, doc: Doc, spans: list[Span]) -> dict[int, str]:
        """'in March and April 2024', 'on May 3 or May 5, 2025': the year the second of two coordinated dates
        writes, for the first (by its start token)."""
        years = {}
        for left, right in zip(spans, spans[1:]):
            gap = doc[left.end:right.start]
            if len(gap) == 1 and gap[0].tag_ == "CC" and self._shares_year(left.text, right.text):
                found = YEAR_WORD.findall(right.text)
                if found:
                    years[left.start] = found[-1]
        return years

    def _value(self, span: Span, anchor, context: "Context", year: str | None = None) -> tuple[str, Span | None] | None:
        """The value of a mention and the earlier mention it was read against (None: the publication date); `year`
        is the year a coordinated date writes for it."""
        if context.topic is not None:
            found = self.resolver.resolve_anaphor(span.text, anchor, context.topic._.date_value,
                                                  context.period._.date_value if context.period else None)
            if found:
                value, which = found
                return value, context.topic if which == "topic" else context.period
        if anchor is None and not self.resolver.is_absolute(span.text):
            return None
        value = self.resolver.resolve(f"{span.text} {year}" if year else span.text, anchor, self._preference(span))
        return (value, None) if value else None

    def _is_frequency(self, doc: Doc, start: int) -> bool:
        """'each July', 'every Thursday': a frequency, not a date."""
        return start > 0 and self.lexicon.roles.get(doc[start - 1].lower_) == "frequency"

    def _is_clock_time(self, doc: Doc, start: int, end: int) -> bool:
        """'at 1900 local time', '0600 GMT': a four-digit number before a clock word is a time, not a year."""
        return end - start == 1 and doc[start].is_digit and end < len(doc) and \
            self.lexicon.roles.get(doc[end].lower_) == "clock"

    def _join_ranges(self, doc: Doc, spans: list[Span]) -> tuple[list[Span], dict[tuple[int, int], list]]:
        """One mention for a range written as two dates: '2028 to 2030', 'between 2021 and 2023',
        'December 28, 2024, to January 3, 2025'; with the two sides of each, by the joined span's bounds."""
        joined: list[Span] = []
        parts: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for span in spans:
            if joined:
                first = joined[-1]
                gap = doc[first.end:span.start]
                between = [t.lower_ for t in gap if t.text != ","] if len(gap) <= 2 else []
                if any(t.text == "," for t in gap) and not first[-1].like_num:
                    between = []  # "due to expire last Thursday, to Nov. 6" is two dates; "May 3, 2024, to" one
                if len(between) == 1 and (
                        between[0] in self.range_words or (between[0] == "and" and first.start > 0
                                                           and doc[first.start - 1].lower_ in self.interval_openers)):
                    joined[-1] = Span(doc, first.start, span.end, label="DATE")
                    parts[(first.start, span.end)] = [(first.start, first.end), (span.start, span.end)]
                    continue
            joined.append(span)
        return joined, parts

    @staticmethod
    def _split_at_verbs(doc: Doc, entities: list[Span]) -> list[tuple[int, int]]:
        """'the quarter ended Sept. 30' is two dates: an entity is cut where a verb stands inside it."""
        pieces = []
        for ent in entities:
            start = ent.start
            for token in ent:
                if is_verb(token):
                    pieces.append((start, token.i))
                    start = token.i + 1
            pieces.append((start, ent.end))
        return [(s, e) for s, e in pieces if e > s]

    def _cut_at_commas(self, doc: Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """'next month, a week after the exercise': a mention ends at a comma after which no date follows
        ('Monday, March 3' and 'December 4, 2025' go on)."""
        out = []
        for start, end in pieces:
            for token in doc[start:end]:
                if token.text == "," and not self.lexicon.is_date_text(doc[token.i + 1:end].text):
                    end = token.i
                    break
            out.append((start, end))
        return out

    def _split_coordination(self, doc: Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """'in 1994 and 1997', 'on Monday or Tuesday' are two dates, 'between 2022 and 2025' one interval: a
        mention is cut at a conjunction when each side is a date on its own, unless "between" opens it or a year
        written once holds both."""
        out = []
        for start, end in pieces:
            opens = doc[max(start - 1, 0):start + 1]
            for token in doc[start:end]:
                if token.tag_ == "CC" and start < token.i < end - 1 and \
                        not any(t.lower_ in self.interval_openers for t in opens) and \
                        self.lexicon.is_date_text(doc[start:token.i].text) and \
                        self.lexicon.is_date_text(doc[token.i + 1:end].text) and \
                        not self._shares_year(doc[start:token.i].text, doc[token.i + 1:end].text):
                    out.append((start, token.i))
                    start = token.i + 1
            out.append((start, end))
        return out

    def _shares_year(self, left: str, right: str) -> bool:
        """'March and April 2024': the year written once holds both sides (one mention, read as an interval)."""
        return not self.resolver.is_absolute(left) and self.resolver.is_absolute(right)

    def _join_split(self, doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join DATE entities separated only by a comma or nothing ('December 8–10,' + '2024'), when the second
        is a date of its own ('next month, a week after' is not one)."""
        joined: list[tuple[int, int]] = []
        for start, end in spans:
            if joined and all(t.text == "," for t in doc[joined[-1][1]:start]) and \
                    self.lexicon.is_date_text(doc[start:end].text):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        return joined

    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and (doc[start].lower_ in self.leading_words or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return start, end

    def _preference(self, span: Span) -> str:
        """'future' for 'will meet on December 4', 'is expected to arrive on Monday' or 'is to resume Tuesday',
        'past' for 'met on December 4' or 'was held on Monday' ('past_loose' where the date reaches the verb
        through a noun, an adjective or a preposition that looks ahead: 'declared a dividend payable Dec. 7',
        'was extended to Nov. 16'), 'present' for 'the talks open Monday' or 'is arriving Tuesday', else
        'current_period' (see the resolver). A dateline's date is the filing day's, whatever its sentence says."""
        if in_dateline(span):
            return "current_period"
        if span.start > 0 and span.doc[span.start - 1].lower_ in self.past_prepositions:
            return "past"  # "since March", "up 20% since year-end"
        head = span.root
        # a date that reaches its verb through a noun or an adjective ("declared a dividend payable Dec. 7") or a
        # preposition that looks ahead ("was extended to Nov. 16") takes the verb's past loosely
        loose = head.head.lower_ in self.forward_prepositions
        while not is_verbal(head) and head.head.i != head.i:
            head = head.head
            loose = loose or (not is_verbal(head) and head.tag_ not in ("IN", "TO"))
        auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
        if head.tag_ == "VBN" and head.dep_ == "acl" and not auxiliaries and head.lower_ not in self.plan_words:
            return "past_loose" if loose else "past"  # a reduced passive after a noun is done: "statements made"
        # any other participle with no auxiliary has no tense of its own ("conducted drills including landings on
        # Thursday", "ships taking part on Friday"): the verb it hangs from decides
        while head.tag_ in ("VBG", "VBN") and not auxiliaries and head.dep_ in ("prep", "acl", "advcl", "xcomp") \
                and head.head.i != head.i:
            head = head.head
            while not is_verbal(head) and head.head.i != head.i:
                head = head.head
            auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ == "to" for a in auxiliaries):
            # an infinitive looks ahead of its governor: "expected to arrive", "is to resume" (future); "urged
            # ministers to agree before the summit on June 24" has no tense of its own (the nearest occurrence)
            governor = head.head.lower_
            return "future" if governor in self.plan_words or governor in self.infinitive_future \
                else "current_period"
        if any(a.lower_ in self.future_words for a in auxiliaries) or head.lower_ in self.plan_words:
            return "future"
        if head.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lower_ in self.past_words for a in auxiliaries):
            return "past_loose" if loose else "past"
        if head.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
            # a date on a noun takes no time from a present verb: "the move follows Tuesday's declaration"
            return "current_period" if loose else "present"
        return "current_period"


class Context:
    """The dates a text has talked about so far, for anaphoric dates (the anchor stack): `topic`, the latest
    mention, and `period`, the period of the year before publication the text is discussing (a quarter, a
    month: "third-quarter profit ... a year ago"), which a day inside it in the same sentence keeps ("the quarter
    ended Sept. 30") and any other date ends."""

    PERIODS = datevalue.GRANULARITIES[1:-2]  # from a week to a half

    def __init__(self, published: dt.date | None, is_comparison) -> None:
        self.published = published
        self.is_comparison = is_comparison
        self.topic: Span | None = None
        self.period: Span | None = None

    def push(self, span: Span) -> None:
        value = span._.date_value
        first, last = datevalue.bounds(value)
        anchor = span._.date_anchor
        if (anchor is not None and first < datevalue.bounds(anchor._.date_value)[0]) or \
                (self.period is not None and self.is_comparison(span.text)):
            return  # "from $5 million a year earlier": a point of comparison; the text still talks of its anchor
        kind = datevalue.parse(value.split("/")[0]).granularity
        if "/" not in value and kind in self.PERIODS and self.published is not None and \
                self.published - dt.timedelta(days=366) <= first <= self.published:
            self.period = self.topic = span  # a period of the year before publication
            return
        period = self.period
        if period is not None and kind == "day" and span.sent == period.sent:
            start, end = datevalue.bounds(period._.date_value)
            if start <= last <= end:
                self.topic = period  # "the quarter ended Sept. 30": the quarter stays what is talked about
                return
        self.period = None
        self.topic = span


def _parse_iso(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def in_dateline(date: Span) -> bool:
    """'ISLAMABAD, Nov 12 - Chinese Defence Minister Dong Jun held talks ...', 'Colombo [Sri Lanka], August 16
    (ANI): ...', 'SEVERODVINSK /Arkhangelsk Region/, July 30. /TASS/.': the date of a wire dateline (at the start
    of a line, after a capitalised place and a comma, no verb before it, then a dash, a bracketed source, a colon
    or a full stop) is when the story was filed."""
    doc = date.doc
    start = date.start
    while start > 0 and "\n" not in doc[start - 1].text and date.start - start <= 8:
        start -= 1
    before = doc[start:date.start]
    after = doc[date.end:min(date.end + 1, len(doc))]
    return (start == 0 or "\n" in doc[start - 1].text) and 2 <= len(before) <= 8 and before[-1].text == "," \
        and (before[0].is_title or before[0].is_upper) \
        and not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in before) \
        and bool(after) and after[0].text in DATELINE_ENDS


def dateline_place(date: Span) -> str | None:
    """The place of a dateline whose date this is: 'New Delhi, April 27 (IANS)' -> 'New Delhi', 'SEVERODVINSK
    /Arkhangelsk Region/, July 30.' -> 'Severodvinsk' (capitals as a name is written)."""
    if not in_dateline(date):
        return None
    doc = date.doc
    start = date.start
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    words = []
    for token in doc[start:date.start]:
        if not (token.is_alpha or token.text in ("-", "'")):
            break
        words.append(token.text_with_ws)
    name = "".join(words).strip()
    return (name.title() if name.isupper() else name) or None
