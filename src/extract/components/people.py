"""`extract_people`: named people, merged within the article, with title, country and a stable id.

Reads the base model's PERSON entities (the platform component has already removed those a platform claims),
strips titles and ranks out of the names, finds names the model missed right after a title, drops what is not
a person (places after "in"/"at", acronyms, designators, demonyms, a title alone), and merges the mentions
of one person: full names by their normalised tokens (spelling rules for transliteration, particles and
"Jr." left out, initials agreeing), a single name with the person whose name holds it. Title and country come
from the text (pre-nominal, appositive, "Russian"/"India's"), else from the office-holder catalogue.
Writes `doc.spans["people"]` (one span per mention, `kb_id_` = the person's id) and `doc._.people`:
[{"id", "name", "aliases", "title", "country", "mentions": [[start, end], ...]}].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..data import read_csv, read_jsonl, split_list
from ..lexicon import NOUN_TAGS, WordLists, forms, read_words
from ..names import name_key
from .countries import CountryLexicon, Gazetteer, world_cities, world_place_names
from .person_names import NameParser, is_common_word
from .serialise import DataComponent, config_defaults, data_paths
from .wordclass import POSSESSIVE, is_proper

SPAN_KEY = "people"
PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_CLAUSES = ("advcl", "relcl", "ccomp", "parataxis", "conj", "csubj")  # clauses with subjects of their own
NAMED_COUNTRIES = "extract_people:named_countries"  # doc.user_data key of `_named_countries`, per call
PLACE_DEPS = ("pobj", "conj", "appos", "npadvmod")  # where a place name stands in a sentence
OFFICE_REACH = 25  # tokens of an office in apposition before a name, at most
APPOSITION_REACH = 10  # tokens of an appositive title's "of" phrase read for its country
VESSEL_CATEGORIES = ("ship", "submarine")  # platform categories of vessels, which are named like people

if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)


PEOPLE_DEFAULTS = config_defaults("extract_people")
PEOPLE_PATHS = data_paths(PEOPLE_DEFAULTS)


@Language.factory("extract_people", default_config=PEOPLE_DEFAULTS)
def make_people(nlp: Language, name: str, titles: str, countries: str, transliteration: str, name_parts: str,
                catalogue: str, organisations: str, places: str, context_nouns: str, site_nouns: str,
                words: str) -> DataComponent:
    """Data paths are relative to the models folder (see serialise.py)."""
    settings = {key: value for key, value in locals().items() if key in PEOPLE_PATHS}
    return DataComponent(nlp, name, _build, settings, paths=PEOPLE_PATHS)


def _build(nlp: Language, name: str, titles: str, countries: str, transliteration: str, name_parts: str,
           catalogue: str, organisations: str, places: str, context_nouns: str, site_nouns: str,
           words: str) -> "PeopleRecogniser":
    return PeopleRecogniser(nlp, name, titles, countries, transliteration, name_parts, catalogue,
                            [p for p in (organisations, places) if p], WordLists(words), context_nouns, site_nouns)


@dataclass
class _Person:
    tokens: tuple[str, ...]  # normalised core tokens of the fullest form
    name: str
    title: str | None = None
    country: str | None = None
    forms: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    titled: bool = False
    guess: str | None = None  # the one country of a titled mention's sentence, used last


@dataclass(frozen=True)
class OfficeHolder:
    id: str
    name: str
    country: str
    role: str


class PeopleRecogniser:
    """Title lexicon in a PhraseMatcher; spelling rules for transliteration; merging by normalised tokens."""

    def __init__(self, nlp: Language, name: str, titles: str, countries: str, transliteration: str,
                 name_parts: str, catalogue: str, gazetteers: list[str], words: WordLists,
                 context_nouns: str = "", site_nouns: str = "") -> None:
        self.name = name
        self.place_prepositions = words.words("place_prepositions")
        self._normalised: dict[str, str] = {}  # normalise() of the name tokens seen, bounded
        self.gazetteer = Gazetteer.from_csv(*gazetteers)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_country: dict[str, str] = {}
        self.honorifics: set[str] = set()
        self.title_words: set[str] = set()
        title_rows = read_csv(titles, required=("title",))
        for row in title_rows:
            key = row["title"].lower()
            self.title_matcher.add("TITLE", [nlp.make_doc(row["title"])])
            self.title_words.add(key)
            if row.get("country"):
                self.title_country[key] = row["country"]
            if row.get("kind") == "honorific":
                self.honorifics.add(key)
        self.countries = CountryLexicon.from_csv(countries)
        self.cities = world_cities(self.countries)
        self.place_names = world_place_names()
        self.names = NameParser([row["title"] for row in title_rows], name_parts)
        self.not_name_nouns = words.words("not_name_nouns")
        self.naming_verbs = words.words("naming_verbs")
        self.site_nouns = read_words(site_nouns) if site_nouns else frozenset()
        # nouns for a vessel ("the frigate X"): a name after one is a ship's, in the whole article
        self.vessel_nouns = frozenset(form for row in read_csv(context_nouns, required=("lemma", "category"))
                                      if row["category"] in VESSEL_CATEGORIES
                                      for form in forms(row["lemma"], NOUN_TAGS)) if context_nouns else frozenset()
        self.spelling = [(re.compile(r["pattern"]), r["replace"])
                         for r in read_jsonl(transliteration, required=("pattern", "replace"))]
        self.skip = {row["word"] for row in read_csv(name_parts, required=("word", "role"))} if name_parts else set()
        self.catalogue: dict[tuple[str, ...], OfficeHolder] = {}
        if catalogue:
            for row in read_csv(catalogue, required=("id", "name", "country")):
                holder = OfficeHolder(row["id"], row["name"], row["country"], row.get("role", ""))
                for form in [row["name"], *split_list(row.get("aliases", ""))]:
                    self.catalogue.setdefault(self.core(form.split()), holder)

    # -- names -------------------------------------------------------------------------------------------------
    def normalise(self, token: str) -> str:
        """One name token in the form used to compare names: name key, then the spelling rules."""
        key = self._normalised.get(token)
        if key is None:
            key = name_key(token)
            for pattern, replace in self.spelling:
                key = pattern.sub(replace, key)
            if len(self._normalised) < 100_000:
                self._normalised[token] = key
        return key

    def core(self, words: list[str]) -> tuple[str, ...]:
        """The comparable tokens of a name: normalised, particles and suffixes left out."""
        # a particle or suffix is known by its written form: the spelling rules may change it ("junior")
        return tuple(k for w in words if (k := self.normalise(w)) and k not in self.skip
                     and name_key(w) not in self.skip)

    def person_id(self, person: _Person) -> str:
        holder = self.catalogue.get(person.tokens)
        return holder.id if holder else "p:" + "-".join(person.tokens)

    # -- the component -----------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        titles: dict[int, tuple[int, int]] = {}  # end token -> (start, end) of the longest title ending there
        for _, start, end in self.title_matcher(doc):
            if end not in titles or start < titles[end][0]:
                titles[end] = (start, end)
        title_starts = {start: end for start, end in titles.values()}
        taken = {i for span in doc.spans.get("platforms", []) for i in range(span.start, span.end)}

        entities = list(doc.ents)  # doc.ents builds its spans on every call: read them once
        ents_by_sent: dict[int, list[Span]] = {}
        for ent in entities:
            ents_by_sent.setdefault(ent.sent.start, []).append(ent)
        names: list[tuple[int, int]] = []
        for ent in entities:
            if ent.label_ == "PERSON":
                start, end = self._trim(doc, ent.start, ent.end, title_starts)
                if start < end:
                    names.append(self._extend(doc, *self._lengthen(doc, start, end, titles)))
        ent_start = {i: ent for ent in entities for i in range(ent.start, ent.end)}
        for start, end in titles.values():  # names the model missed (or took for an ORG) right after a title
            after_comma = end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].is_title
            if after_comma and end + 1 not in title_starts and end + 1 not in ent_start:
                end += 1  # "Baykar's chief technology officer, Selçuk Bayraktar" (no entity, no title after)
            elif after_comma or end in title_starts:
                continue
            j = end
            while j < len(doc) and is_proper(doc[j]) and doc[j].is_title and j not in taken and (
                    j not in ent_start or (ent_start[j].label_ == "ORG" and ent_start[j].start <= end
                                           and not self.gazetteer.lookup(ent_start[j].text))):
                j += 1
            hyphenated = j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].is_title  # "Maritime Self-Defense"
            if j > end and not hyphenated:
                names.append(self._extend(doc, end, j))
        names = [n for n in (self._strip_titles(doc, s, e, titles) for s, e in names) if n]
        vessels = self._vessel_names(doc)
        names = sorted({n for n in names if n[1] > n[0] and not self._not_a_name(doc, *n, titles, vessels)})
        touching: list[tuple[int, int]] = []  # "Zaheer" + "Ahmed Babar Sidhu": one name cut in two
        for start, end in names:  # and overlapping ones: "Zaheer" after a title, "[Zaheer] Ahmed Babar Sidhu"
            if touching and touching[-1][1] >= start:
                touching[-1] = (touching[-1][0], max(end, touching[-1][1]))
            else:
                touching.append((start, end))
        names = touching

        people = [p for p in self._merge(doc, names, titles, ents_by_sent) if self._keep(doc, p)]
        self._add_given_names(doc, people)
        self._add_missed_surnames(doc, people, taken)
        for person in people:
            holder = self.catalogue.get(person.tokens)
            if holder:
                person.country = person.country or holder.country
                person.title = person.title or holder.role or None
            person.country = person.country or person.guess
        if any(p.country is None for p in people):
            dominant = self._dominant_country(doc)
            for person in people:
                if person.country is None:
                    person.country = dominant
        doc.spans[SPAN_KEY] = [Span(doc, s, e, label="PERSON", kb_id=self.person_id(p))
                               for p in people for s, e in p.mentions]
        doc._.people = [
            {
                "id": self.person_id(p),
                "name": p.name,
                "aliases": sorted({f for f in p.forms if name_key(f) != name_key(p.name) and " " in f}),
                "title": p.title,
                "country": p.country,
                "mentions": [[doc[s].idx, doc[e - 1].idx + len(doc[e - 1])] for s, e in sorted(p.mentions)],
            }
            for p in people
        ]
        doc.user_data.pop(NAMED_COUNTRIES, None)  # read once per call, not kept on the Doc
        return doc

    def _add_given_names(self, doc: Doc, people: list[_Person]) -> None:
        """A person known by a surname only whose full name the model tagged as something else or nothing:
        'Minister Bakker said' after 'Defence Minister Ilse Bakker' read as an organisation. The given name is a
        proper, capitalised word right before the surname that is no title, country or ordinary word."""
        single = {person.name for person in people if len(person.tokens) == 1}
        if not single:
            return
        at: dict[str, list[int]] = {}  # where each one-word name stands, found in one walk of the document
        for token in doc:
            if token.text in single and token.i > 0:
                at.setdefault(token.text, []).append(token.i)
        for person in people:
            if len(person.tokens) != 1:
                continue
            for i in at.get(person.name, []):
                token = doc[i]
                if any(s == i for s, _ in person.mentions):
                    continue
                given = doc[i - 1]
                if given.is_title and is_proper(given) and given.ent_type_ != "PERSON" and not (
                        given.lower_ in self.title_words or self.countries.country(given.text)
                        or is_common_word(given.text) or self.gazetteer.lookup(given.text)):
                    person.tokens = self.core([given.text, token.text])
                    person.name = f"{given.text} {token.text}"
                    person.forms.append(person.name)
                    person.mentions.append((given.i, token.i + 1))
                    break

    def _add_missed_surnames(self, doc: Doc, people: list[_Person], taken: set[int]) -> None:
        """Later mentions of a known person's surname that the model tagged otherwise ('Pistorius said')."""
        surnames: dict[str, list[_Person]] = {}
        for person in people:
            if len(person.tokens) > 1:
                surnames.setdefault(person.tokens[-1], []).append(person)
        if not surnames:
            return
        covered = taken | {i for p in people for s, e in p.mentions for i in range(s, e)}
        for token in doc:
            if token.i in covered or not is_proper(token) or not token.is_title:
                continue
            owners = surnames.get(self.normalise(token.text), [])
            if len(owners) == 1 and min(owners[0].mentions)[0] < token.i:
                owners[0].mentions.append((token.i, token.i + 1))
                owners[0].forms.append(token.text)

    def _trim(self, doc: Doc, start: int, end: int, title_starts: dict[int, int]) -> tuple[int, int]:
        """Token range of the bare name: leading titles, trailing possessives and punctuation removed."""
        while start in title_starts and title_starts[start] < end:
            start = title_starts[start]
        while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
            end -= 1
        while start < end and doc[start].is_punct:
            start += 1
        return start, end

    def _extend(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Carry a name on through particles the model cut at: 'Ruben van' + 'der Linde'."""
        while True:
            j = end
            while j < len(doc) and doc[j].lower_ in self.skip and not doc[j].is_title:
                j += 1
            if j == end or j >= len(doc) or not (doc[j].is_title and is_proper(doc[j])):
                if end < len(doc) and doc[end].is_title and self.names.is_suffix(doc[end].text):
                    end += 1  # "Ilda Barbosa Junior"
                return start, end
            end = j + 1
            while end < len(doc) and doc[end].is_title and is_proper(doc[end]):
                end += 1

    def _not_a_name(self, doc: Doc, start: int, end: int, titles: dict[int, tuple[int, int]],
                    vessels: set[tuple[str, ...]]) -> bool:
        """A title alone ('General', 'Staff'), a demonym ('Azerbaijani'), a designator ('K9A1EGY'), an acronym; untitled,
        a name holding an organisation, office or ceremony noun ('Joint Chiefs', 'Wreath Laying Ceremony'), or a
        name the article gives a vessel ('the frigate Anson', 'HMCS Fredericton' ... 'Fredericton')."""
        span = doc[start:end]
        text = span.text
        if text.lower() in self.title_words or text.lower() + "." in self.title_words or self.countries.country(text):
            return True
        if self.names.is_title_only(text):
            return True
        if end - start > 1 and any(t.lower_ in self.not_name_nouns for t in span):
            return True
        if start not in titles and self.core(text.split()) in vessels:
            return True
        if self.gazetteer.lookup(text) and not (start > 0 and doc[start - 1].lower_ in self.title_words):
            return True  # a company, a force or a place the model took for a person ("Babcock", "Kyiv")
        if any(ch.isdigit() for ch in text):
            return True
        return end - start == 1 and text.isupper() and len(text) > 1

    def _keep(self, doc: Doc, person: _Person) -> bool:
        """A one-word name with no title that only ever follows 'in'/'at' is a place ('at Sasebo'); one that is an
        ordinary English word and is only ever used as one ('the Sailor', 'Patriot batteries'), or a place of the
        world's gazetteer that never acts, is no name."""
        if len(person.tokens) > 1 or person.titled:
            return True
        if is_common_word(person.name) and all(_used_as_word(doc[s]) for s, _ in person.mentions):
            return False
        # a place of the world named only where places stand ("flew on to Tacloban", "Kherson, Mykolaiv and ...")
        # is no person; one that acts, owns or modifies ("Hamilton said", "Clinton's plan") may be
        if person.name in self.place_names and all(doc[s].dep_ in PLACE_DEPS for s, _ in person.mentions):
            return False
        return not all(s > 0 and doc[s - 1].lower_ in self.place_prepositions for s, _ in person.mentions)

    def _vessel_names(self, doc: Doc) -> set[tuple[str, ...]]:
        """The names the article gives vessels: the ships and submarines the platforms component found, without a
        national prefix ('HMCS Fredericton' -> 'Fredericton'), and the names after a vessel noun ('the frigate
        Anson')."""
        found = set()
        for span in doc.spans.get("platforms", []):
            if span.label_ in VESSEL_CATEGORIES:
                words = span.text.split()
                found.add(self.core(words[1:] if len(words) > 1 and words[0].isupper() else words))
        for token in doc:
            # "the frigate Anson"; "the submarine, named Anson at a ceremony"
            named = token.lower_ in self.naming_verbs and any(
                t.lower_ in self.vessel_nouns for t in (token.head, *token.head.children, *token.children))
            if (token.lower_ in self.vessel_nouns or named) and token.i + 1 < len(doc):
                end = token.i + 1
                while end < len(doc) and doc[end].is_title and is_proper(doc[end]):
                    end += 1
                if end > token.i + 1:
                    found.add(self.core(doc[token.i + 1:end].text.split()))
        return found

    def _strip_titles(self, doc: Doc, start: int, end: int,
                      titles: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
        """The name without the leading titles nameparser reads that the lexicon has not as written ("Gen Muhammad
        Ali", "Chairperson Dr Raza Samar", "Delegate Ana Ruiz"), which become the name's title; None for titles
        only ("Staff", "Delegate"). A name word may be a title's too: "Gen Nakatani" keeps "Gen" when no second
        name word would be left."""
        n = self.names.leading_titles([t.text for t in doc[start:end]])
        if n == end - start:
            return None
        if n and start + n + 1 < end:
            titles.setdefault(start + n, (start, start + n))
            return start + n, end
        return start, end

    def _lengthen(self, doc: Doc, start: int, end: int, titles: dict[int, tuple[int, int]]) -> tuple[int, int]:
        """A given name the model left out before the surname it tagged: 'Marise [Payne]'."""
        for _ in range(2):
            if start == 0 or start in titles:
                break
            token = doc[start - 1]
            if not (token.is_title and is_proper(token) and not token.ent_type_ and token.lower_ not in self.title_words
                    and not self.countries.country(token.text) and not is_common_word(token.text)):
                break
            start -= 1
        return start, end

    def _title_and_country(self, doc: Doc, start: int, end: int,
                           titles: dict[int, tuple[int, int]]) -> tuple[str | None, str | None]:
        """Pre-nominal title ('Russian Defence Minister X'), appositive (', India's Defence Minister'), or a
        noun phrase in apposition ('his Australian counterpart, Richard Marles')."""
        title = country = None
        before = titles.get(start)
        if before:
            chain = [before]  # "the First Sea Lord, General Sir X": Sir, General, First Sea Lord
            while (outer := titles.get(chain[-1][0])) or (
                    chain[-1][0] > 1 and doc[chain[-1][0] - 1].text == "," and (outer := titles.get(chain[-1][0] - 1))):
                chain.append(outer)
            offices = [doc[a:b].text for a, b in chain if doc[a:b].text.lower() not in self.honorifics]
            title = offices[0] if offices else None
            # "Russian Defence Minister X"; "Sevmash CEO X": the company the title is of
            country = self.countries.country_before(doc, chain[-1][0]) or self._entity_country_ending_at(
                doc, chain[-1][0])
        elif end + 1 < len(doc) and doc[end].text == ",":
            j = end + 1
            lead = self.countries.country_at(doc, j)
            if lead:
                j, country = lead
            for title_end, (title_start, _) in sorted(titles.items()):
                if title_start == j:
                    title = doc[title_start:title_end].text
                    # "X, managing director of BAE Systems", "X, commander of the 2nd Division, JGSDF"
                    country = country or self._entity_country_after(doc, title_end)
            if title is None:
                country = None
        if not before and start > 1 and doc[start - 1].text == ",":  # "the Minister of Industry and Commerce, X"
            office = self._office_before(doc, start - 1, titles)
            if office is not None:
                title = doc[office:start - 1].text
                country = country or self.countries.country_before(doc, office)
        if not country and end + 1 < len(doc) and doc[end].text == ",":  # "Captain X, commander of ..., JMSDF"
            country = next((self._entity_country_after(doc, title_end) for title_end, (title_start, _) in
                            titles.items() if title_start == end + 1), None)
        if not country:
            country = self._appositive_country(doc, start, end)
        if title and not country:
            country = self.title_country.get(title.lower())
        if not country:
            country = self.countries.country_before(doc, start)
        if not country:  # a demonym opening the name's phrase: "Pakistani Chairman Joint Chiefs ... General X"
            left = doc[start:end].root.left_edge.i
            if left < start and (found := self.countries.country_at(doc, left)):
                country = found[1]
        return title, country

    def _office_before(self, doc: Doc, comma: int, titles: dict[int, tuple[int, int]]) -> int | None:
        """Where an office in apposition before a name starts ('..., the Minister Delegate to the Head of Government
        in charge of X, [name]'): the first title of the stretch since the last comma or the sentence start, when
        no verb and no other person stands between it and the comma. The office is kept whole."""
        first = doc[comma].sent.start
        for i in range(comma - 1, max(first, comma - OFFICE_REACH) - 1, -1):
            if doc[i].text in (",", ";", "(", ")") or doc[i].ent_type_ == "PERSON":
                first = i + 1
                break
        starts = {start for start, _ in titles.values()}
        for i in range(first, comma):
            if i in starts:
                between = doc[i:comma]
                if not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in between):
                    return i
                return None
        return None

    def _entity_country_ending_at(self, doc: Doc, i: int) -> str | None:
        """The country of the organisation or place entity that ends right before token `i`."""
        j = i - 1
        if j < 0 or not doc[j].ent_type_:
            return None
        while j > 0 and doc[j].ent_iob_ == "I":
            j -= 1
        return self._entity_country(Span(doc, j, i, label=doc[j].ent_type_), employer=True)

    def _entity_country_after(self, doc: Doc, i: int) -> str | None:
        """The country of the first entity with one in the 'of' phrase of an appositive title ending at token `i`
        ('... director of BAE Systems', '... commander of the 2nd Division, JGSDF'), within a few tokens."""
        if i >= len(doc) or doc[i].lower_ != "of":
            return None
        j = i + 1
        origins = doc._.platform_origins or {}  # "... commanding officer of the destroyer X": the ship's navy
        vessels = {span.start: span for span in doc.spans.get("platforms", []) if span.label_ in VESSEL_CATEGORIES}
        while j < min(i + APPOSITION_REACH, len(doc)) and doc[j].text not in (";", ")") and not doc[j].is_sent_start:
            if j in vessels and (origin := origins.get(vessels[j].kb_id_)):
                return self.countries.country(origin) or origin
            if doc[j].ent_iob_ == "B":
                end = j + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
                if country := self._entity_country(Span(doc, j, end, label=doc[j].ent_type_), employer=True):
                    return country
                j = end
            else:
                j += 1
        return None

    def _sentence_country(self, ents: list[Span]) -> str | None:
        """The one country a titled person's sentence names ('In Japan's ... , Defence Minister X'), if only one."""
        found = {c for ent in ents if ent.label_ in ("GPE", "NORP", "ORG", "LOC", "FAC")
                 for c in [self._entity_country(ent)] if c}
        return found.pop() if len(found) == 1 else None

    def _entity_country(self, ent: Span, employer: bool = False) -> str | None:
        """The country an entity names or is in: a country or demonym, a catalogue place or organisation, a city of
        the world ('Salé' -> Morocco), a country inside an organisation's name. An organisation that names a site
        ('the 5th Air Force Base') says nothing of the site's country; a catalogue organisation's country counts
        only where the article names that country too, unless the organisation is the person's `employer` ('Hanwha
        Aerospace CEO X')."""
        if ent.label_ == "ORG" and ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in self.site_nouns \
                and ent.doc[ent.end].is_title:
            return None
        if country := self.countries.country(ent.text) or self._country_in(ent.text) or (
                self.cities.get(ent.text) if ent.label_ in PLACE_LABELS else None):
            return country
        country = (self.gazetteer.lookup(ent.text) or ("", ""))[1]
        if country and ent.label_ == "ORG" and not employer and country not in self._named_countries(ent.doc):
            return None  # "the Royal Air Force" in a story that names no United Kingdom: another kingdom's
        return country or None

    def _named_countries(self, doc: Doc) -> set[str]:
        """The countries the article names, by name, demonym, or a city in them (read once per document)."""
        if NAMED_COUNTRIES not in doc.user_data:
            doc.user_data[NAMED_COUNTRIES] = {c for ent in doc.ents if ent.label_ in ("GPE", "NORP", "LOC", "FAC")
                                  for c in [self.countries.country(ent.text) or self._country_in(ent.text)
                                            or (self.cities.get(ent.text) if ent.label_ in PLACE_LABELS else None)
                                            or (self.gazetteer.lookup(ent.text) or ("", ""))[1]] if c}
        return doc.user_data[NAMED_COUNTRIES]

    def _dominant_country(self, doc: Doc) -> str | None:
        """The country most of the article's places, forces and demonyms belong to, when one leads (a ministry's
        press release about its own navy), or the only one it names: the last resort for a person's country.
        Between two named as often, the one whose places the article names wins: where things happen is the
        home side, a demonym marks the visitors ("the Pakistani delegation ... in Cairo")."""
        counts: dict[str, tuple[int, int]] = {}
        for ent in doc.ents:  # called at most once per doc
            if ent.label_ in ("GPE", "NORP", "ORG", "LOC", "FAC") and (country := self._entity_country(ent)):
                total, places = counts.get(country, (0, 0))
                counts[country] = (total + 1, places + (ent.label_ in PLACE_LABELS))
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
        (country, top), runner = ranked[0], ranked[1][1] if len(ranked) > 1 else None
        return country if runner is None or (top[0] >= 2 and top > runner) else None

    def _country_in(self, text: str) -> str | None:
        """A country named inside an organisation's name: 'the Japan Maritime Self-Defense Force'."""
        words = text.split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                if country := self.countries.country(" ".join(words[i:i + n])):
                    return country
        return None

    def _appositive_country(self, doc: Doc, start: int, end: int) -> str | None:
        """The country of a noun phrase in apposition to the name, either way round."""
        root = doc[start:end].root
        phrases = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            phrases.append(root.head)
        for head in phrases:
            for token in head.children:
                if token.dep_ in ("amod", "compound", "poss", "nmod") and (
                        country := self.countries.country(token.text)):
                    return country
        return None

    def _merge(self, doc: Doc, names: list[tuple[int, int]], titles: dict[int, tuple[int, int]],
               ents_by_sent: dict[int, list[Span]]) -> list[_Person]:
        people: list[_Person] = []
        # the words before each name in its noun phrase ("Pakistani Chairman ... General [X]"): another's clues
        fronts = {(s, e): range(doc[s:e].root.left_edge.i, s) for s, e in names}
        full = sorted((n for n in names if n[1] - n[0] > 1), key=lambda n: (-(n[1] - n[0]), n[0]))
        single = [n for n in names if n[1] - n[0] == 1]
        for start, end in full + single:
            tokens = self.core(doc[start:end].text.split())  # "Jae-myung" is one name word
            if not tokens:
                continue
            text = doc[start:end].text
            person = self._find(people, tokens, start)
            if person is None:
                person = _Person(tokens=tokens, name=text)
                people.append(person)
            elif len(tokens) > len(person.tokens) or (tokens == person.tokens and len(text) > len(person.name)):
                person.tokens, person.name = tokens, text  # the fullest form: "X Barbosa Junior" over "X Barbosa"
            person.forms.append(text)
            person.mentions.append((start, end))
            title, country = self._title_and_country(doc, start, end, titles)
            person.titled = person.titled or start in titles
            person.title = person.title or title
            person.country = person.country or country
            if person.guess is None:
                others = {i for name, front in fronts.items() if name != (start, end) for i in front}
                sentence = [e for e in ents_by_sent.get(doc[start].sent.start, []) if e.start not in others]
                clause = _clause_tokens(doc[start:end].root)
                person.guess = self._sentence_country([e for e in sentence if e.root.i in clause]) or \
                    self._sentence_country(sentence)
        people.sort(key=lambda p: min(p.mentions))
        return people

    @staticmethod
    def _find(people: list[_Person], tokens: tuple[str, ...], start: int) -> _Person | None:
        """The person these name tokens refer to: the same name; a shorter form of it ('Lula da Silva' of
        'Luiz Inácio Lula da Silva') with agreeing initials; or a single name held by the person's name
        (surname first or last: 'Ahn' of 'Ahn Gyu-back'), the last-name match and then the latest first."""
        for person in people:
            if person.tokens == tokens:
                return person
        if len(tokens) == 1:
            candidates = [p for p in people if tokens[0] in p.tokens]
            if len(candidates) > 1:
                def rank(p: _Person) -> tuple[bool, int]:
                    return p.tokens[-1] == tokens[0], max((s for s, _ in p.mentions if s < start), default=-1)
                candidates = sorted(candidates, key=rank)[-1:]
            return candidates[0] if candidates else None
        for person in people:
            if person.tokens[-1] == tokens[-1] and _given_names_agree(person.tokens[:-1], tokens[:-1]):
                return person
        return None


def _given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """'vladimir' ~ 'vladimir v'; 'v' ~ 'vladimir'; but 'george h w' and 'george w' differ in initials."""
    initials_a = {x for x in a if len(x) == 1}
    initials_b = {x for x in b if len(x) == 1}
    if initials_a and initials_b and initials_a != initials_b:
        return False
    short, long = sorted((a, b), key=len)
    if not short:
        return False
    it = iter(long)
    return all(any(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
                   for y in it) for x in short)


def _used_as_word(token: Token) -> bool:
    """The word is used as an ordinary word, not a name: after a determiner ('the Sailor'), or modifying the noun
    after it ('Patriot batteries')."""
    return (token.i > 0 and token.doc[token.i - 1].tag_ == "DT") or (
        token.dep_ in ("compound", "amod") and token.head.i > token.i)


def _clause_tokens(token: Token) -> set[int]:
    """The tokens of the clause a name stands in, without the other clauses hanging from it ("..., while the
    corvettes X and Y sailed under ..."): the country a clause names is the person's before the sentence's."""
    head = token
    while head.dep_ not in OTHER_CLAUSES and head.head.i != head.i and not (head.tag_.startswith("VB")):
        head = head.head
    inside = {t.i for t in token.ancestors} | {token.i}
    found, stack = set(), [head]
    while stack:
        node = stack.pop()
        found.add(node.i)
        stack.extend(c for c in node.children if c.i in inside or c.dep_ not in OTHER_CLAUSES)
    return found
