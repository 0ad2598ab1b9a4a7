"""A journalist's corrections (kroniek.edits) applied to the exported chronicle, so that the JSON export, the
HTML report and every listing built from them say what the web app says.

Nothing is dropped: a rejected event or conflict stays, marked `review: "rejected"` (with who and when in
`edit`), a hidden document is marked `hidden`, a renamed entity keeps the name the analysis found in
`name_found` and among its aliases, and a quote whose speaker was set keeps the found one in `speaker_found`.
An entity merged into another stays as a stub with `merged_into` (kroniek.export.regroup); an event whose
participants a merge or split changed keeps the found ones in `participants_found` (and `location_found`), a
quote or claim its found speaker in `speaker_found`. A reader of the export sees the correction and what it
corrected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kroniek.edits import REVIEW, Edit, span_key
from kroniek.export.regroup import Regrouping, by_entity, regroup

Edits = Mapping[tuple[str, str], Edit]
Speakers = Mapping[str, list[tuple[int | None, int | None]]]  # per layer, each row's speaker span, in row order


def _review(item: dict[str, Any], edit: Edit | None) -> None:
    if edit and edit.action in REVIEW:
        item.update(review=REVIEW[edit.action], edit=edit.public())


def rename(entity: dict[str, Any], edit: Edit | None) -> None:
    """An entity under the journalist's name; the name found stays, as `name_found` and first alias."""
    if edit and edit.action == "rename" and edit.value:
        found = entity["name"]
        entity.update(name=edit.value, name_found=found, edit=edit.public(),
                      aliases=[found, *(a for a in entity["aliases"] if a != found)])


def _speaker(quote: dict[str, Any], edit: Edit | None, entity_ids: set[str], regrouping: Regrouping) -> None:
    if edit and edit.action == "speaker" and edit.value:
        final = regrouping.final(edit.value)
        named = final if final in entity_ids else None
        quote.update(speaker_found={"speaker": quote.get("speaker"), "speaker_text": quote.get("speaker_text")},
                     speaker=named, speaker_text=None if named else edit.value, edit=edit.public())


def _regrouped(data: dict[str, Any], regrouping: Regrouping, speakers: Speakers) -> None:
    """Events, quotes and claims name the entities as merges and splits left them."""
    data["entities"] = regrouping.entities
    for event in data["events"]:  # the chronology's entries are these same dicts
        found = event["participants"]
        now = regrouping.participants(found, event["sources"])
        if now != found:
            event.update(participants=now, participants_found=found)
        place = event.get("location")
        if place and (moved := regrouping.participants([place], event["sources"])[0]) != place:
            event.update(location=moved, location_found=place)
    for layer in ("quotes", "claims"):
        for row, (start, end) in zip(data[layer], speakers.get(layer) or [(None, None)] * len(data[layer]),
                                     strict=True):
            who = regrouping.of_speaker(row.get("speaker"), row["doc"], start, end)
            if who != row.get("speaker") and "speaker_found" not in row:
                row.update(speaker=who, speaker_found={"speaker": row["speaker"],
                                                       "speaker_text": row.get("speaker_text")})
            elif who != row.get("speaker"):
                row["speaker"] = who


def apply(data: dict[str, Any], edits: Edits, speakers: Speakers | None = None) -> dict[str, Any]:
    """The contract's chronicle with `edits` applied in place (and returned). `speakers`: the speaker spans of the
    quotes and claims, which say whether a split entity or the one split off it speaks."""
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
    renames = by_entity(data["entities"], edits)
    for entity in data["entities"]:
        rename(entity, renames.get(entity["id"]))
    regrouping = regroup(data["entities"], edits)
    if regrouping:
        _regrouped(data, regrouping, speakers or {})
    ids = {e["id"] for e in data["entities"] if "merged_into" not in e}
    for quote in data["quotes"]:
        _speaker(quote, edits.get(("quote", span_key(quote))), ids, regrouping)
    for doc in data["documents"]:
        edit = edits.get(("document", doc["id"]))
        if edit and edit.action == "hide":
            doc.update(hidden=True, edit=edit.public())
    return data
