"""`extract_events`: typed events with date, status, locations, participants and platforms.

Triggers (lemmas and phrases) and named-event shapes are Matcher patterns under `models/patterns/`. A sentence
holds at most one event of a type; its arguments are read from that sentence: the nearest date mention, the
places governed by "in/at/to", the people (by canonical name), countries (named or by demonym) and platforms.
Mentions without a date or name of their own ("the visit", "Putin's upcoming visit") join the event they
refer to. Writes `doc._.events`: a list of dicts in the shape of `records.Event`, plus "mentions" (spans).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, LOWER

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..data import DataFileError, read_csv, split_list
from ..lexicon import WordLists, read_patterns
from ..names import name_key
from ..records import EVENT_TYPES
from .countries import CountryLexicon, Gazetteer
from .matching import ArrayDependencyMatcher, TokenMatcher
from .platforms import _singular
from .wordclass import is_noun, is_proper, is_verb, is_verbal

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPOSITIONS = {"in", "at", "to", "near", "off", "into", "across"}
# events done to a platform: when the parse gives the trigger none, the platforms of its line are taken
PLATFORM_EVENT_TYPES = {"commissioning", "delivery", "launch", "test", "agreement"}
SITE_PREPOSITIONS = {"at"}
SITE_NOUNS = {"pier", "yard", "shipyard", "base", "port", "dock", "range", "ground", "airfield", "facility", "plant",
              "factory", "wharf", "jetty", "berth", "hangar", "site"}  # an organisation "at" which something happens is its site: "at the Yantar Shipyard"
ANAPHORIC_DETERMINERS = {"the", "this", "that", "these", "those", "its", "his", "her", "their"}
NOT_EVENT_DATES = {"since"}
# "ahead of delivery", "prior to commissioning", "before the launch", "pending the handover": awaited, not happening
AWAITING_PREPOSITIONS = {"before", "pending", "until", "awaiting"}
AWAITING_HEADS = {("of", "ahead"), ("to", "prior")}
CLASS_NAME = re.compile(r"(?i)[- ]class$|^type \d+")  # "Mogami-class", "Type 26": a class, not a hull
PLACE_NOUNS = {"port", "city", "town", "base", "region", "province", "island", "area", "district", "village"}
COMPASS_WORDS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                 "northeastern", "northwestern", "southeastern", "southwestern"}
VESSELS = {"ship", "submarine"}
REFERRING_DETERMINERS = {"the", "both", "these", "those", "its", "their", "two"}
REPORTING_TAGS = {"VBD", "VBZ", "VBP", "MD", "VBN"}  # a line with none of these is a heading, not a report
# verbs whose objects are topics, in their forms (the pipeline has no lemmatizer)
TOPIC_VERBS = {"discuss", "discusses", "discussed", "discussing", "consider", "considers", "considered",
               "considering", "explore", "explores", "explored", "exploring", "weigh", "weighs", "weighed",
               "weighing", "debate", "debates", "debated", "debating"}
STATE_KINDS = {"armed_service", "command", "ministry", "agency"}
# the head nouns of state bodies not in the catalogue ("the Vietnamese Coast Guard", not "China State Shipbuilding
# Corporation")
STATE_NOUNS = {"navy", "army", "force", "forces", "corps", "guard", "command", "fleet", "marines", "ministry",
               "department"}
# the head nouns that make an organisation of a name the catalogue does not know ("Chengdu Aircraft Corporation",
# "Hyundai Rotem Company", "the 16th Mechanised Division")
ORGANISATION_NOUNS = STATE_NOUNS | {
    "corporation", "corp", "company", "co", "industries", "industry", "systems", "shipyard", "shipyards",
    "aerospace", "group", "ltd", "inc", "plc", "gmbh", "agency", "works", "dynamics", "technologies", "aviation",
    "organization", "organisation", "division", "brigade", "regiment", "battalion", "squadron", "wing",
    "directorate", "administration", "office", "council", "alliance", "union"}
# words that name no one on their own: "the Defence Force" in "Chief of the Defence Force" is a title's part
GENERIC_WORDS = ORGANISATION_NOUNS | {"the", "of", "and", "defence", "defense", "armed", "national", "joint", "air",
                                      "naval", "military", "federal", "general", "staff", "self", "-"}
LEGAL_SUFFIX = re.compile(r"(?:,?\s+(?:Ltd|Inc|Co|Corp|plc|PLC|GmbH|AG|S\.A|SA|SpA|A\.S|LLC)\.?)+$")
HOST_TYPES = {"visit"}
ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth"]
UNIT_NOUNS = {"division", "brigade", "regiment", "battalion", "squadron", "wing", "fleet", "corps", "command",
              "flotilla", "group"}
CEREMONY_TYPES = {"commissioning", "launch", "delivery"}  # events held at a ceremony
ATTEND_FORMS = {"attend", "attends", "attended", "attending"}
DATELINE_ENDS = {"-", "--", "—", "–"}
CACHE = "extract_events:cache"  # doc.user_data key of `_cache`, removed when the component is done
CEREMONY_WORDS = re.compile(r"(?i)\b(?:ceremony|attend)")
# "the two countries", "both navies": the two countries the article names most
GROUP_NOUNS = {"countries", "nations", "navies", "armies", "militaries", "governments", "allies", "sides",
               "partners", "neighbours", "neighbors"}
# an argument phrase is its head's subtree without the clauses hanging from it (they have arguments of their own)
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj"}
# within a trigger's clause, the clauses of other predicates ("as X pressed ahead", "X said", "who signed")
FOREIGN_CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "parataxis", "csubj"}
VISIT_FORMS = {"visit", "visits", "visited", "visiting"}
REACH_FORMS = {"reach", "reaches", "reached", "reaching"}
BE_PRESENT = {"is", "'s", "are", "'re", "am", "'m", "be"}

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
# the triggers found, marked for the argument patterns' head node by a native token attribute (the Matcher checks it
# in C, where a custom attribute costs a Python call per token and pattern); set for the match, then restored
TRIGGER_MARK = "extract:event_trigger"


@Language.factory("extract_events",
                  default_config={"triggers": "", "named": "", "countries": "", "organisations": "", "places": "",
                                  "arguments": "", "context_nouns": "", "hull_prefixes": "", "words": ""})
def make_events(nlp: Language, name: str, triggers: str, named: str, countries: str,
                organisations: str, places: str, arguments: str, context_nouns: str,
                hull_prefixes: str, words: str) -> "EventRecogniser":
    return EventRecogniser(nlp, name, triggers, named, countries, organisations, places, arguments, context_nouns,
                           hull_prefixes, WordLists(words))


@dataclass
class _Event:
    type: str
    sent: Span
    anchor: Token
    name: str | None = None
    date: str | None = None
    status: str | None = None
    locations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    anaphoric: bool = False
    triggers: list[Token] = field(default_factory=list)
    name_span: tuple[int, int] | None = None
    argued: bool = False  # people or platforms found among the trigger's own arguments
    pair: bool = False  # the arguments say "the two countries", "both navies": the article's two countries


class EventRecogniser:
    def __init__(self, nlp: Language, name: str, triggers: str, named: str, countries: str,
                 organisations: str = "", places: str = "", arguments: str = "", context_nouns: str = "",
                 hull_prefixes: str = "", words: WordLists | None = None) -> None:
        self.name = name
        self.planned_words = words.words("planned")
        self.ceremony_words = numpy.array([nlp.vocab.strings.add(w) for w in ["ceremony", *sorted(ATTEND_FORMS)]],
                                          dtype=numpy.uint64)
        # a ship's prefix says whose navy it serves: "INS Vikrant" -> India ("INS" is Israel's too: the country the
        # article names decides)
        self.hull_prefixes = {row["prefix"]: split_list(row["countries"])
                              for row in read_csv(hull_prefixes, required=("prefix", "countries"))} if hull_prefixes else {}
        # known places as written ("Gdynia", "the Aegean Sea"), for places the base model does not tag
        self.places = PhraseMatcher(nlp.vocab, attr="ORTH")
        if places:
            names = {n for row in read_csv(places, required=("name",))
                     for n in [row["name"], *split_list(row.get("aliases", ""))]}
            self.places.add("PLACE", list(nlp.tokenizer.pipe(sorted(names))))
        self.organisations = Gazetteer.from_csv(organisations) if organisations else Gazetteer({})
        # known organisations as written, for those the base model does not tag ("Damen Shipyards handed over")
        self.known_organisations = PhraseMatcher(nlp.vocab, attr="ORTH")
        if organisations:
            names = {n for row in read_csv(organisations, required=("name",))
                     for n in [row["name"], *split_list(row.get("aliases", ""))] if len(n) > 3}
            self.known_organisations.add("ORG", list(nlp.tokenizer.pipe(sorted(names))))
        # military units by their shape, which the base model seldom tags: "the 16th Mechanised Division",
        # "3rd Marine Littoral Regiment", "the Second Fleet Command"
        self.units = TokenMatcher(nlp.vocab)
        self.units.add("ORG", [[{"LOWER": {"IN": ORDINAL_WORDS}, "OP": "?"},
                                {"TEXT": {"REGEX": r"^(\d{1,3}(st|nd|rd|th)|[A-Z][a-z]+)$"}, "OP": "{1,4}"},
                                {"LOWER": {"IN": sorted(UNIT_NOUNS)}, "IS_TITLE": True}]], greedy="LONGEST")
        self.place_gazetteer = Gazetteer.from_csv(places) if places else Gazetteer({})  # place -> its country
        # nouns that stand for a platform of a category ("the drones", "both vessels"), to find what they refer to
        self.platform_nouns = {row["lemma"]: row["category"]
                               for row in read_csv(context_nouns, required=("lemma", "category"))
                               } if context_nouns else {}
        self.triggers = TokenMatcher(nlp.vocab)  # most triggers are one word: looked up, not tried everywhere
        self.constraints: dict[str, tuple[frozenset, frozenset]] = {}
        self.retype: dict[str, dict[str, str]] = {}
        for number, row in enumerate(read_patterns(triggers, required=("type", "pattern"))):
            _check_type(triggers, row["type"])
            key = f"{row['type']}#{number}"
            # "requires": platform categories the trigger's clause must hold ("fired" + a missile is a test);
            # "unless": categories that make it something else ("launched" + a missile is not a ship launch)
            self.constraints[key] = (frozenset(row.get("requires", ())), frozenset(row.get("unless", ())))
            # "retype": {type: nouns}: what the trigger is done to or by makes it another event ("a mission
            # launched" is an operation, "a consignment arrived" a delivery)
            for other, nouns in row.get("retype", {}).items():
                _check_type(triggers, other)
                self.retype.setdefault(key, {}).update({noun.lower(): other for noun in nouns})
            self.triggers.add(key, [row["pattern"]])
        self.named = TokenMatcher(nlp.vocab)
        self.drop: dict[str, int] = {}
        for number, row in enumerate(read_patterns(named, required=("type", "pattern"))):
            _check_type(named, row["type"])
            key = f"{row['type']}#{number}"
            self.drop[key] = int(row.get("drop", 0))
            self.named.add(key, [row["pattern"]], greedy="LONGEST")
        self.countries = CountryLexicon.from_csv(countries)
        # argument roles: DependencyMatcher patterns from a trigger ("head") to an argument phrase's head ("arg")
        self.arguments = ArrayDependencyMatcher(nlp.vocab)
        self.roles: dict[str, tuple[str, int, frozenset, bool]] = {}
        for number, row in enumerate(read_patterns(arguments, required=("role", "pattern")) if arguments else []):
            ids = [node.get("RIGHT_ID") for node in row["pattern"]]
            if not ids or ids[0] != "head" or "arg" not in ids:
                raise DataFileError(f"{arguments}: pattern {number + 1} must start at node 'head' and name a node 'arg'")
            key = f"{row['role']}#{number}"
            self.roles[key] = (row["role"], ids.index("arg"), frozenset(row.get("unless_head_has", ())),
                               bool(row.get("bare", False)))
            # the head node is a trigger found before (marked on the token), so that the matcher does not try
            # every token of the document as a head
            pattern = [dict(node) for node in row["pattern"]]
            pattern[0]["RIGHT_ATTRS"] = {**pattern[0].get("RIGHT_ATTRS", {}), "ENT_ID": TRIGGER_MARK}
            self.arguments.add(key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self._find(doc)
        finally:
            doc.user_data.pop(CACHE, None)

    def _find(self, doc: Doc) -> Doc:
        published = dt.date.fromisoformat(doc._.published) if doc._.published else None
        person_at = {}
        for person in doc._.people or []:
            for start, end in person["mentions"]:
                person_at[start] = person
        candidates: dict[tuple[int, str], _Event] = {}
        # a trigger of several words stands at its syntactic root: "co-chaired", "handed over", "took delivery"
        triggers = [(self._type(key, token), token) for m, start, end in self.triggers(doc)
                    if self._allowed(doc, key := doc.vocab.strings[m], token := _root(doc, start, end))]
        sentence_types: dict[int, list[str]] = {}
        for event_type, token in triggers:
            sentence_types.setdefault(_line(token).start, []).append(event_type)
        for match_id, start, end in self.named(doc):
            key = doc.vocab.strings[match_id]
            span = doc[start:end]
            # a shape's default type gives way to the sentence's own trigger ("the INDRA 2025 talks")
            line = _line(span.root)
            types = sentence_types.get(line.start, [])
            event_type = key.split("#")[0]
            if types and event_type not in types:
                event_type = types[0]
            event = candidates.setdefault((line.start, event_type), _Event(event_type, line, span.root))
            event.name = doc[start + self.drop[key]:end].text
            event.anchor = span.root
            event.name_span = (start, end)
            event.triggers.append(span.root)
        for event_type, token in triggers:
            sent = _line(token)
            if (sent.start, event_type) in candidates:
                event = candidates[(sent.start, event_type)]
                if is_verb(token) and not is_verb(event.anchor) and event.name is None:
                    event.anchor = token
                event.triggers.append(token)
                continue
            event = _Event(event_type, sent, token, triggers=[token])
            event.anaphoric = is_noun(token) and any(
                c.lower_ in ANAPHORIC_DETERMINERS or c.dep_ == "poss" for c in token.children)
            candidates[(sent.start, event_type)] = event
        owner = {t.i: e for e in candidates.values() for t in e.triggers}
        known_places = [(start, end) for _, start, end in self.places(doc)]
        ents = self._entities(doc) if candidates else []
        ents_by_sent: dict[int, list[Span]] = {}  # Span.ents walks all the doc's entities: read them once
        for ent in ents:
            ents_by_sent.setdefault(_sentence(doc[ent.start]).start, []).append(ent)
        roles: dict[int, list[tuple[str, Token, bool]]] = {}
        if candidates:
            marked = {t.i: t.ent_id for e in candidates.values() for t in (e.anchor, *e.triggers)}
            for i in marked:
                doc[i].ent_id_ = TRIGGER_MARK
            try:
                matches = self.arguments(doc)
            finally:
                for i, ent_id in marked.items():
                    doc[i].ent_id = ent_id
            for match_id, tokens in matches:
                role, arg, unless, bare = self.roles[doc.vocab.strings[match_id]]
                head = doc[tokens[0]]
                if unless and any(child.dep_ in unless for child in head.children):
                    continue
                roles.setdefault(head.i, []).append((role, doc[tokens[arg]], bare))
        events: list[_Event] = []
        ordered = sorted(candidates.values(), key=lambda e: e.anchor.i)
        scopes = [self._argument_tokens(event, roles) for event in ordered]
        for n, event in enumerate(ordered):
            line = event.sent
            # the tokens other events of the line claim as their arguments
            elsewhere = {i for m, (places, others) in enumerate(scopes) if m != n and ordered[m].sent == line
                         for i in places | others}
            self._arguments(doc, event, published, person_at, owner, known_places,
                            [e for e in ents_by_sent.get(_sentence(doc[line.start]).start, [])
                             if line.start <= e.start < line.end],
                            scopes[n], elsewhere)
            self._place(event, events)
        self._add_ceremony_people(doc, events, person_at)
        self._add_topic_country(ents, events)
        doc._.events = [
            {
                "type": e.type,
                "name": e.name,
                "date": e.date,
                "status": e.status,
                "locations": e.locations,
                "participants": e.participants,
                "platforms": e.platforms,
                "evidence": {"start": e.sent.start_char, "end": e.sent.end_char},
                "mentions": [{"start": s, "end": t} for s, t in e.mentions],
            }
            for e in events
        ]
        return doc

    def _entities(self, doc: Doc) -> list[Span]:
        """The base model's entities, with the catalogue's organisations where the model missed or mislabelled
        them ("Damen Shipyards handed over", "Embraer" taken for a person): a catalogue name wins over any entity
        it overlaps except an organisation, a person the people component kept, or a platform."""
        kept = {i for span in [*_spans(doc, "people"), *_spans(doc, "platforms")]
                for i in range(span.start, span.end)}
        # a unit's name grows the model's organisation over its ordinal: "the 11th [Armoured Cavalry Brigade]"
        units = [(start, end) for _, start, end in self.units(doc)  # an ordinal first: "the 16th ...", "Second ..."
                 if (doc[start].lower_ in ORDINAL_WORDS or doc[start].text[:1].isdigit()) and not kept & set(
                     range(start, end))]
        model_ents = list(doc.ents)  # Doc.ents makes its spans anew at every read
        kept |= {i for ent in model_ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
        known = filter_spans([Span(doc, start, end, label="ORG") for _, start, end in self.known_organisations(doc)
                              if not kept & set(range(start, end))] + [Span(doc, s, e, label="ORG") for s, e in units])
        taken = {i for span in known for i in range(span.start, span.end)}
        ents = [ent for ent in model_ents if not taken & set(range(ent.start, ent.end))]
        return sorted([*ents, *known], key=lambda e: e.start)

    def _organisation(self, ent: Span) -> str:
        """An organisation's participant name: the catalogue's ("EU" -> "European Union"), so that one organisation
        has one name across articles; an unknown one as written, without article, possessive or legal form."""
        return self.organisations.canonical(_organisation_text(ent)) or _organisation_text(ent)

    def _type(self, key: str, token: Token) -> str:
        """The trigger's event type, or the one its subject, object or the noun it describes gives it."""
        retype = self.retype.get(key)
        if retype:
            nouns = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
            if token.dep_ in ("acl", "relcl"):  # "the NATO mission launched on Jan 14"
                nouns.append(token.head)
            for noun in nouns:
                if noun.lower_ in retype:
                    return retype[noun.lower_]
        return key.split("#")[0]

    def _allowed(self, doc: Doc, key: str, token: Token) -> bool:
        """A trigger counts unless it only modifies another noun ('commissioning pennants', 'visit programme'),
        names what is awaited or talked about rather than what happens ('ahead of delivery', 'discussed
        further purchases'), or its clause's platforms go against its constraints."""
        if is_noun(token) and token.dep_ == "compound":
            return False
        if _awaited(token) or (token.dep_ == "dobj" and token.head.lower_ in TOPIC_VERBS):
            return False
        requires, unless = self.constraints.get(key, (frozenset(), frozenset()))
        if not requires and not unless:
            return True
        categories = {span.label_ for span in self._clause_platforms(doc, token)}
        return (not requires or bool(categories & requires)) and not (categories & unless)

    @staticmethod
    def _clause_platforms(doc: Doc, anchor: Token) -> list[Span]:
        """Platforms of the trigger's clause, else of its sentence."""
        sent = _sentence(anchor)
        in_sentence = [span for span in _spans(doc, "platforms") if sent.start <= span.start < sent.end]
        clause = anchor if is_verbal(anchor) else anchor.head
        inside = {t.i for t in clause.subtree}
        return [span for span in in_sentence if span.root.i in inside] or in_sentence

    # -- arguments ---------------------------------------------------------------------------------------------
    def _arguments(self, doc: Doc, event: _Event, published: dt.date | None, person_at: dict,
                   owner: dict[int, _Event], known_places: list[tuple[int, int]], ents: list[Span],
                   scope_tokens: tuple[set[int], set[int]], elsewhere: set[int]) -> None:
        sent, anchor = event.sent, event.anchor
        dates = [d for d in _spans(doc, "dates") if sent.start <= d.start < sent.end
                 and not (d.start > 0 and doc[d.start - 1].lower_ in NOT_EVENT_DATES)
                 and not _under_since(d.root, anchor) and not _in_dateline(d)
                 and not (event.name_span and event.name_span[0] <= d.start < event.name_span[1])]
        # a date belongs to the first trigger above it in the parse ("meeting in September 2025");
        # dates that no trigger governs go to the nearest event
        owned = [d for d in dates if _governing_event(d, owner) is event]
        free = [d for d in dates if _governing_event(d, owner) is None]
        if not owned and not free and anchor.dep_ == "conj" and anchor.head.i in owner:
            # "met on Tuesday and signed an agreement": a coordinated verb without a date shares its first verb's
            owned = [d for d in dates if _governing_event(d, owner) is owner[anchor.head.i]]
        if owned or free:
            nearest = min(owned or free, key=lambda d: (_distance(anchor.i, d), d.start < anchor.i))
            event.date = nearest._.date_value
        event.status = self._status(anchor, event.date, published)
        # the tokens of the event's argument phrases (who, what, with whom, where); the whole line when the
        # parse gives the trigger none
        places, others = scope_tokens
        if not places and not others:
            others = set(range(sent.start, sent.end))
        scope = places | others
        # an organisation's site is a place too: "at the Yantar Shipyard", "at Mazagon Dock"
        sited = [ent for ent in ents if ent.label_ == "ORG" and ent.root.i in scope
                 and ent.root.dep_ == "pobj" and ent.root.head.lower_ in SITE_PREPOSITIONS]
        found = [ent for ent in ents if ent.label_ in PLACE_LABELS and ent.root.i in scope
                 and self._is_place_argument(ent, anchor)] + sited
        for start, end in known_places:
            if start in scope and sent.start < start and end <= sent.end \
                    and doc[start - 1].lower_ in PLACE_PREPOSITIONS | {"the"}:
                found.append(doc[start:end])
        name_tokens = set(range(*event.name_span)) if event.name_span else set()
        for span in sorted(filter_spans([self._whole_place(p) for p in found]), key=lambda p: p.start):
            if span.root.i in name_tokens or (event.type == "delivery" and _recipient(span.root)):
                continue  # "MILAN 2024" names the event; "handed over to Saudi Arabia" names who receives
            # "The Hague" keeps its article, "the Arabian Sea" does not
            text = span.text if span[0].text == "The" and not span[0].is_sent_start else _bare(span.text)
            _add(event.locations, text)
        # "at the Second Fleet Command pier": an organisation naming a site is no actor there
        ents = [ent for ent in ents if ent not in sited and not (
            ent.label_ == "ORG" and ent.root.dep_ == "compound" and ent.root.head.lower_ in SITE_NOUNS)]
        people, others_taking_part = self._participants(doc, scope, others, ents, person_at)
        argued = bool(people)
        if not people and not others_taking_part:
            # the parse ties no one to the trigger ("36 jets for the Indian Air Force under an agreement signed in
            # 2016"): whoever the line names outside the arguments of its other events
            line = set(range(sent.start, sent.end)) - elsewhere
            people, others_taking_part = self._participants(doc, line, line, ents, person_at)
        event.pair = any(doc[i].lower_ in GROUP_NOUNS and any(c.lower_ in ("two", "both") for c in doc[i].children)
                         for i in others)
        if event.type in HOST_TYPES:  # the country visited takes part: "a visit to Paris" -> France
            others_taking_part += [c for place in event.locations if (c := self._country_of_place(place))]
        event.people.update(people)
        event.participants = list(dict.fromkeys(people + [c for c in others_taking_part if c not in people]))
        in_line = [span for span in _spans(doc, "platforms") if sent.start <= span.start < sent.end]
        chosen = [span for span in in_line if span.root.i in others]
        if not chosen and event.type in PLATFORM_EVENT_TYPES:  # "HS Kimon (F601): launched at Lorient in 2023"
            chosen = in_line
        if not chosen:  # "both vessels will take part in the exercises"
            chosen = self._referred_platforms(doc, sent, others)
        # a named ship stands for itself: its class, named beside it ("the first of five Type 31 frigates"), goes
        if any(span.label_ in ("ship", "submarine") and not CLASS_NAME.search(span.id_) for span in chosen):
            chosen = [span for span in chosen if not CLASS_NAME.search(span.id_)]
        event.platforms = list(dict.fromkeys(span.id_ for span in chosen))
        event.argued = argued or any(span.root.i in others for span in in_line)
        event.mentions.append((sent.start_char, sent.end_char))

    def _participants(self, doc: Doc, scope: set[int], others: set[int], ents: list[Span],
                      person_at: dict) -> tuple[list[str], list[str]]:
        """(people, then countries and organisations) named in the argument phrases: people by canonical name and
        their countries, countries named or by demonym, organisations and the countries of state bodies."""
        people: list[str] = []
        taking_part: list[str] = []
        for span in _spans(doc, "people"):
            if span.start in scope and (person := person_at.get(span.start_char)):
                _add(people, person["name"])
                if person.get("country"):
                    _add(taking_part, person["country"])
        org_countries = []
        for span in _spans(doc, "platforms"):  # "with INS Vikrant and the French carrier Charles de Gaulle"
            if span.root.i in others and span.label_ in ("ship", "submarine") and (
                    country := self._navy_country(span)):
                org_countries.append(country)
        for ent in ents:
            if ent.label_ in ("GPE", "NORP") and ent.root.i in others and (country := self.countries.country(ent.text)):
                taking_part.append(country)
            elif ent.label_ == "ORG" and ent.root.i in scope:
                # a known organisation ("NATO", "the Royal Navy"), one named after its country ("the Philippine
                # Marine Corps", "the U.S. Army") or by what it is ("Chengdu Aircraft Corporation") takes part
                entry = self.organisations.lookup(_organisation_text(ent))
                if entry or self._leading_country(ent) or _named_organisation(ent):
                    taking_part.append(self._organisation(ent))
                # a state's forces act for it, and bring their country; a company or shipyard does not
                if country := self._state_country(ent):
                    org_countries.append(country)
        return people, taking_part + org_countries

    @staticmethod
    def _argument_tokens(event: _Event,
                         roles: dict[int, list[tuple[str, Token, bool]]]) -> tuple[set[int], set[int]]:
        """(tokens of the 'place' phrases, tokens of the other argument phrases) of the event's triggers,
        within the event's line."""
        line = event.sent
        heads = {event.anchor.i, *(t.i for t in event.triggers)}
        places: set[int] = set()
        # the clause of each trigger, without the clauses that hang from it (subordinate, reported, coordinated)
        others: set[int] = {i for t in (event.anchor, *event.triggers) for i in _clause_tokens(t)
                            if line.start <= i < line.end}
        for head in heads:
            for role, arg, bare in roles.get(head, []):
                (places if role == "place" else others).update(
                    i for i in _phrase(arg, bare) if line.start <= i < line.end)
        if event.name_span:
            others.update(range(*event.name_span))
        return places, others

    def _referred_platforms(self, doc: Doc, sent: Span, scope: set[int]) -> list[Span]:
        """The platforms a definite noun of the clause refers back to: "the drones were ordered" -> the last drone
        named before; "both vessels" -> the last two ships."""
        for token in sent:
            category = self.platform_nouns.get(_singular(token.lower_, self.platform_nouns))
            if token.i not in scope or category is None or not is_noun(token):
                continue
            determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "poss", "nummod")}
            if not determiners & REFERRING_DETERMINERS:
                continue
            family = VESSELS if category == "ship" else {category}  # "both vessels": a frigate and a submarine
            earlier = [span for span in _spans(doc, "platforms") if span.end <= sent.start
                       and span.label_ in family]
            wanted = 2 if determiners & {"both", "two"} else 1
            # the most talked-about platforms of the kind so far, the latest first among equals
            count: dict[str, int] = {}
            last: dict[str, Span] = {}
            for span in earlier:
                count[span.id_] = count.get(span.id_, 0) + 1
                last[span.id_] = span
            ranked = sorted(last, key=lambda i: (count[i], last[i].start), reverse=True)[:wanted]
            return sorted((last[i] for i in ranked), key=lambda span: span.start)
        return []

    def _add_topic_country(self, ents: list[Span], events: list[_Event]) -> None:
        """An event that names no country is about the article's own country, the one its names point to most
        often: countries and demonyms, places in it, its state bodies (a story on Poland's tank deliveries: "the
        first K2PL is due to roll off the line"; a story from Manila on the Philippine Marine Corps)."""
        counts: dict[str, int] = {}
        for ent in ents:
            if (country := self._country_of_entity(ent)):
                counts[country] = counts.get(country, 0) + 1
        if not counts:
            return
        top = max(counts.values())
        leaders = [c for c, n in counts.items() if n == top]  # no single country leads: no guess
        known = set(self.countries.by_name.values())
        ranked = sorted(counts, key=lambda c: -counts[c])
        for event in events:
            if event.pair and len(ranked) > 1:  # "the two countries' annual 2+2 talks"
                for country in ranked[:2]:
                    _add(event.participants, country)
            elif not known & set(event.participants) and len(leaders) == 1 and top >= 2:
                event.participants.append(leaders[0])

    def _add_ceremony_people(self, doc: Doc, events: list[_Event], person_at: dict) -> None:
        """'... commissioned JS Yubetsu. Minister Koizumi attended the ceremony and handed the ensign to Commander
        Tanaka': who leads, attends or acts at 'the ceremony' in the sentence right after an event's takes part in
        that event (not who is only spoken for: 'on behalf of President Prabowo')."""
        ceremonial = [e for e in events if e.type in CEREMONY_TYPES]
        if not ceremonial or not CEREMONY_WORDS.search(doc.text):  # one search of the text, not a walk of its words
            return
        words = doc.to_array(LOWER)  # the words that may start the rule, found among the document's at once
        for i in numpy.flatnonzero(numpy.isin(words, self.ceremony_words)).tolist():
            token = doc[i]
            if token.lower_ == "ceremony" and token.dep_ in ("nsubj", "nsubjpass", "dobj") and is_verbal(token.head) \
                    and any(c.lower_ in ("the", "this") for c in token.children):
                verb = token.head  # "X attended the ceremony", "the ceremony was led by X"
            elif token.lower_ in ATTEND_FORMS and not any(c.dep_ in ("dobj", "prep") for c in token.children):
                verb = token  # "Admiral Saito also attended."
            else:
                continue
            line = _line(token)
            told = [e for e in ceremonial if _told_right_before(e, line)]
            if not told:
                continue
            event, verbs = told[-1], [verb, *(c for c in verb.children if c.dep_ == "conj")]
            event.mentions.append((line.start_char, line.end_char))  # the next sentence may go on with it
            clause = {i for verb in verbs for i in _clause_tokens(verb)} - {
                t.i for verb in verbs for prep in verb.children if any(c.lower_ == "behalf" for c in prep.children)
                for t in prep.subtree}
            for span in _spans(doc, "people"):
                if span.start in clause and (person := person_at.get(span.start_char)):
                    if person["name"] not in event.people:
                        event.participants.insert(len(event.people), person["name"])
                        event.people.add(person["name"])
                    if person.get("country"):
                        _add(event.participants, person["country"])

    def _navy_country(self, ship: Span) -> str | None:
        """The country whose navy a ship with a national prefix serves ('HMAS Brisbane' -> Australia)."""
        candidates = self.hull_prefixes.get(ship[0].text, [])
        if len(candidates) > 1:
            named = {self.countries.country(ent.text) for ent in ship.doc.ents if ent.label_ in ("GPE", "NORP")}
            candidates = [c for c in candidates if c in named] or candidates
        return candidates[0] if candidates else None

    def _country_of_entity(self, ent: Span) -> str | None:
        """The country an entity names, is in, or is a state body of ('Philippine', 'Manila', 'the Indian Navy');
        a company's home country is not what a story is about."""
        if ent.label_ in ("GPE", "NORP", "LOC"):
            return self.countries.country(ent.text) if ent.label_ == "NORP" else self._country_of_place(
                _bare(ent.text))
        return self._state_country(ent) if ent.label_ == "ORG" else None

    def _state_country(self, ent: Span) -> str | None:
        """The country a state body acts for ('the Royal Navy', 'the Indonesian Navy'); a company's is None."""
        entry = self.organisations.lookup(_organisation_text(ent))
        if entry:
            return entry[1] or self._leading_country(ent) if entry[0] in STATE_KINDS else None
        return self._leading_country(ent) if ent.root.lower_ in STATE_NOUNS else None

    def _country_of_place(self, place: str) -> str | None:
        """The country a place is, or is in: 'India' -> India, 'Paris' -> France (places catalogue)."""
        if country := self.countries.country(place):
            return country
        entry = self.place_gazetteer.lookup(place)
        return entry[1] or None if entry else None

    def _leading_country(self, ent: Span) -> str | None:
        """The country named or meant by the first words of an organisation's name ('U.S. Army', 'Indian Navy')."""
        words = [t for t in ent if t.lower_ != "the"]
        for n in (2, 1):
            if len(words) > n and (country := self.countries.country(" ".join(t.text for t in words[:n]))):
                return country
        return None

    @staticmethod
    def _is_place_argument(ent: Span, anchor: Token) -> bool:
        """'in Chennai', 'at the Yantar Shipyard in Kaliningrad', 'visiting India', 'Tianjin, China'."""
        token = ent.root
        while token.dep_ in ("appos", "conj", "compound", "pobj") and token.head.i != token.i:
            if token.dep_ == "pobj":
                preposition = token.head
                # "in the port of Gdynia", "at the naval base of Souda": the place noun's own preposition
                if preposition.lower_ == "of" and _singular(preposition.head.lower_, PLACE_NOUNS) in PLACE_NOUNS:
                    token = preposition.head
                    continue
                return preposition.lower_ in PLACE_PREPOSITIONS
            token = token.head
        return token.dep_ == "dobj" and token.head == anchor and anchor.lower_ in VISIT_FORMS | REACH_FORMS

    def _whole_place(self, span: Span) -> Span:
        """A place span grown to the whole name the base model cut short: 'northern Luzon', 'Nowa Dęba',
        'the west coast of Scotland', 'The Hague'."""
        doc = span.doc
        start, end = span.start, span.end
        while end < len(doc) and is_proper(doc[end]) and doc[end].is_title and doc[end].ent_type_ in (
                "", span.label_):
            end += 1
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].ent_type_ in PLACE_LABELS \
                and span[-1].is_lower:  # "the west coast of Scotland", "the northern tip of Luzon"
            end += 2
            while end < len(doc) and doc[end].ent_iob_ == "I":  # the rest of the place after "of"
                end += 1
        if start > 0 and doc[start - 1].lower_ in COMPASS_WORDS:
            start -= 1
        if start > 0 and doc[start - 1].lower_ == "the" and self.place_gazetteer.lookup(doc[start - 1:end].text) \
                and doc[start - 1].text == "The":
            start -= 1
        return doc[start:end] if (start, end) != (span.start, span.end) else span

    def _status(self, anchor: Token, date: str | None, published: dt.date | None) -> str:
        """planned ('will', 'upcoming', 'scheduled'), else by the date against publication, else by tense."""
        head = anchor if is_verbal(anchor) else anchor.head
        near = ("aux", "auxpass", "amod", "advmod")
        context = [anchor, head, *(c for t in (anchor, head) for c in t.children if c.dep_ in near)]
        if any(t.lower_ in self.planned_words for t in context) or any(
                t.lower_ == "to" and t.dep_ == "aux" for t in head.children):
            return "planned"
        if date and published:
            first, last = date.split("/")[0], date.split("/")[-1]
            if first > published.isoformat():
                return "planned"
            if last[: len(published.isoformat())] < published.isoformat()[: len(last)]:
                return "occurred"
            return "ongoing" if head.tag_ in ("VBG", "VBZ", "VBP") else "occurred"
        if head.tag_ in ("VBG",) and any(t.lower_ in BE_PRESENT and t.tag_ in ("VBZ", "VBP") for t in head.children):
            return "ongoing"
        return "occurred"

    # -- merging -----------------------------------------------------------------------------------------------
    @staticmethod
    def _place(event: _Event, events: list[_Event]) -> None:
        """Add `event` to `events`, or merge it into the event it mentions again."""
        same_type = [e for e in events if e.type == event.type]
        for other in same_type:
            if (event.name and other.name and name_key(event.name) == name_key(other.name)) or \
                    (event.date and event.date == other.date and event.name in (None, other.name)):
                _merge(other, event)
                return
        named = [e for e in same_type if e.name]
        if event.anaphoric and not event.name and named and _bare_mention(event.anchor):
            # "Exercise Talisman Sabre 2025 began on Monday ... The exercise formally opened on July 13": a bare
            # definite mention tells more of the named event before it; "the 21st session" is one of its own
            target = named[-1]
            if not target.date:
                target.date, target.status = event.date, event.status
            _merge(target, event)
            return
        if event.date or event.name:
            events.append(event)
            return
        if event.anaphoric or event.status == "planned" and event.people:
            scored = sorted(same_type, key=lambda e: (len(e.people & event.people), e.status == event.status,
                                                       e.anchor.i))
            if scored and (event.anaphoric or scored[-1].people & event.people):
                scored[-1].mentions.extend(event.mentions)
            return
        # "... signed a contract on August 1. Bejda, who signed for the ministry, called it ...": the same
        # signing told on, in the next sentence, about no platform of its own
        if same_type and not event.platforms and _told_right_before(same_type[-1], event.sent):
            same_type[-1].mentions.extend(event.mentions)
            return
        if not any(t.tag_ in REPORTING_TAGS for t in event.sent):  # a heading: "Commissioning of JS Yubetsu"
            return
        anchor = event.anchor
        verbal = is_verb(anchor) or (anchor.dep_ in ("dobj", "nsubjpass") and is_verb(anchor.head))
        if verbal and event.argued:  # "held talks with Kim Jong Un"
            events.append(event)  # "the Navy commissioned INS X": a verb with its arguments, even undated


