"""Chat handlers: ``handle(message, state)`` yields reply text in pieces (the web app streams them).

Every failure becomes a helpful reply; the song in ``state`` changes only when an action succeeds.
"""

import html
import queue
import re
import tempfile
import threading
from typing import Iterator

from songwriter.chat.router import route
from songwriter.chat.slots import parse
from songwriter.chat.state import ChatState
from songwriter.errors import SongwriterError

GENERATION_LOCK = threading.Lock()  # one generation at a time; rhymes/analysis never take it
MAX_CHARS = 20_000  # a whole song is a few KB; a 1 MB paste is a mistake, not a lyric
CHOICE_TEXT = {"rhymes": "find rhymes", "write": "write lines", "fix": "fix a line",
               "chords": "suggest chords", "analyze": "analyse the song", "save": "save lines to the song",
               "new": "start a new song", "export": "export the song", "song": "draft a whole song",
               "next": "suggest the next line", "help": "show help"}
HELP = """I can help you write a song. Try:
- **rhymes for midnight** (or `/rhymes night`, "slant is fine")
- **write a chorus about the sea, 8 syllables, ABAB** (`/write`) — then "now a bridge"
- paste a verse (two or more lines) to see syllables, stresses and rhymes
- **make line 3 fit 8 syllables**, **make the second line sadder** (`/fix`)
- **suggest the next line**, **next line rhyming with line 2** (`/next`)
- **chords for this in A minor, sad** (`/chords`)
- **use that** / **save this as the first verse** (`/save`), **new song called Harbor Lights** (`/new`)
- **export a PDF** (`/export pdf|png|svg|musicxml|midi|chordpro|txt|wav|json`)
- **write me a song about leaving home** (`/song`)"""


def check_message(message) -> str:
    """The message as text, or SongwriterError with a helpful message."""
    if isinstance(message, dict):  # gradio multimodal shape
        message = message.get("text", "")
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError:
            raise SongwriterError("That looks like binary data, not lyrics. Paste text instead.")
    text = str(message or "")
    if "\x00" in text or sum(1 for c in text[:2000] if ord(c) < 32 and c not in "\n\r\t") > 10:
        raise SongwriterError("That looks like binary data, not lyrics. Paste text instead.")
    if not text.strip():
        raise SongwriterError("Say something — for example **rhymes for night** or type `/help`.")
    if len(text) > MAX_CHARS:
        raise SongwriterError(f"That message is {len(text):,} characters; I take up to {MAX_CHARS:,} "
                              "(a whole song is usually under 3,000). Paste one verse or section at a time.")
    return text


def handle(message, state: ChatState) -> Iterator[str]:
    """Reply pieces for one message; never raises for bad input or a failing backend."""
    try:
        text = check_message(message)
        if state.pending and text.strip().isdigit():
            choices = state.pending["choices"]
            n = int(text.strip())
            if 1 <= n <= len(choices):
                text, intent = state.pending["text"], choices[n - 1]
                state.pending = None
                yield from ACTIONS[intent](text, state)
                return
        state.pending = None
        r = route(text)
        if r.intent == "unknown_command":
            yield f"I don't know the command `/{html.escape(r.text)}`. Type `/help` for the list."
        elif r.intent == "clarify":
            state.pending = {"text": text, "choices": list(r.choices)}
            opts = "\n".join(f"{i}. {CHOICE_TEXT.get(c, c)}" for i, c in enumerate(r.choices, 1))
            yield f"I'm not sure what you'd like. Should I:\n{opts}\n\nReply with a number, or rephrase."
        else:
            yield from ACTIONS[r.intent](r.text, state)
    except SongwriterError as exc:
        yield str(exc)
    except Exception as exc:  # a bug must not end the session; say what happened
        yield f"Something went wrong ({type(exc).__name__}: {html.escape(str(exc))[:200]}). Your song is unchanged."


def reply(message, state: ChatState) -> str:
    """The whole reply as one string (tests, gradio_client)."""
    return "".join(p for p in handle(message, state) if not isinstance(p, Live))


