"""Read articles from .txt files, .jsonl files and directories (docs/records.md), streaming, one item per article.

Each item is either an `Article` or a `ReadError` (the article could not be read): a bad file or line never
stops the stream, so the caller can record it and go on.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..records import Article, ArticleRecord, describe_error

SUFFIXES = (".txt", ".jsonl")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadError:
    """An article that could not be read: where it was and why."""

    source: str
    line: int | None
    reason: str
    id: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "line": self.line, "reason": self.reason}


MAX_CHARS = 1_000_000  # an article longer than this is refused (its own error line), never read whole


def printable(text: str) -> str:
    """A string that can be written as UTF-8 whatever it holds: a file name's undecodable bytes as \\xff, a
    lone surrogate as \\ud800 (both would stop any writer)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # a file name: os.fsdecode turned its undecodable bytes into surrogates
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _has_surrogate(data: object) -> str | None:
    """The first field (dotted path) of parsed JSON whose text holds a lone surrogate, or None."""
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return ""
        return None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(key, str) and _has_surrogate(key) is not None:
            return printable(key)
        if (inner := _has_surrogate(value)) is not None:
            return f"{key}.{inner}" if inner else str(key)
    return None


def walk_inputs(paths: Iterable[str | Path], skip: Iterable[Path] = ()) -> list[Path | ReadError]:
    """Files named, and every .txt/.jsonl file below named directories (sorted), with a ReadError for what
    is there but cannot be read: a directory symlink back to a folder already walked (a loop: not followed),
    a broken link, a folder that cannot be listed, a FIFO, device or socket (never opened: reading one could
    block for ever), an input that does not exist (it may have gone since the command started). Files in
    `skip` (the run's own output files) are left out."""
    skipped = {Path(p).resolve() for p in skip}
    found: list[Path | ReadError] = []
    for path in map(Path, paths):
        if path.is_dir():
            entries: list[Path | ReadError] = []

            def unlistable(error: OSError) -> None:
                entries.append(ReadError(str(error.filename), None, f"cannot read folder: {error.strerror}"))

            visited: set[Path] = set()  # real folders walked so far: a link back to one of them is a loop
            for root, dirs, names in os.walk(path, onerror=unlistable, followlinks=True):
                if Path(root).resolve() in visited:  # read already, through a link to it
                    dirs.clear()
                    continue
                visited.add(Path(root).resolve())
                for name in list(dirs):
                    target = Path(root) / name
                    if target.is_symlink() and target.resolve() in visited:
                        dirs.remove(name)  # following it would walk the same files for ever
                        entries.append(ReadError(str(target), None, "directory symlink loop: it points back "
                                                 f"to {target.resolve()}, already read; not followed"))
                for name in names:
                    if Path(name).suffix.lower() not in SUFFIXES:
                        continue
                    file = Path(root) / name
                    if skipped and file.resolve() in skipped:
                        continue
                    entries.append(file if file.is_file() else
                                   ReadError(printable(str(file)), None, "cannot read file: a broken link or not "
                                             "a regular file (a FIFO, device or socket)", printable(file.stem)))
            found.extend(sorted(entries, key=lambda e: str(e.source) if isinstance(e, ReadError) else str(e)))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            found.append(ReadError(printable(str(path)), None, "not a regular file (a FIFO, device or socket): "
                                   "not read", printable(path.stem)))
        else:
            found.append(ReadError(printable(str(path)), None, "input not found: No such file or directory",
                                   printable(path.stem)))
    return found


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The readable files of `walk_inputs`."""
    return [p for p in walk_inputs(paths) if isinstance(p, Path)]


def count_articles(paths: Iterable[str | Path], skip: Iterable[Path] = ()) -> int:
    """How many items `read_articles` will give, counted cheaply before the work, without parsing: a .txt
    file is one, a .jsonl file one per line that is not blank, anything unreadable one (its error)."""
    total = 0
    for path in walk_inputs(paths, skip):
        if isinstance(path, Path) and path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if not line.isspace())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def read_articles(paths: Iterable[str | Path], max_chars: int = MAX_CHARS,
                  skip: Iterable[Path] = ()) -> Iterator[Article | ReadError]:
    """Every article of the inputs, in order (files as given, directory contents sorted), but the files in
    `skip`. An id seen before in the same run is an error for the later article: records are keyed by id."""
    seen: set[str] = set()
    for path in walk_inputs(paths, skip):
        if isinstance(path, ReadError):
            yield path
            continue
        suffix = path.suffix.lower()
        log.debug("reading %s", path)
        if suffix == ".jsonl":
            items = read_jsonl_articles(path, max_chars)
        elif suffix == ".txt":
            items = iter([read_txt_article(path, max_chars)])
        else:
            items = iter([ReadError(printable(str(path)), None, f"unsupported file type {suffix!r}: expected .txt or .jsonl")])
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    source, line = item._origin or (printable(str(path)), None)
                    item = ReadError(source, line, f"duplicate id {item.id!r}: an earlier article has it", item.id)
                else:
                    seen.add(item.id)
            yield item


def read_txt_article(path: Path, max_chars: int = MAX_CHARS) -> Article | ReadError:
    """A .txt file is one article; its id is the file name without extension."""
    source, stem = printable(str(path)), printable(path.stem)
    try:
        if path.stat().st_size > 4 * max_chars:  # more bytes than the longest UTF-8 text allowed can have
            return ReadError(source, None, f"article too long: over {max_chars:,} characters", stem)
        raw = path.read_bytes()
        if b"\x00" in raw:
            return ReadError(source, None, "binary file, not text (it holds NUL bytes)", stem)
        text = raw.decode("utf-8")
        if len(text) > max_chars:
            return ReadError(source, None, f"article too long: {len(text):,} characters, over {max_chars:,}",
                             path.stem)
    except UnicodeDecodeError as error:
        return ReadError(source, None, f"not UTF-8 text (byte {error.start}: {error.reason})", stem)
    except OSError as error:
        return ReadError(source, None, f"cannot read file: {error.strerror}", stem)
    try:
        article = Article(id=stem, text=text.removeprefix("\ufeff"))
        article._origin = (source, None)
        return article
    except ValidationError as error:
        return ReadError(source, None, describe_error(error), stem)


def _bounded_lines(handle, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary file; None for a line longer than `limit` bytes, which is read past in pieces."""
    while line := handle.readline(limit):
        if len(line) == limit and not line.endswith(b"\n"):
            while (rest := handle.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def read_jsonl_articles(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | ReadError]:
    """One article per line; a bad line is a ReadError with its line number, the others still come. A byte
    order mark before the first line is no part of it."""
    source = printable(str(path))
    try:
        handle = path.open("rb")
    except OSError as error:
        yield ReadError(source, None, f"cannot read file: {error.strerror}")
        return
    with handle:
        lines = 0
        for number, raw in enumerate(_bounded_lines(handle, 4 * max_chars + 1024), start=1):
            if raw is None:  # a line longer than any allowed article: skipped without being held whole
                lines += 1
                yield ReadError(source, number, f"article too long: the line is over {max_chars:,} characters")
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            lines += 1
            yield _article_of_line(raw, source, number, max_chars)
        if lines == 0:
            yield ReadError(source, None, "empty file: no article in it")


def _article_of_line(raw: bytes, source: str, number: int, max_chars: int) -> Article | ReadError:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadError(source, number, f"not UTF-8 text (byte {error.start}: {error.reason})")
    try:
        data = json.loads(line)
    except RecursionError:
        return ReadError(source, number, "invalid JSON: nested too deep")
    except ValueError as error:  # JSONDecodeError, and a number too long to convert
        return ReadError(source, number, f"invalid JSON: {error}")
    if not isinstance(data, dict):
        return ReadError(source, number, f"expected a JSON object, got {type(data).__name__}")
    article_id = printable(data["id"]) if isinstance(data.get("id"), str) else None
    if "\\ud" in line.lower() and (field := _has_surrogate(data)) is not None:
        return ReadError(source, number, f"{field}: a lone surrogate (\\ud800-\\udfff) is not text", article_id)
    if isinstance(data.get("text"), str) and len(data["text"]) > max_chars:
        return ReadError(source, number, f"article too long: {len(data['text']):,} characters, over "
                         f"{max_chars:,}", article_id)
    try:
        article = Article.model_validate(data)
    except ValidationError as error:
        return ReadError(source, number, describe_error(error), article_id)
    article._origin = (source, number)
    return article


def read_records(paths: Iterable[str | Path]) -> list[ArticleRecord]:
    """Article records (gold or predicted) from .jsonl files or directories of them.

    Raises ValueError listing every invalid line as `file:line: field: message`.
    """
    records, problems = [], []
    files = [p for p in expand_inputs(paths) if p.suffix.lower() == ".jsonl"]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(ArticleRecord.model_validate_json(line))
            except ValidationError as error:
                problems.append(describe_error(error, f"{path}:{number}"))
    if problems:
        raise ValueError("invalid records:\n" + "\n".join(problems))
    return records
