import subprocess
import sys

from songwriter.config import songwriter_home
from songwriter.song import ChordEvent, Line, Note, Section, Song, Syllable


def test_home_follows_env(songwriter_home):
    assert songwriter_home_path() == songwriter_home
    assert songwriter_home.is_dir()


def songwriter_home_path():
    return songwriter_home()


def test_song_round_trip():
    song = Song(title="Harbor Lights", key="A minor", sections=[
        Section(kind="verse", label="Verse 1", length=16.0,
                lines=[Line(text="Walking home", syllables=[
                    Syllable("Walk", "begin", 1, [Note("A4", 0.0, 1.0)]),
                    Syllable("ing", "end", 0, [Note("G4", 1.0, 0.5), Note("E4", 1.5, 0.5)]),
                    Syllable("home", "single", 1, [Note("A4", 2.0, 2.0)])])],
                chords=[ChordEvent("Am", "i", 0.0, 4.0)])])
    data = song.to_dict()
    assert Song.from_dict(data) == song
    assert song.lyric_text() == "[Verse 1]\nWalking home"


def test_cli_help_lists_commands():
    out = subprocess.run([sys.executable, "-m", "songwriter", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "songwriter" in out
