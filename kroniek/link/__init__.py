"""Cross-document work over the store: entity identity, event clustering, conflicts, timeline.

Each step is a module of this package exposing `link(store)`, run in LINKERS order after new documents are
stored; each replaces its own tables inside one transaction, reading only what the store holds.
"""

from __future__ import annotations

from types import ModuleType

import duckdb

from kroniek.plugins import present_modules
from kroniek.store import Store

LINKERS = ("entities", "events", "dating", "conflicts", "timeline")


MAX_MEMORY_LIMIT_MB = 64 * 1024  # doubling DuckDB's cap stops here: past it an out-of-memory error is real


def run_linkers(store: Store) -> list[str]:
    """Run every linker this installation has; return the names that ran."""
    ran = []
    for module in present_modules(__name__, LINKERS):
        _link_within_memory(store, module)
        ran.append(module.__name__.rsplit(".", 1)[-1])
    store.mark_links_fresh()  # only once every linker has committed
    return ran


def _link_within_memory(store: Store, module: ModuleType) -> None:
    """One linker in one transaction. DuckDB spills what it can under its cap; an operation that cannot (a
    large aggregate's state) fails with OutOfMemoryException, and the linker runs again with the cap doubled."""
    while True:
        store.con.begin()
        try:
            module.link(store)
            store.con.commit()
            return
        except duckdb.OutOfMemoryException:
            store.rollback()
            if store.memory_limit_mb * 2 > MAX_MEMORY_LIMIT_MB:
                raise
            store.raise_memory_limit()
        except BaseException:
            store.rollback()
            raise
