"""`extract eval --report DIR`: report.md, items.csv and a self-contained report.html."""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .report import HEADLINE, KINDS, Evaluation
from .review import EVENT_FIELDS, Item, article_items, error_counts

STATUS_FLAGS = {"matched": "", "missed": "\u2717", "spurious": "+", "wrong": "\u2260"}  # ✗ + ≠
KIND_NAMES = {"dates": "date", "people": "person", "platforms": "platform", "events": "event"}
# a drawn span's classes are short (a page holds thousands): kind kd kp kl ke, status sm sx ss sw, lane l0..
KIND_CLASS = {"dates": "kd", "people": "kp", "platforms": "kl", "events": "ke"}
STATUS_CLASS = {"matched": "sm", "missed": "sx", "spurious": "ss", "wrong": "sw"}
LANE_CLASSES = 12  # lanes above these get an inline style


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _lanes(spans: list[tuple[int, int, int, str, str]]) -> list[int]:
    """A lane for every drawn span (start, end, item number, kind, status), so that overlapping spans stack:
    the lowest lane free at its start, events in lanes above every other kind's."""
    lanes = [0] * len(spans)
    for events in (False, True):
        base = 1 + max((lanes[j] for j, s in enumerate(spans) if s[3] != "events"), default=-1) if events else 0
        ends: list[int] = []  # per lane, where its last span ends
        for j in sorted((j for j, s in enumerate(spans) if (s[3] == "events") == events), key=lambda j: spans[j][:2]):
            start, end = spans[j][:2]
            lane = next((i for i, last in enumerate(ends) if last <= start), len(ends))
            if lane == len(ends):
                ends.append(end)
            ends[lane] = end
            lanes[j] = base + lane
    return lanes


def _spans(text: str, items: list[Item]) -> list[tuple[int, int, int, str, str]]:
    """Every span to draw, once: (start, end, item number, kind, status), inside the text."""
    return list(dict.fromkeys((start, end, number, item.kind, item.status) for number, item in enumerate(items)
                              for start, end in item.spans if 0 <= start < end <= len(text)))


def _drawn_spans(text: str, items: list[Item]) -> list[int]:
    """How many spans of each item the text shows."""
    counts = [0] * len(items)
    for _, _, number, _, _ in _spans(text, items):
        counts[number] += 1
    return counts


def marked_text(text: str, items: list[Item]) -> tuple[str, int]:
    """The article text, HTML-escaped, with every span of every item drawn: cut into segments at every span
    edge, each segment wrapped once per span covering it, so that overlapping and nested spans are all drawn.
    Returns the HTML and the number of lanes used."""
    spans = _spans(text, items)
    lanes = _lanes(spans)
    edges = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out = []
    for a, b in zip(edges, edges[1:]):
        piece = html.escape(text[a:b])
        covering = sorted((j for j, s in enumerate(spans) if s[0] <= a and s[1] >= b), key=lambda j: lanes[j])
        for j in covering:
            start, _, n, kind, status = spans[j]
            title = ""  # on a span's first segment only: a long evidence span is cut into many
            if start == a:
                title = ' title="' + html.escape(f"{KIND_NAMES[kind]} {status}: {items[n].label}", quote=True) + '"'
            lane = f'l{lanes[j]}"' if lanes[j] < LANE_CLASSES else f'" style="--lane:{lanes[j]}"'
            piece = (f'<span class="m {KIND_CLASS[kind]} {STATUS_CLASS[status]} {lane} data-n="{n}"{title}>'
                     f'{piece}</span>')
        out.append(piece)
        for s_, e, n, kind, status in spans:
            if e == b and STATUS_FLAGS[status]:
                out.append(f'<sup class="flag {KIND_CLASS[kind]}">{STATUS_FLAGS[status]}</sup>')
    return "".join(out), 1 + max(lanes, default=0)


def _figure(value: Any, digits: int = 3) -> str:
    return "n/a" if value is None or value != value else f"{value:.{digits}f}"


def scores_table(evaluation: Evaluation) -> pd.DataFrame:
    """The headline figures per kind; None where the gold does not annotate the kind ("n/a")."""
    return pd.DataFrame([{"kind": k, "measure": HEADLINE[k], **{m: evaluation.scores[k][m] for m in (
        "precision", "recall", "f1", "tp", "fp", "fn")}} for k in KINDS])


