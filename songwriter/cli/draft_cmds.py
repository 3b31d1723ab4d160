"""`songwriter song draft | regenerate | transpose | reform`: whole-song drafting from the terminal.

Thin: every command calls one function of ``songwriter.songdraft`` and prints its result, as JSON
with ``--json`` or as a readable chord-over-lyric sheet.
"""

from __future__ import annotations

import json

import click


def _song_id(text: str):
    return int(text) if str(text).isdigit() else text


def _print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _show(result, verb: str) -> None:
    from rich.console import Console

    console = Console()
    song = result.song
    console.print(f"[bold]{song.title}[/bold]  ·  {song.key}, {song.tempo} BPM, "
                  f"{song.time_signature}  ·  song {result.id} revision {result.revision}")
    for section in song.sections:
        chords = " ".join(c.symbol for c in section.chords)
        console.print(f"\n[bold cyan][{section.label}][/bold cyan]  [magenta]{chords}[/magenta]",
                      highlight=False)
        for line in section.lines:
            console.print(f"  {line.text}", highlight=False, markup=False)
    summary = (result.checks or {}).get("summary", {})
    if summary:
        console.print(f"\n{summary['lines_exact']}/{summary['lines']} lines with exactly the "
                      f"asked syllables; {summary['rhyme_perfect']}/{summary['rhyme_pairs']} "
                      f"rhyme pairs perfect ({summary['rhyme_near']} near)")
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}", markup=True, highlight=False)
    for fmt, path in result.exports.items():
        console.print(f"{fmt}: {path}", highlight=False)
    if not result.complete:
        console.print("[yellow]this draft is incomplete; `song reform ID FORM` finishes it[/yellow]")
    console.print(f"[green]{verb}[/green]")


@click.command()
@click.option("--theme", required=True, help="What the song is about, in a sentence.")
@click.option("--genre", help="pop, rock, country, folk, blues, jazz, rnb, ... (nearest is used).")
@click.option("--mood", help="happy, sad, hopeful, nostalgic, dark, ... (guessed when left out).")
@click.option("--form", "form_", help="verse-chorus, aaba, verse-prechorus-chorus, blues, ballad, "
              "short, or sections like 'verse chorus verse chorus'.")
@click.option("--key", help="Like 'G major' or 'A minor' (chosen for the mood when left out).")
@click.option("--title", help="Use this title instead of planning one.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("--model", help="LM backend: default (embedded SmolLM2), fake, a path, or "
              "openai:URL#MODEL.")
@click.option("--export-dir", type=click.Path(file_okay=False), help="Write the lead sheet and "
              "audio preview here.")
@click.option("--format", "formats", multiple=True, help="Export formats (repeatable); default "
              "pdf, png and wav.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def draft(theme, genre, mood, form_, key, title, seed, model, export_dir, formats, as_json):
    """Draft a whole song: plan, lyrics that fit, chords, melody; saved as a draft."""
    from songwriter.songdraft import DraftRequest, draft_steps

    request = DraftRequest(theme=theme, genre=genre, mood=mood, form=form_, key=key, title=title,
                           seed=seed, model=model, export_dir=export_dir,
                           **({"export_formats": tuple(formats)} if formats else {}))
    result = None
    if as_json:
        for event in draft_steps(request):
            result = event.result or result
        _print_json(result.to_dict())
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("loading the model and planning…", total=None)
        steps = draft_steps(request)
        try:
            for event in steps:
                bar.update(task, total=event.total, completed=event.step,
                           description=event.message[:70])
                if event.phase == "section":
                    err.print(f"[green]✓[/green] {event.message}", highlight=False)
                result = event.result or result
        finally:
            steps.close()
    _show(result, "saved")


@click.command()
@click.argument("song_id")
@click.argument("section")
@click.option("--line", type=int, help="Rewrite only this line (1-based) of the section.")
@click.option("--hint", help="What to change, e.g. 'darker' or 'about the drive home'.")
@click.option("--mood", help="Also refit the section's chords for this mood.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Default: a new one each revision.")
@click.option("--model", help="LM backend (default: the one the song was drafted with).")
@click.option("--json", "as_json", is_flag=True)
def regenerate(song_id, section, line, hint, mood, seed, model, as_json):
    """Rewrite one SECTION ("verse 2", "bridge", "Chorus", or an index) or one --line of it."""
    from songwriter.songdraft import regenerate_line, regenerate_section
    from songwriter.songdraft.draft import get_backend

    backend = get_backend(model) if model else None
    if line is not None:
        if mood:
            from songwriter.errors import BadInput

            raise BadInput("--mood changes a whole section's chords; leave out --line to use it")
        result = regenerate_line(_song_id(song_id), section, line, theme_hint=hint, seed=seed,
                                 backend=backend)
    else:
        result = regenerate_section(_song_id(song_id), section, theme_hint=hint, mood=mood,
                                    seed=seed, backend=backend)
    _print_json(result.to_dict()) if as_json else _show(result, "saved as a new revision")


@click.command()
@click.argument("song_id")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True)
def transpose(song_id, key, as_json):
    """Move a song to KEY ("A major", "E minor"); a new revision."""
    from songwriter.songdraft import transpose_song

    result = transpose_song(_song_id(song_id), key)
    _print_json(result.to_dict()) if as_json else _show(result, "saved as a new revision")


@click.command()
@click.argument("song_id")
@click.argument("form")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1))
@click.option("--model", help="LM backend for sections that must be written.")
@click.option("--json", "as_json", is_flag=True)
def reform(song_id, form, seed, model, as_json):
    """Give a song another FORM, keeping the parts it already has; a new revision."""
    from songwriter.songdraft import reform_song
    from songwriter.songdraft.draft import get_backend

    backend = get_backend(model) if model else None
    result = reform_song(_song_id(song_id), form, seed=seed, backend=backend)
    _print_json(result.to_dict()) if as_json else _show(result, "saved as a new revision")
