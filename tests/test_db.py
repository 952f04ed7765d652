"""The database sink, on a real SQLite file and a real PostgreSQL server (each test runs on both).

What a user relies on: every record's rows stored, one transaction per article, re-runs that change no row,
changed articles replaced, bad articles recorded, a killed run that a re-run completes to exactly the rows of
a clean run, and exports of every table.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, select, text

from extract.db import Database, schema
from extract.db.export import export_tables
from extract.records import ArticleRecord
from extract.run import PipelineSpec, run

from conftest import new_postgres_database, snapshot

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"
EXTRACT = Path(sys.executable).with_name("extract")


def article_jsonl(path: Path, copies: int = 1, **changes) -> Path:
    """The corpus as one JSONL file (repeated with new ids when copies > 1)."""
    lines = []
    for n in range(copies):
        for file in sorted(CORPUS.glob("*.jsonl")):
            for line in file.read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                if copies > 1:
                    article["id"] = f"{article['id']}-{n}"
                article.update(changes.get(article["id"], {}))
                lines.append(json.dumps(article, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_migrations_create_exactly_the_schema(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    Database(database_url).close()
    Database(database_url).close()  # opening a migrated database again changes nothing
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == "0002"
        assert compare_metadata(context, schema.metadata) == []
    engine.dispose()


def test_a_run_stores_every_record_and_a_rerun_changes_no_row(database_url, tmp_path, extractor):
    summary = run([CORPUS], tmp_path / "out", extractor=extractor, db=database_url)
    assert (summary.new, summary.changed, summary.skipped, summary.failed) == (16, 0, 0, 0)
    records = [ArticleRecord.model_validate_json(line)
               for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    first = snapshot(database_url)
    assert len(first["articles"]) == 16
    assert len(first["dates"]) == sum(len(r.dates) for r in records)
    assert len(first["events"]) == sum(len(r.events) for r in records)
    assert len(first["event_participants"]) == sum(len(e.participants) for r in records for e in r.events)
    assert len(first["person_mentions"]) == sum(len(p.mentions) for r in records for p in r.people)
    assert len(first["platform_mentions"]) == sum(len(p.mentions) for r in records for p in r.platforms)

    again = run([CORPUS], tmp_path / "again", extractor=extractor, db=database_url)
    assert (again.new, again.changed, again.skipped, again.failed) == (0, 0, 16, 0)
    assert snapshot(database_url) == first
    # the skipped articles' records are still written, the same as the first time
    assert (tmp_path / "again" / "records.jsonl").read_text() == (tmp_path / "out" / "records.jsonl").read_text()
    db = Database(database_url)
    assert db.counts()["runs"] == 2
    db.close()


def test_a_changed_article_replaces_its_rows_and_force_redoes_all(database_url, tmp_path, extractor):
    source = article_jsonl(tmp_path / "a.jsonl")
    run([source], tmp_path / "out", extractor=extractor, db=database_url)
    before = snapshot(database_url)
    target = "ip-brief-visit-australia-korea"
    text = ("Australia's Defence Minister Richard Marles met South Korea's defence minister in Seoul on March 3, "
            "2026, and the two signed an agreement on Hunter-class frigate maintenance.")
    changed = article_jsonl(tmp_path / "b.jsonl", **{target: {"text": text}})
    summary = run([changed], tmp_path / "out2", extractor=extractor, db=database_url)
    assert (summary.new, summary.changed, summary.skipped) == (0, 1, 15)
    after = snapshot(database_url)
    for table in ("dates", "events", "article_platforms", "platform_mentions", "person_mentions"):
        others = lambda rows: [r for r in rows if r[0] != target]  # noqa: E731 - every such table starts with article_id
        assert others(after[table]) == others(before[table]), table
        mine = [r for r in after[table] if r[0] == target]
        assert mine != [r for r in before[table] if r[0] == target], table
    engine = create_engine(database_url)
    with engine.connect() as connection:
        dates = connection.execute(select(schema.dates.c.value).where(schema.dates.c.article_id == target)).scalars()
        assert list(dates) == ["2026-03-03"]
    engine.dispose()

    forced = run([changed], tmp_path / "out3", extractor=extractor, db=database_url, force=True)
    assert (forced.changed, forced.skipped) == (16, 0)
    assert snapshot(database_url) == after


def test_another_pipeline_version_extracts_again(database_url, tmp_path, extractor):
    run([CORPUS], tmp_path / "out", extractor=extractor, db=database_url)
    spec = PipelineSpec(overrides_json=json.dumps({"extract_platforms": {"use_catalogue": False}}))
    summary = run([CORPUS], tmp_path / "out2", spec=spec, db=database_url)
    assert (summary.new, summary.changed, summary.skipped) == (0, 16, 0)


def bad_inputs(folder: Path) -> Path:
    """One file or line of every kind of bad input, beside two good articles."""
    folder.mkdir()
    (folder / "good.txt").write_text("The frigate INS Tushil was commissioned on Monday.", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("Le ministre a visit\xe9 Toulon.".encode("latin-1"))
    (folder / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (folder / "huge.txt").write_text("word " * 300, encoding="utf-8")
    os.symlink(folder / "removed.txt", folder / "gone.txt")
    (folder / "sub").mkdir()
    os.symlink(folder, folder / "sub" / "loop")
    lines = ['{"id": "broken", "text": ', json.dumps({"text": "No id at all."}),
             json.dumps({"id": 12, "text": "A numeric id."}), json.dumps({"id": "good", "text": "Again."}),
             json.dumps({"id": "when", "text": "A date.", "published": "yesterday"}),
             json.dumps({"id": "kept", "text": "The corvette docked in Kiel on 3 May 2025.", "desk": "europe"})]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_bad_input_becomes_one_error_row_each_and_the_rest_is_stored(database_url, tmp_path, extractor):
    folder = bad_inputs(tmp_path / "in")
    summary = run([folder], tmp_path / "out", extractor=extractor, db=database_url, max_chars=1000)
    assert summary.new == 2 and summary.failed == 11
    lines = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(schema.errors.c.article_id, schema.errors.c.source, schema.errors.c.line,
                                         schema.errors.c.reason).order_by(schema.errors.c.id)).all()
        stored = connection.execute(select(schema.articles.c.id, schema.articles.c.extra)
                                    .order_by(schema.articles.c.id)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(e["id"], e["source"], e["line"], e["reason"]) for e in lines]
    reasons = " | ".join(e["reason"] for e in lines)
    for expected in ("binary file", "not UTF-8", "article text is empty", "article too long", "cannot read file",
                     "directory symlink loop", "invalid JSON", "id: Field required", "id: Input should be a valid "
                     "string", "duplicate id 'good'", "published"):
        assert expected in reasons, expected
    assert [tuple(r) for r in stored] == [("good", None), ("kept", {"desk": "europe"})]
    # the same bad input again adds no error row
    before = snapshot(database_url)
    run([folder], tmp_path / "out2", extractor=extractor, db=database_url, max_chars=1000)
    assert snapshot(database_url) == before


def test_odd_ids_are_stored_verbatim_and_never_used_as_paths(database_url, tmp_path, extractor):
    ids = ["../../escape", "x'); DROP TABLE articles; --", "naïve/ünïcode"]
    source = tmp_path / "odd.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": "The destroyer sailed on 2 June 2025."})
                                for i in ids) + "\n", encoding="utf-8")
    before = set(tmp_path.parent.iterdir())
    run([source], tmp_path / "out", extractor=extractor, db=database_url)
    assert set(tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["errors.jsonl", "records.jsonl"]
    assert sorted(r[0] for r in snapshot(database_url)["articles"]) == sorted(ids)


def test_export_writes_every_table_in_each_format(database_url, tmp_path, extractor):
    run([CORPUS], tmp_path / "out", extractor=extractor, db=database_url)
    counts = Database(database_url).counts()
    for file_format in ("parquet", "csv", "jsonl"):
        written = dict(export_tables(database_url, tmp_path / file_format, file_format))
        assert {p.name for p in written} == {f"{t.name}.{file_format}" for t in schema.EXPORT_TABLES}
        assert {p.stem: n for p, n in written.items()} == counts
    frame = pd.read_parquet(tmp_path / "parquet" / "events.parquet")
    assert set(frame["type"]) <= {"visit", "meeting", "exercise", "agreement", "commissioning", "delivery",
                                  "launch", "test", "operation"}
    lines = (tmp_path / "jsonl" / "dates.jsonl").read_text().splitlines()
    assert len(lines) == counts["dates"] and json.loads(lines[0])["article_id"]


def test_exports_are_typed_by_the_table_whatever_its_rows(database_url, tmp_path, extractor):
    import pyarrow.parquet as pq

    from extract.db.export import arrow_schema

    run([CORPUS], tmp_path / "out", extractor=extractor, db=database_url)  # no errors: an empty errors table
    export_tables(database_url, tmp_path / "parquet", "parquet")
    export_tables(database_url, tmp_path / "csv", "csv")
    for table in schema.EXPORT_TABLES:  # the same schema from SQLite and PostgreSQL, empty tables included
        assert pq.read_schema(tmp_path / "parquet" / f"{table.name}.parquet").remove_metadata() == \
            arrow_schema(table), table.name
    runs = pd.read_parquet(tmp_path / "parquet" / "runs.parquet")
    assert str(runs["started_at"].dt.tz) == "UTC"
    assert pd.read_parquet(tmp_path / "parquet" / "errors.parquet").empty
    header, first = (tmp_path / "csv" / "dates.csv").read_text().splitlines()[:2]
    offsets = dict(zip(header.split(","), first.split(",")))
    assert offsets["start_char"].isdigit() and offsets["end_char"].isdigit()  # 1867, never 1867.0
    assert "+00:00" in (tmp_path / "csv" / "runs.csv").read_text().splitlines()[1]
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.connect() as connection:
            kinds = dict(connection.execute(text(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                "WHERE column_name IN ('record', 'inputs', 'extra', 'aliases')")).all())
        engine.dispose()
        assert kinds and set(kinds.values()) == {"jsonb"}, kinds


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_run_killed_mid_batch_then_rerun_leaves_exactly_the_rows_of_a_clean_run(database_url, tmp_path,
                                                                                  extractor):
    source = article_jsonl(tmp_path / "three.jsonl", copies=3)  # 48 articles
    command = [str(EXTRACT), "run", str(source), "--out", str(tmp_path / "killed"), "--db", database_url,
               "--no-progress", "--batch-size", "4"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    engine = create_engine(database_url)

    def stored() -> int:
        try:
            with engine.connect() as connection:
                return connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            return 0

    try:
        wait_for(lambda: stored() >= 6 or process.poll() is not None)
        assert process.poll() is None, "the run ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
    partial = stored()
    assert 6 <= partial < 48
    # every article stored so far has all of its rows: per-article transactions
    with engine.connect() as connection:
        for article_id, record in connection.execute(select(schema.articles.c.id, schema.articles.c.record)):
            record = ArticleRecord.model_validate_json(record if isinstance(record, str) else json.dumps(record))
            n = connection.execute(select(schema.dates.c.n).where(schema.dates.c.article_id == article_id)).all()
            e = connection.execute(select(schema.events.c.n).where(schema.events.c.article_id == article_id)).all()
            assert (len(n), len(e)) == (len(record.dates), len(record.events))
    engine.dispose()

    rerun = subprocess.run(command[:4] + [str(tmp_path / "rerun")] + command[5:], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"0 changed, {partial} skipped, 0 failed" in rerun.stderr
    engine = create_engine(database_url)
    with engine.connect() as connection:
        r = schema.runs.c
        runs = connection.execute(select(r.finished_at.is_not(None), r.articles_new, r.articles_skipped)
                                  .order_by(r.id)).all()
    engine.dispose()
    assert [tuple(x) for x in runs] == [(False, 0, 0), (True, 48 - partial, partial)]  # the killed run never ended

    clean_url = (f"sqlite:///{tmp_path / 'clean.sqlite'}" if database_url.startswith("sqlite") else
                 _sibling_database(database_url, "clean"))
    run([source], tmp_path / "clean", extractor=extractor, db=clean_url)
    assert snapshot(database_url) == snapshot(clean_url)


def _sibling_database(url: str, suffix: str) -> str:
    from sqlalchemy.engine import make_url

    return new_postgres_database(url, f"{make_url(url).database}_{suffix}")


def test_the_cli_stores_into_sqlite_by_default_and_exports(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([str(EXTRACT), "run", str(CORPUS), "--out", str(out), "--no-progress"],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "16 new, 0 changed, 0 skipped, 0 failed" in first.stderr and (out / "extract.sqlite").is_file()
    second = subprocess.run([str(EXTRACT), "run", str(CORPUS), "--out", str(out), "--no-progress"],
                            capture_output=True, text=True)
    assert "0 new, 0 changed, 16 skipped, 0 failed" in second.stderr
    exported = subprocess.run([str(EXTRACT), "export", "--db", str(out / "extract.sqlite"), "--out",
                               str(tmp_path / "csv"), "--format", "csv"], capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    assert pd.read_csv(tmp_path / "csv" / "articles.csv")["id"].nunique() == 16


def test_an_unreachable_database_is_a_clear_usage_error(tmp_path):
    done = subprocess.run([str(EXTRACT), "run", str(CORPUS), "--out", str(tmp_path), "--no-progress", "--db",
                           "postgresql+psycopg://nobody@127.0.0.1:1/none"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "cannot open postgresql+psycopg://nobody@127.0.0.1:1/none" in done.stderr
    assert not (tmp_path / "records.jsonl").exists()  # nothing written before the database is there
