"""What `extract run` tells while it works: a progress bar on a terminal, a plain line now and then in a log,
and the standard `logging` module underneath (logger "extract"), so that a scheduler's log is never silent.

Levels: `--quiet` WARNING (the summary only), default INFO (start, progress), `--verbose` DEBUG (also each file
as it is read and each failure as it happens)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

log = logging.getLogger("extract")


def configure_logging(console: Console, quiet: bool = False, verbose: bool = False) -> None:
    """Send the "extract" logger to stderr: through rich on a terminal (lines print above the bar), plain
    timestamped lines elsewhere."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    if console.is_terminal:
        handler: logging.Handler = RichHandler(console=console, show_path=False, markup=False,
                                               rich_tracebacks=False, log_time_format="%H:%M:%S")
    else:
        handler = logging.StreamHandler(console.file)
        handler.setFormatter(logging.Formatter("%(asctime)s extract %(levelname)s %(message)s",
                                               "%Y-%m-%d %H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _duration(seconds: float) -> str:
    return str(timedelta(seconds=round(seconds)))


class RunProgress:
    """Articles done out of the total, percentage, rate and time left: a rich bar on a terminal; off a terminal
    an INFO line at most every `every` seconds (and one at the end). Use as a context manager and call
    `advance(done, words)` after each article."""

    def __init__(self, console: Console, total: int, every: float = 30.0, enabled: bool = True) -> None:
        self.total, self.every, self.done, self.words = total, every, 0, 0
        self.started = self.last = time.perf_counter()
        self.bar = None
        self.enabled = enabled
        if enabled and console.is_terminal:
            self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("elapsed,"),
                                TimeRemainingColumn(), TextColumn("left"), console=console)
            self.task = self.bar.add_task("articles", total=total, rate="")

    def __enter__(self) -> RunProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif self.enabled and self.done and self.last != self.started:  # a long run's log ends with 100 %
            log.info(self.line())

    def rate(self) -> tuple[float, float]:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return self.done / elapsed, self.words / elapsed

    def line(self) -> str:
        """'224/1,000 articles (22.4%), 3.1 articles/s, 6,362 words/s, 0:01:12 elapsed, 0:04:10 left'."""
        articles_per_s, words_per_s = self.rate()
        elapsed = time.perf_counter() - self.started
        percent = 100.0 * self.done / self.total if self.total else 100.0
        left = (self.total - self.done) / articles_per_s if articles_per_s and self.total >= self.done else 0.0
        return (f"{self.done:,}/{self.total:,} articles ({percent:.1f}%), {articles_per_s:,.1f} articles/s, "
                f"{words_per_s:,.0f} words/s, {_duration(elapsed)} elapsed, {_duration(left)} left")

    def advance(self, done: int, words: int) -> None:
        self.done = done
        self.words += words
        if self.bar is not None:
            articles_per_s, words_per_s = self.rate()
            self.bar.update(self.task, completed=done,
                            rate=f"{articles_per_s:,.1f} articles/s, {words_per_s:,.0f} words/s,")
        elif self.enabled and time.perf_counter() - self.last >= self.every:
            self.last = time.perf_counter()
            log.info(self.line())
