"""Language resources as data: one folder per language, loaded once per process.

Adding a language means adding a folder with the same files; the engine does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources

# Every folder with resource files is a supported language: adding a language is adding a folder.
LANGUAGES = tuple(sorted(p.name for p in importlib_resources.files(__package__).iterdir()
                         if p.is_dir() and not p.name.startswith(("_", "."))))
FALLBACK = "en"


def read_list(lang: str, name: str) -> list[str]:
    """Non-empty, non-comment lines of resources/<lang>/<name>."""
    path = importlib_resources.files(__package__).joinpath(lang, name)
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class LanguageResources:
    lang: str
    abbreviations: frozenset[str]  # never end a sentence
    soft_abbreviations: frozenset[str]  # may end a sentence


@cache
def language_resources(lang: str) -> LanguageResources:
    if lang not in LANGUAGES:
        lang = FALLBACK
    entries = read_list(lang, "abbreviations.txt")
    return LanguageResources(
        lang=lang,
        abbreviations=frozenset(e for e in entries if not e.startswith("!")),
        soft_abbreviations=frozenset(e[1:] for e in entries if e.startswith("!")),
    )
