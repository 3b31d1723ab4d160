"""`songwriter write`, `fix` and `next`: lines that fit meter and rhyme."""

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
    """Write lines that fit a syllable count or stress pattern and a rhyme scheme.

    Limits: a theme of up to 500 characters, 1–24 syllables per line, a scheme of 1–16 letters
    (x = unrhymed line); a --batch file is read one JSON request per line."""
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
    """Rewrite LINE (up to 500 characters) to fit a syllable count (1–24) or stress pattern and an
    end rhyme."""
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


@click.command("next")
@click.argument("source", default="-")
@click.option("--syllables", type=click.IntRange(1, 24), help="Default: as long as the last line.")
@click.option("--rhyme-with-line", "rhyme_with", type=int,
              help="Line of the stanza (1-based) to rhyme with. Default: the line before the last.")
@click.option("--theme", help="Default: the stanza itself.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--model", default=None)
@click.option("--json", "as_json", is_flag=True)
def next_cmd(source, syllables, rhyme_with, theme, seed, model, as_json):
    """Suggest the next line for a partial verse in SOURCE (a file, or - for stdin; up to 200 KB). The
    last stanza counts (its last 8 lines); [Tag] lines are skipped."""
    from songwriter.generation import next_line, words

    from songwriter.cli.song_cmds import _read_text

    stanza = _last_stanza(_read_text(source, unchanged="nothing was written"))
    if rhyme_with is not None and not 1 <= rhyme_with <= len(stanza):
        raise BadInput(f"the stanza has {len(stanza)} line{'' if len(stanza) == 1 else 's'}; "
                       f"there is no line {rhyme_with}")
    line = next_line(stanza, syllables=syllables, rhyme_with_line=rhyme_with,
                     theme=theme or " ".join(stanza)[-400:], backend=model, seed=seed)
    if as_json:
        click.echo(json.dumps({"lines": stanza, "next": line,
                               "syllables": words.line_syllables(line)}, ensure_ascii=False))
        return
    click.echo(f"{line}  ({words.line_syllables(line)})")


def _last_stanza(text: str, keep: int = 8) -> list[str]:
    """The last blank-line-separated stanza's lyric lines (at most ``keep``, tags skipped)."""
    from songwriter.harmony.fit import TAG

    if len(text) > 200_000:
        raise BadInput("the text is larger than 200 KB; paste the verse you are working on")
    if "\x00" in text:
        raise BadInput("the text looks binary, not lyrics")
    stanzas, current = [], []
    for raw in text.splitlines():
        line = raw.strip()
        if TAG.match(line):
            continue
        if not line:
            if current:
                stanzas.append(current)
            current = []
        else:
            current.append(line)
    if current:
        stanzas.append(current)
    if not stanzas:
        raise BadInput("no lyric lines: give the verse so far, one line per line")
    return stanzas[-1][-keep:]
