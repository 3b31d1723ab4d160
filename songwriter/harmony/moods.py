"""Moods and genres the progression table knows, and mapping free words onto them.

An unknown mood ("melancholy", "wistful") maps to the nearest known mood by meaning with the
sentence-embedding model; a word too far from every mood is refused with the list. Genres are a
closed list with spelling aliases (rnb, r and b, hip hop) because a genre implies concrete harmony
rules (sevenths for jazz, dominant sevenths for blues) that a guess would get wrong.
"""

from __future__ import annotations

import functools
import re

from songwriter.errors import BadInput

# Each mood with the words its meaning is matched against.
MOODS = {
    "happy": "happy, joyful, cheerful, bright, carefree, dancing in the sunshine, smiling, celebration",
    "sad": "sad, sorrow, grief, tears, heartbreak, crying, you left me, loss, melancholy, blue",
    "hopeful": "hopeful, tomorrow will be better, a new beginning, rising again, healing, faith, "
               "the light after the storm",
    "dark": "dark, ominous, menacing, shadows, the devil, fear, haunted, graves, grim, sinister",
    "nostalgic": "nostalgic, remembering the old days, childhood memories, old photographs and letters, "
                 "looking back on summers long ago, the way we were, wistful",
    "tense": "tense, anxious, suspense, nervous, restless, running out of time, pressure, on edge",
    "romantic": "romantic, love, tender, kiss, hold me close, desire, intimate, devotion, my darling",
    "triumphant": "triumphant, victory, we are the champions, proud anthem, glory, winning, unstoppable",
    "dreamy": "dreamy, floating, ethereal, hazy, sleepy, drifting on clouds, weightless, stars, wonder",
    "angry": "angry, I hate you, rage, furious, your lies, burn it all down, screaming, betrayal, fight",
    "calm": "calm, peaceful, gentle, quiet, serene, still water, relaxed, soothing, slow morning",
    "playful": "playful, fun, teasing, silly, flirty, light-hearted, groovy, cheeky",
    "bittersweet": "bittersweet, happy and sad at once, goodbye with a smile, letting go, mixed feelings",
    "lonely": "lonely, alone, isolated, empty room, empty house, missing someone, solitude, abandoned",
    "cool": "cool, laid back, smooth, swagger, late night groove, effortless",
}

GENRES = ["pop", "rock", "folk", "country", "blues", "jazz", "gospel", "edm", "r&b", "punk", "soul",
          "metal", "indie", "singer-songwriter", "funk", "hip-hop", "classical", "flamenco", "musical"]
GENRE_ALIASES = {"rnb": "r&b", "r and b": "r&b", "rhythm and blues": "r&b", "r'n'b": "r&b",
                 "electronic": "edm", "dance": "edm", "house": "edm", "hip hop": "hip-hop",
                 "hiphop": "hip-hop", "rap": "hip-hop", "americana": "country", "bluegrass": "country",
                 "acoustic": "folk", "pop punk": "punk", "pop-punk": "punk", "emo": "punk",
                 "hard rock": "rock", "alt rock": "rock", "alternative": "indie",
                 "songwriter": "singer-songwriter", "heavy metal": "metal", "church": "gospel",
                 "musical theatre": "musical", "musical theater": "musical", "broadway": "musical",
                 "show tune": "musical"}

# Cosine similarity below which a word is "not a mood we can read".
MOOD_FLOOR = 0.26  # nonsense ("xqzzv", "table") scores ≤ 0.21; "wistful", "chill" ≥ 0.32


def _clean(word: str, what: str, accepted: str) -> str:
    if not isinstance(word, str) or not word.strip():
        raise BadInput(f"the {what} is empty; use one of: {accepted}")
    word = re.sub(r"\s+", " ", word.strip().lower())
    if len(word) > 40 or not re.search(r"[a-z]", word) or re.search(r"[<>{}\\]", word):
        raise BadInput(f"unknown {what} '{word[:40]}'; use one of: {accepted}")
    return word


@functools.lru_cache(maxsize=1)
def _mood_vectors():
    from songwriter.embed import embed

    return embed([f"{m}: {words}" for m, words in MOODS.items()])


def nearest_moods(text: str) -> list[tuple[str, float]]:
    """Known moods ranked by similarity of meaning to ``text`` (uses the embedding model)."""
    from songwriter.embed import embed

    vec = embed([text])[0]
    sims = _mood_vectors() @ vec
    return sorted(zip(MOODS, (float(s) for s in sims)), key=lambda p: -p[1])


def resolve_mood(word: str | None) -> tuple[str | None, str]:
    """(known mood, note). A known mood passes through; an unknown word maps to the nearest known
    mood by meaning and the note says so; nonsense raises BadInput naming the moods."""
    if word is None:
        return None, ""
    accepted = ", ".join(MOODS)
    word = _clean(word, "mood", accepted)
    if word in MOODS:
        return word, ""
    best, score = nearest_moods(word)[0]
    if score < MOOD_FLOOR:
        raise BadInput(f"unknown mood '{word}' (nothing close in meaning); use one of: {accepted}")
    return best, f"'{word}' is not a mood I know, so I read it as the nearest by meaning: {best}"


def resolve_genre(word: str | None) -> str | None:
    """A known genre name for ``word`` (aliases allowed), or BadInput naming the genres."""
    if word is None:
        return None
    accepted = ", ".join(GENRES)
    word = _clean(word, "genre", accepted)
    word = GENRE_ALIASES.get(word, word)
    if word not in GENRES:
        raise BadInput(f"unknown genre '{word}'; use one of: {accepted}")
    return word


def detect_mood(text: str) -> str:
    """The known mood nearest in meaning to a lyric (or any text), by sentence embeddings."""
    if not isinstance(text, str) or not text.strip():
        raise BadInput("cannot detect the mood of an empty text")
    # Section tags ("[Chorus]") say nothing about mood; repeated lines would weigh twice.
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not re.fullmatch(r"\s*[\[(].*[\])]\s*:?\s*", ln)]
    words = "\n".join(dict.fromkeys(lines)) or text
    return nearest_moods(words[:2000])[0][0]
