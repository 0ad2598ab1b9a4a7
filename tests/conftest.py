from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; from a git worktree under /work/wt/<name>, the one beside its parent folder.
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
              ROOT.parent / "shared")
SEEDS = SHARED / "corpus" / "seeds"
SCHEMA = SHARED / "spec" / "chronicle.schema.json"
EXAMPLES = ROOT / "examples" / "corpus"


def seed(prefix: str) -> Path:
    """The seed article whose file name starts with `prefix` (e.g. '002')."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds not beside the project")
