"""The drafting flow on stand-in parts (tests/_songdraft_doubles.py): order of steps, chorus reuse,
hook placement, provenance, partial saves on interrupt, revisions. The same flow on the real
prosody/lm/generation/harmony/drafts/leadsheet modules is in tests/test_songdraft.py."""

import pytest

from songwriter.errors import BadInput, SongwriterError
import _songdraft_doubles as doubles_mod


@pytest.fixture
def doubles(monkeypatch):
    return doubles_mod.install(monkeypatch)


def request(**kw):
    from songwriter.songdraft import DraftRequest

    return DraftRequest(**{"theme": "leaving my hometown at dawn", "genre": "pop",
                           "mood": "hopeful", "form": "verse-chorus", "seed": 3, **kw})


def test_whole_song_follows_the_form_and_reuses_the_chorus(doubles):
    from songwriter.songdraft import draft_song

    events = []
    result = draft_song(request(), backend=doubles.DoubleBackend(), progress=events.append)
    song = result.song
    assert [s.label for s in song.sections] == ["Verse 1", "Chorus", "Verse 2", "Chorus",
                                                "Bridge", "Chorus"]
    choruses = [[ln.text for ln in s.lines] for s in song.sections if s.kind == "chorus"]
    assert choruses[0] == choruses[1] == choruses[2]
    assert choruses[0][0] == result.hook and result.hook
    verses = [[ln.text for ln in s.lines] for s in song.sections if s.kind == "verse"]
    assert verses[0] != verses[1]
    # the chorus is written once: 4 parts, 4 writer calls
    assert len(doubles.write_calls) == 4
    assert [e.phase for e in events] == ["plan"] + ["section"] * 4 + ["save", "done"]
    assert [e.step for e in events][:-1] == list(range(1, 7))
    # every line fits (the writer double satisfies meter and rhyme, the checks must see it)
    summary = result.checks["summary"]
    assert summary["lines"] == 16 and summary["pct_lines_exact"] == 100.0  # each part counted once
    assert summary["rhyme_pairs"] > 0 and summary["pct_rhyme_perfect"] == 100.0
    # chords and melody everywhere
    for section in song.sections:
        assert section.chords
        assert all(line.syllables and line.syllables[0].notes for line in section.lines)


def test_checks_catch_lines_that_do_not_fit(doubles, monkeypatch):
    from songwriter.songdraft import draft_song

    real = doubles.write_lines

    def sloppy(req, backend=None):
        out = real(req, backend)
        out.lines[-1] = "and then it all went somewhere else entirely today okay"
        return out

    import sys

    monkeypatch.setattr(sys.modules["songwriter.generation"], "write_lines", sloppy)
    result = draft_song(request(form="short"), backend=doubles.DoubleBackend())
    summary = result.checks["summary"]
    assert summary["lines_exact"] == summary["lines"] - 2
    bad = [ln for s in result.checks["sections"] for ln in s["lines"] if not ln["ok"]]
    assert len(bad) == 2 and all(ln["syllables"] != ln["expected"] for ln in bad)


def test_draft_is_saved_with_provenance(doubles):
    from songwriter.songdraft import draft_song

    result = draft_song(request(title="Dawn Train"), backend=doubles.DoubleBackend())
    saved, revision = doubles.LIBRARY.get_song(result.id)
    assert revision == result.revision
    assert saved.title == "Dawn Train" and saved.sections == result.song.sections
    prov = saved.provenance
    assert prov["request"]["theme"] == "leaving my hometown at dawn" and prov["request"]["seed"] == 3
    assert prov["resolved"] == {"genre": "pop", "mood": "hopeful", "mode": "major",
                                "form": "verse-chorus",
                                "form_title": "verse–chorus–verse–chorus–bridge–chorus"}
    assert prov["complete"] is True and prov["plan"]["sources"]["title"] == "given"
    line = saved.sections[0].lines[0]
    assert line.provenance["source"] == "generated" and line.provenance["model"] == "double-lm"
    assert line.provenance["seed"] == 3 and "hometown" in line.provenance["prompt"]
    assert saved.sections[1].lines[0].provenance["role"] == "hook"


def test_model_title_used_only_when_on_theme(doubles):
    from songwriter.songdraft import draft_song

    good = draft_song(request(form="short"), backend=doubles.DoubleBackend("Title: Hometown Goodbye"))
    assert good.song.title == "Hometown Goodbye"
    off = draft_song(request(form="short"), backend=doubles.DoubleBackend("Title: Banana Phone"))
    assert off.song.title == "Hometown at Dawn"


