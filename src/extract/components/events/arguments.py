"""Stage 2 — arguments: each candidate's date, status, places, participants and platforms.

The argument patterns (`event_arguments.jsonl`, a DependencyMatcher from a trigger to an argument phrase's head)
give each trigger its phrases: "place" phrases and the others (who, what, with whom). An event's arguments are
read from those phrases and its trigger's clause; when the parse ties no one to it, from its whole line less what
the line's other events claim. Dates and status come from `when`, places from `places`, people, countries and
organisations from `participants`; platforms are those of the phrases, else (for an event done to a platform) of
the line, else those a definite noun refers back to ("both vessels").
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..platforms import _singular
from ..wordclass import is_noun, is_verb
from . import document, participants, places, states, when
from .knowledge import TRIGGER_MARK, EventKnowledge
from .model import Argument, Candidates, DocumentReadings, EventDraft, add

CLASS_NAME = re.compile(r"(?i)[- ]class$|^type \d+")  # "Mogami-class", "Type 26": a class, not a hull
VESSELS = {"ship", "submarine"}  # the platform categories a noun for vessels ("both vessels") stands for


def read_document(doc: Doc, candidates: Candidates, knowledge: EventKnowledge) -> DocumentReadings:
    """What the arguments of every candidate are read from: people, entities, known places, argument phrases."""
    person_at = {}
    for person in doc._.people or []:
        for start, _ in person["mentions"]:
            person_at[start] = person
    ents = participants.entities(doc, knowledge) if candidates.events else []
    by_sentence: dict[int, list[Span]] = {}  # Span.ents walks all the doc's entities: read them once
    for ent in ents:
        by_sentence.setdefault(document.sentence(doc[ent.start]).start, []).append(ent)
    filed, filed_at = when.dateline(doc)
    return DocumentReadings(
        published=dt.date.fromisoformat(doc._.published) if doc._.published else None,
        dateline=filed, dateline_place=filed_at,
        person_at=person_at, entities=ents, entities_by_sentence=by_sentence,
        known_places=[(start, end) for _, start, end in knowledge.places(doc)],
        arguments=_argument_phrases(doc, candidates, knowledge) if candidates.events else {})


def read(doc: Doc, candidates: Candidates, readings: DocumentReadings, knowledge: EventKnowledge) -> None:
    """Give every candidate its arguments (in place), in the order of their anchors."""
    ordered = candidates.events
    scopes = [_argument_tokens(event, readings.arguments) for event in ordered]
    for n, event in enumerate(ordered):
        line = event.sent
        # the tokens other events of the line claim as their arguments
        elsewhere = {i for m, (place_tokens, others) in enumerate(scopes) if m != n and ordered[m].sent == line
                     for i in place_tokens | others}
        sentence_start = document.sentence(doc[line.start]).start
        ents = [e for e in readings.entities_by_sentence.get(sentence_start, []) if line.start <= e.start < line.end]
        _read_event(doc, event, candidates.owner, readings, ents, scopes[n], elsewhere, knowledge)


def _read_event(doc: Doc, event: EventDraft, owner: dict[int, EventDraft], readings: DocumentReadings,
                ents: list[Span], scope_tokens: tuple[set[int], set[int]], elsewhere: set[int],
                knowledge: EventKnowledge) -> None:
    sent, words = event.sent, knowledge.words
    event.date = when.date_of(doc, event, owner, words)
    event.status = when.status_of(event.anchor, event.date, readings.published, words)
    if event.date is None and event.status == "occurred" and readings.dateline and _leads(doc, sent) \
            and _reported_done(event.anchor):
        # "SEVERODVINSK, July 30. /TASS/. The shipyard has floated out the submarine": what the story's first
        # line reports as done happened on the day of its dateline
        event.date = readings.dateline
    if event.date is None and event.status == "ongoing" and readings.published \
            and event.anchor.lower_ not in words.be_present:  # "is in Hanoi" says a stay, not the day it began
        # "X is holding talks in Vilnius": what is going on as the story is told happens on its day
        event.date = readings.published.isoformat()
    # the tokens of the event's argument phrases (who, what, with whom, where); the whole line when the
    # parse gives the trigger none
    place_tokens, others = scope_tokens
    if not place_tokens and not others:
        others = set(range(sent.start, sent.end))
    scope = place_tokens | others
    sited = places.sites(ents, scope, knowledge)
    places.add_locations(doc, event, ents, sited, scope, readings.known_places, knowledge)
    if readings.dateline_place and any(doc[i].lower_ in words.dateline_place_words and doc[i].dep_ == "advmod"
                                       and is_verb(doc[i].head) for i in scope):
        add(event.locations, readings.dateline_place)  # "arrived here" in a story filed from New Delhi
    # "at the Second Fleet Command pier": an organisation naming a site is no actor there
    ents = [ent for ent in ents if ent not in sited and not (
        ent.label_ == "ORG" and ent.root.dep_ == "compound" and ent.root.head.lower_ in words.site_nouns)]
    people, taking_part = participants.participants(doc, scope, others, ents, readings.person_at, knowledge)
    argued = bool(people)
    if not people and not taking_part:
        # the parse ties no one to the trigger ("36 jets for the Indian Air Force under an agreement signed in
        # 2016"): whoever the line names outside the arguments of its other events
        line = set(range(sent.start, sent.end)) - elsewhere
        people, taking_part = participants.participants(doc, line, line, ents, readings.person_at, knowledge)
        event.guessed = True
    event.pair = any(doc[i].lower_ in words.group_nouns and any(
        c.lower_ in words.pair_determiners for c in doc[i].children) for i in others)
    if event.type in words.host_types:  # the country visited takes part: "a visit to Paris" -> France
        taking_part += [c for place in event.locations if (c := states.country_of_place(place, knowledge))]
    event.people.update(people)
    event.participants = list(dict.fromkeys(people + [c for c in taking_part if c not in people]))
    in_line = [span for span in document.spans(doc, "platforms") if sent.start <= span.start < sent.end]
    chosen = [span for span in in_line if span.root.i in others]
    if not chosen and event.type in words.platform_types:  # "HS Kimon (F601): launched at Lorient in 2023"
        chosen = in_line
    if not chosen:  # "both vessels will take part in the exercises"
        chosen = _referred_platforms(doc, sent, others, knowledge)
    # a named ship stands for itself: its class, named beside it ("the first of five Type 31 frigates"), goes
    if any(span.label_ in VESSELS and not CLASS_NAME.search(span.id_) for span in chosen):
        chosen = [span for span in chosen if not CLASS_NAME.search(span.id_)]
    event.platforms = list(dict.fromkeys(span.id_ for span in chosen))
    event.argued = argued or any(span.root.i in others for span in in_line)
    event.mentions.append((sent.start_char, sent.end_char))


def _reported_done(anchor: Token) -> bool:
    """The trigger is a verb, or what a verb does ("held talks"), not a noun only talked about ("discussing
    the delivery of ...")."""
    return is_verb(anchor) or (anchor.dep_ in ("dobj", "nsubjpass") and is_verb(anchor.head))


def _leads(doc: Doc, line: Span) -> bool:
    """The line is the story's first with a finite verb (its lead), the dateline's own line or after it."""
    for other in document.lines(doc):
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in other):
            return other.start == line.start
    return False


