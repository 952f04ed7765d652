"""Stage 3 — merging: which drafts tell the same happening, and which are no event at all.

Drafts are taken in text order. One of the same type with the same name, or the same date, is a mention of an
event already found; a bare definite mention ("The exercise formally opened on July 13") tells more of the named
event before it; an undated, unnamed mention joins the event of the same type it refers to, or the one told in
the sentence right before. A heading (a line without a finite verb) and an undated nominal mention with no
arguments of its own are no event.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...names import name_key
from ..wordclass import is_noun, is_verb
from . import document
from .knowledge import Words
from .model import EventDraft

REPORTING_TAGS = {"VBD", "VBZ", "VBP", "MD", "VBN"}  # a line with none of these is a heading, not a report


def merge(drafts: list[EventDraft], words: Words) -> list[EventDraft]:
    """The events of the drafts (in text order), each mention merged into the event it tells again."""
    events: list[EventDraft] = []
    for draft in drafts:
        _place(draft, events, words)
    return events


def _place(event: EventDraft, events: list[EventDraft], words: Words) -> None:
    """Add `event` to `events`, or merge it into the event it mentions again."""
    same_type = [e for e in events if e.type == event.type]
    for other in same_type:
        if (event.name and other.name and name_key(event.name) == name_key(other.name)) or \
                (event.date and event.date == other.date and event.name in (None, other.name)):
            other.add_mentions_of(event)
            return
    latest = max(events, key=lambda e: max(end for _, end in e.mentions), default=None)
    for other in same_type:
        # "... received their first six AH-64E. A ceremony was held on Wednesday to receive the AH-64Es": one
        # happening told twice, the second right after the first (no other event told between), one telling
        # undated, about the same platform, or one naming none ("tested a new missile. It launched the X-1
        # from ..."), or tied to it by "also", "at the same time"
        if (event.date is None or other.date is None) and (event.name is None or other.name is None) \
                and other is latest and event.status == other.status \
                and (set(event.platforms) & set(other.platforms) or (not event.anaphoric and (
                    not (event.platforms and other.platforms)
                    or any(t.lower_ in words.same_occasion_words for t in event.sent)))) \
                and (document.told_right_before(other.mentions, event.sent) if event.anaphoric
                     else _near(other, event)):
            if other.date is None:
                other.date, other.status = event.date, event.status
            if not event.argued or event.guessed:  # who the retelling's line names, the parse tying no one to
                event.participants, event.people = [], set()  # it, took no part
            other.add_mentions_of(event)
            return
    named = [e for e in same_type if e.name]
    if event.anaphoric and not event.name and named and _bare_mention(event.anchor):
        # "Exercise Talisman Sabre 2025 began on Monday ... The exercise formally opened on July 13": a bare
        # definite mention tells more of the named event before it; "the 21st session" is one of its own
        target = named[-1]
        if not target.date:
            target.date, target.status = event.date, event.status
        target.add_mentions_of(event)
        return
    if event.date or event.name:
        events.append(event)
        return
    if event.anaphoric or event.status == "planned" and event.people:
        # the one it shares people with, of its status, then the one told most ("the deal" after a story's
        # deal and a deal named in passing is the story's), then the latest
        scored = sorted(same_type, key=lambda e: (len(e.people & event.people), e.status == event.status,
                                                   len(e.mentions), e.anchor.i))
        if scored and (event.anaphoric or scored[-1].people & event.people):
            scored[-1].take_tellings_of(event)
        return
    # "... signed a contract on August 1. Bejda, who signed for the ministry, called it ...": the same
    # signing told on, in the next sentence, about no platform of its own
    if same_type and not event.platforms and document.told_right_before(same_type[-1].mentions, event.sent):
        same_type[-1].take_tellings_of(event)
        return
    if not any(t.tag_ in REPORTING_TAGS for t in event.sent):  # a heading: "Commissioning of JS Yubetsu"
        return
    anchor = event.anchor
    verbal = is_verb(anchor) or anchor.lower_ in words.be_present or (  # "is in Hanoi"
        anchor.dep_ in ("dobj", "nsubjpass") and is_verb(anchor.head))
    if verbal and event.argued:  # "held talks with Kim Jong Un"
        events.append(event)  # "the Navy commissioned INS X": a verb with its arguments, even undated


def _near(other: EventDraft, event: EventDraft) -> bool:
    """`event` is told in one of the two lines after the last line telling `other`."""
    lines = document.lines(event.sent.doc)
    ends = {end for _, end in other.mentions}
    starts = [n for n, line in enumerate(lines) if line.end_char in ends]
    here = next((n for n, line in enumerate(lines) if line.start == event.sent.start), None)
    return bool(starts) and here is not None and 0 < here - max(starts) <= 2


def _bare_mention(trigger: Token) -> bool:
    """'the exercise', 'these drills', 'the visit': a nominal trigger with a determiner and no words of its own
    ('the 21st session', 'a second visit', 'the naval exercise' name another)."""
    return is_noun(trigger) and all(c.dep_ in ("det", "predet", "punct", "case") or c.dep_ in ("prep", "acl", "relcl")
                                    for c in trigger.children)
