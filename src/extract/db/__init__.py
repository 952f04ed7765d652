"""The database sink: records into SQLite (the embedded default) or PostgreSQL, through SQLAlchemy 2.

    db = Database("postgresql+psycopg://user@host/dbname")   # or a SQLite file path / sqlite:/// URL
    run_id = db.start_run(...)
    db.write_article(article, record_json, run_id, pipeline_version)   # one transaction: all rows or none
    db.write_error(error, run_id)
    db.finish_run(run_id, counts)

The schema is created and upgraded by the Alembic migrations in `migrations/` when the database is opened.
Every statement takes bound parameters; no SQL is built from text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, create_engine, delete, event, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from ..records import Article, ArticleRecord
from . import schema


class DatabaseError(RuntimeError):
    """The database URL is wrong or the database cannot be reached."""


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL from a URL or a SQLite file path."""
    text = str(target)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as error:
            raise DatabaseError(f"not a database URL: {text!r} ({error})") from None
        return text
    return f"sqlite:///{Path(text).resolve()}"


def content_hash(article: Article) -> str:
    """sha256 of everything the article carries (text, metadata, unknown keys), in a canonical JSON form."""
    canonical = json.dumps(article.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # a killed writer leaves the last committed state
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes (not power loss) in WAL mode
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """One database: opened (and migrated) once, then one transaction per article."""

    def __init__(self, target: str | Path) -> None:
        self.url = database_url(target)
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(self.url)
        except (ArgumentError, ImportError) as error:
            raise DatabaseError(f"cannot use {url.render_as_string(hide_password=True)}: {error}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            migrate(self.engine)
        except Exception as error:  # noqa: BLE001 - any driver error: the database cannot be used
            raise DatabaseError(f"cannot open {url.render_as_string(hide_password=True)}: "
                                f"{type(error).__name__}: {error}") from None

    def close(self) -> None:
        self.engine.dispose()

    # -- runs --------------------------------------------------------------------------------------------------
    def start_run(self, pipeline_version: str, config_hash: str, model: str, inputs: list[str]) -> int:
        from .. import __version__

        with self.engine.begin() as connection:
            return connection.execute(insert(schema.runs).values(
                started_at=dt.datetime.now(dt.timezone.utc), extract_version=__version__,
                pipeline_version=pipeline_version, config_hash=config_hash, model=model, inputs=inputs,
                articles_new=0, articles_changed=0, articles_skipped=0, articles_failed=0,
            )).inserted_primary_key[0]

    def finish_run(self, run_id: int, new: int, changed: int, skipped: int, failed: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(schema.runs).where(schema.runs.c.id == run_id).values(
                finished_at=dt.datetime.now(dt.timezone.utc), articles_new=new, articles_changed=changed,
                articles_skipped=skipped, articles_failed=failed))

    # -- articles ----------------------------------------------------------------------------------------------
    def stored(self, article_id: str) -> tuple[str, str, str] | None:
        """(content hash, pipeline version, record JSON) of a stored article, or None."""
        a = schema.articles.c
        with self.engine.connect() as connection:
            row = connection.execute(select(a.content_hash, a.pipeline_version, a.record)
                                     .where(a.id == article_id)).first()
        return tuple(row) if row else None

    def write_article(self, article: Article, record_json: str, run_id: int, pipeline_version: str) -> None:
        """Replace the article's rows with those of `record_json`, in one transaction; clear its old errors."""
        record = ArticleRecord.model_validate_json(record_json)
        with self.engine.begin() as connection:
            for table in schema.ARTICLE_TABLES:
                key = table.c.id if table is schema.articles else table.c.article_id
                connection.execute(delete(table).where(key == article.id))
            connection.execute(delete(schema.errors).where(schema.errors.c.article_id == article.id))
            connection.execute(insert(schema.articles).values(
                id=article.id, content_hash=content_hash(article), pipeline_version=pipeline_version,
                run_id=run_id, published=record.published, published_estimated=record.published_estimated,
                title=article.title, source=article.source, url=article.url, extra=article.model_extra or None,
                record=record_json))
            rows = _rows(article.id, record)
            for table in schema.metadata.sorted_tables:  # parents first
                if not rows.get(table.name) or table.name in ("runs", "articles", "errors"):
                    continue
                if table.name in ENTITY_TABLES:
                    _insert_absent(connection, table, rows[table.name])
                else:
                    connection.execute(insert(table), rows[table.name])

    def write_error(self, error: dict[str, Any], run_id: int) -> None:
        """One error row; the same error (same article, place and reason) seen again adds nothing."""
        e = schema.errors.c
        key = {"article_id": error.get("id"), "source": error.get("source"), "line": error.get("line"),
               "reason": error["reason"]}
        same = and_(*[(e[k].is_(None) if v is None else e[k] == v) for k, v in key.items()])
        with self.engine.begin() as connection:
            if connection.execute(select(e.id).where(same)).first() is None:
                connection.execute(insert(schema.errors).values(run_id=run_id, **key))

    def counts(self) -> dict[str, int]:
        """Rows per table (for summaries and tests)."""
        from sqlalchemy import func

        with self.engine.connect() as connection:
            return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in schema.EXPORT_TABLES}


ENTITY_TABLES = ("people", "platforms")  # cross-article: a row is inserted when its id is not there yet


def _insert_absent(connection: Connection, table, rows: list[dict]) -> None:
    """Insert the cross-article rows not yet there (the first article to name an entity names it)."""
    upsert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}.get(connection.dialect.name)
    if upsert is not None:
        connection.execute(upsert(table).on_conflict_do_nothing(index_elements=["id"]), rows)
        return
    known = set(connection.execute(select(table.c.id).where(table.c.id.in_([r["id"] for r in rows]))).scalars())
    if fresh := [r for r in rows if r["id"] not in known]:
        connection.execute(insert(table), fresh)


