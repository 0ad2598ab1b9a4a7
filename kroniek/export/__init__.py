"""Views of a stored chronicle: the JSON contract, CSV/Parquet tables, the HTML report."""
