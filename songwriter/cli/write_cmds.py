"""`songwriter write` and `songwriter fix`: lines that fit meter and rhyme."""

import json
import sys

import click

from songwriter.errors import BadInput


def _request(theme, syllables, stress, scheme, section, seed, slant):
    from songwriter.generation import WriteRequest
    return WriteRequest(theme=theme or "", section=section, syllables=syllables, stress=stress,
                        scheme=scheme, slant=slant, seed=seed)


def _batch(path, model):
    from songwriter.generation import WriteRequest, write_lines
    from songwriter.errors import SongwriterError
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}")
    allowed = {"theme", "syllables", "stress", "scheme", "seed", "section", "slant", "end_words"}
    with handle:
        for n, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                if not isinstance(data, dict):
                    raise BadInput("each line must be a JSON object")
                unknown = set(data) - allowed
                if unknown:
                    raise BadInput(f"unknown key(s): {', '.join(sorted(unknown))}")
                result = write_lines(WriteRequest(**data), backend=model).to_dict()
            except json.JSONDecodeError as exc:
                result = {"error": f"line {n}: not JSON ({exc.msg})"}
            except SongwriterError as exc:
                result = {"error": f"line {n}: {exc}"}
            click.echo(json.dumps(result, ensure_ascii=False))


@click.command()
@click.option("--theme", help="What the lines are about.")
@click.option("--syllables", type=int, help="Syllables per line.")
@click.option("--stress", help="Stress pattern per line, e.g. 01010101 (sets the syllables).")
@click.option("--scheme", default="AABB", show_default=True, help="Rhyme scheme; x = unrhymed.")
@click.option("--section", default="verse", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--model", default=None, help="default | fake | HF folder/id | openai:URL#MODEL")
@click.option("--slant", is_flag=True, help="Allow near rhymes.")
@click.option("--batch", "batch", type=str, help="JSONL file of requests (- for stdin).")
@click.option("--json", "as_json", is_flag=True)
def write(theme, syllables, stress, scheme, section, seed, model, slant, batch, as_json):
    """Write lines that fit a syllable count or stress pattern and a rhyme scheme."""
    from songwriter.generation import write_lines

    if batch:
        return _batch(batch, model)
    request = _request(theme, syllables, stress, scheme, section, seed, slant)
    if as_json:
        click.echo(json.dumps(write_lines(request, backend=model).to_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    console = Console()
    result = write_lines(request, backend=model,
                         on_line=lambda i, text: console.print(f"{scheme.upper()[i] if i < len(scheme) else ''}  {text}"))
    fits = sum(c["fits"] for c in result.checks)
    console.print(f"[dim]{fits}/{len(result.lines)} lines fit · {result.seconds:.1f} s · {result.model}[/dim]")


@click.command()
@click.argument("line")
@click.option("--syllables", type=int)
@click.option("--stress")
@click.option("--rhyme-with", "rhyme_with")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--model", default=None)
@click.option("--json", "as_json", is_flag=True)
def fix(line, syllables, stress, rhyme_with, seed, model, as_json):
    """Rewrite LINE to fit a syllable count / stress pattern and end rhyme."""
    from songwriter.generation import fix_line
    from songwriter.generation import words

    options = fix_line(line, syllables=syllables, stress=stress, rhyme_with=rhyme_with, backend=model,
                       seed=seed)
    if as_json:
        click.echo(json.dumps({"line": line, "options": [
            {"text": o, "syllables": words.line_syllables(o)} for o in options]}, ensure_ascii=False))
        return
    for i, o in enumerate(options, 1):
        click.echo(f"{i}. {o}  ({words.line_syllables(o)})")
