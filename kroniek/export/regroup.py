"""A journalist's merges and splits of entities (kroniek.edits, targets `merge` and `split`), worked out once
over the entities as the linking step found them, for the JSON export (kroniek.export.corrections) and the web
app (kroniek.web.data) alike.

Keys. An entity's id is its gazetteer key, else its type and the slug of its canonical name (kroniek.link.entities
`id_base`), with `-2`, `-3` ... for namesakes. Builds of the same articles give the same ids (tests/test_build.py),
but `kroniek add` changes some: after adding 666 DPG Media 2019 articles (dev) to 700, 108 of 3,900 ids were gone (the
entity took another canonical name or joined another: per-erdogan -> per-recep-tayyip-erdogan) and 13 named
another entity. A merge or split therefore names an entity by a reference, `id@doc:start-end`: its id and one of
its mentions (a document id is a hash of its text, and its mentions are found again by every build). The entity
holding that mention now is meant; only if no entity holds it, the id. An edit whose entity is gone applies to
nothing but is kept; `kroniek edits` lists it.

- merge: key a reference to A, value one to B. A is folded into B: A's mentions, aliases and descriptions
  count for B, every event, quote and claim of A names B. A stays in the export as a stub (no mentions) with
  `merged_into`. Chains (A into B, B into C) end at C; an edit that would close a cycle is ignored.
- split: key `reference to X|surface form`, value an optional name. X's mentions written exactly so leave X
  for a new entity `X~slug` (made of what keyed the edit, so the same after a rebuild), with `split_from`. A
  split that would take every mention of X is ignored (that is a rename). Splits come before merges, so a
  split-off entity can be merged elsewhere.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kroniek.edits import Edit, span_key
from kroniek.ner.lexicon import fold

SPLIT_SEP = "|"
Span = tuple[str, int, int]


def _span(m: Mapping[str, Any]) -> Span:
    return (m["doc"], m["start"], m["end"])


def entity_ref(entity: Mapping[str, Any]) -> str:
    """How an edit names an entity: `id@doc:start-end`, by a mention written as its name where there is one."""
    mentions = entity.get("mentions") or []
    anchor = next((m for m in mentions if m["text"] == entity["name"]), mentions[0] if mentions else None)
    return f"{entity['id']}@{span_key(anchor)}" if anchor else entity["id"]


def _parse_ref(ref: str) -> tuple[str, Span | None]:
    ident, _, anchor = ref.partition("@")
    doc, _, offsets = anchor.rpartition(":")
    start, _, end = offsets.partition("-")
    return (ident, (doc, int(start), int(end))) if doc and start.isdigit() and end.isdigit() else (ident, None)


def split_key(entity: Mapping[str, Any], surface: str) -> str:
    """The key of a split of `entity`'s mentions written `surface`: anchored by a mention that stays."""
    kept = [m for m in entity.get("mentions") or [] if m["text"] != surface]
    return f"{entity_ref({**entity, 'mentions': kept})}{SPLIT_SEP}{surface}"


def split_id(entity_id: str, surface: str) -> str:
    """The id of the entity split off `entity_id` by its mentions written `surface`."""
    return f"{entity_id}~{re.sub(r'[^a-z0-9]+', '-', fold(surface)).strip('-') or 'x'}"


