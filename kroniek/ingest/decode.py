"""Bytes to text: encoding detection and the checks that turn bad files into clear reasons."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes


class BadInput(ValueError):
    """Raised with a one-line, user-facing reason why a source cannot be read."""


def _looks_binary(data: bytes) -> bool:
    # Text in any of the encodings we accept has no NUL bytes; UTF-16 with a BOM is handled before.
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first (the common case, and exact), then detection."""
    if not data.strip():
        raise BadInput("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise BadInput("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in {"utf_8", "utf-8"}:
        raise BadInput(f"invalid UTF-8 at byte {utf8_error.start} and no other encoding fits")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise BadInput(f"undecodable text (tried {best.encoding}): {exc.reason}") from exc


def normalise_text(text: str) -> str:
    """Canonical form of a document body: NFC, Unix newlines, no trailing blanks, no NULs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\x00", "").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()
