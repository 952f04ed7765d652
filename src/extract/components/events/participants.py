"""Stage 2c — who: the people, countries and organisations among an event's argument phrases.

People come by their canonical name (from the people component) and bring their country; countries are named or
given by a demonym; an organisation takes part when the catalogue knows it, its name starts with a country, or
its head noun makes it one ("Chengdu Aircraft Corporation"); a state body and a ship with a national prefix bring
their country. The entities read are the base model's with the catalogue's organisations and unit names added.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from . import document
from .knowledge import EventKnowledge
from .model import add
from .states import leading_country, navy_country, organisation_text, state_country


def entities(doc: Doc, knowledge: EventKnowledge) -> list[Span]:
    """The base model's entities, with the catalogue's organisations where the model missed or mislabelled
    them ("Damen Shipyards handed over", "Embraer" taken for a person): a catalogue name wins over any entity
    it overlaps except an organisation, a person the people component kept, or a platform."""
    kept = {i for span in [*document.spans(doc, "people"), *document.spans(doc, "platforms")]
            for i in range(span.start, span.end)}
    # a unit's name grows the model's organisation over its ordinal: "the 11th [Armoured Cavalry Brigade]"
    ordinals = knowledge.words.ordinals
    units = [(start, end) for _, start, end in knowledge.units(doc)  # an ordinal first: "the 16th ...", "Second ..."
             if (doc[start].lower_ in ordinals or doc[start].text[:1].isdigit()) and not kept & set(range(start, end))]
    model_ents = list(doc.ents)  # Doc.ents makes its spans anew at every read
    kept |= {i for ent in model_ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
    known = filter_spans([Span(doc, start, end, label="ORG") for _, start, end in knowledge.known_organisations(doc)
                          if not kept & set(range(start, end))] + [Span(doc, s, e, label="ORG") for s, e in units])
    taken = {i for span in known for i in range(span.start, span.end)}
    ents = [ent for ent in model_ents if not taken & set(range(ent.start, ent.end))]
    return sorted([*ents, *known], key=lambda e: e.start)


def participants(doc: Doc, scope: set[int], others: set[int], ents: list[Span], person_at: dict,
                 knowledge: EventKnowledge) -> tuple[list[str], list[str]]:
    """(people, then countries and organisations) named in the argument phrases: people by canonical name and
    their countries, countries named or by demonym, organisations and the countries of state bodies."""
    people: list[str] = []
    taking_part: list[str] = []
    for span in document.spans(doc, "people"):
        if span.start in scope and (person := person_at.get(span.start_char)):
            add(people, person["name"])
            if person.get("country"):
                add(taking_part, person["country"])
            for name in employers(span, ents, knowledge):
                add(taking_part, name)
    org_countries = []
    for span in document.spans(doc, "platforms"):  # "with INS Vikrant and the French carrier Charles de Gaulle"
        if span.root.i in others and span.label_ in ("ship", "submarine") and (
                country := navy_country(span, knowledge)):
            org_countries.append(country)
    for ent in ents:
        if ent.label_ in ("GPE", "NORP") and ent.root.i in others and (
                country := knowledge.countries.country(ent.text)):
            taking_part.append(country)
        elif ent.label_ == "ORG" and ent.root.i in scope:
            # a known organisation ("NATO", "the Royal Navy"), one named after its country ("the Philippine
            # Marine Corps", "the U.S. Army") or by what it is ("Chengdu Aircraft Corporation") takes part
            entry = knowledge.organisations.lookup(organisation_text(ent, knowledge))
            if entry or leading_country(ent, knowledge) or _named_organisation(ent, knowledge):
                taking_part.append(organisation_name(ent, knowledge))
            # a state's forces act for it, and bring their country; a company or shipyard does not
            if country := state_country(ent, knowledge):
                org_countries.append(country)
    return people, taking_part + org_countries


def employers(person: Span, ents: list[Span], knowledge: EventKnowledge) -> list[str]:
    """The organisations a person's title names, and the countries of the state bodies among them: who takes
    part as "Commander of Army Strategic Forces Command Lt Gen X", "Col. Y, 377th Test Wing commander" or
    "Gen. Z, commander, Air Force Global Strike Command" brings the body they lead or serve."""
    title = _title_tokens(person)
    found: list[str] = []
    for ent in ents:
        if ent.label_ == "ORG" and all(t.i in title for t in ent):
            for name in organisation_taking_part(ent, knowledge):
                add(found, name)
    return found


def organisation_taking_part(ent: Span, knowledge: EventKnowledge) -> list[str]:
    """An organisation that can take part, by its participant name, and its country when it is a state body:
    one the catalogue knows, one named after its country or by what it is; none else."""
    if not (knowledge.organisations.lookup(organisation_text(ent, knowledge)) or leading_country(ent, knowledge)
            or _named_organisation(ent, knowledge)):
        return []
    country = state_country(ent, knowledge)
    return [organisation_name(ent, knowledge), *([country] if country else [])]


def _title_tokens(person: Span) -> set[int]:
    """The tokens of the title around a person's name: the words that hang from it before it or in apposition
    ("Nescom Chairperson Dr X", "X, commander of the Y"), or the title noun it is in apposition to."""
    root = person.root
    heads = [root]
    if root.dep_ in ("appos", "compound") and root.head.i != root.i:  # "the commander, General X"
        heads.append(root.head)
    found: set[int] = set()
    for head in heads:
        for child in head.children:
            if child.dep_ in ("compound", "appos", "nmod", "amod", "npadvmod") or (
                    child.dep_ == "prep" and child.lower_ == "of"):
                if child.i in range(person.start, person.end):
                    continue
                found.update(t.i for t in child.subtree)
    return found - set(range(person.start, person.end))


def organisation_name(ent: Span, knowledge: EventKnowledge) -> str:
    """An organisation's participant name: the catalogue's ("EU" -> "European Union"), so that one organisation
    has one name across articles; an unknown one as written, without article, possessive or legal form."""
    text = organisation_text(ent, knowledge)
    return knowledge.organisations.canonical(text) or text


def recipient(token: Token) -> bool:
    """'handed over to Saudi Arabia', 'delivered to the Philippines': the one who receives."""
    return token.dep_ == "pobj" and token.head.lower_ == "to"


def _named_organisation(ent: Span, knowledge: EventKnowledge) -> bool:
    """An organisation the catalogue does not know, by its head noun and a name of its own: 'Chengdu Aircraft
    Corporation', 'the 16th Mechanised Division'; not 'the Defence Force' nor 'Defence'."""
    words = knowledge.words
    head = ent[-1]  # the noun at the end names what it is: "the 30th Space Launch Delta"
    while head.lower_ in words.member_nouns and head.i > ent.start:  # "the Strike Command airmen"
        head = head.doc[head.i - 1]
    return head.lower_ in words.organisation_nouns and any(t.lower_ not in words.generic_name_words for t in ent)
