"""Readers for the pipeline's data files under `models/` (CSV and JSONL), with errors that name file and line."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = "config.cfg"


class DataFileError(ValueError):
    """A data file under `models/` is missing or malformed."""


def default_models_dir() -> Path:
    """`$EXTRACT_MODELS`, else the project's `models/` (installed with the package as `extract.models`)."""
    env = os.environ.get("EXTRACT_MODELS")
    if env:
        return Path(env)
    try:  # a regular install carries models/ as the package data extract.models
        spec = importlib.util.find_spec("extract.models")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / DEFAULT_CONFIG).is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "models"  # an editable install reads the repository's models/


def read_jsonl(path: str | Path, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a JSONL file (blank lines and `//` comments skipped); each must hold the `required` keys."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"data file not found: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"{path}:{number}: invalid JSON: {error.msg}") from None
        missing = [key for key in required if key not in row]
        if missing:
            raise DataFileError(f"{path}:{number}: missing key(s) {', '.join(missing)}")
        rows.append(row)
    return rows


def read_csv(path: str | Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a CSV file with a header line; each row must have non-empty `required` columns."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"data file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(row for row in handle if not row.startswith("#"))
        missing = [key for key in required if key not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = []
        for number, row in enumerate(reader, start=2):
            empty = [key for key in required if not (row.get(key) or "").strip()]
            if empty:
                raise DataFileError(f"{path}:{number}: empty column(s) {', '.join(empty)}")
            rows.append({key: (value or "").strip() for key, value in row.items() if key is not None})
    return rows


def split_list(cell: str) -> list[str]:
    """A `|`-separated CSV cell as a list of its non-empty items."""
    return [item.strip() for item in cell.split("|") if item.strip()]
