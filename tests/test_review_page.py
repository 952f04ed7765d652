"""The review page (`extract eval --report DIR`, report.html) opened in a real headless Chromium: its contents
links resolve, its filter hides what it should, every span is drawn, and no script error is logged.

The pages: a small eval built here with an error of every sort, and the eval of `corpus/`. Other pages
(TimeBank's, say) can be checked too: EXTRACT_REVIEW_PAGES=path/report.html[:path2...] pytest this file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import browser

EXTRACT = str(Path(sys.executable).parent / "extract")
ROOT = Path(__file__).resolve().parents[1]

TEXT = ("Admiral Lee Jong-ho met Defence Minister Sato Kenji in Busan on 3 June 2025. The destroyer Sejong the "
        "Great sailed on Monday. <script>alert('x')</script> Talks ended on 4 June.")
QUIET = "Officials in Oslo said on 2 May 2025 that the plan stood."


def at(text: str, part: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"text": part, "start": start, "end": start + len(part)}


def date(text, part, value):
    return at(text, part) | {"value": value}


def sentence(text, first_words):
    start = text.index(first_words)
    return {"start": start, "end": text.index(".", start) + 1}


GOLD = [
    {"article_id": "a1", "published": "2025-06-04",
     "dates": [date(TEXT, "3 June 2025", "2025-06-03"), date(TEXT, "Monday", "2025-06-02"),
               date(TEXT, "4 June", "2025-06-04")],
     "people": [{"name": "Lee Jong-ho", "title": "Admiral", "mentions": [at(TEXT, "Lee Jong-ho")]},
                {"name": "Sato Kenji", "title": "Defence Minister", "mentions": [at(TEXT, "Sato Kenji")]}],
     "platforms": [{"name": "Sejong the Great", "category": "ship", "mentions": [at(TEXT, "Sejong the Great")]}],
     "events": [{"type": "meeting", "date": "2025-06-03", "status": "occurred", "locations": ["Busan"],
                 "participants": ["Lee Jong-ho", "Sato Kenji"], "evidence": sentence(TEXT, "Admiral")}]},
    {"article_id": "a2 <b>&\"quoted\"", "published": "2025-05-03", "kinds": ["dates"],
     "dates": [date(QUIET, "2 May 2025", "2025-05-02")]},
    {"article_id": "a3", "published": "2025-05-03", "dates": [date(QUIET, "2 May 2025", "2025-05-02")]},
]
PRED = [
    {"article_id": "a1",
     "dates": [date(TEXT, "3 June 2025", "2025-06-03"), date(TEXT, "Monday", "2025-06-09")],  # a wrong value
     "people": [{"name": "Lee Jong-ho", "title": "Admiral", "mentions": [at(TEXT, "Lee Jong-ho")]},
                {"name": "Sato Kenji", "title": "Minister", "mentions": [at(TEXT, "Sato Kenji")]}],  # wrong title
     # a platform whose span overlaps the gold one, under another name: gold missed, this one spurious
     "platforms": [{"name": "Great", "category": "ship", "mentions": [at(TEXT, "Great")]},
                   {"name": "Busan", "category": "ship", "mentions": [at(TEXT, "Busan")]}],
     "events": [{"type": "meeting", "date": "2025-06-04", "status": "occurred", "locations": ["Busan"],
                 "participants": ["Lee Jong-ho", "Sato Kenji"], "evidence": sentence(TEXT, "Admiral")},
                {"type": "exercise", "date": "2025-06-02", "status": "occurred",
                 "evidence": sentence(TEXT, "The destroyer")}]},
    {"article_id": "a2 <b>&\"quoted\"", "dates": [date(QUIET, "2 May 2025", "2025-05-02")],
     "people": [{"name": "Nobody", "mentions": [at(QUIET, "Oslo")]}]},  # not annotated there: not scored
    {"article_id": "a3", "dates": [date(QUIET, "2 May 2025", "2025-05-02")]},
]

# every check of a page, run inside Chromium on the DOM it built
CHECKS = """
const visible = (el) => el.getClientRects().length > 0;
const out = {articles: 0, links: 0, broken: [], dropped: [], spans: 0, items: 0};
const articles = Array.from(document.querySelectorAll('details.article'));
out.articles = articles.length;
const links = Array.from(document.querySelectorAll('#contents a[href^="#"]'));
out.links = links.length;
for (const a of links) {
  const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  if (!target || target.tagName !== 'DETAILS') out.broken.push(a.getAttribute('href'));
}
for (const article of articles) {
  for (const item of article.querySelectorAll('[data-spans]')) {
    out.items += 1;
    const want = Number(item.dataset.spans);
    const got = article.querySelectorAll('.text .m[data-n="' + item.dataset.n + '"][title]').length;
    out.spans += got;
    if (got !== want) out.dropped.push([article.id, item.dataset.n, want, got]);
  }
}
return out;
"""

FILTERED = """
const kind = arguments[0];
const key = 'errors' + kind.charAt(0).toUpperCase() + kind.slice(1);
const visible = (el) => el.getClientRects().length > 0;
const out = {wrongly_shown: [], wrongly_hidden: [], matched_shown: 0, other_kind_shown: 0, rows_wrong: 0,
             items_shown: 0};
