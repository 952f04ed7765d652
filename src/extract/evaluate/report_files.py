"""`extract eval --report DIR`: report.md, items.csv and a self-contained report.html."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .report import HEADLINE, KINDS, Evaluation

CSS = """
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fafafa}
mark{padding:0 .1em;border-radius:.2em}
.matched{background:#c8f0c8}.missed{background:#ffd0d0;text-decoration:underline wavy #c00}
.spurious{background:#ffe9a8}.wrong{background:#d8c8ff}
.legend mark{margin-right:1em}
"""
CLASSES = {"tp": "matched", "fn": "missed", "fp": "spurious", "wrong": "wrong"}


def _highlights(rows: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, title) for date and mention rows of one article; wrong value beats missed."""
    spans = rows[rows["measure"].isin(["value", "mention"]) & rows["start"].notna()]
    by_span: dict[tuple[int, int], tuple[str, str]] = {}
    span_ok = {(int(r.start), int(r.end)) for r in rows[(rows["measure"] == "span") & (rows["outcome"] == "tp")
                                                         & rows["start"].notna()].itertuples()}
    for r in spans.itertuples():
        key = (int(r.start), int(r.end))
        css = CLASSES[r.outcome]
        if r.kind == "dates" and r.outcome in ("fn", "fp") and key in span_ok:
            css = "wrong"
        if key not in by_span or css in ("wrong", "missed"):
            by_span[key] = (css, f"{r.kind} {r.outcome}: {r.item}")
    return sorted((s, e, css, title) for (s, e), (css, title) in by_span.items())


def _marked_text(text: str, highlights: list[tuple[int, int, str, str]]) -> str:
    """The article text, HTML-escaped, with non-overlapping highlights (the earlier span wins)."""
    out, at = [], 0
    for start, end, css, title in highlights:
        if start < at or end > len(text):
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<mark class="{css}" title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}</mark>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def scores_table(evaluation: Evaluation) -> pd.DataFrame:
    return pd.DataFrame([{"kind": k, "measure": HEADLINE[k], **{m: evaluation.scores[k][m] for m in (
        "precision", "recall", "f1", "tp", "fp", "fn")}} for k in KINDS])


def write_report(evaluation: Evaluation, out_dir: str | Path, texts: dict[str, str] | None = None) -> list[Path]:
    """Write report.md, items.csv and report.html into out_dir; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts = texts or {}
    rows, diffs = evaluation.rows, evaluation.differences()
    head = scores_table(evaluation)

    items = rows.drop(columns=["score"])
    items_path = out / "items.csv"
    items.to_csv(items_path, index=False)

    md = ["# extract evaluation", "", "```", head.to_string(index=False), "```", "", "## Per article", "",
          "```", evaluation.per_article().to_string(index=False), "```", ""]
    for article, group in diffs.groupby("article", sort=False):
        md.append(f"### {article}")
        md += [f"- {r.outcome} {r.kind}: {r.item}" for r in group.itertuples()]
        md.append("")
    md_path = out / "report.md"
    md_path.write_text("\n".join(md), encoding="utf-8")

    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>extract evaluation</title>",
             f"<style>{CSS}</style></head><body><h1>extract evaluation</h1>",
             head.to_html(index=False, escape=True),
             "<p class='legend'>" + "".join(f"<mark class='{c}'>{c}</mark>" for c in CLASSES.values()) + "</p>"]
    for article in rows["article"].drop_duplicates():
        article_rows = rows[rows["article"] == article]
        parts.append(f"<section><h2 id='{html.escape(str(article), quote=True)}'>{html.escape(str(article))}</h2>")
        text = texts.get(article)
        if text is not None:
            parts.append(f"<div class='text'>{_marked_text(text, _highlights(article_rows))}</div>")
        else:
            parts.append("<p>(article text not given: run with --articles to see it highlighted)</p>")
        article_diffs = diffs[diffs["article"] == article]
        if not article_diffs.empty:
            parts.append("<ul>" + "".join(
                f"<li class='{CLASSES.get(r.outcome, 'wrong')}'><b>{html.escape(r.outcome)}</b> "
                f"{html.escape(r.kind)}: {html.escape(str(r.item))}</li>" for r in article_diffs.itertuples()) + "</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    html_path = out / "report.html"
    html_path.write_text("\n".join(parts), encoding="utf-8")
    return [md_path, items_path, html_path]
