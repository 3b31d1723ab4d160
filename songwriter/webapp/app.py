"""The Gradio app: chat beside the current song, with tabs for rhymes, chords, lead sheet, songs and
history. Sessions are keyed by Gradio's session hash; the model is shared and loaded once."""

import html
import os
import tempfile
import threading
from pathlib import Path

from songwriter.chat import ChatState, handle
from songwriter.chat.handlers import Live
from songwriter.config import PROJECT_ROOT
from songwriter.errors import SongwriterError

CSS_FILE = PROJECT_ROOT / "web" / "style.css"
EXPORT_FORMATS = ("pdf", "png", "svg", "musicxml", "midi", "chordpro", "txt", "wav", "json")
FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]

_sessions: dict[str, ChatState] = {}
_sessions_lock = threading.Lock()
_status = {"text": "Starting…"}
EXPORT_ROOT = Path(tempfile.mkdtemp(prefix="songwriter-web-"))


def session(request, model=None) -> ChatState:
    """This browser session's state (created on first use)."""
    key = getattr(request, "session_hash", None) or "default"
    with _sessions_lock:
        if key not in _sessions:
            folder = EXPORT_ROOT / f"s{len(_sessions)}"
            folder.mkdir(parents=True, exist_ok=True)
            _sessions[key] = ChatState(model=model, export_dir=str(folder))
        return _sessions[key]


def warm_up(model):
    """Load the model in the background so the first request doesn't wait; the status line says how it went."""
    def run():
        import time
        start = time.perf_counter()
        _status["text"] = "Loading the language model (first time only, about 20 s)… rhymes and analysis work already."
        try:
            from songwriter.lm import get_backend
            backend = get_backend(model)
            if hasattr(backend, "load"):
                backend.load()
            elif model != "fake":
                backend.generate("hi", None)
            _status["text"] = f"Model ready ({html.escape(str(backend.model_id))}, loaded in {time.perf_counter() - start:.0f} s)."
        except Exception as exc:
            _status["text"] = f"The model could not load ({html.escape(str(exc))[:200]}). Rhymes, analysis and chords still work."
    threading.Thread(target=run, daemon=True).start()


