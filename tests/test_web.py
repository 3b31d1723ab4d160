"""The real app in headless Chromium (Playwright) with the real model; one server for the module.

Screenshots of each step go to test-artifacts/web/ (gitignored)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.timeout(400)]

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
VERSE = "The night is long and cold\nI walk the road of old\nMy heart is full of rain"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home, model=None, port=None):
    """(process, url) once the page answers."""
    import httpx
    port = port or free_port()
    env = dict(os.environ, SONGWRITER_HOME=str(home), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    cmd = [str(ROOT / ".venv" / "bin" / "songwriter"), "serve", "--port", str(port)]
    if model:
        cmd += ["--model", model]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(proc.stdout.read())
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium missing (make test installs it)")
    proc, url = start_server(tmp_path_factory.mktemp("home"))
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pg = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
        pg.on("request", lambda r: requests.append(r.url))
        blocked: set[str] = set()  # requests the page's content security policy stopped
        pg.on("requestfailed", lambda r: blocked.add(r.url) if r.failure == "csp" else None)
        pg.blocked = blocked
        pg.goto(server)
        pg.wait_for_selector("#sw-input textarea", timeout=60_000)
        pg.requests = requests
        yield pg
        browser.close()


def send(pg, text):
    pg.fill("#sw-input textarea", text)
    pg.locator("#sw-input button.submit-button").click()


def bot_text(pg) -> str:
    return pg.locator("#sw-chat").inner_text()


def test_1_write_verse_with_real_model(page):
    from playwright.sync_api import expect
    send(page, "write a verse about the sea, 6 syllables, ABAB")
    expect(page.locator("#sw-chat")).to_contain_text("Syllables per line", timeout=240_000)
    page.screenshot(path=str(SHOTS / "1-write.png"))
    text = bot_text(page)
    assert "Syllables per line: 6, 6, 6, 6" in text
    send(page, "use that")
    expect(page.locator("#sw-song-panel .sw-line")).to_have_count(4, timeout=60_000)
    counts = page.locator("#sw-song-panel .sw-count").all_inner_texts()
    assert counts == ["6", "6", "6", "6"]
    page.screenshot(path=str(SHOTS / "2-saved.png"))


def test_2_pasted_verse_coloured(page):
    from playwright.sync_api import expect
    send(page, VERSE)
    expect(page.locator("#sw-chat")).to_contain_text("Scheme **AAB**".replace("**", ""), timeout=60_000)
    pending = page.locator("#sw-song-panel .sw-pending .sw-end")
    expect(pending).to_have_count(3, timeout=30_000)
    colours = [pending.nth(i).evaluate("e => getComputedStyle(e).color") for i in range(3)]
    assert colours[0] == colours[1] != colours[2]  # cold/old share a rhyme colour, rain differs
    page.screenshot(path=str(SHOTS / "3-analysis.png"))


def test_3_chords(page):
    from playwright.sync_api import expect
    send(page, "chords for this in A minor, sad")
    expect(page.locator("#sw-chat")).to_contain_text("Chords in A minor", timeout=120_000)
    assert "Am" in bot_text(page)
    expect(page.locator("#sw-song-panel .sw-chords").first).to_contain_text("Am", timeout=30_000)
    page.screenshot(path=str(SHOTS / "4-chords.png"))


def test_4_songs_list_has_saved_song(page):
    from playwright.sync_api import expect
    page.get_by_role("tab", name="Songs").click()
    page.get_by_role("button", name="Search / list").click()
    expect(page.get_by_text("Untitled").last).to_be_visible(timeout=30_000)


def test_5_export_pdf_download(page, tmp_path):
    from playwright.sync_api import expect
    page.get_by_role("tab", name="Lead sheet").click()
    page.locator("#sw-render").click()
    expect(page.get_by_text("files ready")).to_be_visible(timeout=180_000)
    expect(page.locator("#sw-leadsheet img")).to_be_visible()
    page.screenshot(path=str(SHOTS / "5-leadsheet.png"), full_page=True)
    link = page.locator("#sw-downloads tr", has_text=".pdf").locator("a").first
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "song.pdf"
    info.value.save_as(target)
    assert target.read_bytes()[:4] == b"%PDF"


def test_6_script_lyric_shown_as_text(page):
    from playwright.sync_api import expect
    page.evaluate("window.__pwned = 0")
    send(page, "<script>window.__pwned=1</script> my heart\n<img src=x onerror='window.__pwned=2'> is cold")
    expect(page.locator("#sw-song-panel .sw-pending")).to_contain_text("<script>", timeout=60_000)
    assert page.evaluate("window.__pwned") == 0
    page.screenshot(path=str(SHOTS / "6-escaped.png"))


def test_7_no_outbound_requests(page):
    # a remote image pasted into the chat: the sanitizer keeps <img>, the page's CSP must stop it
    send(page, '/rhymes light <img src="http://203.0.113.9/pixel.png">')
    page.wait_for_timeout(3000)
    assert "http://203.0.113.9/pixel.png" in page.blocked
    sent = [u for u in page.requests if u.startswith("http") and u not in page.blocked]
    hosts = {urlparse(u).hostname for u in sent}
    assert hosts and hosts <= {"127.0.0.1", "localhost"}, hosts


def test_8_gradio_client_rhymes(server):
    from gradio_client import Client
    result = Client(server, verbose=False).predict("rhymes for night", api_name="/chat")
    text = result[0] if isinstance(result, (tuple, list)) else result
    assert "Rhymes for **night**" in text and ("bright" in text or "light" in text)


def test_9_non_loopback_needs_auth(tmp_path):
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "songwriter"), "serve", "--host", "0.0.0.0"],
                         capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, SONGWRITER_HOME=str(tmp_path)))
    assert out.returncode == 1 and "--auth" in out.stderr + out.stdout


def test_10_sessions_are_separate(server):
    from gradio_client import Client
    a, b = Client(server, verbose=False), Client(server, verbose=False)
    out_a = a.predict("new song called Harbor <b>Lights</b>", api_name="/chat")
    out_b = b.predict("rhymes for rain", api_name="/chat")
    assert "Harbor &lt;b&gt;Lights&lt;/b&gt;" in out_a[1]  # title escaped in the song panel
    assert "Harbor" not in out_b[1] and "Rhymes for **rain**" in out_b[0]
