"""`song fit`: chords and a melody for a saved song, as a new revision that `song export` engraves."""

import json
import subprocess
import sys


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "songwriter", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_fit_adds_chords_and_melody_as_a_new_revision(tmp_path):
    song_id = json.loads(cli("song", "new", "--title", "Fit", "--key", "A minor", "--json").stdout)["id"]
    assert cli("song", "fit", str(song_id), "--mood", "sad").returncode == 1  # no lines yet
    cli("song", "add", str(song_id), "--text-file", "-",
        stdin="[Verse]\nStanding by the water counting every light\nAll the boats are leaving into night\n")
    out = cli("song", "fit", str(song_id), "--mood", "sad", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["revision"] == 3 and data["key"] == "A minor" and data["chords"]["Verse"]
    song = json.loads(cli("song", "show", str(song_id), "--json").stdout)["song"]
    verse = song["sections"][0]
    assert [ln["text"] for ln in verse["lines"]][0] == "Standing by the water counting every light"
    assert all(ln["provenance"] == {"source": "user"} for ln in verse["lines"])  # fitting is not editing
    sung = [s for ln in verse["lines"] for s in ln["syllables"]]
    assert len(sung) == 12 + 9 and all(s["notes"] for s in sung)  # one note (or more) per syllable
    xml = tmp_path / "fit.musicxml"
    assert cli("song", "export", str(song_id), "-o", str(xml)).returncode == 0
    assert xml.read_text().count("<harmony") == len(verse["chords"])
    stale = cli("song", "fit", str(song_id), "--mood", "sad", "--expect-revision", "2")
    assert stale.returncode == 1 and "changed meanwhile" in stale.stderr
