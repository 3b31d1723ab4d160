"""Word-level prosody: pronunciations with their source, syllable counts, stress patterns, tokenizing."""

from __future__ import annotations

import functools
import re

from songwriter.prosody import dictionary, lts, oov
from songwriter.prosody.dictionary import Pronunciation

# One-syllable function words: their stress depends on the meter ("x").
FUNCTION_WORDS = frozenset("""a an the and or but nor so yet of to in on at by for with from as if than
that this these those is am are was were be been i you he she it we they me him her us them my your
his its our their do does did have has had will would can could shall should may might must not no
oh o up out off then there here when where who whom what which how why all just 's 'n' n' 'em em ya
yo y'all ain't i'm i'll i'd i've you're you'll we're they're it's that's don't won't can't let's
till 'til 'cause cause through""".split())

TOKEN_RE = re.compile(
    r"\$?\d+(?:[/:.,\-]\d+)*(?:st|nd|rd|th|s|%)?"  # numbers: 24/7, 1999, 2nd, 9-5, 100%
    r"|'?[A-Za-z\u00C0-\u024F]+(?:['\u2019\-][A-Za-z\u00C0-\u024F]+)*'?"  # words, runnin', y'all, 'cause
)
MAX_WORD = 40


def _norm(word: str) -> str:
    return word.replace("\u2019", "'").replace("\u2018", "'").strip()


def tokenize(line: str) -> list[str]:
    """Lyric words of a line, keeping contractions, dropped-g forms (runnin'), y'all and 24/7."""
    out = []
    for m in TOKEN_RE.finditer(_norm(line)):
        tok = m.group(0)
        # a quote mark at an edge is an apostrophe only in known patterns ('cause, runnin')
        if tok.endswith("'") and not tok.lower().endswith(("in'", "s'", "o'", "ol'")):
            tok = tok[:-1]
        if tok.startswith("'") and not dictionary.known(tok.lower()) and tok.lower()[1:] not in (
                "cause", "til", "em", "bout", "round", "fore", "n", "cept", "neath"):
            tok = tok[1:]
        if tok:
            out.append(tok)
    return out


@functools.lru_cache(maxsize=50000)
def _pronunciations(word: str) -> tuple[Pronunciation, ...]:
    w = _norm(word)
    lw = w.lower()
    if not re.search(r"[a-z0-9]", lw):
        return ()
    found = dictionary.lookup(lw)
    if found:
        return tuple(found)
    derived = oov.derive(lw)
    if derived:
        return tuple(Pronunciation(lw, p, "derived") for p in dict.fromkeys(derived))
    if w.isupper() and 2 <= len(w) <= 5 and w.isalpha():
        spelled = oov.spell_letters(w)
        if spelled:
            return (Pronunciation(lw, spelled, "derived"),)
    letters = re.sub(r"[^a-z]", "", lw[:MAX_WORD])
    if not letters:
        return ()
    return (Pronunciation(lw, lts.guess(letters), "guessed"),)


def pronunciations(word: str) -> list[Pronunciation]:
    """Every known way to say ``word``, most likely first, each with its source
    (dictionary / added / derived / guessed). Empty for words with no letters or digits."""
    return list(_pronunciations(word))


def syllable_counts(word: str) -> list[int]:
    """All possible syllable counts, most likely first."""
    return list(dict.fromkeys(p.syllables for p in _pronunciations(word)))


def syllable_count(word: str) -> int:
    """The most likely syllable count (0 for a token without letters)."""
    counts = syllable_counts(word)
    return counts[0] if counts else 0


def stress_patterns(word: str) -> list[str]:
    """Stress digit strings such as ["10"], one per distinct pronunciation."""
    return list(dict.fromkeys(p.stress for p in _pronunciations(word)))


def is_confident(word: str) -> bool:
    """True when the pronunciation comes from a dictionary, an addition or a derivation (not a guess)."""
    prons = _pronunciations(word)
    return bool(prons) and prons[0].source != "guessed"


def word_stress(word: str) -> str:
    """Stress string for a word in a line: 'x' for one-syllable function words."""
    pats = stress_patterns(word)
    if not pats:
        return ""
    if len(pats[0]) == 1 and (_norm(word).lower() in FUNCTION_WORDS):
        return "x"
    return pats[0]


def line_syllables(line: str) -> int:
    """Syllables in a line (most likely count per word)."""
    return sum(syllable_count(t) for t in tokenize(line))


def line_stresses(line: str) -> str:
    """Stress pattern of a line: 0/1/2 per syllable, 'x' for a one-syllable function word."""
    return "".join(word_stress(t) for t in tokenize(line))


def phrase_pronunciations(text: str, limit: int = 4) -> list[str]:
    """Pronunciations of a word or phrase as whole phone strings (several words joined)."""
    toks = tokenize(text)
    if not toks:
        return []
    options = [[p.phones for p in _pronunciations(t)][:2] or [""] for t in toks[-4:]]
    combos = [""]
    for opts in options:
        combos = [(c + " " + o).strip() for c in combos for o in opts][:limit]
    return [c for c in combos if c]


def compound_of(x: str, y: str) -> bool:
    """True when one word is a compound ending in the other, said the same way (hometown / town,
    daylight / light): singing the same word twice is not a rhyme. Train / rain is still one."""
    short, long = sorted((x, y), key=len)
    head = long[: len(long) - len(short)]
    if len(short) < 3 or len(head) < 2 or not long.endswith(short):
        return False
    if not any(p.source == "dictionary" for p in dictionary.lookup(head)):
        return False
    def plain(phones: str) -> str:
        return " ".join(ph.rstrip("012") for ph in phones.split())

    tails = {plain(p.phones) for p in dictionary.lookup(short)}
    return any(plain(p.phones).endswith(t) for p in dictionary.lookup(long) for t in tails)

