"""What `extract run` tells while it works, through the installed command: in a log (stderr not a terminal), a
plain progress line every --log-every seconds with the total counted before the work; on a terminal (a real
pseudo-terminal), a bar with total, percentage, rate and time left; --quiet and --verbose through logging."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extract.io.readers import count_articles

EXTRACT = str(Path(sys.executable).parent / "extract")
LINE = re.compile(r"extract INFO (\d+)/(\d+) articles \((\d+\.\d)%\), [\d,.]+ articles/s, [\d,]+ words/s, "
                  r"\d+:\d\d:\d\d elapsed, \d+:\d\d:\d\d left$")


@pytest.fixture()
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": f"w{i}", "published": "2025-03-0%d" % (i + 1),
                         "text": f"The frigate Hydra sailed from Piraeus on {i + 1} March with two helicopters."})
             for i in range(4)]
    # a blank line is no article; a broken line is one (its error)
    (folder / "wire.jsonl").write_text("\n".join([lines[0], "", lines[1], "{broken", lines[2], lines[3]]) + "\n\n",
                                       encoding="utf-8")
    (folder / "note.txt").write_text("Minister Eva Lund met her Danish counterpart in Oslo on Monday.\n",
                                     encoding="utf-8")
    return folder


def run(*args, **kwargs):
    return subprocess.run([EXTRACT, "run", *map(str, args)], capture_output=True, text=True, timeout=600, **kwargs)


def test_the_total_is_counted_without_parsing(inputs, tmp_path):
    assert count_articles([inputs]) == 6  # 5 lines that are not blank, 1 text file
    (tmp_path / "more.jsonl").write_text('{"id": "a", "text": "x"}', encoding="utf-8")  # no final newline
    assert count_articles([inputs, tmp_path / "more.jsonl"]) == 7


def test_a_log_gets_plain_progress_lines_with_the_total(inputs, tmp_path):
    result = run(inputs, "--out", tmp_path / "out", "--no-db", "--log-every", "0")
    assert result.returncode == 1  # the broken line failed; the other articles are written
    lines = result.stderr.splitlines()
    assert re.search(r"extract INFO extracting 6 articles from 2 files into ", lines[0])
    progress = [LINE.search(line) for line in lines]
    progress = [(int(m[1]), int(m[2]), float(m[3])) for m in progress if m]
    assert progress and all(total == 6 for _, total, _ in progress)
    assert progress[-1] == (6, 6, 100.0)
    assert [done for done, _, _ in progress] == sorted(done for done, _, _ in progress)
    assert "failed: " not in result.stderr and "reading " not in result.stderr  # those are --verbose
    assert lines[-1].startswith("6 articles from 2 files: 5 new, 0 changed, 0 skipped, 1 failed")


def test_a_short_run_logs_no_progress_line_before_its_interval(inputs, tmp_path):
    result = run(inputs, "--out", tmp_path / "out", "--no-db")
    assert not any(LINE.search(line) for line in result.stderr.splitlines())
    assert "extracting 6 articles" in result.stderr


def test_quiet_prints_the_summary_only(inputs, tmp_path):
    result = run(inputs, "--out", tmp_path / "out", "--no-db", "--quiet", "--log-every", "0")
    assert result.stderr.splitlines() == [line for line in result.stderr.splitlines() if "articles from" in line]
    assert len(result.stderr.splitlines()) == 1


def test_verbose_logs_each_file_and_each_failure_as_it_happens(inputs, tmp_path):
    result = run(inputs, "--out", tmp_path / "out", "--no-db", "--verbose")
    assert re.search(r"extract DEBUG reading .*note\.txt$", result.stderr, re.M)
    assert re.search(r"extract DEBUG reading .*wire\.jsonl$", result.stderr, re.M)
    failure = re.search(r"extract DEBUG failed: None \((.*):(\d+)\): invalid JSON", result.stderr)
    assert failure and failure[1].endswith("wire.jsonl") and failure[2] == "4"
    both = run(inputs, "--out", tmp_path / "out", "--no-db", "--verbose", "--quiet")
    assert both.returncode == 2 and "exclude each other" in both.stderr


def test_a_terminal_gets_a_bar_with_total_percentage_rate_and_time_left(inputs, tmp_path):
    main, child = os.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    process = subprocess.Popen([EXTRACT, "run", str(inputs), "--out", str(tmp_path / "out"), "--no-db"],
                               stdin=child, stdout=child, stderr=child, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not data:
            break
        chunks.append(data)
    assert process.wait(timeout=600) == 1
    os.close(main)
    screen = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert re.search(r"extracting .* 6/6 +100% [\d.]+ articles/s, [\d,]+ words/s, \d:\d\d:\d\d elapsed, "
                     r"\d:\d\d:\d\d left", screen), screen
    assert re.search(r"extracting .* 0/6 +0%", screen)
