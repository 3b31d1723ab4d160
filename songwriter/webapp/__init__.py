"""The browser app (Gradio). ``build_app(model=None)`` → gr.Blocks; see songwriter.cli.serve_cmds."""
