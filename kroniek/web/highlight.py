"""Document text with its annotations marked, built from character offsets.

Spans of different layers overlap freely (a name inside a quote inside a claim), so the text is cut at every
span boundary and each piece carries the classes of all spans covering it; no nesting has to be balanced.
Every piece of text and every attribute value is escaped on its own: the article is untrusted input.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    css: str  # class name(s)
    title: str = ""  # tooltip
    href: str | None = None  # link target for the piece (entity page)
    anchor: str | None = None  # element id for the first piece of the span


def _valid(mark: Mark, n: int) -> bool:
    return isinstance(mark.start, int) and isinstance(mark.end, int) and 0 <= mark.start < mark.end <= n


def render(text: str, marks: list[Mark]) -> Markup:
    """HTML of `text` with every mark's range wrapped in a span carrying its classes and tooltip."""
    marks = [m for m in marks if _valid(m, len(text))]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > lo] + starts.get(lo, [])
        piece = escape(text[lo:hi], quote=False)
        if not active:
            out.append(piece)
            continue
        css = " ".join(dict.fromkeys(m.css for m in active))
        title = " · ".join(dict.fromkeys(m.title for m in active if m.title))
        anchors = [m.anchor for m in active if m.anchor and m.start == lo]
        attrs = f' class="{escape(css)}"'
        if title:
            attrs += f' title="{escape(title)}"'
        if anchors:
            attrs += f' id="{escape(anchors[0])}"'
        html = f"<span{attrs}>{piece}</span>"
        href = next((m.href for m in active if m.href), None)
        if href:
            html = f'<a href="{escape(href)}">{html}</a>'
        out.append(html)
    return Markup("".join(out))


def entity_href(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe="")


def document_marks(doc: dict, names: dict[str, str | None], focus: tuple[int, int] | None = None) -> list[Mark]:
    """The marks of a document's layers (as returned by Chronicle.document) and an optional focused span;
    `names` gives entity display names by id for the tooltips."""
    marks = [
        Mark(m["start"], m["end"], f"ent ent-{m['type'] or 'MISC'}",
             f"{m['type']}" + (f" → {names.get(m['entity']) or m['entity']}" if m.get("entity") else ""),
             entity_href(m["entity"]) if m.get("entity") else None)
        for m in doc["mentions"]
    ]
    marks += [Mark(t["start"], t["end"], "tx", f"{t['type']} {t['value']}") for t in doc["timexes"]]
    marks += [Mark(q["start"], q["end"], "qt", f"quote: {q.get('speaker_text') or 'unknown speaker'}")
              for q in doc["quotes"]]
    marks += [Mark(c["start"], c["end"], "cl", _claim_title(c)) for c in doc["claims"]]
    if focus:
        marks.append(Mark(focus[0], focus[1], "focus", "", None, "focus"))
    return marks


def _claim_title(claim: dict) -> str:
    value = f"{claim['value']:g}" if claim.get("value") is not None else None
    return "claim: " + " ".join(str(p) for p in (value, claim.get("unit"), claim.get("counts")) if p)


def snippet(fragment: str, highlights: tuple[tuple[int, int], ...]) -> Markup:
    """A search snippet with its matched terms in <mark>, each segment escaped."""
    out, pos = [], 0
    for lo, hi in sorted(highlights):
        if lo < pos:
            continue
        out.append(escape(fragment[pos:lo], quote=False))
        out.append(f"<mark>{escape(fragment[lo:hi], quote=False)}</mark>")
        pos = hi
    out.append(escape(fragment[pos:], quote=False))
    return Markup("".join(out))
