"""Hide the dates of a random 20 % of a corpus (seed 18) for bench/dating_bench.py.

    python3 bench/hide_dates.py CORPUS.json[l] OUT.jsonl TRUTH.json DATEFIELD

Writes the corpus as JSON Lines with the chosen records' date field removed, and their true dates (by record
id) to TRUTH.json, outside the repository.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def main() -> None:
    src, out, truth, field = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    text = src.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()] if src.suffix == ".jsonl" \
        else json.loads(text)
    hidden = set(random.Random(18).sample(range(len(rows)), len(rows) // 5))
    dates = {}
    with out.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            if i in hidden:
                dates[str(row.get("id") or row.get("uid"))] = row.pop(field)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    truth.write_text(json.dumps(dates), encoding="utf-8")
    print(f"{len(rows)} records, dates of {len(hidden)} hidden")


if __name__ == "__main__":
    main()
