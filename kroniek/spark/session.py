"""A Spark session for Kroniek jobs: quiet, with the executors' Python set to ours on a local master."""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # Arrow batches handed to the analysis: a few hundred articles, not the default 10,000
    "spark.sql.execution.arrow.maxRecordsPerBatch": "256",
    # Python workers stay alive between tasks, so resources load once per worker process (the default, stated)
    "spark.python.worker.reuse": "true",
    "spark.sql.parquet.compression.codec": "zstd",
}


def _local_python() -> None:
    """Local workers run this interpreter, not the first `python3` on PATH (which may lack pyarrow or kroniek).

    A context started from Python reads the workers' interpreter from PYSPARK_PYTHON only; the session setting
    spark.pyspark.python does not reach it. A PYSPARK_PYTHON the user set is kept."""
    if not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


def start(master: str | None = None, conf: dict[str, str] | None = None, app: str = "kroniek") -> SparkSession:
    """Start (or join) a session; `conf` overrides the defaults, e.g. spark.driver.memory."""
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    settings = dict(DEFAULTS)
    if not master or master.startswith("local"):
        _local_python()
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
