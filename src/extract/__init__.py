"""extract: structured records (dates, people, platforms, events) from defence and foreign-affairs news.

    import extract
    extractor = extract.load()
    record = extractor.extract(text, published="2025-12-02", id="a1")
    for record in extractor.pipe(articles):   # Article objects or dicts, streamed
        ...
    doc = extractor.doc(text, published="2025-12-02")   # the spaCy Doc: doc.spans["dates"|"people"|...]
    html = extract.render(doc)                          # one displaCy view of every kind
    result = extract.evaluate("gold.jsonl", "records.jsonl")   # scores, and the tables as DataFrames
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .records import Article, ArticleRecord

from .spans import render

__all__ = ["Article", "ArticleRecord", "Extractor", "evaluate", "load", "render"]
__version__ = "0.1.0"


PIECE_CHARS = 100_000  # the longest piece of text the model reads at once


class Extractor:
    """A loaded pipeline. `extract` reads one text; `pipe` streams many through `nlp.pipe`."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    @property
    def model_name(self) -> str:
        return f"{self.nlp.meta.get('lang', 'xx')}_{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    def _make_doc(self, article: Article):
        doc = self.nlp.make_doc(article.text)
        doc._.published = article.published.isoformat() if article.published else None
        doc._.published_estimated = False
        return doc

    def doc(self, text: str, published: str | dt.date | None = None, id: str = "article"):
        """The processed spaCy Doc of one article text, with its span groups (see `extract.spans`)."""
        return self.nlp(self._make_doc(Article(id=id, text=text, published=published)))

    def extract(self, text: str, published: str | dt.date | None = None, id: str = "article") -> ArticleRecord:
        """One article text -> its ArticleRecord. `published` anchors relative dates (estimated when None)."""
        return next(self.pipe([Article(id=id, text=text, published=published)]))

    def pipe(self, articles: Iterable[Article | dict[str, Any]], batch_size: int = 32) -> Iterator[ArticleRecord]:
        """Articles in, records out, in the same order. Articles go through `nlp.pipe` `batch_size` at a time;
        one longer than PIECE_CHARS is cut into pieces of at most that size, run one piece at a time and
        merged back with whole-text offsets, so that peak memory stays bounded whatever the article's length
        (the parser and NER need about 1 GB per 100,000 characters of one batch)."""
        limit = min(self.nlp.max_length, PIECE_CHARS)
        short: list[Article] = []
        for article in articles:
            article = article if isinstance(article, Article) else Article.model_validate(article)
            if len(article.text) <= limit:
                short.append(article)
                if len(short) >= batch_size:
                    yield from self._pipe_whole(short, batch_size)
                    short = []
                continue
            yield from self._pipe_whole(short, batch_size)
            short = []
            yield self._pipe_pieces(article, limit)
        yield from self._pipe_whole(short, batch_size)

    def _pipe_whole(self, articles: list[Article], batch_size: int) -> Iterator[ArticleRecord]:
        from .assemble import doc_to_record

        if not articles:
            return
        docs = ((self._make_doc(article), article) for article in articles)
        for doc, article in self.nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
            yield doc_to_record(doc, article.id)

    def _pipe_pieces(self, article: Article, limit: int) -> ArticleRecord:
        from .assemble import doc_to_record

        pieces = split_text(article.text, limit)
        docs = ((self._make_doc(article.model_copy(update={"text": text})), offset) for offset, text in pieces)
        return merge_parts([(offset, doc_to_record(doc, article.id))
                            for doc, offset in self.nlp.pipe(docs, as_tuples=True, batch_size=1)])


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) of a text longer than the model's max_length, cut on paragraph bounds (else on a line
    or a space) so that no piece exceeds the limit."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut + 1 if cut > 0 else limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def merge_parts(parts: list[tuple[int, ArticleRecord]]) -> ArticleRecord:
    """One record from the records of an article's pieces, offsets moved back into the whole text; people
    and platforms found in several pieces become one entity (by id, else by name)."""
    def shifted(items, offset):
        return [i.model_copy(update={"start": i.start + offset, "end": i.end + offset}) for i in items]

    first = parts[0][1]
    merged = first.model_copy(update={"dates": [], "people": [], "platforms": [], "events": []})
    entities: dict[tuple[str, str], object] = {}
    for offset, record in parts:
        merged.dates += shifted(record.dates, offset)
        for kind in ("people", "platforms"):
            for entity in getattr(record, kind):
                key = (kind, (entity.model_extra or {}).get("id") or entity.name)
                mentions = shifted(entity.mentions, offset)
                if key in entities:
                    entities[key].mentions += mentions
                else:
                    entities[key] = entity.model_copy(update={"mentions": mentions})
                    getattr(merged, kind).append(entities[key])
        for event in record.events:
            update = {"evidence": shifted([event.evidence], offset)[0]} if event.evidence else {}
            merged.events.append(event.model_copy(update=update | {"mentions": shifted(event.mentions, offset)}))
    return merged


def load(model: str | None = None, models_dir: str | Path | None = None,
         overrides: dict[str, dict[str, Any]] | None = None) -> Extractor:
    """Build the pipeline from `models/config.cfg`; `model` replaces its base spaCy pipeline."""
    from .pipeline import build_nlp

    return Extractor(build_nlp(model=model, models_dir=models_dir, overrides=overrides))


def evaluate(gold: Any, predicted: Any):
    """Score predicted records against gold records: each a .jsonl path, a folder of them, or ArticleRecords.
    Returns an `Evaluation`: `.scores` (headline P/R/F1 per kind and secondary figures, None where the gold
    does not annotate a kind), and as pandas DataFrames `.rows` (one row per scored item), `.per_article()`
    (tp/fp/fn and F1 per article and kind) and `.differences()` (what was missed, spurious or wrong)."""
    from .evaluation import evaluate_records
    from .io.readers import read_records

    def records(value: Any) -> list[ArticleRecord]:
        if isinstance(value, (str, Path)):
            return read_records([value])
        return [r if isinstance(r, ArticleRecord) else ArticleRecord.model_validate(r) for r in value]

    return evaluate_records(records(gold), records(predicted))
