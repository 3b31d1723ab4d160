"""Chat handlers run directly with the fake LM backend (no browser, no real model)."""

import pytest

from songwriter.chat import ChatState, handle, reply, route
from songwriter.chat.slots import parse
from songwriter.generation import words
from songwriter.lm.fake import FakeBackend

VERSE = "The night is long and cold\nI walk the road of old\nMy heart is full of rain and sorrow every night"


@pytest.fixture
def state():
    return ChatState(model="fake", backend=FakeBackend())


def snapshot(st):
    return st.song.to_dict()


@pytest.mark.parametrize("text,intent", [
    ("rhymes for midnight", "rhymes"),
    ("what rhymes with orange, slant is fine", "rhymes"),
    ("write a chorus about the sea, 8 syllables, ABAB", "write"),
    ("make line 3 fit 8 syllables", "fix"),
    ("chords for this in A minor, sad", "chords"),
    ("save this as the first verse", "save"),
    ("new song called Harbor Lights", "new"),
    ("export a PDF", "export"),
    ("what can you do?", "help"),
    ("write me a song about leaving home", "song"),
    ("/rhymes night", "rhymes"),
    ("/export pdf", "export"),
    (VERSE, "verse"),
])
def test_routes_by_meaning_and_command(text, intent):
    assert route(text).intent == intent


def test_unclear_request_gets_a_question_with_choices(state):
    out = reply("banana helicopter", state)
    assert "Should I" in out and "1." in out
    assert state.pending and len(state.pending["choices"]) >= 2
    # answering with a number runs that choice on the original text
    choice = state.pending["choices"].index("rhymes") + 1 if "rhymes" in state.pending["choices"] else None
    if choice:
        assert "Rhymes for" in reply(str(choice), state) or "Rhymes for which" in reply("/rhymes banana", state)


def test_slots_from_rules():
    s = parse("a chorus about the sea, 8 syllables, ABAB")
    assert (s.section, s.syllables, s.scheme, s.theme) == ("chorus", 8, "ABAB", "the sea")
    s = parse("chords for this in A minor, sad")
    assert (s.key, s.mood) == ("A minor", "sad")
    assert parse("make the second line sadder").line == 2
    assert parse("new song called Harbor Lights").title == "Harbor Lights"
    assert parse("what rhymes with orange, slant is fine").slant


def test_rhymes_stream_and_are_real(state):
    out = reply("rhymes for night", state)
    assert "Rhymes for **night**" in out
    assert "bright" in out or "light" in out
    assert "orange" not in out
    assert reply("/rhymes", state).startswith("Rhymes for which word")


def test_pasted_verse_is_analysed_with_suggestions_and_fixes(state):
    out = reply(VERSE, state)
    assert "Scheme **AAB**" in out
    assert "— 6 syl" in out
    assert "Rhymes for the end words" in out and "cold:" in out
    assert "Off the meter" in out and "line 3" in out
    assert state.last_lines == VERSE.splitlines()


def test_write_use_that_fix_chords_export_flow(state, tmp_path):
    state.export_dir = str(tmp_path)
    pieces = list(handle("write a chorus about the sea, 8 syllables, ABAB", state))
    assert len(pieces) > 8  # streamed word by word, not one blob
    assert len(state.last_lines) == 4 and state.last_section == "chorus"
    assert "Syllables per line: 8, 8, 8, 8" in "".join(pieces)
    assert "Added **Chorus 1**" in reply("use that", state)
    assert state.song_id is not None and len(state.song.sections[0].lines) == 4
    out = reply("make line 2 fit 6 syllables", state)
    assert "Line 2" in out
    before = state.song.sections[0].lines[1].text
    if "1." in out:
        reply("use that", state)
        assert state.song.sections[0].lines[1].text != before
    out = reply("chords for this in A minor, sad", state)
    assert "Am" in out and state.song.sections[0].chords
    out = reply("export a PDF", state)
    assert "Exported" in out and state.last_export.endswith(".pdf")
    assert (tmp_path / state.last_export.split("/")[-1]).read_bytes()[:4] == b"%PDF"
    # now a bridge keeps the theme
    reply("now a bridge", state)
    assert state.last_section == "bridge" and state.last_theme == "the sea"


def test_new_song_and_saving(state):
    assert "Harbor Lights" in reply("new song called Harbor Lights", state)
    assert state.song.title == "Harbor Lights" and state.song_id is not None
    from songwriter import drafts
    lib = drafts.open_library()
    assert any(r["title"] == "Harbor Lights" for r in lib.list_songs())
    lib.close()


