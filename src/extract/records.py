"""Pydantic v2 models of the records (documented in docs/records.md, generated from them): what goes in
(Article) and what comes out (ArticleRecord).

Gold files and predictions share these models. Validation errors carry the field path; `describe_error`
turns them into one-line messages for a user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .datevalue import DATE_VALUE, is_date_value

EventType = Literal[
    "visit", "meeting", "exercise", "agreement", "commissioning", "delivery", "launch", "test", "operation"
]
EventStatus = Literal["occurred", "planned", "ongoing"]
PlatformCategory = Literal[
    "aircraft", "helicopter", "ship", "submarine", "tank", "armoured_vehicle", "missile", "air_defence", "drone",
    "rifle", "artillery", "engine",
]
# the closed sets as tuples, for the components that check their data files against them
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)
PLATFORM_CATEGORIES: tuple[str, ...] = get_args(PlatformCategory)

class Record(BaseModel):
    """Base of every record: unknown keys are kept (readers ignore what they do not know)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


def _more_properties(properties: dict[str, Any]):
    """JSON Schema of the record keys a model keeps as extras (ids the components add): documented, typed."""
    def add(schema: dict[str, Any]) -> None:
        schema.setdefault("properties", {}).update(properties)
    return add


def _not_a_number(value: Any) -> Any:
    """A publication date is written as a date: pydantic would read 0 as 1970-01-01 (a Unix time)."""
    if isinstance(value, (int, float)):  # bool is an int too
        raise ValueError(f"a date as YYYY-MM-DD, not the number {value!r}")
    return value


class Article(Record):
    """One input article: one line of a .jsonl input, or a .txt file."""

    id: str = Field(min_length=1, description="The article's id, unique in a run (a .txt file's name without "
                    "its extension).")
    text: str = Field(description="The article text; every offset of its record counts characters of it.")
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD: the anchor of relative "
                                      "dates (\"on Monday\"). When null, the record estimates it.")
    title: str | None = Field(None, description="Headline, kept as given.")
    url: str | None = Field(None, description="Where the article was published, kept as given.")
    source: str | None = Field(None, description="The outlet, kept as given.")
    # where the article was read from (file, line): for error reports, not part of the record
    _origin: tuple[str, int | None] | None = PrivateAttr(default=None)

    _published_not_a_number = field_validator("published", mode="before")(_not_a_number)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("article text is empty")
        return text


