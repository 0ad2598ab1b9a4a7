"""Cross-document work over the store: entity identity, event clustering, conflicts, timeline.

Each step is a module of this package exposing `link(store)`, run in LINKERS order after new documents are
stored; each replaces its own tables inside one transaction, reading only what the store holds.
"""

from __future__ import annotations

from kroniek.plugins import present_modules
from kroniek.store import Store

LINKERS = ("entities", "events", "dating", "conflicts", "timeline")


def run_linkers(store: Store) -> list[str]:
    """Run every linker this installation has; return the names that ran."""
    ran = []
    for module in present_modules(__name__, LINKERS):
        store.con.begin()
        try:
            module.link(store)
            store.con.commit()
        except BaseException:
            store.rollback()
            raise
        ran.append(module.__name__.rsplit(".", 1)[-1])
    store.mark_links_fresh()  # only once every linker has committed
    return ran
