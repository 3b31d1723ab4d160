"""Drafts durability: SIGKILL mid-write loses no acknowledged write; two writer processes at once."""

import os
import signal
import subprocess
import sys
import time

from songwriter.drafts import open_library

WRITER = r"""
import sys
from songwriter.drafts import open_library
from songwriter.errors import Conflict
from songwriter.song import Line, Section
lib = open_library(sys.argv[1])
song_id, tag, count, expect = int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5] == "expect"
conflicts = 0
for i in range(count):
    text = f"{tag} line {i}"
    if expect:
        try:
            song, rev = lib.get_song(song_id)
            song.sections.append(Section("verse", lines=[Line(text)]))
            rev = lib.save_song(song_id, song, expected_revision=rev)
        except Conflict as exc:
            assert "changed meanwhile" in str(exc)
            conflicts += 1
            continue
    else:
        rev = lib.add_section(song_id, Section("verse", lines=[Line(text)]))
    print(f"ack {rev} {text}", flush=True)
print(f"conflicts {conflicts}", flush=True)
"""


def start(path, song_id, tag, count, mode="append"):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(song_id), tag, str(count),
                             mode], stdout=subprocess.PIPE, text=True)


def test_sigkill_loses_no_acknowledged_write(tmp_path):
    path = tmp_path / "songs.db"
    lib = open_library(path)
    song_id = lib.new_song("Crash test")
    lib.close()
    acknowledged = []
    for round_ in range(3):
        proc = start(path, song_id, f"r{round_}", 100_000)
        deadline = time.monotonic() + 1.5 + round_ * 0.37
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("ack"):
                acknowledged.append(line.split(" ", 2))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert len(acknowledged) > 10
    lib = open_library(path)
    assert lib.integrity() == "ok"
    revisions = {h["revision"] for h in lib.history(song_id)}
    for _, rev, text in acknowledged:
        assert int(rev) in revisions
        song, _ = lib.get_song(song_id, int(rev))
        assert song.sections[-1].lines[0].text == text.strip()


def test_two_writer_processes_both_append(tmp_path):
    path = tmp_path / "songs.db"
    lib = open_library(path)
    song_id = lib.new_song("Two writers")
    procs = [start(path, song_id, tag, 25) for tag in ("cli", "web")]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    song, rev = lib.get_song(song_id)
    assert rev == 51  # 1 + 25 + 25: every append landed, none overwritten
    texts = [s.lines[0].text for s in song.sections]
    for tag, out in zip(("cli", "web"), outputs):
        assert [t for t in texts if t.startswith(tag)] == [f"{tag} line {i}" for i in range(25)]
        assert out.count("ack") == 25


def test_two_writer_processes_with_expected_revision(tmp_path):
    path = tmp_path / "songs.db"
    lib = open_library(path)
    song_id = lib.new_song("Racing editors")
    procs = [start(path, song_id, tag, 40, "expect") for tag in ("cli", "web")]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    acks = [line for out in outputs for line in out.splitlines() if line.startswith("ack")]
    conflicts = sum(int(out.splitlines()[-1].split()[1]) for out in outputs)
    assert len(acks) + conflicts == 80
    song, rev = lib.get_song(song_id)
    # Every acknowledged save is in the current song: a stale save was refused, never applied over.
    assert rev == 1 + len(acks) and len(song.sections) == len(acks)
    assert sorted(s.lines[0].text for s in song.sections) == sorted(a.split(" ", 2)[2] for a in acks)
    assert lib.integrity() == "ok"
