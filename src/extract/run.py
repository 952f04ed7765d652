"""The main job: articles in, `records.jsonl` and `errors.jsonl` out, one bad article never stopping a batch.

Three ways to run the same extraction, with the same records in the same order:
- in this process (`workers=1`);
- on N local processes (`workers=N`), the pipeline loaded once per process, batches sent round and results
  written back in input order, with a bounded number of batches in flight so memory stays flat; the processes
  are forked from this one with the pipeline loaded here, as spaCy's own `n_process` does (started fresh
  instead, each loading the pipeline, where this process runs other threads or cannot fork);
- on a Dask distributed cluster (`dask=ADDRESS`, or a LocalCluster when ADDRESS is ""), the same batches as
  Dask tasks, the pipeline loaded once per Dask worker process.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError

from . import Extractor, load
from .io.readers import MAX_CHARS, ReadError, read_articles
from .io.writers import JsonlWriter, output_files
from .records import Article

log = logging.getLogger(__name__)

# what a database refuses in one record (an id too long for its column, say): that article fails, the batch goes on
DatabaseRecordError = (DataError, IntegrityError)

# failures of one article inside the pipeline: recorded for that article, the batch goes on
EXTRACTION_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError)
Result = tuple[str | None, str | None]  # (record as a JSON line, None) or (None, reason)
# articles per task sent to another process or a Dask worker: small, so that the workers finish together
TASK_ARTICLES = 8


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline, in this process or in another (hashable, picklable)."""

    model: str | None = None
    models_dir: str | None = None
    overrides_json: str = "{}"

    def load(self) -> Extractor:
        return load(model=self.model, models_dir=self.models_dir, overrides=json.loads(self.overrides_json))


@dataclass
class Summary:
    articles: int = 0
    new: int = 0  # extracted, not stored before (every article when there is no database)
    changed: int = 0  # stored before and extracted again (content or pipeline changed, or --force)
    skipped: int = 0  # stored with the same content and pipeline version: not extracted again
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def extract_batch(extractor: Extractor, articles: list[Article], batch_size: int = 32) -> list[Result]:
    """One result per article, in order. A batch that raises is redone article by article, so that only
    the article at fault fails."""
    try:
        return [(r.model_dump_json(), None) for r in extractor.pipe(articles, batch_size=batch_size)]
    except EXTRACTION_ERRORS:
        results: list[Result] = []
        for article in articles:
            try:
                results.append((next(extractor.pipe([article])).model_dump_json(), None))
            except EXTRACTION_ERRORS as error:
                results.append((None, f"extraction failed: {type(error).__name__}: {error}"))
        return results


# -- worker processes --------------------------------------------------------------------------------------------
_PIPELINES: dict[PipelineSpec, Extractor] = {}  # one pipeline per worker process, per spec (a handful at most)


def _pipeline(spec: PipelineSpec) -> Extractor:
    if spec not in _PIPELINES:
        _PIPELINES[spec] = spec.load()
    return _PIPELINES[spec]


def drop_loaded_pipelines() -> None:
    """Forget the pipelines this process loaded for worker tasks (the next run loads its own)."""
    _PIPELINES.clear()


def work_on_batch(spec: PipelineSpec, articles: list[Article], batch_size: int = 32) -> list[Result]:
    """A task for a worker process or a Dask worker: the pipeline is loaded on first use, then kept."""
    return extract_batch(_pipeline(spec), articles, batch_size)


def worker_start_method() -> str:
    """"fork" (the workers share the pipeline loaded here) where the platform has it and this process runs no
    other thread: a fork copies the calling thread only, so a lock another thread holds (a progress bar's, a
    client's) would stay held in the child. Else "spawn"."""
    return "fork" if "fork" in get_all_start_methods() and threading.active_count() == 1 else "spawn"


def _batches(items: Iterable[Article | ReadError], size: int) -> Iterator[list[Article | ReadError]]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _merge(batch: list[Article | ReadError], results: list[Result]) -> Iterator[tuple[Any, Result]]:
    done = iter(results)
    for item in batch:
        yield item, ((None, item.reason) if isinstance(item, ReadError) else next(done))


def extract_stream(items: Iterable[Article | ReadError], spec: PipelineSpec, extractor: Extractor | None = None,
                   workers: int = 1, batch_size: int = 32, dask: str | None = None,
                   in_flight: int = 2, dask_session: tuple[Any, Any] | None = None,
                   ) -> Iterator[tuple[Article | ReadError, Result]]:
    """(item, (record_json, reason)) for every input item, in input order, however the work is spread."""
    if dask is None and workers == 1:
        extractor = extractor or spec.load()
        for batch in _batches(items, batch_size):
            yield from _merge(batch, extract_batch(extractor, [i for i in batch if isinstance(i, Article)],
                                                   batch_size))
        return
    batch_size = min(batch_size, TASK_ARTICLES)
    batches = _batches(items, batch_size)
    if dask is not None:
        session = dask_session or connect_dask(dask, workers)
        try:
            yield from _on_dask(batches, spec, batch_size, session, in_flight)
        finally:
            if dask_session is None:
                close_dask(session)
        return
    method = worker_start_method()
    if method == "fork":  # the workers find the pipeline loaded (work_on_batch -> _pipeline)
        _PIPELINES[spec] = _PIPELINES.get(spec) or extractor or spec.load()
    yield from _on_processes(batches, spec, batch_size, workers, in_flight, get_context(method))


