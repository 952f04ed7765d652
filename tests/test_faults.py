"""Faults during a run, made real: processes killed by signal (in a migration, a worker, the main process), two
runs racing on a new database, a full disk (a small tmpfs), a PostgreSQL connection cut by the server, ids
a database refuses, a very long article. Each on a real SQLite file and the real PostgreSQL server the tests
start, where a database is involved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from conftest import snapshot
from test_db import wait_for

EXTRACT = str(Path(sys.executable).parent / "extract")
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"
GOOD = "The frigate Hydra sailed from Piraeus on 3 March with two helicopters on board."


def extract(*args, timeout=600, **kwargs):
    return subprocess.run([EXTRACT, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs)


def corpus_jsonl(path: Path, copies: int = 1) -> Path:
    """The corpus articles as one JSONL file, repeated with new ids."""
    lines = []
    for n in range(copies):
        for file in sorted(CORPUS.glob("*.jsonl")):
            for line in file.read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                article["id"] = f"{article['id']}-{n}"
                lines.append(json.dumps(article))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


# -- migrations: atomic and one at a time ------------------------------------------------------------------------
KILL_IN_MIGRATION = textwrap.dedent("""
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from extract.db import Database
    created = []
    @event.listens_for(Engine, "after_cursor_execute")
    def kill_after_third_table(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created.append(statement)
            if len(created) == 3:  # tables made, the migration not finished: SIGKILL, no clean-up
                os.kill(os.getpid(), signal.SIGKILL)
    Database(sys.argv[1])
""")


def test_a_migration_killed_halfway_leaves_nothing_and_the_next_run_works(database_url, tmp_path):
    killed = subprocess.run([sys.executable, "-c", KILL_IN_MIGRATION, database_url], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert tables(database_url) == set()  # the whole migration was one transaction
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out", "--db", database_url)
    assert result.returncode == 0, result.stderr
    assert "articles" in tables(database_url)


def test_a_half_built_schema_is_rebuilt_when_empty_and_refused_when_not(tmp_path):
    from extract.db import schema

    url = f"sqlite:///{tmp_path / 'half.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as connection:  # what an older version left when killed in its first migration
        for table in schema.metadata.sorted_tables[:3]:
            table.create(connection)
    engine.dispose()
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out", "--db", url)
    assert result.returncode == 0, result.stderr
    assert snapshot(url)["articles"]

    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    engine = create_engine(other)
    with engine.begin() as connection:
        schema.runs.create(connection)
        connection.execute(text("INSERT INTO runs (started_at, extract_version, pipeline_version, config_hash, "
                                "model, inputs, articles_new, articles_changed, articles_skipped, "
                                "articles_failed) VALUES ('2025-01-01', 'x', 'x', 'x', 'x', '[]', 0, 0, 0, 0)"))
    engine.dispose()
    refused = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out2", "--db", other)
    assert refused.returncode == 2 and "no migration record" in refused.stderr
    assert "Traceback" not in refused.stderr


RACE = textwrap.dedent("""
    import sys, time
    from extract.db import Database
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    Database(sys.argv[1]).close()
    print("ok")
""")


def test_runs_starting_together_on_a_new_database_do_not_race_on_the_migration(database_url):
    for _ in range(3):
        start = time.time() + 3.0  # both processes loaded and waiting, then the same instant
        processes = [subprocess.Popen([sys.executable, "-c", RACE, database_url, str(start)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outcomes = [p.communicate(timeout=120) for p in processes]
        assert [p.returncode for p in processes] == [0, 0, 0], [err for _, err in outcomes]
        assert "articles" in tables(database_url)


# -- worker processes --------------------------------------------------------------------------------------------
def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_a_killed_worker_loses_no_article(tmp_path):
    source = corpus_jsonl(tmp_path / "many.jsonl", copies=19)  # 304 articles
    out = tmp_path / "out"
    process = subprocess.Popen([EXTRACT, "run", str(source), "--out", str(out), "--workers", "2", "--no-db"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: lines_in(out / "records.jsonl") >= 20 or process.poll() is not None)
        workers = children(process.pid)
        assert process.poll() is None and len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=900)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "a worker process died" in stderr
    ids = [json.loads(line)["article_id"] for line in (out / "records.jsonl").read_text().splitlines()]
    expected = [json.loads(line)["id"] for line in source.read_text().splitlines()]
    assert ids == expected  # every article, once, in input order


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_exit_when_the_main_process_dies(tmp_path, sig):
    source = corpus_jsonl(tmp_path / "many.jsonl", copies=19)
    out = tmp_path / "out"
    process = subprocess.Popen([EXTRACT, "run", str(source), "--out", str(out), "--workers", "2", "--no-db"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        wait_for(lambda: lines_in(out / "records.jsonl") >= 8 or process.poll() is not None)
        workers = children(process.pid)
        assert process.poll() is None and len(workers) == 2
        process.send_signal(sig)
        process.wait(timeout=60)
        wait_for(lambda: not any(alive(pid) for pid in workers), seconds=15)
    finally:
        for pid in workers:  # orphans of a failed check must not outlive the test
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()


# -- a full disk -------------------------------------------------------------------------------------------------
@pytest.fixture()
def small_disk(tmp_path):
    """A 256 KB tmpfs (the tests run as root, as CI does)."""
    if os.geteuid() != 0:
        pytest.fail("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def whole_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "a cut last line"
    return [json.loads(line) for line in data.decode().splitlines()]


def test_a_full_disk_stops_the_run_cleanly_and_a_rerun_completes_it(small_disk, tmp_path):
    source = corpus_jsonl(tmp_path / "many.jsonl", copies=4)  # about 1 MB of records
    expected = [json.loads(line)["id"] for line in source.read_text().splitlines()]
    database = tmp_path / "db.sqlite"  # on a disk with room: what it stores, a re-run need not redo
    result = extract("run", source, "--out", small_disk, "--db", database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [message] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "No space left on device" in message and "records.jsonl" in message
    written = whole_lines(small_disk / "records.jsonl")
    assert 0 < len(written) < len(expected)
    assert [r["article_id"] for r in written] == expected[:len(written)]
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    rerun = extract("run", source, "--out", small_disk, "--db", database)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(written)} skipped" in rerun.stderr or "skipped" in rerun.stderr
    assert [r["article_id"] for r in whole_lines(small_disk / "records.jsonl")] == expected


def test_a_full_disk_under_the_database_stops_the_run_with_one_line(small_disk, tmp_path):
    source = corpus_jsonl(tmp_path / "many.jsonl", copies=4)
    result = extract("run", source, "--out", tmp_path / "out", "--db", small_disk / "db.sqlite")
    assert result.returncode in (1, 2), result.stderr  # 2 when even the schema does not fit
    assert "Traceback" not in result.stderr and "INSERT" not in result.stderr
    [message] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "full" in message


# -- a PostgreSQL connection cut ---------------------------------------------------------------------------------
def terminate_others(url: str, admin_url: str) -> int:
    from sqlalchemy.engine import make_url

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        cut = connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                                      "datname = :name AND pid <> pg_backend_pid()"),
                                 {"name": make_url(url).database}).scalar_one()
    engine.dispose()
    return cut


def consistent(url: str) -> int:
    """Stored articles, after checking that each has all of its rows (no half-written article)."""
    from sqlalchemy import select

    from extract.db import schema
    from extract.records import ArticleRecord

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(select(schema.articles.c.id, schema.articles.c.record)).all()
        for article_id, record in stored:
            record = ArticleRecord.model_validate_json(record if isinstance(record, str) else json.dumps(record))
            dates = connection.execute(select(func_count()).select_from(schema.dates)
                                       .where(schema.dates.c.article_id == article_id)).scalar_one()
            assert dates == len(record.dates), article_id
    engine.dispose()
    return len(stored)


def func_count():
    from sqlalchemy import func

    return func.count()


@pytest.mark.parametrize("comes_back", [True, False])
def test_a_dropped_postgresql_connection_is_retried_once_then_stops_the_run(postgres_server, tmp_path,
                                                                              comes_back):
    from conftest import new_postgres_database

    url = new_postgres_database(postgres_server, f"drop_{int(comes_back)}_{os.getpid()}")
    source = corpus_jsonl(tmp_path / "many.jsonl", copies=6)
    expected = len(source.read_text().splitlines())
    process = subprocess.Popen([EXTRACT, "run", str(source), "--out", str(tmp_path / "out"), "--db", url,
                                "--batch-size", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: lines_in(tmp_path / "out" / "records.jsonl") >= 10 or process.poll() is not None)
        assert process.poll() is None
        if not comes_back:
            engine = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS false'))
            engine.dispose()
        assert terminate_others(url, postgres_server) >= 1
        _, stderr = process.communicate(timeout=900)
    finally:
        if process.poll() is None:
            process.kill()
        engine = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS true'))
        engine.dispose()
    assert "Traceback" not in stderr and "INSERT" not in stderr and "%(" not in stderr
    if comes_back:
        assert process.returncode == 0, stderr
        assert consistent(url) == expected
    else:
        assert process.returncode == 1, stderr
        [message] = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert message.startswith("error: the run stopped: database postgresql+psycopg://")
        assert consistent(url) < expected  # and every article stored is whole


# -- ids a database refuses --------------------------------------------------------------------------------------
def test_ids_a_database_cannot_store_are_one_error_row_each(database_url, tmp_path):
    source = tmp_path / "in.jsonl"
    articles = [{"id": "before", "text": GOOD}, {"id": "x" * 600, "text": GOOD}, {"id": "nul\x00id", "text": GOOD},
                {"id": "after", "text": GOOD}]
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    result = extract("run", source, "--out", tmp_path / "out", "--db", database_url)
    assert "Traceback" not in result.stderr
    stored = snapshot(database_url)
    ids = {row[0] for row in stored["articles"]}
    assert {"before", "after"} <= ids
    if database_url.startswith("postgresql"):  # VARCHAR(500) and no NUL in text: refused there, recorded
        assert result.returncode == 1
        engine = create_engine(database_url)
        with engine.connect() as connection:
            refused = [row[0] for row in connection.execute(text("SELECT article_id FROM errors ORDER BY id"))]
        engine.dispose()
        assert refused == ["x" * 499 + "…", "nul\\x00id"]
    else:
        assert result.returncode == 0, result.stderr
        assert len(ids) == 4
