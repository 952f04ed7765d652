"""docs/records.md, generated from the pydantic models (`extract schema --markdown`), so that the record format
the repository documents is the one the code emits; a test keeps the file equal to this output."""

from __future__ import annotations

from typing import Any

from .records import (DATE_VALUE, EVENT_STATUSES, EVENT_TYPES, PLATFORM_CATEGORIES, article_json_schema,
                      record_json_schema)

INTRO = """# Records

Generated from `src/extract/records.py` by `extract schema --markdown`; do not edit by hand. `extract schema`
prints the same as JSON Schema (2020-12) for a record, `extract schema --input` for an input article.

`extract run` reads articles (one JSON object per line of a `.jsonl` file, or a `.txt` file: id = file name)
and writes one record per article, one JSON object per line of `records.jsonl`, in input order. Offsets count
characters of the article text (Python string indices), end exclusive. Keys a reader does not know are kept
(inputs) or may be ignored (records).
"""

GRAMMAR = """## Date values

A value is one point or an interval `A/B` of two points. A point is `YYYY-MM-DD` (a day), `YYYY-Www` (an ISO
8601 week, Monday to Sunday: "last week" in a story of 2025-12-02 is `2025-W48`), `YYYY-MM` (a month),
`YYYY-SP|SU|FA|WI` (a season), `YYYY-Q1`..`YYYY-Q4` (a quarter), `YYYY-H1|H2` (a half: "the first half of
2026" is `2026-H1`), `YYYY` (a year) or `197X` (a decade). Where the text is finer or vaguer than the grammar,
the value is the nearest coarser point and `mod` says so. A mention read against an earlier one ("the following
month", "a year earlier") names it in `anchor`; the others are read against the publication date. The pattern, as the schema gives it:

```
{pattern}
```
"""


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        return " or ".join(_type(s) for s in spec["anyOf"])
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if isinstance(spec.get("type"), list):
        return " or ".join(spec["type"])
    kind = spec.get("type", "any")
    return f"{kind} ({spec['format']})" if "format" in spec else kind


def _table(title: str, schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    lines = [f"## {title}", "", schema.get("description", ""), "", "| field | type | required | description |",
             "|---|---|---|---|"]
    for name, spec in schema.get("properties", {}).items():
        text = spec.get("description", "").replace("|", "\\|")
        lines.append(f"| `{name}` | {_type(spec)} | {'yes' if name in required else ''} | {text} |")
    return lines + [""]


def records_markdown() -> str:
    record = record_json_schema()
    defs = record.pop("$defs")
    parts = [INTRO]
    parts += _table("ArticleRecord", record)
    for name in ("DateMention", "Person", "Platform", "Mention", "Event", "Span"):
        parts += _table(name, defs[name])
    parts += _table("Article (input)", article_json_schema())
    parts.append(GRAMMAR.format(pattern=DATE_VALUE.pattern))
    parts += ["## Closed sets", "", "- event `type`: " + ", ".join(f"`{t}`" for t in EVENT_TYPES),
              "- event `status`: " + ", ".join(f"`{s}`" for s in EVENT_STATUSES),
              "- platform `category`: " + ", ".join(f"`{c}`" for c in PLATFORM_CATEGORIES), ""]
    return "\n".join(parts)
