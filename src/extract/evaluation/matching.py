"""Matching of one article's predicted record against its gold record (docs/evaluation.md).

`match_article` returns rows, one per scored item: {"article", "kind", "measure", "outcome": tp|fp|fn,
"item": a short description, "gold_ref"/"pred_ref": the item's index in the gold/predicted record's list of
that kind (for a mention, its entity's index)}, plus "field" rows for attributes of matched pairs
({"measure": "field", "field": ..., "correct": bool, "gold": ..., "pred": ...}, with both refs).
Matching is one-to-one and greedy by agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ..datevalue import bounds
from ..names import name_key
from ..records import ArticleRecord, Event

Row = dict[str, Any]


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a date value covers, first and last: '2025' -> (2025-01-01, 2025-12-31), '2025-W48' ->
    (2025-11-24, 2025-11-30)."""
    return bounds(value)


def dates_overlap(a: str | None, b: str | None) -> bool:
    ia, ib = date_interval(a), date_interval(b)
    return bool(ia and ib and ia[0] <= ib[1] and ib[0] <= ia[1])


def _keys(entity: Any) -> set[str]:
    return {k for k in (name_key(n) for n in [entity.name, *entity.aliases]) if k}


def greedy_match(gold: Sequence[Any], pred: Sequence[Any],
                 score: Callable[[Any, Any], float | None]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) by descending score; None means the two cannot match."""
    scored = [(s, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
              if (s := score(g, p)) is not None]
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def _outcomes(article: str, kind: str, measure: str, gold: Sequence[Any], pred: Sequence[Any],
              pairs: list[tuple[int, int]], describe: Callable[[Any], str],
              span: Callable[[Any], tuple[int, int] | None] = lambda item: None,
              ref: Callable[[int, Any], int] = lambda index, item: index) -> list[Row]:
    """tp/fp/fn rows; a prediction matched to an optional gold item is not scored, nor is a missed one."""
    rows = []
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    for gi, pi in pairs:
        if not getattr(gold[gi], "optional", False):
            rows.append(_row(article, kind, measure, "tp", describe(gold[gi]), span(gold[gi]),
                             ref(gi, gold[gi]), ref(pi, pred[pi])))
    for gi, g in enumerate(gold):
        if gi not in matched_g and not getattr(g, "optional", False):
            rows.append(_row(article, kind, measure, "fn", describe(g), span(g), gold_ref=ref(gi, g)))
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            rows.append(_row(article, kind, measure, "fp", describe(p), span(p), pred_ref=ref(pi, p)))
    return rows


def _row(article: str, kind: str, measure: str, outcome: str, item: str, span: tuple[int, int] | None = None,
         gold_ref: int | None = None, pred_ref: int | None = None) -> Row:
    row = {"article": article, "kind": kind, "measure": measure, "outcome": outcome, "item": item,
           "gold_ref": gold_ref, "pred_ref": pred_ref}
    if span is not None:
        row["start"], row["end"] = span
    return row


def _field(article: str, kind: str, name: str, field: str, gold: Any, pred: Any, correct: bool,
           refs: tuple[int, int]) -> Row:
    return {"article": article, "kind": kind, "measure": "field", "field": field, "item": name,
            "gold": gold, "pred": pred, "correct": correct, "gold_ref": refs[0], "pred_ref": refs[1]}


def _same_text(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _set_f1(gold: list[frozenset[str]], pred: list[frozenset[str]]) -> float:
    """F1 of two sets of argument items, each given by its name keys; items match one-to-one on a shared key."""
    if not gold and not pred:
        return 1.0
    tp = len(greedy_match(gold, pred, lambda g, p: 1.0 if g & p else None))
    return 2 * tp / (len(gold) + len(pred))


def argument_keys(record: ArticleRecord, names: list[str], resolve: bool = True) -> list[frozenset[str]]:
    """The name keys of an event's participants or platforms: an argument that names a person or platform of
    the same record carries that entity's aliases too (docs/evaluation.md matches entities by any name or alias), so
    "K2" and "K2 Black Panther" agree when the record says they are one platform. Duplicates count once."""
    entities = [_keys(e) for e in [*record.people, *record.platforms]] if resolve else []
    out: list[frozenset[str]] = []
    for name in names:
        key = name_key(name)
        keys = frozenset({key}.union(*[e for e in entities if key in e]))
        if keys not in out:
            out.append(keys)
    return out


class _EntityMention:
    """A mention with its entity's optional flag, so mentions of optional entities are not scored."""

    def __init__(self, mention: Any, entity: Any, index: int) -> None:
        self.m, self.optional, self.entity = mention, entity.optional, index


KINDS = ("dates", "people", "platforms", "events")


def annotated_kinds(gold: ArticleRecord) -> tuple[str, ...]:
    """The kinds a gold record annotates: all four, unless it names some ("kinds": [...], public benchmarks)."""
    named = (gold.model_extra or {}).get("kinds")
    return tuple(k for k in KINDS if k in named) if named else KINDS


