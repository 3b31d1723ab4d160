"""Web app timings: server start to usable page, first token and full reply for a verse request,
rhyme latency idle vs while a generation runs (same run). `python -m bench.web`"""

import os
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rhyme_latency(client, api, n=5) -> float:
    """Median seconds for `rhymes for night` through ``api`` (/chat or /rhymes)."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        if api == "/chat":
            client.predict("rhymes for night", api_name="/chat")
        else:
            client.predict("night", False, api_name="/rhymes")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_words(output) -> bool:
    """True once the reply holds model-written words (after the request header line)."""
    text = output[0] if isinstance(output, (list, tuple)) else output
    return isinstance(text, str) and bool(text.partition("\n\n")[2].strip())


def main():
    import httpx
    from gradio_client import Client

    from tests.test_web import free_port
    port = free_port()
    env = dict(os.environ, SONGWRITER_HOME=tempfile.mkdtemp(), HF_HUB_OFFLINE="1")
    start = time.perf_counter()
    proc = subprocess.Popen([str(ROOT / ".venv/bin/songwriter"), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        page_ready = time.perf_counter() - start
        client = Client(url, verbose=False)
        rows = [("server start → usable page", page_ready)]
        idle_chat = rhyme_latency(client, "/chat")
        idle_tab = rhyme_latency(client, "/rhymes")
        gen_client = Client(url, verbose=False)
        t0 = time.perf_counter()
        job = gen_client.submit("write a verse about the sea, 8 syllables, ABAB", api_name="/chat")
        first = None
        while not job.done():
            if first is None and any(first_words(o) for o in job.outputs()):
                first = time.perf_counter() - t0
            time.sleep(0.02)
        full = time.perf_counter() - t0
        # a second generation, with rhyme requests while it runs
        busy = {}
        job2 = gen_client.submit("write a chorus about the rain, 8 syllables, AABB", api_name="/chat")
        time.sleep(1.0)
        busy["chat"] = rhyme_latency(client, "/chat", n=3)
        busy["tab"] = rhyme_latency(client, "/rhymes", n=3)
        busy_during = not job2.done()
        job2.result()
        rows += [("verse: first model words shown", first or full), ("verse: full reply", full),
                 ("rhymes via chat, idle", idle_chat), ("rhymes via chat, during generation", busy["chat"]),
                 ("rhymes tab API, idle", idle_tab), ("rhymes tab API, during generation", busy["tab"])]
        print(f"{'measure':48} {'seconds':>8}")
        for name, sec in rows:
            print(f"{name:48} {sec:8.2f}")
        print(f"ratio rhymes-via-chat busy/idle: {busy['chat'] / idle_chat:.1f}x "
              f"(generation still running during the busy samples: {busy_during})")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
