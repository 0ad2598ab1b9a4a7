"""What the web app serves from: a snapshot of the chronicle that follows the file as writers change it.

DuckDB lets one process write a file only when no other process holds it, even read-only, and a writer does not
wait for a lock: it fails at once. So the app never opens the chronicle itself. When the file changes and no
writer holds it (asked with F_GETLK, which takes no lock), the app copies it to a private folder, checks that
nothing changed during the copy, and opens the copy. `kroniek add` can run at any time; while it does, the app
serves the last good state, and it serves the new one as soon as the writer has finished and the views of the
new state are computed (in the background: no request waits for them).
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kroniek.edits import Edits
from kroniek.store import DB_NAME, Store, StoreError
from kroniek.web.cache import Cache
from kroniek.web.data import Chronicle
from kroniek.web.search import INDEX_DIR, SearchIndex

log = logging.getLogger(__name__)
SNAPSHOT_PREFIX = "kroniek-serve-"  # + the serving process's id: a copy whose process is gone is swept
CHECK_EVERY = 1.0  # seconds between looks at the file: a stat, so cheap, but not on every request
RETIRE_AFTER = 120.0  # an old snapshot stays open this long for requests still reading it
_FLOCK = "hhqqi"  # struct flock on Linux: type, whence, start, len, pid (native alignment)


def writer_pid(path: Path) -> int | None:
    """The process holding a write lock on `path`, or None; asks without taking a lock itself."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        probe = struct.pack(_FLOCK, fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
        probe += b"\0" * (64 - len(probe))
        kind, _, _, _, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, probe)[:struct.calcsize(_FLOCK)])
    except OSError:
        return None
    finally:
        os.close(fd)  # our own process holds no lock on it, so closing drops none
    return pid if kind == fcntl.F_WRLCK else None


def stamp(path: Path) -> tuple:
    """Changes whenever the file or its write-ahead log is written."""
    out: list[tuple[int, int, int] | None] = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


@dataclass
class Generation:
    """One state of the chronicle with everything the pages are made from."""

    store: Store
    data: Chronicle
    index: SearchIndex
    version: int = 0
    loaded_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
    folder: Path | None = None  # the private copy, removed when the generation is retired
    cache: Cache = field(default_factory=Cache)  # finished answers from this state

    @classmethod
    def of(cls, store: Store, search_dir: Path | None = None, version: int = 0, folder: Path | None = None,
           warm: bool = False, edits: Edits | None = None) -> Generation:
        data = Chronicle(store, edits.latest() if edits else None)
        with data.lock:  # the index reads the store too; one DuckDB connection refuses two callers at once
            index = SearchIndex.for_store(store, search_dir)
        if warm:
            data.warm()
        return cls(store, data, index, version, folder=folder)

    def reedit(self, edits: Edits) -> None:
        """The same state with the edits as they are now: new views and answers, the same store and index."""
        self.data, self.cache = Chronicle(self.store, edits.latest()), Cache()

    def close(self) -> None:
        with self.data.lock:
            self.store.close()
        self.data.forget()
        self.cache = Cache()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class Fixed:
    """A store that does not change while served (a store the caller opened: tests, embedding)."""

    def __init__(self, store: Store, search_dir: Path | None = None) -> None:
        self.edits = Edits.beside(store.path)
        self.generation = Generation.of(store, search_dir, edits=self.edits)
        self.busy_since: str | None = None

    def current(self) -> Generation | None:
        return self.generation

    def warm(self) -> None:
        self.generation.data.warm()

    def close(self) -> None:
        """The caller closes its own store."""


