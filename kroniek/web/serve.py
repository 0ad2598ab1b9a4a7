"""Open a chronicle for the web app and run it under uvicorn."""

from __future__ import annotations

from pathlib import Path

from kroniek.store import Store, StoreError

LOCKED = ("{path} is being written by another process (a `kroniek build` or `add` still running?). DuckDB lets "
          "several readers share a chronicle but not a reader and a writer: serve it when the writer has finished.")


def open_read_only(path: Path) -> Store:
    """The store opened read-only, with a clear message when a writer holds the file."""
    try:
        return Store.in_dir(path, read_only=True)
    except StoreError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(LOCKED.format(path=path)) from exc
        raise


def run(store: Store, host: str = "127.0.0.1", port: int = 8000, title: str = "Kroniek") -> None:
    import uvicorn

    from kroniek.web.app import create_app

    uvicorn.run(create_app(store, title, warm=True), host=host, port=port, log_level="warning", access_log=False)
