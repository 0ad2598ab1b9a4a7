"""A judged sample of English quotes on Wikinews articles (issue 17: English quotes as good as Dutch).

Protocol: the articles of ../shared/data/wikinews-en/wikinews_2019.csv except the story held out as `split: test`
in bench/data/stories-en.json (UK prorogation), shuffled with seed 17. The first five articles of that order were
read while the English rules were written. The first judged sample skips ten articles (`--skip 10`; nine articles,
judged before the fixes it prompted), the second skips 19 (`--skip 19`; judged once after the last rule change,
with the original rules beside it), the third skips 24 (`--skip 24`; judged once with the final rules and the
original ones). Each takes quotes article by article until `--size` quotes (default 40).
A judge reads each quote with its sentence and marks it right when (a) the content is a statement (speech,
writing or a stated position, not a wish, knowledge or an adjective) and covers what was said without swallowing
the attribution, and (b) the speaker shown names who said it (a person or organisation; a pronoun or description
only when resolved to the named one). Judgements are stored in bench/data/quotes-en-judged.jsonl (article URL,
quote offsets, the verdict and a note in our words; no article text).

    python bench/quotes_judge_en.py [--skip 19] [--show]     # list the sample (with --show: the text to judge)
    python bench/quotes_judge_en.py --score                   # precision of the stored judgements
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from kroniek.analyze import analyze
from kroniek.model import Document

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" if (HERE.parents[1] / "shared").is_dir() else HERE.parents[0].parent / "shared"
JUDGED = HERE / "data" / "quotes-en-judged.jsonl"


def articles(shared: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    held_out = set()
    stories = json.loads((HERE / "data" / "stories-en.json").read_text(encoding="utf-8"))["stories"]
    for story in stories.values():
        if story.get("split") == "test":
            held_out.update(story["articles"])
    with (shared / "data" / "wikinews-en" / "wikinews_2019.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["url"] not in held_out and r["text"].strip()]
    random.Random(17).shuffle(rows)
    return rows


def sample(shared: Path, size: int, skip: int = 10) -> list[tuple[dict[str, str], object]]:
    out: list[tuple[dict[str, str], object]] = []
    for row in articles(shared)[skip:]:
        doc = Document(id=row["url"], source=row["url"], text=row["text"], language="en")
        for q in analyze(doc).quotes:
            out.append((row, q))
        if len(out) >= size:
            break
    return out[:size]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--skip", type=int, default=10, help="articles of the shuffled order left out (development)")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--score", action="store_true")
    args = parser.parse_args()
    if args.score:
        rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
        for version in sorted({r["version"] for r in rows}):
            part = [r for r in rows if r["version"] == version]
            right = sum(r["right"] for r in part)
            print(json.dumps({"version": version, "quotes": len(part), "right": right,
                              "precision": round(right / len(part), 3)}))
        return
    for i, (row, q) in enumerate(sample(args.shared, args.size, args.skip)):
        named = row["text"][q.speaker_start:q.speaker_end] if q.speaker_start is not None else None
        rec = {"i": i, "url": row["url"], "start": q.start, "end": q.end, "speaker_text": q.speaker_text,
               "speaker_start": q.speaker_start, "speaker_end": q.speaker_end, "cue": q.cue}
        print(json.dumps(rec, ensure_ascii=False))
        if args.show:
            s = max(0, q.start - 200)
            print("   QUOTE:", row["text"][q.start:q.end][:300].replace("\n", " "))
            print("   SPEAKER:", q.speaker_text, "->", named, "| CONTEXT:",
                  row["text"][s:q.end + 120].replace("\n", " "))


if __name__ == "__main__":
    main()
