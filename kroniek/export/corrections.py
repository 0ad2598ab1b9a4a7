"""A journalist's corrections (kroniek.edits) applied to the exported chronicle, so that the JSON export, the
HTML report and every listing built from them say what the web app says.

Nothing is dropped: a rejected event or conflict stays, marked `review: "rejected"` (with who and when in
`edit`), a hidden document is marked `hidden`, a renamed entity keeps the name the analysis found in
`name_found` and among its aliases, and a quote whose speaker was set keeps the found one in `speaker_found`.
A reader of the export sees the correction and what it corrected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kroniek.edits import REVIEW, Edit, quote_key

Edits = Mapping[tuple[str, str], Edit]


def _review(item: dict[str, Any], edit: Edit | None) -> None:
    if edit and edit.action in REVIEW:
        item.update(review=REVIEW[edit.action], edit=edit.public())


def _rename(entity: dict[str, Any], edit: Edit | None) -> None:
    if edit and edit.action == "rename" and edit.value:
        found = entity["name"]
        entity.update(name=edit.value, name_found=found, edit=edit.public(),
                      aliases=[found, *(a for a in entity["aliases"] if a != found)])


def _speaker(quote: dict[str, Any], edit: Edit | None, entity_ids: set[str]) -> None:
    if edit and edit.action == "speaker" and edit.value:
        named = edit.value if edit.value in entity_ids else None
        quote.update(speaker_found={"speaker": quote.get("speaker"), "speaker_text": quote.get("speaker_text")},
                     speaker=named, speaker_text=None if named else edit.value, edit=edit.public())


def apply(data: dict[str, Any], edits: Edits) -> dict[str, Any]:
    """The contract's chronicle with `edits` applied in place (and returned)."""
    if not edits:
        return data
    for event in data["events"]:  # the chronology's entries are these same dicts
        _review(event, edits.get(("event", event["id"])))
    for entry in data["timeline"]:
        if entry.get("event"):
            _review(entry, edits.get(("event", entry["event"])))
    for conflict in data["conflicts"]:
        if conflict.get("id"):
            _review(conflict, edits.get(("conflict", conflict["id"])))
    for entity in data["entities"]:
        _rename(entity, edits.get(("entity", entity["id"])))
    ids = {e["id"] for e in data["entities"]}
    for quote in data["quotes"]:
        _speaker(quote, edits.get(("quote", quote_key(quote))), ids)
    for doc in data["documents"]:
        edit = edits.get(("document", doc["id"]))
        if edit and edit.action == "hide":
            doc.update(hidden=True, edit=edit.public())
    return data
