"""Stage 2a — when: an event's date among the date mentions of its line, and its status.

A date belongs to the first trigger above it in the parse; a date no trigger governs goes to the nearest event.
Dates of a "since" phrase, of a wire dateline or inside the event's own name date something else. The status is
planned when the trigger's auxiliaries or modifiers say so ("will", "upcoming"), else it follows the date against
the publication date, else the tense.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from ... import datevalue
from ..dates import dateline_place, in_dateline
from ..wordclass import is_verb, is_verbal
from . import document
from .knowledge import Words
from .model import EventDraft



def date_of(doc: Doc, event: EventDraft, owner: dict[int, EventDraft], words: Words) -> str | None:
    """The value of the date mention that dates `event`, or None."""
    sent, anchor = event.sent, event.anchor
    dates = [d for d in document.spans(doc, "dates") if sent.start <= d.start < sent.end
             and not (d.start > 0 and doc[d.start - 1].lower_ in words.not_event_prepositions)
             and not _under_since(d.root, anchor, words) and not in_dateline(d)
             and not (event.name_span and event.name_span[0] <= d.start < event.name_span[1])]
    # a date belongs to the first trigger above it in the parse ("meeting in September 2025");
    # dates that no trigger governs go to the nearest event
    owned = [d for d in dates if _governing_event(d, owner) is event]
    free = [d for d in dates if _governing_event(d, owner) is None]
    if not owned and not free and anchor.dep_ == "conj" and anchor.head.i in owner:
        # "met on Tuesday and signed an agreement": a coordinated verb without a date shares its first verb's
        owned = [d for d in dates if _governing_event(d, owner) is owner[anchor.head.i]]
    if owned or free:
        nearest = min(owned or free, key=lambda d: (document.distance(anchor.i, d), d.start < anchor.i))
        return nearest._.date_value
    return None


def status_of(anchor: Token, date: str | None, published: dt.date | None, words: Words) -> str:
    """planned ('will', 'upcoming', 'scheduled'), else by the date against publication, else by tense."""
    head = anchor if is_verbal(anchor) else anchor.head
    near = ("aux", "auxpass", "amod", "advmod")
    context = [anchor, head, *(c for t in (anchor, head) for c in t.children if c.dep_ in near)]
    if any(t.lower_ in words.planned for t in context) or (any(
            t.lower_ == "to" and t.dep_ == "aux" for t in head.children) and not _purpose_of_past(head)):
        return "planned"
    if _going_on(anchor, head, words) or (date is None and anchor.lower_ in words.be_present):
        return "ongoing"  # "the exercise is under way", "the ongoing drills", "the minister is in Hanoi"
    if date and published and (days := _length(anchor, words)) and len(date) == 10:
        # "arrived on Monday for a three-day visit": going on while its days last
        start = dt.date.fromisoformat(date)
        if start <= published < start + dt.timedelta(days=days):
            return "ongoing"
    if date and published and (days := datevalue.bounds(date)):
        if days[0] > published:
            return "planned"
        if days[1] < published:
            return "occurred"
        return "ongoing" if head.tag_ in ("VBG", "VBZ", "VBP") else "occurred"
    if head.tag_ in ("VBG",) and any(t.lower_ in words.be_present and t.tag_ in ("VBZ", "VBP") for t in head.children):
        return "ongoing"
    return "occurred"


def _going_on(anchor: Token, head: Token, words: Words) -> bool:
    """A word of ongoing on the trigger or its verb: 'the ongoing drills', 'the exercise is under way'."""
    said = {c.lower_ for t in (anchor, head) for c in t.children if c.dep_ in ("amod", "acomp", "advmod", "attr")}
    said |= {f"{c.lower_} {p.lower_}" for c in head.children if c.dep_ == "prep" for p in c.children
             if p.dep_ == "pobj"}
    return bool(said & words.ongoing_words)


def _length(anchor: Token, words: Words) -> int | None:
    """The days an event lasts by its noun's modifier: 'a three-day visit' -> 3, 'a two-week exercise' -> 14,
    'arrived on Monday for a three-day visit' -> 3."""
    nouns = [anchor, *(p for c in anchor.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj")]
    for child in (c for noun in nouns for c in noun.children if c.dep_ in ("amod", "compound", "nummod")):
        parts = child.lower_.split("-")  # "three-day" as one word, or "three", "-", "day" as three
        if len(parts) == 1:
            parts = [next((c.lower_ for c in child.children if c.dep_ == "nummod"), ""), child.lower_]
        if len(parts) == 2 and parts[1] in words.duration_units:
            number = int(parts[0]) if parts[0].isdigit() else words.number_words.get(parts[0])
            if number:
                return number * words.duration_units[parts[1]]
    return None


def _purpose_of_past(verb: Token) -> bool:
    """An infinitive of purpose under a verb in the past ('a ceremony was held on Wednesday to receive the
    helicopters'): it happened then, it is not planned ('plans to fire', 'is due to trial' are)."""
    if verb.dep_ not in ("advcl", "acl") or verb.head.i == verb.i:
        return False
    governor = verb.head
    return governor.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in governor.children)


def _under_since(token: Token, anchor: Token, words: Words) -> bool:
    """The date stands in a 'since ...' phrase or clause below the trigger ('the first test since the war in
    June 2025', 'his first trip since he took office in December 2023'): it dates something else."""
    since = words.not_event_prepositions
    for node in [token, *token.ancestors]:
        if node == anchor:
            return False
        if node.lower_ in since or any(c.dep_ == "mark" and c.lower_ in since for c in node.children):
            return True
    return False


def dateline(doc: Doc) -> tuple[str | None, str | None]:
    """The value of the article's dateline date and its place, if it has one (in its first lines)."""
    for date in document.spans(doc, "dates"):
        if date.start > 40:
            break
        if in_dateline(date) and date._.date_value:
            return date._.date_value, dateline_place(date)
    return None, None


def _governing_event(date: Span, owner: dict[int, EventDraft]) -> EventDraft | None:
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
