"""`songwriter song export ID` and `songwriter leadsheet LYRIC_FILE`: lead sheets from the terminal.

Thin: load (from the drafts library) or build (harmony's ``fit_lyric``) a Song, then hand it to
``songwriter.leadsheet``. Warnings about missing melody or chords go to stderr; the file is still
written with what exists.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from songwriter.errors import BadInput
from songwriter.leadsheet.files import FORMATS

MAX_LYRIC_BYTES = 200_000  # a long song is ~5 KB; anything this big is the wrong file


def _song_id(text: str):
    return int(text) if str(text).isdigit() else text


def _report(results, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([{"path": str(r.path), "format": r.format, "bytes": r.bytes,
                                "notes": r.notes} for r in results], indent=2, ensure_ascii=False))
        return
    shown = set()
    for result in results:
        click.echo(f"wrote {result.path} ({result.format}, {_size(result.bytes)})")
        for note in result.notes:
            if note in shown:
                continue
            shown.add(note)
            prefix = "" if note.startswith("audio:") else "warning: "
            click.echo(f"{prefix}{note}", err=True)


def _size(count: int) -> str:
    return f"{count} bytes" if count < 10_000 else f"{count / 1024:.0f} KB" if count < 10_000_000 \
        else f"{count / 1024 / 1024:.1f} MB"


def pick_section(song, which: str | None):
    """The song cut down to one section, chosen by label ("Chorus") or number (1-based)."""
    if not which:
        return song
    from dataclasses import replace

    sections = song.sections
    chosen = None
    if which.isdigit() and 1 <= int(which) <= len(sections):
        chosen = sections[int(which) - 1]
    else:
        for section in sections:
            if section.label.casefold() == which.casefold() or section.kind.casefold() == which.casefold():
                chosen = section
                break
    if chosen is None:
        labels = ", ".join(s.label for s in sections) or "none"
        raise BadInput(f"no section {which!r} in this song (sections: {labels})")
    return replace(song, title=f"{song.title} ({chosen.label})", sections=[chosen])


def _export(song, formats: tuple[str, ...], output: str, provenance: bool):
    """One format to a file, or several into a folder."""
    from songwriter import leadsheet

    if len(formats) <= 1:
        return [leadsheet.export_report(song, formats[0] if formats else None, output,
                                        provenance=provenance)]
    folder = Path(output).expanduser()
    if not folder.is_dir():
        raise BadInput(f"several formats go into a folder; {output!r} is not an existing folder")
    return leadsheet.export_many(song, formats, folder, provenance=provenance)


@click.command("export")
@click.argument("song_id")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format (repeatable; several formats need -o FOLDER). "
                   "Default: from the file name's ending.")
@click.option("-o", "--output", required=True, help="File to write (or a folder).")
@click.option("--section", help="Export only this section (label like 'Chorus' or a number).")
@click.option("--provenance", is_flag=True, help="txt: add where each line came from.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def song_export(song_id, formats, output, section, provenance, as_json):
    """Export a saved song: musicxml, pdf, png, svg, midi, chordpro, txt, wav or json."""
    from songwriter.drafts import open_library
    from songwriter.leadsheet import Export, format_for
    from songwriter.leadsheet.files import check_target, write_atomic

    library = open_library()
    fmt = formats[0] if len(formats) == 1 else (None if formats else format_for(output))
    if fmt == "json" and not section:
        # The drafts library's own export: the song plus its history, in its versioned format.
        target = check_target(output, "json", str(song_id))
        data = library.export_json(_song_id(song_id))
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
        write_atomic(target, text)
        _report([Export(target, "json", len(text.encode("utf-8")))], as_json)
        return
    song, _revision = library.get_song(_song_id(song_id))
    song = pick_section(song, section)
    _report(_export(song, formats or ((fmt,) if fmt else ()), output, provenance), as_json)


def read_lyric_file(path: str) -> str:
    """The lyric text of a file ('-' = stdin); BadInput for empty, huge or binary files."""
    if path == "-":
        data = click.get_binary_stream("stdin").read(MAX_LYRIC_BYTES + 1)
    else:
        file = Path(path).expanduser()
        if not file.exists():
            from songwriter.errors import NotFound

            raise NotFound(f"no such lyric file: {path}")
        if not file.is_file():
            raise BadInput(f"{path} is not a file")
        with file.open("rb") as handle:
            data = handle.read(MAX_LYRIC_BYTES + 1)
    if len(data) > MAX_LYRIC_BYTES:
        raise BadInput(f"the lyric file is larger than {MAX_LYRIC_BYTES // 1000} KB; is it the right file?")
    if b"\x00" in data:
        raise BadInput("the lyric file looks binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("the lyric file is not UTF-8 text") from None
    if not text.strip():
        raise BadInput("the lyric file is empty")
    return text


@click.command()
@click.argument("lyric_file")
@click.option("--key", required=True, help="Like 'G major', 'A minor' or 'D dorian'.")
@click.option("--mood", help="happy, sad, hopeful, dark, ... (guessed from the words when left out).")
@click.option("--genre", help="pop, rock, folk, ... (optional).")
@click.option("--title", help="Song title (default: from the file name).")
@click.option("--tempo", type=click.IntRange(20, 300), help="Beats per minute.")
@click.option("--time-signature", default="4/4", show_default=True)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format (repeatable; several need -o FOLDER). Default: from -o's ending, else pdf.")
@click.option("-o", "--output", required=True, help="File to write (or a folder).")
@click.option("--provenance", is_flag=True, help="txt: add where each line came from.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def leadsheet(lyric_file, key, mood, genre, title, tempo, time_signature, seed, formats, output,
              provenance, as_json):
    """Lyric file in, lead sheet out: syllables, chords and a melody fitted, then exported (no database).

    Mark sections in the file with [Verse 1], [Chorus], ... lines; blank lines separate stanzas."""
    from songwriter.harmony import fit_lyric
    from songwriter.leadsheet import format_for
    from songwriter.leadsheet.files import check_target
    from songwriter.leadsheet.notation import parse_key

    text = read_lyric_file(lyric_file)
    parse_key(key)  # a clear message for a typo before any work
    if not formats and not format_for(output) and not Path(output).expanduser().is_dir():
        formats = ("pdf",)
    if len(formats) == 1 or (not formats and format_for(output)):
        check_target(output, formats[0] if formats else format_for(output))  # fail fast on a bad path
    song = fit_lyric(text, key, mood=mood, genre=genre, time_signature=time_signature, seed=seed)
    if title:
        song.title = title
    elif not song.title or song.title.lower() in ("untitled", "song"):
        stem = Path(lyric_file).stem if lyric_file != "-" else "Untitled"
        song.title = " ".join(part.capitalize() for part in stem.replace("_", " ").replace("-", " ").split()) or "Untitled"
    if tempo:
        song.tempo = tempo
    if not formats and Path(output).expanduser().is_dir():
        formats = ("pdf",)
    _report(_export(song, formats, output, provenance=provenance), as_json)