def _bare_mention(trigger: Token) -> bool:
    """'the exercise', 'these drills', 'the visit': a nominal trigger with a determiner and no words of its own
    ('the 21st session', 'a second visit', 'the naval exercise' name another)."""
    return is_noun(trigger) and all(c.dep_ in ("det", "predet", "punct", "case") or c.dep_ in ("prep", "acl", "relcl")
                                    for c in trigger.children)


def _told_right_before(event: _Event, line: Span) -> bool:
    """One of the event's sentences ends right before `line` (nothing but space between)."""
    doc = line.doc
    i = line.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and any(end == doc[i].idx + len(doc[i].text) for _, end in event.mentions)


def _recipient(token: Token) -> bool:
    """'handed over to Saudi Arabia', 'delivered to the Philippines': the one who receives."""
    return token.dep_ == "pobj" and token.head.lower_ == "to"


def _awaited(token: Token) -> bool:
    """The trigger is the object of 'ahead of', 'prior to', 'before', 'pending', and has no date of its own
    ('before the alliance's summit in The Hague on June 24-25' is an event)."""
    if token.dep_ not in ("pobj", "pcomp") or any(t.ent_type_ == "DATE" for t in token.subtree):
        return False
    preposition = token.head
    return preposition.lower_ in AWAITING_PREPOSITIONS or (preposition.lower_, preposition.head.lower_) in AWAITING_HEADS


