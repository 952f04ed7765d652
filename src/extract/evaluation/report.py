"""Scores from matched rows, with pandas: headline P/R/F1 per kind (docs/evaluation.md), secondary figures, per article.

A kind that no gold article annotates (a public benchmark's gold says "kinds": ["dates"]) has no score: its
figures are None ("n/a"), never a vacuous 1.0."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..records import ArticleRecord
from .matching import KINDS, annotated_kinds, match_article, scored_pair

HEADLINE = {"dates": "value", "people": "entity", "platforms": "entity", "events": "event"}
SECONDARY = {"dates": ("span", "strict_span"), "people": ("mention",), "platforms": ("mention",), "events": ()}


COLUMNS = ["article", "kind", "measure", "outcome", "item", "start", "end", "gold_ref", "pred_ref", "field", "gold",
           "pred", "correct", "score"]
INTEGER_COLUMNS = ["start", "end", "gold_ref", "pred_ref"]
NOT_ANNOTATED = "n/a: no gold article annotates this kind"


@dataclass
class Evaluation:
    rows: pd.DataFrame  # one row per scored item (see matching.py)
    scores: dict[str, dict[str, Any]]
    unscored: list[str]  # predicted articles without gold
    # per gold article, in gold order: (gold, prediction) as scored, and the kinds its gold annotates
    records: dict[str, tuple[ArticleRecord, ArticleRecord]] = field(default_factory=dict)
    annotated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_article: dict[str, pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    def article_rows(self, article: str) -> pd.DataFrame:
        """The rows of one article (grouped once: a page of every article stays linear in their number)."""
        if self._by_article is None:
            self._by_article = dict(tuple(self.rows.groupby("article", sort=False)))
        return self._by_article.get(article, self.rows.iloc[0:0])

    def to_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def per_article(self) -> pd.DataFrame:
        """Headline tp/fp/fn and F1 per gold article and kind; F1 is None where that article's gold does not
        annotate the kind (and 1.0 where it does and there is nothing to find)."""
        head = self.rows[self.rows["measure"] == self.rows["kind"].map(HEADLINE)]
        counts = head.groupby(["article", "kind", "outcome"]).size()
        table = []
        for article, kinds in self.annotated.items():
            for kind in KINDS:
                tp, fp, fn = (int(counts.get((article, kind, o), 0)) for o in ("tp", "fp", "fn"))
                f1 = _prf(tp, fp, fn)[2] if kind in kinds else None
                table.append({"article": article, "kind": kind, "tp": tp, "fp": fp, "fn": fn, "f1": f1})
        frame = pd.DataFrame(table, columns=["article", "kind", "tp", "fp", "fn", "f1"])
        frame["f1"] = frame["f1"].astype(object).where(frame["f1"].notna(), None)  # None, not NaN: "n/a"
        return frame

    def differences(self) -> pd.DataFrame:
        """What is wrong, one line each: missed (fn) and spurious (fp) headline items; a date found with a wrong
        value as one "wrong" line (gold against predicted), not a miss and a spurious item; matched items
        whose fields differ, also "wrong"."""
        rows = self.rows
        head = rows[rows["measure"] == rows["kind"].map(HEADLINE)]
        errors = head[head["outcome"].isin(["fn", "fp"])]
        wrong_dates = self._wrong_dates()
        if wrong_dates:
            def is_paired(r: pd.Series) -> bool:
                side, ref = ("gold", r["gold_ref"]) if r["outcome"] == "fn" else ("pred", r["pred_ref"])
                return r["kind"] == "dates" and (r["article"], side, int(ref)) in wrong_dates

            paired = errors.apply(is_paired, axis=1)
            errors = errors[~paired]
        out = errors[["article", "kind", "outcome", "item"]].to_dict("records")
        for (article, side, _), line in wrong_dates.items():
            if side == "gold":
                out.append({"article": article, "kind": "dates", "outcome": "wrong", "item": line})
        fields = rows[(rows["measure"] == "field") & (rows["correct"] == False)]  # noqa: E712
        out += [{"article": r.article, "kind": r.kind, "outcome": "wrong",
                 "item": f"{r.item}: {r.field} gold {_shown(r.gold)}, predicted {_shown(r.pred)}"}
                for r in fields.itertuples()]
        order = {a: i for i, a in enumerate(self.annotated or dict.fromkeys(rows["article"]))}
        frame = pd.DataFrame(out, columns=["article", "kind", "outcome", "item"])
        return frame.sort_values("article", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)

    def _wrong_dates(self) -> dict[tuple[str, str, int], str]:
        """Dates whose span matched but whose value did not: {(article, "gold"|"pred", ref): line}."""
        rows = self.rows[self.rows["kind"] == "dates"]
        span_pairs = rows[(rows["measure"] == "span") & (rows["outcome"] == "tp")]
        value = rows[rows["measure"] == "value"]
        missed = set(zip(value.loc[value["outcome"] == "fn", "article"], value.loc[value["outcome"] == "fn",
                                                                                  "gold_ref"]))
        spurious = set(zip(value.loc[value["outcome"] == "fp", "article"], value.loc[value["outcome"] == "fp",
                                                                                    "pred_ref"]))
        out: dict[tuple[str, str, int], str] = {}
        for r in span_pairs.itertuples():
            if (r.article, r.gold_ref) in missed and (r.article, r.pred_ref) in spurious:
                gold, pred = self.records[r.article]
                line = wrong_date_line(gold.dates[r.gold_ref], pred.dates[r.pred_ref])
                out[(r.article, "gold", r.gold_ref)] = out[(r.article, "pred", r.pred_ref)] = line
        return out


def wrong_date_line(gold: Any, pred: Any) -> str:
    """'3 June' [35:41]: gold 2025-06-03, predicted 2024-06-03 (the predicted text too when it differs)."""
    where = f"{gold.text!r} [{gold.start}:{gold.end}]"
    if (pred.start, pred.end) != (gold.start, gold.end):
        return f"{where}: gold {gold.value}, predicted {pred.value} (as {pred.text!r} [{pred.start}:{pred.end}])"
    return f"{where}: gold {gold.value}, predicted {pred.value}"


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


def below(scores: dict[str, dict[str, Any]], bars: dict[str, float]) -> list[str]:
    """Headline figures under their bars, as 'kind f1 0.812 < 0.9' lines; a bar on a kind the gold does not
    annotate cannot be met and says so."""
    out = []
    for kind, bar in bars.items():
        f1 = scores[kind]["f1"]
        if f1 is None:
            out.append(f"{kind} f1 n/a (the gold does not annotate {kind}) < {bar}")
        elif f1 < bar:
            out.append(f"{kind} f1 {f1:.3f} < {bar}")
    return out


def parse_bars(text: str) -> dict[str, float]:
    """'dates=0.9,people=0.85' -> {'dates': 0.9, 'people': 0.85}; ValueError names what is wrong."""
    bars = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, value = part.partition("=")
        if not sep or kind.strip() not in KINDS:
            raise ValueError(f"bad bar {part!r}: expected KIND=NUMBER with KIND one of {', '.join(KINDS)}")
        try:
            bars[kind.strip()] = float(value)
        except ValueError:
            raise ValueError(f"bad bar {part!r}: {value!r} is not a number") from None
    return bars


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _counts(rows: pd.DataFrame, kind: str, measure: str) -> dict[str, Any]:
    sub = rows[(rows["kind"] == kind) & (rows["measure"] == measure)]
    tp, fp, fn = (int((sub["outcome"] == o).sum()) for o in ("tp", "fp", "fn"))
    p, r, f = _prf(tp, fp, fn)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def evaluate_records(gold: Iterable[ArticleRecord], pred: Iterable[ArticleRecord]) -> Evaluation:
    """Score predictions against gold, micro-averaged over the gold articles (a missing prediction = empty)."""
    predicted = {r.article_id: r for r in pred}
    rows: list[dict[str, Any]] = []
    gold_ids = []
    records: dict[str, tuple[ArticleRecord, ArticleRecord]] = {}
    annotated: dict[str, tuple[str, ...]] = {}
    for record in gold:
        gold_ids.append(record.article_id)
        prediction = predicted.get(record.article_id, ArticleRecord(article_id=record.article_id))
        rows += match_article(record, prediction)
        records[record.article_id] = scored_pair(record, prediction)
        annotated[record.article_id] = annotated_kinds(record)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame[INTEGER_COLUMNS] = frame[INTEGER_COLUMNS].astype("Int64")
    scored_kinds = {k for kinds in annotated.values() for k in kinds}
    scores: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        if kind not in scored_kinds:
            scores[kind] = {"precision": None, "recall": None, "f1": None, "tp": 0, "fp": 0, "fn": 0,
                            "annotated": False, "note": NOT_ANNOTATED}
            continue
        entry = _counts(frame, kind, HEADLINE[kind])
        for measure in SECONDARY[kind]:
            entry[f"{measure}_f1"] = _counts(frame, kind, measure)["f1"]
        fields = frame[(frame["kind"] == kind) & (frame["measure"] == "field")]
        for name, group in fields.groupby("field"):
            if kind == "events" and name in ("locations", "participants", "platforms"):
                entry[f"{name}_f1"] = round(float(group["score"].mean()), 4)
            else:
                entry[f"{name}_accuracy"] = round(float(group["correct"].astype(bool).mean()), 4)
        scores[kind] = entry
    scores["articles"] = {"gold": len(gold_ids), "predicted": len(predicted),
                          "missing_predictions": sorted(set(gold_ids) - set(predicted))}
    return Evaluation(frame, scores, sorted(set(predicted) - set(gold_ids)), records, annotated)