def esc(text: str) -> str:
    """User or model text shown in markdown chat: HTML escaped so tags show as text."""
    return html.escape(text, quote=False)


# --- actions -----------------------------------------------------------------------------------

def do_help(text, state):
    yield HELP


def do_rhymes(text, state):
    from songwriter import prosody
    s = parse(text)
    words = text.split()
    word = s.word or (words[0] if 1 <= len(words) <= 3 else None)  # "/rhymes orange slant"
    if not word and state.last_lines:
        word = prosody.tokenize(state.last_lines[-1])[-1]
    if not word or not re.fullmatch(r"[A-Za-z][A-Za-z'\- ]{0,40}", word):
        yield "Rhymes for which word? Try **rhymes for night** or `/rhymes night`."
        return
    kind = "all" if s.slant else "perfect"
    found = prosody.rhymes(word, kind=kind, syllables=None, limit=30)
    if not found and kind == "perfect":
        found = prosody.rhymes(word, kind="all", limit=30)
    if not found:
        yield f"I found no rhymes for **{esc(word)}**. Try a near rhyme: `/rhymes {esc(word)} slant`."
        return
    fresh = [r.word for r in found if not r.tired]
    tired = [r.word for r in found if r.tired]
    out = f"Rhymes for **{esc(word)}**: " + ", ".join(esc(w) for w in fresh[:20])
    if tired:
        out += f"\n\nCommon (maybe tired): {', '.join(esc(w) for w in tired[:10])}"
    state.last_lines = []
    yield out


def do_analyze(text, state):
    body = text if "\n" in text.strip() else "\n".join(l.text for sec in state.song.sections for l in sec.lines)
    if not body.strip():
        yield "Paste a verse (two or more lines) or add lines to the song first, and I'll analyse it."
        return
    yield from _analyze_text(body, state)


def do_verse(text, state):
    yield from _analyze_text(text, state)


def _analyze_text(body, state):
    from songwriter import prosody
    a = prosody.analyze(body)
    rows = [f"Scheme **{esc(a.scheme)}**, meter: {esc(a.meter)}", ""]
    counts = [l.syllables for l in a.lines]
    typical = max(set(counts), key=counts.count) if counts else 0
    off = []
    for i, l in enumerate(a.lines, 1):
        marks = "".join("´" if c in "12" else "·" for c in l.stresses)
        rows.append(f"{i}. `{l.rhyme}` {esc(l.text)} — {l.syllables} syl  {marks}")
        if abs(l.syllables - typical) >= 2:
            off.append((i, l))
    yield "\n".join(rows)
    ends = []
    for l in a.lines:
        if l.end_word and l.end_word.lower() not in ends:
            ends.append(l.end_word.lower())
    sugg = []
    for w in ends[:6]:
        try:
            rs = [r.word for r in prosody.rhymes(w, limit=6) if not r.tired][:5]
        except SongwriterError:
            rs = []
        if rs:
            sugg.append(f"- {esc(w)}: {', '.join(esc(x) for x in rs)}")
    if sugg:
        yield "\n\nRhymes for the end words:\n" + "\n".join(sugg)
    if off:
        yield "\n\nOff the meter (most lines have " + str(typical) + " syllables):"
        for i, l in off:
            yield f"\n- line {i} has {l.syllables}"
            try:
                fixes = _fix(l.text, typical, state)
            except SongwriterError as exc:
                fixes, note = [], str(exc)
                yield f" ({esc(note)})"
            if fixes:
                yield f" — try: *{esc(fixes[0])}*"
    state.last_lines = [l.text for l in a.lines]
    state.last_section = "verse"


def _fix(line, syllables, state, theme=None):
    from songwriter.generation import fix_line
    backend = state.get_backend()
    with GENERATION_LOCK:
        return fix_line(line if not theme else f"{line} ({theme})", syllables=syllables,
                        backend=backend, limit=3)