def _summary_html(evaluation: Evaluation) -> str:
    head = ["kind", "measure", "precision", "recall", "F1", "tp", "fp", "fn", "other figures"]
    rows = []
    for kind in KINDS:
        s = evaluation.scores[kind]
        if s["f1"] is None:
            cells = [kind, HEADLINE[kind], *["<span class='na'>n/a</span>"] * 3, "", "", "",
                     "<span class='na'>the gold does not annotate this kind</span>"]
        else:
            also = ", ".join(f"{k} {v:.3f}" for k, v in s.items() if isinstance(v, float) and k not in (
                "precision", "recall", "f1"))
            cells = [kind, HEADLINE[kind], _figure(s["precision"]), _figure(s["recall"]), _figure(s["f1"]),
                     str(s["tp"]), str(s["fp"]), str(s["fn"]), html.escape(also)]
        rows.append("<tr>" + "".join(f"<td class='{'num' if 2 <= i <= 7 else ''}'>{c}</td>"
                                     for i, c in enumerate(cells)) + "</tr>")
    return ("<table id='summary'><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _legend() -> str:
    kinds = "".join(f"<span><i class='swatch {KIND_CLASS[k]}'></i> {k}</span>" for k in KINDS)
    marks = {"matched": "solid", "missed": f"dashed {STATUS_FLAGS['missed']}",
             "spurious": f"dotted {STATUS_FLAGS['spurious']}", "wrong": f"double {STATUS_FLAGS['wrong']}"}
    statuses = "".join(f"<span><i class='swatch {STATUS_CLASS[s]}'></i> {s} ({m})</span>" for s, m in marks.items())
    return f"<p class='legend'>Kinds: {kinds}</p><p class='legend'>Status: {statuses}</p>"


def _controls() -> str:
    options = "".join(f"<option value='{k}'>{k}</option>" for k in ("all", *KINDS))
    return ("<div id='controls'><label><input type='checkbox' id='errors-only'> only articles and items with "
            "errors</label><label>kind <select id='kind'>" + options + "</select></label>"
            "<button type='button' id='open-all'>open all</button> <button type='button' id='close-all'>close "
            "all</button> <span id='shown'></span></div>")


def _data_errors(counts: dict[str, int]) -> str:
    return " ".join(f"data-errors-{k}='{v}'" for k, v in counts.items())


def _contents(entries: list[tuple[str, str, dict[str, Any], dict[str, int]]]) -> str:
    """The table of contents: one row per article, its headline F1 per kind and its error count, sortable."""
    head = "<tr><th>article</th>" + "".join(f"<th class='num'>{k} F1</th>" for k in KINDS) + \
        "<th class='num'>errors</th></tr>"
    body = []
    for anchor, article, f1, counts in entries:
        cells = [f"<td data-v='{html.escape(article, quote=True)}'><a href='#{anchor}'>{html.escape(article)}</a></td>"]
        for kind in KINDS:
            value = f1.get(kind)
            shown = _figure(value, 2)
            css = "num na" if shown == "n/a" else "num bad" if value < 1 else "num"
            cells.append(f"<td class='{css}' data-v='{-1 if shown == 'n/a' else value}'>{shown}</td>")
        cells.append(f"<td class='num' data-v='{counts['all']}'>{counts['all']}</td>")
        body.append(f"<tr {_data_errors(counts)}>" + "".join(cells) + "</tr>")
    return f"<table id='contents'><thead>{head}</thead><tbody>" + "".join(body) + "</tbody></table>"


def _event_card(item: Item, number: int, drawn: int) -> str:
    """An event, gold beside predicted, field by field; the fields that differ marked."""
    rows = []
    for name in EVENT_FIELDS:
        gold = _cell(item.gold, name)
        pred = _cell(item.pred, name)
        differs = " class='differs'" if name in item.wrong_fields else ""
        rows.append(f"<tr><th>{name}</th><td{differs}>{gold}</td><td{differs}>{pred}</td></tr>")
    return (f"<table class='event' data-kind='events' data-status='{item.status}' data-n='{number}' "
            f"data-spans='{drawn}'><caption>"
            f"<span class='st s-{item.status}'>{item.status}</span> {html.escape(item.label)}</caption>"
            "<tr><th></th><th>gold</th><th>predicted</th></tr>" + "".join(rows) + "</table>")


def _cell(fields: dict[str, Any] | None, name: str) -> str:
    if fields is None:
        return "<span class='na'>\u2014</span>"
    value = fields.get(name)
    if isinstance(value, list):
        return html.escape(", ".join(value)) if value else "<span class='na'>none</span>"
    return html.escape(str(value)) if value is not None else "<span class='na'>none</span>"


def _article_html(anchor: str, article: str, text: str | None, items: list[Item], f1: dict[str, Any],
                  counts: dict[str, int]) -> str:
    figures = " \u00b7 ".join(f"{k} {_figure(f1.get(k), 2)}" for k in KINDS)
    parts = [f"<details class='article' id='{anchor}' {_data_errors(counts)}><summary>{html.escape(article)}"
             f"<span class='counts'>{figures} \u00b7 {counts['all']} error(s)</span></summary>"]
    if text is not None:
        marked, lanes = marked_text(text, items)
        parts.append(f"<div class='text' style='--lanes:{lanes}'>{marked}</div>")
    else:
        parts.append("<p class='na'>(article text not given: run eval with --articles to see it marked)</p>")
    drawn = _drawn_spans(text, items) if text is not None else [0] * len(items)
    parts.append("<ul class='items'>" + "".join(
        f"<li data-kind='{i.kind}' data-status='{i.status}' data-n='{n}' data-spans='{drawn[n]}'>"
        f"<span class='tag k-{i.kind}'>{i.kind}</span> <span class='st s-{i.status}'>{i.status}</span> "
        f"{html.escape(i.label)}</li>" for n, i in enumerate(items) if i.kind != "events") + "</ul>")
    events = [(n, i) for n, i in enumerate(items) if i.kind == "events"]
    if events:
        parts.append("<div class='events'>" + "".join(_event_card(i, n, drawn[n]) for n, i in events) + "</div>")
    parts.append("</details>")
    return "".join(parts)


def review_page(evaluation: Evaluation, texts: dict[str, str]) -> str:
    """The review page: one self-contained HTML file (no network), every text and value HTML-escaped.
    Articles stay collapsed until opened, so the page stays light at thousands of articles; the contents
    table links to each, sorts by any column, and the filter hides what has no error."""
    per_article = evaluation.per_article()
    f1s: dict[str, dict[str, Any]] = {}
    for r in per_article.itertuples():
        f1s.setdefault(r.article, {})[r.kind] = r.f1
    entries, sections = [], []
    for number, article in enumerate(evaluation.records):
        anchor = f"article-{number + 1}"
        items = article_items(evaluation, article)
        counts = error_counts(items)
        entries.append((anchor, article, f1s.get(article, {}), counts))
        sections.append(_article_html(anchor, article, texts.get(article), items, f1s.get(article, {}), counts))
    with_errors = sum(1 for *_, counts in entries if counts["all"])
    return "\n".join([
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>extract evaluation</title>",
        f"<style>{_asset('review.css')}</style></head><body data-kind='all'>",
        "<h1>extract evaluation</h1>",
        f"<p class='meta'>{len(entries)} gold articles, {with_errors} with errors.</p>",
        _summary_html(evaluation), _legend(), _controls(),
        "<h2>Articles</h2>", _contents(entries),
        "<div id='articles'>", *sections, "</div>",
        f"<script>{_asset('review.js')}</script></body></html>"])


def write_report(evaluation: Evaluation, out_dir: str | Path, texts: dict[str, str] | None = None) -> list[Path]:
    """Write report.md, items.csv and report.html into out_dir; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts = texts or {}
    diffs = evaluation.differences()

    items_path = out / "items.csv"
    evaluation.rows.drop(columns=["score"]).to_csv(items_path, index=False)

    head = scores_table(evaluation).astype(object).where(lambda t: t.notna(), "n/a")
    md = ["# extract evaluation", "", "```", head.to_string(index=False), "```", "", "## Per article", "",
          "```", evaluation.per_article().astype(object).where(lambda t: t.notna(), "n/a").to_string(index=False),
          "```", ""]
    for article, group in diffs.groupby("article", sort=False):
        md.append(f"### {article}")
        md += [f"- {r.outcome} {r.kind}: {r.item}" for r in group.itertuples()]
        md.append("")
    md_path = out / "report.md"
    md_path.write_text("\n".join(md), encoding="utf-8")

    html_path = out / "report.html"
    html_path.write_text(review_page(evaluation, texts), encoding="utf-8")
    return [md_path, items_path, html_path]