def _under_since(token: Token, anchor: Token) -> bool:
    """The date stands in a 'since ...' phrase or clause below the trigger ('the first test since the war in
    June 2025', 'his first trip since he took office in December 2023'): it dates something else."""
    for node in [token, *token.ancestors]:
        if node == anchor:
            return False
        if node.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
    return False


def _merge(target: _Event, other: _Event) -> None:
    for attr in ("locations", "participants", "platforms"):
        for item in getattr(other, attr):
            _add(getattr(target, attr), item)
    target.people |= other.people
    target.mentions.extend(other.mentions)
    target.name = target.name or other.name


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _organisation_text(ent: Span) -> str:
    """An organisation's name as written, without article, possessive or legal form: 'Mitsubishi Heavy
    Industries, Ltd.' -> 'Mitsubishi Heavy Industries'."""
    return LEGAL_SUFFIX.sub("", _bare(ent.text))


def _bare(name: str) -> str:
    """A name without its leading article or trailing possessive: "the U.S. Army's" -> "U.S. Army"."""
    name = name.removeprefix("the ").removeprefix("The ")
    for ending in ("'s", "’s"):
        name = name.removesuffix(ending)
    return name


def _named_organisation(ent: Span) -> bool:
    """An organisation the catalogue does not know, by its head noun and a name of its own: 'Chengdu Aircraft
    Corporation', 'the 16th Mechanised Division'; not 'the Defence Force' nor 'Defence'."""
    return ent.root.lower_ in ORGANISATION_NOUNS and any(t.lower_ not in GENERIC_WORDS for t in ent)


