"""Stage 1 — candidate events: which words of the document start an event, and of which type.

A trigger (a lemma or phrase of `event_triggers.jsonl`) or a named-event shape (`event_names.jsonl`) starts a
candidate. A line holds at most one event of a type: its triggers and names join one draft. A trigger counts
unless it only modifies another noun, names something awaited or only talked about, or its clause's platforms go
against the trigger's constraints; what it is done to or by may give it another type.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..wordclass import is_noun, is_verb, is_verbal
from . import document
from .knowledge import EventKnowledge
from .model import Candidates, EventDraft


def find(doc: Doc, knowledge: EventKnowledge) -> Candidates:
    """The candidate events of `doc`, ordered by their anchor, and the draft each trigger token belongs to."""
    drafts: dict[tuple[int, str], EventDraft] = {}
    # a trigger of several words stands at its syntactic root: "co-chaired", "handed over", "took delivery"
    matched = [(doc.vocab.strings[m], document.root(doc, start, end)) for m, start, end in knowledge.triggers(doc)]
    triggers = [(type_, token, key) for key, token in matched
                if allowed(doc, knowledge, key, token,
                           retyped=(type_ := event_type(knowledge, key, token)) != key.split("#")[0])]
    # "signed the order for the test launch": a trigger whose object, when a trigger word of some types, must
    # count as an event ("signed a contract", "signed a partnership"; not "the order" for no platform)
    counted = {token.i: type_ for type_, token, _ in triggers}
    words_of = {token.i: key.split("#")[0] for key, token in matched}
    triggers = [(type_, token) for type_, token, key in triggers if key not in knowledge.object_types or not any(
        words_of.get(c.i) in knowledge.object_types[key] and c.i not in counted
        for c in token.children if c.dep_ == "dobj")]
    line_types: dict[int, list[str]] = {}
    for type_, token in triggers:
        line_types.setdefault(document.line(token).start, []).append(type_)
    for match_id, start, end in knowledge.named(doc):
        key = doc.vocab.strings[match_id]
        span = doc[start:end]
        if _names_organisation(knowledge, span):
            continue  # "the Joint Exercise Planning Directorate"
        # a shape's default type gives way to the line's own trigger ("the INDRA 2025 talks")
        line = document.line(span.root)
        types = line_types.get(line.start, [])
        type_ = key.split("#")[0]
        if types and type_ not in types:
            type_ = types[0]
        draft = drafts.setdefault((line.start, type_), EventDraft(type_, line, span.root))
        draft.name = doc[start + knowledge.drop[key]:end].text
        draft.anchor = span.root
        draft.name_span = (start, end)
        draft.triggers.append(span.root)
    anaphoric = knowledge.words.anaphoric_determiners
    for type_, token in triggers:
        line = document.line(token)
        if (line.start, type_) in drafts:
            draft = drafts[(line.start, type_)]
            if is_verb(token) and not is_verb(draft.anchor) and draft.name is None:
                draft.anchor = token
            draft.triggers.append(token)
            continue
        draft = EventDraft(type_, line, token, triggers=[token])
        draft.anaphoric = is_noun(token) and any(c.lower_ in anaphoric or c.dep_ == "poss" for c in token.children)
        drafts[(line.start, type_)] = draft
    owner = {t.i: d for d in drafts.values() for t in d.triggers}
    return Candidates(sorted(drafts.values(), key=lambda d: d.anchor.i), owner, words_of)


def event_type(knowledge: EventKnowledge, key: str, token: Token) -> str:
    """The trigger's event type, or the one its subject, object or the noun it describes gives it."""
    retype = knowledge.retype.get(key)
    if retype:
        # its subject or object, or a noun before it that says what kind it is ("a test launch")
        nouns = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "compound")]
        if token.dep_ in ("acl", "relcl"):  # "the NATO mission launched on Jan 14"
            nouns.append(token.head)
        for noun in nouns:
            if noun.lower_ in retype:
                return retype[noun.lower_]
    return key.split("#")[0]


