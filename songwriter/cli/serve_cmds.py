"""`songwriter serve`: the browser app on 127.0.0.1 (another host needs --auth)."""

import os

import click

from songwriter.errors import BadInput

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def parse_auth(auth: str | None):
    """USER:PASS → (user, pass); None stays None."""
    if auth is None:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise BadInput("--auth must look like USER:PASS")
    return (user, password)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option("--model", default=None, help="Model: default SmolLM2, a HF path/id, fake, or openai:URL#MODEL.")
@click.option("--auth", default=None, help="USER:PASS; required when --host is not a loopback address.")
def serve(host, port, model, auth):
    """Start the songwriting chat in your browser."""
    creds = parse_auth(auth)
    if host not in LOOPBACK and creds is None:
        raise BadInput(f"refusing to serve on {host} without a password: anyone on the network could use "
                       "it. Add --auth USER:PASS, or leave --host at 127.0.0.1.")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from songwriter.webapp.app import build_app, launch_options
    app = build_app(model=model)
    click.echo(f"songwriter: http://{host}:{port}/  (Ctrl+C to stop)")
    app.launch(**launch_options(host, port, creds), quiet=True)