LOST_WORKER = "extraction failed: the worker process died while extracting it (and again in a fresh one)"


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: the worker dies with the process that started it, never lives on orphaned. On
    Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG, through ctypes: the standard
    library has no call for it); elsewhere a thread watches the parent."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pool(workers: int, context: Any) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with_parent,
                               initargs=(os.getpid(),))


def _on_processes(batches: Iterator[list], spec: PipelineSpec, batch_size: int, workers: int, in_flight: int,
                  context: Any) -> Iterator[tuple[Any, Result]]:
    """Batches on a pool of worker processes, results in input order, a bounded number in flight. When a
    worker dies (killed, out of memory), the pool breaks and every batch in flight is lost: they are sent
    again to a fresh pool, once; a batch lost twice is redone article by article, each in a process of its
    own, and an article whose process dies is an error, not the end of the run."""
    pool = _pool(workers, context)
    pending: deque = deque()  # (batch, future, tries), in input order
    again: deque = deque()  # (batch, tries) to send before new batches
    try:
        while True:
            while len(pending) < workers * in_flight:  # bounded: memory stays flat on any input size
                if again:
                    batch, tries = again.popleft()
                elif (batch := next(batches, None)) is not None:
                    tries = 0
                else:
                    break
                articles = [i for i in batch if isinstance(i, Article)]
                pending.append((batch, pool.submit(work_on_batch, spec, articles, batch_size), tries))
            if not pending:
                return
            batch, future, tries = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                log.warning("a worker process died: %d batch(es) in flight sent again to fresh workers",
                            1 + len(pending))
                lost = [(batch, tries), *((b, t) for b, _, t in pending)]
                pending.clear()
                # a broken pool's manager thread has ended its workers: wait for it, or the interpreter's exit
                # hook would wake it through a pipe already closed (a traceback after the run)
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers, context)
                if tries:  # lost twice: article by article, so that only the one at fault fails
                    lost.pop(0)
                    results = _one_by_one(batch, spec, context)
                    again.extendleft(reversed([(b, 1) for b, _ in lost]))
                else:
                    again.extendleft(reversed([(b, 1) for b, _ in lost]))
                    continue
            yield from _merge(batch, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(batch: list, spec: PipelineSpec, context: Any) -> list[Result]:
    results: list[Result] = []
    for article in (i for i in batch if isinstance(i, Article)):
        with _pool(1, context) as alone:
            try:
                results += alone.submit(work_on_batch, spec, [article], 1).result()
            except BrokenProcessPool:
                results.append((None, LOST_WORKER))
    return results


class RunError(ValueError):
    """A run that cannot start (a usage error): nothing has been written or emptied."""


DASK_CONNECT_SECONDS = 10


def connect_dask(address: str, workers: int) -> tuple[Any, Any]:
    """(client, cluster or None): a client of the scheduler at `address`, or of a new LocalCluster of
    `workers` processes when `address` is "". Raises RunError when the scheduler cannot be reached."""
    from dask.distributed import Client, LocalCluster

    if not address:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=f"{DASK_CONNECT_SECONDS}s"), None
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RunError(f"cannot reach the Dask scheduler at {address} within {DASK_CONNECT_SECONDS} s: "
                       f"{reason}") from None


def _on_dask(batches: Iterator[list], spec: PipelineSpec, batch_size: int, session: tuple[Any, Any],
             in_flight: int) -> Iterator[tuple[Any, Result]]:
    client, _cluster = session
    slots = max(len(client.scheduler_info().get("workers", {})), 1) * in_flight
    pending: deque = deque()
    for batch in batches:
        articles = [i for i in batch if isinstance(i, Article)]
        pending.append((batch, client.submit(work_on_batch, spec, articles, batch_size, pure=False)))
        while len(pending) >= slots:
            done_batch, future = pending.popleft()
            yield from _merge(done_batch, future.result())
    while pending:
        done_batch, future = pending.popleft()
        yield from _merge(done_batch, future.result())


def close_dask(session: tuple[Any, Any]) -> None:
    client, cluster = session
    client.close()
    if cluster is not None:
        cluster.close()


