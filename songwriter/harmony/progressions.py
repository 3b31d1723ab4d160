"""Chord progressions for a key, mood, genre and section, from the pattern table and the rules.

Patterns live in ``rhyme_data/harmony/progressions.tsv`` (numerals, moods, genres, sections, a
one-line explanation and a source); colouring rules (sevenths by genre, suspensions, borrowed and
secondary chords, cadences) in ``rules.toml``. Patterns are scored by how well they match the
request; ties break by seed, so the same request gives the same answer.
"""

from __future__ import annotations

import functools
import random
import re
import tomllib
from dataclasses import dataclass, field

from songwriter.config import RHYME_DATA
from songwriter.errors import BadInput
from songwriter.harmony.chords import Chord, _FIGURE_RE, make_chord, normalize_figure
from songwriter.harmony.keys import KeySpec, parse_key
from songwriter.harmony.moods import resolve_genre, resolve_mood

DATA = RHYME_DATA / "harmony"
SECTIONS = ["verse", "pre-chorus", "chorus", "bridge", "intro", "outro", "hook"]
SECTION_ALIASES = {"prechorus": "pre-chorus", "pre chorus": "pre-chorus", "refrain": "chorus",
                   "middle 8": "bridge", "middle eight": "bridge", "coda": "outro", "ending": "outro",
                   "post-chorus": "chorus", "breakdown": "bridge"}
MAX_BARS = 64


@dataclass
class Pattern:
    """One row of the progression table."""

    name: str
    mode: str
    chords: list[str]
    moods: set[str]
    genres: set[str]
    sections: set[str]
    explanation: str
    source: str


@dataclass
class Progression:
    """A progression in a key: chords with symbols, numerals and beats, a one-line explanation,
    the pattern's name and where it comes from."""

    chords: list[Chord]
    explanation: str
    name: str
    key: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def romans(self) -> list[str]:
        return [c.roman for c in self.chords]

    def to_dict(self) -> dict:
        return {"name": self.name, "key": self.key, "chords": [c.to_dict() for c in self.chords],
                "explanation": self.explanation, "source": self.source, "notes": self.notes}


@functools.lru_cache(maxsize=1)
def load_patterns(path=None) -> tuple[Pattern, ...]:
    """The progression table (cached). Rows: name, mode, chords, moods, genres, sections,
    explanation, source."""
    path = path or DATA / "progressions.tsv"
    rows = []
    header = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells))
        split = lambda v: {x.strip() for x in v.split(",") if x.strip()}  # noqa: E731
        rows.append(Pattern(row["name"], row["mode"], row["chords"].split(), split(row["moods"]),
                            split(row["genres"]), split(row["sections"]), row["explanation"],
                            row.get("source", "")))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def load_rules() -> dict:
    """Genre and mood colouring rules and cadences (rules.toml)."""
    with open(DATA / "rules.toml", "rb") as fh:
        return tomllib.load(fh)


def resolve_section(word: str | None) -> str | None:
    """A known section name, or BadInput naming the sections."""
    if word is None:
        return None
    w = re.sub(r"\s+", " ", str(word).strip().lower())
    w = re.sub(r"\s*\d+$", "", w)  # "Verse 2" is a verse
    w = SECTION_ALIASES.get(w, w)
    if w not in SECTIONS:
        raise BadInput(f"unknown section '{str(word)[:40]}'; use one of: {', '.join(SECTIONS)}")
    return w


def check_bars(bars) -> int | None:
    """``bars`` as an int in 1..MAX_BARS, or BadInput."""
    if bars is None:
        return None
    try:
        n = int(bars)
    except (TypeError, ValueError):
        raise BadInput(f"bars must be a whole number from 1 to {MAX_BARS}, not '{bars}'") from None
    if not 1 <= n <= MAX_BARS:
        raise BadInput(f"bars must be from 1 to {MAX_BARS} (got {n})")
    return n


def beats_per_bar(time_signature: str) -> float:
    """Quarter-note beats in a bar: 4/4 → 4, 3/4 → 3, 6/8 → 3."""
    ts = check_time_signature(time_signature)
    num, den = (int(x) for x in ts.split("/"))
    return num * 4 / den