def scored_pair(gold: ArticleRecord, pred: ArticleRecord) -> tuple[ArticleRecord, ArticleRecord]:
    """Gold and prediction with the kinds the gold does not annotate emptied on both sides: only what the gold
    annotates is scored or shown."""
    kinds = annotated_kinds(gold)
    if kinds == KINDS:
        return gold, pred
    off = {k: [] for k in KINDS if k not in kinds}
    return gold.model_copy(update=off), pred.model_copy(update=off)


def match_article(gold: ArticleRecord, pred: ArticleRecord) -> list[Row]:
    """Every scored row of one article (see module doc)."""
    a = gold.article_id
    rows: list[Row] = []
    gold, pred = scored_pair(gold, pred)

    # dates: value F1 (overlap + equal value), span F1 (overlap), strict span F1 (same offsets)
    def date_desc(d):
        return f"{d.text!r} [{d.start}:{d.end}] = {d.value}"

    for measure, score in (
        ("value", lambda g, p: 1.0 if _overlap(g.start, g.end, p.start, p.end) and g.value == p.value else None),
        ("span", lambda g, p: (min(g.end, p.end) - max(g.start, p.start)) if _overlap(g.start, g.end, p.start,
                                                                                      p.end) else None),
        ("strict_span", lambda g, p: 1.0 if (g.start, g.end) == (p.start, p.end) else None),
    ):
        pairs = greedy_match(gold.dates, pred.dates, score)
        rows += _outcomes(a, "dates", measure, gold.dates, pred.dates, pairs, date_desc, lambda d: (d.start, d.end))

    # people and platforms: entity F1 by name key, mention F1 by overlap, attributes of matched entities
    for kind, fields in (("people", ("title", "country")), ("platforms", ("category",))):
        g_items, p_items = getattr(gold, kind), getattr(pred, kind)
        pairs = greedy_match(g_items, p_items, lambda g, p: 1.0 if _keys(g) & _keys(p) else None)
        rows += _outcomes(a, kind, "entity", g_items, p_items, pairs, lambda e: e.name)
        for gi, pi in pairs:
            for field in fields:
                g_val, p_val = getattr(g_items[gi], field), getattr(p_items[pi], field)
                if g_val is not None and not g_items[gi].optional:
                    rows.append(_field(a, kind, g_items[gi].name, field, g_val, p_val, _same_text(g_val, p_val),
                                       (gi, pi)))
        gm = [_EntityMention(m, e, i) for i, e in enumerate(g_items) for m in e.mentions]
        pm = [_EntityMention(m, e, i) for i, e in enumerate(p_items) for m in e.mentions]
        pairs = greedy_match(gm, pm, lambda g, p: 1.0 if _overlap(g.m.start, g.m.end, p.m.start, p.m.end) else None)
        rows += _outcomes(a, kind, "mention", gm, pm, pairs, lambda x: f"{x.m.text!r} [{x.m.start}:{x.m.end}]",
                          lambda x: (x.m.start, x.m.end), lambda index, x: x.entity)

    # events: same type and (dates overlap, or evidence overlaps, or name keys equal)
    def event_score(g: Event, p: Event) -> float | None:
        if g.type != p.type:
            return None
        by_name = bool(g.name and p.name and name_key(g.name) == name_key(p.name))
        by_date = dates_overlap(g.date, p.date)
        by_evidence = bool(g.evidence and p.evidence and _overlap(g.evidence.start, g.evidence.end,
                                                                  p.evidence.start, p.evidence.end))
        if not (by_name or by_date or by_evidence):
            return None
        return 2.0 * by_name + 2.0 * (g.date == p.date and g.date is not None) + by_date + by_evidence

    def event_desc(e: Event) -> str:
        return f"{e.type} {e.name or ''} {e.date or ''} ({e.status})".replace("  ", " ")

    pairs = greedy_match(gold.events, pred.events, event_score)
    rows += _outcomes(a, "events", "event", gold.events, pred.events, pairs, event_desc,
                      lambda e: (e.evidence.start, e.evidence.end) if e.evidence else None)
    for gi, pi in pairs:
        g, p = gold.events[gi], pred.events[pi]
        if g.optional:
            continue
        name = event_desc(g)
        rows.append(_field(a, "events", name, "date", g.date, p.date, g.date == p.date, (gi, pi)))
        rows.append(_field(a, "events", name, "status", g.status, p.status, g.status == p.status, (gi, pi)))
        for field in ("locations", "participants", "platforms"):
            resolve = field != "locations"  # places are as written, not entities
            f1 = _set_f1(argument_keys(gold, getattr(g, field), resolve),
                         argument_keys(pred, getattr(p, field), resolve))
            rows.append(_field(a, "events", name, field, getattr(g, field), getattr(p, field), f1 == 1.0,
                               (gi, pi)) | {"score": f1})
    return rows
