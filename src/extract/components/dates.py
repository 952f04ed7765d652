"""`extract_dates`: date mentions with their SPEC values, anchored on the publication date.

Spans come from the base model's DATE entities, joined where the model split one mention, united with the
token patterns of `models/patterns/date_rules.jsonl`, and filtered: a date needs a calendar anchor (a month,
a weekday, a year, a decade, a relative day or "last/next/this" + unit); durations, frequencies and ordinals
are dropped. Values come from `DateResolver`. Writes `doc.spans["dates"]` with `span._.date_value`, and sets
`doc._.published` (ISO string) with `doc._.published_estimated` when it had to be estimated from the text.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data import read_csv, read_jsonl
from .date_values import DateResolver, Lexicon

SPAN_KEY = "dates"
LEADING_WORDS = {"from", "on", "in", "since", "by", "until", "till", "during", "before", "after", "for", "of", "at",
                 "between"}
FUTURE_WORDS = {"will", "shall", "scheduled", "expected", "due", "set", "slated", "upcoming", "planned", "to"}

for _name, _default in (("published", None), ("published_estimated", False)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Span.has_extension("date_value"):
    Span.set_extension("date_value", default=None)


@Language.factory("extract_dates", default_config={"rules": "", "lexicon": "", "cache_size": 4096})
def make_dates(nlp: Language, name: str, rules: str, lexicon: str, cache_size: int) -> "DateRecogniser":
    return DateRecogniser(nlp, name, rules, lexicon, cache_size)


class DateRecogniser:
    def __init__(self, nlp: Language, name: str, rules: str, lexicon: str, cache_size: int) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        for row in read_jsonl(rules, required=("id", "pattern")):
            self.matcher.add(row["id"], [row["pattern"]], greedy="LONGEST")
        self.lexicon = Lexicon.from_rows(read_csv(lexicon, required=("word", "role")))
        self.resolver = DateResolver(self.lexicon, cache_size=cache_size)

    def __call__(self, doc: Doc) -> Doc:
        candidates = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "DATE"]
        candidates = self._join_split(doc, sorted(candidates))
        candidates += [(start, end) for _, start, end in self.matcher(doc)]
        taken = {i for span in doc.spans.get("platforms", []) for i in range(span.start, span.end)}
        spans = []
        for start, end in candidates:
            start, end = self._trim(doc, start, end)
            if end > start and not any(i in taken for i in range(start, end)) and self._is_date(doc[start:end]):
                spans.append(Span(doc, start, end, label="DATE"))
        spans = filter_spans(spans)

        anchor = _parse_iso(doc._.published)
        if anchor is None:
            anchor = self.resolver.estimate_anchor([s.text for s in spans])
            if anchor is not None:
                doc._.published = anchor.isoformat()
                doc._.published_estimated = True
        kept = []
        for span in spans:
            value = self.resolver.resolve(span.text, anchor, self._preference(span)) if anchor or \
                self.resolver.is_absolute(span.text) else None
            if value:
                span._.date_value = value
                kept.append(span)
        doc.spans[SPAN_KEY] = kept
        return doc

    @staticmethod
    def _join_split(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join DATE entities separated only by a comma or nothing ('December 8–10,' + '2024')."""
        joined: list[tuple[int, int]] = []
        for start, end in spans:
            if joined and all(t.text == "," for t in doc[joined[-1][1]:start]):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        return joined

    @staticmethod
    def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and (doc[start].lower_ in LEADING_WORDS or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return start, end

    def _is_date(self, span: Span) -> bool:
        return self.lexicon.is_date_text(span.text)

    @staticmethod
    def _preference(span: Span) -> str:
        """'future' for 'will meet on December 4', 'past' for 'met on December 4', else 'current_period'."""
        head = span.root
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        context = [head, *head.children] + ([head.head] if head.head.i != head.i else [])
        if any(t.lower_ in FUTURE_WORDS for t in context) or "Tense=Fut" in head.morph:
            return "future"
        if head.tag_ in ("VBD", "VBN") or any(t.tag_ == "VBD" for t in head.children if t.dep_.startswith("aux")):
            return "past"
        return "current_period"


def _parse_iso(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None
