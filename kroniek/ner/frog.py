"""Frog (Debian packages `frog` and `frogdata`) as a Dutch NER backend.

Frog takes seconds to start, so it runs as one server (`frog -S PORT`) per machine: the process that chooses the
backend starts it and exports its port in KRONIEK_FROG_PORT, worker processes connect to it, and the server is
stopped when that process exits. Each document is sent as one request, one sentence per line; Frog tokenises it
again and its tokens are aligned back onto the text by searching each token from where the previous one ended.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import time

from kroniek.model import Analysis, Document
from kroniek.ner import BackendUnavailable, RawSpan

PORT_ENV = "KRONIEK_FROG_PORT"
_STARTUP_S = 180
_NER_COLUMN = 7


def frog_available() -> bool:
    return shutil.which("frog") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def ensure_server() -> int:
    """The port of a running Frog server, starting one (once) if none is known."""
    if os.environ.get(PORT_ENV) and _listening(int(os.environ[PORT_ENV])):
        return int(os.environ[PORT_ENV])
    if not frog_available():
        raise BackendUnavailable("Frog is not installed (Debian: apt-get install frog frogdata)")
    port = _free_port()
    proc = subprocess.Popen(["frog", "-S", str(port), "--skip=mpacl"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    atexit.register(proc.terminate)
    deadline = time.monotonic() + _STARTUP_S
    while not _listening(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.terminate()
            raise BackendUnavailable("the Frog server did not start")
        time.sleep(0.2)
    os.environ[PORT_ENV] = str(port)
    return port


def _ask(port: int, lines: list[str]) -> list[str]:
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(("\n".join(lines) + "\nEOT\n").encode("utf-8"))
        chunks = []
        while True:
            data = conn.recv(1 << 16)
            if not data:
                break
            chunks.append(data)
            if b"READY" in data[-16:] or b"READY" in b"".join(chunks[-2:])[-16:]:
                break
    return b"".join(chunks).decode("utf-8", errors="replace").splitlines()


class FrogBackend:
    name = "frog"

    def __init__(self) -> None:
        self.port = ensure_server()

    def recognize(self, doc: Document, analysis: Analysis) -> list[RawSpan]:
        text = doc.text
        lines = [text[s.start:s.end].replace("\n", " ") for s in analysis.sentences]
        rows = [r.split("\t") for r in _ask(self.port, lines) if r.count("\t") >= _NER_COLUMN]
        spans, pos = [], 0
        begin = typ = None
        last_end = 0
        for row in rows:
            word, tag = row[1], row[_NER_COLUMN]
            at = text.find(word, pos)
            if at < 0 or at - pos > 200:  # Frog changed the token: keep its tag, guess its place
                at = pos
            end = at + len(word)
            inside = tag.startswith("I-") and tag[2:] == typ
            if begin is not None and not inside:
                spans.append(RawSpan(begin, last_end, typ or "MISC"))
                begin = typ = None
            if tag[:2] in ("B-", "I-") and not inside:
                begin, typ = at, tag[2:]
            last_end, pos = end, end
        if begin is not None:
            spans.append(RawSpan(begin, last_end, typ or "MISC"))
        return spans