def pipeline_version(spec: PipelineSpec) -> tuple[str, str, str]:
    """(version, config hash, model) of a pipeline: `extract` version + a hash of the base model's name and
    version, the overrides and every file of the pipeline definition. A stored article made by another
    version is extracted again."""
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__
    from .pipeline import check_pipeline, default_models_dir

    _config, model = check_pipeline(spec.model, spec.models_dir)
    try:
        model_version = version(model)
    except (PackageNotFoundError, ValueError):
        meta = Path(model) / "meta.json"
        model_version = json.loads(meta.read_text())["version"] if meta.is_file() else "?"
    digest = hashlib.sha256(f"{model}=={model_version}\n{spec.overrides_json}\n".encode())
    models_dir = Path(spec.models_dir) if spec.models_dir else default_models_dir()
    suffixes = (".cfg", ".csv", ".jsonl", ".txt")  # the config, tables, patterns and word lists
    for path in sorted(p for p in models_dir.rglob("*") if p.is_file() and p.suffix in suffixes):
        digest.update(f"{path.relative_to(models_dir).as_posix()}\n".encode() + path.read_bytes())
    config_hash = digest.hexdigest()
    return f"{__version__}+{config_hash[:12]}", config_hash, f"{model}=={model_version}"


def run(inputs: list[str | Path], out_dir: str | Path, spec: PipelineSpec | None = None,
        extractor: Extractor | None = None, workers: int = 1, batch_size: int = 32, dask: str | None = None,
        on_article: Callable[[int, int], None] | None = None, max_chars: int = MAX_CHARS,
        db: str | Path | None = None, force: bool = False) -> Summary:
    """Extract every article of `inputs` into `out_dir` (and into the database `db`, when given: articles
    stored by the same pipeline version with the same content are skipped unless `force`, their stored records
    still written to records.jsonl). `on_article(done, words)` reports progress."""
    from .db import Database, content_hash

    spec = spec or PipelineSpec()
    own_files = check_run(inputs, out_dir)
    summary = Summary()
    started = time.perf_counter()
    session = connect_dask(dask, workers) if dask is not None else None  # before anything is emptied
    try:
        database = Database(db) if db is not None else None
    except BaseException:
        if session is not None:
            close_dask(session)
        raise
    if database is not None:
        version, config_hash, model = pipeline_version(spec)
        run_id = database.start_run(version, config_hash, model, [str(p) for p in inputs])
    # every input item in order, with the stored record of a skipped article and whether it was stored before
    queue: deque[tuple[Article | ReadError, str | None, bool]] = deque()

    def to_extract() -> Iterator[Article | ReadError]:
        for item in read_articles(inputs, max_chars, skip=own_files):
            found = database.stored(item.id) if database is not None and isinstance(item, Article) else None
            unchanged = found is not None and not force and found[:2] == (content_hash(item), version)
            queue.append((item, found[2] if unchanged else None, found is not None))
            if not unchanged:
                yield item

    def failed(item: Article | ReadError, reason: str | None) -> None:
        if isinstance(item, ReadError):
            error = item.as_dict()
        else:
            source, line = item._origin or (None, None)
            error = {"id": item.id, "source": source, "line": line, "reason": reason}
        summary.failed += 1
        summary.errors.append(error)
        where = f"{error['source']}:{error['line']}" if error.get("line") else error.get("source")
        log.debug("failed: %s (%s): %s", error.get("id"), where, error.get("reason"))
        writer.write_error(error)
        if database is not None:
            database.write_error(error, run_id)

    def done(item: Article | ReadError, record: str | None, reason: str | None, stored: str | None,
             known: bool) -> None:
        summary.articles += 1
        words = len(item.text.split()) if isinstance(item, Article) and stored is None else 0
        summary.words += words
        if stored is not None:
            summary.skipped += 1
            writer.write_line(stored)
        elif record is None:
            failed(item, reason)
        else:
            try:
                if database is not None:
                    database.write_article(item, record, run_id, version)
            except DatabaseRecordError as error:
                failed(item, f"database refused the record: {error}")
            else:
                writer.write_line(record)
                if known:
                    summary.changed += 1
                else:
                    summary.new += 1
        if on_article:
            on_article(summary.articles, words)

    try:
        with JsonlWriter(out_dir) as writer:
            for item, (record, reason) in extract_stream(to_extract(), spec, extractor, workers, batch_size, dask,
                                                         dask_session=session):
                while queue[0][0] is not item:  # skipped articles before this one
                    earlier, stored, known = queue.popleft()
                    done(earlier, None, None, stored, known)
                _, stored, known = queue.popleft()
                done(item, record, reason, stored, known)
            while queue:
                earlier, stored, known = queue.popleft()
                done(earlier, None, None, stored, known)
        if database is not None:  # a run that ends early keeps finished_at empty
            database.finish_run(run_id, summary.new, summary.changed, summary.skipped, summary.failed)
    finally:
        summary.seconds = time.perf_counter() - started
        if database is not None:
            database.close()
        if session is not None:
            close_dask(session)
    return summary


def check_run(inputs: list[str | Path], out_dir: str | Path) -> list[Path]:
    """The run's own output files, after checking that it can start: RunError when --out is a file, or when
    an input is one of the output files (it would be emptied before it is read)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RunError(f"--out {out} is a file, not a folder: give a folder for records.jsonl and errors.jsonl")
    own = output_files(out)
    named = {Path(p).resolve() for p in inputs}
    for path in own:
        if path.resolve() in named:
            raise RunError(f"{path} is an output file of this run (--out {out}): it would be emptied before it "
                           "is read; copy it elsewhere or choose another --out")
    return own
