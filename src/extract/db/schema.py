"""The database schema: SQLAlchemy Core tables, normalised, one set of rows per article.

Every row that belongs to an article carries `article_id` and a natural key (its position in the record), so an
article is replaced by deleting its rows and inserting the new ones, in one transaction, and two runs that
store the same records store exactly the same rows. `people` and `platforms` are the cross-article tables,
keyed by the stable ids of the records ("every event involving BrahMos since 2024" is one join through
`event_platforms`). The Alembic migrations under `migrations/` create this schema; a test checks they agree.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, ForeignKeyConstraint, Index, Integer,
                        MetaData, String, Table, Text)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
# JSON columns: jsonb in PostgreSQL (indexable, compared by value), JSON text in SQLite
JSON_DOCUMENT = JSON().with_variant(JSONB(), "postgresql")
# the whole record: jsonb in PostgreSQL, its JSON text as written in SQLite
RECORD_DOCUMENT = Text().with_variant(JSONB(), "postgresql")


def _article_fk() -> ForeignKey:
    return ForeignKey("articles.id", ondelete="CASCADE")


runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),  # null: the run was stopped before its end
    Column("extract_version", String(40), nullable=False),
    Column("pipeline_version", String(80), nullable=False),
    Column("config_hash", String(64), nullable=False),
    Column("model", String(200), nullable=False),
    Column("inputs", JSON_DOCUMENT, nullable=False),
    Column("articles_new", Integer, nullable=False, default=0),
    Column("articles_changed", Integer, nullable=False, default=0),
    Column("articles_skipped", Integer, nullable=False, default=0),
    Column("articles_failed", Integer, nullable=False, default=0),
)

articles = Table(
    "articles", metadata,
    Column("id", String(500), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("pipeline_version", String(80), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("published", Date),
    Column("published_estimated", Boolean, nullable=False),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("extra", JSON_DOCUMENT),  # the input's keys this project does not know, kept
    Column("record", RECORD_DOCUMENT, nullable=False),  # the whole record, for records.jsonl of later runs
)

dates = Table(
    "dates", metadata,
    Column("article_id", String(500), _article_fk(), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(40), nullable=False),
    Column("mod", String(10)),
    Column("granularity", String(10)),
)

def _entity_tables(kind: str, single: str, shared: list[Column], per_article: list[Column]
                   ) -> tuple[Table, Table, Table]:
    """The cross-article table of a kind (people, platforms) with its `shared` columns, the per-article table
    with its `per_article` columns, and the mentions."""
    key = f"{single}_id"
    entities = Table(kind, metadata, Column("id", String(200), primary_key=True),
                     Column("name", Text, nullable=False), *shared)
    in_article = Table(
        f"article_{kind}", metadata,
        Column("article_id", String(500), _article_fk(), primary_key=True),
        Column(key, String(200), ForeignKey(f"{kind}.id"), primary_key=True),
        Column("n", Integer, nullable=False),
        Column("name", Text, nullable=False),
        *per_article,
        Column("aliases", JSON_DOCUMENT, nullable=False),
        Index(f"ix_article_{kind}_{single}", key),
    )
    mentions = Table(
        f"{single}_mentions", metadata,
        Column("article_id", String(500), primary_key=True),
        Column(key, String(200), primary_key=True),
        Column("n", Integer, primary_key=True),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("text", Text, nullable=False),
        ForeignKeyConstraint(["article_id", key], [f"article_{kind}.article_id", f"article_{kind}.{key}"],
                             ondelete="CASCADE"),
    )
    return entities, in_article, mentions


# the cross-article tables hold the name (and category, origin) that the first article gave; the per-article
# tables what each article says (title and country of a person may change from article to article)
people, article_people, person_mentions = _entity_tables(
    "people", "person", shared=[], per_article=[Column("title", Text), Column("country", Text)])
platforms, article_platforms, platform_mentions = _entity_tables(
    "platforms", "platform", shared=[Column("category", String(40)), Column("origin", Text)],
    per_article=[Column("category", String(40))])

events = Table(
    "events", metadata,
    Column("article_id", String(500), _article_fk(), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text),
    Column("date", String(40)),
    Column("status", String(10)),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Index("ix_events_type_date", "type", "date"),
)


def _event_part(name: str, *columns: Column) -> Table:
    """A list of an event (participants, locations, platforms): one row per item, in order."""
    return Table(
        name, metadata,
        Column("article_id", String(500), primary_key=True),
        Column("event_n", Integer, primary_key=True),
        Column("n", Integer, primary_key=True),
        Column("name", Text, nullable=False),
        *columns,
        ForeignKeyConstraint(["article_id", "event_n"], ["events.article_id", "events.n"], ondelete="CASCADE"),
    )


# person_id / platform_id: the article's person or platform of that name, when there is one
event_participants = _event_part("event_participants", Column("person_id", String(200), index=True))
event_locations = _event_part("event_locations")
event_platforms = _event_part("event_platforms", Column("platform_id", String(200), index=True))

errors = Table(
    "errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("article_id", String(500)),
    Column("source", Text),
    Column("line", Integer),
    Column("reason", Text, nullable=False),
    Index("ix_errors_article", "article_id"),
)

# the tables holding an article's rows, children first (the order to delete them in)
ARTICLE_TABLES = (event_participants, event_locations, event_platforms, events, person_mentions, article_people,
                  platform_mentions, article_platforms, dates, articles)
# one table per record kind, for `extract export`
EXPORT_TABLES = (articles, dates, people, article_people, person_mentions, platforms, article_platforms,
                 platform_mentions, events, event_participants, event_locations, event_platforms, errors, runs)
