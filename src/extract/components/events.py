"""`extract_events`: typed events with date, status, locations, participants and platforms.

Triggers (lemmas and phrases) and named-event shapes are Matcher patterns under `models/patterns/`. A sentence
holds at most one event of a type; its arguments are read from that sentence: the nearest date mention, the
places governed by "in/at/to", the people (by canonical name), countries (named or by demonym) and platforms.
Mentions without a date or name of their own ("the visit", "Putin's upcoming visit") join the event they
refer to. Writes `doc._.events`: a list of dicts in the shape of `records.Event`, plus "mentions" (spans).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..data import DataFileError, read_csv, read_jsonl, split_list
from ..names import name_key
from ..records import EVENT_TYPES
from .countries import CountryLexicon, Gazetteer
from .matching import TokenMatcher
from .wordclass import is_noun, is_verb, is_verbal

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPOSITIONS = {"in", "at", "to", "near", "off", "into", "across"}
PLANNED_WORDS = {"will", "shall", "upcoming", "scheduled", "planned", "expected", "slated", "due", "forthcoming",
                 "next"}
ANAPHORIC_DETERMINERS = {"the", "this", "that", "these", "those", "its", "his", "her", "their"}
NOT_EVENT_DATES = {"since"}
VISIT_FORMS = {"visit", "visits", "visited", "visiting"}
BE_PRESENT = {"is", "'s", "are", "'re", "am", "'m", "be"}

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@Language.factory("extract_events",
                  default_config={"triggers": "", "named": "", "countries": "", "organisations": "", "places": ""})
def make_events(nlp: Language, name: str, triggers: str, named: str, countries: str,
                organisations: str, places: str) -> "EventRecogniser":
    return EventRecogniser(nlp, name, triggers, named, countries, organisations, places)


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


class EventRecogniser:
    def __init__(self, nlp: Language, name: str, triggers: str, named: str, countries: str,
                 organisations: str = "", places: str = "") -> None:
        self.name = name
        # known places as written ("Gdynia", "the Aegean Sea"), for places the base model does not tag
        self.places = PhraseMatcher(nlp.vocab, attr="ORTH")
        if places:
            names = {n for row in read_csv(places, required=("name",))
                     for n in [row["name"], *split_list(row.get("aliases", ""))]}
            self.places.add("PLACE", list(nlp.tokenizer.pipe(sorted(names))))
        self.organisations = Gazetteer.from_csv(organisations) if organisations else Gazetteer({})
        self.triggers = TokenMatcher(nlp.vocab)  # most triggers are one word: looked up, not tried everywhere
        self.constraints: dict[str, tuple[frozenset, frozenset]] = {}
        for number, row in enumerate(read_jsonl(triggers, required=("type", "pattern"))):
            _check_type(triggers, row["type"])
            key = f"{row['type']}#{number}"
            # "requires": platform categories the trigger's clause must hold ("fired" + a missile is a test);
            # "unless": categories that make it something else ("launched" + a missile is not a ship launch)
            self.constraints[key] = (frozenset(row.get("requires", ())), frozenset(row.get("unless", ())))
            self.triggers.add(key, [row["pattern"]])
        self.named = Matcher(nlp.vocab)
        self.drop: dict[str, int] = {}
        for number, row in enumerate(read_jsonl(named, required=("type", "pattern"))):
            _check_type(named, row["type"])
            key = f"{row['type']}#{number}"
            self.drop[key] = int(row.get("drop", 0))
            self.named.add(key, [row["pattern"]], greedy="LONGEST")
        self.countries = CountryLexicon.from_csv(countries)

    def __call__(self, doc: Doc) -> Doc:
        published = dt.date.fromisoformat(doc._.published) if doc._.published else None
        person_at = {}
        for person in doc._.people or []:
            for start, end in person["mentions"]:
                person_at[start] = person
        candidates: dict[tuple[int, str], _Event] = {}
        triggers = [(key.split("#")[0], doc[start]) for m, start, _ in self.triggers(doc)
                    if self._allowed(doc, key := doc.vocab.strings[m], doc[start])]
        sentence_types: dict[int, list[str]] = {}
        for event_type, token in triggers:
            sentence_types.setdefault(token.sent.start, []).append(event_type)
        for match_id, start, end in self.named(doc):
            key = doc.vocab.strings[match_id]
            span = doc[start:end]
            # a shape's default type gives way to the sentence's own trigger ("the INDRA 2025 talks")
            types = sentence_types.get(span.sent.start, [])
            event_type = key.split("#")[0]
            if types and event_type not in types:
                event_type = types[0]
            event = candidates.setdefault((span.sent.start, event_type), _Event(event_type, span.sent, span.root))
            event.name = doc[start + self.drop[key]:end].text
            event.anchor = span.root
            event.name_span = (start, end)
            event.triggers.append(span.root)
        for event_type, token in triggers:
            sent = token.sent
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
        ents_by_sent: dict[int, list[Span]] = {}  # Span.ents walks all the doc's entities: read them once
        for ent in doc.ents:
            ents_by_sent.setdefault(ent.sent.start, []).append(ent)
        events: list[_Event] = []
        for _, event in sorted(candidates.items(), key=lambda kv: kv[1].anchor.i):
            self._arguments(doc, event, published, person_at, owner, known_places,
                            ents_by_sent.get(event.sent.start, []))
            self._place(event, events)
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

    def _allowed(self, doc: Doc, key: str, token: Token) -> bool:
        """A trigger counts unless it only modifies another noun ('commissioning pennants', 'visit programme')
        or its clause's platforms go against its constraints."""
        if is_noun(token) and token.dep_ == "compound":
            return False
        requires, unless = self.constraints.get(key, (frozenset(), frozenset()))
        if not requires and not unless:
            return True
        categories = {span.label_ for span in self._clause_platforms(doc, token)}
        return (not requires or bool(categories & requires)) and not (categories & unless)

    @staticmethod
    def _clause_platforms(doc: Doc, anchor: Token) -> list[Span]:
        """Platforms of the trigger's clause, else of its sentence."""
        sent = anchor.sent
        in_sentence = [span for span in doc.spans.get("platforms", []) if sent.start <= span.start < sent.end]
        clause = anchor if is_verbal(anchor) else anchor.head
        inside = {t.i for t in clause.subtree}
        return [span for span in in_sentence if span.root.i in inside] or in_sentence

    # -- arguments ---------------------------------------------------------------------------------------------
    def _arguments(self, doc: Doc, event: _Event, published: dt.date | None, person_at: dict,
                   owner: dict[int, _Event], known_places: list[tuple[int, int]], ents: list[Span]) -> None:
        sent, anchor = event.sent, event.anchor
        dates = [d for d in doc.spans.get("dates", []) if sent.start <= d.start < sent.end
                 and not (d.start > 0 and doc[d.start - 1].lower_ in NOT_EVENT_DATES)
                 and not (event.name_span and event.name_span[0] <= d.start < event.name_span[1])]
        # a date belongs to the first trigger above it in the parse ("meeting in September 2025");
        # dates that no trigger governs go to the nearest event
        owned = [d for d in dates if _governing_event(d, owner) is event]
        free = [d for d in dates if _governing_event(d, owner) is None]
        if owned or free:
            nearest = min(owned or free, key=lambda d: (_distance(anchor.i, d), d.start < anchor.i))
            event.date = nearest._.date_value
        event.status = self._status(anchor, event.date, published)
        seen_people = []
        for span in doc.spans.get("people", []):
            if sent.start <= span.start < sent.end and (person := person_at.get(span.start_char)):
                if person["name"] not in seen_people:
                    seen_people.append(person["name"])
                    event.people.add(person["name"])
                if person.get("country"):
                    _add(event.participants, person["country"])
        countries = []
        places = [ent for ent in ents if ent.label_ in PLACE_LABELS and self._is_place_argument(ent, anchor)]
        for start, end in known_places:
            if sent.start < start and end <= sent.end and doc[start - 1].lower_ in PLACE_PREPOSITIONS | {"the"}:
                places.append(doc[start:end])
        for span in sorted(filter_spans(places), key=lambda p: p.start):
            _add(event.locations, span.text.removeprefix("the ").removeprefix("The "))
        for ent in ents:
            if ent.label_ in ("GPE", "NORP") and (country := self.countries.country(ent.text)):
                countries.append(country)
            elif ent.label_ == "ORG" and self.organisations.lookup(ent.text):
                countries.append(ent.text.removeprefix("the ").removeprefix("The "))  # "NATO", "the Royal Navy"
        event.participants = seen_people + [c for c in event.participants + countries if c not in seen_people]
        event.participants = list(dict.fromkeys(event.participants))
        event.platforms = list(dict.fromkeys(span.id_ for span in self._clause_platforms(doc, anchor)))
        event.mentions.append((sent.start_char, sent.end_char))

    @staticmethod
    def _is_place_argument(ent: Span, anchor: Token) -> bool:
        """'in Chennai', 'at the Yantar Shipyard in Kaliningrad', 'visiting India', 'Tianjin, China'."""
        token = ent.root
        while token.dep_ in ("appos", "conj", "compound", "pobj") and token.head.i != token.i:
            if token.dep_ == "pobj":
                return token.head.lower_ in PLACE_PREPOSITIONS
            token = token.head
        return token.dep_ == "dobj" and token.head == anchor and anchor.lower_ in VISIT_FORMS

    @staticmethod
    def _status(anchor: Token, date: str | None, published: dt.date | None) -> str:
        """planned ('will', 'upcoming', 'scheduled'), else by the date against publication, else by tense."""
        head = anchor if is_verbal(anchor) else anchor.head
        near = ("aux", "auxpass", "amod", "advmod")
        context = [anchor, head, *(c for t in (anchor, head) for c in t.children if c.dep_ in near)]
        if any(t.lower_ in PLANNED_WORDS for t in context) or any(
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
        if event.date or event.name:
            events.append(event)
            return
        if event.anaphoric or event.status == "planned" and event.people:
            scored = sorted(same_type, key=lambda e: (len(e.people & event.people), e.status == event.status,
                                                       e.anchor.i))
            if scored and (event.anaphoric or scored[-1].people & event.people):
                scored[-1].mentions.extend(event.mentions)
            return
        anchor = event.anchor
        verbal = is_verb(anchor) or (anchor.dep_ in ("dobj", "nsubjpass") and is_verb(anchor.head))
        if verbal and (event.people or event.platforms):  # "held talks with Kim Jong Un"
            events.append(event)  # "the Navy commissioned INS X": a verb with its arguments, even undated


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


def _governing_event(date: Span, owner: dict[int, _Event]) -> _Event | None:
    for token in date.root.ancestors:
        if token.i in owner:
            return owner[token.i]
    return None


def _distance(i: int, span: Span) -> int:
    return span.start - i if span.start >= i else i - span.end + 1


def _check_type(path: str, event_type: str) -> None:
    if event_type not in EVENT_TYPES:
        raise DataFileError(f"{path}: unknown event type {event_type!r}; expected one of {EVENT_TYPES}")
