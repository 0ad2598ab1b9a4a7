"""SemEval-2015 Task 4 (TimeLine: cross-document event ordering): the timeline format and its scoring.

A timeline file has the target entity on its first line, then one line per event: `ORDER<TAB>DATE<TAB>MENTION
[<TAB>MENTION...]`, where a MENTION is `docid-sentence-word`, the mentions on one line are the same event
(cross-document coreference), ORDER ranks the events (equal orders: simultaneous; 0: not placed in time) and DATE
is `YYYY-MM-DD`, `YYYY-MM-XX`, `YYYY-XX-XX` or `XXXX-XX-XX` (unknown).

Scoring follows the task's protocol: a timeline becomes a graph of temporal relations and is compared with
UzZaman & Allen's temporal awareness (TempEval-3): precision is the share of the system's reduced graph that the
reference's closure entails, recall the share of the reference's reduced graph that the system's closure
entails, micro-averaged over all timelines. The official tool (a TimeML conversion plus the TempEval-3 scorer)
is not distributed with the data; this re-implementation makes its conventions explicit:
- relations: SIMULTANEOUS between the mentions of one position, BEFORE between mentions of a lower and a higher
  position, INCLUDED between a mention and its date (and any coarser date containing it); ORDER 0 (unplaced)
  events only relate their own coreferent mentions;
- the reduced graph: per position a chain over its mentions, one anchor per position, and one BEFORE between
  consecutive positions unless their dates already order them (the calendar is known to both sides).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Relation = tuple[str, str, str]  # (kind, a, b): ("SIMULTANEOUS" | "BEFORE" | "INCLUDED", mention, mention/date)


@dataclass(frozen=True, slots=True)
class Line:
    order: int
    date: str  # as written, e.g. 2005-01-XX
    mentions: tuple[str, ...]


def parse(text: str) -> tuple[str, list[Line]]:
    """(target entity, lines) of a timeline file."""
    rows = text.splitlines()
    lines = []
    for row in rows[1:]:
        cells = [c.strip() for c in row.split("\t") if c.strip()]
        if len(cells) >= 3 and cells[0].lstrip("-").isdigit():
            lines.append(Line(int(cells[0]), cells[1], tuple(dict.fromkeys(cells[2:]))))
    return (rows[0].strip() if rows else ""), lines


def render(entity: str, lines: Iterable[Line]) -> str:
    return "\n".join([entity, *("\t".join([str(x.order), x.date, *x.mentions]) for x in lines)]) + "\n"


def calendar(value: str) -> str | None:
    """'2005-01-18' stays, '2005-01-XX' -> '2005-01', '2005-XX-XX' -> '2005', 'XXXX-XX-XX' -> None."""
    parts = []
    for p in value.split("-")[:3]:
        if not p.isdigit():
            break
        parts.append(p)
    return "-".join(parts) or None


def _within(inner: str, outer: str) -> bool:
    return inner.startswith(outer)


def _before(a: str, b: str) -> bool:
    """Is calendar date a entirely before b (at their precisions)?"""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


class Graph:
    """The closure of one timeline, answered on demand, and its reduced graph."""

    def __init__(self, lines: list[Line]) -> None:
        self.group: dict[str, tuple[int, int]] = {}  # mention -> (order, group id)
        self.date: dict[str, str] = {}  # mention -> calendar date (anchored mentions only)
        groups: dict[tuple[int, int], list[str]] = {}
        for n, line in enumerate(lines):
            key = (line.order, line.order if line.order > 0 else -1 - n)
            for m in line.mentions:
                if m in self.group:
                    continue  # a mention placed twice keeps its first place
                self.group[m] = key
                groups.setdefault(key, []).append(m)
                day = calendar(line.date)
                if day and line.order > 0:
                    self.date[m] = day
        self.groups = groups

    def entails(self, rel: Relation) -> bool:
        kind, a, b = rel
        ga = self.group.get(a)
        if ga is None:
            return False
        if kind == "INCLUDED":
            d = self.date.get(a)
            return d is not None and _within(d, b)
        gb = self.group.get(b)
        if gb is None:
            return False
        if kind == "SIMULTANEOUS":
            return ga == gb
        return 0 < ga[0] < gb[0]  # BEFORE

    def reduced(self) -> list[Relation]:
        out: list[Relation] = []
        placed = sorted(k for k in self.groups if k[0] > 0)
        for key, members in self.groups.items():
            out.extend(("SIMULTANEOUS", a, b) for a, b in zip(members, members[1:], strict=False))
            if key[0] > 0:
                dates = sorted({self.date[m] for m in members if m in self.date}, key=len, reverse=True)
                if dates:
                    out.append(("INCLUDED", members[0], dates[0]))
        for k1, k2 in zip(placed, placed[1:], strict=False):
            a, b = self.groups[k1][0], self.groups[k2][0]
            da, db = self.date.get(a), self.date.get(b)
            if not (da and db and _before(da, db)):
                out.append(("BEFORE", a, b))
        return out


@dataclass
class Counts:
    sys_verified: int = 0
    sys_total: int = 0
    ref_found: int = 0
    ref_total: int = 0

    def add(self, other: Counts) -> None:
        self.sys_verified += other.sys_verified
        self.sys_total += other.sys_total
        self.ref_found += other.ref_found
        self.ref_total += other.ref_total

    def scores(self) -> dict[str, float]:
        p = self.sys_verified / self.sys_total if self.sys_total else 0.0
        r = self.ref_found / self.ref_total if self.ref_total else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def compare(system: list[Line], reference: list[Line]) -> Counts:
    sys_graph, ref_graph = Graph(system), Graph(reference)
    sys_red, ref_red = sys_graph.reduced(), ref_graph.reduced()
    return Counts(sum(map(ref_graph.entails, sys_red)), len(sys_red),
                  sum(map(sys_graph.entails, ref_red)), len(ref_red))