def _root(doc: Doc, start: int, end: int) -> Token:
    """The token of doc[start:end] whose head lies outside it (the first token for a one-word match)."""
    if end - start == 1:
        return doc[start]
    return doc[start:end].root


def _clause_tokens(trigger: Token) -> list[int]:
    """The tokens of the trigger's clause: the verb above a nominal trigger ('held talks', 'during a visit') and
    everything under it except the clauses of other predicates ('as X pressed ahead', 'X said', '..., and Y');
    found once per trigger and call of the component."""
    clauses = _cache(trigger.doc).setdefault("clauses", {})
    if trigger.i not in clauses:
        clauses[trigger.i] = _walk_clause(trigger)
    return clauses[trigger.i]


def _walk_clause(trigger: Token) -> list[int]:
    clause = trigger
    while not is_verbal(clause) and clause.dep_ not in CLAUSE_DEPS and clause.head.i != clause.i:
        clause = clause.head
    if not is_verbal(clause):
        clause = trigger
    while clause.dep_ == "xcomp" and clause.head.i != clause.i:  # "plans to fire", "is due to trial"
        clause = clause.head
    found, stack = [], [clause]
    inside = {t.i for t in trigger.ancestors} | {trigger.i}
    while stack:
        token = stack.pop()
        found.append(token.i)
        stack.extend(child for child in token.children if child.i in inside or not (
            child.dep_ in FOREIGN_CLAUSE_DEPS or (child.dep_ == "conj" and is_verbal(child))))
    return found


