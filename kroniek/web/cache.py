"""Finished responses kept per URL: plain and gzip-compressed, bounded in number and bytes."""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi.responses import Response
from starlette.types import Scope

CACHE_SIZE = 4096
CACHE_BYTES = 256 * 2**20  # entity JSON of a much-mentioned entity is a few hundred kB
GZIP_MIN_BYTES = 1024  # smaller bodies gain too little to be worth a header
GZIP_FAST_BYTES = 1 << 20  # larger ones (the chart's data, CSV of a whole listing) at level 1: 3 times faster to
# pack than level 6, about a third larger (the CSV of 66,868 events: 0.10 s and 2.7 MB instead of 0.30 s, 2.0 MB)


class Answer:
    """One finished response, plain and gzip-compressed: compressed once when made, since a browser asks for gzip
    and the largest pages (the timeline of a thousand events) shrink about tenfold."""

    def __init__(self, body: bytes, media: str, headers: dict[str, str]) -> None:
        headers = {**headers, "Vary": "Accept-Encoding"}
        self.plain = Response(body, media_type=media, headers=headers)
        self.gzipped, self.size = None, len(body)
        if len(body) >= GZIP_MIN_BYTES:
            packed = gzip.compress(body, compresslevel=1 if len(body) >= GZIP_FAST_BYTES else 6, mtime=0)
            self.gzipped = Response(packed, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
            self.size += len(packed)

    def for_scope(self, scope: Scope) -> Response:
        if self.gzipped is not None and _accepts_gzip(scope):
            return self.gzipped
        return self.plain


def _accepts_gzip(scope: Scope) -> bool:
    """Whether the request's Accept-Encoding lists gzip with a weight above 0 ('gzip, deflate, br')."""
    for name, value in scope.get("headers", ()):
        if name != b"accept-encoding":
            continue
        for part in value.decode("latin-1").lower().split(","):
            coding, _, params = part.partition(";")
            if coding.strip() == "gzip":
                weight = params.strip()
                try:
                    return not weight.startswith("q=") or float(weight[2:]) > 0
                except ValueError:
                    return False
    return False


class Cache:
    """Finished answers by URL; bounded in number and bytes, least recently used out first."""

    def __init__(self, size: int = CACHE_SIZE, max_bytes: int = CACHE_BYTES) -> None:
        self.size, self.max_bytes, self.bytes = size, max_bytes, 0
        self.items: OrderedDict[tuple[str, bytes], Answer] = OrderedDict()
        self.lock = threading.Lock()
        self.making: dict[tuple[str, bytes], threading.Lock] = {}

    def peek(self, key: tuple[str, bytes]) -> Answer | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def get(self, key: tuple[str, bytes], make: Callable[[], Answer]) -> Answer:
        """The cached value, made once even when many requests for it arrive together."""
        with self.lock:
            if key in self.items:
                return self.items[key]
            making = self.making.setdefault(key, threading.Lock())
        with making:
            try:
                with self.lock:
                    if key in self.items:
                        return self.items[key]
                value = make()
                with self.lock:
                    self.items[key] = value
                    self.bytes += value.size
                    while len(self.items) > 1 and (len(self.items) > self.size or self.bytes > self.max_bytes):
                        self.bytes -= self.items.popitem(last=False)[1].size
                return value
            finally:
                with self.lock:
                    self.making.pop(key, None)


def cache_key(scope: Scope) -> tuple[str, bytes]:
    """The decoded path and the raw query: as a pair, since a decoded path can hold a '?' of its own."""
    return scope["path"], scope.get("query_string", b"")
