"""The prosody commands through the real entry point: JSON contracts, bad input, no torch."""

import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def run(*args, stdin=None):
    """Run ``songwriter ARGS`` in a fresh process; return (code, stdout, stderr)."""
    p = subprocess.run([sys.executable, "-m", "songwriter", *args], input=stdin, capture_output=True,
                       env=ENV, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def test_syllables_json():
    code, out, err = run("syllables", "runnin'", "every", "rizz", "24/7", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["word"] for r in rows] == ["runnin'", "every", "rizz", "24/7"]
    for r in rows:
        assert {"word", "syllables", "phones", "source"} <= set(r)
    assert rows[0]["syllables"] == 2 and rows[3]["syllables"] == 5
    assert rows[3]["source"] == "derived"


def test_rhymes_json_and_no_torch():
    code = (
        "import sys, json, io, contextlib\n"
        "from songwriter.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n        main(['rhymes', 'night', '--json', '--limit', '10'])\n"
        "    except SystemExit:\n        pass\n"
        "bad = [m for m in ('torch', 'transformers', 'sentence_transformers', 'music21', 'gradio') if m in sys.modules]\n"
        "print(json.dumps({'bad': bad, 'out': json.loads(buf.getvalue())}))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    data = json.loads(p.stdout)
    assert data["bad"] == []
    rows = data["out"]
    assert 0 < len(rows) <= 10
    for r in rows:
        assert {"word", "kind", "syllables", "score"} <= set(r)
        assert r["kind"] in ("perfect", "near", "multi")
    assert "light" in [r["word"] for r in rows] or "right" in [r["word"] for r in rows]


def test_rhymes_options():
    code, out, _ = run("rhymes", "time", "--kind", "near", "--syllables", "1", "--limit", "5", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["kind"] == "near" and r["syllables"] == 1 for r in rows)
    code, _, err = run("rhymes", "time", "--kind", "slanty")
    assert code != 0 and "Traceback" not in err
    code, _, err = run("rhymes", "!!!")
    assert code == 1 and err.startswith("error:")


def test_compare_json():
    code, out, _ = run("compare", "laptop", "crack pot", "--json")
    d = json.loads(out)
    assert code == 0 and set(d) >= {"kind", "detail", "score"}
    assert d["kind"] == "near" and "multisyllabic" in d["detail"]
    code, out, _ = run("compare", "night", "knight", "--json")
    assert json.loads(out)["kind"] == "identical"


def test_analyze_json_stdin_and_file(tmp_path):
    verse = "Twinkle, twinkle, little star,\nHow I wonder what you are!\n"
    code, out, err = run("analyze", "--json", stdin=verse.encode())
    assert code == 0, err
    d = json.loads(out)
    assert d["scheme"] == "AA"
    assert [l["syllables"] for l in d["lines"]] == [7, 7]
    for l in d["lines"]:
        assert {"text", "syllables", "stresses", "end_word", "rhyme"} <= set(l)
    f = tmp_path / "v.txt"
    f.write_text(verse, encoding="utf-8")
    code, out2, _ = run("analyze", str(f), "--json")
    assert code == 0 and json.loads(out2)["scheme"] == "AA"


def test_analyze_readable_output():
    code, out, _ = run("analyze", stdin=b"Twinkle, twinkle, little star,\nHow I wonder what you are!\n")
    assert code == 0 and "scheme AA" in out and "Twinkle" in out


@pytest.mark.parametrize("data,fragment", [
    (b"", "empty"), (b"a" * 1_000_000, "100 KB"), (bytes(range(256)) * 10, "UTF-8"),
])
def test_analyze_bad_input(data, fragment):
    code, out, err = run("analyze", "--json", stdin=data)
    assert code == 1 and fragment in err and "Traceback" not in err


def test_analyze_missing_file(tmp_path):
    code, _, err = run("analyze", str(tmp_path / "nope.txt"))
    assert code == 1 and err.startswith("error:") and "Traceback" not in err


def test_help_states_limits():
    code, out, _ = run("analyze", "--help")
    assert code == 0 and "100 KB" in out
