"""`kroniek watch`: add new articles to a chronicle as they arrive in folders or feed files.

At every interval the watched paths are looked at (name, size and modification time of each file; no file is
read unless it is new or changed), and the new or changed files go to the same code as `kroniek add`. A feed
file that a downloader rewrites is re-read as a whole, and its entries already stored are skipped as duplicates
(a document's identity is a hash of its text), so only the new entries are analysed. `kroniek serve` can run on
the same chronicle meanwhile: it shows the new articles after a reload.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

SKIP_NAMES = ("readme", "license", "licence")  # as the folder reader skips them


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel) or not path.is_file():
            continue
        if path.stem.lower() in SKIP_NAMES or path.name.endswith((".part", ".tmp", "~")):
            continue  # a download still being written is taken when it has its final name
        yield path


class Watcher:
    """Which files under the watched paths are new or changed since the last look."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.seen: dict[Path, tuple[int, int]] = {}

    def changed(self) -> list[Path]:
        out = []
        for root in self.paths:
            if not root.exists():
                continue
            for path in _files(root):
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                stamp = (st.st_mtime_ns, st.st_size)
                if self.seen.get(path) != stamp:
                    self.seen[path] = stamp
                    out.append(path)
        return out


def watch(paths: list[Path], add: Callable[[list[Path]], None], interval: float, rounds: int | None = None,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Look every `interval` seconds and hand new or changed files to `add`; `rounds` looks (None: forever).
    Returns how many files were handed on."""
    watcher, handed, done = Watcher(paths), 0, 0
    while rounds is None or done < rounds:
        new = watcher.changed()
        if new:
            add(new)
            handed += len(new)
        done += 1
        if rounds is None or done < rounds:
            sleep(interval)
    return handed