@dataclass
class Regrouping:
    """What the merges and splits did: the entities after them, and how to name the entity of a mention,
    a participant or a speaker the linking step attached to an entity."""

    entities: list[dict] = field(default_factory=list)  # in the order given, split-off entities after their source
    merged_into: dict[str, str] = field(default_factory=dict)  # folded entity -> the entity it ends in
    split_spans: dict[Span, str] = field(default_factory=dict)  # mention -> split-off entity
    _split_docs: dict[str, dict[str, list[tuple[int, int, str | None]]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.merged_into or self.split_spans)

    def final(self, entity: str | None) -> str | None:
        return self.merged_into.get(entity, entity) if entity else entity

    def of_mention(self, entity: str | None, doc: str, start: int, end: int) -> str | None:
        """The entity of a mention the linking step gave to `entity`."""
        return self.final(self.split_spans.get((doc, start, end), entity) if entity else entity)

    def of_speaker(self, entity: str | None, doc: str, start: int | None, end: int | None) -> str | None:
        """A quote's or claim's speaker: the split-off entity when the speaker span overlaps one of its mentions."""
        if entity and entity in self._split_docs and start is not None and end is not None:
            for s, e, new in self._split_docs[entity].get(doc, ()):
                if s < end and e > start:
                    entity = new or entity
                    break
        return self.final(entity)

    def participants(self, ids: Iterable[str], sources: list[dict]) -> list[str]:
        """An event's participants: a split entity is replaced by the split-off one when only mentions of that
        one lie in the event's sources (both kept when both do); merged ones by what they were merged into."""
        out: list[str] = []
        for pid in ids:
            for new in self._split_participant(pid, sources):
                final = self.final(new)
                if final and final not in out:
                    out.append(final)
        return out

    def _split_participant(self, pid: str, sources: list[dict]) -> list[str]:
        spans = self._split_docs.get(pid)
        if not spans:
            return [pid]
        found = {new or pid for src in sources for s, e, new in spans.get(src.get("doc", ""), ())
                 if s < src["end"] and e > src["start"]}
        return sorted(found, key=lambda i: i != pid) or [pid]


def by_entity(entities: list[dict], edits: Mapping[tuple[str, str], Edit], target: str = "entity") -> dict[str, Edit]:
    """The edits of `target` (renames) by the entity they now name: a key that is a reference finds its entity by
    its mention, a bare id (as older edits have) by the id."""
    keyed = {key: edit for (t, key), edit in edits.items() if t == target}
    anchors = {a for key in keyed for a in [_parse_ref(key)[1]] if a}
    holders = {_span(m): e["id"] for e in entities for m in e["mentions"] if _span(m) in anchors} if anchors else {}
    out = {}
    for key, edit in sorted(keyed.items(), key=lambda kv: kv[1].edited_at):  # the latest wins a shared entity
        ident, anchor = _parse_ref(key)
        out[holders.get(anchor, ident) if anchor else ident] = edit
    return out


def regroup(entities: list[dict], edits: Mapping[tuple[str, str], Edit]) -> Regrouping:
    """Apply the merge and split edits to `entities` (dicts with id, name, type, aliases, descriptions and
    mentions, as the export and the web app hold them; copied, never changed in place)."""
    splits = [e for (target, _), e in edits.items() if target == "split"]
    merges = sorted((e for (target, _), e in edits.items() if target == "merge"), key=lambda e: e.edited_at)
    if not splits and not merges:
        return Regrouping(entities=entities)
    out = Regrouping(entities=[dict(e) for e in entities])
    by_id = {e["id"]: e for e in out.entities}
    anchors = {a for e in splits for a in [_parse_ref(e.key.partition(SPLIT_SEP)[0])[1]] if a}
    anchors |= {a for e in merges for ref in (e.key, e.value or "") for a in [_parse_ref(ref)[1]] if a}
    holders = {_span(m): e["id"] for e in out.entities for m in e["mentions"] if _span(m) in anchors}

    def resolve(ref: str) -> str | None:
        ident, anchor = _parse_ref(ref)
        held = (out.split_spans.get(anchor) or holders.get(anchor)) if anchor else None
        return held or (ident if ident in by_id else None)

    for edit in splits:
        _split(out, by_id, edit, resolve(edit.key.partition(SPLIT_SEP)[0]))
    for edit in merges:
        _merge(out, by_id, edit, resolve(edit.key), resolve(edit.value or ""))
    return out


def _split(out: Regrouping, by_id: dict[str, dict], edit: Edit, entity_id: str | None) -> None:
    surface = edit.key.partition(SPLIT_SEP)[2]
    source = by_id.get(entity_id or "")
    if source is None or not surface:
        return
    taken = [m for m in source["mentions"] if m["text"] == surface]
    kept = [m for m in source["mentions"] if m["text"] != surface]
    new_id = split_id(_parse_ref(edit.key)[0], surface)
    if not taken or not kept or new_id in by_id:
        return
    new = {"id": new_id, "name": (edit.value or "").strip() or surface, "type": source["type"],
           "aliases": [surface], "descriptions": [], "mentions": taken, "split_from": source["id"],
           "edit": {**edit.public(), "key": edit.key}}
    docs = out._split_docs.setdefault(source["id"], defaultdict(list))
    for m in kept:
        docs[m["doc"]].append((m["start"], m["end"], None))
    for m in taken:
        docs[m["doc"]].append((m["start"], m["end"], new_id))
        out.split_spans[_span(m)] = new_id
    source.update(mentions=kept, aliases=[a for a in source["aliases"] if a != surface],
                  split_off=[*source.get("split_off", []), new_id])
    out.entities.insert(out.entities.index(source) + 1, new)
    by_id[new_id] = new


def _merge(out: Regrouping, by_id: dict[str, dict], edit: Edit, folded_id: str | None, into: str | None) -> None:
    into = out.final(into)
    folded = by_id.get(folded_id or "")
    if folded is None or into not in by_id or into == folded["id"] or "merged_into" in folded:
        return
    target = by_id[into or ""]
    target.update(mentions=sorted([*target["mentions"], *folded["mentions"]], key=lambda m: (m["doc"], m["start"])),
                  aliases=list(dict.fromkeys([*target["aliases"], folded["name"], *folded["aliases"]])),
                  descriptions=list(dict.fromkeys([*target.get("descriptions", []),
                                                   *folded.get("descriptions", [])])),
                  merged=[*target.get("merged", []), {"id": folded["id"], "name": folded["name"],
                                                      "edit": {**edit.public(), "key": edit.key}}])
    folded.update(mentions=[], merged_into=into, edit={**edit.public(), "key": edit.key})
    for key, value in list(out.merged_into.items()):
        if value == folded["id"]:
            out.merged_into[key] = into  # type: ignore[assignment]
    out.merged_into[folded["id"]] = into  # type: ignore[assignment]
