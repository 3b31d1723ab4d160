"""A whole song from one request: plan, write each section, fit chords and a tune, save, export.

``draft_steps`` is a generator of :class:`DraftProgress` events, one per finished step, ending with
an event that carries the :class:`DraftResult` — the chat streams it, the CLI draws a progress bar.
Stopping it part-way (Ctrl-C, or ``close()`` when a browser tab goes away) saves the sections that
were finished, in form order up to the first unfinished one; a half-written section is never kept.
``draft_song`` is the same thing as one call with an optional progress callback.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from songwriter.errors import BadInput, SongwriterError
from songwriter.song import Section, Song
from songwriter.songdraft import checks as checks_mod
from songwriter.songdraft import forms, music
from songwriter.songdraft.plan import SongPlan, clean_theme, plan_song
from songwriter.songdraft.write import write_section

PROVENANCE_VERSION = 1
DEFAULT_GENRE = "pop"
DEFAULT_MOOD = "hopeful"
EXPORT_FORMATS = ("pdf", "png", "musicxml", "midi", "wav", "chordpro", "txt", "svg", "json")


class DraftInterrupted(SongwriterError):
    """Ctrl-C while drafting: says what was saved."""


@dataclass
class DraftRequest:
    """What to draft. Everything but ``theme`` is optional; unknown genre/mood/form names are
    matched to the nearest known one and the result says so. ``library`` is a drafts database
    path (None: the default one). ``export_dir`` asks for a lead sheet and audio preview there."""

    theme: str
    genre: str | None = None
    mood: str | None = None
    form: str | None = None
    key: str | None = None
    title: str | None = None
    seed: int = 0
    model: str | None = None
    export_dir: str | Path | None = None
    export_formats: tuple[str, ...] = ("pdf", "png", "wav")
    library: str | Path | None = None


@dataclass
class DraftResult:
    """A saved draft. ``checks`` has per-section line/rhyme checks and a ``summary``;
    ``notes`` says what was guessed or substituted; ``timings`` are seconds per phase."""

    id: object
    revision: object
    song: Song
    form: str
    genre: str
    mood: str
    hook: str
    checks: dict
    notes: list[str] = field(default_factory=list)
    exports: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    complete: bool = True

    def to_dict(self) -> dict:
        """The shape `song draft --json` prints."""
        return {
            "id": self.id, "revision": self.revision, "title": self.song.title,
            "key": self.song.key, "tempo": self.song.tempo,
            "time_signature": self.song.time_signature, "form": self.form, "genre": self.genre,
            "mood": self.mood, "hook": self.hook,
            "sections": [section_summary(s) for s in self.song.sections],
            "checks": self.checks, "notes": self.notes, "exports": self.exports,
            "timings": self.timings, "complete": self.complete,
        }


@dataclass
class DraftProgress:
    """One finished step. ``phase`` is plan/section/save/export/done; ``section`` is the finished
    section's summary (kind, label, lines, chords) for phase "section"; ``result`` is set on done."""

    step: int
    total: int
    phase: str
    message: str
    section: dict | None = None
    result: DraftResult | None = None


def section_summary(section: Section) -> dict:
    return {"kind": section.kind, "label": section.label,
            "lines": [line.text for line in section.lines],
            "chords": [c.symbol for c in section.chords]}


@dataclass
class Settings:
    """A request resolved against the data: real names, key, tempo, the form's section specs."""

    theme: str
    genre: forms.Genre
    mood: forms.Mood
    form: forms.SongForm
    key: str
    tempo: int
    time_signature: str
    notes: list[str]


def resolve(request: DraftRequest) -> Settings:
    """Check and resolve a request; BadInput for anything that cannot be drafted."""
    theme = clean_theme(request.theme)
    notes = []
    if not isinstance(request.seed, int) or not 0 <= request.seed < 2**31:
        raise BadInput("the seed must be a whole number from 0 to 2147483647")
    genre_name = DEFAULT_GENRE
    if request.genre:
        match = forms.find_genre(request.genre)
        genre_name = match.name
        notes += [match.note] if match.note else []
    if request.mood:
        match = forms.find_mood(request.mood)
        mood_name = match.name
        notes += [match.note] if match.note else []
    else:
        mood_name = guess_mood(theme)
        notes.append(f"mood not given; '{mood_name}' suits the theme")
    genre, mood = forms.genre(genre_name), forms.mood(mood_name)
    form_name = genre.forms[0]
    if request.form:
        match = forms.find_form(request.form)
        form_name = match.name
        notes += [match.note] if match.note else []
    form = forms.build_form(form_name)
    key = music.parse_key(request.key) if request.key else music.choose_key(mood, genre, request.seed)
    tempo = music.choose_tempo(mood, genre, request.seed)
    time_signature = form.time_signature or genre.time_signature
    return Settings(theme, genre, mood, form, key, tempo, time_signature, notes)


