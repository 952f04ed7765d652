"""`extract_platforms`: weapon systems, aircraft and ships, from a catalogue and from rules.

Writes `doc.spans["platforms"]` (label = category, `kb_id_` = catalogue id or "", `id_` = canonical name)
and removes base-model entities that a platform overlaps, so ships never become people or places.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

import numpy
from lemminflect import getAllLemmas
from spacy.attrs import IS_TITLE, IS_UPPER, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..data import DataFileError, read_csv, split_list
from ..lexicon import NOUN_TAGS, WordLists, forms, read_patterns
from ..names import name_key
from ..records import PLATFORM_CATEGORIES
from .countries import CountryLexicon, Gazetteer, world_place_names
from .matching import TokenMatcher
from .serialise import DataComponent, config_defaults, data_paths
from .wordclass import is_adposition, is_noun, is_proper, is_verbal

SPAN_KEY = "platforms"

if not Doc.has_extension("platform_origins"):
    Doc.set_extension("platform_origins", default=None)
CAPITAL_VARIANT = re.compile(r"^[A-Z]{2,3}$")  # "IRIS-T SLM": a variant in capitals, only after a designator
# hull classification letters that say the kind of vessel on their own ("SS", "SSN", "SSBN": a submarine; the
# ship's, from ship_hull_codes.txt); other pennants (F601, P-8) need a ship noun in the sentence
SUBMARINE_HULL = re.compile(r"^SS[A-Z]{0,2}-?\d")
HULL_NUMBER = re.compile(r"^[A-Z]{1,4}-?\d{1,4}$")



PENNANT = re.compile(r"^(?:[A-Z]{1,4}[- ]?\d{1,4}[A-Z]?|(?:Hull|hull|pennant|Pennant) \d{1,4})$")


def _is_pennant(alias: str) -> bool:
    """A hull or pennant number ('F145', 'DDG-51', 'FFH 336', 'Hull 550')."""
    return bool(PENNANT.match(alias))


def _spellings(name: str) -> list[str]:
    """The other ways reporting writes a name of the same key: hyphens as spaces or dropped before a number, a
    space before a number as a hyphen ('Arrow 2' -> 'Arrow-2'; 'Su-30MKI' -> 'Su 30MKI', 'Su30MKI'; 'Astute-class'
    -> 'Astute class')."""
    found = {name.replace("-", " "), re.sub(r"(?<=[A-Za-z]) (?=\d)", "-", name),
             re.sub(r"(?<=[A-Za-z])-(?=\d)", "", name), re.sub(r" (?=class$)", "-", name)}
    return sorted(found - {name})


def read_catalogue(path: str | Path) -> list[dict[str, str]]:
    """The rows of the platform catalogue: one CSV file, or every CSV file of a folder (in name order)."""
    folder = Path(path)
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else [folder]
    if folder.is_dir() and not files:
        raise DataFileError(f"{folder}: no catalogue CSV files")
    return [row for file in files for row in read_csv(file, required=("id", "name", "category"))]


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    name: str
    category: str
    origin: str


PLATFORM_DEFAULTS = config_defaults("extract_platforms")
PLATFORM_PATHS = data_paths(PLATFORM_DEFAULTS)


@Language.factory("extract_platforms", default_config=PLATFORM_DEFAULTS)
def make_platforms(nlp: Language, name: str, catalogue: str, rules: str, context_nouns: str, countries: str,
                   guards: str, organisations: str, hull_prefixes: str, families: str, context_window: int,
                   use_catalogue: bool, words: str) -> DataComponent:
    """Data paths are relative to the models folder (see serialise.py)."""
    settings = {key: value for key, value in locals().items() if key not in ("nlp", "name")}
    return DataComponent(nlp, name, _build, settings, paths=PLATFORM_PATHS)


def _build(nlp: Language, name: str, catalogue: str, rules: str, context_nouns: str, countries: str,
           guards: str, organisations: str, hull_prefixes: str, families: str, context_window: int,
           use_catalogue: bool, words: str) -> "PlatformRecogniser":
    return PlatformRecogniser(nlp, name, catalogue, rules, context_nouns, countries, guards, organisations,
                              hull_prefixes, families, context_window, use_catalogue, WordLists(words))


class PlatformRecogniser:
    """Catalogue names via a PhraseMatcher on lower-case text; designators, hull prefixes, ship lists by rules."""

    def __init__(self, nlp: Language, name: str, catalogue: str, rules: str, context_nouns: str, countries: str,
                 guards: str, organisations: str, hull_prefixes: str, families: str, context_window: int,
                 use_catalogue: bool, words: WordLists) -> None:
        self.name = name
        self.place_prepositions = words.words("place_prepositions")
        self.organisation_words = words.words("organisation_words")
        self.place_verbs = words.words("place_verbs")
        self.shared_nouns = words.words("shared_nouns")
        self.place_names = world_place_names()  # a hull named after a city is, bare, the city
        self.stop_words = nlp.Defaults.stop_words
        self.ship_hull = re.compile(rf"^(?:{'|'.join(map(re.escape, words.ordered('ship_hull_codes')))})-?\d")
        self.countries = CountryLexicon.from_csv(countries)
        self.organisations = Gazetteer.from_csv(organisations) if organisations else Gazetteer({})
        # words that are never a platform's name ("Navy ships", "Form-16", "Grade-2"): from platform_guards.csv
        self.not_names: set[str] = set()
        self.not_designators: set[str] = set()
        self.neutral_nouns: set[str] = set()  # "the K9A1EGY variant": a noun after a designator that is no object
        for row in read_csv(guards, required=("word", "role")) if guards else []:
            if row["role"] == "not_a_name":  # a lemma: "force" is "forces" too
                self.not_names.update(forms(row["word"], NOUN_TAGS))
            else:
                {"neutral_noun": self.neutral_nouns}.get(row["role"], self.not_designators).add(row["word"].lower())
        self.context_window = context_window
        self.use_catalogue = use_catalogue
        self.entries: dict[str, CatalogueEntry] = {}
        self.ship_by_bare_name: dict[str, str] = {}
        self.catalogue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.proper_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.context: dict[str, str] = {}
        self.compounds: dict[str, str] = {}  # "seagoing tanker": a ship, where "tanker" alone is an aircraft
        for row in read_csv(context_nouns, required=("lemma", "category")):
            if row["category"] not in PLATFORM_CATEGORIES:
                raise DataFileError(f"{context_nouns}: unknown category {row['category']!r} for {row['lemma']!r}")
            lemma = row["lemma"].lower()
            (self.compounds if " " in lemma else self.context)[lemma] = row["category"]
        # designator families whose letters say the kind ("MQ-9B": a drone), from designator_families.csv
        self.families: dict[str, str] = {}
        for row in read_csv(families, required=("prefix", "category")) if families else []:
            if row["category"] not in PLATFORM_CATEGORIES:
                raise DataFileError(f"{families}: unknown category {row['category']!r} for {row['prefix']!r}")
            self.families[row["prefix"]] = row["category"]
        self._load_catalogue(nlp, catalogue)
        # the bare names' word ids, to find them among a document's words at once
        self.bare_name_ids = numpy.array(sorted({nlp.vocab.strings.add(n) for n in self.ship_by_bare_name}),
                                         dtype=numpy.uint64)
        # the organisations' names in order, to tell at once whether any begins with a platform's name
        self.organisation_keys = sorted(self.organisations.entries)
        self.rule_matcher = TokenMatcher(nlp.vocab)
        # the navies' hull prefixes ("INS", "HMAS"), for the rules that name them as the token before their pattern
        before = {"hull_prefixes": [{"TEXT": {"IN": sorted(
            row["prefix"] for row in read_csv(hull_prefixes, required=("prefix", "countries")))}}]} if hull_prefixes else {}
        for row in read_patterns(rules, required=("id", "pattern")):
            if "before" in row:
                if row["before"] not in before:
                    raise DataFileError(f"{rules}: rule {row['id']!r}: no list {row['before']!r} to put before it")
                row["pattern"] = before[row["before"]] + row["pattern"]
            if not hasattr(self, f"_rule_{row['id']}"):  # each rule's id names the method that checks its matches
                kinds = sorted(n.removeprefix("_rule_") for n in dir(self) if n.startswith("_rule_"))
                raise DataFileError(f"{rules}: unknown rule id {row['id']!r}; expected one of {kinds}")
            self.rule_matcher.add(row["id"], [row["pattern"]], greedy="LONGEST")

    def _load_catalogue(self, nlp: Language, path: str) -> None:
        prefixes = set()
        short: dict[str, set[str]] = {}  # "Patriot" of "MIM-104 Patriot": a name only beside a platform noun
        for row in read_catalogue(path):
            if row["category"] not in PLATFORM_CATEGORIES:
                raise DataFileError(f"{path}: unknown category {row['category']!r} for {row['id']!r}")
            entry = CatalogueEntry(row["id"], row["name"], row["category"], row.get("origin", ""))
            self.entries[entry.id] = entry
            vessel = entry.category in ("ship", "submarine")
            # a name that is also a word, a person or a place, or that another entry claims, is a name only in
            # context: a hull's bare name beside a ship noun or in a list of hulls, another a word beside its noun
            ambiguous = {name_key(a) for a in split_list(row.get("ambiguous", ""))}
            names, proper = [], []
            for alias in [entry.name, *split_list(row.get("aliases", ""))]:
                if vessel and _is_pennant(alias):
                    continue  # "F145", "DDG-51", "Hull 550": a hull's number, never a platform of its own
                if name_key(alias) in ambiguous:
                    if vessel and " " not in alias and alias[:1].isupper():
                        self.ship_by_bare_name.setdefault(name_key(alias), entry.id)
                    elif not vessel:
                        self._short_candidate(short, alias, entry.id)
                    continue
                # "Meteor air-to-air missile": the mention is the name, the noun and its modifiers are context
                words = alias.split()
                # "French carrier Charles de Gaulle": a nationality and a noun before the name are context too
                lead = 0
                while lead < len(words) - 1 and (words[lead].lower().rstrip("s") in self.context
                                                 or words[lead].islower() or self.countries.country(words[lead])):
                    lead += 1
                if lead and words[lead][0].isupper():
                    words = words[lead:]
                stripped = False
                while len(words) > 1 and words[-1].lower().rstrip("s") in self.context:
                    words.pop()
                    stripped = True
                while stripped and len(words) > 1 and words[-1].islower():
                    words.pop()
                if stripped and len(words) == 1 and not any(c.isdigit() for c in words[0]):
                    self._short_candidate(short, words[0], entry.id)  # a bare word: a name only beside a noun
                    continue
                if stripped and not any(any(c.isdigit() for c in w) or w[1:] != w[1:].lower() for w in words):
                    if all(w[0].isupper() for w in alias.split()):  # "Precision Strike Missile", capitals only
                        proper.append(alias)
                    continue  # "Light Combat (Aircraft)": ordinary words once the noun is gone
                name = " ".join(words)
                if name.isalpha() and name.isupper():  # "LAW", "HARM": an acronym is a name only as written,
                    proper += [name, name + "s"]        # never the word "law" or "harm"
                    continue
                names.append(name)
            # "Patriot" of "MIM-104 Patriot", "Haguro" of "JS Haguro": the last word of a designator's or a
            # prefixed hull's name, beside its noun; not "Defense" of "Ground-based Midcourse Defense"
            first = entry.name.split()[0]
            if " " in entry.name and (any(c.isdigit() for c in first) or (vessel and first.isupper())):
                self._short_candidate(short, entry.name.split()[-1], entry.id)
            # one name key, written several ways, is several token sequences: "Astute-class" and "Astute class",
            # "Arrow 2" and "Arrow-2", "Su-30MKI" and "Su30MKI"
            names += [variant for n in names for variant in _spellings(n)]
            names = list(dict.fromkeys(n for n in names if n))
            # plurals as written in reporting: "Rafales", "K2s", "F-35As"
            names += [n + "s" for n in names if n[-1].isalnum() and not n.endswith("s")]
            self.catalogue_matcher.add(entry.id, list(nlp.tokenizer.pipe(names)))
            if proper:  # matched as written, so that ordinary lower-case words never match
                self.proper_matcher.add(entry.id, list(nlp.tokenizer.pipe(proper)))
            if entry.category in ("ship", "submarine") and " " in entry.name:
                prefix, bare = entry.name.split(" ", 1)
                if prefix.isupper():
                    prefixes.add(prefix)
                    self.ship_by_bare_name.setdefault(name_key(bare), entry.id)
        self.short_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.short_ids: dict[str, str] = {}
        for word, ids in short.items():
            if len(ids) == 1 and not self.countries.country(word) and word not in self.context:
                self.short_ids[word] = next(iter(ids))
                self.short_matcher.add(self.short_ids[word], [nlp.make_doc(word), nlp.make_doc(word + "s")])

    def _short_candidate(self, short: dict[str, set[str]], word: str, entry_id: str) -> None:
        """A one-word name that counts only beside its platform noun ("Patriot" of "MIM-104 Patriot"); never a
        function word or an adjective ("With" of "Witte de With", "Naval" of "SCALP Naval")."""
        if word.isalpha() and word[0].isupper() and len(word) >= 4 and word.lower() not in self.stop_words:
            lemmas = getAllLemmas(word.lower())
            if not lemmas or "NOUN" in lemmas:
                short.setdefault(word.lower(), set()).add(entry_id)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        if self.use_catalogue:
            for match_id, start, end in self.catalogue_matcher(doc) + self.proper_matcher(doc):
                entry = self.entries[doc.vocab.strings[match_id]]
                spans.append(self._span(doc, start, end, entry.category, entry.id, entry.name))
            for match_id, start, end in self.short_matcher(doc):
                entry = self.entries[doc.vocab.strings[match_id]]
                if entry.category in ("ship", "submarine") and self._bare_place(doc[start]):
                    continue  # a hull named after a place is, bare, the place ("in Mumbai"; but "the Fujian")
                if doc[start].text[0].isupper() and self._context_category(doc, start, end):
                    spans.append(self._span(doc, start, end, entry.category, entry.id, entry.name))
        variants = []
        for match_id, start, end in self.rule_matcher(doc):  # where rule and catalogue spans overlap, the
            kind = doc.vocab.strings[match_id]                  # longest wins, the catalogue's on a tie
            if kind == "variant":
                variants.append((start, end))
            else:
                spans.extend(getattr(self, f"_rule_{kind}")(doc, start, end))
        spans = [span for span in spans if not self._inside_organisation(doc, span) and not _pennant(doc, span)
                 and not self._names_organisation(doc, span)]
        found = filter_spans(self._with_variants(doc, _designator_families(doc, filter_spans(spans)), variants))
        word_ids = doc.to_array([LOWER, IS_TITLE, IS_UPPER]).reshape(len(doc), 3)  # each word, its case
        found = _bracketed_names(doc, found)
        found = filter_spans(found + self._bare_hull_mentions(doc, found, word_ids)
                             + self._listed_hulls(doc, found, word_ids))
        found = filter_spans(found + _pennants(doc, found))
        doc.spans[SPAN_KEY] = found
        doc._.platform_origins = {s.kb_id_: self.entries[s.kb_id_].origin for s in found
                                  if s.kb_id_ in self.entries and self.entries[s.kb_id_].origin}
        taken = {i for span in found for i in range(span.start, span.end)}
        doc.ents = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
        return doc

    def _span(self, doc: Doc, start: int, end: int, category: str, kb_id: str, name: str) -> Span:
        return Span(doc, start, end, label=category, kb_id=kb_id, span_id=name)

    def _context_category(self, doc: Doc, start: int, end: int, left_first: bool = False,
                          heads: bool = False) -> str | None:
        """Category of the platform noun beside a name: the head noun of the phrase after it ('AS10 ammunition
        resupply vehicles', 'Type 17 surface-to-ship missile'), else the nearest noun before it within the
        window in the same sentence ('the submarine KRI Alugoro-405'); left_first reverses the order; heads: else
        the noun the phrase hangs on (_head_category)."""
        sides = (self._left_category, self._right_category)
        for side in (sides if left_first else sides[::-1]):
            if category := side(doc, start, end):
                return category
        return self._head_category(doc, start, end) if heads else None

    def _head_category(self, doc: Doc, start: int, end: int) -> str | None:
        """The platform noun the name's phrase hangs on, or is coordinated with, beyond the window: 'a combined
        IRIS-T SLM and IRIS-T SLS fire system', 'a newer generation system, Arrow-3'."""
        token = doc[end - 1]
        for _ in range(3):
            for other in (token, *token.conjuncts):
                if not start <= other.i < end and self._is_context(other):
                    return self._category_of(other)
            if token.dep_ not in ("compound", "nmod", "appos", "conj") or token.head is token:
                return None
            token = token.head
        return None

    def _right_category(self, doc: Doc, start: int, end: int) -> str | None:
        found = []
        for token in doc[end:min(end + self.context_window, doc[start].sent.end)]:
            finite = is_verbal(token) and token.tag_ not in ("VBN", "VBG")  # "self-propelled" goes on
            if finite or (is_adposition(token) and token.lower_ not in ("to", "of")) or (token.is_punct and token.text != "-"):
                break
            if self._is_context(token):
                found.append(token)
        heads = [t for t in found if t.dep_ not in ("compound", "amod", "nmod")]
        token = (heads or found or [None])[-1 if not heads else 0]
        return self._category_of(token) if token is not None else None

    def _left_category(self, doc: Doc, start: int, end: int) -> str | None:
        for token in reversed(doc[max(doc[start].sent.start, start - self.context_window):start]):
            if self._is_context(token):
                return self._category_of(token)
        return None

    def _category_of(self, token) -> str | None:
        noun = _singular(token.lower_, self.context)
        if token.i > 0 and (category := self.compounds.get(f"{token.doc[token.i - 1].lower_} {noun}")):
            return category
        return self.context.get(noun)

    def _inside_organisation(self, doc: Doc, span: Span) -> bool:
        """'BrahMos Aerospace', 'Sukhoi Company': the platform's name begins a company's name."""
        name = span.text.lower()
        at = bisect_left(self.organisation_keys, name)
        if not name.startswith("the ") and not (
                at < len(self.organisation_keys) and self.organisation_keys[at].startswith(name)):
            return False  # no organisation's name begins with it
        return any(self.organisations.lookup(doc[span.start:span.end + k].text)
                   for k in (1, 2, 3) if span.end + k <= len(doc))

    def _bare_place(self, token) -> bool:
        """The bare name stands for a place: the model tags it one ("in Mumbai"), or it is a place's name where
        places go ("departed Halifax", "at Mumbai"); not after "the" ("named the Fujian")."""
        if token.i > 0 and token.doc[token.i - 1].lower_ == "the":
            return False
        if token.ent_type_ in ("GPE", "LOC"):
            return True
        where = (token.dep_ == "pobj" and token.head.lower_ in self.place_prepositions) or (
            token.dep_ == "dobj" and token.head.lower_ in self.place_verbs)
        return where and token.text in self.place_names

    def _names_organisation(self, doc: Doc, span: Span) -> bool:
        """'the Malakhit Design Bureau', 'the Submarine Delivery Agency': a name followed, in title case, by words
        that end in an organisation's noun is part of the organisation's name; a name that ends in one ('Delivery
        Agency', 'Development Program') or that the organisations catalogue knows ('JMSDF') is an organisation."""
        if span[-1].lower_ in self.organisation_words or (
                not span.kb_id_ and self.organisations.lookup(span.text)):
            return True
        for token in doc[span.end:min(span.end + 3, len(doc))]:
            if not token.is_title:
                return False
            if token.lower_ in self.organisation_words:
                return True
        return False

    def _listed_hulls(self, doc: Doc, found: list[Span], word_ids: numpy.ndarray) -> list[Span]:
        """'followed by Khanderi, Karanj, Vela and Vagir': a catalogued hull named without its prefix, in a
        list, makes the names listed with it hulls of the same kind."""
        if not self.use_catalogue:
            return []
        taken = {i for span in found for i in range(span.start, span.end)}
        extra = []
        for i in numpy.flatnonzero(numpy.isin(word_ids[:, 0], self.bare_name_ids) & (word_ids[:, 1] == 1)).tolist():
            token = doc[i]  # a title-case word that is a hull's bare name
            entry = self.entries.get(self.ship_by_bare_name.get(token.lower_, ""))
            if entry is None or token.i in taken or not token.conjuncts or token.head.lower_ in self.place_prepositions \
                    or token.ent_type_ == "LOC" or (token.ent_type_ == "GPE" and token.text in self.place_names):
                continue  # a hull named after a city is, bare, the city: "in Chennai and the Bay of Bengal"
            extra.append(Span(doc, token.i, token.i + 1, label=entry.category, kb_id=entry.id, span_id=entry.name))
            for other in token.conjuncts:
                if other.is_title and is_proper(other) and other.i not in taken and \
                        other.ent_type_ not in ("NORP", "ORG", "DATE") and not self.countries.country(other.text):
                    listed = self.entries.get(self.ship_by_bare_name.get(other.lower_, ""))
                    extra.append(Span(doc, other.i, other.i + 1, label=entry.category,
                                      kb_id=listed.id if listed else "", span_id=listed.name if listed else other.text))
        return extra

    def _bare_hull_mentions(self, doc: Doc, found: list[Span], word_ids: numpy.ndarray) -> list[Span]:
        """Later mentions of a named hull without its prefix or number: 'KRI Trisula-406' ... 'Trisula'."""
        bare: dict[str, Span] = {}
        for span in found:
            words = span.text.split()
            if span.label_ not in ("ship", "submarine") or "class" in span.text.lower() or words[0] == "Type":
                continue
            if len(words) > 1 and words[0].isupper():
                bare.setdefault(re.sub(r"-\d+$", "", " ".join(words[1:])).lower(), span)
            elif not any(c.isdigit() for c in span.text):  # "named Ungei (SS-518)" ... "Ungei is due to be delivered"
                bare.setdefault(span.text.lower(), span)  # "the aircraft carrier, the Liaoning" ... "the Liaoning"
        for span in found:  # "Advanced Light Helicopter (ALH)" ... "the ALH"
            if len(span) == 1 and span.text.isupper() and span.id_ != span.text:
                bare.setdefault(span.text.lower(), span)
        if not bare:
            return []
        taken = {i for span in found for i in range(span.start, span.end)}
        at = numpy.flatnonzero(word_ids[:, 1:].any(axis=1))  # the words in title case or capitals
        titles = list(zip(at.tolist(), map(doc.vocab.strings.__getitem__, word_ids[at, 0].tolist())))
        extra = []
        for name, ship in bare.items():
            size = len(name.split())
            for i, lower in titles:
                end = i + size
                if i >= ship.end and name.startswith(lower) and end <= len(doc) and \
                        doc[i:end].text.lower() == name and not any(j in taken for j in range(i, end)) and \
                        not self._bare_place(doc[i]):  # "HMAS Adelaide" ... "docked in Adelaide": the city
                    extra.append(Span(doc, i, end, label=ship.label_, kb_id=ship.kb_id_, span_id=ship.id_))
        return extra

    def _with_variants(self, doc: Doc, spans: list[Span], variants: list[tuple[int, int]]) -> list[Span]:
        """'FA-50 Block 20', 'Merlin Mk2', 'Rafale F3R': a variant right after a platform is a platform of its
        own, kept apart from its family."""
        starts = {start: end for start, end in variants}
        out = []
        for span in spans:
            end = starts.get(span.end)
            if end is not None and CAPITAL_VARIANT.match(doc[span.end].text) and not self._capital_variant(doc, span):
                end = None
            if end is None:
                out.append(span)
                continue
            name = f"{span.id_} {doc[span.end:end].text}"
            out.append(self._span(doc, span.start, end, span.label_, "", name))
        return out

    def _capital_variant(self, doc: Doc, span: Span) -> bool:
        """'IRIS-T SLM', 'Su-30 MKI': capitals after a designator are its variant; not a platform noun ('K2 MBT'),
        an organisation ('J-20 PLA') or a country."""
        word = doc[span.end]
        return any(c.isdigit() or c == "-" for c in span.text) and not self._is_context(word) and \
            not self.organisations.lookup(word.text) and not self.countries.country(word.text) and \
            not (span.end + 1 < len(doc) and doc[span.end + 1].text[:1].isupper() and not doc[span.end + 1].is_punct)

    def _rule_variant(self, doc: Doc, start: int, end: int) -> list[Span]:
        return []  # variants only extend a platform found otherwise (see _with_variants)

    def _rule_designator(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'J-20 fighters', 'the S-400 system', 'T-72s': a designator shape only with a platform noun nearby,
        and not when it heads another noun ('G-20 summit') or is a form or grade ('Form-16')."""
        prefix = doc[start].text.split("-")[0].rstrip("0123456789").lower()
        if prefix in self.not_designators:
            return []
        following = [t for t in doc[end:min(end + 6, doc[start].sent.end)] if t.text != "-"]
        if following and is_noun(following[0]) and \
                _singular(following[0].lower_, self.neutral_nouns) not in self.neutral_nouns \
                and not any(self._is_context(t) for t in following[:4]):
            return []  # it heads another noun: "G-20 summit", "COVID-19 vaccines"
        category = self._context_category(doc, start, end, heads=True)
        if category is None:
            return []
        family = re.match(r"[A-Za-z]+(?=-?\d)", doc[start].text)  # "MQ-9B aircraft": the letters say a drone
        category = self.families.get(family.group() if family else "", category)
        text = doc[start:end].text
        if text.endswith("s") and not text[:-1].endswith(("s", "S")) and any(c.isdigit() for c in text):
            text = text[:-1]  # "T-72s" -> "T-72"
        return [self._span(doc, start, end, category, "", text)]

    def _rule_name_before_noun(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'Redback infantry fighting vehicles', 'the Sabrah light tanks': a proper name right before a
        platform noun (adjectives between) is that platform, unless it is a place, a force or a maker."""
        name = doc[start]
        if name.lower_ in self.not_names or self.countries.country(name.text) or self._is_context(name):
            return []
        category = self._category_of(doc[end - 1])
        if category is None:
            return []
        if name.ent_type_ == "ORG" and (self.organisations.lookup(name.text) or doc[end - 1].lower_ in self.shared_nouns):
            return []  # "Boeing aircraft": a maker; "Hezbollah fighters": a group's members
        # a proper noun is its own lemma: "Rafales" stays as written; "Gripen fighters": the catalogue's JAS 39 Gripen
        return [self._proper_name(doc, start, start + 1, category)]

    def _is_context(self, token) -> bool:
        low = token.lower_
        return low in self.context or (low.endswith("s") and low[:-1] in self.context)

    def _rule_ship_prefix(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'INS Tushil', 'USS Gerald R. Ford': a hull prefix and a title-case name."""
        span = doc[start:end]
        entry_id = self.ship_by_bare_name.get(name_key(doc[start + 1:end].text), "")
        entry = self.entries.get(entry_id)
        if entry and name_key(entry.name) == name_key(span.text):
            return [self._span(doc, start, end, entry.category, entry.id, entry.name)]
        category = self._appositive_category(doc[start:end]) or \
            self._context_category(doc, start, end, left_first=True) or "ship"
        if category not in ("ship", "submarine"):
            category = "ship"
        return [self._span(doc, start, end, category, "", span.text)]

    def _appositive_category(self, span: Span) -> str | None:
        """'INS Vaghsheer, a diesel-powered attack submarine': the noun set beside the name says its kind."""
        for token in span:
            for child in token.children:
                if child.dep_ == "appos" and child.i >= span.end and self._is_context(child):
                    return self._category_of(child)
        return None

    def _rule_hull_number(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'named Ungei (SS-518)', 'HS Kimon (F601)': a name with a pennant number in brackets is a ship; the
        number says which kind ('SS' a submarine), else a ship noun in the sentence must say it is a vessel."""
        code = doc[end - 2].text
        if SUBMARINE_HULL.match(code):
            category = "submarine"
        elif self.ship_hull.match(code):
            category = "ship"
        else:
            sentence = doc[start].sent
            kinds = [c for t in sentence if (c := self._category_of(t)) in ("ship", "submarine")]
            if not kinds:
                return []
            category = kinds[0]
        name = doc[start:end - 3]
        if self.countries.country(name.text) or self.organisations.lookup(name.text):
            return []
        return [self._span(doc, name.start, name.end, category, "", name.text)]

    def _rule_class(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'a Talwar-class frigate', 'Project 11356 frigates' -> the class, category from the noun."""
        category = self._category_of(doc[end - 1])
        if category is not None:  # "the Kaliningradneft-class medium seagoing tanker": the class ends at "class"
            end = next(t.i for t in doc[start:end] if t.lower_ == "class") + 1
        else:
            category = self._context_category(doc, start, end)
        if category not in ("ship", "submarine"):
            return []
        while doc[start].is_stop and start < end - 2:
            start += 1  # "The Astute class boats"
        return [self._span(doc, start, end, category, "", doc[start:end].text)]

    def _rule_ship_list(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'Russian ships Pechanga, Rezkiy, and Aldar Tsydenzhapov', 'rescue tug SB-406', 'the submarine
        “Humaitá”', 'its first aircraft carrier, the Liaoning,': the names after a ship noun. A name set off by a
        comma ('carrier, the Liaoning') is one name closed by punctuation, not an organisation or a person."""
        category = self._category_of(doc[start])
        if category not in ("ship", "submarine"):
            return []  # "the tanker KC-46": a tanker aircraft, unless its words say a ship ("seagoing tanker")
        sent_end = doc[start].sent.end
        i = start + 1
        appositive = doc[i].text == ","
        i += appositive
        i += i < sent_end and doc[i].lower_ == "the"
        spans: list[Span] = []
        while i < sent_end:
            i += i < sent_end and doc[i].tag_ == "``"  # an opening quote
            j = i
            while j < sent_end and doc[j].text[:1].isupper() and not doc[j].is_punct:
                j += 1
            if j == i:
                break
            names = doc[i:j]
            # A country, a nationality, a date, an organisation or a force ends the list; so does a designator
            # that names a kind ('P8I aircraft'), not a hull's own number ('rescue tug SB-406,')
            if self.countries.country(names.text) or self.organisations.lookup(names.text) or \
                    any(t.lower_ in self.not_names or t.lower_ in self.organisation_words for t in names) or \
                    any(t.ent_type_ in ("NORP", "DATE") for t in names) or \
                    (any(c.isdigit() for c in names.text) and (spans or (j < sent_end and is_noun(doc[j])))):
                break
            if spans and (not all(is_proper(t) for t in names) or (j < sent_end and doc[j].lower_ == "of")):
                break  # "Frigate JS Yubetsu (FFM-8) and Launch of the Sixth ...": a heading's words, no hull
            if appositive and (any(t.ent_type_ in ("ORG", "PERSON") for t in names) or
                               (j < sent_end and doc[j].text not in (",", ".", ")", ";") and doc[j].lower_ != "and")):
                break  # "the destroyer, the Pentagon said"
            spans.append(self._list_ship(doc, i, j, category))
            k = j + (j < sent_end and doc[j].tag_ == "''")  # a closing quote
            if k < sent_end and doc[k].text == "(":  # its hull number: "Weifang (Hull 550)"
                k = next((t.i + 1 for t in doc[k + 1:min(k + 4, sent_end)] if t.text == ")"), k)
            separators = k
            while k < sent_end and (doc[k].text == "," or doc[k].lower_ in ("and", "&")):
                k += 1
            if k == separators or appositive:
                break
            i = k
        return spans

    def _rule_named(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'the vessel, named the Fujian,', 'the submarine, officially named Anson', 'the ship was christened
        INS X': a name given to what a ship noun names; 'a man named John' is none."""
        verb = doc[start]
        nouns = ([verb.head] if verb.dep_ in ("acl", "relcl", "appos") else []) + \
            [child for child in verb.children if child.dep_ == "nsubjpass"]
        kinds = [c for noun in nouns if (c := self._category_of(noun)) in ("ship", "submarine")]
        if not kinds:
            return []
        i = start + 1
        i += doc[i].lower_ == "the"
        i += doc[i].tag_ == "``"
        names = doc[i:end]
        if not names or self.countries.country(names.text) or self.organisations.lookup(names.text) or \
                names[0].lower_ in self.not_names or names[0].ent_type_ in ("NORP", "DATE"):
            return []
        return [self._list_ship(doc, i, end, kinds[0])]

    def _rule_noun_then_name(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'ballistic missile Ghaznavi', 'the trainer Hawk': a name after a platform noun other than a ship's
        (ships: see _rule_ship_list); not a country, a place, an organisation, a force or the subject of a
        clause ('the missiles Hezbollah fired')."""
        category = self._category_of(doc[start])
        name = doc[end - 1]
        if category in (None, "ship", "submarine") or name.dep_ in ("nsubj", "nsubjpass") or \
                name.lower_ in self.not_names or self.countries.country(name.text) or \
                self.organisations.lookup(name.text) or self._is_context(name):
            return []
        if name.ent_type_ in ("GPE", "LOC", "FAC", "ORG"):
            entity = next((e for e in doc.ents if e.start <= name.i < e.end), None)
            if entity is not None and (self.countries.country(entity.text) or entity.text in self.place_names
                                       or self.organisations.lookup(entity.text)):
                return []
        return [self._proper_name(doc, end - 1, end, category)]

    def _rule_acronym_name(self, doc: Doc, start: int, end: int) -> list[Span]:
        """'Advanced Light Helicopter (ALH)': a name in title case that ends in a platform noun, with its acronym
        in brackets; the acronym is the same platform, here and later. Not a kind with an acronym of its own
        ('Unmanned Aerial Vehicle (UAV)': the acronym is itself a platform noun)."""
        acronym = doc[end - 2]
        first = start
        while first < end - 4 and (doc[first].is_stop or doc[first].lower_ in self.not_names
                                   or self.countries.country(doc[first].text)):
            first += 1  # "the Indian Navy's": words before the name
        name = doc[first:end - 3]
        category = self._category_of(name[-1])
        if category is None or self._is_context(acronym) or len(name) < 2 or \
                self.organisations.lookup(name.text) or self.organisations.lookup(acronym.text):
            return []
        return [self._span(doc, first, end - 3, category, "", name.text),
                self._span(doc, end - 2, end - 1, category, "", name.text)]

    def _proper_name(self, doc: Doc, start: int, end: int, category: str) -> Span:
        """A name found by a rule, as the catalogue knows it when it does ('Gripen' -> 'JAS 39 Gripen')."""
        text = doc[start:end].text
        entry = self.entries.get(self.short_ids.get(text.lower(), "")) if self.use_catalogue else None
        if entry:
            return self._span(doc, start, end, entry.category, entry.id, entry.name)
        return self._span(doc, start, end, category, "", text)

    def _list_ship(self, doc: Doc, start: int, end: int, category: str) -> Span:
        text = doc[start:end].text
        entry = self.entries.get(self.ship_by_bare_name.get(name_key(text), ""))
        if entry is None and end - start > 1 and doc[start].text.isupper():  # "the frigate JS Yubetsu"
            entry = self.entries.get(self.ship_by_bare_name.get(name_key(doc[start + 1:end].text), ""))
            if entry is not None and name_key(entry.name) != name_key(text):
                entry = None
        if entry:
            return self._span(doc, start, end, entry.category, entry.id, entry.name)
        return self._span(doc, start, end, category, "", doc[start:end].text)


CODE = re.compile(r"^[A-Za-z]+-?\d+[A-Za-z]*$")  # a designator's code: "AH-64E", "CH-124", "K2"
ROMAN = re.compile(r"^[IVX]+$")


def _family(name: str) -> tuple[str, list[str]] | None:
    """The code and the family words of a designator's name ('AH-64E Apache Guardian' -> 'AH-64E', ['Apache',
    'Guardian']; 'AIM-120C AMRAAM'); None for any other name."""
    words = name.split()
    codes = [w for w in words if CODE.match(w)]
    rest = [w for w in words if w not in codes]
    if len(codes) != 1 or not all(w.isalpha() and not ROMAN.match(w) and (not w.isupper() or len(w) >= 4)
                                  and w[0].isupper() for w in rest):
        return None
    return codes[0], rest


def _designator_families(doc: Doc, spans: list[Span]) -> list[Span]:
    """'AH-64E Apache Guardian' ... 'Apache AH-64E' ... 'AH-64E' ... 'the Apache': one code, with or without its
    family name before or after it, and the family's first word alone, are one platform, named as the text names
    it in full (a catalogue's name first). Variants ('SM-3 Block IIA') are read after this, and stay apart."""
    families = [_family(span.id_) for span in spans]  # read once per span
    best: dict[str, tuple[Span, list[str]]] = {}
    for span, family in zip(spans, families):
        if family is not None:
            held = best.get(family[0])
            if held is None or (bool(span.kb_id_), len(family[1])) > (bool(held[0].kb_id_), len(held[1])):
                best[family[0]] = (span, family[1])
    if not best:
        return spans
    by_word = {}
    for code, (span, words) in best.items():
        words = words or (_family(span.text) or ("", []))[1]
        if words and span.id_.startswith(code):  # "AH-64E Apache": "the Apache"; not "Rafale" of "Rafale F3R"
            by_word.setdefault(words[0].lower(), span)
    out = []
    for span, family in zip(spans, families):
        held = best[family[0]][0] if family else by_word.get(span.text.lower()) if len(span) == 1 else None
        if held is not None and held is not span:
            span = Span(doc, span.start, span.end, label=held.label_, kb_id=held.kb_id_, span_id=held.id_)
        out.append(span)
    return out


def _bracketed_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Advanced Light Helicopter (ALH)', 'Project 885M (Yasen-M)': a platform and the other name in brackets right
    after it are one platform, as the catalogue names either when it knows one of them ('Multi-Role Helicopter
    (IMRH)': the catalogue's HAL IMRH)."""
    by_end = {span.end: n for n, span in enumerate(spans)}
    out = list(spans)
    for n, span in enumerate(spans):
        name = by_end.get(span.start - 1)
        if name is None or doc[span.start - 1].text != "(" or spans[name].label_ != span.label_ or \
                span.end >= len(doc) or doc[span.end].text != ")":
            continue
        source = spans[name] if spans[name].kb_id_ or not span.kb_id_ else span
        for k in (n, name):
            out[k] = Span(doc, spans[k].start, spans[k].end, label=source.label_, kb_id=source.kb_id_,
                          span_id=source.id_)
    return out


def _pennants(doc: Doc, spans: list[Span]) -> list[Span]:
    """'SAS Amatola (F145)', 'Weifang (Hull 550)', 'the submarine “Humaitá” (S-41)': the number in brackets after a
    named vessel is a mention of that vessel (an alias in its record), never a platform of its own."""
    out = []
    for span in spans:
        k = span.end + (span.end < len(doc) and doc[span.end].tag_ == "''")  # a closing quote
        if span.label_ not in ("ship", "submarine") or k >= len(doc) or doc[k].text != "(":
            continue
        close = next((t.i for t in doc[k + 1:min(k + 4, len(doc))] if t.text == ")"), None)
        if close is not None and close > k + 1 and _is_pennant(doc[k + 1:close].text):
            out.append(Span(doc, k + 1, close, label=span.label_, kb_id=span.kb_id_, span_id=span.id_))
    return out


def _pennant(doc: Doc, span: Span) -> bool:
    """The span is the hull number in brackets after a ship's name ('JS Yubetsu (FFM-8)', 'the submarine
    “Humaitá” (S-41)'): part of the name."""
    return len(span) == 1 and 0 < span.start and span.end < len(doc) and doc[span.start - 1].text == "(" \
        and doc[span.end].text == ")" and bool(HULL_NUMBER.match(span.text)) and span.start >= 2 \
        and (doc[span.start - 2].text[:1].isupper() or doc[span.start - 2].tag_ == "''")


def _singular(word: str, nouns: set[str] | dict[str, str]) -> str:
    """A lower-case word as one of `nouns` when it is that noun or its plural ("frigates"), else as it is:
    the lemma our noun lists need, without the base model's lemmatizer."""
    return word[:-1] if word not in nouns and word.endswith("s") and word[:-1] in nouns else word
