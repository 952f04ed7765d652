"""`extract_people`: named people, merged within the article, with title and country.

Reads the base model's PERSON entities (platforms already removed them where a platform claimed the span),
strips titles and ranks out of the names, finds names the model missed right after a title, and merges the
mentions of one person. Writes `doc.spans["people"]` (one span per mention, `kb_id_` = the person's key) and
`doc._.people`: [{"name", "aliases", "title", "country", "mentions": [[start, end], ...]}].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..data import read_csv, read_jsonl
from ..names import name_key
from .countries import CountryLexicon

SPAN_KEY = "people"
POSSESSIVE = {"'s", "’s", "'", "’"}

if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)


@Language.factory(
    "extract_people",
    default_config={"titles": "", "countries": "", "transliteration": ""},
)
def make_people(nlp: Language, name: str, titles: str, countries: str, transliteration: str) -> "PeopleRecogniser":
    return PeopleRecogniser(nlp, name, titles, countries, transliteration)


@dataclass
class _Person:
    tokens: tuple[str, ...]  # normalised name tokens of the fullest form
    name: str
    title: str | None = None
    country: str | None = None
    forms: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


class PeopleRecogniser:
    """Title lexicon in a PhraseMatcher; spelling rules for transliteration; merging by normalised tokens."""

    def __init__(self, nlp: Language, name: str, titles: str, countries: str, transliteration: str) -> None:
        self.name = name
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_country: dict[str, str] = {}
        for row in read_csv(titles, required=("title",)):
            self.title_matcher.add("TITLE", [nlp.make_doc(row["title"])])
            if row.get("country"):
                self.title_country[row["title"].lower()] = row["country"]
        self.countries = CountryLexicon.from_csv(countries)
        self.spelling = [(re.compile(r["pattern"]), r["replace"])
                         for r in read_jsonl(transliteration, required=("pattern", "replace"))]

    # -- names -------------------------------------------------------------------------------------------------
    def normalise(self, token: str) -> str:
        """One name token in the form used to compare names: name key, then the spelling rules."""
        key = name_key(token)
        for pattern, replace in self.spelling:
            key = pattern.sub(replace, key)
        return key

    def __call__(self, doc: Doc) -> Doc:
        titles = {}  # end token of a title -> (start, end) of the longest title ending there
        for _, start, end in self.title_matcher(doc):
            if end not in titles or start < titles[end][0]:
                titles[end] = (start, end)
        title_starts = {start: end for start, end in titles.values()}
        taken = {i for span in doc.spans.get("platforms", []) for i in range(span.start, span.end)}

        names: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                names.append(self._trim(doc, ent.start, ent.end, title_starts))
        covered = {i for ent in doc.ents for i in range(ent.start, ent.end)} | taken
        for start, end in titles.values():  # names the model missed right after a title
            j = end
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in covered:
                j += 1
            if j > end:
                names.append((end, j))
        names = sorted({n for n in names if n[1] > n[0]})

        people = self._merge(doc, names, titles)
        doc.spans[SPAN_KEY] = [Span(doc, s, e, label="PERSON", kb_id=" ".join(p.tokens))
                               for p in people for s, e in p.mentions]
        doc._.people = [
            {
                "name": p.name,
                "aliases": sorted({f for f in p.forms if name_key(f) != name_key(p.name) and " " in f}),
                "title": p.title,
                "country": p.country,
                "mentions": [[doc[s].idx, doc[e - 1].idx + len(doc[e - 1])] for s, e in sorted(p.mentions)],
            }
            for p in people
        ]
        return doc

    def _trim(self, doc: Doc, start: int, end: int, title_starts: dict[int, int]) -> tuple[int, int]:
        """Token range of the bare name: leading titles, trailing possessives and punctuation removed."""
        while start in title_starts and title_starts[start] < end:
            start = title_starts[start]
        while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
            end -= 1
        while start < end and doc[start].is_punct:
            start += 1
        return start, end

    def _title_and_country(self, doc: Doc, start: int, end: int,
                           titles: dict[int, tuple[int, int]]) -> tuple[str | None, str | None]:
        """Pre-nominal title ('Russian Defence Minister X') or appositive (', India's Defence Minister')."""
        title = country = None
        before = titles.get(start)
        if before:
            title = doc[before[0]:before[1]].text
            country = self.countries.country_before(doc, before[0])
        elif end + 1 < len(doc) and doc[end].text == ",":
            j = end + 1
            lead = self.countries.country_at(doc, j)
            if lead:
                j, country = lead
            for title_end, (title_start, _) in sorted(titles.items()):
                if title_start == j:
                    title = doc[title_start:title_end].text
            if title is None:
                country = None
        if title and not country:
            country = self.title_country.get(title.lower())
        if not country:
            country = self.countries.country_before(doc, start)
        return title, country

    def _merge(self, doc: Doc, names: list[tuple[int, int]], titles: dict[int, tuple[int, int]]) -> list[_Person]:
        people: list[_Person] = []
        full = [n for n in names if n[1] - n[0] > 1]
        single = [n for n in names if n[1] - n[0] == 1]
        for start, end in full + single:
            text = doc[start:end].text
            tokens = tuple(self.normalise(t.text) for t in doc[start:end] if not t.is_punct)
            person = self._find(people, tokens, start)
            if person is None:
                person = _Person(tokens=tokens, name=text)
                people.append(person)
            elif len(tokens) > len(person.tokens):
                person.tokens, person.name = tokens, text
            person.forms.append(text)
            person.mentions.append((start, end))
            title, country = self._title_and_country(doc, start, end, titles)
            person.title = person.title or title
            person.country = person.country or country
        people.sort(key=lambda p: min(p.mentions))
        return people

    @staticmethod
    def _find(people: list[_Person], tokens: tuple[str, ...], start: int) -> _Person | None:
        """The person these name tokens refer to: same full name, or the surname of exactly one person
        (when several share it, the one mentioned last before this mention)."""
        for person in people:
            if person.tokens == tokens:
                return person
        if len(tokens) == 1:
            candidates = [p for p in people if p.tokens[-1] == tokens[0]]
            if len(candidates) > 1:
                before = [p for p in candidates if any(s < start for s, _ in p.mentions)]
                candidates = sorted(before or candidates,
                                    key=lambda p: max((s for s, _ in p.mentions if s < start), default=-1))[-1:]
            return candidates[0] if candidates else None
        for person in people:  # "Vladimir V. Putin" / "V. Putin" against "Vladimir Putin"
            if person.tokens[-1] == tokens[-1] and _initials_agree(person.tokens[:-1], tokens[:-1]):
                return person
        return None


def _initials_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names agree when one list's tokens are the other's or their initials, in order."""
    short, long = sorted((a, b), key=len)
    it = iter(long)
    return all(any(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
                   for y in it) for x in short) and bool(short)
