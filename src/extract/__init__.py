"""extract: structured records (dates, people, platforms, events) from defence and foreign-affairs news.

    import extract
    extractor = extract.load()
    record = extractor.extract(text, published="2025-12-02", id="a1")
    for record in extractor.pipe(articles):   # Article objects or dicts, streamed
        ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .records import Article, ArticleRecord

__all__ = ["Article", "ArticleRecord", "Extractor", "load"]
__version__ = "0.1.0"


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

    def extract(self, text: str, published: str | dt.date | None = None, id: str = "article") -> ArticleRecord:
        """One article text -> its ArticleRecord. `published` anchors relative dates (estimated when None)."""
        return next(self.pipe([Article(id=id, text=text, published=published)]))

    def pipe(self, articles: Iterable[Article | dict[str, Any]], batch_size: int = 32) -> Iterator[ArticleRecord]:
        """Articles in, records out, in the same order; a generator over a generator (nlp.pipe inside)."""
        from .assemble import doc_to_record

        def docs():
            for article in articles:
                article = article if isinstance(article, Article) else Article.model_validate(article)
                yield self._make_doc(article), article

        for doc, article in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
            yield doc_to_record(doc, article.id)


def load(model: str | None = None, models_dir: str | Path | None = None,
         overrides: dict[str, dict[str, Any]] | None = None) -> Extractor:
    """Build the pipeline from `models/pipeline.cfg`; `model` replaces its base spaCy pipeline."""
    from .pipeline import build_nlp

    return Extractor(build_nlp(model=model, models_dir=models_dir, overrides=overrides))
