"""Backends: options, fake, OpenAI-compatible HTTP against a stand-in server, prompts."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from songwriter.errors import BackendError, BadInput, NotFound
from songwriter.lm import GenerateOptions, get_backend, options
from songwriter.lm.fake import FakeBackend
from songwriter.lm.openai_backend import OpenAIBackend


class StandIn(BaseHTTPRequestHandler):
    delay = 0.0
    seen: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.seen.append((self.path, body, self.headers.get("Authorization")))
        time.sleep(StandIn.delay)
        words = ["Dusty", " roads", " lead", " home"]
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for w in words:
                chunk = {"choices": [{"delta": {"content": w}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
        else:
            n = body.get("n", 1)
            data = {"choices": [{"message": {"content": "".join(words)}} for _ in range(n)]}
            raw = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)


@pytest.fixture
def server():
    StandIn.delay, StandIn.seen = 0.0, []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()


def test_options_reject_unknown_fields():
    with pytest.raises(Exception):
        GenerateOptions(max_tokens=5, temprature=0.3)
    with pytest.raises(BadInput):
        options(max_tokens=0)


def test_fake_backend_queues_and_records():
    fake = FakeBackend(["first reply\nsecond"], default="d")
    assert fake.generate("hi", GenerateOptions(stop=["\n"])) == "first reply"
    assert "".join(fake.stream([{"role": "user", "content": "x"}])) == "d"
    assert fake.history[0][0] == [{"role": "user", "content": "hi"}]
    assert get_backend("fake").model_id == "fake"


def test_openai_generate_stream_and_key(server, monkeypatch):
    monkeypatch.setenv("SONGWRITER_API_KEY", "k123")
    b = OpenAIBackend.from_spec(f"openai:{server}#tiny")
    assert b.generate("road", GenerateOptions(max_tokens=8)) == "Dusty roads lead home"
    assert list(b.stream("road")) == ["Dusty", " roads", " lead", " home"]
    assert b.generate_many("road", GenerateOptions(), n=3) == ["Dusty roads lead home"] * 3
    path, body, auth = StandIn.seen[0]
    assert path == "/v1/chat/completions" and body["model"] == "tiny" and auth == "Bearer k123"


def test_openai_server_down_is_clear():
    b = OpenAIBackend("http://127.0.0.1:9/v1", "m", timeout=2)
    with pytest.raises(BackendError, match="not answering"):
        b.generate("x")


def test_openai_slow_server_times_out(server):
    StandIn.delay = 3
    b = OpenAIBackend(server, "m", timeout=0.5)
    start = time.time()
    with pytest.raises(BackendError, match="timed out"):
        b.generate("x")
    assert time.time() - start < 3


def test_missing_model_path_is_backend_error():
    b = get_backend("/nonexistent/model/folder")
    with pytest.raises(BackendError, match="does not exist"):
        b.generate("x")


def test_every_prompt_template_renders():
    from songwriter.config import PROMPTS
    from songwriter.lm.prompts import render, variables

    files = sorted(PROMPTS.glob("*.txt"))
    assert files
    for f in files:
        names = variables(f.read_text())
        messages = render(f.stem, **{n: "v" for n in names})
        assert messages and all(m["role"] in ("system", "user", "assistant") for m in messages)
        if names:
            with pytest.raises(BadInput):
                render(f.stem)
    with pytest.raises(NotFound):
        render("no_such_template")


@pytest.mark.model
def test_closing_a_stream_ends_its_generation_thread():
    b = get_backend("default")
    pieces = b.stream("Tell me a very long story about the sea.", GenerateOptions(max_tokens=400))
    first = next(pieces)
    pieces.close()  # the reader stops early
    assert isinstance(first, str)
    # the worker has finished (close joins it), so the model is free again right away
    assert b.generate_lock.acquire(blocking=False)
    b.generate_lock.release()
    stopped = b.generate("Say hello.", GenerateOptions(max_tokens=40, stop=["l"]))
    assert "l" not in stopped
