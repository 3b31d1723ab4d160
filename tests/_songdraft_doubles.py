"""Small stand-ins for the modules song drafting builds on (prosody, lm, generation, harmony,
drafts, leadsheet), for unit tests of the drafting *flow* only: order of steps, chorus reuse,
partial saves, revisions. They are installed per test by the ``doubles`` fixture and never
replace the real modules elsewhere; tests/test_songdraft.py runs the same flow on the real ones.

The writer double really satisfies meter and rhyme (CMU dictionary via ``pronouncing``), so the
checks the flow computes have something true to find.
"""

from __future__ import annotations

import copy
import re
import types
from dataclasses import dataclass, field
from pathlib import Path

import pronouncing
from wordfreq import zipf_frequency

from songwriter.errors import BadInput, Conflict, NotFound
from songwriter.song import ChordEvent, Note, Syllable


# --- prosody -------------------------------------------------------------------------------------
def tokenize(line):
    return re.findall(r"[A-Za-z][A-Za-z']*", line)


def syllable_count(word):
    phones = pronouncing.phones_for_word(word.lower())
    if phones:
        return pronouncing.syllable_count(phones[0])
    return max(1, len(re.findall(r"[aeiouy]+", word.lower())))


def line_syllables(line):
    return sum(syllable_count(w) for w in tokenize(line))


@dataclass
class RhymeMatch:
    kind: str
    detail: str = ""
    score: float = 0.0


def compare(a, b):
    if a.lower() == b.lower():
        return RhymeMatch("identical")
    pa, pb = pronouncing.phones_for_word(a.lower()), pronouncing.phones_for_word(b.lower())
    if {pronouncing.rhyming_part(p) for p in pa} & {pronouncing.rhyming_part(p) for p in pb}:
        return RhymeMatch("perfect", score=1.0)
    return RhymeMatch("none")


def rhymes(word, kind="all", syllables=None, theme=None, limit=50):
    return [types.SimpleNamespace(word=w, kind="perfect") for w in pronouncing.rhymes(word)][:limit]


# --- lm --------------------------------------------------------------------------------------------
@dataclass
class GenerateOptions:
    max_tokens: int = 64
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0
    stop: list | None = None


class DoubleBackend:
    model_id = "double-lm"

    def __init__(self, answer="Title: Morning Train"):
        self.answer, self.calls = answer, []

    def generate(self, prompt, options=None):
        self.calls.append(prompt)
        return self.answer


# --- generation ------------------------------------------------------------------------------------
@dataclass
class WriteRequest:
    theme: str
    section: str = "verse"
    syllables: object = 8
    stress: str | None = None
    scheme: str = "AABB"
    slant: bool = False
    given_lines: list | None = None
    end_words: list | None = None
    seed: int = 0


@dataclass
class WriteResult:
    lines: list
    checks: list = field(default_factory=list)
    seconds: float = 0.0
    model: str = "double-lm"


END_WORDS = ["light", "day", "home", "rain", "road", "heart", "sky", "door", "fire", "sea"]
FILL = ["we", "walk", "down", "the", "long", "wide", "road", "and", "sing", "of", "old", "days"]
write_calls: list = []


def write_lines(request, backend=None):
    write_calls.append(request)
    n = len(request.scheme)
    counts = request.syllables if isinstance(request.syllables, list) else [request.syllables] * n
    given = list(request.given_lines or [None] * n)
    ends = {}
    for i, letter in enumerate(request.scheme):
        if given[i] and letter != "X":
            ends.setdefault(letter, tokenize(given[i])[-1].lower())
    lines, used = [], set()
    for i, letter in enumerate(request.scheme):
        if given[i]:
            lines.append(given[i])
            continue
        anchor = ends.get(letter)
        if anchor is None:
            anchor = END_WORDS[(request.seed + i + ord(letter)) % len(END_WORDS)]
            if letter != "X":
                ends[letter] = anchor
            end = anchor
        else:
            options = [w for w in pronouncing.rhymes(anchor) if w.isalpha()
                       and syllable_count(w) == 1 and w not in used and w != anchor
                       and zipf_frequency(w, "en") > 3.5]
            end = options[(request.seed + i) % len(options)] if options else anchor
        used.add(end)
        words = [end]
        k = request.seed + i
        while line_syllables(" ".join(words)) < counts[i]:
            words.insert(0, FILL[k % len(FILL)])
            k += 1
        lines.append(" ".join(words).capitalize())
    return WriteResult(lines=lines)


