"""Gold files: checks against their articles, and drafts pre-filled by the pipeline for a person to correct."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from .io.readers import ReadError, expand_inputs, read_articles
from .names import name_key
from .records import ArticleRecord, describe_error

UNREVIEWED = "unreviewed"


def check_gold(gold_paths: Iterable[str | Path], article_paths: Iterable[str | Path]) -> list[str]:
    """Every problem of the gold records against their articles, one line each (empty when all is well).

    Checks: each line is a valid record (date value grammar (docs/records.md), closed sets); no draft mark; its article exists; every
    span lies inside the text and `text[start:end]` equals the mention; no two dates overlap; no entity twice;
    event platforms and people participants name entities of the record.
    """
    texts: dict[str, str] = {}
    problems: list[str] = []
    for item in read_articles(article_paths):
        if isinstance(item, ReadError):
            problems.append(f"{item.source}:{item.line or 1}: article unreadable: {item.reason}")
        else:
            texts[item.id] = item.text
    seen: set[str] = set()
    for path in expand_inputs(gold_paths):
        if path.suffix.lower() != ".jsonl":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = ArticleRecord.model_validate_json(line)
            except ValidationError as error:
                problems.append(describe_error(error, where))
                continue
            problems += [f"{where}: {p}" for p in record_problems(record, texts.get(record.article_id))]
            if record.article_id in seen:
                problems.append(f"{where}: article {record.article_id!r} has a second gold record")
            seen.add(record.article_id)
    return problems


def record_problems(record: ArticleRecord, text: str | None) -> list[str]:
    """Problems of one gold record against its article text (None: the article is missing)."""
    problems = []
    if (record.model_extra or {}).get(UNREVIEWED):
        problems.append(f"{record.article_id}: draft not reviewed: remove \"{UNREVIEWED}\" once corrected")
    if text is None:
        return problems + [f"{record.article_id}: no article with this id among the articles given"]
    problems += [f"{record.article_id}: {p}" for p in record.check_offsets(text)]
    dates = sorted(record.dates, key=lambda d: d.start)
    for a, b in zip(dates, dates[1:]):
        if b.start < a.end:
            problems.append(f"{record.article_id}: dates {a.text!r} [{a.start}:{a.end}] and {b.text!r} "
                            f"[{b.start}:{b.end}] overlap")
    known: dict[str, dict[str, str]] = {}
    for kind in ("people", "platforms"):
        keys: dict[str, str] = {}
        for entity in getattr(record, kind):
            for key in {name_key(n) for n in [entity.name, *entity.aliases]}:
                if key in keys and keys[key] != entity.name:
                    problems.append(f"{record.article_id}: {kind} {keys[key]!r} and {entity.name!r} share the "
                                    f"name key {key!r}: one entity twice?")
                keys[key] = entity.name
        known[kind] = keys
    person_mentions = {name_key(m.text) for p in record.people for m in p.mentions}
    for i, event in enumerate(record.events):
        for platform in event.platforms:
            if name_key(platform) not in known["platforms"]:
                problems.append(f"{record.article_id}: events[{i}] names platform {platform!r}, "
                                "which is not a platform of the record")
        for participant in event.participants:
            key = name_key(participant)
            if key in person_mentions and key not in known["people"]:
                problems.append(f"{record.article_id}: events[{i}] names person {participant!r} by a mention; "
                                "use the person's canonical name")
    return problems


def draft_gold(extractor, article_paths: Iterable[str | Path], out: str | Path) -> tuple[int, list[ReadError]]:
    """Write pipeline records marked unreviewed, for a person to correct. Returns (drafts, unreadable)."""
    articles, errors = [], []
    for item in read_articles(article_paths):
        (errors if isinstance(item, ReadError) else articles).append(item)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for record in extractor.pipe(articles):
            data = record.model_dump(mode="json", exclude_defaults=True)
            for event in data.get("events", []):
                event.pop("mentions", None)
            handle.write(json.dumps({UNREVIEWED: True, **data}, ensure_ascii=False) + "\n")
            count += 1
    return count, errors
