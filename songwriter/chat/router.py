"""Which action a message asks for: slash commands by name, pasted verses by shape, free text by
meaning (embedding similarity to example phrasings in rhyme_data/chat/intents.tsv). No LM here."""

import re
import threading
from dataclasses import dataclass

from songwriter.config import RHYME_DATA

INTENTS_FILE = RHYME_DATA / "chat" / "intents.tsv"
SLASH = {"rhymes": "rhymes", "rhyme": "rhymes", "analyze": "analyze", "analyse": "analyze",
         "write": "write", "fix": "fix", "chords": "chords", "new": "new", "save": "save",
         "export": "export", "help": "help", "song": "song", "use": "save", "next": "next"}
THRESHOLD = 0.45  # below this, ask rather than guess
MARGIN = 0.03  # two intents this close: ask which one

KEYWORD_BOOST = 0.2
KEYWORDS = {"rhymes": r"^(?!.*\bline\s+\d).*\brhym\w*\s+(for|with|to)\b", "write": r"^(please\s+)?(write|compose)\b(?!.*\bsong\b)",
            "song": r"\b(a|whole|full|complete|new)\s+(\w+\s+)?song\s+(about|on)\b",
            "chords": r"\bchords?\b|\bprogression\b", "export": r"\bexport\b|\bdownload\b",
            "fix": r"^(?!.*\bnext\s+line).*(\bline\s+\d|\b(first|second|third|fourth|last)\s+line\b)",
            "next": r"\bnext\s+line\b|\bwhat\s+comes\s+next\b|\bcontinue\s+(the|this|my)\s+(verse|song|chorus)\b"}

_lock = threading.Lock()
_examples: tuple[list[str], list[str], object] | None = None


@dataclass
class Route:
    """An intent name, the text its slots are parsed from, and (when unsure) choices to offer."""

    intent: str
    text: str
    score: float = 1.0
    choices: tuple[str, ...] = ()


def examples() -> tuple[list[str], list[str], object]:
    """(intents, phrasings, embedding matrix), loaded once per process."""
    global _examples
    with _lock:
        if _examples is None:
            from songwriter.embed import embed
            intents, texts = [], []
            for row in INTENTS_FILE.read_text(encoding="utf-8").splitlines():
                if row.strip() and not row.startswith("#"):
                    intent, text = row.split("\t", 1)
                    intents.append(intent)
                    texts.append(text)
            _examples = (intents, texts, embed(texts))
    return _examples


def looks_like_verse(text: str) -> bool:
    """Two or more lyric-looking lines (not a request) count as a pasted verse."""
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    if len(lines) < 2:
        return False
    lyric = [l for l in lines if len(l) <= 120 and not l.startswith("/")]
    return len(lyric) >= 2 and len(lyric) >= 0.7 * len(lines)


def route(text: str) -> Route:
    """The route for one (already validated, non-empty) message."""
    stripped = text.strip()
    if stripped.startswith("/"):
        name, _, rest = stripped[1:].partition(" ")
        intent = SLASH.get(name.lower())
        return Route(intent or "unknown_command", rest.strip() if intent else name)
    if looks_like_verse(stripped):
        return Route("verse", stripped)
    from songwriter.embed import embed
    intents, _, matrix = examples()
    sims = matrix @ embed([stripped[:500]])[0]
    best: dict[str, float] = {}
    for intent, sim in zip(intents, sims):
        best[intent] = max(best.get(intent, -1.0), float(sim))
    for intent, pattern in KEYWORDS.items():  # a plain keyword nudges, never decides alone
        if intent in best and re.search(pattern, stripped, re.I):
            best[intent] += KEYWORD_BOOST
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    (top, score), (second, score2) = ranked[0], ranked[1]
    if score < THRESHOLD:
        return Route("clarify", stripped, score, tuple(i for i, _ in ranked[:3]))
    if score - score2 < MARGIN and {top, second} != {"write", "song"}:
        return Route("clarify", stripped, score, (top, second))
    return Route(top, stripped, score)
