"""Names of the tables a Spark build writes, importable without pyspark (the import runs on DuckDB alone)."""

LINKED = ("entities", "events", "conflicts", "timeline")  # cross-document tables, written by `kroniek spark link`
UPDATED = ("mentions", "quotes", "claims", "event_mentions")  # per-document tables whose links the linking fills in
