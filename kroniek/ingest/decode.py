"""Bytes to text: encoding detection and the checks that turn bad files into clear reasons."""

from __future__ import annotations

import re
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


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_sequences(data: bytes) -> bool:
    """True when the bytes hold well-formed UTF-8 multibyte characters, i.e. the file was meant as UTF-8.

    Legacy 8-bit text (cp1252, latin-1) almost never forms such sequences by accident."""
    return len(_UTF8_MULTIBYTE.findall(data[:200_000])) >= 2


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
    if _has_utf8_sequences(data):
        # Mostly UTF-8 with broken bytes: guessing a legacy encoding would garble every accented letter.
        raise BadInput(f"invalid UTF-8 at byte {utf8_error.start}")
    if (western := _as_western(data)) is not None:
        return western, "cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in {"utf_8", "utf-8"}:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        # A non-Latin code page (Cyrillic, Greek, CJK) is believable only if it yields no odd Latin letters.
        if text and not any(ord(c) > 127 and "LATIN" in unicodedata.name(c, "") for c in text):
            return text, best.encoding
    raise BadInput(f"invalid UTF-8 at byte {utf8_error.start}")


# Non-ASCII characters that Dutch, English and their neighbours' names use; anything else in a cp1252 reading
# (þ, ÿ, ð, ...) means the bytes were not cp1252 text.
_WESTERN = set("àáâäãåæçèéêëìíîïñòóôöõøœùúûüýÀÁÂÄÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØŒÙÚÛÜÝßšžŠŽ"
               "‘’‚“”„–—…•€£°©®™«»§·½¼¾×´¨\u00a0")


def _as_western(data: bytes) -> str | None:
    """cp1252 text if the bytes read as Western European text: ASCII with a few plausible accented letters.

    Detectors guess poorly on short Dutch or English texts (cp1250, even Shift-JIS), so this comes first."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [c for c in text if ord(c) > 127]
    letters = sum(1 for c in text if c.isalpha())
    if not extra or any(c not in _WESTERN for c in extra) or len(extra) > 0.2 * max(letters, 1):
        return None
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """Lone surrogates (a JSON '\\ud800', a file name in no encoding) as U+FFFD: they cannot be encoded as UTF-8,
    so the store, the exports and the web app could not write them. One character for one: offsets stay."""
    return _SURROGATE.sub("\ufffd", text)


def normalise_text(text: str) -> str:
    """Canonical form of a document body: NFC, Unix newlines, no trailing blanks, no NULs, no lone surrogates."""
    text = unicodedata.normalize("NFC", storable(text).replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\x00", "").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()
