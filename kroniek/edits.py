"""A journalist's corrections to a chronicle, kept apart from it so that they outlive `kroniek add` and rebuilds.

Edits live in their own table in `edits.duckdb` beside `chronicle.duckdb`, keyed by what is stable across
additions and rebuilds: an event's id, a conflict's id, an entity's id, a document's id (a hash of its text) and
a quote's document and offsets; merges and splits name an entity by its id and one of its mentions, because
ids can change when articles are added (kroniek.export.regroup). Each edit is a row (target, key, action, value,
who, when); the latest per target and key counts, and `reset` undoes. The web app writes them only with
`kroniek serve --edit`, which listens on loopback only; it opens the file for the one insert and closes it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

EDITS_FILE = "edits.duckdb"
ACTIONS = {
    "event": ("confirm", "reject", "reset"),
    "conflict": ("confirm", "reject", "reset"),
    "quote": ("speaker", "reset"),
    "entity": ("rename", "reset"),
    "document": ("hide", "reset"),
    "merge": ("merge", "reset"),  # key: the entity folded in, value: the one it goes into (kroniek.export.regroup)
    "split": ("split", "reset"),  # key: the entity and the surface form whose mentions leave it; value: a name
}
DDL = """CREATE TABLE IF NOT EXISTS edits (
    target VARCHAR NOT NULL, key VARCHAR NOT NULL, action VARCHAR NOT NULL, value VARCHAR,
    edited_by VARCHAR, edited_at TIMESTAMP NOT NULL)"""
MAX_VALUE = 200
REVIEW = {"confirm": "confirmed", "reject": "rejected"}  # an edit's action -> the review it gives


class EditError(ValueError):
    """An edit that names no known target or action, or carries too long a value."""


@dataclass(frozen=True)
class Edit:
    target: str
    key: str
    action: str
    value: str | None
    edited_by: str | None
    edited_at: str

    def public(self) -> dict[str, Any]:
        return {"action": self.action, "value": self.value, "edited_by": self.edited_by, "edited_at": self.edited_at}


def span_key(row: dict) -> str:
    """A span's stable key, `doc:start-end` (a quote's key; an entity reference's anchor mention)."""
    return f"{row['doc']}:{row['start']}-{row['end']}"


class Edits:
    """The edits file of one chronicle."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, chronicle: Path) -> Edits:
        folder = chronicle.parent if chronicle.suffix == ".duckdb" else chronicle
        return cls(folder / EDITS_FILE)

    def stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def all(self) -> list[Edit]:
        """Every edit, oldest first."""
        if not self.path.is_file():
            return []
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            rows = con.execute("SELECT target, key, action, value, edited_by, "
                               "strftime(edited_at, '%Y-%m-%dT%H:%M:%S') FROM edits ORDER BY edited_at, rowid"
                               ).fetchall()
        finally:
            con.close()
        return [Edit(*r) for r in rows]

    def latest(self) -> dict[tuple[str, str], Edit]:
        """What counts: the latest edit per target and key, without those that were reset."""
        out: dict[tuple[str, str], Edit] = {}
        for edit in self.all():
            if edit.action == "reset":
                out.pop((edit.target, edit.key), None)
            else:
                out[(edit.target, edit.key)] = edit
        return out

    def add(self, target: str, key: str, action: str, value: str | None = None, edited_by: str | None = None) -> Edit:
        when = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        edit = Edit(target, key, action, value, edited_by, when.isoformat())
        self.insert([edit])
        return edit

    def insert(self, edits: list[Edit]) -> int:
        """Store edits as given (their own times kept, so re-applied edits keep their order): every one is
        checked first, and none is stored if one is bad."""
        for edit in edits:
            check(edit)
        con = duckdb.connect(str(self.path))
        try:
            con.execute(DDL)
            con.executemany("INSERT INTO edits VALUES (?, ?, ?, ?, ?, ?)", [
                [e.target, e.key, e.action, (e.value or "").strip() or None, (e.edited_by or "").strip() or None,
                 datetime.fromisoformat(e.edited_at)] for e in edits])
        finally:
            con.close()
        return len(edits)


def check(edit: Edit) -> None:
    """Refuse an edit that names no known target or action, lacks a value it needs, or is too long."""
    if edit.action not in ACTIONS.get(edit.target, ()):
        raise EditError(f"no action {edit.action[:20]!r} on {edit.target[:20]!r}")
    if not edit.key or len(edit.key) > MAX_VALUE or len(edit.value or "") > MAX_VALUE or \
            len(edit.edited_by or "") > 80:
        raise EditError("key, value or name missing or too long")
    if edit.action in ("speaker", "rename", "merge") and not (edit.value or "").strip():
        raise EditError(f"{edit.action} needs a value")
    if edit.target == "split" and not edit.key.partition("|")[2].strip():
        raise EditError("a split names an entity and a surface form: ENTITY|FORM")
    try:
        datetime.fromisoformat(edit.edited_at)
    except (TypeError, ValueError):
        raise EditError(f"bad time {str(edit.edited_at)[:40]!r}") from None


def from_json(row: object) -> Edit:
    """An edit as `/api/edits` and `kroniek edits --json` write it."""
    if not isinstance(row, dict):
        raise EditError("an edit is a JSON object")
    target, key, action, value, by, at = (None if row.get(k) is None else str(row[k])[:1000] for k in
                                          ("target", "key", "action", "value", "edited_by", "edited_at"))
    return Edit(target or "", key or "", action or "", value, by, at or "")
