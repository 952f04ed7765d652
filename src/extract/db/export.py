"""`extract export`: every table of a database as Parquet, CSV or JSONL files, one per table, via pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from . import Database, schema

FORMATS = ("parquet", "csv", "jsonl")


def export_tables(target: str | Path, out_dir: str | Path, file_format: str = "parquet") -> list[tuple[Path, int]]:
    """(file, rows) for each table written into `out_dir`; rows in key order, so exports compare as files."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}: expected one of {', '.join(FORMATS)}")
    database = Database(target, create=False)  # a mistyped path is an error, not a new empty database
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with database.engine.connect() as connection:
            for table in schema.EXPORT_TABLES:
                query = select(table).order_by(*table.primary_key.columns)
                frame = pd.read_sql(query, connection)
                path = out_dir / f"{table.name}.{file_format}"
                if file_format == "parquet":
                    frame.to_parquet(path, index=False)
                elif file_format == "csv":
                    frame.to_csv(path, index=False)
                else:
                    frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
                written.append((path, len(frame)))
    finally:
        database.close()
    return written
