"""Record validation (docs/records.md): good records pass, bad ones fail with messages that say what and where."""

import json

import pytest
from pydantic import ValidationError

from extract.records import Article, ArticleRecord, DateMention, Event, describe_error, is_date_value


@pytest.mark.parametrize("value", ["2025", "2025-12", "2025-12-04", "2023-SU", "2024-Q1", "199X",
                                   "2025-03-28/2025-04-02", "2028/2030", "2024-02-29"])
def test_date_values_in_the_spec_grammar_are_accepted(value):
    assert is_date_value(value)
    assert DateMention(text="x", start=0, end=1, value=value).value == value


@pytest.mark.parametrize("value", ["25", "2025-13", "2025-12-32", "2023-02-29", "2025-Q5", "December 2025",
                                   "2025-12-04/", "2025/2026/2027", "19XX"])
def test_date_values_outside_the_grammar_are_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as raised:
        DateMention(text="x", start=0, end=1, value=value)
    assert "not in the date value grammar" in describe_error(raised.value)


def test_event_type_and_status_come_from_the_closed_sets():
    assert Event(type="exercise", status="planned").type == "exercise"
    with pytest.raises(ValidationError) as raised:
        Event(type="party", status="occurred")
    assert describe_error(raised.value, "a1").startswith("a1: type:")
    with pytest.raises(ValidationError):
        Event(type="visit", status="cancelled")


def test_offsets_must_lie_inside_the_text_and_cover_the_mention():
    text = "Talks were held on 4 May 2024 in Oslo."
    good = {"article_id": "a", "dates": [{"text": "4 May 2024", "start": 19, "end": 29, "value": "2024-05-04"}]}
    assert ArticleRecord.for_text(good, text).dates[0].value == "2024-05-04"
    shifted = {"article_id": "a", "dates": [{"text": "4 May 2024", "start": 18, "end": 28, "value": "2024-05-04"}]}
    with pytest.raises(ValueError, match="differs from the article at 18-28"):
        ArticleRecord.for_text(shifted, text)
    outside = {"article_id": "a", "people": [{"name": "X", "mentions": [{"text": "X", "start": 90, "end": 91}]}]}
    with pytest.raises(ValueError, match="outside the text"):
        ArticleRecord.for_text(outside, text)


def test_span_end_before_start_is_refused():
    with pytest.raises(ValidationError, match="before its start"):
        ArticleRecord.model_validate({"article_id": "a", "dates": [{"text": "x", "start": 5, "end": 2,
                                                                    "value": "2024"}]})


def test_unknown_keys_are_kept_as_metadata():
    article = Article.model_validate({"id": "a", "text": "Hello.", "desk": "asia", "published": "2025-01-02"})
    assert article.model_extra == {"desk": "asia"}
    assert str(article.published) == "2025-01-02"


def test_article_needs_text_and_a_valid_published_date():
    with pytest.raises(ValidationError, match="article text is empty"):
        Article(id="a", text="   ")
    with pytest.raises(ValidationError, match="published"):
        Article.model_validate({"id": "a", "text": "x", "published": "02/12/2025"})


def test_round_trip_through_json_keeps_the_record():
    record = ArticleRecord.model_validate({
        "article_id": "a", "published": "2025-12-02",
        "platforms": [{"name": "Su-30MKI", "aliases": ["Su-30 MKI"], "category": "aircraft", "id": "su-30mki",
                       "mentions": [{"text": "Su-30 MKI", "start": 0, "end": 9}]}],
        "events": [{"type": "exercise", "name": "INDRA 2025", "date": "2025-03-28/2025-04-02",
                    "status": "occurred", "evidence": {"start": 0, "end": 40}}]})
    again = ArticleRecord.model_validate(json.loads(record.model_dump_json()))
    assert again == record
    assert again.platforms[0].model_extra == {"id": "su-30mki"}
    with pytest.raises(ValidationError, match="category"):
        ArticleRecord.model_validate({"article_id": "a", "platforms": [{"name": "X", "category": "boat"}]})