def _phrase(head: Token, bare: bool = False) -> list[int]:
    """The token indices of the phrase under `head`, without the clauses that hang from it (nor, when `bare`,
    the conjuncts of the head itself)."""
    found, stack = [], [head]
    while stack:
        token = stack.pop()
        found.append(token.i)
        stack.extend(child for child in token.children if child.dep_ not in CLAUSE_DEPS
                     and not (bare and token is head and child.dep_ in ("conj", "cc")))
    return found


def _line(token: Token) -> Span:
    """The part of the token's sentence on its own line: a line break inside a parsed sentence (a heading over a
    list, list items the parser ran together) ends the event's evidence."""
    doc = token.doc
    sent = _sentence(token)
    breaks = _cache(doc)["breaks"]  # the tokens holding a line break, in order
    before, after = bisect_right(breaks, token.i - 1), bisect_right(breaks, token.i)
    start = max(sent.start, breaks[before - 1] + 1) if before else sent.start  # after the last break before it
    end = min(sent.end, breaks[after]) if after < len(breaks) else sent.end  # up to the first break after it
    if start == sent.start and end == sent.end:
        return sent
    while end > start + 1 and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def _sentence(token: Token) -> Span:
    """The token's sentence (`Token.sent` walks the sentence at every call)."""
    cache = _cache(token.doc)
    return cache["sentences"][bisect_right(cache["sentence_starts"], token.i) - 1]


