"""What every stage reads from the parsed document: its sentences and lines, span groups, and clause structure.

Nothing here decides about events. Each reading is made once per call of the component and kept in
`doc.user_data[CACHE]` (removed when the component is done): `Token.sent`, a SpanGroup walk and a clause walk cost
a Python loop at every call, and the stages ask for them many times.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from ..wordclass import is_verbal

CACHE = "extract_events:cache"  # doc.user_data key of `_cache`, removed when the component is done
# an argument phrase is its head's subtree without the clauses hanging from it (they have arguments of their own)
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj"}
# within a trigger's clause, the clauses of other predicates ("as X pressed ahead", "X said", "who signed")
FOREIGN_CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "parataxis", "csubj"}


def line(token: Token) -> Span:
    """The part of the token's sentence on its own line: a line break inside a parsed sentence (a heading over a
    list, list items the parser ran together) ends the event's evidence."""
    doc = token.doc
    sent = sentence(token)
    breaks = _cache(doc)["breaks"]  # the tokens holding a line break, in order
    before, after = bisect_right(breaks, token.i - 1), bisect_right(breaks, token.i)
    start = max(sent.start, breaks[before - 1] + 1) if before else sent.start  # after the last break before it
    end = min(sent.end, breaks[after]) if after < len(breaks) else sent.end  # up to the first break after it
    if start == sent.start and end == sent.end:
        return sent
    while end > start + 1 and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def lines(doc: Doc) -> list[Span]:
    """Every line of the document in order: its sentences, cut where a line break falls inside one; a line of
    punctuation only (a quotation mark left over by the parser) is none."""
    cache = _cache(doc)
    if "lines" not in cache:
        found: list[Span] = []
        for sent in cache["sentences"]:
            i = sent.start
            while i < sent.end:
                if doc[i].is_space:
                    i += 1
                    continue
                part = line(doc[i])
                if any(t.is_alpha or t.is_digit for t in part):  # not a stray quotation mark
                    found.append(part)
                i = part.end
        cache["lines"] = found
    return cache["lines"]


def sentence(token: Token) -> Span:
    """The token's sentence (`Token.sent` walks the sentence at every call)."""
    cache = _cache(token.doc)
    return cache["sentences"][bisect_right(cache["sentence_starts"], token.i) - 1]


def spans(doc: Doc, key: str) -> list[Span]:
    """`doc.spans[key]` as a list, made once per call of the component: a SpanGroup makes a new Span object at every
    step of every walk over it."""
    cache = _cache(doc)
    if key not in cache:
        cache[key] = list(doc.spans.get(key, []))
    return cache[key]


def clause_tokens(trigger: Token) -> list[int]:
    """The tokens of the trigger's clause: the verb above a nominal trigger ('held talks', 'during a visit') and
    everything under it except the clauses of other predicates ('as X pressed ahead', 'X said', '..., and Y')."""
    clauses = _cache(trigger.doc).setdefault("clauses", {})
    if trigger.i not in clauses:
        clauses[trigger.i] = _walk_clause(trigger)
    return clauses[trigger.i]


def phrase(head: Token, bare: bool = False) -> list[int]:
    """The token indices of the phrase under `head`, without the clauses that hang from it (nor, when `bare`,
    the conjuncts of the head itself)."""
    found, stack = [], [head]
    while stack:
        token = stack.pop()
        found.append(token.i)
        stack.extend(child for child in token.children if child.dep_ not in CLAUSE_DEPS
                     and not (bare and token is head and child.dep_ in ("conj", "cc")))
    return found


def root(doc: Doc, start: int, end: int) -> Token:
    """The token of doc[start:end] whose head lies outside it (the first token for a one-word match)."""
    if end - start == 1:
        return doc[start]
    return doc[start:end].root


def distance(i: int, span: Span) -> int:
    """Tokens between token `i` and the span (0 when the span starts at `i`)."""
    return span.start - i if span.start >= i else i - span.end + 1


def told_right_before(mentions: list[tuple[int, int]], line_span: Span) -> bool:
    """One of the character ranges `mentions` ends right before `line_span` (nothing but space between)."""
    doc = line_span.doc
    i = line_span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and any(end == doc[i].idx + len(doc[i].text) for _, end in mentions)


def release(doc: Doc) -> None:
    """Drop the readings kept for this call of the component."""
    doc.user_data.pop(CACHE, None)


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


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.setdefault(CACHE, {})
    if "sentences" not in cache:
        sentences = list(doc.sents)
        cache["sentences"], cache["sentence_starts"] = sentences, [sent.start for sent in sentences]
        text, starts = doc.text, doc.to_array(IDX)
        breaks = [m.start() for m in re.finditer("\n", text)]  # characters, then the tokens that hold them
        cache["breaks"] = sorted(set((numpy.searchsorted(starts, breaks, side="right") - 1).tolist()))
    return cache
