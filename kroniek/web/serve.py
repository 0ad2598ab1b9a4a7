"""Open a chronicle for the web app and run it under uvicorn."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

from kroniek.web.live import Live


def open_live(path: Path) -> Live:
    """A source that follows the chronicle as writers change it; never holds the file against a writer.
    Raises StoreError when there is no chronicle at `path` (or it is not one)."""
    return Live(path)


PATIENCE = 0.8  # seconds a page may take before the visitor is told it is being prepared (it reloads itself)


def run(live: Live, host: str = "127.0.0.1", port: int = 8000, title: str = "Kroniek",
        allow_hosts: tuple[str, ...] = (), edit: bool = False) -> None:
    import uvicorn

    from kroniek.web.app import LOOPBACK, allowed_hosts, create_app

    if edit and host.strip("[]").lower() not in LOOPBACK:
        live.close()
        raise ValueError("--edit serves on loopback only (--host 127.0.0.1, localhost or ::1)")
    hosts = allowed_hosts(host, () if edit else allow_hosts)
    app = create_app(live, title, warm=True, hosts=hosts, edit=edit, patience=PATIENCE)
    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again under the handler it found: the
    # default one would end the process before `finally` removes the private copies of the chronicle.
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        live.close()


def _stopped(sig: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # asked to stop (service manager, kill): a clean end
