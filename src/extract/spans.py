"""What the pipeline leaves on a spaCy `Doc`: one span group per kind, with attributes (`span._.NAME`).

| `doc.spans[...]` | label | attributes |
|---|---|---|
| `"dates"` | `DATE` | `date_value` (the value, e.g. `2025-06-03`), `date_mod`, `date_anchor` (the earlier date span it was read against, or None) |
| `"people"` | `PERSON` | `entity_id` (the person's stable id; also `kb_id_`), `title`, `country` |
| `"platforms"` | the category (`ship`, `aircraft`...) | `entity_id` (catalogue id, else ""), `category` |
| `"events"` | the event type (`visit`, `exercise`...) | `event` (the whole event as a dict), `event_date`, `event_status`, `event_name`, `locations`, `participants`, `event_platforms` |

A person's or an event's attributes are read from `doc._.people` / `doc._.events` (the same values the record
holds), so they never go stale; an event span covers its evidence sentence and carries its index as `id_`.
`render(doc)` draws all four in one displaCy span view.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

KINDS = ("dates", "people", "platforms", "events")
VIEW_KEY = "extract"  # the span group render() draws: every kind's spans, labelled "kind: label"


def _person(span: Span) -> dict[str, Any]:
    return next((p for p in span.doc._.people or [] if p["id"] == span.kb_id_), {}) if span.kb_id_ else {}


def _event(span: Span) -> dict[str, Any] | None:
    events = span.doc._.events or []
    return events[int(span.id_)] if span.id_.isdigit() and int(span.id_) < len(events) else None


def _event_field(name: str):
    return lambda span: (_event(span) or {}).get(name)


GETTERS = {
    "entity_id": lambda span: span.kb_id_ or None if span.label_ == "PERSON" else span.kb_id_,
    "title": lambda span: _person(span).get("title"),
    "country": lambda span: _person(span).get("country"),
    "category": lambda span: span.label_ if span.label_ not in ("PERSON", "DATE") else None,
    "event": _event,
    "event_date": _event_field("date"),
    "event_status": _event_field("status"),
    "event_name": _event_field("name"),
    "locations": _event_field("locations"),
    "participants": _event_field("participants"),
    "event_platforms": _event_field("platforms"),
}

for _name, _getter in GETTERS.items():
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter)


def event_spans(doc: Doc) -> list[Span]:
    """A span per event of `doc._.events`: its evidence, labelled with its type, its index as `id_`."""
    spans = []
    for number, event in enumerate(doc._.events or []):
        evidence = event.get("evidence") or {}
        span = doc.char_span(evidence.get("start", 0), evidence.get("end", 0), alignment_mode="expand")
        if span is not None and len(span):
            spans.append(Span(doc, span.start, span.end, label=event["type"], span_id=str(number)))
    return spans


def render(doc: Doc, page: bool = True) -> str:
    """One displaCy span view of every kind (`spacy.displacy`, style "span"), as HTML."""
    from spacy import displacy

    doc.spans[VIEW_KEY] = [Span(doc, s.start, s.end, label=f"{kind}: {s.label_}")
                           for kind in KINDS if kind in doc.spans for s in doc.spans[kind]]
    try:
        return displacy.render(doc, style="span", page=page, options={"spans_key": VIEW_KEY})
    finally:
        del doc.spans[VIEW_KEY]