class Span(Record):
    """A character span of the article text, end exclusive."""

    start: int = Field(ge=0, description="Offset of the first character in the article text (0-based).")
    end: int = Field(ge=0, description="Offset just after the last character (exclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Mention(Span):
    """A span with the text it covers."""

    text: str = Field(description="The text at start:end, exactly.")


class DateMention(Mention):
    """A date mention and its normalised value."""

    value: str = Field(description="The normalised value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-SP|SU|FA|WI "
                       "(season), YYYY-Q1..Q4 (quarter), YYYY-H1|H2 (half), YYYY-Www (ISO week), 197X (decade), "
                       "or A/B, an interval of two of those.",
                       json_schema_extra={"pattern": DATE_VALUE.pattern})
    # where the grammar has no exact form the value is the nearest coarser one, and mod says so (TIMEX3):
    # START "early 2024", MID "mid-2026", END "late 2025", APPROX "nearly four years ago"
    mod: Literal["START", "MID", "END", "APPROX"] | None = Field(
        None, description="TIMEX3 modifier where the value is coarser than the text: START \"early 2024\", MID "
        "\"mid-2026\", END \"late 2025\", APPROX \"nearly four years ago\".")
    granularity: Literal["week"] | None = Field(
        None, description="The mention's own unit when finer than its value; no mention has one since weeks "
        "joined the value grammar (records written before then said \"week\" for \"last week\": a month).")
    anchor: Mention | None = Field(
        None, description="The earlier date mention this one was read against (\"the following month\" after "
        "\"in May 2024\", \"a year earlier\" after \"the third quarter\"); null: against the publication date.")
    optional: bool = Field(False, description="Gold only: an item that is neither required nor penalised.")

    @model_validator(mode="after")
    def _value_in_grammar(self) -> "DateMention":
        # optional gold items may keep values the grammar has no form for (TimeML's PRESENT_REF, weeks)
        if not self.optional and not is_date_value(self.value):
            raise ValueError(
                f"date value {self.value!r} is not in the date value grammar "
                "(YYYY, YYYY-MM, YYYY-MM-DD, YYYY-SP|SU|FA|WI, YYYY-Q1..Q4, YYYY-H1|H2, YYYY-Www, 197X, "
                "or A/B of those)"
            )
        return self


class Person(Record):
    """A named person, once per article, with every mention."""

    model_config = ConfigDict(json_schema_extra=_more_properties({"id": {
        "type": "string", "description": "Stable id of the person across articles (the catalogue's, else one "
        "made from the name's letters: p:ev-lnd)."}}))

    name: str = Field(min_length=1, description="Canonical name: the fullest form in the article, "
                      "transliteration settled (catalogue spelling where the person is catalogued).")
    aliases: list[str] = Field(default_factory=list, description="Other full forms of the name in the article.")
    title: str | None = Field(None, description="Office or rank as reported (\"Defence Minister\", \"Admiral\").")
    country: str | None = Field(None, description="The country the person serves (English short name).")
    mentions: list[Mention] = Field(default_factory=list, description="Every mention, in text order.")
    optional: bool = Field(False, description="Gold only: an item that is neither required nor penalised.")


class Platform(Record):
    """A named weapon system or military vehicle, once per article."""

    model_config = ConfigDict(json_schema_extra=_more_properties({
        "id": {"type": "string", "description": "Catalogue id (stable across articles), when catalogued."},
        "origin": {"type": ["string", "null"], "description": "Country of origin, from the catalogue."}}))

    name: str = Field(min_length=1, description="Canonical name (the catalogue's, else the fullest form).")
    aliases: list[str] = Field(default_factory=list, description="Other names and designators of it in the "
                               "article.")
    category: PlatformCategory | None = Field(None, description="What kind of platform it is.")
    mentions: list[Mention] = Field(default_factory=list, description="Every mention, in text order.")
    optional: bool = Field(False, description="Gold only: an item that is neither required nor penalised.")


class Event(Record):
    """A typed event with its arguments."""

    type: EventType = Field(description="What happened or is to happen.")
    name: str | None = Field(None, description="The event's own name, when it has one (\"Exercise Varuna\").")
    date: str | None = Field(None, description="When, in the value grammar of dates.",
                             json_schema_extra={"pattern": DATE_VALUE.pattern})
    status: EventStatus | None = Field(None, description="occurred, ongoing or planned, as of publication.")
    locations: list[str] = Field(default_factory=list, description="Places, as written.")
    participants: list[str] = Field(default_factory=list, description="People, countries and organisations "
                                    "taking part (people by their canonical name).")
    platforms: list[str] = Field(default_factory=list, description="Platforms involved, by canonical name.")
    evidence: Span | None = Field(None, description="The sentence that reports it first.")
    optional: bool = Field(False, description="Gold only: an item that is neither required nor penalised.")
    mentions: list[Span] = Field(default_factory=list, description="Every sentence that reports it (extract's "
                                 "records; gold may leave it out).")

    @field_validator("date")
    @classmethod
    def _date_in_grammar(cls, value: str | None) -> str | None:
        if value is not None and not is_date_value(value):
            raise ValueError(f"event date {value!r} is not in the date value grammar")
        return value


class ArticleRecord(Record):
    """Everything extracted from one article: one line of records.jsonl. Output and gold share it."""

    article_id: str = Field(min_length=1, description="The article's id.")
    published: dt.date | None = Field(None, description="The date relative dates were resolved against.")
    published_estimated: bool = Field(False, description="True when the article gave no publication date and "
                                      "`published` was estimated from its text.")

    _published_not_a_number = field_validator("published", mode="before")(_not_a_number)
    dates: list[DateMention] = Field(default_factory=list, description="Every date mention, in text order.")
    people: list[Person] = Field(default_factory=list, description="Every person named, once each.")
    platforms: list[Platform] = Field(default_factory=list, description="Every platform named, once each.")
    events: list[Event] = Field(default_factory=list, description="Every event reported, in text order.")

    def check_offsets(self, text: str) -> list[str]:
        """Problems with this record's spans against `text` (empty when every span fits and matches)."""
        problems: list[str] = []
        mentions: list[tuple[str, Mention]] = [(f"dates[{i}]", d) for i, d in enumerate(self.dates)]
        for kind in ("people", "platforms"):
            for i, entity in enumerate(getattr(self, kind)):
                mentions += [(f"{kind}[{i}].mentions[{j}]", m) for j, m in enumerate(entity.mentions)]
        for where, m in mentions:
            if m.end > len(text):
                problems.append(f"{where}: span {m.start}-{m.end} is outside the text ({len(text)} characters)")
            elif text[m.start : m.end] != m.text:
                problems.append(f"{where}: text {m.text!r} differs from the article at {m.start}-{m.end}: "
                                f"{text[m.start:m.end]!r}")
        for i, event in enumerate(self.events):
            if event.evidence is not None and event.evidence.end > len(text):
                problems.append(f"events[{i}].evidence: span {event.evidence.start}-{event.evidence.end} "
                                f"is outside the text ({len(text)} characters)")
        return problems

    @classmethod
    def for_text(cls, data: dict[str, Any] | str, text: str) -> "ArticleRecord":
        """Validate `data` and its offsets against `text`; raise ValueError listing every problem."""
        record = cls.model_validate_json(data) if isinstance(data, str) else cls.model_validate(data)
        problems = record.check_offsets(text)
        if problems:
            raise ValueError(f"{record.article_id}: " + "; ".join(problems))
        return record


def describe_error(error: ValidationError, where: str = "") -> str:
    """One line per problem: `where: field.path: message`."""
    prefix = f"{where}: " if where else ""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"]) or "record"
        msg = item["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return prefix + "; ".join(parts)


def record_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of an output record: one line of records.jsonl."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ArticleRecord.model_json_schema()}


def article_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of an input article: one line of a .jsonl input."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Article.model_json_schema()}
