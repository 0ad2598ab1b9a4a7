"""bench/judge.py: sheets are reproducible, carry identical judgements, tally precision and record no text."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from kroniek.evaluate.chronology import build_story

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("judge", ROOT / "bench" / "judge.py")
judge = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(judge)

# Invented articles.
ARTICLES = [
    {"id": "x1", "published_at": "2019-05-02", "title": "Brug open",
     "text": "Wethouder Karel de Vries opende op 1 mei 2019 de nieuwe brug in Zwolle. "
             "\"Dit is een mooie dag voor de stad,\" zei De Vries. De brug kostte 12 miljoen euro."},
    {"id": "x2", "published_at": "2019-05-09", "title": "Brug dicht",
     "text": "De nieuwe brug in Zwolle is op 8 mei 2019 gesloten na een storing. "
             "Volgens Rijkswaterstaat duurt de reparatie drie weken. Ruim 4000 fietsers moesten omrijden."},
]


def _chronicle(tmp_path: Path) -> Path:
    return build_story(ARTICLES, tmp_path / "ch")


def test_sheet_is_reproducible_and_scores(tmp_path: Path) -> None:
    ch = _chronicle(tmp_path)
    rows = judge.sheet_rows(ch, "brug")
    assert rows == judge.sheet_rows(ch, "brug")
    listings = {r["listing"] for r in rows}
    assert {"entities", "quotes", "claims"} <= listings
    for r in rows:
        assert r["judgement"] is None and r["sources"] and "[[" in r["sources"][0]["context"]
    quotes = [r for r in rows if r["listing"] == "quotes"]
    assert any("mooie dag" in r["shown"]["quote"] for r in quotes)

    for i, r in enumerate(rows):
        r["judgement"] = "right" if i % 2 == 0 else "wrong"
        r["error"] = None if i % 2 == 0 else "boundary"
    tally = judge.score(rows)
    total_right = sum(v["right"] for v in tally.values())
    assert total_right == (len(rows) + 1) // 2
    for v in tally.values():
        assert v["judged"] == v["sampled"] and v["unjudged"] == 0
        assert v["precision"] == round(v["right"] / v["judged"], 3)

    recorded = judge.record(rows, "abc1234")
    blob = json.dumps(recorded, ensure_ascii=False)
    assert "mooie dag" not in blob and "Zwolle" not in blob  # no article text in what may be committed
    assert all(set(s) == {"doc", "start", "end"} for r in recorded for s in r["spans"])


def test_carry_copies_only_identical_items(tmp_path: Path) -> None:
    rows = judge.sheet_rows(_chronicle(tmp_path), "brug")
    old = [dict(r, judgement="right", reason="checked") for r in rows]
    old[0] = dict(old[0], shown={**old[0]["shown"], "extra": 1})  # shows something else now
    old[0]["fingerprint"] = judge._fingerprint(old[0])
    path = tmp_path / "old.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in old), encoding="utf-8")
    fresh = judge.sheet_rows(_chronicle(tmp_path), "brug")
    assert judge.carry(fresh, path) == len(fresh) - 1
    assert fresh[0]["judgement"] is None and fresh[1]["judgement"] == "right"


def test_sampling_caps_and_keeps_entity_top() -> None:
    items = [{"id": f"e{i}", "name": f"N{i}", "mentions": [{}] * i} for i in range(50)]
    top = judge._sample("entities", items, 17)
    assert [e["id"] for e in top[:2]] == ["e49", "e48"] and len(top) == 30
    claims = [{"doc": "d", "start": i, "end": i + 1} for i in range(50)]
    drawn = judge._sample("claims", claims, 17)
    assert len(drawn) == 20 and drawn == judge._sample("claims", claims, 17) != judge._sample("claims", claims, 18)
