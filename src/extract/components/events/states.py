"""Which country a name stands for: a country or demonym, a place in it, a state body acting for it, a ship of its
navy. Shared by the participants stage and the article context; decides nothing about events itself."""

from __future__ import annotations

from spacy.tokens import Span

from .knowledge import EventKnowledge


def bare(name: str) -> str:
    """A name without its leading article or trailing possessive: "the U.S. Army's" -> "U.S. Army"."""
    name = name.removeprefix("the ").removeprefix("The ")
    for ending in ("'s", "’s"):
        name = name.removesuffix(ending)
    return name


def organisation_text(ent: Span, knowledge: EventKnowledge) -> str:
    """An organisation's name as written, without article, possessive, legal form or the members named after it:
    'Mitsubishi Heavy Industries, Ltd.' -> 'Mitsubishi Heavy Industries', 'the Strike Command airmen' -> 'Strike
    Command'."""
    words = knowledge.words
    end = ent.end
    while end - 1 > ent.start and ent.doc[end - 1].lower_ in words.member_nouns:  # "... Command Airmen"
        end -= 1
    text = ent.text if end == ent.end else ent.doc[ent.start:end].text
    return words.legal_form.sub("", bare(text))


def navy_country(ship: Span, knowledge: EventKnowledge) -> str | None:
    """The country whose navy a ship with a national prefix serves ('HMAS Brisbane' -> Australia)."""
    candidates = knowledge.hull_prefixes.get(ship[0].text, [])
    if len(candidates) > 1:
        named = {knowledge.countries.country(ent.text) for ent in ship.doc.ents if ent.label_ in ("GPE", "NORP")}
        candidates = [c for c in candidates if c in named] or candidates
    return candidates[0] if candidates else None


def country_of_entity(ent: Span, knowledge: EventKnowledge) -> str | None:
    """The country an entity names, is in, or is a state body of ('Philippine', 'Manila', 'the Indian Navy');
    a company's home country is not what a story is about."""
    if ent.label_ in ("GPE", "NORP", "LOC"):
        return knowledge.countries.country(ent.text) if ent.label_ == "NORP" else country_of_place(
            bare(ent.text), knowledge)
    return state_country(ent, knowledge) if ent.label_ == "ORG" else None


def state_country(ent: Span, knowledge: EventKnowledge) -> str | None:
    """The country a state body acts for ('the Royal Navy', 'the Indonesian Navy'); a company's is None."""
    entry = knowledge.organisations.lookup(organisation_text(ent, knowledge))
    if entry:
        return entry[1] or leading_country(ent, knowledge) if entry[0] in knowledge.words.state_kinds else None
    return leading_country(ent, knowledge) if ent.root.lower_ in knowledge.words.state_nouns else None


def country_of_place(place: str, knowledge: EventKnowledge) -> str | None:
    """The country a place is, or is in: 'India' -> India, 'Paris' -> France (places catalogue)."""
    if country := knowledge.countries.country(place):
        return country
    entry = knowledge.place_gazetteer.lookup(place)
    return entry[1] or None if entry else None


def leading_country(ent: Span, knowledge: EventKnowledge) -> str | None:
    """The country named or meant by the first words of an organisation's name ('U.S. Army', 'Indian Navy')."""
    words = [t for t in ent if t.lower_ != "the"]
    for n in (2, 1):
        if len(words) > n and (country := knowledge.countries.country(" ".join(t.text for t in words[:n]))):
            return country
    return None
