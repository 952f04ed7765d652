"""Write records and errors as JSON lines, flushed per line so a crash loses nothing already written."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType

from ..records import ArticleRecord


class JsonlWriter:
    """`records.jsonl` and `errors.jsonl` in one output directory."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.records_path = self.out_dir / "records.jsonl"
        self.errors_path = self.out_dir / "errors.jsonl"
        self._records = self.records_path.open("w", encoding="utf-8")
        self._errors = self.errors_path.open("w", encoding="utf-8")

    def write_record(self, record: ArticleRecord) -> None:
        self.write_line(record.model_dump_json())

    def write_line(self, record_json: str) -> None:
        """A record already serialised (by a worker process)."""
        self._records.write(record_json + "\n")
        self._records.flush()

    def write_error(self, error: dict) -> None:
        self._errors.write(json.dumps(error, ensure_ascii=False) + "\n")
        self._errors.flush()

    def close(self) -> None:
        self._records.close()
        self._errors.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
