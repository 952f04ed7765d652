"""Stage 4 — the article's context: what the events learn from the rest of the article.

- Ceremonies: who leads, attends or acts at "the ceremony" in the sentence right after a commissioning, launch or
  delivery takes part in it ("Minister Koizumi attended the ceremony"), not who is only spoken for.
- The topic country: an event that names no country is about the article's own, the one its names point to most
  (countries, demonyms, places in it, its state bodies).
- "The two countries", "both navies": the two countries the article names most.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from ..wordclass import is_verbal
from . import document
from .knowledge import EventKnowledge
from .model import EventDraft, add
from .states import country_of_entity


def add_ceremony_people(doc: Doc, events: list[EventDraft], person_at: dict, knowledge: EventKnowledge) -> None:
    """'... commissioned JS Yubetsu. Minister Koizumi attended the ceremony and handed the ensign to Commander
    Tanaka': who leads, attends or acts at 'the ceremony' in the sentence right after an event's takes part in
    that event (not who is only spoken for: 'on behalf of President Prabowo')."""
    words = knowledge.words
    ceremonial = [e for e in events if e.type in words.ceremony_types]
    if not ceremonial or not knowledge.ceremony_text.search(doc.text):  # one search of the text, not a walk
        return
    ids = doc.to_array(LOWER)  # the words that may start the rule, found among the document's at once
    for i in numpy.flatnonzero(numpy.isin(ids, knowledge.ceremony_word_ids)).tolist():
        token = doc[i]
        if token.lower_ in words.ceremony_nouns and token.dep_ in ("nsubj", "nsubjpass", "dobj") \
                and is_verbal(token.head) and any(c.lower_ in ("the", "this") for c in token.children):
            verb = token.head  # "X attended the ceremony", "the ceremony was led by X"
        elif token.lower_ in words.attend_verbs and not any(c.dep_ in ("dobj", "prep") for c in token.children):
            verb = token  # "Admiral Saito also attended."
        else:
            continue
        line = document.line(token)
        told = [e for e in ceremonial if document.told_right_before(e.mentions, line)]
        if not told:
            continue
        event, verbs = told[-1], [verb, *(c for c in verb.children if c.dep_ == "conj")]
        event.mentions.append((line.start_char, line.end_char))  # the next sentence may go on with it
        clause = {i for verb in verbs for i in document.clause_tokens(verb)} - {
            t.i for verb in verbs for prep in verb.children
            if any(c.lower_ in words.behalf_words for c in prep.children) for t in prep.subtree}
        for span in document.spans(doc, "people"):
            if span.start in clause and (person := person_at.get(span.start_char)):
                event.add_person(person)


def add_topic_country(ents: list[Span], people: list[dict], events: list[EventDraft],
                      knowledge: EventKnowledge) -> None:
    """An event that names no country is about the article's own country, the one its names point to most
    often: countries and demonyms, places in it, its state bodies, the countries of its people (a story on
    Poland's tank deliveries: "the first K2PL is due to roll off the line"; a story from Manila on the
    Philippine Marine Corps; a story on "the army" whose prime minister and president congratulate it)."""
    counts: dict[str, int] = {}
    for ent in ents:
        if (country := country_of_entity(ent, knowledge)):
            counts[country] = counts.get(country, 0) + 1
    for person in people:
        if person.get("country"):
            counts[person["country"]] = counts.get(person["country"], 0) + 1
    if not counts:
        return
    top = max(counts.values())
    leaders = [c for c, n in counts.items() if n == top]  # no single country leads: no guess
    known = set(knowledge.countries.by_name.values())
    ranked = sorted(counts, key=lambda c: -counts[c])
    for event in events:
        if event.pair and len(ranked) > 1:  # "the two countries' annual 2+2 talks"
            for country in ranked[:2]:
                add(event.participants, country)
        elif not known & set(event.participants) and len(leaders) == 1 and top >= 2:
            event.participants.append(leaders[0])
