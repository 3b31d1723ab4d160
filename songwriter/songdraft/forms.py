"""Song forms, genres and moods from ``rhyme_data/forms.toml``, and lookups that forgive near misses.

A form becomes a list of :class:`SectionSpec` — everything the writer needs for one section (meter,
rhyme scheme, line count, energy, where the hook goes). Unknown names are matched by spelling first
and by meaning (``songwriter.embed``) last, and the caller is told which name was used.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from songwriter.config import RHYME_DATA
from songwriter.errors import BadInput

FORMS_FILE = RHYME_DATA / "forms.toml"
FORMS_VERSION = 1
MAX_SECTIONS = 16
MIN_SYLLABLES, MAX_SYLLABLES = 3, 16
MAX_LINES = 12
KINDS_ALIASES = {"prechorus": "pre-chorus", "pre chorus": "pre-chorus", "refrain": "chorus",
                 "hook": "chorus", "middle eight": "bridge", "middle-eight": "bridge",
                 "a": "verse", "b": "bridge", "c": "chorus"}


@dataclass
class SectionSpec:
    """What one section of a form asks for. ``part`` names its content: sections with the same part
    sing the same words (every chorus is part "chorus"; verses are "verse1", "verse2", ...)."""

    kind: str
    label: str
    part: str
    lines: int
    syllables: list[int]
    scheme: str
    energy: int = 2
    hook_line: int = 0
    repeats: dict[int, int] = field(default_factory=dict)
    idea: str = ""

    def written_lines(self) -> list[int]:
        """0-based indexes of the lines that must be written (the rest repeat an earlier line)."""
        return [i for i in range(self.lines) if (i + 1) not in self.repeats]

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        data["repeats"] = {str(k): v for k, v in self.repeats.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SectionSpec":
        data = dict(data)
        data["repeats"] = {int(k): int(v) for k, v in data.get("repeats", {}).items()}
        return cls(**data)


@dataclass
class SongForm:
    name: str
    title: str
    description: str
    sections: list[SectionSpec]
    time_signature: str | None = None  # None: the genre's


@dataclass
class Genre:
    name: str
    description: str
    forms: list[str]
    tempo: tuple[int, int]
    keys: list[str]
    time_signature: str = "4/4"


@dataclass
class Mood:
    name: str
    description: str
    mode: str
    tempo: tuple[int, int]
    harmony: str = ""  # harmony's name for it, when different


@dataclass
class Match:
    """The outcome of a forgiving lookup: the name used, and a note when it was not the one asked."""

    name: str
    note: str = ""


@functools.cache
def load_data(path: Path = FORMS_FILE) -> dict:
    """The parsed forms file (cached). Checks the version header, so an old file fails loudly."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    if data.get("version") != FORMS_VERSION:
        raise BadInput(f"{path} has version {data.get('version')}; expected {FORMS_VERSION}")
    return data


def form_names() -> list[str]:
    return list(load_data()["forms"])


def genre_names() -> list[str]:
    return list(load_data()["genres"])


def mood_names() -> list[str]:
    return list(load_data()["moods"])


def genre(name: str) -> Genre:
    raw = load_data()["genres"][name]
    return Genre(name=name, description=raw["description"], forms=list(raw["forms"]),
                 tempo=tuple(raw["tempo"]), keys=list(raw["keys"]),
                 time_signature=raw.get("time_signature", "4/4"))


def mood(name: str) -> Mood:
    raw = load_data()["moods"][name]
    return Mood(name=name, description=raw["description"], mode=raw["mode"],
                tempo=tuple(raw["tempo"]), harmony=raw.get("harmony", name))


def _normal(name: str) -> str:
    return re.sub(r"[\s_–—]+", "-", name.strip().lower()).replace("&", "n")


def _nearest(asked: str, table: dict, what: str) -> Match:
    """Exact name, alias, close spelling, then nearest description by meaning."""
    if not asked or not asked.strip():
        raise BadInput(f"the {what} is empty")
    if len(asked) > 80:
        raise BadInput(f"that {what} name is too long ({len(asked)} characters; 80 at most)")
    key = _normal(asked)
    names = list(table)
    for name in names:
        aliases = [_normal(a) for a in table[name].get("aliases", [])]
        if key == _normal(name) or key in aliases or key.replace("-", "") == name.replace("-", ""):
            return Match(name)
    spelled = {_normal(a): n for n in names for a in [n, *table[n].get("aliases", [])]}
    close = difflib.get_close_matches(key, list(spelled), n=1, cutoff=0.72)
    if close:
        name = spelled[close[0]]
        return Match(name, f"unknown {what} '{asked}'; using '{name}' (closest spelling)")
    from songwriter.embed import embed

    texts = [f"{n.replace('-', ' ')}: {table[n].get('description', '')}" for n in names]
    vectors = embed([asked, *texts])
    scores = vectors[1:] @ vectors[0]
    best = int(scores.argmax())
    name = names[best]
    return Match(name, f"unknown {what} '{asked}'; using '{name}' (nearest by meaning)")


def find_genre(asked: str) -> Match:
    """The known genre nearest to ``asked`` (see :func:`_nearest`)."""
    return _nearest(asked, load_data()["genres"], "genre")


def find_mood(asked: str) -> Match:
    """The known mood nearest to ``asked``."""
    return _nearest(asked, load_data()["moods"], "mood")


def find_form(asked: str) -> Match:
    """A known form name, or "custom:<kinds>" for a list of section kinds ("verse chorus verse")."""
    table = load_data()["forms"]
    key = _normal(asked or "")
    for name, raw in table.items():
        if key == name or key in [_normal(a) for a in raw.get("aliases", [])]:
            return Match(name)
    kinds = custom_kinds(asked or "")
    if kinds:
        return Match("custom:" + ",".join(kinds))
    return _nearest(asked, table, "form")


