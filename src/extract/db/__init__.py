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
import functools
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, create_engine, delete, event, func, insert, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DataError, InterfaceError, OperationalError

from ..records import Article, ArticleRecord
from . import schema


class DatabaseError(RuntimeError):
    """The database URL is wrong or the database cannot be reached."""


class DatabaseLost(RuntimeError):
    """The database went away during a run and did not come back on a retry: the run stops."""


# a scheme, then ':' - what a URL looks like (a drive letter aside); it must then parse as one
URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
SECRET_KEYS = re.compile(r"(?i)\b((?:ssl)?pass(?:word|wd)?|pwd|secret|token|api[_-]?key)=([^&;\s]*)")
USER_PASSWORD = re.compile(r"(?<=[:/])([^:/@\s]*):([^@/\s]+)@")


def mask(text: str) -> str:
    """Text with every credential of a database URL in it replaced by ***: the password after user:, and
    password=, token=... query values, also in URLs that do not parse."""
    return SECRET_KEYS.sub(lambda m: f"{m[1]}=***", USER_PASSWORD.sub(lambda m: f"{m[1]}:***@", text))


def shown_url(target: str | Path) -> str:
    """A database for messages: its URL with every credential masked."""
    try:
        return mask(make_url(database_url(target)).render_as_string(hide_password=True))
    except DatabaseError:
        return mask(str(target))


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL from a URL or a SQLite file path. Something that looks like a URL must parse as one:
    'postgresql+psycopg:/user@host/db' (one slash) is refused, never taken for a file name."""
    text = str(target)
    if "://" in text or URL_LIKE.match(text):
        try:
            url = make_url(text)
            url.port  # noqa: B018 - a port that is not a number raises here
        except (ArgumentError, ValueError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise DatabaseError(f"not a database URL: {mask(text)!r} ({mask(reason)}); expected "
                                "dialect+driver://user@host/name or a SQLite file path") from None
        return text
    return f"sqlite:///{Path(text).resolve()}"


def content_hash(article: Article) -> str:
    """sha256 of everything the article carries (text, metadata, unknown keys), in a canonical JSON form."""
    canonical = json.dumps(article.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _first_line(error: BaseException) -> str:
    """A driver error's own message, first line, credentials masked: never the SQL or its parameters."""
    orig = getattr(error, "orig", None) or error
    text = str(orig).strip().splitlines()
    return mask(text[0]) if text else type(orig).__name__


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # the driver's own transaction handling off: SQLAlchemy's "begin" below opens every transaction, so that
    # DDL is transactional too (the driver would commit before each CREATE TABLE)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # a killed writer leaves the last committed state
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes (not power loss) in WAL mode
    cursor.execute("PRAGMA busy_timeout=30000")  # another run holding the write lock: wait for it
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE (the write lock at once) when the connection asks for it."""
    connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("write_lock")
                               else "BEGIN")


MIGRATION_LOCK = 0x65787472  # PostgreSQL advisory lock key of the migrations ("extr")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it in an empty database), atomically and one
    run at a time: on SQLite the whole migration is one transaction that takes the write lock first, on
    PostgreSQL one transaction under an advisory lock. A half-built schema (tables without a migration
    record, left by a run killed while an older version migrated) is rebuilt when its tables are empty, and
    refused otherwise."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.execution_options(write_lock=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            _clear_half_built(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _clear_half_built(connection: Connection) -> None:
    present = set(inspect(connection).get_table_names())
    ours = [t for t in reversed(schema.metadata.sorted_tables) if t.name in present]
    if "alembic_version" in present or not ours:
        return
    if any(connection.execute(select(func.count()).select_from(t)).scalar_one() for t in ours):
        raise DatabaseError(f"the database holds extract tables ({', '.join(t.name for t in ours)}) with rows "
                            "but no migration record: it was not made by extract, or by hand; not touched")
    for table in ours:  # children first
        table.drop(connection)


log = logging.getLogger(__name__)


def _once_more(method):
    """A database call that loses its connection (a server restarted or cut it, a full disk) is rolled back
    and tried once more on a new connection; failing again, the run stops with DatabaseLost, one line that
    names the database (credentials masked) and the driver's message, never the SQL or its parameters."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            log.warning("database %s: %s; trying once more on a new connection", shown_url(self.url),
                        _first_line(error))
            self.engine.dispose()
            try:
                return method(self, *args, **kwargs)
            except (OperationalError, InterfaceError) as again:
                raise DatabaseLost(f"database {shown_url(self.url)}: {_first_line(again)}") from None
    return call