def guess_mood(theme: str) -> str:
    """The known mood nearest to the theme: harmony's detector when it names one we know, else
    the nearest by meaning."""
    try:
        from songwriter import harmony

        detected = harmony.detect_mood(theme)
        if detected in forms.mood_names():
            return detected
    except (ImportError, AttributeError, SongwriterError):
        pass
    try:
        return forms.find_mood(theme[:80]).name
    except SongwriterError:
        return DEFAULT_MOOD


def get_backend(spec: str | None):
    from songwriter.lm import get_backend as lm_backend

    return lm_backend(spec)


def draft_steps(request: DraftRequest, backend=None) -> Iterator[DraftProgress]:
    """Draft a song, yielding a :class:`DraftProgress` after each step; the last one (phase
    "done") carries the result. See the module docstring for what stopping early does."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    settings = resolve(request)
    form = settings.form
    parts = list(dict.fromkeys(spec.part for spec in form.sections))
    exporting = request.export_dir is not None
    total = 1 + len(parts) + 1 + (1 if exporting else 0)
    t = time.perf_counter()
    if backend is None:
        backend = get_backend(request.model)
    if hasattr(backend, "load"):  # a local model loads lazily; time it apart from the writing
        backend.load()
    if time.perf_counter() - t > 0.01:
        timings["load"] = round(time.perf_counter() - t, 2)
    backend_spec = request.model or "default"

    t = time.perf_counter()
    plan = plan_song(settings.theme, form, settings.mood.name, settings.genre.name,
                     mode=settings.mood.mode, title=request.title, backend=backend,
                     seed=request.seed)
    timings["plan"] = round(time.perf_counter() - t, 2)
    yield DraftProgress(1, total, "plan", f"“{plan.title}” — {form.title}, {settings.key}, "
                        f"{settings.tempo} BPM; hook: {plan.hook or '(written with the chorus)'}")

    finished: dict[str, Section] = {}
    try:
        for n, part in enumerate(parts):
            spec = next(s for s in form.sections if s.part == part)
            t = time.perf_counter()
            section = write_section(spec, plan, settings.mood.name, backend,
                                    seed=request.seed + n, backend_spec=backend_spec)
            timings[f"write {spec.label}"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            section = music.fit_section(section, settings.key, settings.mood.name,
                                        settings.genre.name, settings.time_signature,
                                        settings.tempo, seed=request.seed + n)
            timings[f"music {spec.label}"] = round(time.perf_counter() - t, 2)
            finished[part] = section
            sung = sum(s.part == part for s in form.sections)
            yield DraftProgress(2 + n, total, "section",
                                f"{spec.label} done" + (f" (sung {sung} times)" if sung > 1 else ""),
                                section=section_summary(section))
    except (KeyboardInterrupt, GeneratorExit) as stop:
        saved = save_partial(settings, plan, finished, request, backend)
        if isinstance(stop, KeyboardInterrupt):
            if saved:
                raise DraftInterrupted(
                    f"interrupted: the {saved[2]} finished section(s) were saved as song "
                    f"{saved[0]} (revision {saved[1]}); nothing half-written was kept") from None
            raise DraftInterrupted("interrupted before any section was finished; nothing was "
                                   "saved") from None
        raise
    song = assemble(settings, plan, finished, request, backend, complete=True)
    t = time.perf_counter()
    song_id, revision = save_new(open_library(request.library), song,
                                 f"drafted: {form.title}, seed {request.seed}")
    timings["save"] = round(time.perf_counter() - t, 2)
    yield DraftProgress(total - (1 if exporting else 0), total, "save",
                        f"saved as song {song_id}, revision {revision}")

    exports = {}
    if exporting:
        t = time.perf_counter()
        exports = export_song(song, request.export_dir, request.export_formats)
        timings["export"] = round(time.perf_counter() - t, 2)
        yield DraftProgress(total, total, "export", "exported " + ", ".join(exports))
    timings["total"] = round(time.perf_counter() - started, 2)
    result = DraftResult(id=song_id, revision=revision, song=song, form=form.name,
                         genre=settings.genre.name, mood=settings.mood.name, hook=plan.hook,
                         checks=song.provenance["checks"], notes=settings.notes, exports=exports,
                         timings=timings)
    yield DraftProgress(total, total, "done", f"“{song.title}” is ready (song {song_id})",
                        result=result)


def draft_song(request: DraftRequest, backend=None,
               progress: Callable[[DraftProgress], None] | None = None) -> DraftResult:
    """Draft, save (and export if asked) a whole song; ``progress`` is called after each step."""
    steps = draft_steps(request, backend)
    try:
        for event in steps:
            if progress:
                progress(event)
            if event.result is not None:
                return event.result
    finally:
        steps.close()  # an exception in the callback still saves what was finished
    raise SongwriterError("the draft ended without a result")  # not reached


def open_library(path=None):
    from songwriter.drafts import open_library as drafts_library

    return drafts_library(path)


def assemble(settings: Settings, plan: SongPlan, finished: dict[str, Section],
             request: DraftRequest, backend, complete: bool) -> Song:
    """The song in form order from finished parts (each repeat its own copy), with provenance
    and checks. An incomplete song stops at the first unfinished section."""
    sections, specs = [], []
    for spec in settings.form.sections:
        if spec.part not in finished:
            break
        section = copy.deepcopy(finished[spec.part])
        section.label = spec.label
        sections.append(section)
        specs.append(spec)
    song = Song(title=plan.title, key=settings.key, tempo=settings.tempo,
                time_signature=settings.time_signature, sections=sections,
                tags=[settings.genre.name, settings.mood.name])
    section_checks = [checks_mod.check_section(s, spec) for s, spec in zip(sections, specs)]
    song.provenance = {
        "tool": "songdraft", "version": PROVENANCE_VERSION, "complete": complete,
        "request": {"theme": settings.theme, "genre": request.genre, "mood": request.mood,
                    "form": request.form, "key": request.key, "title": request.title,
                    "seed": request.seed, "model": request.model},
        "resolved": {"genre": settings.genre.name, "mood": settings.mood.name,
                     "mode": settings.mood.mode, "form": settings.form.name,
                     "form_title": settings.form.title},
        "form_sections": [s.to_dict() for s in settings.form.sections],
        "sections": [s.to_dict() for s in specs],
        "plan": plan.to_dict(), "notes": settings.notes,
        "backend": request.model or "default", "model": getattr(backend, "model_id", ""),
        "checks": {"sections": section_checks, "summary": checks_mod.summarize(section_checks)},
    }
    return song


def save_new(library, song: Song, message: str) -> tuple[object, object]:
    """A new song in the library holding ``song``; (id, revision)."""
    song_id = library.new_song(song.title, key=song.key, tempo=song.tempo,
                               time_signature=song.time_signature, tags=list(song.tags),
                               message="new song (drafting)")
    revision = library.save_song(song_id, song, message=message)
    return song_id, revision


def save_partial(settings, plan, finished, request, backend):
    """Save the finished prefix of an interrupted draft; (id, revision, sections) or None."""
    if not finished or settings.form.sections[0].part not in finished:
        return None
    song = assemble(settings, plan, finished, request, backend, complete=False)
    library = open_library(request.library)
    done = len(song.sections)
    song_id, revision = save_new(library, song, f"interrupted draft: {done} of "
                                 f"{len(settings.form.sections)} sections finished")
    return song_id, revision, done


def export_song(song: Song, directory, formats) -> dict[str, str]:
    """Lead sheet and audio files for ``song`` in ``directory`` (one LilyPond run for PDF and
    PNG together); {format: path}."""
    from songwriter import leadsheet

    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise BadInput(f"unknown export format '{unknown[0]}'; choose from "
                       f"{', '.join(EXPORT_FORMATS)}")
    directory = Path(directory).expanduser()
    directory.mkdir(parents=True, exist_ok=True)
    return {e.format: str(e.path) for e in leadsheet.export_many(song, list(formats), directory)}