def custom_kinds(text: str) -> list[str] | None:
    """Section kinds from a hand-written form such as "verse, chorus, verse, chorus" or "V-C-V-C";
    None when ``text`` is not such a list."""
    text = re.sub(r"pre[\s-]+chorus", "prechorus", text.strip().lower())
    words = [w for w in re.split(r"[,;/>|+\s–—-]+", text) if w]
    if len(words) < 2:
        return None
    letters = {"v": "verse", "c": "chorus", "b": "bridge", "p": "pre-chorus", "pc": "pre-chorus",
               "o": "outro"}
    defined = load_data()["kinds"]
    kinds = []
    for word in words:
        word = letters.get(word, KINDS_ALIASES.get(word, word))
        if word not in defined:
            return None
        kinds.append(word)
    return kinds


def build_form(name: str) -> SongForm:
    """The form ``name`` (a known name or "custom:kind,kind,...") expanded into section specs.

    Raises BadInput when the form cannot be sung as written (see :func:`check_form`)."""
    data = load_data()
    if name.startswith("custom:"):
        kinds = name.split(":", 1)[1].split(",")
        raw = {"title": " – ".join(kinds), "description": "a form given by hand",
               "sections": [{"kind": k} for k in kinds]}
    else:
        raw = data["forms"][name]
    specs = []
    counts: dict[str, int] = {}
    totals = {k: [e["kind"] for e in raw["sections"]].count(k) for k in data["kinds"]}
    for entry in raw["sections"]:
        kind = entry["kind"]
        if kind not in data["kinds"]:
            raise BadInput(f"form '{name}' uses an unknown section kind '{kind}'")
        base = {**data["kinds"][kind], **entry}
        counts[kind] = counts.get(kind, 0) + 1
        n = counts[kind]
        repeated = kind in data.get("repeat_kinds", [])
        part = base.get("part") or (kind if repeated else f"{kind}{n}")
        title = kind.title()
        label = base.get("label") or (title if repeated or totals[kind] == 1 else f"{title} {n}")
        lines = int(base["lines"])
        syllables = base["syllables"]
        syllables = [int(syllables)] * lines if isinstance(syllables, int) else [int(s) for s in syllables]
        ideas = base.get("idea", [""])
        ideas = [ideas] if isinstance(ideas, str) else ideas
        specs.append(SectionSpec(
            kind=kind, label=label, part=part, lines=lines, syllables=syllables,
            scheme=str(base["scheme"]).upper(), energy=int(base.get("energy", 2)),
            hook_line=int(base.get("hook_line", 0)),
            repeats={int(a): int(b) for a, b in base.get("repeats", [])},
            idea=ideas[min(n - 1, len(ideas) - 1)]))
    # Sections that sing the same part must agree; the first one's spec wins.
    first: dict[str, SectionSpec] = {}
    for i, spec in enumerate(specs):
        if spec.part in first:
            specs[i] = SectionSpec(**{**first[spec.part].__dict__, "label": spec.label})
        else:
            first[spec.part] = spec
    form = SongForm(name=name, title=raw["title"], description=raw["description"], sections=specs,
                    time_signature=raw.get("time_signature"))
    check_form(form)
    return form


def check_form(form: SongForm) -> None:
    """Raise BadInput, saying why, when a form cannot be satisfied."""
    if not form.sections:
        raise BadInput(f"form '{form.name}' has no sections")
    if len(form.sections) > MAX_SECTIONS:
        raise BadInput(f"form '{form.name}' has {len(form.sections)} sections; "
                       f"{MAX_SECTIONS} at most")
    hook_syllables = set()
    for spec in form.sections:
        where = f"form '{form.name}', {spec.label}"
        if not 1 <= spec.lines <= MAX_LINES:
            raise BadInput(f"{where}: {spec.lines} lines; a section has 1 to {MAX_LINES}")
        if len(spec.syllables) != spec.lines:
            raise BadInput(f"{where}: {len(spec.syllables)} syllable counts for {spec.lines} lines")
        bad = [s for s in spec.syllables if not MIN_SYLLABLES <= s <= MAX_SYLLABLES]
        if bad:
            raise BadInput(f"{where}: a line of {bad[0]} syllables cannot be sung as asked; "
                           f"lines take {MIN_SYLLABLES} to {MAX_SYLLABLES}")
        if len(spec.scheme) != spec.lines or not spec.scheme.isalpha():
            raise BadInput(f"{where}: rhyme scheme '{spec.scheme}' must have one letter per line "
                           f"({spec.lines})")
        if not 0 <= spec.hook_line <= spec.lines:
            raise BadInput(f"{where}: hook line {spec.hook_line} is outside the section")
        if spec.hook_line:
            hook_syllables.add(spec.syllables[spec.hook_line - 1])
        for line, of_line in spec.repeats.items():
            if not 1 <= of_line < line <= spec.lines:
                raise BadInput(f"{where}: line {line} cannot repeat line {of_line}")
            if spec.syllables[line - 1] != spec.syllables[of_line - 1]:
                raise BadInput(f"{where}: line {line} repeats line {of_line} but asks for a "
                               f"different number of syllables")
        written = spec.written_lines()
        if not written:
            raise BadInput(f"{where}: every line repeats another; nothing to write")
    if len(hook_syllables) > 1:
        raise BadInput(f"form '{form.name}' puts the hook on lines of different lengths "
                       f"({sorted(hook_syllables)} syllables); it must be one line")
