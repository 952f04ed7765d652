"""What the review page shows of one article: every scored item with its status and the spans it covers.

An item is one thing a reader checks: a date (its span and value), a person or platform (its mentions), an
event (its evidence, gold beside predicted), or a mention of a matched entity that one side lacks. Its status
is one of STATUSES: matched, missed (in gold only), spurious (predicted only) or wrong (found, but a value or
field differs: one item "gold X, predicted Y", never a miss plus a spurious item).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..records import ArticleRecord, Event
from .report import Evaluation, wrong_date_line

STATUSES = ("matched", "missed", "spurious", "wrong")
EVENT_FIELDS = ("type", "name", "date", "status", "locations", "participants", "platforms")


@dataclass
class Item:
    kind: str
    status: str
    label: str  # one line: what it is, and for a wrong item gold against predicted
    spans: list[tuple[int, int]] = field(default_factory=list)  # where the text shows it
    gold: dict[str, Any] | None = None  # an event's fields, gold and predicted, to show side by side
    pred: dict[str, Any] | None = None
    wrong_fields: tuple[str, ...] = ()


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _event_fields(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def _entity_label(entity: Any, kind: str) -> str:
    extra = [f"{name} {value}" for name in (("title", "country") if kind == "people" else ("category",))
             if (value := getattr(entity, name, None))]
    return entity.name + (f" ({', '.join(extra)})" if extra else "")


def article_items(evaluation: Evaluation, article: str) -> list[Item]:
    """The items of one gold article, in kind order, then by where they first appear in the text."""
    gold, pred = evaluation.records[article]
    rows = evaluation.article_rows(article)
    wrong_fields: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    field_lines: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for r in rows[(rows["measure"] == "field") & (rows["correct"] == False)].itertuples():  # noqa: E712
        key = (r.kind, int(r.gold_ref), int(r.pred_ref))
        wrong_fields[key].append(r.field)
        field_lines[key].append(f"{r.field}: gold {_plain(r.gold)}, predicted {_plain(r.pred)}")
    items: list[Item] = []
    items += _date_items(rows[rows["kind"] == "dates"], gold, pred)
    for kind in ("people", "platforms"):
        items += _entity_items(kind, rows[rows["kind"] == kind], gold, pred, wrong_fields, field_lines)
    items += _event_items(rows[rows["kind"] == "events"], gold, pred, wrong_fields, field_lines)
    order = {"dates": 0, "people": 1, "platforms": 2, "events": 3}
    return sorted(items, key=lambda i: (order[i.kind], min(i.spans)[0] if i.spans else -1))


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    return "none" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _date_items(rows: pd.DataFrame, gold: ArticleRecord, pred: ArticleRecord) -> list[Item]:
    """Dates by their value (the headline measure); a miss and a spurious date whose spans match are one
    wrong item."""
    value, span = rows[rows["measure"] == "value"], rows[rows["measure"] == "span"]
    missed = {int(r) for r in value.loc[value["outcome"] == "fn", "gold_ref"]}
    spurious = {int(r) for r in value.loc[value["outcome"] == "fp", "pred_ref"]}
    items = []
    for r in span[span["outcome"] == "tp"].itertuples():
        gi, pi = int(r.gold_ref), int(r.pred_ref)
        if gi in missed and pi in spurious:
            missed.discard(gi)
            spurious.discard(pi)
            g = gold.dates[gi]
            items.append(Item("dates", "wrong", wrong_date_line(g, pred.dates[pi]), [(g.start, g.end)]))
    for r in value[value["outcome"] == "tp"].itertuples():
        g, p = gold.dates[int(r.gold_ref)], pred.dates[int(r.pred_ref)]
        label = f"{g.text!r} = {g.value}" + (f" (predicted as {p.text!r})" if (g.start, g.end) != (p.start, p.end)
                                             else "")
        items.append(Item("dates", "matched", label, [(g.start, g.end)]))
    for gi in sorted(missed):
        g = gold.dates[gi]
        items.append(Item("dates", "missed", f"{g.text!r} = {g.value}", [(g.start, g.end)]))
    for pi in sorted(spurious):
        p = pred.dates[pi]
        items.append(Item("dates", "spurious", f"{p.text!r} = {p.value}", [(p.start, p.end)]))
    return items


def _entity_items(kind: str, rows: pd.DataFrame, gold: ArticleRecord, pred: ArticleRecord,
                  wrong_fields: dict, field_lines: dict) -> list[Item]:
    g_items, p_items = getattr(gold, kind), getattr(pred, kind)
    mentions = rows[rows["measure"] == "mention"]
    items = []
    for r in rows[rows["measure"] == "entity"].itertuples():
        gi, pi = _int(r.gold_ref), _int(r.pred_ref)
        if r.outcome == "tp":
            g = g_items[gi]
            key = (kind, gi, pi)
            status = "wrong" if key in wrong_fields else "matched"
            label = _entity_label(g, kind) + (f": {'; '.join(field_lines[key])}" if key in field_lines else "")
            items.append(Item(kind, status, label, [(m.start, m.end) for m in g.mentions]))
            # a mention of a matched entity that one side lacks is an item of its own
            for m in mentions[(mentions["outcome"] == "fn") & (mentions["gold_ref"] == gi)].itertuples():
                items.append(Item(kind, "missed", f"mention {m.item} of {g.name}", [(int(m.start), int(m.end))]))
            for m in mentions[(mentions["outcome"] == "fp") & (mentions["pred_ref"] == pi)].itertuples():
                items.append(Item(kind, "spurious", f"mention {m.item} of {g.name}", [(int(m.start), int(m.end))]))
        elif r.outcome == "fn":
            g = g_items[gi]
            items.append(Item(kind, "missed", _entity_label(g, kind), [(m.start, m.end) for m in g.mentions]))
        else:
            p = p_items[pi]
            items.append(Item(kind, "spurious", _entity_label(p, kind), [(m.start, m.end) for m in p.mentions]))
    return items


def _event_items(rows: pd.DataFrame, gold: ArticleRecord, pred: ArticleRecord, wrong_fields: dict,
                 field_lines: dict) -> list[Item]:
    items = []
    for r in rows[rows["measure"] == "event"].itertuples():
        gi, pi = _int(r.gold_ref), _int(r.pred_ref)
        g = gold.events[gi] if gi is not None else None
        p = pred.events[pi] if pi is not None else None
        shown = g or p
        assert shown is not None
        evidence = [(shown.evidence.start, shown.evidence.end)] if shown.evidence else []
        status = {"fn": "missed", "fp": "spurious"}.get(r.outcome, "matched")
        key = ("events", gi, pi)
        if status == "matched" and key in wrong_fields:
            status = "wrong"
        label = r.item + (f": {'; '.join(field_lines[key])}" if key in field_lines else "")
        items.append(Item("events", status, label, evidence, _event_fields(g) if g else None,
                          _event_fields(p) if p else None, tuple(wrong_fields.get(key, ()))))
    return items


def error_counts(items: list[Item]) -> dict[str, int]:
    """Items that are not matched, per kind and in all ("all")."""
    counts = {"all": 0, "dates": 0, "people": 0, "platforms": 0, "events": 0}
    for item in items:
        if item.status != "matched":
            counts[item.kind] += 1
            counts["all"] += 1
    return counts