def check_time_signature(ts: str) -> str:
    """"4/4", "3/4" or "6/8" (the meters the melody sketch knows), else BadInput."""
    ts = str(ts or "").strip().replace(" ", "")
    if ts not in ("4/4", "3/4", "6/8"):
        raise BadInput(f"unknown time signature '{ts[:10]}'; use 4/4, 3/4 or 6/8")
    return ts


def _mode_match(pattern: Pattern, spec: KeySpec) -> float:
    """How well a pattern's mode suits the key: own mode 3, same family 1.5 (aeolian = minor)."""
    mode = "minor" if spec.mode == "aeolian" else spec.mode
    pmode = "minor" if pattern.mode == "aeolian" else pattern.mode
    if pmode == mode:
        return 3.0
    if pmode in ("major", "minor") and pmode == spec.family:
        return 1.5
    return 0.0


def candidate_patterns(spec: KeySpec, mood, genre, section, seed=0) -> list[tuple[float, Pattern]]:
    """Patterns usable in the key, best first, with their scores."""
    rng = random.Random(seed)
    scored = []
    patterns = load_patterns()
    for index, p in enumerate(patterns):
        m = _mode_match(p, spec)
        if m == 0:
            continue
        score = m
        if mood and mood in p.moods:
            score += 2.0
        if genre and genre in p.genres:
            score += 2.0
        if section and section in p.sections:
            score += 1.5
        # The table lists the most common patterns first: a small prior for familiarity.
        score += 0.6 * (1 - index / len(patterns))
        scored.append((score + rng.random() * 0.9, p))
    scored.sort(key=lambda sp: -sp[0])
    return scored


def _base(figure: str) -> tuple[str, str]:
    """(plain triad numeral, extension) of a figure."""
    m = _FIGURE_RE.match(figure)
    if not m or m.group("of"):
        return figure, "x"
    return (m.group("acc") or "") + m.group("num") + (m.group("mark") or ""), m.group("ext") or ""


def colour(figures: list[str], spec: KeySpec, mood: str | None, genre: str | None,
           variant: int = 0) -> tuple[list[str], list[str]]:
    """Apply the rules to a pattern's numerals: borrowed chords, secondary dominants, sevenths,
    suspensions. Returns (figures, notes explaining each change). ``variant`` alternates the
    optional colourings across alternatives so they differ."""
    rules = load_rules()
    out = list(figures)
    notes = []
    major = spec.family == "major"
    # Borrowed iv in major for wistful moods (on odd variants or when the mood asks strongly).
    b = rules["borrowed"]
    if major and mood in b["iv"]["moods"] and "IV" in out and variant % 2 == 0:
        idx = len(out) - 1 - out[::-1].index("IV")
        if "iv" not in out:
            out[idx] = "iv"
            notes.append(b["iv"]["note"])
    if major and (mood in b["bVII"]["moods"] or genre in b["bVII"].get("genres", [])) and variant % 2 == 1:
        for i in range(len(out) - 1):
            if out[i] == "V" and out[i + 1] == "I":
                out[i] = "bVII"
                notes.append(b["bVII"]["note"])
                break
    sec = rules["secondary"]
    if major and (mood in sec["moods"] or genre in sec["genres"]) and variant % 2 == 1:
        for i in range(1, len(out)):
            if out[i] in ("vi", "V") and out[i - 1] in ("I", "iii", "IV") and out[i - 1] != out[i]:
                out[i - 1] = "V/vi" if out[i] == "vi" else "V/V"
                notes.append(sec["note"])
                break
    sevenths = rules["sevenths"].get(genre or "")
    if sevenths:
        changed = False
        for i, f in enumerate(out):
            base, ext = _base(f)
            if ext == "" and base in sevenths["map"]:
                out[i] = sevenths["map"][base]
                changed = True
        if changed:
            notes.append(sevenths["note"])
    sus = rules["suspensions"]
    if "Vsus4" not in out and (genre in sus["genres"]
                               or (genre is None and mood in ("calm", "hopeful", "dreamy"))):
        for i in range(len(out) - 1):
            if out[i] == "V" and _base(out[i + 1])[0] in ("I", "i"):
                out[i] = "Vsus4"
                notes.append(sus["note"])
                break
    return out, notes


