"""Language identification with lingua, loading only the languages we distinguish."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Dutch and English are analysed; German and French are loaded so their articles are not forced into nl/en.
DETECTED = (Language.DUTCH, Language.ENGLISH, Language.GERMAN, Language.FRENCH)
SAMPLE_CHARS = 600  # enough for a confident decision; keeps detection cost flat for long articles


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    # Preloading costs ~0.5 s once per process but makes each call 3x faster than lazy loading.
    return LanguageDetectorBuilder.from_languages(*DETECTED).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or 'und' when lingua cannot decide."""
    lang = _detector().detect_language_of(text[:SAMPLE_CHARS])
    return lang.iso_code_639_1.name.lower() if lang else "und"
