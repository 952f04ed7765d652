"""Matching and scoring (docs/evaluation.md) on small hand-made records (no pipeline involved)."""

import pytest

from extract.evaluation import evaluate_records
from extract.evaluation.matching import date_interval, dates_overlap
from extract.records import ArticleRecord


def record(**kinds):
    return ArticleRecord.model_validate({"article_id": "a", **kinds})


def date(text, start, value, **extra):
    return {"text": text, "start": start, "end": start + len(text), "value": value, **extra}


def test_date_value_needs_overlap_and_equal_value_while_span_needs_overlap_only():
    gold = record(dates=[date("4 May 2024", 10, "2024-05-04"), date("2023", 40, "2023")])
    pred = record(dates=[date("on 4 May 2024", 7, "2024-05-04"), date("2023", 40, "2022")])
    scores = evaluate_records([gold], [pred]).scores["dates"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)
    assert scores["f1"] == 0.5
    assert scores["span_f1"] == 1.0
    assert scores["strict_span_f1"] == 0.5


def test_optional_gold_is_neither_credited_nor_penalised():
    gold = record(dates=[date("2025", 0, "2025", optional=True), date("March 2024", 20, "2024-03")])
    found = evaluate_records([gold], [record(dates=[date("2025", 0, "2025"), date("March 2024", 20, "2024-03")])])
    missed = evaluate_records([gold], [record(dates=[date("March 2024", 20, "2024-03")])])
    assert found.scores["dates"]["f1"] == missed.scores["dates"]["f1"] == 1.0
    assert found.scores["dates"]["tp"] == 1


def test_entities_match_by_name_key_of_name_or_alias_and_fields_are_compared():
    gold = record(platforms=[{"name": "Su-30MKI", "category": "aircraft"},
                             {"name": "INS Rana", "aliases": ["Rana"], "category": "ship"}],
                  people=[{"name": "Andrey Belousov", "title": "Defence Minister", "country": "Russia"}])
    pred = record(platforms=[{"name": "Su-30 MKI", "category": "aircraft"}, {"name": "Rana", "category": "tank"},
                             {"name": "MiG-29", "category": "aircraft"}],
                  people=[{"name": "ANDREY BELOUSOV", "title": "defence minister", "country": "India"}])
    result = evaluate_records([gold], [pred])
    assert result.scores["platforms"]["tp"] == 2 and result.scores["platforms"]["fp"] == 1
    assert result.scores["platforms"]["category_accuracy"] == 0.5
    assert result.scores["people"]["f1"] == 1.0
    assert result.scores["people"]["title_accuracy"] == 1.0
    assert result.scores["people"]["country_accuracy"] == 0.0
    diffs = result.differences()
    assert set(diffs["outcome"]) == {"fp", "wrong"}
    assert any("MiG-29" in item for item in diffs["item"])


def test_events_match_one_to_one_by_type_and_date_evidence_or_name():
    gold = record(events=[
        {"type": "visit", "date": "2025-12-04/2025-12-05", "status": "planned", "participants": ["India", "Russia"]},
        {"type": "exercise", "name": "INDRA 2025", "status": "occurred", "evidence": {"start": 100, "end": 200}},
        {"type": "meeting", "date": "2024-12", "status": "occurred"},
    ])
    pred = record(events=[
        {"type": "visit", "date": "2025-12-04", "status": "occurred", "participants": ["India"]},
        {"type": "visit", "date": "2025-12", "status": "planned"},  # a second visit: only one can match
        {"type": "exercise", "name": "Indra-2025", "status": "occurred"},
        {"type": "visit", "date": "2024-12", "status": "occurred"},  # wrong type for the meeting
    ])
    scores = evaluate_records([gold], [pred]).scores["events"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 2, 1)
    assert 0 < scores["participants_f1"] < 1


def test_missing_prediction_counts_every_gold_item_as_missed():
    gold = record(people=[{"name": "Li Shangfu"}])
    result = evaluate_records([gold], [])
    assert result.scores["people"]["recall"] == 0.0
    assert result.scores["articles"]["missing_predictions"] == ["a"]


@pytest.mark.parametrize("a, b, overlap", [("2025", "2025-12-04", True), ("2025-Q1", "2025-04", False),
                                           ("199X", "1994-SU", True), ("2024-WI", "2025-02", True),
                                           ("2025-03-28/2025-04-02", "2025-04", True)])
def test_date_values_overlap_as_intervals(a, b, overlap):
    assert dates_overlap(a, b) is overlap
    assert date_interval(a)[0] <= date_interval(a)[1]


