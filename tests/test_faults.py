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


def wait_for(condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


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
