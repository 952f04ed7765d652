"""The installed `extract` command, end to end, in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = str(Path(sys.executable).parent / "extract")


def extract(*args, cwd=None):
    return subprocess.run([EXTRACT, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder of good and bad inputs, run once through `extract run`."""
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "good.txt").write_text(
        "Japan's Defence Minister Gen Nakatani met his Philippine counterpart in Manila on Tuesday. "
        "The two ministers signed an agreement on the transfer of Abukuma-class destroyer escorts.",
        encoding="utf-8")
    two = [
        {"id": "two-1", "published": "2026-02-10", "title": "Drills", "desk": "asia",
         "text": "Indian and French warships will hold Exercise Varuna in the Arabian Sea from March 3 to 6."},
        {"id": "two-2", "published": "2026-02-11",
         "text": "The Navy commissioned the frigate INS Taragiri in Mumbai on Monday."},
    ]
    (inputs / "two.jsonl").write_text("\n".join(json.dumps(a) for a in two) + "\n", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "latin1.txt").write_bytes("Le ministre a visité Toulon en décembre 2024.".encode("latin-1"))
    (inputs / "mixed.jsonl").write_text(
        '{"id": "ok-1", "published": "2026-01-05", "text": "Poland will receive K2 tanks in 2026."}\n'
        '{"id": "broken", "text": "unterminated\n'
        '{"id": "no-text", "published": "2026-01-05"}\n', encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = extract("run", inputs, "--out", out)
    return result, out


def test_run_writes_every_good_article_in_input_order(batch):
    result, out = batch
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    # directory contents are read sorted: good.txt, mixed.jsonl (1 good line), two.jsonl (2 articles)
    assert [r["article_id"] for r in records] == ["good", "ok-1", "two-1", "two-2"]
    by_id = {r["article_id"]: r for r in records}
    assert [(p["mentions"][0]["text"], p["category"]) for p in by_id["ok-1"]["platforms"]] == [("K2", "tank")]
    assert any(d["value"] == "2026" for d in by_id["ok-1"]["dates"])
    assert any(e["type"] == "exercise" and e["status"] == "planned" for e in by_id["two-1"]["events"])


def test_each_bad_input_is_one_error_line_with_its_reason_and_exit_code_1(batch):
    result, out = batch
    assert result.returncode == 1, result.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 4
    by_source = {(Path(e["source"]).name, e["line"]): e for e in errors}
    assert "article text is empty" in by_source[("empty.txt", None)]["reason"]
    assert by_source[("empty.txt", None)]["id"] == "empty"
    assert "not UTF-8" in by_source[("latin1.txt", None)]["reason"]
    assert "invalid JSON" in by_source[("mixed.jsonl", 2)]["reason"]
    assert by_source[("mixed.jsonl", 3)]["id"] == "no-text"
    assert "text" in by_source[("mixed.jsonl", 3)]["reason"]
    assert "4 new, 0 changed, 0 skipped, 4 failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_exits_0_when_every_article_succeeds(tmp_path):
    (tmp_path / "a.txt").write_text("The Su-57 fighters flew over Moscow on 9 May 2025.", encoding="utf-8")
    result = extract("run", tmp_path / "a.txt", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8"))
    assert [d["value"] for d in record["dates"]] == ["2025-05-09"]
    assert (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("args, message", [
    (["run", "no/such/path", "--out", "x"], "does not exist"),
    (["run", ".", "--batch-size", "0"], "batch-size"),
    (["run", ".", "--model", "no_such_spacy_model"], "not installed"),
    (["eval", "no-gold.jsonl", "no-pred.jsonl"], "does not exist"),
])
def test_usage_errors_exit_2_with_a_message_and_no_traceback(tmp_path, args, message):
    result = extract(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_prints_the_json_schema_of_the_records():
    result = extract("schema")
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert set(record["properties"]) >= {"article_id", "published", "dates", "people", "platforms", "events"}
    event = record["$defs"]["Event"]["properties"]
    assert "visit" in json.dumps(event["type"]) and "planned" in json.dumps(event["status"])


def test_corpus_gold_passes_gold_check():
    result = extract("gold", "check", ROOT / "corpus" / "gold", "--articles", ROOT / "corpus" / "articles")
    assert result.returncode == 0, result.stdout + result.stderr


def test_main_job_on_the_corpus_then_eval_meets_the_regression_gate(tmp_path):
    """The README's main job, then `extract eval` on its records with the bars in corpus/fail_under.txt."""
    out = tmp_path / "out"
    run = extract("run", ROOT / "corpus" / "articles", "--out", out)
    assert run.returncode == 0, run.stderr
    bars = (ROOT / "corpus" / "fail_under.txt").read_text().strip()
    result = extract("eval", ROOT / "corpus" / "gold", out / "records.jsonl", "--json", tmp_path / "scores.json",
                     "--fail-under", bars)
    assert result.returncode == 0, result.stderr
    scores = json.loads((tmp_path / "scores.json").read_text())
    for bar in bars.split(","):
        kind, value = bar.split("=")
        assert scores[kind]["f1"] >= float(value)
    assert scores["articles"]["gold"] >= 16 and not scores["articles"]["missing_predictions"]