class Live:
    """The newest consistent state of a chronicle file, reloaded when the file changes."""

    def __init__(self, path: Path, search_dir: Path | None = None, interval: float = CHECK_EVERY,
                 warm: bool = True) -> None:
        self.path = path if path.suffix == ".duckdb" else path / DB_NAME
        if not self.path.is_file():
            raise StoreError(f"no chronicle at {self.path}")
        self.search_dir = search_dir or self.path.parent / INDEX_DIR
        self.edits = Edits.beside(self.path)
        self.interval, self.warm_views = interval, warm
        self.generation: Generation | None = None
        self.busy_since: str | None = None  # when a writer was first seen holding the file, while it does
        self.error: str | None = None
        self._stamp: tuple | None = None
        self._checked = 0.0
        self._loading = threading.Lock()
        self._version = 0
        self._retired: list[tuple[float, Generation]] = []
        sweep_snapshots()
        self.refresh(warm=False)  # the first state at once if no writer holds the file; views warm later
        if self.generation is None and self.error:
            raise StoreError(self.error)

    def current(self) -> Generation | None:
        """The state to answer from; starts a reload in the background when the file has changed."""
        now = time.monotonic()
        if now - self._checked >= self.interval:
            self._checked = now
            if stamp(self.path) != self._stamp and not self._loading.locked():
                threading.Thread(target=self.refresh, name="kroniek-reload", daemon=True).start()
            self._close_retired(now)
        return self.generation

    def warm(self) -> None:
        if self.generation is not None:
            self.generation.data.warm()

    def refresh(self, warm: bool | None = None) -> bool:
        """Load the file's current state if it changed and no writer holds it; True when a new state is served."""
        if not self._loading.acquire(blocking=False):
            return False
        try:
            return self._refresh(self.warm_views if warm is None else warm)
        except Exception as exc:  # a reload must never take the app down: the last good state stays served
            self.error = f"reload failed: {type(exc).__name__}: {exc}"[:500]
            log.warning("%s", self.error)
            return False
        finally:
            self._loading.release()

    def _refresh(self, warm: bool) -> bool:
        before = stamp(self.path)
        if before == self._stamp:
            return False
        if writer_pid(self.path) is not None:
            self.busy_since = self.busy_since or _now()
            return False
        folder = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-"))
        try:
            copy = self._copy(folder)
            if copy is None or stamp(self.path) != before or writer_pid(self.path) is not None:
                shutil.rmtree(folder, ignore_errors=True)  # a writer came in during the copy: try again later
                return False
            self._version += 1
            new = Generation.of(Store(copy, read_only=True), self.search_dir, self._version, folder, warm=warm,
                                edits=self.edits)
        except StoreError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            self.error, self._stamp = str(exc).replace(str(folder / DB_NAME), str(self.path)), before
            return False
        old, self.generation, self._stamp = self.generation, new, before
        self.busy_since = self.error = None
        if old is not None:
            self._retired.append((time.monotonic(), old))
        if warm:
            gc.freeze()  # as after the first warm-up: full collections need not walk the views (see app._warm)
        return True

    def _copy(self, folder: Path) -> Path | None:
        target = folder / DB_NAME
        try:
            shutil.copyfile(self.path, target)
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():  # committed but not yet checkpointed: part of the state
                shutil.copyfile(wal, target.with_name(target.name + ".wal"))
        except FileNotFoundError:
            return None
        return target

    def _close_retired(self, now: float) -> None:
        while self._retired and now - self._retired[0][0] > RETIRE_AFTER:
            self._retired.pop(0)[1].close()

    def close(self) -> None:
        for _, gen in self._retired:
            gen.close()
        self._retired.clear()
        if self.generation is not None:
            self.generation.close()
            self.generation = None


def sweep_snapshots(folder: Path | None = None) -> int:
    """Remove the private copies left by serving processes that are gone (killed before they could clean up:
    SIGKILL, a power cut). A copy is a whole chronicle, so leaving them would fill the disk over weeks."""
    removed = 0
    for path in Path(folder or tempfile.gettempdir()).glob(f"{SNAPSHOT_PREFIX}*-*"):
        pid = path.name[len(SNAPSHOT_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