for (const article of document.querySelectorAll('details.article')) {
  const errors = Number(article.dataset[key]);
  if (errors === 0 && visible(article)) out.wrongly_shown.push(article.id);
  if (errors > 0 && !visible(article)) out.wrongly_hidden.push(article.id);
  if (!visible(article)) continue;
  for (const item of article.querySelectorAll('[data-status][data-kind]')) {
    if (!visible(item)) continue;
    out.items_shown += 1;
    if (item.dataset.status === 'matched') out.matched_shown += 1;
    if (kind !== 'all' && item.dataset.kind !== kind) out.other_kind_shown += 1;
  }
}
for (const row of document.querySelectorAll('#contents tbody tr')) {
  if ((Number(row.dataset[key]) > 0) !== visible(row)) out.rows_wrong += 1;
}
return out;
"""


def extract(*args):
    return subprocess.run([EXTRACT, *map(str, args)], capture_output=True, text=True, timeout=600)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def driver():
    if reason := browser.missing():
        pytest.fail(reason)
    with browser.chromium() as session:
        yield session


@pytest.fixture(scope="module")
def small_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    articles = write_jsonl(folder / "articles.jsonl", [
        {"id": "a1", "published": "2025-06-04", "text": TEXT},
        {"id": "a2 <b>&\"quoted\"", "published": "2025-05-03", "text": QUIET},
        {"id": "a3", "published": "2025-05-03", "text": QUIET}])
    gold, pred = write_jsonl(folder / "gold.jsonl", GOLD), write_jsonl(folder / "pred.jsonl", PRED)
    result = extract("eval", gold, pred, "--articles", articles, "--report", folder / "report", "--json",
                     folder / "scores.json")
    assert result.returncode == 0, result.stderr
    return folder / "report" / "report.html"


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus-review")
    result = extract("eval", ROOT / "corpus" / "gold", "--articles", ROOT / "corpus" / "articles", "--report",
                     folder, "--no-details")
    assert result.returncode == 0, result.stderr
    return folder / "report.html"


def open_page(driver, page: Path):
    driver.get(page.resolve().as_uri())
    driver.get_log("browser")  # start the log from this page
    driver.refresh()


def check_whole_page(driver, page: Path) -> dict:
    """The checks every review page must pass; returns the figures for more specific tests."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    open_page(driver, page)
    figures = driver.execute_script(CHECKS)
    assert figures["articles"] > 0 and figures["links"] == figures["articles"]
    assert figures["broken"] == [], "contents links without their article"
    assert figures["dropped"] == [], "spans not drawn: [article, item, spans, drawn]"
    # a contents link opens its article
    link = driver.find_elements(By.CSS_SELECTOR, "#contents a")[-1]
    target = link.get_attribute("href").split("#", 1)[1]
    link.click()  # the page opens the article on the hashchange event, which comes after the click returns
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById(arguments[0]).open",
                                                               target))
    # the filter: errors only, for all kinds then each kind
    driver.find_element(By.ID, "open-all").click()
    driver.find_element(By.ID, "errors-only").click()
    for kind in ("all", "dates", "people", "platforms", "events"):
        Select(driver.find_element(By.ID, "kind")).select_by_value(kind)
        driver.find_element(By.ID, "open-all").click()
        shown = driver.execute_script(FILTERED, kind)
        assert shown["wrongly_shown"] == [] and shown["wrongly_hidden"] == [], (kind, shown)
        assert shown["matched_shown"] == 0 and shown["other_kind_shown"] == 0, (kind, shown)
        assert shown["rows_wrong"] == 0, (kind, shown)
    assert browser.script_errors(driver) == []
    return figures


