"""The typed values that pass between the stages of the events component."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Span, Token


@dataclass
class EventDraft:
    """One event as the stages build it: found by `candidates`, given arguments by `arguments`, merged with the
    other mentions of one happening by `merging`, completed by `article`; `EventRecogniser` writes it out."""
    type: str
    sent: Span  # the line it was found on: its evidence
    anchor: Token  # the trigger its arguments hang from
    name: str | None = None
    date: str | None = None
    status: str | None = None
    locations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character ranges of the lines telling it
    anaphoric: bool = False  # "the visit", "his trip": refers to an event told before
    triggers: list[Token] = field(default_factory=list)
    name_span: tuple[int, int] | None = None
    argued: bool = False  # people or platforms found among the trigger's own arguments
    guessed: bool = False  # its participants are the line's, the parse tying no one to the trigger
    pair: bool = False  # the arguments say "the two countries", "both navies": the article's two countries

    def add_mentions_of(self, other: "EventDraft") -> None:
        """Take in the arguments and mentions of `other`, a mention of the same event."""
        for attr in ("locations", "participants", "platforms"):
            for item in getattr(other, attr):
                add(getattr(self, attr), item)
        self.people |= other.people
        self.take_tellings_of(other)
        self.name = self.name or other.name

    def add_person(self, person: dict) -> None:
        """Add a person (a `doc._.people` item) after the people already there, and their country."""
        if person["name"] not in self.people:
            self.participants.insert(len(self.people), person["name"])
            self.people.add(person["name"])
        if person.get("country"):
            add(self.participants, person["country"])

    def take_tellings_of(self, other: "EventDraft") -> None:
        """Take in the lines and trigger words of `other`, a telling of the same event (not its arguments)."""
        self.mentions.extend(other.mentions)
        self.triggers.extend(t for t in (other.anchor, *other.triggers) if t not in self.triggers)


@dataclass
class Candidates:
    """The output of `candidates.find`: one draft per line and type, in the order of their triggers, and the
    draft each trigger token belongs to."""
    events: list[EventDraft]
    owner: dict[int, EventDraft]
    words: dict[int, str]  # every token a trigger matched (counted or not: "the launch ceremony") -> its type


@dataclass
class Argument:
    """A phrase an argument pattern ties to a trigger: its role ("place" or another) and its head."""
    role: str
    head: Token
    bare: bool  # the head's conjuncts are not part of it


@dataclass
class DocumentReadings:
    """What the argument stage reads of the whole document, once: the publication date, who each person mention
    is, the entities (the base model's and the catalogue's), the known places, and the argument phrases of every
    trigger."""
    published: dt.date | None
    dateline: str | None  # the value of the article's dateline date ("SEOUL, March 3 -")
    dateline_place: str | None  # the place of its dateline ("Seoul")
    person_at: dict[int, dict]  # character offset of a person mention -> the person (doc._.people item)
    entities: list[Span]
    entities_by_sentence: dict[int, list[Span]]  # sentence start -> its entities
    known_places: list[tuple[int, int]]
    arguments: dict[int, list[Argument]]  # trigger token -> the argument phrases the patterns tie to it


def add(items: list[str], item: str) -> None:
    """Append `item` unless it is there already."""
    if item not in items:
        items.append(item)
