"""Write records and errors as JSON lines, each line written whole or not at all, so that a crash or a full
disk never leaves a cut line: on a failed write the file is cut back to its last whole line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType

from ..records import ArticleRecord

OUTPUT_FILES = ("records.jsonl", "errors.jsonl")


def output_files(out_dir: str | Path) -> list[Path]:
    """The files a run writes into its output folder (never to be read as its input)."""
    return [Path(out_dir) / name for name in OUTPUT_FILES]


class OutputError(RuntimeError):
    """An output file cannot be written (a full disk, say): the run stops; what was written is whole."""


class _LineFile:
    """A file of whole lines: unbuffered, each line one write, cut back to the last whole line on failure."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.handle = open(path, "wb", buffering=0)  # noqa: SIM115 - closed by close()
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror}") from None
        self.whole = 0  # bytes of whole lines written

    def write(self, line: str) -> None:
        data = memoryview((line + "\n").encode("utf-8", "backslashreplace"))
        try:
            while data:
                data = data[self.handle.write(data):]
        except OSError as error:
            try:
                os.ftruncate(self.handle.fileno(), self.whole)
            except OSError:
                pass
            raise OutputError(f"cannot write {self.path}: {error.strerror}; it ends at its last whole line, a "
                              "re-run completes it") from None
        self.whole += len(data.obj)

    def close(self) -> None:
        self.handle.close()


class JsonlWriter:
    """`records.jsonl` and `errors.jsonl` in one output directory."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot make the output folder {out_dir}: {error.strerror}") from None
        self.records_path, self.errors_path = output_files(self.out_dir)
        self._records = _LineFile(self.records_path)
        self._errors = _LineFile(self.errors_path)

    def write_record(self, record: ArticleRecord) -> None:
        self.write_line(record.model_dump_json())

    def write_line(self, record_json: str) -> None:
        """A record already serialised (by a worker process)."""
        self._records.write(record_json)

    def write_error(self, error: dict) -> None:
        self._errors.write(json.dumps(error, ensure_ascii=False))

    def close(self) -> None:
        self._records.close()
        self._errors.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
