"""Kroniek on Apache Spark, for archives that outgrow one machine (the optional extra `kroniek[spark]`).

What runs where:
- ingestion and the per-document analysis run in the executors (`mapInArrow` over partitions), calling the
  same functions as the embedded build: the readers of `kroniek.ingest`, `kroniek.analyze.analyze` and
  `kroniek.rows.table_rows`. Nothing of the analysis is implemented twice.
- duplicates (same content hash) are dropped in the shuffle that also balances the analysis over executors;
- the per-document tables are written as Parquet, one folder per store table, with the store's columns;
- the cross-document steps (entities, events, conflicts, timeline) run in Spark SQL (`kroniek.spark.link`):
  Spark does the joins and the blocking shuffles, and inside each block the functions of `kroniek.link` run,
  so the tables are those of the embedded build; `kroniek spark import` then loads everything into a
  chronicle for the commands, the export and the web app (DuckDB links there instead when the chronicle
  already held documents of its own).

Nothing here imports pyspark at module level except the modules that need it, so `kroniek` works without the extra.
"""

from __future__ import annotations

import importlib.util
import os
import shutil


def missing() -> str | None:
    """Why Spark cannot run here (no pyspark, pandas or Java), or None."""
    for module in ("pyspark", "pandas", "pyarrow"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install 'kroniek[spark]'"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime on PATH (Spark 4 needs Java 17 or 21)"
    return None