class Database:
    """One database: opened (and migrated) once, then one transaction per article."""

    def __init__(self, target: str | Path, create: bool = True) -> None:
        """Open (and migrate) the database; with create=False, refuse one that does not exist or holds no
        extract schema instead of making it."""
        self.url = database_url(target)
        url = make_url(self.url)
        shown = shown_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            if not create and not Path(url.database).is_file():
                raise DatabaseError(f"no database at {shown}: check the path")
            if create:
                try:
                    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise DatabaseError(f"cannot make the folder of {shown}: {error.strerror}") from None
        try:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        except (ArgumentError, ImportError, ValueError) as error:
            raise DatabaseError(f"cannot use {shown}: {mask(str(error))}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        try:
            if create:
                migrate(self.engine)
            elif "alembic_version" not in inspect(self.engine).get_table_names():
                self.engine.dispose()
                raise DatabaseError(f"{shown} is not an extract database (it holds no extract tables)")
        except DatabaseError:
            raise
        except Exception as error:  # noqa: BLE001 - any driver error: the database cannot be used
            self.engine.dispose()
            raise DatabaseError(f"cannot open {shown}: {type(error).__name__}: {_first_line(error)}") from None

    def close(self) -> None:
        self.engine.dispose()

    # -- runs --------------------------------------------------------------------------------------------------
    @_once_more
    def start_run(self, pipeline_version: str, config_hash: str, model: str, inputs: list[str]) -> int:
        from .. import __version__

        with self.engine.begin() as connection:
            return connection.execute(insert(schema.runs).values(
                started_at=dt.datetime.now(dt.timezone.utc), extract_version=__version__,
                pipeline_version=pipeline_version, config_hash=config_hash, model=model, inputs=inputs,
                articles_new=0, articles_changed=0, articles_skipped=0, articles_failed=0,
            )).inserted_primary_key[0]

    @_once_more
    def finish_run(self, run_id: int, new: int, changed: int, skipped: int, failed: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(schema.runs).where(schema.runs.c.id == run_id).values(
                finished_at=dt.datetime.now(dt.timezone.utc), articles_new=new, articles_changed=changed,
                articles_skipped=skipped, articles_failed=failed))

    # -- articles ----------------------------------------------------------------------------------------------
    @_once_more
    def stored(self, article_id: str) -> tuple[str, str, str] | None:
        """(content hash, pipeline version, record JSON) of a stored article, or None."""
        a = schema.articles.c
        try:
            with self.engine.connect() as connection:
                row = connection.execute(select(a.content_hash, a.pipeline_version, a.record)
                                         .where(a.id == article_id)).first()
        except DataError:  # an id this database cannot hold (NUL in PostgreSQL): it cannot have stored it
            return None
        if not row:
            return None
        record = row[2] if isinstance(row[2], str) else json.dumps(row[2])  # jsonb comes back parsed
        # written as a fresh extraction writes it (jsonb keeps no key order)
        return row[0], row[1], ArticleRecord.model_validate_json(record).model_dump_json()

    @_once_more
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
                record=record_json if connection.dialect.name != "postgresql" else json.loads(record_json)))
            rows = _rows(article.id, record)
            for table in schema.metadata.sorted_tables:  # parents first
                if not rows.get(table.name) or table.name in ("runs", "articles", "errors"):
                    continue
                if table.name in ENTITY_TABLES:
                    _insert_absent(connection, table, rows[table.name])
                else:
                    connection.execute(insert(table), rows[table.name])

    @_once_more
    def write_error(self, error: dict[str, Any], run_id: int) -> None:
        """One error row; the same error (same article, place and reason) seen again adds nothing, whichever
        way its file was named (the source is stored as an absolute path). Texts are made storable: no NUL
        (PostgreSQL text cannot hold it), an id cut to its column's length."""
        e = schema.errors.c
        source = error.get("source")
        if source:
            source = str(Path(source).absolute())
        key = {"article_id": _storable(error.get("id"), e.article_id.type.length), "source": _storable(source),
               "line": error.get("line"), "reason": _storable(error["reason"])}
        same = and_(*[(e[k].is_(None) if v is None else e[k] == v) for k, v in key.items()])
        with self.engine.begin() as connection:
            if connection.execute(select(e.id).where(same)).first() is None:
                connection.execute(insert(schema.errors).values(run_id=run_id, **key))

    def counts(self) -> dict[str, int]:
        """Rows per table (for summaries and tests)."""

        with self.engine.connect() as connection:
            return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in schema.EXPORT_TABLES}


def _storable(text: str | None, length: int | None = None) -> str | None:
    """Text any database stores: NUL shown as \\x00, cut to `length` characters (marked with …)."""
    if text is None:
        return None
    text = text.replace("\x00", "\\x00")
    return text if length is None or len(text) <= length else text[:length - 1] + "…"


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