def _cache(doc: Doc) -> dict:
    """What the component reads many times from a document, made once per call of the component: its sentences
    and line breaks, the span groups as lists (`_spans`), the clauses of the triggers (`_clause_tokens`)."""
    cache = doc.user_data.setdefault(CACHE, {})
    if "sentences" not in cache:
        sentences = list(doc.sents)
        cache["sentences"], cache["sentence_starts"] = sentences, [sent.start for sent in sentences]
        text, starts = doc.text, doc.to_array(IDX)
        breaks = [m.start() for m in re.finditer("\n", text)]  # characters, then the tokens that hold them
        cache["breaks"] = sorted(set((numpy.searchsorted(starts, breaks, side="right") - 1).tolist()))
    return cache


def _spans(doc: Doc, key: str) -> list[Span]:
    """`doc.spans[key]` as a list, made once per call of the component: a SpanGroup makes a new Span object at every
    step of every walk over it."""
    cache = _cache(doc)
    if key not in cache:
        cache[key] = list(doc.spans.get(key, []))
    return cache[key]


def _in_dateline(date: Span) -> bool:
    """'ISLAMABAD, Nov 12 - Chinese Defence Minister Dong Jun held talks ... on Tuesday': the date of a wire
    dateline (a place in capitals, a comma, the date, a dash or a bracketed source) is when the story was filed."""
    doc, line = date.doc, _line(date[0])
    before = doc[line.start:date.start]
    after = doc[date.end:min(date.end + 1, line.end)]
    return len(before) >= 2 and before[-1].text == "," and all(t.text.isupper() for t in before[:-1]) \
        and bool(after) and (after[0].text in DATELINE_ENDS or after[0].text == "(")


def _governing_event(date: Span, owner: dict[int, _Event]) -> _Event | None:
    """The event a date belongs to: the first trigger above it in the parse; but a date on a verb that is no
    trigger goes to the trigger that verb takes as its object ("held talks on Monday", "carried out a test on 3
    May", "will take part in an exercise on Thursday")."""
    for token in date.root.ancestors:
        if token.i in owner:
            return owner[token.i]
        if is_verb(token):
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if any(o.lower_ == "part" for o in objects):  # "take part in", where "in" may hang from either word
                objects += [p for w in (token, *objects) for c in w.children if c.dep_ == "prep" and c.lower_ == "in"
                            for p in c.children if p.dep_ == "pobj"]
            for noun in objects:
                if noun.i in owner:
                    return owner[noun.i]
    return None


def _distance(i: int, span: Span) -> int:
    return span.start - i if span.start >= i else i - span.end + 1


def _check_type(path: str, event_type: str) -> None:
    if event_type not in EVENT_TYPES:
        raise DataFileError(f"{path}: unknown event type {event_type!r}; expected one of {EVENT_TYPES}")