def build_app(model: str | None = None, warm: bool = True):
    """The gr.Blocks app (call .launch on it with launch_options())."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio as gr
    from songwriter.webapp import view

    if warm:
        warm_up(model)
    else:
        _status["text"] = "Model loads on first use."

    def song_outputs(st: ChatState):
        return view.song_html(st.song, st.last_lines), view.song_to_text(st.song)

    def chat_fn(message, history, request: gr.Request):
        st = session(request, model)
        text = ""
        for piece in handle(message, st):
            if isinstance(piece, Live):  # the line being written: shown, replaced, never kept
                yield text + piece, gr.skip(), gr.skip()
                continue
            text += piece
            yield text, gr.skip(), gr.skip()
        yield (text, *song_outputs(st))

    with gr.Blocks(title="songwriter", analytics_enabled=False) as app:
        status = gr.Markdown(_status["text"], elem_id="sw-status")
        gr.Timer(1.5).tick(lambda: _status["text"], outputs=status, api_visibility="private",
                           concurrency_limit=None, show_progress="hidden")
        with gr.Row():
            with gr.Column(scale=3):
                song_panel = gr.HTML(view.song_html(ChatState().song), elem_id="sw-song-panel")
                editor = gr.Textbox(label="Edit the song ([Section] lines, then lyrics)", lines=8,
                                    elem_id="sw-editor")
                apply_btn = gr.Button("Apply edits", size="sm")
            with gr.Column(scale=4):
                gr.ChatInterface(
                    chat_fn, api_name="chat", additional_outputs=[song_panel, editor],
                    chatbot=gr.Chatbot(elem_id="sw-chat", height=520, sanitize_html=True,
                                       render_markdown=True),
                    textbox=gr.Textbox(placeholder="rhymes for midnight · write a verse about the sea · paste a verse…",
                                       lines=2, max_lines=12, elem_id="sw-input", submit_btn=True),
                    examples=["rhymes for midnight", "write a verse about the sea, 8 syllables, ABAB",
                              "chords for this in A minor, sad", "/help"],
                    concurrency_limit=4, fill_height=False)
        with gr.Tabs():
            with gr.Tab("Rhymes"):
                with gr.Row():
                    rword = gr.Textbox(label="Word", elem_id="sw-rhyme-word")
                    rslant = gr.Checkbox(label="Near rhymes too")
                    rbtn = gr.Button("Find rhymes")
                rout = gr.Markdown(elem_id="sw-rhyme-out")
            with gr.Tab("Chords"):
                with gr.Row():
                    ckey = gr.Textbox(label="Key", value="C major")
                    cmood = gr.Textbox(label="Mood (optional)")
                    cbtn = gr.Button("Suggest chords")
                cout = gr.Markdown(elem_id="sw-chords-out")
            with gr.Tab("Lead sheet"):
                lbtn = gr.Button("Render lead sheet and exports", elem_id="sw-render")
                lmsg = gr.Markdown()
                lsvg = gr.HTML(elem_id="sw-leadsheet")
                laudio = gr.Audio(label="Preview", type="filepath", interactive=False)
                lfiles = gr.File(label="Downloads", file_count="multiple", interactive=False,
                                 elem_id="sw-downloads")
            with gr.Tab("Songs"):
                with gr.Row():
                    squery = gr.Textbox(label="Search", elem_id="sw-search")
                    sbtn = gr.Button("Search / list")
                slist = gr.Dataframe(headers=["id", "title", "key", "revision"], interactive=False)
                with gr.Row():
                    sid = gr.Number(label="Song id", precision=0)
                    sload = gr.Button("Open song")
            with gr.Tab("History"):
                hbtn = gr.Button("Show history")
                hlist = gr.Dataframe(headers=["revision", "message", "time"], interactive=False)
                with gr.Row():
                    r1 = gr.Number(label="From revision", precision=0)
                    r2 = gr.Number(label="To revision", precision=0)
                    dbtn = gr.Button("Diff")
                dout = gr.Code(label="Diff", language=None)

        def rhymes_tab(word, slant):
            st = ChatState()
            return "".join(handle(f"/rhymes {word} {'slant' if slant else ''}".strip(), st))

        def chords_tab(key, mood, request: gr.Request):
            st = session(request, model)
            return "".join(handle(f"/chords in {key} {mood or ''}", _detached(st)))

        def apply_edits(text, request: gr.Request):
            st = session(request, model)
            try:
                st.song = view.apply_text(st.song, text or "")
            except SongwriterError as exc:
                gr.Warning(str(exc))
            return song_outputs(st)

        def render_tab(request: gr.Request, progress=gr.Progress()):
            st = session(request, model)
            from songwriter import harmony, leadsheet
            if not any(sec.lines for sec in st.song.sections):
                return "The song is empty — add lines first.", "", None, None
            song = st.song
            if any(not sec.chords for sec in song.sections if sec.lines):
                progress(0.1, desc="Fitting chords and melody")
                song = harmony.fit_lyric(song, song.key or "C major")
                song.title = st.song.title
            folder = Path(st.export_dir)
            progress(0.3, desc="Engraving and exporting")
            try:
                results = leadsheet.export_many(song, EXPORT_FORMATS, folder)
            except SongwriterError as exc:
                return f"Export failed: {html.escape(str(exc))}", "", None, None
            paths = [str(r.path) for r in results if getattr(r, "path", None)]
            svg = next((p for p in paths if p.endswith(".svg")), None)
            wav = next((p for p in paths if p.endswith(".wav")), None)
            svg_html = ""
            if svg:
                data = Path(svg).read_bytes()
                import base64
                svg_html = f'<img alt="lead sheet" style="max-width:100%;background:white" src="data:image/svg+xml;base64,{base64.b64encode(data).decode()}">'
            return f"{len(paths)} files ready.", svg_html, wav, paths

        def list_songs(query):
            from songwriter import drafts
            lib = drafts.open_library()
            try:
                rows = lib.search(query, limit=50) if (query or "").strip() else lib.list_songs()
            except SongwriterError as exc:
                gr.Warning(str(exc))
                rows = []
            finally:
                lib.close()
            return [[r.get("id"), r.get("title"), r.get("key", ""), r.get("revision", "")] for r in rows]

        def open_song(song_id, request: gr.Request):
            st = session(request, model)
            from songwriter import drafts
            lib = drafts.open_library()
            try:
                st.song, st.revision = lib.get_song(int(song_id or 0))
                st.song_id = int(song_id)
            except SongwriterError as exc:
                gr.Warning(str(exc))
            finally:
                lib.close()
            return song_outputs(st)

        def history_tab(request: gr.Request):
            st = session(request, model)
            if st.song_id is None:
                return []
            from songwriter import drafts
            lib = drafts.open_library()
            try:
                return [[h.get("revision"), h.get("message", ""), h.get("created", h.get("time", ""))]
                        for h in lib.history(st.song_id)]
            finally:
                lib.close()

        def diff_tab(a, b, request: gr.Request):
            st = session(request, model)
            if st.song_id is None:
                return "Save the song first."
            from songwriter import drafts
            lib = drafts.open_library()
            try:
                return lib.diff(st.song_id, int(a or 0), int(b or 0)) or "(no changes)"
            except SongwriterError as exc:
                return str(exc)
            finally:
                lib.close()

        # Rhymes/analysis tabs: no concurrency limit, so they never queue behind a generation.
        rbtn.click(rhymes_tab, [rword, rslant], rout, api_name="rhymes", concurrency_limit=None)
        rword.submit(rhymes_tab, [rword, rslant], rout, api_visibility="private", concurrency_limit=None)
        cbtn.click(chords_tab, [ckey, cmood], cout, api_name="chords", concurrency_limit=None)
        apply_btn.click(apply_edits, editor, [song_panel, editor], api_visibility="private")
        lbtn.click(render_tab, None, [lmsg, lsvg, laudio, lfiles], api_visibility="private",
                   concurrency_limit=2)
        sbtn.click(list_songs, squery, slist, api_visibility="private", concurrency_limit=None)
        sload.click(open_song, sid, [song_panel, editor], api_visibility="private")
        hbtn.click(history_tab, None, hlist, api_visibility="private")
        dbtn.click(diff_tab, [r1, r2], dout, api_visibility="private")
    app.queue(default_concurrency_limit=4)
    return app


def _detached(st: ChatState) -> ChatState:
    """A copy sharing the song but not the chat context, so a tab doesn't change 'use that'."""
    return ChatState(song=st.song, model=st.model, backend=st.backend)