def _argument_phrases(doc: Doc, candidates: Candidates, knowledge: EventKnowledge) -> dict[int, list[Argument]]:
    """The argument phrases the patterns tie to each trigger token. The triggers are marked on the tokens for the
    patterns' head node while the matcher runs, then restored."""
    marked = {t.i: t.ent_id for e in candidates.events for t in (e.anchor, *e.triggers)}
    for i in marked:
        doc[i].ent_id_ = TRIGGER_MARK
    try:
        matches = knowledge.arguments(doc)
    finally:
        for i, ent_id in marked.items():
            doc[i].ent_id = ent_id
    found: dict[int, list[Argument]] = {}
    for match_id, tokens in matches:
        role = knowledge.roles[doc.vocab.strings[match_id]]
        head = doc[tokens[0]]
        if role.unless and any(child.dep_ in role.unless for child in head.children):
            continue
        found.setdefault(head.i, []).append(Argument(role.role, doc[tokens[role.arg]], role.bare))
    return found


def _argument_tokens(event: EventDraft, arguments: dict[int, list[Argument]]) -> tuple[set[int], set[int]]:
    """(tokens of the 'place' phrases, tokens of the other argument phrases) of the event's triggers,
    within the event's line."""
    line = event.sent
    heads = {event.anchor.i, *(t.i for t in event.triggers)}
    place_tokens: set[int] = set()
    # the clause of each trigger, without the clauses that hang from it (subordinate, reported, coordinated)
    others: set[int] = {i for t in (event.anchor, *event.triggers) for i in document.clause_tokens(t)
                        if line.start <= i < line.end}
    # a relative clause's trigger is done by what the clause hangs from: "General X and his delegation, who are
    # visiting Egypt" (and by the one that noun is coordinated with)
    for trigger in (event.anchor, *event.triggers):
        if trigger.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT")
                                           for c in trigger.children):
            antecedent = trigger.head
            for noun in (antecedent, antecedent.head) if antecedent.dep_ == "conj" else (antecedent,):
                others.update(i for i in document.phrase(noun, bare=True) if line.start <= i < line.end
                              and i not in {t.i for t in trigger.subtree})
    # a clause on the event's own noun tells of the event: "the exercise, which is held by China, Russia and
    # South Africa in waters of southern Africa", "the dialogue that took place in New Delhi"
    for trigger in (event.anchor, *event.triggers):
        if is_noun(trigger):
            others.update(t.i for c in trigger.children if c.dep_ in ("relcl", "acl") for t in c.subtree
                          if line.start <= t.i < line.end)
    for head in heads:
        for argument in arguments.get(head, []):
            (place_tokens if argument.role == "place" else others).update(
                i for i in document.phrase(argument.head, argument.bare) if line.start <= i < line.end)
    if event.name_span:
        others.update(range(*event.name_span))
    return place_tokens, others


