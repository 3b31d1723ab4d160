"""`songwriter chords` and `songwriter melody`: progressions for a key, or chords and a tune for a
pasted lyric. Thin: everything happens in ``songwriter.harmony``."""

from __future__ import annotations

import json
import sys

import click

from songwriter.errors import BadInput

MAX_INPUT = 200_000


def _read(path: str) -> str:
    """Text of a file or stdin ("-"); BadInput for binary, huge or missing input."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_INPUT + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_INPUT + 1)
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_INPUT:
        raise BadInput(f"the lyric is too large (over {MAX_INPUT} bytes)")
    if b"\x00" in data:
        raise BadInput("the lyric looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("the lyric is not UTF-8 text") from None


def _song_chords(song) -> list[dict]:
    return [{"section": s.label, "chords": [{"symbol": c.symbol, "roman": c.roman, "beats": c.duration,
                                             "offset": c.offset} for c in s.chords]}
            for s in song.sections]


@click.command()
@click.option("--key", "key", default="C major", show_default=True,
              help='Key and mode: "A minor", "F# dorian", "Bb", "Am".')
@click.option("--mood", help="happy, sad, hopeful, dark, nostalgic, tense, romantic, triumphant, "
                             "dreamy, angry, … (other words map to the nearest by meaning).")
@click.option("--genre", help="pop, rock, folk, country, blues, jazz, gospel, edm, r&b, punk, …")
@click.option("--section", help="verse, pre-chorus, chorus, bridge, intro, outro.")
@click.option("--bars", type=str, help="Length in bars (1–64).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--time", "time_signature", default="4/4", show_default=True, help="4/4, 3/4 or 6/8.")
@click.option("--lyric", "lyric", metavar="FILE|-", help="Fit chords (and a melody) to a lyric.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def chords(key, mood, genre, section, bars, seed, time_signature, lyric, as_json):
    """Chord progressions for a key, mood, genre and section — or fitted to a lyric."""
    from songwriter import harmony
    from songwriter.harmony.keychange import capo_suggestion, nashville, shapes

    if lyric is not None:
        song = harmony.fit_lyric(_read(lyric), key, mood=mood, genre=genre,
                                 time_signature=time_signature, seed=seed)
        info = song.provenance.get("harmony", {})
        data = {"key": song.key, "mood": info.get("mood"), "mood_note": info.get("mood_note"),
                "genre": info.get("genre"), "time_signature": song.time_signature,
                "sections": [{**s, "chords": c["chords"]} for s, c in
                             zip(info.get("sections", []), _song_chords(song))],
                "capo": capo_suggestion(song.key)}
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        _print_fitted(data)
        return
    found = harmony.progressions(key, mood=mood, genre=genre, section=section, bars=bars, seed=seed,
                                 time_signature=time_signature)
    if not found:
        raise BadInput("no progression fits that request; try without --genre or --section")
    best = found[0]
    spec = harmony.parse_key(key)
    capo = capo_suggestion(spec)
    data = {"key": spec.name, "chords": [c.to_dict() for c in best.chords],
            "explanation": best.explanation, "name": best.name, "source": best.source,
            "nashville": nashville(best.chords, spec),
            "capo": {**capo, "shapes": shapes([c.roman for c in best.chords], spec)},
            "alternatives": [p.to_dict() for p in found[1:]]}
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Progressions in {spec.name}", show_lines=False)
    for col in ("", "chords", "numerals", "why"):
        table.add_column(col, overflow="fold")
    for i, p in enumerate(found):
        table.add_row("*" if i == 0 else str(i + 1), " ".join(c.symbol for c in p.chords),
                      " ".join(c.roman for c in p.chords), p.explanation)
    console.print(table)
    console.print(f"Nashville: {' '.join(data['nashville'])}   Guitar: {capo['text']}"
                  + (f" — shapes {' '.join(data['capo']['shapes'])}" if capo["capo"] else ""))


def _print_fitted(data: dict) -> None:
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{data['key']}[/bold], {data['time_signature']}, mood {data['mood']}"
                  + (f" ({data['mood_note']})" if data.get("mood_note") else "")
                  + (f", genre {data['genre']}" if data.get("genre") else ""))
    for s in data["sections"]:
        console.print(f"[bold]{s['section']}[/bold]  ({s['pattern']}, chord per {s['harmonic_rhythm']}, "
                      f"{s['cadence']} cadence)")
        console.print("  " + " | ".join(c["symbol"] for c in s["chords"]))
        console.print(f"  [dim]{s['explanation']}[/dim]")
    console.print(f"Guitar: {data['capo']['text']}")


@click.command()
@click.argument("lyric", metavar="FILE|-")
@click.option("--key", "key", default="C major", show_default=True)
@click.option("--mood")
@click.option("--genre")
@click.option("--time", "time_signature", default="4/4", show_default=True, help="4/4, 3/4 or 6/8.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole song (song model JSON).")
def melody(lyric, key, mood, genre, time_signature, seed, as_json):
    """A melody sketch (and chords) for a lyric: one note per syllable, stresses on strong beats."""
    from songwriter import harmony
    from songwriter.harmony.melody import chord_tone_ratio, strong_beat_share

    song = harmony.fit_lyric(_read(lyric), key, mood=mood, genre=genre,
                             time_signature=time_signature, seed=seed)
    if as_json:
        click.echo(json.dumps(song.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{song.key}[/bold], {song.time_signature}")
    for section in song.sections:
        console.print(f"[bold]{section.label}[/bold]")
        for line in section.lines:
            words = []
            for syl in line.syllables:
                n = syl.notes[0]
                pitch = n.pitch.replace("-", "b")
                text = syl.text.upper() if syl.stress == 1 else syl.text
                words.append(f"{text}·{pitch}" + ("" if syl.syllabic in ("single", "end") else "-"))
            console.print("  " + " ".join(words))
    console.print(f"stressed syllables on strong beats: {strong_beat_share(song):.0%}; "
                  f"melody notes on chord tones: {chord_tone_ratio(song):.0%}")
