"""Stage 4a — the description: the lines that go on telling an event, and the arguments read from them.

Real copy tells one happening over several sentences: "The submarine emerged from the dock hall yesterday",
"The drills were watched by the chief of naval staff", "The participating ships include ...". A line tells more of
an event when it is one of the event's mentions, or when, coming after the event's line and before another
event's, it refers back to it: by a word of its type ("the launch", "the launch ceremony"), "the ceremony" of a
ceremonial event, one of its platforms by name or by a definite noun of their kind ("the submarine"), or a word of
taking part ("participating", "attended"). A line refers back to the latest event it can refer to.

From the clause of the referring word, by the parse:
- who acts: people and organisations that are the subjects or agents of its verbs, or partners "together with"
  them; who only speaks about it ("said the admiral") does not take part by saying so;
- where: the places of its place phrases;
- with what: its platforms of the kind the event is about (a named hull stands for its class);
- when: an undated event takes the date that the referring clause's verb has.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..platforms import _singular
from ..wordclass import is_noun, is_verb, is_verbal
from . import document, places, when
from .arguments import CLASS_NAME, VESSELS
from .knowledge import EventKnowledge, Words
from .model import DocumentReadings, EventDraft, add
from .participants import employers, organisation_taking_part

FOLLOWING = 3  # lines after an event's latest line that may still go on describing it
SUBJECTS = {"nsubj", "nsubjpass"}


def describe(doc: Doc, events: list[EventDraft], words_of: dict[int, str], readings: DocumentReadings,
             knowledge: EventKnowledge) -> None:
    """Add to each event the arguments of the lines that go on describing it (in place)."""
    lines = document.lines(doc)
    if not events or len(lines) < 2:
        return
    telling: dict[int, list[EventDraft]] = {}  # a line's first character -> the events it is a mention of
    for event in events:
        for start, _ in event.mentions:
            telling.setdefault(start, []).append(event)
    told: list[EventDraft] = []  # the events told so far, the latest last
    since: dict[int, int] = {}  # id of an event -> lines since its latest line
    lines_of: dict[int, int] = {}  # id of an event -> the lines that told it so far
    for line in lines:
        tells = telling.get(line.start_char, [])
        if tells:
            for event in tells:
                if event in told:  # a later mention: the parse of its own clauses is read again
                    _read(doc, _referring(line, event, words_of, knowledge), event, readings, knowledge, words_of)
                    told.remove(event)
                told.append(event)
                since[id(event)] = 0
                lines_of[id(event)] = lines_of.get(id(event), 0) + 1
            continue
        for event in told:
            since[id(event)] += 1
        # the line refers to the event told most so far ("the deal" is the story's deal, not the one before it
        # named in passing), the latest among equals
        open_events = [e for e in told if since[id(e)] <= FOLLOWING]
        for event in sorted(open_events, key=lambda e: (lines_of[id(e)], told.index(e)), reverse=True):
            if referring := _referring(line, event, words_of, knowledge):
                if _read(doc, referring, event, readings, knowledge, words_of):
                    since[id(event)] = 0
                    lines_of[id(event)] += 1
                break


def _referring(line: Span, event: EventDraft, words_of: dict[int, str], knowledge: EventKnowledge) -> list[Token]:
    """The words of the line that refer to the event: a word of its type used definitely, as a verb or as a
    modifier ("the launch", "was launched", "the launch ceremony"), "the ceremony" of a ceremonial event, a
    word of taking part, one of its platforms by a definite noun of their kind ("the submarine") or by name."""
    words = knowledge.words
    doc = line.doc
    platforms = [span for span in document.spans(doc, "platforms") if span.id_ in event.platforms]
    kinds = {span.label_ for span in platforms} | (VESSELS if any(s.label_ in VESSELS for s in platforms) else set())
    found = []
    for token in line:
        lower = token.lower_
        if lower in words.describing_words and is_verbal(token):
            found.append(token)
            continue
        if words_of.get(token.i) == event.type or (lower in words.ceremony_nouns
                                                   and event.type in words.ceremony_types):
            if is_verb(token) or _definite(token, words):
                found.append(token)
            continue
        category = knowledge.platform_nouns.get(_singular(lower, knowledge.platform_nouns))
        # of the kind of its platforms; any kind for an event done to a platform that names none yet ("launched
        # its third aircraft carrier. ... the vessel, named the Fujian, ...")
        fits = category in kinds or (category == "ship" and kinds & VESSELS) or (
            not kinds and event.type in words.platform_types)
        if category and is_noun(token) and token.dep_ not in ("compound", "poss") and _definite(token, words) \
                and fits and not (kinds and any(
                    span.id_ not in event.platforms and not _hull_of_class(span, platforms)
                    for span in _platforms_under(doc, token, token.subtree))):
            found.append(token)  # "the submarine", not "its last F-5A fighters" nor "the aircraft's market"
    found += [span.root for span in platforms if line.start <= span.start < line.end]
    found += [t for t in (event.anchor, *event.triggers) if line.start <= t.i < line.end and t not in found]
    return found


def _hull_of_class(span: Span, platforms: list[Span]) -> bool:
    """A named vessel beside an event that names only a class of vessels: the hull it is about ("the fifth
    Astute-class submarine ... The submarine, named Anson, ...")."""
    return span.label_ in VESSELS and bool(platforms) and all(
        CLASS_NAME.search(p.id_) and p.label_ in VESSELS for p in platforms)


def _definite(token: Token, words: Words) -> bool:
    """The noun, or the noun it modifies, has a definite or possessive determiner ("the launch", "its
    commissioning", "the launch ceremony", "Monday's test")."""
    nouns = [token, token.head] if token.dep_ in ("compound", "amod") else [token]
    return any(c.lower_ in words.referring_determiners or c.dep_ == "poss" for n in nouns for c in n.children)


def _read(doc: Doc, referring: list[Token], event: EventDraft, readings: DocumentReadings,
          knowledge: EventKnowledge, words_of: dict[int, str]) -> bool:
    """Add to the event the arguments of the clauses of the referring words; False when they tell what is still
    to come of an event that happened ("the new ship will be based in Sasebo"), which is no more of it."""
    if not referring:
        return False
    words = knowledge.words
    line = document.line(referring[0])
    if event.status != "planned" and _planned(line.root, words):
        return False
    kin = {i for i, type_ in words_of.items() if type_ == event.type and line.start <= i < line.end}
    scope = {i for token in referring for i in _clause(token, kin) if line.start <= i < line.end}
    sentence_start = document.sentence(doc[line.start]).start
    line_ents = [e for e in readings.entities_by_sentence.get(sentence_start, []) if line.start <= e.start < line.end]
    ents = [e for e in line_ents if e.root.i in scope]
    sited = places.sites(ents, scope, knowledge)
    for text in places.places_of(doc, line, None, ents, sited, scope, readings.known_places, knowledge,
                                 receiving=event.type == "delivery", after_article=False,
                                 fired=event.type in words.fired_types):
        add(event.locations, text)
    for span in document.spans(doc, "people"):
        person = readings.person_at.get(span.start_char)
        if not (person and span.root.i in scope and _acts(span.root, words, referring)):
            continue
        event.add_person(person)
        for name in employers(span, line_ents, knowledge):
            add(event.participants, name)
    for ent in ents:
        if ent.label_ == "ORG" and ent not in sited and _acts(_head(ent), words, referring):
            for name in organisation_taking_part(ent, knowledge):
                add(event.participants, name)
    for span in _add_platforms(doc, referring, event, knowledge):
        # "the PLA Navy's Type 054A frigate Weifang": the navy whose ship takes part takes part
        near = {span.root.i, *(t.i for t in span.root.ancestors)}
        for ent in line_ents:
            head = _head(ent)
            if ent.label_ == "ORG" and head.dep_ == "poss" and head.head.i in near:
                for name in organisation_taking_part(ent, knowledge):
                    add(event.participants, name)
    if event.date is None:
        for token in referring:
            verb = token if is_verb(token) else token.head
            if is_verb(verb) and (date := _date_of_verb(doc, line, verb)):
                event.date = date
                if readings.published:
                    event.status = when.status_of(verb, date, readings.published, words)
                break
    return True


def _planned(token: Token, words: Words) -> bool:
    """The clause of the word is planned: its verb has 'will', 'is to', 'is expected to' ..."""
    verb = token
    while not is_verbal(verb) and verb.head.i != verb.i:
        verb = verb.head
    return when.status_of(verb, None, None, words) == "planned"


def _acts(token: Token, words: Words, referring: list[Token]) -> bool:
    """The name is the subject or agent of a verb ("X attended", "was given by X"), what a taking part is
    ("attending were X and Y"), in apposition to or coordinated with one, or a partner "together with" it. Who
    speaks takes part only by speaking at the event ("said at the launch ceremony")."""
    if any(a.dep_ == "agent" and a.head.lower_ in words.describing_words for a in token.ancestors):
        return True  # anywhere in the list of who attended ("attended by the chairman of X, Commander Y, ...")
    while token.dep_ in ("appos", "conj", "compound") and token.head.i != token.i:
        token = token.head
    if token.dep_ in SUBJECTS or (token.dep_ == "attr" and any(
            t.lower_ in words.describing_words for t in token.head.subtree)):
        return _not_only_speaking(token.head, words, referring)
    if token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ in words.listing_prepositions and preposition.head.i != preposition.i:
        return _acts(preposition.head, words, referring)  # "partners including X": as the partners do
    if preposition.lower_ == "of" and preposition.head.dep_ == "pobj":  # "under the command of X"
        preposition = preposition.head.head
    if preposition.lower_ in words.leading_prepositions:
        return True
    if preposition.dep_ == "agent":
        return _not_only_speaking(preposition.head, words, referring)
    return preposition.lower_ == "with" and (preposition.head.lower_ in words.partner_words or any(
        c.lower_ in words.partner_words for c in preposition.children))


def _head(ent: Span) -> Token:
    """The word of a name that hangs it in its sentence: its last word when that one's head lies outside
    ("the 30th Space Launch Delta Guardians": "Delta", not the ordinal the parser hung elsewhere)."""
    last = ent[-1]
    return last if not (ent.start <= last.head.i < ent.end) else ent.root


def _not_only_speaking(verb: Token, words: Words, referring: list[Token]) -> bool:
    """The verb is no verb of speaking, or it speaks at the event ("said at the ceremony")."""
    if verb.lower_ not in words.speech_verbs:
        return True
    return any(p.lower_ == "at" and any(o in referring for o in p.children) for p in verb.children)


def _date_of_verb(doc: Doc, line: Span, verb: Token) -> str | None:
    """The value of a date that `verb` or a verb coordinated with it governs, no other verb between ("emerged
    ... and entered the water earlier yesterday"; not "named at a ceremony last year")."""
    verbs = {verb.i, *(c.i for c in verb.children if c.dep_ == "conj" and is_verb(c))}
    for date in document.spans(doc, "dates"):
        if not (line.start <= date.start < line.end):
            continue
        head = date.root.head
        while head.i not in verbs and not is_verbal(head) and head.head.i != head.i:
            head = head.head
        if head.i in verbs and date._.date_value:
            return date._.date_value
    return None


def _add_platforms(doc: Doc, referring: list[Token], event: EventDraft, knowledge: EventKnowledge) -> list[Span]:
    """The platforms the referring words name: those of the phrase of a word of the event's type ("the first
    Arrow 3 test"), of a definite platform noun with what hangs from it ("the submarine, named Anson"), and all
    those said to take part ("the participating ships include ..."), of the kinds the event is about; a named
    hull then stands for its class. Returns the spans taken."""
    words = knowledge.words
    spans = document.spans(doc, "platforms")
    kinds = {span.label_ for span in spans if span.id_ in event.platforms}
    if kinds & VESSELS:
        kinds |= VESSELS
    own = {span.root.i for span in spans if span.id_ in event.platforms}
    added: list[Span] = []
    for token in referring:
        if token.i in own:  # one of its platforms by name: nothing more ("the X-1 and a newer system, the X-2")
            continue
        if token.lower_ in words.describing_words:  # "the participating forces include": what the verb takes
            verb = token
            while not is_verb(verb) or verb.dep_ == "amod":
                if verb.head.i == verb.i:
                    break
                verb = verb.head
            found = _platforms_under(doc, token, verb.subtree)
        elif knowledge.platform_nouns.get(_singular(token.lower_, knowledge.platform_nouns)) and is_noun(token):
            found = [s for s in _platforms_under(doc, token, token.subtree) if not kinds or s.label_ in kinds]
        else:
            found = [s for s in _platforms_under(doc, token, (doc[i] for i in document.phrase(token)))
                     if not kinds or s.label_ in kinds]
        for span in found:
            add(event.platforms, span.id_)
        added += found
    chosen = [span for span in spans if span.id_ in event.platforms]
    if any(span.label_ in VESSELS and not CLASS_NAME.search(span.id_) for span in chosen):
        event.platforms = [p for p in event.platforms if not CLASS_NAME.search(p)]
    return added


def _platforms_under(doc: Doc, token: Token, tokens) -> list[Span]:
    """The platform spans whose head is among `tokens` (in the token's line)."""
    inside = {t.i for t in tokens}
    line = document.line(token)
    return [span for span in document.spans(doc, "platforms")
            if line.start <= span.start < line.end and span.root.i in inside]


def _clause(token: Token, kin: set[int]) -> list[int]:
    """The referring word's clause without the clauses that describe its nouns ("frigates built by the yard"),
    but for those on a word of the event's type (`kin`: "one of 300 such tests conducted by the wing"). A word in
    a clause that describes a noun refers from the clause of that noun ("the command to roll out the submarine
    was given by the yard's director")."""
    found = []
    top = token
    while not is_verbal(top) and top.head.i != top.i:
        top = top.head
    for word in (token, top.head) if top.dep_ in ("acl", "relcl") and top.head.i != top.i else (token,):
        clause = document.clause_tokens(word)
        above = {t.i for t in word.ancestors} | {word.i} | ({t.i for t in token.ancestors} | {token.i})
        described = {t.i for i in clause if (node := word.doc[i]).dep_ == "acl" and node.i not in above
                     and node.head.i not in kin for t in node.subtree}
        found += [i for i in clause if i not in described]
    return found
