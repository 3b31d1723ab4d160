"""Slots parsed by rules from a message: word, syllables, scheme, key, mood, section, line, title, format."""

import re
from dataclasses import dataclass

SECTIONS = ("pre-chorus", "chorus", "verse", "bridge", "intro", "outro", "hook", "refrain")
FORMATS = ("pdf", "png", "svg", "musicxml", "midi", "chordpro", "txt", "wav", "json")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "last": -1}
MOOD_WORDS = ("sad", "happy", "dark", "hopeful", "angry", "romantic", "nostalgic", "melancholy",
              "uplifting", "calm", "tense", "dreamy", "bittersweet", "joyful", "sadder", "happier",
              "darker", "brighter")


@dataclass
class Slots:
    """What the rules found; None where the message said nothing."""

    word: str | None = None
    syllables: int | None = None
    scheme: str | None = None
    key: str | None = None
    mood: str | None = None
    section: str | None = None
    line: int | None = None
    title: str | None = None
    format: str | None = None
    theme: str | None = None
    slant: bool = False


def parse(text: str) -> Slots:
    """Slots from free text or a slash command's arguments."""
    s = Slots()
    low = text.lower()
    m = re.search(r"\b(\d{1,2})[- ]?(?:syllables?|syl)\b", low)
    if m:
        s.syllables = int(m.group(1))
    m = re.search(r"\b([A-Ea-ex]{2,8})\b(?=[^a-z]*$|\s*(?:scheme|rhyme))", text) or \
        re.search(r"\b((?:[A-E]|x){4,8})\b", text)
    if m and m.group(1).upper().replace("X", "x") and len(set(m.group(1).upper())) <= 4 \
            and m.group(1).isupper():
        s.scheme = m.group(1)
    m = re.search(r"\b(?:in|key of)\s+([A-G](?:#|b|♯|♭)?)\s*(major|minor|maj|min|m)?\b", text)
    if m:
        quality = (m.group(2) or "major").lower()
        s.key = f"{m.group(1)} {'minor' if quality in ('minor', 'min', 'm') else 'major'}"
    for mood in MOOD_WORDS:
        if re.search(rf"\b{mood}\b", low):
            s.mood = mood
            break
    for sec in SECTIONS:
        if re.search(rf"\b{re.escape(sec)}\b", low):
            s.section = sec
            break
    m = re.search(r"\bline\s+(\d{1,2})\b", low)
    if m:
        s.line = int(m.group(1))
    else:
        m = re.search(r"\b(" + "|".join(ORDINALS) + r")\s+line\b", low)
        if m:
            s.line = ORDINALS[m.group(1)]
    m = re.search(r"\b(?:called|titled|named)\s+[\"']?(.+?)[\"']?\s*$", text.strip(), re.I)
    if m:
        s.title = m.group(1).strip()
    for fmt in FORMATS:
        if re.search(rf"\b{fmt}\b", low):
            s.format = fmt
            break
    if s.format is None and re.search(r"\bmidi?\b|\.mid\b", low):
        s.format = "midi"
    m = re.search(r"\b(?:rhymes?|rhyming)\s+(?:for|with|to)\s+[\"']?([A-Za-z][A-Za-z'\-]{0,40})", text, re.I) \
        or re.search(r"^/?rhymes?\s+(?!(?:for|with|to)\b)[\"']?([A-Za-z][A-Za-z'\-]{0,40})", text.strip(), re.I)
    if m:
        s.word = m.group(1).strip().split(",")[0].strip() or None
    s.slant = bool(re.search(r"\b(slant|near|loose|imperfect)\b", low))
    m = re.search(r"\babout\s+(.+?)(?:,|\.|;|$|\s+in\s+[A-G]\b|\s+\d+\s*syll)", text, re.I)
    if m:
        s.theme = m.group(1).strip()
    return s