def test_small_page_in_chromium(driver, small_page):
    from selenium.webdriver.common.by import By

    source = small_page.read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in source and "&lt;script&gt;" in source
    assert "http://" not in source and "https://" not in source  # nothing to fetch
    figures = check_whole_page(driver, small_page)
    assert figures["articles"] == 3
    open_page(driver, small_page)
    driver.find_element(By.ID, "open-all").click()
    a1 = driver.find_element(By.CSS_SELECTOR, "details.article[data-errors-all]:not([data-errors-all='0'])")
    lines = [li.text for li in a1.find_elements(By.CSS_SELECTOR, "li[data-status]")]
    # a wrong value is one line, gold against predicted, not a miss and a spurious date
    wrong = [line for line in lines if "Monday" in line]
    assert wrong == ["dates wrong 'Monday' [{}:{}]: gold 2025-06-02, predicted 2025-06-09".format(
        TEXT.index("Monday"), TEXT.index("Monday") + 6)]
    assert any(line.startswith("dates missed '4 June'") for line in lines)
    assert any("people wrong Sato Kenji" in line and "title: gold Defence Minister, predicted Minister" in line
               for line in lines)
    # entity-level errors in the text: the gold platform missed and the overlapping prediction spurious,
    # both drawn over the same words, on two lanes
    missed = a1.find_elements(By.CSS_SELECTOR, ".text .m.kl.sx[title]")
    spurious = a1.find_elements(By.CSS_SELECTOR, ".text .m.kl.ss[title]")
    assert [m.text for m in missed] == ["Sejong the "] and {m.text for m in spurious} == {"Great", "Busan"}
    great = [m for m in spurious if m.text == "Great"][0]
    assert missed[0].get_attribute("class").split()[-1] != great.get_attribute("class").split()[-1]
    # events drawn over their evidence; gold beside predicted, the differing field marked
    assert len(a1.find_elements(By.CSS_SELECTOR, ".text .m.ke")) >= 2
    card = a1.find_element(By.CSS_SELECTOR, "table.event[data-status='wrong']")
    differs = [td.text for td in card.find_elements(By.CSS_SELECTOR, "td.differs")]
    assert differs == ["2025-06-03", "2025-06-04"]
    assert a1.find_element(By.CSS_SELECTOR, "table.event[data-status='spurious']")
    # a kind the gold of an article does not annotate is n/a, not 1.00
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#contents tbody tr") if "quoted" in r.text][0]
    assert row.text.split()[-5:] == ["1.00", "n/a", "n/a", "n/a", "0"]
    # sorting: a click on the dates column puts the worst article first
    driver.find_element(By.XPATH, "//table[@id='contents']//th[2]").click()
    assert driver.find_element(By.CSS_SELECTOR, "#contents tbody tr").text.startswith("a1")
    assert browser.script_errors(driver) == []


def test_corpus_page_in_chromium(driver, corpus_page):
    figures = check_whole_page(driver, corpus_page)
    assert figures["articles"] == len(list((ROOT / "corpus" / "gold").glob("*.jsonl")))
    assert figures["spans"] > 500
    for page in filter(None, os.environ.get("EXTRACT_REVIEW_PAGES", "").split(":")):  # TimeBank's, say
        check_whole_page(driver, Path(page))
