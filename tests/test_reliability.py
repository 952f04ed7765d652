"""Hostile and careless inputs and faults, through the installed `extract` command (each input built here):
one bad input is one error line and row and the batch goes on; what is read wrongly is read right; a broken
command line is one clear message with exit 2 and destroys nothing; credentials never show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.io.readers import read_articles

EXTRACT = str(Path(sys.executable).parent / "extract")
GOOD = "The frigate Hydra sailed from Piraeus on 3 March with two helicopters on board."


def extract(*args, cwd=None, timeout=600, **kwargs):
    return subprocess.run([EXTRACT, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          **kwargs)


def good(article_id: str, **more) -> str:
    return json.dumps({"id": article_id, "published": "2026-03-04", "text": GOOD, **more})


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def errors(out: Path) -> list[dict]:
    path = out / "errors.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.replace("error:", ""), result.stderr


# -- one input must not end the batch ----------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["id", "title"])
def test_a_lone_surrogate_is_one_error_and_the_batch_goes_on(tmp_path, field):
    bad = {"id": "bad-title", "published": "2026-03-04", "text": GOOD, field: "bad\ud800"}
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([good("before"), json.dumps(bad), good("after")]) + "\n", encoding="utf-8")
    result = extract("run", source, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["before", "after"]
    [error] = errors(tmp_path / "out")
    assert error["line"] == 2 and "surrogate" in error["reason"]
    assert error["id"] == ("bad\\ud800" if field == "id" else "bad-title")


@pytest.mark.parametrize("line, reason", [
    ('{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep"),
    ('{"id": "big", "text": "x", "n": ' + "7" * 5000 + "}", "invalid JSON"),
])
def test_a_pathological_json_line_is_one_error_and_the_lines_around_it_are_kept(tmp_path, line, reason):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([good("before"), line, good("after")]) + "\n", encoding="utf-8")
    result = extract("run", source, "--out", tmp_path / "out", "--no-db")
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["before", "after"]
    [error] = errors(tmp_path / "out")
    assert error["line"] == 2 and reason in error["reason"]


def test_a_fifo_or_a_device_on_the_command_line_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = extract("run", "/dev/null", fifo, tmp_path / "good.txt", "--out", tmp_path / "out", timeout=120)
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["good"]
    reasons = {e["source"]: e["reason"] for e in errors(tmp_path / "out")}
    assert set(reasons) == {"/dev/null", str(fifo)}
    assert all("not a regular file" in r for r in reasons.values())


def test_a_file_that_disappears_after_start_up_is_an_error(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    items = read_articles([first, second])
    assert next(items).id == "first"
    second.unlink()
    [gone] = list(items)
    assert gone.source == str(second) and "No such file" in gone.reason
    # named on the command line, gone before the reading starts: one error, not the whole batch
    items = read_articles([first, tmp_path / "never.txt"])
    assert [getattr(i, "id", None) for i in items] == ["first", "never"]


def test_a_file_name_that_is_not_utf8_is_read_and_reported_readably(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/bad\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(GOOD.encode())
    with open(os.fsencode(folder) + b"/empty\xfe.txt", "wb"):
        pass
    result = extract("run", folder, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["bad\\xff"]
    [error] = errors(tmp_path / "out")
    assert error["source"].endswith("empty\\xfe.txt") and error["id"] == "empty\\xfe"


@pytest.mark.parametrize("where", ["id", "out"])
def test_rich_markup_in_an_id_or_a_path_is_printed_as_written(tmp_path, where):
    article_id = "odd[/x][bold]" if where == "id" else "plain"
    source = tmp_path / "in.jsonl"
    source.write_text(good(article_id) + "\n" + json.dumps({"id": article_id}) + "\n", encoding="utf-8")
    out = tmp_path / ("out[/x]" if where == "out" else "out")
    result = extract("run", source, "--out", out, "--verbose")
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert str(out / "records.jsonl") in result.stderr
    if where == "id":
        assert "odd[/x][bold]" in result.stderr  # the --verbose failure line, as written


# -- inputs read wrongly -----------------------------------------------------------------------------------------
def test_a_byte_order_mark_does_not_cost_the_first_article(tmp_path):
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + (good("first") + "\n" + good("second") + "\n").encode())
    result = extract("run", source, "--out", tmp_path / "out", "--no-db")
    assert result.returncode == 0, result.stderr
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["first", "second"]


@pytest.mark.parametrize("value", [0, 1735689600, 20250101.0, True])
def test_a_number_is_not_a_publication_date(tmp_path, value):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "n", "published": value, "text": GOOD}) + "\n" + good("ok") + "\n",
                      encoding="utf-8")
    result = extract("run", source, "--out", tmp_path / "out", "--no-db")
    assert result.returncode == 1, result.stderr
    [error] = errors(tmp_path / "out")
    assert error["id"] == "n" and "published" in error["reason"] and "YYYY-MM-DD" in error["reason"]
    assert [r["article_id"] for r in records(tmp_path / "out")] == ["ok"]


def test_the_output_folder_inside_the_inputs_is_never_read_as_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(good("a") + "\n", encoding="utf-8")
    for _ in range(2):  # the second run finds the first one's records.jsonl and errors.jsonl in the folder
        result = extract("run", folder, "--out", folder, "--no-db", timeout=120)
        assert result.returncode == 0, result.stderr
        assert [r["article_id"] for r in records(folder)] == ["a"]
    named = extract("run", folder / "records.jsonl", "--out", folder, timeout=120)
    assert named.returncode == 2 and "is an output file of this run" in named.stderr
    assert [r["article_id"] for r in records(folder)] == ["a"]  # not emptied


def test_the_same_error_through_a_relative_and_an_absolute_path_is_one_row(tmp_path):
    from sqlalchemy import create_engine, text

    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    database = tmp_path / "db.sqlite"
    for source in ("empty.txt", str(tmp_path / "empty.txt")):
        result = extract("run", source, "--out", tmp_path / "out", "--db", database, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT source FROM errors")).all()
    engine.dispose()
    assert rows == [(str(tmp_path / "empty.txt"),)]


# -- secrets and URLs --------------------------------------------------------------------------------------------
def test_a_password_in_the_query_is_masked_in_every_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.sqlite'}?password=hunter2"
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out", "--db", url)
    assert result.returncode == 0, result.stderr
    assert "hunter2" not in result.stderr + result.stdout and "password=***" in result.stderr


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg:/user:hunter2@localhost/db", "not a database URL"),
    ("postgresql+psycopg://user:hunter2@localhost:port/db", "not a database URL"),
    ("postgres:user:hunter2@localhost", "not a database URL"),
])
def test_a_url_like_db_that_does_not_parse_is_refused(tmp_path, url, message):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out", "--db", url, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    no_traceback(result)
    assert "hunter2" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no folder named after the URL, no output


# -- command-line ends -------------------------------------------------------------------------------------------
def test_out_naming_an_existing_file_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "taken").write_text("keep me", encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "taken")
    assert result.returncode == 2 and "is a file" in result.stderr
    no_traceback(result)
    assert (tmp_path / "taken").read_text() == "keep me"


def test_an_unreachable_dask_scheduler_is_a_usage_error_that_destroys_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.jsonl").write_text('{"article_id": "kept"}\n', encoding="utf-8")
    started = time.monotonic()
    result = extract("run", tmp_path / "a.txt", "--out", out, "--dask", "tcp://127.0.0.1:1", "--no-db")
    assert result.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.stderr
    no_traceback(result)
    assert [line for line in result.stderr.splitlines() if " extract INFO " not in line] == [
        line for line in result.stderr.splitlines() if line.startswith("error: cannot reach")]
    assert time.monotonic() - started < 25
    assert (out / "records.jsonl").read_text() == '{"article_id": "kept"}\n'


def test_eval_ends_are_usage_errors(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"article_id": "a", "dates": []}) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"article_id": "a"}) + "\n", encoding="utf-8")
    missing = extract("eval", gold, pred, "--json", tmp_path / "no" / "such" / "scores.json")
    assert missing.returncode == 2 and "folder" in missing.stderr and "does not exist" in missing.stderr
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    empty = extract("eval", tmp_path / "empty.jsonl", pred)
    assert empty.returncode == 2 and "no gold records" in empty.stderr
    (tmp_path / "gold.txt").write_text("not gold", encoding="utf-8")
    text = extract("eval", tmp_path / "gold.txt", pred)
    assert text.returncode == 2 and "no gold records" in text.stderr and ".jsonl" in text.stderr
    for result in (missing, empty, text):
        no_traceback(result)


def test_export_refuses_a_database_that_does_not_exist(tmp_path):
    result = extract("export", "--db", tmp_path / "typo.sqlite", "--out", tmp_path / "export")
    assert result.returncode == 2 and "no database" in result.stderr
    no_traceback(result)
    assert not (tmp_path / "typo.sqlite").exists() and not (tmp_path / "export").exists()
    (tmp_path / "other.sqlite").write_bytes(b"")
    other = extract("export", "--db", tmp_path / "other.sqlite", "--out", tmp_path / "export")
    assert other.returncode == 2 and "not an extract database" in other.stderr
