"""One short song with the embedded SmolLM2 model, end to end: plan, write, chords, melody, save."""

import time

import pytest

for _module in ("prosody", "lm", "generation", "harmony", "drafts"):
    pytest.importorskip(f"songwriter.{_module}")


@pytest.mark.model
def test_short_song_with_the_embedded_model():
    from songwriter.drafts import open_library
    from songwriter.lm import get_backend
    from songwriter.songdraft import DraftRequest, draft_song

    backend = get_backend(None)  # loaded once per process; other model tests share it
    start = time.perf_counter()
    result = draft_song(DraftRequest(theme="rain on a tin roof", mood="calm", genre="folk",
                                     form="short", seed=0), backend=backend)
    seconds = time.perf_counter() - start
    song = result.song
    assert [s.kind for s in song.sections] == ["verse", "chorus"]
    assert all(len(s.lines) == 4 and all(ln.text.strip() for ln in s.lines) for s in song.sections)
    assert song.sections[1].lines[0].text == result.hook or not result.hook
    assert all(s.chords and s.lines[0].syllables for s in song.sections)
    assert result.checks["summary"]["lines"] == 8
    saved, _ = open_library().get_song(result.id)
    assert saved.provenance["model"] == backend.model_id
    print(f"two-section song with the embedded model: {seconds:.0f} s")  # speed lives in bench/
