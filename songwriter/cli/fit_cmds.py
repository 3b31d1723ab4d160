"""`songwriter song fit`: chords and a melody sketch for a saved song, kept as a new revision."""

from __future__ import annotations

import click

from songwriter.cli.song_cmds import _emit, _esc, _library


@click.command("fit")
@click.argument("song_id")
@click.option("--key", default=None, help="Like 'A minor' (default: the song's key).")
@click.option("--mood", default=None, help="happy, sad, hopeful, ... (default: read from the words).")
@click.option("--genre", default=None, help="pop, rock, folk, ... (optional).")
@click.option("--time-signature", default=None, help="4/4, 3/4 or 6/8 (default: the song's).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("--expect-revision", type=int, help="Refuse if the song changed since this revision.")
@click.option("--json", "as_json", is_flag=True)
def fit(song_id, key, mood, genre, time_signature, seed, expect_revision, as_json):
    """Fit chords and a melody to a saved song's lines (then `song export` has a full lead sheet)."""
    from songwriter import harmony

    lib = _library()
    song, revision = lib.get_song(song_id)
    if not any(s.lines for s in song.sections):
        from songwriter.errors import BadInput

        raise BadInput(f"song {song_id} has no lyric lines yet; add some with `songwriter song add`")
    fitted = harmony.fit_lyric(song, key or song.key, mood=mood, genre=genre,
                               time_signature=time_signature or song.time_signature, seed=seed)
    fitted.title, fitted.tempo, fitted.tags = song.title, song.tempo, song.tags
    info = fitted.provenance.get("harmony", {})
    rev = lib.save_song(song_id, fitted, expected_revision=expect_revision or revision,
                        message=f"chords and melody ({info.get('mood', '')}"
                                f"{', ' + genre if genre else ''}, seed {seed})")
    chords = {s.label: [c.symbol for c in s.chords] for s in fitted.sections}
    if as_json:
        _emit({"id": int(song_id), "revision": rev, "key": fitted.key, "mood": info.get("mood"),
               "chords": chords})
        return
    click.echo(f"song {song_id}: revision {rev}, {fitted.key}, mood {info.get('mood')}"
               + (f" ({info['mood_note']})" if info.get("mood_note") else ""))
    for label, symbols in chords.items():
        click.echo(f"  {_esc(label)}: {' '.join(symbols) or '(no chords)'}")
