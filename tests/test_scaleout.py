"""Workers, Dask and long texts give the same records, in input order."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import extract
from conftest import snapshot
from extract import split_text

EXTRACT = str(Path(sys.executable).parent / "extract")
SENTENCES = [
    "Polish K2 tanks arrived in Gdynia on {d} March 2026, Deputy Defence Minister Paweł Zalewski said.",
    "The Japanese destroyer JS Maya will visit Manila from {d} to {e} April.",
    "India test-fired an Agni-V missile off Odisha on {d} January 2026.",
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    for n in range(3):
        lines = [json.dumps({"id": f"f{n}-{i}", "published": "2026-02-15",
                             "text": SENTENCES[(n + i) % 3].format(d=i + 1, e=i + 3)}) for i in range(6)]
        lines.insert(3, '{"id": "broken", ')
        (folder / f"part-{n}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_cli(inputs, out, *options):
    done = subprocess.run([EXTRACT, "run", str(inputs), "--out", str(out), "--no-progress", *options],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # the broken lines fail, everything else is written
    return (out / "records.jsonl").read_text(encoding="utf-8"), (out / "errors.jsonl").read_text(encoding="utf-8")


def test_two_workers_and_dask_write_the_same_records_in_the_same_order(inputs, tmp_path):
    one = run_cli(inputs, tmp_path / "one")
    two = run_cli(inputs, tmp_path / "two", "--workers", "2")
    on_dask = run_cli(inputs, tmp_path / "dask", "--workers", "2", "--dask")  # alone: a LocalCluster
    ids = [json.loads(line)["article_id"] for line in one[0].splitlines()]
    assert ids == [f"f{n}-{i}" for n in range(3) for i in range(6)]
    assert two == one
    assert on_dask == one
    assert len(one[1].splitlines()) == 3
    # and the same rows in each run's database
    one_db, two_db, dask_db = (snapshot(f"sqlite:///{tmp_path / name / 'extract.sqlite'}")
                               for name in ("one", "two", "dask"))
    assert len(one_db["articles"]) == 18 and len(one_db["errors"]) == 3
    assert two_db == one_db and dask_db == one_db


@pytest.mark.parametrize("args, expected", [
    (["run", "in/", "--dask"], ["run", "in/", "--dask", "local"]),
    (["run", "--dask", "--workers", "2", "in/"], ["run", "--dask", "local", "--workers", "2", "in/"]),
    (["run", "--dask", "in/"], ["run", "--dask", "local", "in/"]),
    (["run", "--dask", "tcp://10.0.0.5:8786", "in/"], ["run", "--dask", "tcp://10.0.0.5:8786", "in/"]),
    (["run", "--dask", "scheduler:8786", "in/"], ["run", "--dask", "scheduler:8786", "in/"]),
    (["run", "in/"], ["run", "in/"]),
])
def test_dask_takes_an_address_or_stands_alone(args, expected):
    from extract.cli import _dask_address_optional

    assert _dask_address_optional(args) == expected


def test_split_text_cuts_on_paragraphs_within_the_limit():
    text = "First paragraph here.\n\nSecond one, a little longer.\n\nThird.\n" * 5
    pieces = split_text(text, 60)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 60 for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


def test_a_text_longer_than_the_model_limit_keeps_its_offsets(tmp_path):
    text = "\n\n".join(s.format(d=i + 1, e=i + 3) for i in range(4) for s in SENTENCES)
    whole = extract.load()
    expected = whole.extract(text, published="2026-02-15")
    short = extract.load()
    short.nlp.max_length = 300
    assert len(split_text(text, 300)) > 3
    record = short.extract(text, published="2026-02-15")
    assert [(d.text, d.start, d.value) for d in record.dates] == [(d.text, d.start, d.value) for d in expected.dates]
    assert all(text[m.start:m.end] == m.text for p in record.platforms for m in p.mentions)
    assert {p.name for p in record.platforms} == {p.name for p in expected.platforms}


def test_a_long_article_is_read_in_bounded_pieces_one_at_a_time(monkeypatch):
    """Peak memory follows the longest piece the model reads, not the article: pieces of at most
    PIECE_CHARS, one per nlp.pipe batch, merged back with whole-text offsets."""
    text = "\n\n".join(s.format(d=i + 1, e=i + 3) for i in range(4) for s in SENTENCES)
    extractor = extract.load()
    expected = extractor.extract(text, published="2026-02-15")
    monkeypatch.setattr(extract, "PIECE_CHARS", 300)
    seen: list[tuple[int, int]] = []
    real_pipe = extractor.nlp.pipe

    def spy(docs, **options):
        for item in real_pipe(docs, **options):
            if options.get("as_tuples"):  # the extractor's own calls (components may call pipe too)
                seen.append((len(item[0].text), options.get("batch_size")))
            yield item

    monkeypatch.setattr(extractor.nlp, "pipe", spy)
    record = extractor.extract(text, published="2026-02-15")
    assert len(seen) > 3 and all(length <= 300 and batch == 1 for length, batch in seen)
    assert [(d.text, d.start, d.value) for d in record.dates] == [(d.text, d.start, d.value) for d in expected.dates]
    assert all(text[m.start:m.end] == m.text for p in record.platforms for m in p.mentions)
    seen.clear()
    short = extractor.extract(text[:250], published="2026-02-15")  # a short article: whole, as before
    assert seen == [(250, 32)] and short.article_id


def test_benchmark_writes_its_figures_with_ratios(tmp_path):
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "articles" / "ip-brief-north-korea-test.jsonl"
    done = subprocess.run([EXTRACT, "benchmark", str(corpus), "--words", "2000", "--rounds", "2",
                           "--json", str(tmp_path / "b.json")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "b.json").read_text())
    for key in ("bare_wps_1", "bare_wps_2", "extract_wps_1", "extract_wps_2", "rss_mb_small", "rss_mb_large",
                "dask_wps"):
        assert figures[key] > 0
    assert figures["ratio_vs_bare_1"] == round(figures["extract_wps_1"] / figures["bare_wps_1"], 3)
    assert len(figures["extract_wps_2_rounds"]) == 2  # the N-process figures are the median of the rounds
    assert figures["extract_wps_2"] == sum(figures["extract_wps_2_rounds"]) / 2
    assert figures["scaling"] == round(figures["extract_wps_2"] / figures["extract_wps_1"], 3)
    assert figures["rss_corpus_ratio"] >= 5
    assert "whole extraction" in done.stdout


def test_the_benchmark_corpus_splits_into_chunks_that_keep_every_article_in_order(tmp_path):
    """The one-process figures alternate the two pipelines chunk by chunk: the chunks hold the whole corpus."""
    from extract.benchmark import build_corpus, split_corpus

    corpus = tmp_path / "big.jsonl"
    articles, words = build_corpus([Path(__file__).resolve().parents[1] / "corpus" / "articles"], 12_000, corpus)
    chunks = split_corpus(corpus, 3_000, tmp_path / "chunks")
    assert len(chunks) >= 4
    assert "".join(path.read_text() for path, _ in chunks) == corpus.read_text()
    assert sum(n for _, n in chunks) == words
    assert all(n >= 3_000 for _, n in chunks[:-1])


def test_workers_are_started_fresh_where_another_thread_runs_and_write_the_same_records(inputs, tmp_path):
    """The workers are forked with the pipeline loaded, except where this process runs other threads (a fork
    would copy the locks they hold, not the threads): then they are spawned, each loading the pipeline. Either
    way the records are the same."""
    import threading

    from extract.run import run, worker_start_method

    one = run([inputs], tmp_path / "one")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert worker_start_method() == "spawn"
        two = run([inputs], tmp_path / "two", workers=2)
    finally:
        stop.set()
        other.join()
    assert two.articles == one.articles == 21 and two.failed == one.failed == 3
    assert (tmp_path / "two" / "records.jsonl").read_text() == (tmp_path / "one" / "records.jsonl").read_text()