def allowed(doc: Doc, knowledge: EventKnowledge, key: str, token: Token, retyped: bool = False) -> bool:
    """A trigger counts unless it only modifies another noun ('commissioning pennants', 'visit programme'), is
    denied or called off ('did not commission', 'the visit was cancelled'),
    names what is awaited or talked about rather than what happens ('ahead of delivery', 'discussed
    further purchases'), or its clause's platforms go against its constraints (which bind its own type only,
    not the type what it is done to gives it: 'a test launch of a missile')."""
    if is_noun(token) and (token.dep_ == "compound" or (token.dep_ == "conj" and token.head.dep_ == "compound")):
        return False  # "commissioning pennants", "its test and commissioning programme"
    if denied(knowledge, token) or _modifies_next(knowledge, token) or (
            token.ent_type_ == "ORG" and _names_organisation(knowledge, token.doc[token.i:token.i + 1])):
        return False  # ... or a word of an organisation's name ("the Joint Exercise Planning Directorate")
    if awaited(knowledge, token) or (token.dep_ == "dobj" and token.head.lower_ in knowledge.words.topic_verbs):
        return False
    if key in knowledge.person_subject and not _person_subject(doc, token):
        return False  # "the minister is in Hanoi", not "the problem is in Ukraine"
    requires, unless = knowledge.constraints.get(key, (frozenset(), frozenset()))
    if retyped or (not requires and not unless):
        return True
    categories = {span.label_ for span in clause_platforms(doc, token)} | argument_categories(knowledge, token)
    return (not requires or bool(categories & requires)) and not (categories & unless)


def denied(knowledge: EventKnowledge, token: Token) -> bool:
    """The event did not or will not happen: its verb is negated ("did not commission"), its noun denied ("no
    agreement was reached") or called off ("the visit was cancelled", "called off the drill")."""
    words = knowledge.words
    verb = token if is_verbal(token) else token.head
    nouns = [token, *(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
    if any(c.dep_ == "neg" for c in verb.children) or any(
            c.dep_ == "det" and c.lower_ in words.negating_determiners for n in nouns for c in n.children):
        return True
    if is_noun(token) and token.dep_ in ("dobj", "nsubjpass") and token.head.i != token.i:
        head = token.head
        particles = {c.lower_ for c in head.children if c.dep_ == "prt"}
        return head.lower_ in words.cancel_verbs or any(
            (head.lower_, particle) in words.cancel_phrasal_verbs for particle in particles)
    return False


def _person_subject(doc: Doc, verb: Token) -> bool:
    """The verb's subject is a person the people component found (or a title in apposition to one)."""
    people = {i for span in doc.spans.get("people", []) for i in range(span.start, span.end)}
    return any(c.dep_ == "nsubj" and any(t.i in people for t in c.subtree) for c in verb.children)


def _names_organisation(knowledge: EventKnowledge, span: Span) -> bool:
    """The name, or the organisation's name around it, ends in a word for an organisation."""
    doc = span.doc
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "ORG":
        end += 1
    return doc[end - 1].lower_ in knowledge.words.organisation_nouns


def _modifies_next(knowledge: EventKnowledge, token: Token) -> bool:
    """A noun or gerund right before the noun it goes with, which is no platform: 'its test and commissioning
    programme' (parsed or not as a compound), 'the delivery schedule'; not 'commissioning ships'."""
    doc = token.doc
    if token.tag_ not in ("NN", "VBG") or token.i + 1 >= len(doc):
        return False
    following = doc[token.i + 1]
    return following.tag_ in ("NN", "NNS") and (following.i == token.head.i or following.head.i == token.i) \
        and knowledge.platform_noun_category(following.lower_) is None


def argument_categories(knowledge: EventKnowledge, token: Token) -> set[str]:
    """The platform categories the trigger's own subject, object or "of"/"for" phrase names by a common noun ("the
    missile traveled 1,000 km", "a test launch of a new ballistic missile", "an order for six frigates"), for
    what no catalogue lists."""
    nouns = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    nouns += [p for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for") for p in c.children
              if p.dep_ == "pobj"]
    return {category for noun in nouns if (category := knowledge.platform_noun_category(noun.lower_))}


def clause_platforms(doc: Doc, anchor: Token) -> list[Span]:
    """Platforms of the trigger's clause, else of its sentence."""
    sent = document.sentence(anchor)
    in_sentence = [span for span in document.spans(doc, "platforms") if sent.start <= span.start < sent.end]
    clause = anchor if is_verbal(anchor) else anchor.head
    inside = {t.i for t in clause.subtree}
    return [span for span in in_sentence if span.root.i in inside] or in_sentence


def awaited(knowledge: EventKnowledge, token: Token) -> bool:
    """The trigger is the object of 'ahead of', 'prior to', 'before', 'pending', and has no date of its own
    ('before the alliance's summit in The Hague on June 24-25' is an event)."""
    if token.dep_ not in ("pobj", "pcomp") or any(t.ent_type_ == "DATE" for t in token.subtree):
        return False
    preposition = token.head
    words = knowledge.words
    return preposition.lower_ in words.awaiting_prepositions or (
        preposition.lower_, preposition.head.lower_) in words.awaiting_heads
