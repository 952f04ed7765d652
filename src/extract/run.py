"""The main job: articles in, `records.jsonl` and `errors.jsonl` out, one bad article never stopping a batch."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from . import Extractor
from .io.readers import ReadError, read_articles
from .io.writers import JsonlWriter
from .records import Article, ArticleRecord


@dataclass
class Summary:
    articles: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def extract_safely(extractor: Extractor, items: Iterable[Article | ReadError],
                   batch_size: int = 32) -> Iterator[tuple[Article | ReadError, ArticleRecord | None, str | None]]:
    """(item, record, None) per good article, (item, None, reason) per failure, in input order.

    Batches go through `nlp.pipe`; a batch that raises is redone article by article so that only the article
    at fault fails.
    """
    items = iter(items)
    while batch := list(islice(items, batch_size)):
        articles = [item for item in batch if isinstance(item, Article)]
        try:
            records = dict(zip(map(id, articles), extractor.pipe(articles, batch_size=batch_size)))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError):
            records = {}
            for article in articles:
                try:
                    records[id(article)] = next(extractor.pipe([article]))
                except (ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError) as error:
                    records[id(article)] = f"extraction failed: {type(error).__name__}: {error}"
        for item in batch:
            if isinstance(item, ReadError):
                yield item, None, item.reason
            elif isinstance(result := records[id(item)], str):
                yield item, None, result
            else:
                yield item, result, None


def run(extractor: Extractor, inputs: list[str | Path], out_dir: str | Path, batch_size: int = 32,
        on_article: Callable[[int, int], None] | None = None) -> Summary:
    """Extract every article of `inputs` into `out_dir`; `on_article(done, words)` reports progress."""
    summary = Summary()
    started = time.perf_counter()
    with JsonlWriter(out_dir) as writer:
        for item, record, reason in extract_safely(extractor, read_articles(inputs), batch_size):
            summary.articles += 1
            words = len(item.text.split()) if isinstance(item, Article) else 0
            summary.words += words
            if record is not None:
                writer.write_record(record)
            else:
                if isinstance(item, ReadError):
                    error = item.as_dict()
                else:
                    source, line = item._origin or (None, None)
                    error = {"id": item.id, "source": source, "line": line, "reason": reason}
                summary.failed += 1
                summary.errors.append(error)
                writer.write_error(error)
            if on_article:
                on_article(summary.articles, words)
    summary.seconds = time.perf_counter() - started
    return summary
