"""One file per store table, as CSV or Parquet, written by DuckDB itself (fast, typed, streaming)."""

from __future__ import annotations

from pathlib import Path

from kroniek.store import TABLES, Store


def export_tables(store: Store, folder: Path, fmt: str) -> list[Path]:
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown table format {fmt!r}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table}.{fmt}"
        options = "(FORMAT csv, HEADER true)" if fmt == "csv" else "(FORMAT parquet, COMPRESSION zstd)"
        store.con.execute(f"COPY {table} TO '{_quote(path)}' {options}")
        written.append(path)
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