def test_blues_sings_its_first_line_twice(doubles):
    from songwriter.songdraft import draft_song

    result = draft_song(request(genre="blues", form=None, mood="sad"), backend=doubles.DoubleBackend())
    assert result.form == "blues" and result.song.key.endswith("minor")
    for section in result.song.sections:
        assert section.lines[1].text == section.lines[0].text
        assert section.lines[1].provenance["source"] == "repeat"
    assert result.checks["summary"]["pct_rhyme_perfect"] == 100.0


def test_unknown_names_are_matched_and_reported(doubles):
    from songwriter.songdraft import draft_song

    result = draft_song(request(genre="rokc", mood="heartbroken and weeping", form="short"),
                        backend=doubles.DoubleBackend())
    assert result.genre == "rock" and result.mood == "sad"
    assert any("closest spelling" in n for n in result.notes)
    assert any("nearest by meaning" in n for n in result.notes)


@pytest.mark.parametrize("kw, message", [
    (dict(theme=""), "empty"), (dict(theme="y" * 1000), "characters long"),
    (dict(key="H# lydian"), "key"), (dict(form="verse " * 40), "at most"),
    (dict(seed=-1), "seed"),
])
def test_bad_requests_fail_clearly_and_save_nothing(doubles, kw, message):
    from songwriter.songdraft import draft_song

    with pytest.raises(BadInput, match=message):
        draft_song(request(**kw), backend=doubles.DoubleBackend())
    assert doubles.LIBRARY.songs == {}


def test_closing_the_stream_saves_finished_sections_only(doubles):
    from songwriter.songdraft import draft_steps

    steps = draft_steps(request(), backend=doubles.DoubleBackend())
    seen = []
    for event in steps:
        seen.append(event.phase)
        if seen.count("section") == 2:  # verse 1 and chorus done, browser tab closed
            steps.close()
            break
    [(song_id, revs)] = doubles.LIBRARY.songs.items()
    saved, _ = doubles.LIBRARY.get_song(song_id)
    assert [s.label for s in saved.sections] == ["Verse 1", "Chorus"]
    assert saved.provenance["complete"] is False
    assert "interrupted" in revs[-1][1]


def test_ctrl_c_mid_section_keeps_nothing_half_written(doubles, monkeypatch):
    import sys

    from songwriter.songdraft import DraftInterrupted, draft_song

    real, calls = doubles.write_lines, []

    def interrupted_on_third(req, backend=None):
        calls.append(req)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(req, backend)

    monkeypatch.setattr(sys.modules["songwriter.generation"], "write_lines", interrupted_on_third)
    with pytest.raises(DraftInterrupted, match="2 finished section"):
        draft_song(request(), backend=doubles.DoubleBackend())
    [(song_id, _)] = doubles.LIBRARY.songs.items()
    saved, _ = doubles.LIBRARY.get_song(song_id)
    assert [s.label for s in saved.sections] == ["Verse 1", "Chorus"]
    assert all(len(s.lines) == 4 for s in saved.sections)


def test_interrupt_before_any_section_saves_nothing(doubles, monkeypatch):
    import sys

    from songwriter.songdraft import DraftInterrupted, draft_song

    def boom(req, backend=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["songwriter.generation"], "write_lines", boom)
    with pytest.raises(DraftInterrupted, match="nothing was saved"):
        draft_song(request(), backend=doubles.DoubleBackend())
    assert doubles.LIBRARY.songs == {}


def test_regenerate_a_section_is_a_new_revision_keeping_the_rest(doubles):
    from songwriter.songdraft import draft_song, regenerate_section

    first = draft_song(request(), backend=doubles.DoubleBackend())
    before = [[ln.text for ln in s.lines] for s in first.song.sections]
    result = regenerate_section(first.id, "second verse", theme_hint="darker",
                                backend=doubles.DoubleBackend())
    after = [[ln.text for ln in s.lines] for s in result.song.sections]
    assert result.revision == first.revision + 1
    assert after[2] != before[2]
    assert [a for i, a in enumerate(after) if i != 2] == [b for i, b in enumerate(before) if i != 2]
    assert "darker" in doubles.write_calls[-1].theme
    assert result.checks["summary"]["pct_lines_exact"] == 100.0


def test_regenerating_the_chorus_changes_every_chorus_and_keeps_the_hook(doubles):
    from songwriter.songdraft import draft_song, regenerate_section

    first = draft_song(request(), backend=doubles.DoubleBackend())
    result = regenerate_section(first.id, "chorus", mood="dark", backend=doubles.DoubleBackend())
    choruses = [[ln.text for ln in s.lines] for s in result.song.sections if s.kind == "chorus"]
    old = [ln.text for ln in first.song.sections[1].lines]
    assert choruses[0] == choruses[1] == choruses[2] != old
    assert choruses[0][0] == first.hook


