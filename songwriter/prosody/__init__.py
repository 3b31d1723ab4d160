"""The prosody engine: pronunciations, syllables, stress, rhyme kinds, rhyme suggestions, verse analysis.

Everything here is importable without torch; only ``rhymes(..., theme=...)`` loads the embedder.
Names load lazily (PEP 562) so `songwriter rhymes night` imports only what it uses.
"""

import importlib

_NAMES = {
    "LineAnalysis": "analysis", "VerseAnalysis": "analysis", "analyze": "analysis",
    "Pronunciation": "dictionary", "split_syllables": "hyphenate", "RhymeMatch": "rhyme",
    "RhymeSuggestion": "suggest", "is_tired": "suggest", "rhymes": "suggest",
    **{n: "words" for n in ("FUNCTION_WORDS", "is_confident", "line_stresses", "line_syllables",
                            "phrase_pronunciations", "pronunciations", "stress_patterns", "syllable_count",
                            "syllable_counts", "tokenize")},
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'songwriter.prosody' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"songwriter.prosody.{module}"), name)
    globals()[name] = value
    return value


def compare(a: str, b: str):
    """How ``a`` and ``b`` (words or phrases) rhyme: a ``RhymeMatch`` of kind perfect, near (detail says
    how), identical or none, with a score in 0..1."""
    from songwriter.errors import BadInput
    from songwriter.prosody import rhyme
    from songwriter.prosody.words import compound_of, phrase_pronunciations, tokenize

    ta, tb = tokenize(a or ""), tokenize(b or "")
    if not ta or not tb:
        raise BadInput("compare needs two words or phrases with letters")
    if [t.lower() for t in ta] == [t.lower() for t in tb]:
        return rhyme.RhymeMatch("identical", "same word", 0.0)
    pa, pb = phrase_pronunciations(a), phrase_pronunciations(b)
    if not pa or not pb:
        return rhyme.RhymeMatch("none", "cannot pronounce", 0.0)
    if compound_of(ta[-1].lower(), tb[-1].lower()):
        return rhyme.RhymeMatch("identical", "same word inside a compound", 0.0)
    return rhyme.compare_pronunciations(pa, pb)


__all__ = sorted([*_NAMES, "compare"])
