"""Stage 2b — where: the places among an event's argument phrases, as whole names.

A place entity counts when a place preposition governs it ("in Chennai", "at the Yantar Shipyard in
Kaliningrad", "in the port of Gdynia") or it is what a visiting verb takes ("visiting India"); an organisation
"at" which something happens is its site; known places the base model did not tag count after a preposition.
Names are grown to what the model cut short ("northern Luzon", "the west coast of Scotland").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..wordclass import is_proper
from .knowledge import EventKnowledge, Words
from .model import EventDraft, add
from .participants import recipient
from .states import bare, organisation_text

PLACE_LABELS = ("GPE", "LOC", "FAC")
ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")  # "the 1st Royal Air Force Base"


def sites(ents: list[Span], scope: set[int], knowledge: EventKnowledge) -> list[Span]:
    """Organisations named as the site of the event: by a site noun at their end ("at the Yantar Shipyard", "the
    Sevmash Shipyard has floated out ...", but not a plural: "Damen Shipyards" is a group of yards), or "at" one that is no known organisation nor named like one (a place
    the base model took for an organisation). A company at which something happens ("built at BAE Systems") is
    who does it, not where."""
    words = knowledge.words
    return [ent for ent in ents if ent.label_ == "ORG" and ent.root.i in scope and (
        (ent[-1].lower_ in words.site_nouns and not _plural(ent[-1].lower_, words.site_nouns)) or (
            ent.root.dep_ == "pobj" and ent.root.head.lower_ in words.site_prepositions
            and not knowledge.organisations.lookup(organisation_text(ent, knowledge))
            and not any(t.lower_ in words.organisation_nouns for t in ent)))]


def _plural(word: str, nouns: frozenset[str]) -> bool:
    """The word is the plural of one of `nouns` (the tagger often calls a name's plural noun singular)."""
    return word.endswith("s") and (word[:-1] in nouns or (word.endswith("es") and word[:-2] in nouns))


def add_locations(doc: Doc, event: EventDraft, ents: list[Span], sited: list[Span], scope: set[int],
                  known_places: list[tuple[int, int]], knowledge: EventKnowledge) -> None:
    """Add the places of the argument phrases `scope` to `event.locations`, in text order."""
    name_tokens = set(range(*event.name_span)) if event.name_span else set()
    for text in places_of(doc, event.sent, event.anchor, ents, sited, scope, known_places, knowledge,
                          name_tokens, receiving=event.type == "delivery",
                          fired=event.type in knowledge.words.fired_types):
        add(event.locations, text)


def places_of(doc: Doc, sent: Span, anchor: Token | None, ents: list[Span], sited: list[Span], scope: set[int],
              known_places: list[tuple[int, int]], knowledge: EventKnowledge, name_tokens: set[int] = frozenset(),
              receiving: bool = False, after_article: bool = True, fired: bool = False) -> list[str]:
    """The places of the phrases `scope` of the line `sent`, as written, in text order: place entities a place
    preposition governs (or that `anchor` visits), `sited` organisations, known places after a preposition (or
    after "the", when `after_article`); for what is fired or launched, a place it is done "from" too."""
    words = knowledge.words
    found = [ent for ent in ents if ent.label_ in PLACE_LABELS and ent.root.i in scope
             and _is_place_argument(ent, anchor, words, fired)] + sited + _named_sites(doc, sent, scope, words)
    for start, end in known_places:
        if start in scope and sent.start < start and end <= sent.end \
                and (doc[start - 1].lower_ in words.place_prepositions or (
                    after_article and doc[start - 1].lower_ == "the")):
            found.append(doc[start:end])
    out: list[str] = []
    spans = sorted(filter_spans([_whole_place(p, knowledge) for p in found]), key=lambda p: p.start)
    for n, span in enumerate(spans):
        if span.root.i in name_tokens or (receiving and recipient(span.root)):
            continue  # "MILAN 2024" names the event; "handed over to Saudi Arabia" names who receives
        # "The Hague" keeps its article, "the Arabian Sea" does not
        text = span.text if span[0].text == "The" and not span[0].is_sent_start else bare(span.text)
        add(out, _shared_head(text, span, spans[n + 1] if n + 1 < len(spans) else None, words))
    return out


def _shared_head(text: str, span: Span, following: Span | None, words: Words) -> str:
    """'the Mediterranean and Black Seas': each name with the head noun they share, in the singular."""
    last = span[-1]
    if _plural(last.lower_, words.shared_head_nouns) and span.start > 0 and span.doc[span.start - 1].lower_ in (
            "and", ","):
        return text[: len(text) - len(last.text)] + _singular_of(last.text)
    if following is not None and following.start == span.end + 1 and span.doc[span.end].lower_ == "and" \
            and _plural(following[-1].lower_, words.shared_head_nouns) \
            and span[-1].lower_ not in words.shared_head_nouns:
        return f"{text} {_singular_of(following[-1].text)}"
    return text


def _singular_of(word: str) -> str:
    """'Seas' -> 'Sea', 'Straits' -> 'Strait' (the nouns of shared_head_nouns.txt take -s)."""
    return word[:-1] if word.endswith("s") else word


def _named_sites(doc: Doc, sent: Span, scope: set[int], words: Words) -> list[Span]:
    """Proper names that end in a word for a place or site, after a preposition of place ("to the Kwajalein
    Atoll", "from north Vandenberg Space Force Base"), whatever the base model made of them; not a person the
    people component kept, nor a platform."""
    taken = {i for key in ("people", "platforms") for span in doc.spans.get(key, []) if sent.start <= span.start
             < sent.end for i in range(span.start, span.end)}
    found = []
    for i in scope:
        token = doc[i]
        if not (token.dep_ == "pobj" and token.lower_ in words.place_head_nouns and is_proper(token)
                and token.is_title and token.head.lower_ in words.named_site_prepositions and i not in taken):
            continue
        start = i
        while start - 1 > sent.start and doc[start - 1].dep_ in ("compound", "amod") and doc[start - 1].is_title \
                and (is_proper(doc[start - 1]) or doc[start - 1].dep_ == "amod") and start - 1 not in taken:
            start -= 1
        if start < i:  # a name of its own before the noun, not "at the Base"
            found.append(Span(doc, start, i + 1, label="FAC"))
        if _plural(token.lower_, words.shared_head_nouns):
            # "the Black and Caspian Seas": each coordinated name shares the noun (see _shared_head)
            names = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.is_title]
            names += [c for name in names for c in name.children if c.dep_ == "conj" and c.is_title]
            found += [Span(doc, c.i, c.i + 1, label="FAC") for c in names if c.i not in taken and c.i < start]
    return found


