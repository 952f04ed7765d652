"""`extract_platforms`: weapon systems, aircraft and ships, from a catalogue and from rules.

Writes `doc.spans["platforms"]` (label = category, `kb_id_` = catalogue id or "", `span._.canonical` = name)
and removes base-model entities that a platform overlaps, so ships never become people or places.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data import DataFileError, read_csv, read_jsonl, split_list
from ..names import name_key
from ..records import PLATFORM_CATEGORIES
from .countries import CountryLexicon

SPAN_KEY = "platforms"
RULE_KINDS = ("designator", "ship_prefix", "ship_list", "class")

if not Span.has_extension("canonical"):
    Span.set_extension("canonical", default=None)


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    name: str
    category: str
    origin: str


@Language.factory(
    "extract_platforms",
    default_config={
        "catalogue": "",
        "rules": "",
        "context_nouns": "",
        "countries": "",
        "context_window": 4,
        "use_catalogue": True,
    },
)
def make_platforms(nlp: Language, name: str, catalogue: str, rules: str, context_nouns: str, countries: str,
                   context_window: int, use_catalogue: bool) -> "PlatformRecogniser":
    return PlatformRecogniser(nlp, name, catalogue, rules, context_nouns, countries, context_window, use_catalogue)


class PlatformRecogniser:
    """Catalogue names via a PhraseMatcher on lower-case text; designators, hull prefixes, ship lists by rules."""

    def __init__(self, nlp: Language, name: str, catalogue: str, rules: str, context_nouns: str, countries: str,
                 context_window: int, use_catalogue: bool) -> None:
        self.name = name
        self.countries = CountryLexicon.from_csv(countries)
        self.context_window = context_window
        self.use_catalogue = use_catalogue
        self.entries: dict[str, CatalogueEntry] = {}
        self.ship_by_bare_name: dict[str, str] = {}
        self.catalogue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._load_catalogue(nlp, catalogue)
        self.rule_matcher = Matcher(nlp.vocab)
        for row in read_jsonl(rules, required=("id", "pattern")):
            if row["id"] not in RULE_KINDS:
                raise DataFileError(f"{rules}: unknown rule id {row['id']!r}; expected one of {RULE_KINDS}")
            self.rule_matcher.add(row["id"], [row["pattern"]], greedy="LONGEST")
        self.context: dict[str, str] = {}
        for row in read_csv(context_nouns, required=("lemma", "category")):
            if row["category"] not in PLATFORM_CATEGORIES:
                raise DataFileError(f"{context_nouns}: unknown category {row['category']!r} for {row['lemma']!r}")
            self.context[row["lemma"].lower()] = row["category"]

    def _load_catalogue(self, nlp: Language, path: str) -> None:
        prefixes = set()
        rows = read_csv(path, required=("id", "name", "category"))
        for row in rows:
            if row["category"] not in PLATFORM_CATEGORIES:
                raise DataFileError(f"{path}: unknown category {row['category']!r} for {row['id']!r}")
            entry = CatalogueEntry(row["id"], row["name"], row["category"], row.get("origin", ""))
            self.entries[entry.id] = entry
            names = [entry.name, *split_list(row.get("aliases", ""))]
            self.catalogue_matcher.add(entry.id, list(nlp.tokenizer.pipe(names)))
            if entry.category in ("ship", "submarine") and " " in entry.name:
                prefix, bare = entry.name.split(" ", 1)
                if prefix.isupper():
                    prefixes.add(prefix)
                    self.ship_by_bare_name.setdefault(name_key(bare), entry.id)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        if self.use_catalogue:
            for match_id, start, end in self.catalogue_matcher(doc):
                entry = self.entries[doc.vocab.strings[match_id]]
                spans.append(self._span(doc, start, end, entry.category, entry.id, entry.name))
        catalogue_tokens = {i for span in spans for i in range(span.start, span.end)}
        for match_id, start, end in self.rule_matcher(doc):
            kind = doc.vocab.strings[match_id]
            if any(i in catalogue_tokens for i in range(start, end)):
                continue
            spans.extend(getattr(self, f"_rule_{kind}")(doc, start, end))
        found = filter_spans(spans)
        doc.spans[SPAN_KEY] = found
        taken = {i for span in found for i in range(span.start, span.end)}
        doc.ents = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
        return doc

    def _span(self, doc: Doc, start: int, end: int, category: str, kb_id: str, name: str) -> Span:
        span = Span(doc, start, end, label=category, kb_id=kb_id)
        span._.canonical = name
        return span

    def _context_category(self, doc: Doc, start: int, end: int) -> str | None:
        """Category of the nearest platform noun within the window in the same sentence, if any."""
        sent = doc[start].sent
        lo = max(sent.start, start - self.context_window)
        hi = min(sent.end, end + self.context_window)
        candidates = [(abs(i - start) if i < start else i - end + 1, doc[i]) for i in range(lo, hi)
                      if not start <= i < end]
        for _, token in sorted(candidates, key=lambda pair: pair[0]):
            category = self.context.get(token.lemma_.lower()) or self.context.get(token.lower_)
            if category:
                return category
        return None

    def _rule_designator(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'J-20 fighters', 'the S-400 system': a designator shape only with a platform noun nearby."""
        category = self._context_category(doc, start, end)
        if category is None:
            return []
        text = doc[start:end].text
        return [self._span(doc, start, end, category, "", text)]

    def _rule_ship_prefix(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'INS Tushil', 'USS Gerald R. Ford': a hull prefix and a title-case name."""
        span = doc[start:end]
        entry_id = self.ship_by_bare_name.get(name_key(doc[start + 1:end].text), "")
        entry = self.entries.get(entry_id)
        if entry and name_key(entry.name) == name_key(span.text):
            return [self._span(doc, start, end, entry.category, entry.id, entry.name)]
        category = self._context_category(doc, start, end) or "ship"
        if category not in ("ship", "submarine"):
            category = "ship"
        return [self._span(doc, start, end, category, "", span.text)]

    def _rule_class(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'a Talwar-class frigate', 'Project 11356 frigates' -> the class, category from the noun."""
        category = self.context.get(doc[end - 1].lemma_.lower())
        if category is not None:
            end -= 1
        else:
            category = self._context_category(doc, start, end)
        if category not in ("ship", "submarine"):
            return []
        return [self._span(doc, start, end, category, "", doc[start:end].text)]

    def _rule_ship_list(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'Russian ships Pechanga, Rezkiy, and Aldar Tsydenzhapov': the names listed after a ship noun."""
        category = self.context.get(doc[start].lemma_.lower(), "ship")
        spans: list[Span] = []
        sent_end = doc[start].sent.end
        i = start + 1
        while i < sent_end:
            j = i
            while j < sent_end and doc[j].is_title and not doc[j].is_punct:
                j += 1
            if j == i:
                break
            names = doc[i:j]
            # A country, a nationality, a date or a designator ('P8I aircraft') ends the list.
            if self.countries.country(names.text) or any(
                    t.ent_type_ in ("NORP", "DATE") or any(c.isdigit() for c in t.text) for t in names):
                break
            spans.append(self._list_ship(doc, i, j, category))
            k = j  # separators: ",", "and", ", and"
            while k < sent_end and (doc[k].text == "," or doc[k].lower_ in ("and", "&")):
                k += 1
            if k == j:
                break
            i = k
        return spans

    def _list_ship(self, doc: Doc, start: int, end: int, category: str) -> Span:
        entry = self.entries.get(self.ship_by_bare_name.get(name_key(doc[start:end].text), ""))
        if entry:
            return self._span(doc, start, end, entry.category, entry.id, entry.name)
        return self._span(doc, start, end, category, "", doc[start:end].text)
