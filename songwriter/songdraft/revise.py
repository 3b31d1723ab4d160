"""Change part of a saved song — one section, one line, its form or its key — as a new revision.

Each function loads the song from the drafts library, rewrites only what was asked (a chorus is
rewritten everywhere it is sung), refits chords and melody where words changed, re-checks meter
and rhyme, and saves with ``expected_revision`` so a change made meanwhile is not overwritten.
Songs typed by hand work too: their meter and scheme are read off the lines they have.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from songwriter.errors import BadInput
from songwriter.song import Section, Song
from songwriter.songdraft import checks as checks_mod
from songwriter.songdraft import forms, music
from songwriter.songdraft.draft import (DEFAULT_GENRE, DEFAULT_MOOD, DraftResult, get_backend,
                                        open_library)
from songwriter.songdraft.forms import SectionSpec
from songwriter.songdraft.plan import SongPlan, hook_lines
from songwriter.songdraft.write import write_section

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}


@dataclass
class Context:
    """A saved song and what is needed to change it."""

    library: object
    song_id: object
    song: Song
    revision: object
    plan: SongPlan
    specs: list[SectionSpec]
    mood: str
    genre: str
    seed: int


def load(song_id, library=None) -> Context:
    lib = library if hasattr(library, "get_song") else open_library(library)
    song, revision = lib.get_song(song_id)
    prov = song.provenance or {}
    plan_data = prov.get("plan") or {}
    plan = SongPlan(theme=plan_data.get("theme") or song.title, title=song.title,
                    hook=plan_data.get("hook", ""), ideas=dict(plan_data.get("ideas", {})),
                    sources=dict(plan_data.get("sources", {})),
                    prompt=plan_data.get("prompt", ""),
                    model_answer=plan_data.get("model_answer", ""))
    specs = [SectionSpec.from_dict(d) for d in prov.get("sections", [])]
    if len(specs) != len(song.sections):
        specs = [spec_from_section(s, i) for i, s in enumerate(song.sections)]
    resolved = prov.get("resolved", {})
    mood = resolved.get("mood") or next((t for t in song.tags if t in forms.mood_names()),
                                        DEFAULT_MOOD)
    genre = resolved.get("genre") or next((t for t in song.tags if t in forms.genre_names()),
                                          DEFAULT_GENRE)
    seed = int((prov.get("request") or {}).get("seed") or 0)
    return Context(lib, song_id, song, revision, plan, specs, mood, genre, seed)


def spec_from_section(section: Section, index: int) -> SectionSpec:
    """A spec read off a hand-written section: its lines' syllable counts and rhyme scheme."""
    from songwriter import prosody

    texts = [line.text for line in section.lines] or [""]
    syllables = [max(forms.MIN_SYLLABLES, min(forms.MAX_SYLLABLES, prosody.line_syllables(t)))
                 if t.strip() else 8 for t in texts]
    scheme = "X" * len(texts)
    try:
        found = re.sub(r"[^A-Za-z]", "", str(prosody.analyze("\n".join(texts)).scheme)).upper()
        if len(found) == len(texts):
            scheme = found
    except Exception:  # noqa: BLE001 - without a scheme the lines simply need not rhyme
        pass
    return SectionSpec(kind=section.kind, label=section.label, part=f"{section.kind}@{index}",
                       lines=len(texts), syllables=syllables, scheme=scheme)


def find_section(song: Song, ref) -> int:
    """0-based index of a section given as an index, a label ("Verse 2"), a kind ("bridge": the
    first one) or words like "second verse" / "last chorus"."""
    n = len(song.sections)
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().lstrip("-").isdigit()):
        i = int(ref)
        if not -n <= i < n:
            raise BadInput(f"there is no section {i}; this song has {n} (0 to {n - 1})")
        return i % n
    text = re.sub(r"\s+", " ", str(ref).strip().lower().replace("-", " "))
    for i, s in enumerate(song.sections):
        if s.label.lower().replace("-", " ") == text:
            return i
    words = text.split()
    ordinal = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    number = next((int(w) for w in words if w.isdigit()), None)
    kind_words = [w for w in words if w not in ORDINALS and not w.isdigit() and w != "the"]
    kind = forms.KINDS_ALIASES.get(" ".join(kind_words), " ".join(kind_words))
    matches = [i for i, s in enumerate(song.sections) if s.kind.replace("-", " ") == kind.replace("-", " ")]
    if matches:
        pick = ordinal or number or 1
        if pick == -1:
            return matches[-1]
        if pick <= len(matches):
            return matches[pick - 1]
    labels = ", ".join(s.label for s in song.sections)
    raise BadInput(f"no section '{ref}' in this song; it has: {labels}")


