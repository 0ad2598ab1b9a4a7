"""Language lives in resources/<lang>/: no word of any language's quote vocabulary stands in the quote engine.

Every string literal in kroniek/analyze/quotes/ and kroniek/analyze/patterns.py (docstrings aside) is checked
against the words of every resources/<lang>/quotes.json and quote_patterns.json: a literal holding such a word
(a cue, a particle, a determiner, also inside a regex alternation) fails, unless it is a resource key or one of the
engine's own labels below.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import kroniek

ROOT = Path(kroniek.__file__).parent
ENGINE = sorted((ROOT / "analyze" / "quotes").glob("*.py")) + [ROOT / "analyze" / "patterns.py"]
LABELS = {"front", "back", "inside", "open", "lower", "class", "shape", "suffix", "not", "op", "anchor", "name",
          "tokens", "match", "no_match", "meaning", "Xx", "PER", "ORG", "LOC", "GPE", "MISC", "EVENT",
          "rule", "recent", "last", "previous"}  # the last four: sources of a speaker candidate (ranker.py)


def _words(value: object, out: set[str]) -> None:
    if isinstance(value, str):
        out.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", value))
    elif isinstance(value, list):
        for v in value:
            _words(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("_comment", "meaning", "match", "no_match", "name", "shape"):
                _words(k if k not in LABELS else None, out)
                _words(v, out)


def _vocabulary() -> tuple[set[str], set[str]]:
    words: set[str] = set()
    keys: set[str] = set()
    for lang in (ROOT / "resources").iterdir():
        for name in ("quotes.json", "quote_patterns.json"):
            path = lang / name
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                keys.update(data)
                for key, value in data.items():
                    if not key.startswith("_"):
                        _words(value, words)
    return words - LABELS, keys


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_vocabulary_is_found() -> None:
    words, keys = _vocabulary()
    assert {"zegt", "said", "volgens"} <= words and "verbs" in keys


def test_no_language_words_in_the_quote_engine() -> None:
    words, keys = _vocabulary()
    found = []
    for path in ENGINE:
        for line, value in _literals(path):
            if value in keys or value in LABELS or value.endswith(".json"):
                continue
            hits = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", value)} & words
            if hits:
                found.append(f"{path.name}:{line}: {value!r} holds {sorted(hits)}")
    assert not found, "\n".join(found)


def test_the_check_catches_a_word_list(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('PARTICLES = ("van", "de", "der")\nNAME = r"(?:van|de)[ ]+"\n', encoding="utf-8")
    words, _ = _vocabulary()
    hits = [v for _, v in _literals(bad) if {w.lower() for w in re.findall(r"[^\W\d_]{2,}", v)} & words]
    assert len(hits) == 4
