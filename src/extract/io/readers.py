"""Read articles from .txt files, .jsonl files and directories (SPEC §2), streaming, one item per article.

Each item is either an `Article` or a `ReadError` (the article could not be read): a bad file or line never
stops the stream, so the caller can record it and go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..records import Article, ArticleRecord, describe_error

SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class ReadError:
    """An article that could not be read: where it was and why."""

    source: str
    line: int | None
    reason: str
    id: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "line": self.line, "reason": self.reason}


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every .txt/.jsonl file below named directories (sorted). Raises FileNotFoundError."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"input not found: {path}")
    return files


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Every article of the inputs, in order (files as given, directory contents sorted)."""
    for path in expand_inputs(paths):
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from read_jsonl_articles(path)
        elif suffix == ".txt":
            yield read_txt_article(path)
        else:
            yield ReadError(str(path), None, f"unsupported file type {suffix!r}: expected .txt or .jsonl")


def read_txt_article(path: Path) -> Article | ReadError:
    """A .txt file is one article; its id is the file name without extension."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadError(str(path), None, f"not UTF-8 text (byte {error.start}: {error.reason})", path.stem)
    except OSError as error:
        return ReadError(str(path), None, f"cannot read file: {error.strerror}", path.stem)
    try:
        article = Article(id=path.stem, text=text.removeprefix("\ufeff"))
        article._origin = (str(path), None)
        return article
    except ValidationError as error:
        return ReadError(str(path), None, describe_error(error), path.stem)


def read_jsonl_articles(path: Path) -> Iterator[Article | ReadError]:
    """One article per line; a bad line is a ReadError with its line number, the others still come."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield ReadError(str(path), None, f"cannot read file: {error.strerror}")
        return
    with handle:
        lines = 0
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            lines += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield ReadError(str(path), number, f"not UTF-8 text (byte {error.start}: {error.reason})")
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield ReadError(str(path), number, f"invalid JSON: {error}")
                continue
            if not isinstance(data, dict):
                yield ReadError(str(path), number, f"expected a JSON object, got {type(data).__name__}")
                continue
            article_id = data.get("id") if isinstance(data.get("id"), str) else None
            try:
                article = Article.model_validate(data)
            except ValidationError as error:
                yield ReadError(str(path), number, describe_error(error), article_id)
                continue
            article._origin = (str(path), number)
            yield article
        if lines == 0:
            yield ReadError(str(path), None, "empty file: no article in it")


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