def test_events_match_by_evidence_overlap_alone():
    gold = record(events=[{"type": "launch", "status": "occurred", "evidence": {"start": 10, "end": 60}}])
    overlapping = record(events=[{"type": "launch", "date": "2020", "evidence": {"start": 50, "end": 90}}])
    apart = record(events=[{"type": "launch", "evidence": {"start": 60, "end": 90}}])
    assert evaluate_records([gold], [overlapping]).scores["events"]["tp"] == 1
    assert evaluate_records([gold], [apart]).scores["events"]["tp"] == 0


def test_scores_are_micro_averaged_over_articles():
    def rec(article_id, names):
        return ArticleRecord.model_validate({"article_id": article_id, "people": [{"name": n} for n in names]})

    gold = [rec("a", ["Ann Lee", "Bo Kim"]), rec("b", ["Cy Park", "Di Wu", "Ed Ho", "Fa Li"])]
    pred = [rec("a", ["Ann Lee", "Zed Roe"]), rec("b", ["Cy Park", "Di Wu", "Ed Ho", "Fa Li"])]
    result = evaluate_records(gold, pred)
    people = result.scores["people"]
    # pooled: tp 5, fp 1, fn 1 -> P = R = 5/6; a macro average of the two articles would give 0.75
    assert (people["tp"], people["fp"], people["fn"]) == (5, 1, 1)
    assert people["f1"] == round(5 / 6, 4)
    per_article = result.per_article().set_index(["article", "kind"])
    assert per_article.loc[("a", "people"), "f1"] == 0.5
    assert per_article.loc[("b", "people"), "f1"] == 1.0


def test_benchmark_gold_scores_only_the_kinds_it_annotates():
    gold = ArticleRecord.model_validate({"article_id": "a", "kinds": ["dates"],
                                         "dates": [{"text": "1998", "start": 0, "end": 4, "value": "1998"}]})
    pred = record(dates=[date("1998", 0, "1998")], people=[{"name": "Someone Else"}])
    scores = evaluate_records([gold], [pred]).scores
    assert scores["dates"]["f1"] == 1.0
    assert scores["people"]["fp"] == 0


def test_event_arguments_naming_one_entity_agree_through_the_records_aliases():
    event = {"type": "delivery", "date": "2025-03", "participants": ["Poland"]}
    gold = record(platforms=[{"name": "K2", "aliases": ["K2 Black Panther"], "category": "tank"},
                             {"name": "K9", "category": "artillery"}],
                  events=[event | {"platforms": ["K2", "K9"]}])
    same = record(platforms=[{"name": "K2 Black Panther", "aliases": ["K2"], "category": "tank"}],
                  events=[event | {"platforms": ["K2 Black Panther"]}])
    assert evaluate_records([gold], [same]).scores["events"]["platforms_f1"] == pytest.approx(2 / 3, abs=1e-3)
    # when neither record has an entity that joins the two names, a name is only its own key
    plain = record(platforms=[{"name": "K2", "category": "tank"}], events=[event | {"platforms": ["K2"]}])
    unjoined = record(events=[event | {"platforms": ["K2 Black Panther"]}])
    assert evaluate_records([plain], [unjoined]).scores["events"]["platforms_f1"] == 0.0
    # two names of one entity in a prediction count once
    twice = record(platforms=[{"name": "K2 Black Panther", "aliases": ["K2"], "category": "tank"}],
                   events=[event | {"platforms": ["K2", "K2 Black Panther", "K9"]}])
    assert evaluate_records([gold], [twice]).scores["events"]["platforms_f1"] == 1.0


def test_a_kind_no_gold_annotates_has_no_score_and_per_article_figures_say_so():
    dates_only = record(dates=[date("2025", 0, "2025")], kinds=["dates"])
    full = ArticleRecord.model_validate({"article_id": "b", "dates": [date("2025", 0, "2025")]})
    pred = [record(dates=[date("2025", 0, "2025")], people=[{"name": "Ann Lee"}]),
            ArticleRecord.model_validate({"article_id": "b", "dates": [date("2025", 0, "2025")]})]
    only = evaluate_records([dates_only], pred[:1])
    assert only.scores["people"]["f1"] is None and only.scores["people"]["annotated"] is False
    assert only.scores["dates"]["f1"] == 1.0 and only.scores["people"]["fp"] == 0  # Ann Lee is not scored
    mixed = evaluate_records([dates_only, full], pred)
    assert mixed.scores["people"]["f1"] == 1.0  # article b annotates people: nothing there, nothing predicted
    f1 = {(r.article, r.kind): r.f1 for r in mixed.per_article().itertuples()}
    assert f1[("a", "people")] is None and f1[("b", "people")] == 1.0 and f1[("a", "dates")] == 1.0