def _new_seed(ctx: Context) -> int:
    # A different seed each revision, so "another second verse" really is another one.
    try:
        rev = int(ctx.revision)
    except (TypeError, ValueError):
        rev = len(str(ctx.revision))
    return (ctx.seed + 7919 * (rev + 1)) % (2**31)


def _refit(ctx: Context, section: Section, mood: str | None, seed: int) -> Section:
    return music.fit_section(section, ctx.song.key, mood or ctx.mood, ctx.genre,
                             ctx.song.time_signature, ctx.song.tempo, seed=seed)


def _place(ctx: Context, part: str, section: Section) -> list[int]:
    """Put ``section`` everywhere ``part`` is sung; the indexes changed."""
    changed = []
    for i, spec in enumerate(ctx.specs):
        if spec.part == part:
            placed = copy.deepcopy(section)
            placed.label = ctx.song.sections[i].label
            ctx.song.sections[i] = placed
            changed.append(i)
    return changed


def _save(ctx: Context, message: str, notes: list[str] | None = None) -> DraftResult:
    section_checks = [checks_mod.check_section(s, spec)
                      for s, spec in zip(ctx.song.sections, ctx.specs)]
    prov = dict(ctx.song.provenance or {})
    prov["plan"] = ctx.plan.to_dict()
    prov["sections"] = [s.to_dict() for s in ctx.specs]
    prov["checks"] = {"sections": section_checks, "summary": checks_mod.summarize(section_checks)}
    prov.setdefault("changes", []).append(message)
    ctx.song.provenance = prov
    revision = ctx.library.save_song(ctx.song_id, ctx.song, expected_revision=ctx.revision,
                                     message=message)
    return DraftResult(id=ctx.song_id, revision=revision, song=ctx.song,
                       form=(prov.get("resolved") or {}).get("form", ""), genre=ctx.genre,
                       mood=ctx.mood, hook=ctx.plan.hook, checks=prov["checks"],
                       notes=notes or [], complete=prov.get("complete", True))


def regenerate_section(song_id, index, theme_hint: str | None = None, mood: str | None = None,
                       seed: int | None = None, backend=None, library=None) -> DraftResult:
    """Rewrite one section (every time it is sung, for a chorus), keeping the rest of the song.
    ``theme_hint`` steers the words ("darker", "about the drive home"); ``mood`` also changes
    its chords (nearest known mood)."""
    ctx = load(song_id, library)
    i = find_section(ctx.song, index)
    spec = ctx.specs[i]
    hint = _clean_hint(theme_hint)
    notes = []
    if mood:
        match = forms.find_mood(mood)
        mood, notes = match.name, [match.note] if match.note else []
    seed = _new_seed(ctx) if seed is None else seed
    backend = backend or get_backend((ctx.song.provenance or {}).get("request", {}).get("model"))
    section = write_section(spec, ctx.plan, mood or ctx.mood, backend, seed=seed, hint=hint)
    section = _refit(ctx, section, mood, seed)
    changed = _place(ctx, spec.part, section)
    what = f"new {spec.label}" + (f" ({hint})" if hint else "") + (f", {mood}" if mood else "")
    result = _save(ctx, what, notes)
    result.notes.append(f"rewrote {', '.join(ctx.song.sections[c].label for c in changed)}")
    return result


def regenerate_line(song_id, index, line: int, theme_hint: str | None = None,
                    seed: int | None = None, backend=None, library=None) -> DraftResult:
    """Rewrite one line (1-based ``line`` in section ``index``) keeping the others. A line that
    repeats another (blues) rewrites the one it repeats; rewriting the hook changes it everywhere."""
    ctx = load(song_id, library)
    i = find_section(ctx.song, index)
    spec, section = ctx.specs[i], ctx.song.sections[i]
    if not isinstance(line, int) or not 1 <= line <= len(section.lines):
        raise BadInput(f"{section.label} has lines 1 to {len(section.lines)}; there is no line {line}")
    line = spec.repeats.get(line, line)
    is_hook = spec.hook_line == line and bool(ctx.plan.hook)
    keep = {k: ln for k, ln in enumerate(section.lines) if k != line - 1}
    plan = ctx.plan
    if is_hook:
        plan = SongPlan(**{**ctx.plan.to_dict(), "hook": ""})
    seed = _new_seed(ctx) if seed is None else seed
    backend = backend or get_backend((ctx.song.provenance or {}).get("request", {}).get("model"))
    new = write_section(spec, plan, ctx.mood, backend, seed=seed, hint=_clean_hint(theme_hint),
                        keep=keep)
    if is_hook:
        hook = new.lines[line - 1].text
        new.lines[line - 1].provenance["role"] = "hook"
        ctx.plan.hook = hook
        for k, other in enumerate(ctx.specs):
            if other.hook_line and other.part != spec.part:
                updated = copy.deepcopy(ctx.song.sections[k])
                updated.lines[other.hook_line - 1] = copy.deepcopy(new.lines[line - 1])
                _place(ctx, other.part, _refit(ctx, updated, None, seed))
    _place(ctx, spec.part, _refit(ctx, new, None, seed))
    return _save(ctx, f"new line {line} in {spec.label}" + (" (the hook)" if is_hook else ""))


