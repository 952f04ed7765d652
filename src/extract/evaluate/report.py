"""Scores from matched rows, with pandas: headline P/R/F1 per kind (SPEC §4), secondary figures, per article."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..records import ArticleRecord
from .matching import match_article

KINDS = ("dates", "people", "platforms", "events")
HEADLINE = {"dates": "value", "people": "entity", "platforms": "entity", "events": "event"}
SECONDARY = {"dates": ("span", "strict_span"), "people": ("mention",), "platforms": ("mention",), "events": ()}


COLUMNS = ["article", "kind", "measure", "outcome", "item", "start", "end", "field", "gold", "pred", "correct",
           "score"]


@dataclass
class Evaluation:
    rows: pd.DataFrame  # one row per scored item (see matching.py)
    scores: dict[str, dict[str, Any]]
    unscored: list[str]  # predicted articles without gold

    def to_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def per_article(self) -> pd.DataFrame:
        """Headline tp/fp/fn and F1 per article and kind."""
        head = self.rows[self.rows.apply(lambda r: r["measure"] == HEADLINE.get(r["kind"]), axis=1)]
        table = head.pivot_table(index=["article", "kind"], columns="outcome", values="item", aggfunc="count",
                                 fill_value=0).reindex(columns=["tp", "fp", "fn"], fill_value=0)
        table["f1"] = table.apply(lambda r: _prf(r["tp"], r["fp"], r["fn"])[2], axis=1)
        return table.reset_index()

    def differences(self) -> pd.DataFrame:
        """Missed (fn) and spurious (fp) headline items, and matched items whose fields differ."""
        rows = self.rows
        head = rows[rows.apply(lambda r: r["measure"] == HEADLINE.get(r["kind"]), axis=1)]
        wrong = head[head["outcome"].isin(["fn", "fp"])][["article", "kind", "outcome", "item"]]
        fields = rows[(rows["measure"] == "field") & (rows["correct"] == False)]  # noqa: E712
        if not fields.empty:
            fields = fields.assign(outcome="differs", item=fields.apply(
                lambda r: f"{r['item']}: {r['field']} gold={r['gold']!r} pred={r['pred']!r}", axis=1))
            wrong = pd.concat([wrong, fields[["article", "kind", "outcome", "item"]]])
        return wrong.reset_index(drop=True)


def below(scores: dict[str, dict[str, Any]], bars: dict[str, float]) -> list[str]:
    """Headline figures under their bars, as 'kind f1 0.812 < 0.9' lines."""
    return [f"{kind} f1 {scores[kind]['f1']:.3f} < {bar}" for kind, bar in bars.items() if scores[kind]["f1"] < bar]


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
    for record in gold:
        gold_ids.append(record.article_id)
        rows += match_article(record, predicted.get(record.article_id, ArticleRecord(article_id=record.article_id)))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    scores: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
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
    return Evaluation(frame, scores, sorted(set(predicted) - set(gold_ids)))