def _referred_platforms(doc: Doc, sent: Span, scope: set[int], knowledge: EventKnowledge) -> list[Span]:
    """The platforms a definite noun of the clause refers back to: "the drones were ordered" -> the last drone
    named before; "both vessels" -> the last two ships."""
    words = knowledge.words
    for token in sent:
        category = knowledge.platform_nouns.get(_singular(token.lower_, knowledge.platform_nouns))
        if token.i not in scope or category is None or not is_noun(token):
            continue
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "poss", "nummod")}
        if not determiners & words.referring_determiners:
            continue
        family = VESSELS if category == "ship" else {category}  # "both vessels": a frigate and a submarine
        earlier = [span for span in document.spans(doc, "platforms") if span.end <= sent.start
                   and span.label_ in family]
        wanted = 2 if determiners & words.pair_determiners else 1
        return _most_told(earlier, wanted)
    return []


def _most_told(earlier: list[Span], wanted: int) -> list[Span]:
    """The `wanted` platforms named most often so far, the latest first among equals, in text order."""
    count: dict[str, int] = {}
    last: dict[str, Span] = {}
    for span in earlier:
        count[span.id_] = count.get(span.id_, 0) + 1
        last[span.id_] = span
    ranked = sorted(last, key=lambda i: (count[i], last[i].start), reverse=True)[:wanted]
    return sorted((last[i] for i in ranked), key=lambda span: span.start)

