"""`songwriter song new/list/show/add/edit/history/diff/restore/search/delete/import` and `backup`.

Thin: every command opens the drafts library and calls one method. User text (titles, lyrics) is
printed through rich ``Text``/``escape`` so "[bold]" or "<script>" in a title prints literally.
"""

from __future__ import annotations

import json
import sys

import click

from songwriter.errors import BadInput


def _library():
    from songwriter.drafts import open_library

    return open_library()


def _emit(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _esc(text) -> str:
    from rich.markup import escape

    return escape(str(text))


def _read_text(source: str, unchanged: str = "nothing was added") -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise BadInput(f"cannot read {source}: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{source} is not UTF-8 text (binary file?); {unchanged}") from None


def _provenance_note(prov: dict) -> str:
    source = prov.get("source", "user")
    if source == "user":
        return "user"
    parts = [source]
    for key in ("backend", "model", "seed", "prompt"):
        if prov.get(key) not in (None, ""):
            parts.append(f"{key}={prov[key]}")
    if prov.get("edited"):
        parts.append("edited")
    return " ".join(parts)


@click.command("new")
@click.option("--title", required=True, help="Song title.")
@click.option("--key", default="C major", show_default=True)
@click.option("--tempo", default=96, show_default=True, type=int)
@click.option("--time", "time_signature", default="4/4", show_default=True)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--json", "as_json", is_flag=True)
def new_cmd(title, key, tempo, time_signature, tags, as_json):
    """Create an empty song and print its id."""
    lib = _library()
    song_id = lib.new_song(title, key=key, tempo=tempo, time_signature=time_signature, tags=list(tags))
    row = lib._song_row(song_id)
    row["tags"] = json.loads(row["tags"])
    row["deleted"] = bool(row["deleted"])
    if as_json:
        _emit(row)
    else:
        _console().print(f"created song {song_id}: {_esc(title)} ({_esc(key)}), revision 1")


@click.command("list")
@click.option("--deleted", is_flag=True, help="Include deleted songs.")
@click.option("--json", "as_json", is_flag=True)
def list_cmd(deleted, as_json):
    """List songs."""
    songs = _library().list_songs(include_deleted=deleted)
    if as_json:
        _emit(songs)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table("id", "title", "key", "tempo", "rev", "updated")
    for s in songs:
        title = Text(s["title"] + ("  (deleted)" if s["deleted"] else ""))
        table.add_row(str(s["id"]), title, Text(s["key"]), str(s["tempo"]), str(s["revision"]),
                      s["updated"][:19].replace("T", " "))
    _console().print(table if songs else "no songs yet: `songwriter song new --title ...`")


@click.command("show")
@click.argument("song_id")
@click.option("--revision", type=int, help="Show an older revision.")
@click.option("--provenance", is_flag=True, help="Say where each line came from.")
@click.option("--json", "as_json", is_flag=True)
def show_cmd(song_id, revision, provenance, as_json):
    """Show a song: sections, lines (with provenance on request) and chords."""
    song, rev = _library().get_song(song_id, revision)
    if as_json:
        _emit({"id": int(song_id), "revision": rev, "song": song.to_dict()})
        return
    from rich.text import Text

    console = _console()
    console.print(Text(f"{song.title}", style="bold"), Text(f"  {song.key}, {song.tempo} bpm, "
                                                              f"{song.time_signature} — revision {rev}"))
    for number, section in enumerate(song.sections, start=1):
        console.print(Text(f"\n[{number}. {section.label}]", style="cyan"))
        if section.chords:
            console.print(Text("chords: " + " ".join(c.symbol for c in section.chords), style="dim"))
        for n, line in enumerate(section.lines, start=1):
            out = Text(f"{n:>3}  {line.text}")
            if provenance:
                out.append(f"   ({_provenance_note(line.provenance)})", style="dim")
            console.print(out)


@click.command("add")
@click.argument("song_id")
@click.option("--section", "kind", default=None,
              help="verse, chorus, bridge, ... (default: from a [Tag] line in the text, else verse)")
@click.option("--label", default="", help="Printed label (default from the tag or the kind).")
@click.option("--text-file", required=True, help="File with one lyric line per line, or - for stdin. "
              "Tag lines like [Chorus] start sections.")
@click.option("--expect-revision", type=int, help="Refuse if the song changed since this revision.")
@click.option("--json", "as_json", is_flag=True)
def add_cmd(song_id, kind, label, text_file, expect_revision, as_json):
    """Append a section (or one per [Tag] in the text) with the lines of a text file."""
    sections = _sections_from_text(_read_text(text_file), kind, label)
    lib = _library()
    if len(sections) == 1:
        rev = lib.add_section(song_id, sections[0], expected_revision=expect_revision)
    else:  # several tagged sections: one revision, so the action is all-or-nothing
        song, current = lib.get_song(song_id)
        song.sections.extend(sections)
        rev = lib.save_song(song_id, song, expected_revision=expect_revision or current,
                            message="add " + ", ".join(s.label for s in sections))
    count = sum(len(s.lines) for s in sections)
    if as_json:
        _emit({"id": int(song_id), "revision": rev, "lines": count,
               "sections": [s.label for s in sections]})
    else:
        names = ", ".join(_esc(s.label) for s in sections)
        _console().print(f"added {names} ({count} line{'' if count == 1 else 's'}) to song {song_id}: "
                         f"revision {rev}")


def _sections_from_text(text: str, kind: str | None, label: str):
    """Sections of pasted lyrics: tag lines ([Chorus], Verse 2:) start sections and are not lyrics."""
    from songwriter.harmony.fit import TAG, parse_lyric
    from songwriter.song import Line, Section

    lines = [ln.rstrip("\r") for ln in text.strip("\n").split("\n") if ln.strip()]
    if not any(TAG.match(ln) for ln in lines):
        if not lines:
            raise BadInput("the text has no lines; nothing was added")
        return [Section(kind=kind or "verse", label=label, lines=[Line(ln) for ln in lines])]
    sections = [s for s in parse_lyric(text) if s.lines]
    if not sections:
        raise BadInput("the text has section tags but no lyric lines; nothing was added")
    if len(sections) == 1:
        only = sections[0]
        return [Section(kind=kind or only.kind, label=label or only.label, lines=only.lines)]
    if kind or label:
        raise BadInput(f"the text has {len(sections)} tagged sections; drop --section/--label "
                       "(each tag names its section) or add them one at a time")
    return sections


@click.command("edit")
@click.argument("song_id")
@click.option("--title")
@click.option("--key")
@click.option("--tempo", type=int)
@click.option("--time", "time_signature")
@click.option("--section", type=int, help="Section number (1-based) for --line/--text.")
@click.option("--line", type=int, help="Line number in that section (1-based).")
@click.option("--text", help="New text for that line.")
@click.option("--message", default="", help="Note kept with the revision.")
@click.option("--expect-revision", type=int, help="Refuse if the song changed since this revision.")
@click.option("--json", "as_json", is_flag=True)
def edit_cmd(song_id, title, key, tempo, time_signature, section, line, text, message,
             expect_revision, as_json):
    """Change the title/key/tempo/time or one line's text (a new revision)."""
    lib = _library()
    song, rev = lib.get_song(song_id)
    if (section is None) != (line is None) or (line is not None and text is None):
        raise BadInput("to edit a line give --section N --line M --text TEXT")
    if section is not None:
        if not 0 < section <= len(song.sections):
            raise BadInput(f"song {song_id} has {len(song.sections)} sections, not {section}")
        lines = song.sections[section - 1].lines
        if not 0 < line <= len(lines):
            raise BadInput(f"section {section} has {len(lines)} lines, not {line}")
        lines[line - 1].text = text
    for name, value in (("title", title), ("key", key), ("tempo", tempo),
                        ("time_signature", time_signature)):
        if value is not None:
            setattr(song, name, value)
    if all(v is None for v in (title, key, tempo, time_signature, section)):
        raise BadInput("nothing to change: give --title, --key, --tempo, --time or --section/--line/--text")
    new_rev = lib.save_song(song_id, song,
                            expected_revision=expect_revision if expect_revision is not None else rev,
                            message=message)
    if as_json:
        _emit({"id": int(song_id), "revision": new_rev})
    else:
        _console().print(f"song {song_id}: revision {new_rev}")


@click.command("history")
@click.argument("song_id")
@click.option("--section", type=int, help="Only revisions that changed this section (1-based).")
@click.option("--json", "as_json", is_flag=True)
def history_cmd(song_id, section, as_json):
    """List the revisions of a song (or of one section)."""
    revs = _library().history(song_id, section=section)
    if as_json:
        _emit(revs)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table("rev", "when (UTC)", "kind", "lines", "title", "message")
    for r in revs:
        table.add_row(str(r["revision"]), r["created"][:19].replace("T", " "), r["kind"],
                      "damaged" if r["lines"] is None else str(r["lines"]),
                      Text(r["title"] or ""), Text(r["message"] or ""))
    _console().print(table)


@click.command("diff")
@click.argument("song_id")
@click.argument("rev1", type=int)
@click.argument("rev2", type=int)
@click.option("--section", type=int, help="Only this section (1-based).")
@click.option("--json", "as_json", is_flag=True)
def diff_cmd(song_id, rev1, rev2, section, as_json):
    """Line-by-line diff between two revisions."""
    text = _library().diff(song_id, rev1, rev2, section=section)
    if as_json:
        _emit({"id": int(song_id), "from": rev1, "to": rev2, "diff": text})
        return
    from rich.text import Text

    console = _console()
    if not text:
        console.print(f"revisions {rev1} and {rev2} are the same")
    for line in text.splitlines():
        style = ("green" if line.startswith("+") else "red" if line.startswith("-")
                 else "cyan" if line.startswith("@@") else None)
        console.print(Text(line, style=style))


@click.command("restore")
@click.argument("song_id")
@click.argument("revision", type=int)
@click.option("--json", "as_json", is_flag=True)
def restore_cmd(song_id, revision, as_json):
    """Make an old revision current again (as a new revision); also undeletes."""
    new_rev = _library().restore(song_id, revision)
    if as_json:
        _emit({"id": int(song_id), "revision": new_rev, "restored": revision})
    else:
        _console().print(f"song {song_id}: revision {revision} restored as revision {new_rev}")


@click.command("search")
@click.argument("query")
@click.option("--semantic", is_flag=True, help="By meaning (embedding model) instead of words.")
@click.option("--limit", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search_cmd(query, semantic, limit, as_json):
    """Find lines (and titles) in current songs."""
    hits = _library().search(query, semantic=semantic, limit=limit)
    if as_json:
        _emit(hits)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table("song", "title", "where", "line", "score")
    for h in hits:
        where = "title" if h["line"] == 0 else f"{h['section']}.{h['line']}"
        table.add_row(str(h["song_id"]), Text(h["title"]), where, Text(h["text"]),
                      f"{h['score']:.3g}")
    _console().print(table if hits else "nothing found")


@click.command("delete")
@click.argument("song_id")
@click.option("--json", "as_json", is_flag=True)
def delete_cmd(song_id, as_json):
    """Delete a song (restorable: `song restore ID REV`)."""
    rev = _library().delete(song_id)
    if as_json:
        _emit({"id": int(song_id), "revision": rev, "deleted": True})
    else:
        _console().print(f"song {song_id} deleted (revision {rev}); `songwriter song restore "
                         f"{song_id} {rev - 1}` brings it back")


@click.command("import")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True)
def import_cmd(file, as_json):
    """Import songs (with history) from a JSON export."""
    ids = _library().import_json(_read_text(file))
    if as_json:
        _emit({"ids": ids})
    else:
        _console().print(f"imported {len(ids)} song(s): {', '.join(map(str, ids))}")


@click.command("backup")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True)
def backup(path, as_json):
    """Copy the whole drafts library to PATH (online, consistent; never overwrites)."""
    target = _library().backup(path)
    if as_json:
        _emit({"path": str(target), "bytes": target.stat().st_size})
    else:
        _console().print(f"backed up to {_esc(target)} ({target.stat().st_size:,} bytes)")


def export_json(song_id=None) -> dict:
    """The versioned JSON export of one song (or the whole library), for `song export --format json`."""
    return _library().export_json(song_id)