class Live(str):
    """A provisional tail of a reply (the line being written, token by token): shown after the text
    so far until the next piece arrives, never kept. ``reply`` drops these."""


def _stream_lines(work, collected: list) -> Iterator[str]:
    """Run ``work(on_line, on_partial)`` in a thread; yield the line being written as :class:`Live`
    pieces while the model decodes it, then each finished line word by word, appending the lines
    to ``collected``. Errors from the thread are raised here."""
    q: queue.Queue = queue.Queue()
    result: dict = {}

    def run():
        try:
            result["value"] = work(lambda i, line: q.put(("line", line)),
                                   lambda i, text: q.put(("partial", text)))
        except BaseException as exc:  # handed to the caller below
            result["error"] = exc
        finally:
            q.put(None)

    threading.Thread(target=run, daemon=True).start()
    while (item := q.get()) is not None:
        kind, line = item
        if kind == "partial":
            if q.empty():  # behind the model? skip stale partials, show only the newest
                yield Live(esc(line) + " …")
            continue
        collected.append(line)
        for piece in re.findall(r"\S+\s*", line):
            yield piece
        yield "\n"
    if "error" in result:
        raise result["error"]


def do_write(text, state):
    from songwriter import prosody
    from songwriter.generation import WriteRequest, write_lines
    s = parse(text)
    section = s.section or (state.last_section if re.search(r"\b(another|again|more)\b", text, re.I) else "verse")
    theme = s.theme or state.last_theme or ("" if state.song.title == "Untitled" else state.song.title)
    if not theme:
        t = re.sub(r"^/write\s*", "", text).strip()
        theme = t if len(t.split()) >= 3 else ""
    if not theme:
        yield "What should it be about? For example: **write a verse about the sea, 8 syllables, ABAB**."
        return
    scheme = (s.scheme or ("ABAB" if section == "verse" else "AABB")).upper().replace("X", "x")
    req = WriteRequest(theme=theme, section=section, syllables=s.syllables or 8, scheme=scheme)
    yield f"*{section.title()} about {esc(theme)}, {req.syllables} syllables, {scheme}:*\n\n"
    backend = state.get_backend()
    lines: list[str] = []
    def work(cb, partial):
        with GENERATION_LOCK:
            return write_lines(req, backend=backend, on_line=cb, on_partial=partial)

    for piece in _stream_lines(work, lines):
        yield piece if isinstance(piece, Live) else esc(piece)
    state.last_lines, state.last_section, state.last_theme = lines, section, theme
    state.pending_fix = state.pending_append = None  # "use that" now means these lines
    counts = ", ".join(str(prosody.line_syllables(l)) for l in lines)
    yield f"\nSyllables per line: {counts}. Say **use that** to add it to the song."


def _song_lines(state) -> list[tuple[int, int, str]]:
    return [(si, li, l.text) for si, sec in enumerate(state.song.sections) for li, l in enumerate(sec.lines)]


def do_fix(text, state):
    s = parse(text)
    pool = [t for _, _, t in _song_lines(state)] or state.last_lines
    if not pool:
        yield "There are no lines yet. Write or paste some first."
        return
    n = s.line or (len(pool) if re.search(r"\blast\b", text, re.I) else None)
    if n == -1:
        n = len(pool)
    if n is None:
        yield f"Which line? There are {len(pool)}. Say e.g. **make line 2 fit 8 syllables**."
        return
    if not 1 <= n <= len(pool):
        yield f"There is no line {n}; there are {len(pool)} lines."
        return
    line = pool[n - 1]
    from songwriter import prosody
    target = s.syllables or prosody.line_syllables(line)
    yield f"Line {n}: *{esc(line)}* ({prosody.line_syllables(line)} syllables) → {target} syllables"
    if s.mood:
        yield f", {esc(s.mood)}"
    yield "\n\n"
    fixes = _fix(line, target, state, theme=s.mood)
    if not fixes:
        yield "I couldn't find a rewrite that fits. Try another syllable count."
        return
    for i, f in enumerate(fixes, 1):
        yield f"{i}. {esc(f)}\n"
    state.last_lines = [fixes[0]]
    state.pending_fix, state.pending_append = n - 1, None
    yield "\nSay **use that** to put option 1 in the song."


