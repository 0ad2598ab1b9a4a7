"""The optional statistical span classifier shipped in kroniek/resources/models (averaged perceptron).

Placeholder until a model is trained: `span_model` returns None and the rules' defaults apply.
"""

from __future__ import annotations

from functools import cache

from kroniek.ner.lexicon import LangCues


@cache
def _load() -> None:
    return None


def span_model(cues: LangCues) -> None:
    return _load()
