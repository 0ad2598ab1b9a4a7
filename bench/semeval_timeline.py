"""SemEval-2015 Task 4, track A: entity timelines from raw Wikinews texts, scored as in the task.

    python bench/semeval_timeline.py [DATA] [--out DIR] [--trial]

DATA is the folder holding SemEval_Task4_data/ (default ../shared/data/semeval2015-timeline-en/
SemEval2015-Task4-TimeLine). For each corpus and target entity the system writes a timeline in the task's
format (kroniek.timeline.semeval) and scores it against TimeLines_Gold_Standard; prints one JSON object with
per-corpus and overall micro precision, recall and F1 (best 2015 system on track A: F1 0.0785).

The system, with no training and no gold events:
- sentences naming the target entity (the full name, or for a name of several words all its capitalised words,
  or a person's surname);
- events in those sentences: words the Kroniek event lexicon knows (resources/en/events.json), past-tense
  verbs (-ed) and reporting verbs, within a few words after or before the entity's mention;
- each event's date: the first calendar date the sentence names (Kroniek's time layer, or the regex fallback),
  else the document's creation time;
- events ordered by date, one position per date; the same word on the same date in several documents is one
  event (cross-document coreference).
--trial runs on the trial data (the Apple corpus, 6 timelines), the development set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kroniek.analyze.events import lexicon  # noqa: E402
from kroniek.evaluate.timeline import _time_layer  # noqa: E402
from kroniek.ingest.document import make_document  # noqa: E402
from kroniek.model import Analysis, Sentence  # noqa: E402
from kroniek.timeline.semeval import Counts, Line, compare, parse, render  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "semeval2015-timeline-en" / "SemEval2015-Task4-TimeLine"
REPORTING = frozenset({"said", "says", "say", "announced", "announces", "reported", "stated", "told", "claimed"})
IRREGULAR = frozenset({"sold", "bought", "made", "won", "lost", "took", "began", "fell", "rose", "flew", "built",
                       "paid", "cut", "left", "became", "grew", "gave", "got", "led", "met", "ran", "sent", "set",
                       "spent", "went", "hit", "held", "brought", "chose", "drove", "fought", "sank", "shut"})
NOT_EVENTS = frozenset({"based", "called", "named", "united", "limited", "listed", "related", "used", "red",
                        "need", "speed", "indeed", "hundred", "feed", "seed", "bed", "shed"})
_WINDOW = 12  # words between the entity and an event of its sentence


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    dct: str | None
    sentences: dict[int, list[tuple[str, int]]]  # sentence number -> (token, character start)
    text: str


def read_cat(path: Path) -> Doc:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[tuple[str, int]]] = defaultdict(list)
    parts, pos = [], 0
    for tok in root.iter("token"):
        word = tok.text or ""
        sentences[int(tok.get("sentence", "0"))].append((word, pos))
        parts.append(word)
        pos += len(word) + 1
    dct = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    return Doc(root.get("doc_id", path.stem.split("_")[0].split("-")[0]), dct, dict(sentences), " ".join(parts))


def sentence_dates(doc: Doc, layer) -> dict[int, str]:
    """The first calendar date (day or month) each sentence names, by the chosen time layer."""
    kdoc = replace(make_document(source=doc.id, text=doc.text, date=doc.dct), language="en")
    spans = sorted((toks[0][1], toks[-1][1] + len(toks[-1][0]), n) for n, toks in doc.sentences.items() if toks)
    analysis = Analysis(doc_id=kdoc.id, language="en", sentences=[Sentence(s, e, 0) for s, e, _ in spans])
    layer(kdoc, analysis)
    out: dict[int, str] = {}
    for t in sorted(analysis.timexes, key=lambda t: t.start):
        m = re.match(r"\d{4}-\d{2}(?:-\d{2})?", t.value or "") if t.type in ("DATE", "TIME") else None
        if m:
            n = next((n for s, e, n in spans if s <= t.start < e), None)
            if n is not None and n > 1:  # sentences 0 and 1 are the title and the dateline
                out.setdefault(n, m.group(0))
    return out


def name_matcher(entity: str) -> list[list[str]]:
    """Token sequences standing for the entity: the full name; for longer names the capitalised words; for a
    two-word person-like name the surname."""
    words = entity.replace("&", " & ").split()
    forms = [words]
    caps = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    if 1 < len(caps) < len(words):
        forms.append(caps)
    if len(words) == 2 and all(w[:1].isupper() for w in words):
        forms.append(words[-1:])
    if entity.lower().startswith("us "):
        forms.append(["U.S."] + words[1:])
    return forms


def mentions(tokens: list[str], forms: list[list[str]]) -> list[int]:
    low = [t.lower() for t in tokens]
    out = []
    for form in forms:
        f = [w.lower() for w in form]
        out += [i for i in range(len(low) - len(f) + 1) if low[i:i + len(f)] == f]
    return sorted(set(out))


def is_event(word: str, lex) -> bool:
    w = word.lower()
    if not w.isalpha() or word[:1].isupper() or w in NOT_EVENTS:
        return False
    return (w in REPORTING or w in IRREGULAR or lex.event_type(w) is not None
            or (len(w) > 4 and w.endswith("ed")))


def system(entity: str, docs: list[Doc], dates: dict[str, dict[int, str]]) -> list[Line]:
    lex = lexicon("en")
    forms = name_matcher(entity)
    events: dict[tuple[str, str], list[str]] = defaultdict(list)  # (date, word) -> mentions
    for doc in docs:
        for n, toks in doc.sentences.items():
            words = [w for w, _ in toks]
            hits = mentions(words, forms)
            if not hits or n == 1:
                continue
            day = dates[doc.id].get(n) or (doc.dct or "")[:10]
            for i, w in enumerate(words):
                if is_event(w, lex) and any(-3 <= i - h <= _WINDOW for h in hits):
                    events[(day, w.lower())].append(f"{doc.id}-{n}-{w}")
    lines, order, last = [], 0, None
    for (day, _), ms in sorted(events.items()):
        if day != last:
            order, last = order + 1, day
        full = day + "-XX-XX"[len(day) - 4:] if len(day) < 10 else day
        lines.append(Line(order, full if day else "XXXX-XX-XX", tuple(dict.fromkeys(ms))))
    return lines


def run_corpus(folder: Path, gold_dir: Path, layer, out: Path | None) -> tuple[Counts, dict]:
    docs = [read_cat(p) for p in sorted(folder.glob("*.xml"))]
    dates = {d.id: sentence_dates(d, layer) for d in docs}
    total, per = Counts(), {}
    for gold_path in sorted(gold_dir.glob("*.txt")):
        entity, gold = parse(gold_path.read_text(encoding="utf-8"))
        pred = system(entity, docs, dates)
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / gold_path.name).write_text(render(entity, pred), encoding="utf-8")
        c = compare(pred, gold)
        total.add(c)
        per[gold_path.stem] = {k: round(v, 4) for k, v in c.scores().items()}
    return total, per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--out", type=Path, help="write the system timelines here")
    ap.add_argument("--trial", action="store_true", help="the trial (development) data instead of the test corpora")
    ap.add_argument("--time-layer", default="auto", choices=("auto", "timex", "regex"))
    ap.add_argument("--timelines", action="store_true", help="also print per-timeline scores")
    args = ap.parse_args()
    layer_name, layer = _time_layer(args.time_layer)
    started = time.perf_counter()
    if args.trial:
        runs = {"trial": (args.data / "Corpus-trial-data_task4", args.data / "TimeLines_trial_data_task4_v1.2")}
    else:
        base = args.data / "SemEval_Task4_data"
        runs = {c.name: (c / "corpus_trackA_CAT", c / "TimeLines_Gold_Standard")
                for c in sorted(base.glob("corpus_*")) if c.is_dir()}
    total, result = Counts(), {"corpora": {}, "time_layer": layer_name}
    for name, (folder, gold) in runs.items():
        c, per = run_corpus(folder, gold, layer, args.out / name if args.out else None)
        total.add(c)
        result["corpora"][name] = {k: round(v, 4) for k, v in c.scores().items()}
        if args.timelines:
            result["corpora"][name]["timelines"] = per
    result["micro"] = {k: round(v, 4) for k, v in total.scores().items()}
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