def _is_place_argument(ent: Span, anchor: Token | None, words: Words, fired: bool = False) -> bool:
    """'in Chennai', 'at the Yantar Shipyard in Kaliningrad', 'visiting India', 'Tianjin, China'."""
    token = ent.root
    while token.dep_ in ("appos", "conj", "compound", "pobj") and token.head.i != token.i:
        if token.dep_ == "pobj":
            preposition = token.head
            # "in the port of Gdynia", "at the naval base of Souda": the place noun's own preposition
            if preposition.lower_ == "of" and (preposition.head.lower_ in words.place_nouns
                                               or preposition.head.lower_ in words.compass_words):
                token = preposition.head
                continue
            return preposition.lower_ in words.place_prepositions or (
                fired and preposition.lower_ in words.launch_prepositions)
        token = token.head
    return anchor is not None and token.dep_ == "dobj" and token.head == anchor \
        and anchor.lower_ in words.place_object_verbs


def _whole_place(span: Span, knowledge: EventKnowledge) -> Span:
    """A place span grown to the whole name the base model cut short: 'northern Luzon', 'Nowa Dęba',
    'the west coast of Scotland', 'The Hague'."""
    doc = span.doc
    start, end = span.start, span.end
    while end < len(doc) and is_proper(doc[end]) and doc[end].is_title and doc[end].ent_type_ in (
            "", span.label_):
        end += 1
    if end < len(doc) and doc[end].is_lower and doc[end].lower_ in knowledge.words.place_suffix_nouns \
            and span.root.dep_ == "compound" and span.root.head.i == end:
        end += 1  # "the Indo-Pacific region", "the Kaliningrad region"
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].ent_type_ in PLACE_LABELS \
            and span[-1].is_lower:  # "the west coast of Scotland", "the northern tip of Luzon"
        end += 2
        while end < len(doc) and doc[end].ent_iob_ == "I":  # the rest of the place after "of"
            end += 1
    root = span.root
    words = knowledge.words
    if root.dep_ == "pobj" and root.head.lower_ == "of" \
            and (root.head.head.lower_ in words.place_nouns or root.head.head.lower_ in words.compass_words) \
            and root.head.i == start - 1 and root.head.head.i == start - 2:
        # "in the centre of Israel", "off the west coast of Scotland": the place noun and what it is of
        noun = root.head.head
        start = min([noun.i, *(c.i for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i)])
    elif start > 0 and doc[start - 1].lower_ in knowledge.words.compass_words:
        start -= 1
    while start > 0 and (doc[start - 1].lower_ in knowledge.words.ordinals or ORDINAL.fullmatch(doc[start - 1].text)):
        start -= 1  # "the 1st Royal Air Force Base"
    if start > 0 and doc[start - 1].lower_ == "the" and knowledge.place_gazetteer.lookup(doc[start - 1:end].text) \
            and doc[start - 1].text == "The":
        start -= 1
    return doc[start:end] if (start, end) != (span.start, span.end) else span
