"""Verse analysis: per-line syllables, stresses, end words and rhyme letters; scheme, meter, internal
and multisyllabic rhymes. Blank lines separate stanzas; ``[Chorus]``-style tags name sections."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from songwriter.errors import BadInput
from songwriter.prosody import rhyme
from songwriter.prosody.words import (FUNCTION_WORDS, phrase_pronunciations, pronunciations, syllable_counts,
                                      tokenize, word_stress)

MAX_TEXT = 100_000
MAX_LINES = 2000
TAG_RE = re.compile(r"^\s*[\[(]\s*([^\]\)]{1,40}?)\s*[\])]\s*:?\s*$")
FEET = {1: "monometer", 2: "dimeter", 3: "trimeter", 4: "tetrameter", 5: "pentameter", 6: "hexameter",
        7: "heptameter", 8: "octameter"}
PATTERNS = {"iambic": "01", "trochaic": "10", "anapestic": "001", "dactylic": "100"}
STANZA_METERS = {(8, 6, 8, 6): "common meter (8.6.8.6)", (8, 8, 8, 8): "long meter (8.8.8.8)",
                 (6, 6, 8, 6): "short meter (6.6.8.6)"}


@dataclass
class LineAnalysis:
    """One lyric line: its text, syllable count, stress string, end word, rhyme letter, stanza number
    and section name (from a ``[Tag]``; "" if none)."""

    text: str
    syllables: int
    stresses: str
    end_word: str
    rhyme: str
    stanza: int = 0
    section: str = ""


@dataclass
class VerseAnalysis:
    """A whole verse: rhyme ``scheme`` (stanzas separated by spaces), ``meter`` guess, ``lines`` and
    ``internal_rhymes`` (dicts with kind, line, words...)."""

    scheme: str
    meter: str
    lines: list[LineAnalysis] = field(default_factory=list)
    internal_rhymes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"scheme": self.scheme, "meter": self.meter, "lines": [asdict(l) for l in self.lines],
                "internal_rhymes": self.internal_rhymes}


def _check(text: str) -> str:
    if text is None:
        raise BadInput("no text to analyse")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput("the input is not UTF-8 text") from None
    if len(text.encode("utf-8", errors="replace")) > MAX_TEXT:
        raise BadInput(f"text too long: the limit is {MAX_TEXT // 1000} KB")
    if "\x00" in text or sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t") > 10:
        raise BadInput("the input looks like binary data, not lyrics")
    if not text.strip():
        raise BadInput("no text to analyse: the input is empty")
    return text


def _rhymes(a: str, b: str) -> bool:
    if a.lower() == b.lower():
        return True  # a repeated end word carries the rhyme (refrains)
    pa, pb = phrase_pronunciations(a), phrase_pronunciations(b)
    if not pa or not pb:
        return False
    m = rhyme.compare_pronunciations(pa, pb)
    if m.kind == "identical":
        return True
    if m.kind == "perfect":
        return True
    # plain assonance (time / night) is too loose to share a scheme letter
    return m.kind == "near" and m.score >= 0.65 and "consonance" not in m.detail


def _line_fit(s: str, foot: str) -> tuple[float, int]:
    """Best (matched syllables, stressed feet) of ``s`` against a foot repeated: straight, cut short at
    the end (catalexis), or missing its first syllable (headless, slightly penalised)."""
    best = (-1.0, 1)
    n_max = len(s) // len(foot) + 2
    for n in range(max(1, len(s) // len(foot) - 1), n_max + 1):
        full = foot * n
        if len(full) < len(s) or len(full) - len(s) >= len(foot):
            continue
        for tmpl, penalty in ((full[: len(s)], 0.0), (full[len(full) - len(s):], 0.5)):
            m = sum(1 for c, t in zip(s, tmpl) if c == "x" or (c in "12") == (t == "1")) - penalty
            if m > best[0]:
                best = (m, n)
    return best


def guess_meter(lines: list[LineAnalysis], stanzas: list[list[LineAnalysis]],
                ranges: dict[int, tuple[int, int]] | None = None) -> str:
    """Name the meter from stress strings ('x' matches either), with catalexis allowed; stanza
    shapes (common, long, short, ballad meter) are recognised from syllable counts."""
    ranges = ranges or {}
    for st in stanzas:
        spans = [ranges.get(id(l), (l.syllables, l.syllables)) for l in st if l.syllables]
        if len(spans) == 4:
            for shape, name in STANZA_METERS.items():
                if all(lo <= want <= hi for (lo, hi), want in zip(spans, shape)):
                    return name
    lyric = [l for l in lines if l.syllables > 0]
    if not lyric:
        return "unknown"
    best_name, best_rate = "free verse", 0.0
    for name, foot in PATTERNS.items():
        ok = total = 0.0
        feet_counts = []
        for l in lyric:
            m, n = _line_fit(l.stresses, foot)
            ok += max(0.0, m)
            total += len(l.stresses)
            feet_counts.append(n)
        rate = ok / total if total else 0
        if rate > best_rate + 1e-9:
            feet = max(set(feet_counts), key=feet_counts.count)
            best_rate, best_name = rate, f"{name} {FEET.get(feet, f'{feet}-foot')}"
    if best_rate < 0.75:
        return "free verse"
    for st in stanzas:
        counts = tuple(l.syllables for l in st if l.syllables)
        if len(counts) == 4 and counts[0] > counts[1] and counts[2] > counts[3] and (
                counts[0] in (7, 8, 9) and counts[2] in (7, 8, 9) and counts[1] in (5, 6, 7) and counts[3] in (5, 6, 7)):
            return "ballad meter (4.3.4.3 stresses)"
    return best_name


def _last_syllables(text: str, n: int = 3) -> list[str]:
    prons = phrase_pronunciations(text)
    return prons


def analyze(text: str) -> VerseAnalysis:
    """Analyse a verse: syllables, stresses, end words, rhyme letters, scheme, meter, internal rhymes."""
    text = _check(text)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(raw_lines) > MAX_LINES:
        raise BadInput(f"too many lines: the limit is {MAX_LINES}")
    lines: list[LineAnalysis] = []
    stanza, section, blank = 0, "", False
    for raw in raw_lines:
        if not raw.strip():
            blank = True
            continue
        tag = TAG_RE.match(raw)
        if tag:
            section = tag.group(1).strip()
            if lines:
                stanza += 1
            blank = False
            continue
        if blank and lines and lines[-1].stanza == stanza:
            stanza += 1
        blank = False
        toks = tokenize(raw)
        stresses = "".join(word_stress(t) for t in toks)
        syll = sum(len(word_stress(t)) for t in toks)
        ends = [t for t in toks if pronunciations(t)]
        lines.append(LineAnalysis(raw.strip()[:500], syll, stresses, ends[-1] if ends else "", "", stanza, section))
    if not lines:
        raise BadInput("no lyric lines found (only section tags or blank lines)")
    # rhyme letters in first-appearance order
    groups: list[list[str]] = []
    letters = []
    for l in lines:
        if not l.end_word:
            letters.append("-")
            continue
        for gi, g in enumerate(groups):
            if any(_rhymes(l.end_word, w) for w in g[:4]):
                g.append(l.end_word)
                letters.append(_letter(gi))
                break
        else:
            groups.append([l.end_word])
            letters.append(_letter(len(groups) - 1))
    # a letter used by a single line is an unrhymed line: keep its letter (scheme convention)
    for l, letter in zip(lines, letters):
        l.rhyme = letter
    stanzas: list[list[LineAnalysis]] = []
    for l in lines:
        if not stanzas or stanzas[-1][0].stanza != l.stanza:
            stanzas.append([])
        stanzas[-1].append(l)
    scheme = " ".join("".join(l.rhyme for l in st) for st in stanzas)
    ranges = {}
    for l in lines:
        toks = tokenize(l.text)
        lo = sum(min(syllable_counts(t) or [0]) for t in toks)
        hi = sum(max(syllable_counts(t) or [0]) for t in toks)
        ranges[id(l)] = (lo, hi)
    meter = guess_meter(lines, stanzas, ranges)
    return VerseAnalysis(scheme, meter, lines, find_internal(lines))


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"A{i - 25}"


def find_internal(lines: list[LineAnalysis]) -> list[dict]:
    """Perfect rhymes between content words inside a line, and multisyllabic end rhymes across lines."""
    found: list[dict] = []
    for li, l in enumerate(lines):
        toks = [t for t in tokenize(l.text) if t.lower() not in FUNCTION_WORDS and pronunciations(t)]
        for i in range(len(toks)):
            for j in range(i + 1, len(toks)):
                a, b = toks[i], toks[j]
                if a.lower() == b.lower():
                    continue
                m = rhyme.compare_pronunciations([p.phones for p in pronunciations(a)[:2]],
                                                 [p.phones for p in pronunciations(b)[:2]])
                if m.kind == "perfect":
                    found.append({"kind": "internal", "line": li, "words": [a, b], "score": m.score})
        if len(found) > 500:
            break
    # multisyllabic: the last three words of each line against those of the next few lines
    tails = [" ".join(tokenize(l.text)[-3:]) for l in lines]
    for i in range(len(lines)):
        for j in range(i + 1, min(len(lines), i + 4)):
            if not tails[i] or not tails[j] or lines[i].end_word.lower() == lines[j].end_word.lower():
                continue
            pa, pb = phrase_pronunciations(tails[i])[:2], phrase_pronunciations(tails[j])[:2]
            best = (0, 0.0)
            for x in pa:
                for y in pb:
                    best = max(best, rhyme.multi_score(x, y))
            if best[0] >= 2 and best[1] >= 0.6:
                found.append({"kind": "multisyllabic", "line": i, "with_line": j, "words": [tails[i], tails[j]],
                              "syllables": best[0], "score": round(best[1], 3)})
    return found
