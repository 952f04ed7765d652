"""Shared fixtures: one loaded pipeline per session, and a `run` helper that extracts and checks offsets.

`run(text, published=..., id=...)` returns a `Result`: the `ArticleRecord` (as `.record`) with small lookup
helpers, after checking that every span of the record points at its own text in the article.
"""

from __future__ import annotations

import pytest

import extract
from extract.records import ArticleRecord, DateMention, Event, Person, Platform

DEFAULT_PUBLISHED = "2026-02-10"


class Result:
    """An extraction result with lookups that fail with a readable message."""

    def __init__(self, text: str, record: ArticleRecord) -> None:
        self.text = text
        self.record = record

    # -- raw lists ---------------------------------------------------------------------------------------------
    @property
    def dates(self) -> list[DateMention]:
        return self.record.dates

    @property
    def people(self) -> list[Person]:
        return self.record.people

    @property
    def platforms(self) -> list[Platform]:
        return self.record.platforms

    @property
    def events(self) -> list[Event]:
        return self.record.events

    # -- summaries for assertions ------------------------------------------------------------------------------
    @property
    def date_pairs(self) -> list[tuple[str, str]]:
        return [(d.text, d.value) for d in self.record.dates]

    @property
    def person_names(self) -> list[str]:
        return [p.name for p in self.record.people]

    @property
    def platform_names(self) -> list[str]:
        return [p.name for p in self.record.platforms]

    # -- lookups -----------------------------------------------------------------------------------------------
    def date(self, text: str) -> DateMention:
        found = [d for d in self.record.dates if d.text == text]
        assert found, f"no date mention {text!r}; dates: {self.date_pairs}"
        assert len(found) == 1, f"date mention {text!r} found {len(found)} times"
        return found[0]

    def person(self, name: str) -> Person:
        found = [p for p in self.record.people if p.name == name]
        assert found, f"no person {name!r}; people: {self.person_names}"
        assert len(found) == 1, f"person {name!r} found {len(found)} times"
        return found[0]

    def platform(self, name: str) -> Platform:
        found = [p for p in self.record.platforms if p.name == name]
        assert found, f"no platform {name!r}; platforms: {self.platform_names}"
        assert len(found) == 1, f"platform {name!r} found {len(found)} times"
        return found[0]

    def events_of(self, event_type: str) -> list[Event]:
        return [e for e in self.record.events if e.type == event_type]

    def event(self, event_type: str) -> Event:
        found = self.events_of(event_type)
        assert len(found) == 1, (f"expected one {event_type} event, got {len(found)}: "
                                 f"{[e.model_dump() for e in self.record.events]}")
        return found[0]

    def span(self, text: str) -> tuple[int, int]:
        """(start, end) of the only occurrence of `text` in the article."""
        start = self.text.find(text)
        assert start >= 0 and self.text.find(text, start + 1) < 0, f"{text!r} must occur once in the test text"
        return start, start + len(text)


@pytest.fixture(scope="session")
def extractor() -> extract.Extractor:
    """The default pipeline, loaded once for the whole session."""
    return extract.load()


@pytest.fixture(scope="session")
def extractor_no_catalogue() -> extract.Extractor:
    """The pipeline with the platform catalogue switched off (rules only), loaded once."""
    return extract.load(overrides={"extract_platforms": {"use_catalogue": False}})


def _runner(ex: extract.Extractor):
    def run(text: str, published: str | None = DEFAULT_PUBLISHED, id: str = "test-article") -> Result:
        record = ex.extract(text, published=published, id=id)
        assert record.article_id == id
        problems = record.check_offsets(text)
        assert not problems, problems
        return Result(text, record)

    return run


@pytest.fixture(scope="session")
def run(extractor):
    """run(text, published="YYYY-MM-DD" | None, id=...) -> Result, with the default pipeline."""
    return _runner(extractor)


@pytest.fixture(scope="session")
def run_no_catalogue(extractor_no_catalogue):
    """run(...) with the catalogue-free pipeline."""
    return _runner(extractor_no_catalogue)


# -- databases ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a real PostgreSQL server started for this test session (see tests/pgserver.py)."""
    from pgserver import throwaway_postgres

    with throwaway_postgres() as url:
        yield url


def new_postgres_database(server_url: str, name: str) -> str:
    """A new empty database on the test server; returns its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


_DATABASES = iter(range(10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind: a SQLite file, and a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'extract.sqlite'}"
    return new_postgres_database(request.getfixturevalue("postgres_server"), f"test_{next(_DATABASES)}")


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every data table, in key order, without the run that wrote it (the provenance)."""
    import json

    from sqlalchemy import JSON, create_engine, select

    from extract.db import schema

    engine = create_engine(url)
    tables = {}
    with engine.connect() as connection:
        for table in schema.EXPORT_TABLES:
            if table is schema.runs:
                continue
            skip = {"run_id", "id"} if table is schema.errors else {"run_id"}  # the error id counts up
            columns = [c for c in table.columns if c.name not in skip]
            order = [c for c in columns if not isinstance(c.type, JSON)]
            rows = connection.execute(select(*columns).order_by(*order)).all()
            tables[table.name] = [tuple(json.dumps(v, sort_keys=True) if isinstance(v, (list, dict)) else v
                                        for v in row) for row in rows]
    engine.dispose()
    return tables