# --- harmony ---------------------------------------------------------------------------------------
KEYS = {"C", "D", "E", "F", "G", "A", "B", "Bb", "Eb", "Ab", "F#", "C#", "Db", "Gb"}


def parse_key(text):
    m = re.fullmatch(r"\s*([A-Ga-g][#b]?)\s*(major|minor)?\s*", text)
    if not m or m.group(1).capitalize() not in KEYS:
        raise BadInput(f"unknown key '{text}'")
    return f"{m.group(1).capitalize()} {m.group(2) or 'major'}"


def detect_mood(text):
    return "hopeful"


def fit_lyric(song, key, mood=None, genre=None, time_signature="4/4", seed=0):
    song = copy.deepcopy(song)
    tonic = key.split()[0]
    for section in song.sections:
        section.chords = [ChordEvent(f"{tonic}{s}", r, 4.0 * i, 4.0)
                          for i, (s, r) in enumerate([("", "I"), ("", "V"), ("m", "vi"), ("", "IV")])]
        for line in section.lines:
            line.syllables = [Syllable(w, "single", 1, [Note("C4", float(j), 1.0)])
                              for j, w in enumerate(tokenize(line.text))]
    return song


def transpose(song, key):
    song = copy.deepcopy(song)
    old, new = song.key.split()[0], key.split()[0]
    song.key = key
    for section in song.sections:
        for chord in section.chords:
            chord.symbol = chord.symbol.replace(old, new, 1)
    return song


# --- drafts ----------------------------------------------------------------------------------------
class Library:
    def __init__(self):
        self.songs, self.next_id = {}, 1

    def new_song(self, title, key="C major", **kw):
        song_id, self.next_id = self.next_id, self.next_id + 1
        self.songs[song_id] = []
        return song_id

    def save_song(self, song_id, song, expected_revision=None, message=""):
        revs = self.songs.get(song_id)
        if revs is None:
            raise NotFound(f"no song {song_id}")
        if expected_revision is not None and expected_revision != len(revs):
            raise Conflict("changed meanwhile")
        revs.append((copy.deepcopy(song.to_dict()), message))
        return len(revs)

    def get_song(self, song_id):
        from songwriter.song import Song

        revs = self.songs.get(song_id)
        if not revs:
            raise NotFound(f"no song {song_id}")
        return Song.from_dict(revs[-1][0]), len(revs)

    def history(self, song_id):
        return [{"revision": i + 1, "message": m} for i, (_, m) in enumerate(self.songs[song_id])]


LIBRARY = Library()


def open_library(path=None):
    return LIBRARY


# --- leadsheet -------------------------------------------------------------------------------------
def export(song, fmt, path):
    path = Path(path)
    path.write_text(f"{fmt}\n{song.lyric_text()}")
    return path


def export_many(song, formats, folder, stem=None):
    return [types.SimpleNamespace(format=f, path=export(song, f, Path(folder) / f"song.{f}"))
            for f in formats]


def install(monkeypatch):
    """Put the doubles in place of the real modules for one test; returns the namespace."""
    import sys

    import songwriter

    global LIBRARY
    LIBRARY = Library()
    write_calls.clear()
    this = sys.modules[__name__]
    names = {
        "prosody": ["tokenize", "syllable_count", "line_syllables", "compare", "rhymes"],
        "lm": ["GenerateOptions"],
        "generation": ["WriteRequest", "WriteResult", "write_lines"],
        "harmony": ["parse_key", "detect_mood", "fit_lyric", "transpose"],
        "drafts": ["open_library"],
        "leadsheet": ["export", "export_many"],
    }
    for module, attrs in names.items():
        fake = types.ModuleType(f"songwriter.{module}")
        for attr in attrs:
            setattr(fake, attr, getattr(this, attr))
        monkeypatch.setitem(sys.modules, f"songwriter.{module}", fake)
        monkeypatch.setattr(songwriter, module, fake, raising=False)
    sys.modules["songwriter.lm"].get_backend = lambda spec=None: DoubleBackend()
    return this
