"""`extract_events`: typed events with date, status, locations, participants and platforms.

One spaCy component made of stages, in the order the data flows (each a module with a typed result):

1. `candidates` — which words start an event, and of which type (triggers, named events) -> `Candidates`;
2. `arguments` — each candidate's date and status (`when`), places (`places`), participants (`participants`)
   and platforms, read from its trigger's argument phrases -> the drafts filled in;
3. `merging` — which drafts tell the same happening, and which are no event -> the events;
4. `description` — the lines that go on telling each event (its mentions, and the lines after it that refer
   back to it) and who acts, where, with what and when in them;
5. `article` — what the rest of the article adds: ceremony attendees, the topic country, "the two countries".

`knowledge` holds what the stages read from `models/` (patterns, catalogues, word lists of
`models/lexicon/events/`); `document` what they read from the parsed document.

Config keys (paths relative to the models folder; see `models/config.cfg`): `triggers` (event trigger patterns,
JSONL), `named` (named-event shapes, JSONL), `arguments` (argument-role DependencyMatcher patterns, JSONL),
`countries`, `organisations`, `places`, `hull_prefixes` (catalogues, CSV), `context_nouns` (nouns standing for
a platform category, CSV) and `words` (the folder of the component's word lists).

Writes `doc._.events`: a list of dicts in the shape of `records.Event`, plus "mentions" (character ranges).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...lexicon import WordLists
from . import arguments, article, candidates, description, document, merging
from .knowledge import TRIGGER_MARK, EventKnowledge
from .model import EventDraft
from ...spans import event_spans
from ..serialise import DataComponent, config_defaults, data_paths

__all__ = ["EventRecogniser", "TRIGGER_MARK", "make_events"]
SPAN_KEY = "events"

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


EVENT_DEFAULTS = config_defaults("extract_events")
EVENT_PATHS = data_paths(EVENT_DEFAULTS)


@Language.factory("extract_events", default_config=EVENT_DEFAULTS)
def make_events(nlp: Language, name: str, triggers: str, named: str, countries: str,
                organisations: str, places: str, arguments: str, context_nouns: str,
                hull_prefixes: str, words: str, number_words: str) -> DataComponent:
    """Data paths are relative to the models folder (see serialise.py)."""
    settings = {key: value for key, value in locals().items() if key in EVENT_PATHS}
    return DataComponent(nlp, name, _build, settings, paths=EVENT_PATHS)


def _build(nlp: Language, name: str, triggers: str, named: str, countries: str, organisations: str, places: str,
           arguments: str, context_nouns: str, hull_prefixes: str, words: str,
           number_words: str) -> "EventRecogniser":
    knowledge = EventKnowledge.load(nlp, triggers, named, countries, organisations, places, arguments,
                                    context_nouns, hull_prefixes, WordLists(words), WordLists(number_words))
    return EventRecogniser(name, knowledge)


class EventRecogniser:
    """Runs the stages on a document and writes their events to `doc._.events`."""

    def __init__(self, name: str, knowledge: EventKnowledge) -> None:
        self.name = name
        self.knowledge = knowledge

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.events = [_as_dict(event) for event in self.events(doc)]
            doc.spans[SPAN_KEY] = event_spans(doc)
        finally:
            document.release(doc)
        return doc

    def events(self, doc: Doc) -> list[EventDraft]:
        """The events of a parsed document whose dates, people and platforms have been found."""
        knowledge = self.knowledge
        found = candidates.find(doc, knowledge)
        readings = arguments.read_document(doc, found, knowledge)
        arguments.read(doc, found, readings, knowledge)
        events = merging.merge(found.events, knowledge.words)
        description.describe(doc, events, found.words, readings, knowledge)
        article.add_ceremony_people(doc, events, readings.person_at, knowledge)
        article.add_topic_country(readings.entities, doc._.people or [], events, knowledge)
        return events


def _as_dict(event: EventDraft) -> dict:
    return {
        "type": event.type,
        "name": event.name,
        "date": event.date,
        "status": event.status,
        "locations": event.locations,
        "participants": event.participants,
        "platforms": event.platforms,
        "evidence": {"start": event.sent.start_char, "end": event.sent.end_char},
        "mentions": [{"start": s, "end": t} for s, t in event.mentions],
    }