def transpose_song(song_id, key: str, library=None) -> DraftResult:
    """The song in another key (chords and melody moved), as a new revision."""
    ctx = load(song_id, library)
    new_key = music.parse_key(key)
    old_key = ctx.song.key
    song = music.transpose(ctx.song, new_key)
    song.provenance = ctx.song.provenance
    ctx.song = song
    return _save(ctx, f"transposed from {old_key} to {song.key}")


def reform_song(song_id, form: str, seed: int | None = None, backend=None, library=None,
                progress=None) -> DraftResult:
    """The song in another form: parts it already has are kept (same part, same meter), the
    others are written; sections the new form has no place for are dropped."""
    ctx = load(song_id, library)
    match = forms.find_form(form)
    notes = [match.note] if match.note else []
    new_form = forms.build_form(match.name)
    seed = _new_seed(ctx) if seed is None else seed
    old = {spec.part: (spec, ctx.song.sections[i]) for i, spec in enumerate(ctx.specs)}
    hook_specs = [s for s in new_form.sections if s.hook_line]
    if hook_specs:
        target = hook_specs[0].syllables[hook_specs[0].hook_line - 1]
        from songwriter import prosody

        if not ctx.plan.hook or prosody.line_syllables(ctx.plan.hook) != target:
            mode = "minor" if "minor" in ctx.song.key else "major"
            found = hook_lines([ctx.plan.title], target, mode, seed)
            ctx.plan.hook = found[0] if found else ""
            notes.append(f"new hook for the new meter: {ctx.plan.hook or '(written in place)'}")
    parts: dict[str, Section] = {}
    kept, written = [], []
    backend_ = backend
    for spec in new_form.sections:
        if spec.part in parts:
            continue
        prior = old.get(spec.part)
        if prior and _same_meter(prior[0], spec) and (
                not spec.hook_line or prior[1].lines[spec.hook_line - 1].text == ctx.plan.hook):
            parts[spec.part] = prior[1]
            kept.append(spec.label)
            continue
        if spec.part not in ctx.plan.ideas:
            ctx.plan.ideas[spec.part] = spec.idea.format(theme=ctx.plan.theme,
                                                         hook=ctx.plan.hook or ctx.plan.title)
        if backend_ is None:
            backend_ = get_backend((ctx.song.provenance or {}).get("request", {}).get("model"))
        section = write_section(spec, ctx.plan, ctx.mood, backend_, seed=seed + len(written))
        parts[spec.part] = _refit(ctx, section, None, seed + len(written))
        written.append(spec.label)
        if progress:
            progress(f"{spec.label} written")
    sections = []
    for spec in new_form.sections:
        s = copy.deepcopy(parts[spec.part])
        s.label = spec.label
        sections.append(s)
    ctx.song.sections, ctx.specs = sections, list(new_form.sections)
    prov = dict(ctx.song.provenance or {})
    prov.setdefault("resolved", {}).update(form=new_form.name, form_title=new_form.title)
    prov["form_sections"] = [s.to_dict() for s in new_form.sections]
    prov["complete"] = True
    ctx.song.provenance = prov
    notes.append(f"kept {', '.join(kept) or 'nothing'}; wrote {', '.join(written) or 'nothing'}")
    return _save(ctx, f"form changed to {new_form.title}", notes)


def _same_meter(a: SectionSpec, b: SectionSpec) -> bool:
    return (a.lines, a.syllables, a.scheme, a.repeats, a.hook_line) == (
        b.lines, b.syllables, b.scheme, b.repeats, b.hook_line)


def _clean_hint(hint: str | None) -> str | None:
    if hint is None:
        return None
    hint = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", str(hint))).strip()
    if len(hint) > 200:
        raise BadInput("keep the change you ask for under 200 characters")
    return hint or None