def do_next(text, state):
    """The next line of the current section (or of the lines the last reply offered)."""
    from songwriter import prosody
    from songwriter.generation import next_line
    s = parse(text)
    sections = [i for i, sec in enumerate(state.song.sections) if sec.lines]
    if sections:
        target, pool = sections[-1], [ln.text for ln in state.song.sections[sections[-1]].lines]
    elif state.last_lines:
        target, pool = None, list(state.last_lines)
    else:
        yield "There are no lines yet. Write or paste a few first, then ask for the next one."
        return
    pool = pool[-8:]
    if s.line is not None and not 1 <= s.line <= len(pool):
        yield f"There is no line {s.line} to rhyme with; the verse so far has {len(pool)}."
        return
    with GENERATION_LOCK:
        line = next_line(pool, syllables=s.syllables, rhyme_with_line=s.line,
                         theme=state.last_theme or " ".join(pool)[-400:], backend=state.get_backend())
    yield f"Next line: *{esc(line)}* ({prosody.line_syllables(line)} syllables)\n\n"
    if target is None:
        state.last_lines = pool + [line]
        yield "Say **use that** to add the verse with it to the song."
    else:
        state.last_lines, state.pending_append, state.pending_fix = [line], target, None
        yield f"Say **use that** to add it to **{esc(state.song.sections[target].label)}**."


def do_chords(text, state):
    from songwriter import harmony
    s = parse(text)
    body = "\n".join(t for _, _, t in _song_lines(state)) or "\n".join(state.last_lines)
    key = s.key or state.song.key or "C major"
    mood = s.mood.rstrip("er") if s.mood and s.mood.endswith("der") else s.mood
    if body.strip():
        mood = mood or harmony.detect_mood(body)
    progs = harmony.progressions(key, mood=mood, section=s.section)
    if not progs:
        yield f"I have no progressions for {esc(key)}."
        return
    out = [f"Chords in **{esc(key)}**" + (f", {esc(mood)}" if mood else "") + ":"]
    for p in progs[:3]:
        out.append(f"- **{' – '.join(esc(c.symbol) for c in p.chords)}** ({' '.join(esc(c.roman) for c in p.chords)}) — {esc(p.explanation)}")
    yield "\n".join(out)
    if state.song.sections and any(sec.lines for sec in state.song.sections):
        song = harmony.fit_lyric(state.song, key, mood=mood)
        song.title, song.provenance = state.song.title, state.song.provenance
        state.song = song
        yield "\n\nI fitted chords and a melody sketch to the song (see the song panel and lead sheet)."


def do_save(text, state):
    from songwriter.song import Line, Section
    s = parse(text)
    lines = state.last_lines
    if not lines:
        if state.song.sections:
            yield from _persist(state, "saved from chat")
            yield f"Saved **{esc(state.song.title)}** (revision {state.revision})."
            return
        yield "There is nothing to save yet. Write or paste some lines first."
        return
    fix_at = getattr(state, "pending_fix", None)
    if fix_at is not None and len(lines) == 1:
        flat = _song_lines(state)
        if 0 <= fix_at < len(flat):
            si, li, _ = flat[fix_at]
            state.song.sections[si].lines[li] = Line(lines[0], provenance={"source": "model"})
            state.pending_fix = None
            yield from _persist(state, f"line {fix_at + 1} rewritten")
            yield f"Line {fix_at + 1} is now: *{esc(lines[0])}*"
            return
    append_at = state.pending_append
    if append_at is not None and len(lines) == 1 and append_at < len(state.song.sections):
        section = state.song.sections[append_at]
        section.lines.append(Line(lines[0], provenance={"source": "model"}))
        state.pending_append, state.last_lines = None, []
        yield from _persist(state, f"line added to {section.label}")
        yield f"Added to **{esc(section.label)}**: *{esc(lines[0])}*"
        return
    kind = s.section or state.last_section or "verse"
    n = sum(1 for sec in state.song.sections if sec.kind == kind) + 1
    section = Section(kind=kind, label=f"{kind.title()} {n}",
                      lines=[Line(l, provenance={"source": "chat"}) for l in lines])
    state.song.sections.append(section)
    state.last_lines = []
    yield from _persist(state, f"added {section.label}")
    yield f"Added **{esc(section.label)}** ({len(lines)} lines) to **{esc(state.song.title)}**."


