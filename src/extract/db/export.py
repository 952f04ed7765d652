"""`extract export`: every table of a database as Parquet, CSV or JSONL files, one per table, via pandas and
pyarrow. The files are typed by the table, whatever its rows: each Parquet file has the table's own schema
(an empty table or an all-null column keeps its column types), integers stay integers (also with nulls, also
in CSV), timestamps are UTC-aware from either database, and JSON columns are JSON text in Parquet and CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, select
from sqlalchemy.types import TypeEngine

from . import Database, schema

FORMATS = ("parquet", "csv", "jsonl")


def _is_json(column) -> bool:
    return isinstance(column.type, JSON) or column.name == "record"


def _arrow_type(kind: TypeEngine) -> pa.DataType:
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(kind, Date):
        return pa.date32()
    return pa.string()


def arrow_schema(table) -> pa.Schema:
    """The Parquet schema of a table: one field per column, typed by the column, nullable as the column is."""
    return pa.schema([pa.field(c.name, pa.string() if _is_json(c) else _arrow_type(c.type), nullable=c.nullable)
                      for c in table.columns])


def _typed(frame: pd.DataFrame, table, json_as_text: bool) -> pd.DataFrame:
    out = frame.copy()
    for column in table.columns:
        values = out[column.name]
        if _is_json(column):
            if json_as_text:
                out[column.name] = values.map(lambda v: v if v is None or isinstance(v, str) else
                                              json.dumps(v, ensure_ascii=False, sort_keys=True))
            else:
                out[column.name] = values.map(lambda v: json.loads(v) if isinstance(v, str) else v)
        elif isinstance(column.type, Boolean):
            out[column.name] = values.astype("boolean")
        elif isinstance(column.type, Integer):
            out[column.name] = values.astype("Int64")
        elif isinstance(column.type, DateTime):
            stamps = pd.to_datetime(values)
            out[column.name] = stamps.dt.tz_localize("UTC") if stamps.dt.tz is None else stamps.dt.tz_convert("UTC")
        elif isinstance(column.type, Date):
            out[column.name] = pd.to_datetime(values).dt.date.where(values.notna(), None)
    return out


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
                raw = pd.DataFrame(connection.execute(query).mappings().all(), columns=[c.name for c in table.columns])
                frame = _typed(raw, table, json_as_text=file_format != "jsonl")
                path = out_dir / f"{table.name}.{file_format}"
                if file_format == "parquet":
                    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
                    import pyarrow.parquet as pq

                    pq.write_table(arrow, path)
                elif file_format == "csv":
                    frame.to_csv(path, index=False)
                else:
                    frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
                written.append((path, len(frame)))
    finally:
        database.close()
    return written
