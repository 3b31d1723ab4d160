"""The prosody engine: pronunciations, syllables, stress, rhyme kinds, rhyme suggestions, verse analysis.

Everything here is importable without torch; only ``rhymes(..., theme=...)`` loads the embedder.
"""

from songwriter.prosody.analysis import LineAnalysis, VerseAnalysis, analyze
from songwriter.prosody.dictionary import Pronunciation
from songwriter.prosody.hyphenate import split_syllables
from songwriter.prosody.rhyme import RhymeMatch
from songwriter.prosody.suggest import RhymeSuggestion, is_tired, rhymes
from songwriter.prosody.words import (FUNCTION_WORDS, is_confident, line_stresses, line_syllables,
                                      phrase_pronunciations, pronunciations, stress_patterns,
                                      syllable_count, syllable_counts, tokenize)


def compare(a: str, b: str) -> RhymeMatch:
    """How ``a`` and ``b`` (words or phrases) rhyme: perfect, near (detail says how), identical or none."""
    from songwriter.errors import BadInput
    from songwriter.prosody import rhyme

    ta, tb = tokenize(a or ""), tokenize(b or "")
    if not ta or not tb:
        raise BadInput("compare needs two words or phrases with letters")
    if [t.lower() for t in ta] == [t.lower() for t in tb]:
        return RhymeMatch("identical", "same word", 0.0)
    pa, pb = phrase_pronunciations(a), phrase_pronunciations(b)
    if not pa or not pb:
        return RhymeMatch("none", "cannot pronounce", 0.0)
    return rhyme.compare_pronunciations(pa, pb)


__all__ = ["FUNCTION_WORDS", "LineAnalysis", "Pronunciation", "RhymeMatch", "RhymeSuggestion",
           "VerseAnalysis", "analyze", "compare", "is_confident", "is_tired", "line_stresses",
           "line_syllables", "phrase_pronunciations", "pronunciations", "rhymes", "split_syllables",
           "stress_patterns", "syllable_count", "syllable_counts", "tokenize"]