def _entity_rows(article_id: str, kind: str, entities: list, out: dict[str, list[dict]]) -> dict[str, str]:
    """Rows of the article's people or platforms and their mentions; returns {name: stable id}. Two entities
    of one record with the same id become one (their mentions joined)."""
    single, key = ("person", "person_id") if kind == "people" else ("platform", "platform_id")
    ids: dict[str, str] = {}
    mentions: dict[str, int] = {}
    for n, entity in enumerate(entities):
        extra = entity.model_extra or {}
        eid = extra.get("id") or f"{single}:{entity.name}"
        ids.setdefault(entity.name, eid)
        if eid not in mentions:
            mentions[eid] = 0
            row = {"id": eid, "name": entity.name}
            row |= {"category": entity.category, "origin": extra.get("origin")} if kind == "platforms" else {}
            out[kind].append(row)
            extra_columns = ({"title": entity.title, "country": entity.country} if kind == "people"
                             else {"category": entity.category})
            out[f"article_{kind}"].append({"article_id": article_id, key: eid, "n": n, "name": entity.name,
                                           "aliases": entity.aliases} | extra_columns)
        for m in entity.mentions:
            out[f"{single}_mentions"].append({"article_id": article_id, key: eid, "n": mentions[eid],
                                              "start_char": m.start, "end_char": m.end, "text": m.text})
            mentions[eid] += 1
    return ids


def _rows(article_id: str, record: ArticleRecord) -> dict[str, list[dict]]:
    """{table name: rows} of one record (articles, runs and errors aside)."""
    out: dict[str, list[dict]] = {t.name: [] for t in schema.metadata.sorted_tables}
    out["dates"] = [{"article_id": article_id, "n": n, "start_char": d.start, "end_char": d.end, "text": d.text,
                     "value": d.value, "mod": d.mod, "granularity": d.granularity}
                    for n, d in enumerate(record.dates)]
    person_ids = _entity_rows(article_id, "people", record.people, out)
    platform_ids = _entity_rows(article_id, "platforms", record.platforms, out)
    for n, ev in enumerate(record.events):
        out["events"].append({"article_id": article_id, "n": n, "type": ev.type, "name": ev.name, "date": ev.date,
                              "status": ev.status,
                              "evidence_start": ev.evidence.start if ev.evidence else None,
                              "evidence_end": ev.evidence.end if ev.evidence else None})
        part = {"article_id": article_id, "event_n": n}
        out["event_participants"] += [part | {"n": m, "name": x, "person_id": person_ids.get(x)}
                                      for m, x in enumerate(ev.participants)]
        out["event_locations"] += [part | {"n": m, "name": x} for m, x in enumerate(ev.locations)]
        out["event_platforms"] += [part | {"n": m, "name": x, "platform_id": platform_ids.get(x)}
                                   for m, x in enumerate(ev.platforms)]
    return out