def _persist(state, message):
    """Save the current song to the drafts library (creating it on first save)."""
    from songwriter import drafts
    lib = drafts.open_library()
    try:
        if state.song_id is None:
            state.song_id = lib.new_song(state.song.title or "Untitled", key=state.song.key)
            _, state.revision = lib.get_song(state.song_id)
        state.revision = lib.save_song(state.song_id, state.song, expected_revision=state.revision,
                                       message=message)
    finally:
        lib.close()
    return
    yield


def do_new(text, state):
    from songwriter.song import Song
    s = parse(text)
    title = s.title or re.sub(r"^/new\s*", "", text).strip() if text.startswith("/") else s.title
    title = (title or "Untitled").strip()[:120]
    if not title:
        title = "Untitled"
    state.song, state.song_id, state.revision = Song(title=title), None, None
    state.last_lines, state.last_theme = [], ""
    yield from _persist(state, "new song")
    yield f"New song **{esc(title)}** started. Write, paste or ask for a verse."


def do_export(text, state):
    from songwriter import leadsheet
    s = parse(text)
    fmt = s.format or "pdf"
    if not any(sec.lines for sec in state.song.sections):
        yield "The song is empty, so there is nothing to export yet. Add a verse first (write one, then say **use that**)."
        return
    song = state.song
    if any(not sec.chords for sec in song.sections if sec.lines) and fmt in ("pdf", "png", "svg", "musicxml", "midi", "wav"):
        from songwriter import harmony
        song = harmony.fit_lyric(song, song.key or "C major")
        song.title = state.song.title
    folder = state.export_dir or tempfile.mkdtemp(prefix="songwriter-export-")
    state.export_dir = folder
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", song.title or "song").strip("-") or "song"
    yield f"Exporting {fmt.upper()}…\n"
    from pathlib import Path
    path = leadsheet.export(song, fmt, Path(folder) / f"{stem}.{'mid' if fmt == 'midi' else fmt}")
    state.last_export = str(path)
    yield f"Exported **{esc(path.name)}** — use the download button in the Lead sheet tab."


def do_song(text, state):
    from songwriter.songdraft import DraftRequest, draft_steps
    s = parse(text)
    theme = s.theme or re.sub(r"^/song\s*", "", text).strip()
    if not theme or len(theme) < 3:
        yield "A song about what? Try **write me a song about leaving home**."
        return
    steps = draft_steps(DraftRequest(theme=theme, mood=s.mood, key=s.key, title=s.title,
                                     model=state.model), backend=state.get_backend())
    try:
        for ev in steps:
            yield f"[{ev.step}/{ev.total}] {esc(ev.message)}\n"
            if ev.section:
                yield "\n".join(esc(l) for l in ev.section.get("lines", [])) + "\n\n"
            if ev.result is not None:
                r = ev.result
                state.song, state.song_id, state.revision = r.song, r.id, r.revision
                state.last_lines = []
                yield f"Saved **{esc(r.song.title)}** ({r.form}, {esc(r.song.key)})."
    finally:
        steps.close()


ACTIONS = {"help": do_help, "rhymes": do_rhymes, "analyze": do_analyze, "verse": do_verse,
           "write": do_write, "fix": do_fix, "chords": do_chords, "save": do_save, "new": do_new,
           "export": do_export, "song": do_song, "next": do_next}