@pytest.mark.parametrize("bad,expect", [
    ("", "Say something"),
    ("   \n ", "Say something"),
    ("x" * 1_000_000, "characters"),
    (b"\x00\xff\xfe binary", "binary"),
    ("\x00\x01\x02\x03 abc", "binary"),
    ("/export pdf", "empty"),
    ("/fix", "no lines"),
    ("/zzz", "don't know"),
    ("/write", "What should it be about"),
])
def test_bad_input_gets_help_and_song_unchanged(state, bad, expect):
    before = snapshot(state)
    out = reply(bad, state)
    assert expect in out
    assert snapshot(state) == before
    assert "Rhymes for" in reply("rhymes for night", state)  # session still works


def test_emoji_and_html_are_escaped(state):
    out = reply("rhymes for love 💖", state)
    assert "Rhymes for **love**" in out
    out = reply("<script>alert(1)</script>\n<b>bold</b> line of mine", state)
    assert "<script>" not in out and "&lt;script&gt;" in out


class Broken(FakeBackend):
    def stream(self, prompt, opts=None):
        from songwriter.errors import BackendError
        raise BackendError("the model server at 127.0.0.1:9 is down")


def test_backend_down_is_a_reply_not_a_crash(state):
    state.backend = Broken()
    reply("write a verse about the sea", state)
    out = reply("write a verse about rain, 6 syllables", state)
    assert "down" in out or "went wrong" in out
    assert state.song.sections == []
    assert "Rhymes for" in reply("rhymes for rain", state)


def test_model_failing_to_load():
    st = ChatState(model="/no/such/model/dir")
    out = reply("write a verse about the sea", st)
    assert out and "Traceback" not in out
    assert "Rhymes for" in reply("rhymes for sea", st)


def test_whole_song_from_one_message(state):
    pieces = list(handle("write me a song about leaving home", state))
    text = "".join(pieces)
    assert len(pieces) > 6 and "[1/" in pieces[0]  # progress, section by section
    assert "Saved **" in text and state.song_id is not None
    kinds = [s.kind for s in state.song.sections]
    assert kinds.count("chorus") >= 2 and "verse" in kinds
    choruses = [[ln.text for ln in s.lines] for s in state.song.sections if s.kind == "chorus"]
    assert all(c == choruses[0] for c in choruses)  # the chorus comes back word for word
    assert all(s.chords for s in state.song.sections)
    from songwriter import drafts
    lib = drafts.open_library()
    saved, _ = lib.get_song(state.song_id)
    lib.close()
    assert [ln.text for s in saved.sections for ln in s.lines] == \
        [ln.text for s in state.song.sections for ln in s.lines]
    assert saved.sections[0].lines[0].provenance.get("source") == "generated"


@pytest.mark.parametrize("text", ["suggest the next line", "what comes next?",
                                  "next line rhyming with line 2", "/next"])
def test_next_line_routes(text):
    assert route(text).intent == "next"


def test_next_line_is_appended_to_the_section(state):
    assert "no lines yet" in reply("suggest the next line", state)
    list(handle("write a verse about the sea, 6 syllables, ABAB", state))
    reply("use that", state)
    section = state.song.sections[-1]
    before = [ln.text for ln in section.lines]
    out = reply("next line rhyming with line 3", state)
    assert "Next line" in out
    new = state.last_lines[0]
    assert words.line_syllables(new) == words.line_syllables(before[-1])
    end3 = words.tokenize(before[2])[-1].lower()
    assert words.rhyme_kind(words.tokenize(new)[-1].lower(), end3) == "perfect"
    assert "Added to" in reply("use that", state)
    assert [ln.text for ln in state.song.sections[-1].lines] == before + [new]
    assert "no line 9" in reply("next line rhyming with line 9", state)


def test_live_pieces_show_the_line_being_written_and_are_never_kept():
    from songwriter.chat.handlers import Live, _stream_lines

    def work(on_line, on_partial):
        import time
        on_partial(0, "The <b>sea")
        time.sleep(0.5)  # the model is slower than the reader: the partial is shown
        on_partial(0, "The <b>sea</b> is")
        on_partial(0, "The <b>sea</b> is wi")
        time.sleep(0.5)
        on_line(0, "The <b>sea</b> is wide")
        return None

    collected = []
    pieces = list(_stream_lines(work, collected))
    live = [p for p in pieces if isinstance(p, Live)]
    shown = [p.rstrip(" …") for p in live]
    assert shown[0] == "The &lt;b&gt;sea" and shown[-1] == "The &lt;b&gt;sea&lt;/b&gt; is wi"
    assert "<" not in "".join(shown)  # escaped like everything else shown
    assert "".join(p for p in pieces if not isinstance(p, Live)) == "The <b>sea</b> is wide\n"
    assert collected == ["The <b>sea</b> is wide"]


def test_reply_drops_live_pieces(state, monkeypatch):
    from songwriter.chat import handlers

    def fake_write(text, st):
        yield "start "
        yield handlers.Live("provisional")
        yield "done"

    monkeypatch.setitem(handlers.ACTIONS, "write", fake_write)
    assert reply("/write something about the sea", state) == "start done"