def test_regenerate_one_line(doubles):
    from songwriter.songdraft import draft_song, regenerate_line

    first = draft_song(request(), backend=doubles.DoubleBackend())
    result = regenerate_line(first.id, "Verse 1", 3, backend=doubles.DoubleBackend(), seed=100)
    old = [ln.text for ln in first.song.sections[0].lines]
    new = [ln.text for ln in result.song.sections[0].lines]
    assert new[2] != old[2] and new[:2] == old[:2] and new[3] == old[3]
    with pytest.raises(BadInput, match="no line 9"):
        regenerate_line(first.id, "Verse 1", 9, backend=doubles.DoubleBackend())
    with pytest.raises(BadInput, match="no section 'coda'"):
        regenerate_line(first.id, "coda", 1, backend=doubles.DoubleBackend())


def test_transpose_and_reform_are_revisions(doubles):
    from songwriter.songdraft import draft_song, reform_song, transpose_song

    first = draft_song(request(key="G major"), backend=doubles.DoubleBackend())
    moved = transpose_song(first.id, "A major")
    assert moved.song.key == "A major" and moved.revision == first.revision + 1
    assert moved.song.sections[0].chords[0].symbol == "A"
    with pytest.raises(BadInput):
        transpose_song(first.id, "Q flat")
    calls = len(doubles.write_calls)
    reformed = reform_song(first.id, "verse-prechorus-chorus", backend=doubles.DoubleBackend())
    assert [s.label for s in reformed.song.sections] == [
        "Verse 1", "Pre-Chorus", "Chorus", "Verse 2", "Pre-Chorus", "Chorus"]
    assert len(doubles.write_calls) == calls + 1  # only the pre-chorus was written
    assert reformed.song.sections[0].lines == moved.song.sections[0].lines
    assert reformed.revision == moved.revision + 1
    history = doubles.LIBRARY.history(first.id)
    assert [h["message"] for h in history][-2:] == ["transposed from G major to A major",
                                                    "form changed to verse–pre-chorus–chorus"]


def test_reform_finishes_an_interrupted_draft(doubles):
    from songwriter.songdraft import draft_steps, reform_song

    steps = draft_steps(request(), backend=doubles.DoubleBackend())
    for event in steps:
        if event.phase == "section":
            steps.close()
            break
    [song_id] = doubles.LIBRARY.songs
    result = reform_song(song_id, "verse-chorus", backend=doubles.DoubleBackend())
    assert len(result.song.sections) == 6 and result.complete


def test_cli_draft_json(doubles):
    import json

    from click.testing import CliRunner

    from songwriter.cli import cli

    out = CliRunner().invoke(cli, ["song", "draft", "--theme", "rain on a tin roof", "--form",
                                   "short", "--mood", "calm", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"id", "title", "key", "tempo", "sections", "checks"}
    assert [s["kind"] for s in data["sections"]] == ["verse", "chorus"]
    assert all(set(s) >= {"kind", "label", "lines", "chords"} for s in data["sections"])
    assert len(data["sections"][0]["lines"]) == 4 and data["sections"][0]["chords"]


def test_cli_bad_theme_is_one_clear_line(doubles, capsys):
    from songwriter.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["song", "draft", "--theme", "   ", "--json"])
    assert exit_.value.code == 1
    assert "error: the theme is empty" in capsys.readouterr().err


def test_regenerate_works_on_a_hand_typed_song(doubles):
    from songwriter.song import Line, Section, Song
    from songwriter.songdraft import regenerate_section

    song = Song(title="Kitchen Light", sections=[
        Section("verse", "Verse 1", [Line("The kettle sings a song"), Line("The morning comes along")]),
        Section("chorus", "Chorus", [Line("Kitchen light"), Line("Burning bright")])])
    song_id = doubles.LIBRARY.new_song(song.title)
    doubles.LIBRARY.save_song(song_id, song)
    result = regenerate_section(song_id, "verse", backend=doubles.DoubleBackend())
    new = [ln.text for ln in result.song.sections[0].lines]
    assert new != ["The kettle sings a song", "The morning comes along"]
    assert [doubles.line_syllables(t) for t in new] == [6, 6]  # the meter it had
    assert [ln.text for ln in result.song.sections[1].lines] == ["Kitchen light", "Burning bright"]
    assert result.revision == 2
