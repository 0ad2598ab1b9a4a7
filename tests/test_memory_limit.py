"""DuckDB's memory cap for the build (issue 14): set where the chronicle is written, raised for a linker whose
query cannot spill under it."""

from __future__ import annotations

import types

import duckdb
import pytest

from kroniek.link import _link_within_memory
from kroniek.store import Store, StoreError


def _limit_mb(store: Store) -> float:
    value = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    number, unit = value.split()
    return float(number) * {"MiB": 1, "GiB": 1024}[unit]


def test_a_written_chronicle_is_capped_by_the_setting(tmp_path, monkeypatch):
    with Store.in_dir(tmp_path / "a") as store:
        assert 480 <= _limit_mb(store) <= 512  # the default, 512 MB (DuckDB shows MiB of its 10^6-byte MB)
    monkeypatch.setenv("KRONIEK_MEMORY_LIMIT", "300MB")
    with Store.in_dir(tmp_path / "b") as store:
        assert 280 <= _limit_mb(store) <= 300
    monkeypatch.setenv("KRONIEK_MEMORY_LIMIT", "lots")
    with pytest.raises(StoreError, match="give a number of MB"):
        Store.in_dir(tmp_path / "c")


def test_a_linker_out_of_memory_runs_again_with_the_cap_doubled(tmp_path):
    calls = []

    def link(store: Store) -> None:
        store.con.execute("CREATE OR REPLACE TABLE probe AS SELECT 1 AS x")
        calls.append(store.memory_limit_mb)
        if len(calls) == 1:
            raise duckdb.OutOfMemoryException("could not allocate block")

    with Store.in_dir(tmp_path / "a") as store:
        _link_within_memory(store, types.SimpleNamespace(link=link))  # type: ignore[arg-type]
        assert calls == [512, 1024]
        assert 950 <= _limit_mb(store) <= 1024  # DuckDB reads MB as 10^6 bytes
        assert store.con.execute("SELECT x FROM probe").fetchall() == [(1,)]  # the second run committed
