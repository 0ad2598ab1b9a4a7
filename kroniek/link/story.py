"""Which sentences of a small corpus are about its story, from statistics over the corpus alone.

A story corpus (ten articles on one plane crash) shares a vocabulary that general language uses rarely: 'Boeing',
'toestel', 'Javazee'. A word is a story word when several of the corpus's articles use it and the corpus uses it
far more often than the language does (its frequency in `wordfreq`, which ships its tables, is the background).
A stretch of three or more consecutive sentences holding no story word that opens or closes an article is off the
story: an item of a news bundle ('Kort nieuws': a bond issue, a strike at Shell) printed before or after the
story's item, or an article about something else. A stretch between story sentences stays on it: the story's own
aside (a victim's life between the crash's facts; 'De volgende dag ging het alsnog mis.').

Language-neutral: no word lists; a language wordfreq does not know gives no judgement (every sentence stays).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from kroniek.timeline.tfidf import words

# A story word is used by at least this share of the corpus's articles (and by two at least) ...
DF_SHARE = 0.25
# ... and the corpus uses it at least this many times as often as general text of its language does.
MIN_LIFT = 60.0
# So many consecutive sentences without a story word are off the story; a single one is a continuation.
OFF_RUN = 3
# Fewer story words than this and the corpus is no story (a mixed feed): no sentence is judged off it.
MIN_STORY_WORDS = 8
MIN_DOCUMENTS = 3

Sentence = tuple[int, int]  # (start, end) in the document's text


def _word_list(text: str) -> list[str]:
    return [w for w in words(text) if w.isalpha() and len(w) >= 3]


@cache
def _background(lang: str):
    """wordfreq's frequency function for a language it knows, else None."""
    try:
        from wordfreq import available_languages, word_frequency
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return (lambda w: word_frequency(w, lang)) if lang in available_languages() else None


def story_words(texts: Sequence[tuple[str, str | None]]) -> frozenset[str] | None:
    """The story's words among (text, language) documents; None when the corpus gives no judgement (too few
    documents, a language without background frequencies, or too few shared rare words to be one story)."""
    if len(texts) < MIN_DOCUMENTS:
        return None
    tf: dict[str, Counter[str]] = {}
    df: Counter[tuple[str, str]] = Counter()
    for text, lang in texts:
        ws = _word_list(text)
        tf.setdefault(lang or "und", Counter()).update(ws)
        df.update((lang or "und", w) for w in set(ws))
    need = max(2, math.ceil(DF_SHARE * len(texts)))
    found: set[str] = set()
    for lang, counts in tf.items():
        freq = _background(lang)
        if freq is None:
            return None
        total = sum(counts.values())
        found.update(w for w, c in counts.items()
                     if df[(lang, w)] >= need and c / total >= MIN_LIFT * max(freq(w), 1e-9))
    return frozenset(found) if len(found) >= MIN_STORY_WORDS else None


def off_story(text: str, sentences: Iterable[Sentence], story: frozenset[str]) -> set[int]:
    """Starts of the document's sentences in a run of OFF_RUN or more without a story word that reaches the
    document's start or end: a bundle's other items. A run with story sentences on both sides is the story's
    own aside (a victim's life told between the crash's facts) and stays."""
    spans = sorted(sentences)
    bare = [not story.intersection(_word_list(text[start:end])) for start, end in spans]
    off: set[int] = set()
    i = 0
    while i < len(spans):
        j = i
        while j < len(spans) and bare[j]:
            j += 1
        if j - i >= OFF_RUN and (i == 0 or j == len(spans)):
            off.update(start for start, _ in spans[i:j])
        i = max(j, i + 1)
    return off


def off_story_sentences(documents: Mapping[str, tuple[str, str | None]],
                        sentences: Mapping[str, list[Sentence]]) -> set[tuple[str, int]]:
    """(doc, sentence start) of every sentence off the corpus's story; empty when it gives no judgement."""
    story = story_words(list(documents.values()))
    if story is None:
        return set()
    return {(doc, start) for doc, (text, _) in documents.items()
            for start in off_story(text, sentences.get(doc, ()), story)}
