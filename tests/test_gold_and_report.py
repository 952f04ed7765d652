"""`extract gold check`, `gold draft`, and `extract eval --report/--fail-under`, through the installed command."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXTRACT = str(Path(sys.executable).parent / "extract")
TEXT = "Admiral Lee met envoys in Busan on 3 June 2025. <script>alert(1)</script> The KSS-III submarine sailed."


def extract(*args):
    return subprocess.run([EXTRACT, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "a1", "published": "2025-06-05", "text": TEXT}) + "\n",
                                             encoding="utf-8")
    return tmp_path


def write_gold(folder, record):
    path = folder / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


GOOD = {"article_id": "a1", "published": "2025-06-05",
        "dates": [{"text": "3 June 2025", "start": 35, "end": 46, "value": "2025-06-03"}],
        "people": [{"name": "Lee", "title": "Admiral", "mentions": [{"text": "Lee", "start": 8, "end": 11}]}],
        "platforms": [{"name": "KSS-III", "category": "submarine",
                       "mentions": [{"text": "KSS-III", "start": 78, "end": 85}]}],
        "events": [{"type": "meeting", "date": "2025-06-03", "status": "occurred", "participants": ["Lee"],
                    "platforms": [], "evidence": {"start": 0, "end": 47}}]}


def test_gold_check_accepts_consistent_gold(folder):
    assert TEXT[35:46] == "3 June 2025" and TEXT[78:85] == "KSS-III"
    result = extract("gold", "check", write_gold(folder, GOOD), "--articles", folder / "articles.jsonl")
    assert result.returncode == 0, result.stdout + result.stderr


def test_gold_check_lists_every_problem_precisely(folder):
    bad = json.loads(json.dumps(GOOD))
    bad["dates"][0]["start"] = 34  # text no longer matches
    bad["dates"].append({"text": "June 2025", "start": 37, "end": 46, "value": "2025-06"})  # overlaps
    bad["platforms"].append({"name": "KSS III", "category": "submarine"})  # same name key twice
    bad["events"][0]["platforms"] = ["Dosan Ahn Changho"]  # not a platform of the record
    result = extract("gold", "check", write_gold(folder, bad), "--articles", folder / "articles.jsonl")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any("dates[0]" in line and "differs from the article at 34-46" in line for line in lines)
    assert any("overlap" in line for line in lines)
    assert any("share the name key 'kssiii'" in line for line in lines)
    assert any("'Dosan Ahn Changho', which is not a platform" in line for line in lines)
    assert all(line.startswith(str(folder / "gold.jsonl") + ":1:") for line in lines)


def test_gold_check_reports_grammar_errors_and_missing_articles(folder):
    bad = dict(GOOD, article_id="nowhere", dates=[{"text": "3 June 2025", "start": 35, "end": 46, "value": "June"}])
    result = extract("gold", "check", write_gold(folder, bad), "--articles", folder / "articles.jsonl")
    assert result.returncode == 1
    assert "not in the date value grammar" in result.stdout


def test_gold_draft_is_refused_until_reviewed(folder):
    draft = folder / "draft.jsonl"
    result = extract("gold", "draft", folder / "articles.jsonl", "--out", draft)
    assert result.returncode == 0, result.stderr
    record = json.loads(draft.read_text(encoding="utf-8"))
    assert record["unreviewed"] is True and record["article_id"] == "a1"
    assert any(d["value"] == "2025-06-03" for d in record["dates"])
    refused = extract("gold", "check", draft, "--articles", folder / "articles.jsonl")
    assert refused.returncode == 1 and "draft not reviewed" in refused.stdout
    del record["unreviewed"]
    draft.write_text(json.dumps(record) + "\n", encoding="utf-8")
    accepted = extract("gold", "check", draft, "--articles", folder / "articles.jsonl")
    assert accepted.returncode == 0, accepted.stdout


def test_eval_runs_the_pipeline_writes_the_report_and_gates(folder):
    gold = write_gold(folder, GOOD)
    report = folder / "report"
    result = extract("eval", gold, "--articles", folder / "articles.jsonl", "--report", report,
                     "--json", folder / "scores.json", "--fail-under", "dates=0.5")
    assert result.returncode == 0, result.stderr
    scores = json.loads((folder / "scores.json").read_text())
    assert scores["dates"]["f1"] == 1.0
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="m kd sm l0" data-n="0" title="date matched: &#x27;3 June 2025&#x27; = 2025-06-03">' in page
    assert "<details class='article' id='article-1'" in page and "<a href='#article-1'>a1</a>" in page
    items = (report / "items.csv").read_text(encoding="utf-8").splitlines()
    assert items[0].startswith("article,kind,measure,outcome,item,start,end,gold_ref,pred_ref")
    assert any(",dates,value,tp,'3 June 2025' [35:46] = 2025-06-03,35,46,0,0," in line for line in items)
    assert "extract evaluation" in (report / "report.md").read_text(encoding="utf-8")

    gated = extract("eval", gold, "--articles", folder / "articles.jsonl", "--fail-under", "events=1.01")
    assert gated.returncode == 1 and "below the bar: events f1" in gated.stderr


def test_report_marks_missed_spurious_and_wrong_values(folder):
    gold = write_gold(folder, GOOD)
    pred = folder / "pred.jsonl"
    pred.write_text(json.dumps({
        "article_id": "a1",
        "dates": [{"text": "3 June 2025", "start": 35, "end": 46, "value": "2024-06-03"}],  # wrong value
        "platforms": [{"name": "Busan", "category": "ship", "mentions": [{"text": "Busan", "start": 26,
                                                                          "end": 31}]}]}) + "\n")
    result = extract("eval", gold, pred, "--articles", folder / "articles.jsonl", "--report", folder / "r")
    assert result.returncode == 0, result.stderr
    page = (folder / "r" / "report.html").read_text(encoding="utf-8")
    assert ('<span class="m kd sw l0" data-n="0" title="date wrong: &#x27;3 June 2025&#x27; [35:46]: gold '
            '2025-06-03, predicted 2024-06-03">3 June 2025</span>') in page
    assert '<span class="m kl ss l0" data-n="2" title="platform spurious: Busan (category ship)">Busan' in page
    assert '<span class="m kp sx l0" data-n="1" title="person missed: Lee (title Admiral)">Lee' in page
    # the printed differences: the wrong value as one line
    assert "wrong    dates      '3 June 2025' [35:46]: gold 2025-06-03, predicted 2024-06-03" in result.stdout
    assert "2024-06-03" not in result.stdout.replace("predicted 2024-06-03", "")


@pytest.mark.parametrize("bar", ["dates", "places=0.5", "dates=high"])
def test_bad_fail_under_is_a_usage_error(folder, bar):
    result = extract("eval", write_gold(folder, GOOD), "--articles", folder / "articles.jsonl", "--fail-under", bar)
    assert result.returncode == 2 and "bad bar" in result.stderr


def test_kinds_the_gold_does_not_annotate_are_n_a_in_table_json_and_page(folder):
    gold = write_gold(folder, {"article_id": "a1", "published": "2025-06-05", "kinds": ["dates"],
                               "dates": GOOD["dates"]})
    result = extract("eval", gold, "--articles", folder / "articles.jsonl", "--json", folder / "s.json",
                     "--report", folder / "r")
    assert result.returncode == 0, result.stderr
    scores = json.loads((folder / "s.json").read_text())
    assert scores["dates"]["f1"] == 1.0
    for kind in ("people", "platforms", "events"):
        assert scores[kind]["f1"] is None and scores[kind]["annotated"] is False
        assert scores[kind]["note"].startswith("n/a")
        row = [line for line in result.stdout.splitlines() if line.startswith(f"│ {kind} ")][0]
        assert "n/a" in row and "1.000" not in row
    page = (folder / "r" / "report.html").read_text(encoding="utf-8")
    assert page.count("<span class='na'>n/a</span>") == 9  # P, R and F1 of the three kinds
    assert "n/a" in (folder / "r" / "report.md").read_text(encoding="utf-8")
    # a bar on a kind without gold cannot be met
    gated = extract("eval", gold, "--articles", folder / "articles.jsonl", "--fail-under", "people=0.5")
    assert gated.returncode == 1 and "people f1 n/a" in gated.stderr


def test_compare_scores_every_system_and_refuses_a_kind_the_gold_lacks(folder):
    gold = write_gold(folder, {"article_id": "a1", "published": "2025-06-05", "kinds": ["dates"],
                               "dates": GOOD["dates"]})
    result = extract("compare", gold, "--articles", folder / "articles.jsonl", "--kind", "dates", "--json",
                     folder / "c.json")
    assert result.returncode == 0, result.stderr
    scores = json.loads((folder / "c.json").read_text())["dates"]
    assert set(scores) == {"extract", "bare", "search_dates"} and scores["extract"]["f1"] == 1.0
    refused = extract("compare", gold, "--articles", folder / "articles.jsonl", "--kind", "people")
    assert refused.returncode == 2 and "does not annotate people" in refused.stderr
    assert "Traceback" not in refused.stderr