def theme():
    """Gradio's default look with system fonts only (its themes otherwise fetch Google fonts)."""
    import gradio as gr
    return gr.themes.Default(font=FONTS, font_mono=MONO)


# The page may only talk to its own server: an <img src="http://..."> pasted into the chat (Gradio's
# sanitizer keeps <img>) must not make the browser fetch anything from elsewhere.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


class ContentSecurityPolicy:
    """ASGI middleware adding the CSP header to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_csp(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() != b"content-security-policy"]
                message["headers"] = headers + [(b"content-security-policy", CSP.encode())]
            await send(message)

        await self.app(scope, receive, send_with_csp)


def launch_options(host="127.0.0.1", port=7860, auth=None) -> dict:
    """Keyword arguments for app.launch: no share link, our CSS, system-font theme, exports served
    only from the app's own temp folder, and a same-origin-only content security policy."""
    from starlette.middleware import Middleware

    return dict(server_name=host, server_port=port, share=False, auth=auth, theme=theme(),
                app_kwargs={"middleware": [Middleware(ContentSecurityPolicy)]},
                css=CSS_FILE.read_text(encoding="utf-8") if CSS_FILE.exists() else None,
                allowed_paths=[str(EXPORT_ROOT)], footer_links=[], show_error=False,
                ssr_mode=False, pwa=False, mcp_server=False, enable_monitoring=False)