def resolve_suspensions(figures: list[str], beats: list[float]) -> tuple[list[str], list[float]]:
    """A suspension must resolve: a Vsus4 not followed by V shares its bar with the V it
    resolves to."""
    out_f, out_b = [], []
    for i, (f, b) in enumerate(zip(figures, beats)):
        nxt = figures[i + 1] if i + 1 < len(figures) else None
        if f.endswith("sus4") and (nxt is None or _base(nxt)[0] != f[:-4]) and b >= 2:
            out_f += [f, f[:-4]]
            out_b += [b / 2, b / 2]
        else:
            out_f.append(f)
            out_b.append(b)
    return out_f, out_b


def cadence_figures(spec: KeySpec, genre: str | None, kind: str = "authentic") -> list[str]:
    """The last chords of a section: authentic (…V–I), plagal, or half (ends on V), by mode and
    genre."""
    c = load_rules()["cadences"]
    fam = spec.family
    if kind == "half":
        return [c[f"half_{fam}"]]
    if spec.mode in ("dorian", "phrygian", "lydian", "mixolydian", "locrian"):
        return list(c[spec.mode])
    if genre in c["plagal_genres"] or kind == "plagal":
        return list(c[f"plagal_{fam}"])
    if genre in c["rock_genres"]:
        return list(c[f"rock_{fam}"])
    return list(c[fam])


def lay_out(figures: list[str], bars: int, per_bar: float) -> list[tuple[str, float]]:
    """Fit numerals to ``bars`` bars: cycle them one per bar, or split bars when there are more
    chords than bars."""
    if len(figures) <= bars:
        return [(figures[i % len(figures)], per_bar) for i in range(bars)]
    per = -(-len(figures) // bars)
    out = []
    for b in range(bars):
        chunk = figures[b * per:(b + 1) * per] or [figures[-1]]
        out += [(f, per_bar / len(chunk)) for f in chunk]
    return out


def progressions(key, mood=None, genre=None, section=None, bars=None, seed=0,
                 time_signature="4/4", limit=5) -> list[Progression]:
    """Several progressions (best first) for a key, mood, genre and section.

    Every chord's symbol is derived from its numeral in the key. An outro ends on a cadence.
    """
    spec = parse_key(key)
    mood_name, mood_note = resolve_mood(mood)
    genre = resolve_genre(genre)
    section = resolve_section(section)
    bars = check_bars(bars)
    per_bar = beats_per_bar(time_signature)
    out = []
    seen = set()
    for variant, (_, p) in enumerate(candidate_patterns(spec, mood_name, genre, section, seed)):
        layout = lay_out(p.chords, bars or len(p.chords), per_bar)
        figures, beats = [f for f, _ in layout], [b for _, b in layout]
        extra = []
        if section == "outro":
            cad = cadence_figures(spec, genre)
            figures = (figures[:max(0, len(figures) - len(cad))] + cad)[-len(figures):]
            extra.append("ends on a cadence to the tonic")
        figures, notes = colour(figures, spec, mood_name, genre, variant)
        figures, beats = resolve_suspensions(figures, beats)
        notes += extra
        chords = [make_chord(f, spec, b) for f, b in zip(figures, beats)]
        sig = tuple(c.roman for c in chords)
        if sig in seen:
            continue
        seen.add(sig)
        explanation = explain(p, chords, notes, mood_note if not out else "")
        out.append(Progression(chords, explanation, p.name, spec.name, p.source, notes))
        if len(out) >= limit:
            break
    return out


def explain(p: Pattern, chords: list[Chord], notes: list[str], mood_note: str = "") -> str:
    """One line: the pattern's explanation, then what the rules changed."""
    text = p.explanation
    if notes:
        text += "; " + "; ".join(dict.fromkeys(notes))
    if mood_note:
        text += f" ({mood_note})"
    return text


def pattern_by_name(name: str) -> Pattern:
    """The table row called ``name``."""
    for p in load_patterns():
        if p.name == name:
            return p
    raise BadInput(f"no progression pattern called '{name}'")


def starts_on(figures: list[str]) -> str:
    """The plain numeral a progression starts on ("vi7" → "vi")."""
    return _base(normalize_figure(figures[0], "C major"))[0] if figures else ""
