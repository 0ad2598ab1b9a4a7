"""Open a chronicle for the web app and run it under uvicorn."""

from __future__ import annotations

from pathlib import Path

from kroniek.web.live import Live


def open_live(path: Path) -> Live:
    """A source that follows the chronicle as writers change it; never holds the file against a writer.
    Raises StoreError when there is no chronicle at `path` (or it is not one)."""
    return Live(path)


def run(live: Live, host: str = "127.0.0.1", port: int = 8000, title: str = "Kroniek",
        allow_hosts: tuple[str, ...] = ()) -> None:
    import uvicorn

    from kroniek.web.app import allowed_hosts, create_app

    app = create_app(live, title, warm=True, hosts=allowed_hosts(host, allow_hosts))
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        live.close()
