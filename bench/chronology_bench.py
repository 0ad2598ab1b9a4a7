"""Story chronologies (issue 12): event recall of the key-date timeline and the full chronology on the story golds.

    PYTHONPATH=. python3 bench/chronology_bench.py [--shared ../shared] [--json OUT] [--chronicles DIR]

Scores the three Dutch dpgmedia2019 stories (two dev, one held-out test) and the English Wikinews story (test)
with `kroniek.evaluate.chronology` and prints a markdown table, dev and test apart. The gold files are in
bench/data (see README-chronology.md); the articles are read from the shared data, never from the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from kroniek.evaluate.chronology import LISTINGS, evaluate

ROOT = Path(__file__).resolve().parent.parent
SETS = [  # gold, articles (relative to the shared data folder)
    ("chronology-nl-gold.jsonl", "dpgmedia2019-nl/dpgMedia2019-articles-byarticle-all.jsonl"),
    ("chronology-en-gold.jsonl", "wikinews-en/wikinews_2019.csv"),
]


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def table(results: list[dict]) -> str:
    head = ("| split | story | lang | articles | gold events | key dates: entries | key dates: recall "
            "| chronology: entries | chronology: recall | background recalled (key dates / chronology) |")
    rows = [head, "|" + "---|" * 10]
    for split in ("dev", "test"):
        for result in results:
            for name, s in result["stories"].items():
                if s["split"] != split:
                    continue
                cells = [f"{s[k]['entries']} | {s[k]['recalled']}/{s['n_gold']} = {s[k]['recall']:.2f}"
                         for k in LISTINGS]
                background = s["by_group"].get("background", 0)
                got = " / ".join(str(s[k]["recalled_by_group"].get("background", 0)) for k in LISTINGS)
                rows.append(f"| {split} | {name} | {result['language']} | {s['n_articles']} | {s['n_gold']} | "
                            + " | ".join(cells) + f" | {got} of {background} |")
    for result in results:
        for split, agg in result["splits"].items():
            if len(agg["stories"]) > 1:
                cells = [f"{agg[k]['entries']} | {agg[k]['recalled']}/{agg['n_gold']} = {agg[k]['recall']:.2f}"
                         for k in LISTINGS]
                rows.append(f"| **{split}, all** | {len(agg['stories'])} stories | {result['language']} | | "
                            f"{agg['n_gold']} | " + " | ".join(cells) + " | |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (data/ inside)")
    parser.add_argument("--json", type=Path, help="also write the full results here")
    parser.add_argument("--chronicles", type=Path, help="keep the built chronicles in DIR/<story> (reused if there)")
    args = parser.parse_args()
    results = []
    for gold, articles in SETS:
        result = evaluate(ROOT / "bench" / "data" / gold, args.shared / "data" / articles,
                          chronicle_dir=args.chronicles)
        result["language"] = gold.split("-")[1]
        results.append(result)
    print(f"commit {_commit()}\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"commit": _commit(), "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
