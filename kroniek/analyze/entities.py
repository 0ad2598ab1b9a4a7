"""Entity mentions: people, organisations, states, places, named events and other names.

The recogniser is pluggable (kroniek.ner: built-in rules, the learned CRF over them, Frog, spaCy), chosen by the
`ner` of the analysis settings; what every backend finds is finished the same way (types, gazetteer keys, metonyms) by
kroniek.ner.refine.
"""

from __future__ import annotations

from kroniek.model import DEFAULT_SETTINGS, Analysis, AnalysisSettings, Document
from kroniek.ner import backend, resolve
from kroniek.ner.refine import finish


def annotate(doc: Document, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS) -> None:
    recognizer = backend(resolve(settings.ner, analysis.language))
    analysis.mentions = finish(doc, analysis, recognizer.recognize(doc, analysis))
    analysis.timexes = _outside_names(analysis)


# Names a month or weekday can be part of ('Theresa May', 'April Ryan', 'Radio Maandag'): not a time there.
NAME_TYPES = frozenset({"PER", "ORG"})


def _outside_names(analysis: Analysis) -> list:
    names = [(m.start, m.end) for m in analysis.mentions if m.type in NAME_TYPES]
    return [t for t in analysis.timexes if not any(a <= t.start and t.end <= b for a, b in names)]
