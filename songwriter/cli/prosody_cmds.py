"""Prosody commands: syllables, rhymes, compare, analyze. Fast path: no torch unless --theme."""

from __future__ import annotations

import json
import sys

import click

from songwriter.errors import BadInput

COLOURS = ["cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta",
           "bright_green", "bright_yellow", "bright_blue", "bright_red"]
MAX_WORDS = 200


def _emit(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _console():
    from rich.console import Console

    return Console()


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Output JSON: [{word, syllables, phones, source}].")
def syllables(words, as_json):
    """Syllables, phones and pronunciation source of each WORD (at most 200 words)."""
    from songwriter import prosody

    if len(words) > MAX_WORDS:
        raise BadInput(f"too many words: the limit is {MAX_WORDS}")
    rows = []
    for w in words:
        prons = prosody.pronunciations(w)
        if not prons:
            rows.append({"word": w, "syllables": 0, "phones": "", "source": "none",
                         "all_syllables": [], "pieces": []})
            continue
        rows.append({"word": w, "syllables": prons[0].syllables, "phones": prons[0].phones,
                     "source": prons[0].source, "all_syllables": prosody.syllable_counts(w),
                     "pieces": prosody.split_syllables(w)})
    if as_json:
        _emit(rows)
        return
    from rich.table import Table

    t = Table("word", "syllables", "pieces", "phones", "source")
    for r in rows:
        counts = "/".join(str(c) for c in r["all_syllables"]) or "0"
        t.add_row(r["word"], counts, "·".join(r["pieces"]), r["phones"], r["source"])
    _console().print(t)


@click.command()
@click.argument("word_or_phrase")
@click.option("--kind", type=click.Choice(["perfect", "near", "multi", "all"]), default="all", show_default=True)
@click.option("--syllables", "syll", type=click.IntRange(1, 12), default=None, help="Only rhymes with N syllables.")
@click.option("--stress", default=None, help="Only rhymes with this stress pattern, e.g. 10.")
@click.option("--theme", default=None, help="Rank by relevance to a theme (loads the embedding model, ~5 s).")
@click.option("--limit", type=click.IntRange(1, 500), default=30, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Output JSON: [{word, kind, syllables, score}].")
def rhymes(word_or_phrase, kind, syll, stress, theme, limit, as_json):
    """Rhymes for WORD_OR_PHRASE (up to 100 characters): perfect, near, multisyllabic and phrase rhymes,
    common words first. Tired rhymes are flagged."""
    from songwriter import prosody

    if len(word_or_phrase) > 100:
        raise BadInput("word or phrase too long: the limit is 100 characters")
    if stress is not None and not set(stress) <= set("012x"):
        raise BadInput("--stress takes digits 0/1/2 (and x), e.g. 10")
    out = prosody.rhymes(word_or_phrase, kind=kind, syllables=syll, theme=theme, limit=limit, stress=stress)
    if as_json:
        _emit([s.to_dict() for s in out])
        return
    if not out:
        click.echo(f"no rhymes found for {word_or_phrase!r}")
        return
    from rich.table import Table

    t = Table("word", "kind", "syllables", "score", "note")
    colour = {"perfect": "green", "near": "yellow", "multi": "magenta"}
    for s in out:
        t.add_row(f"[{colour.get(s.kind, 'white')}]{s.word}[/]", s.kind, str(s.syllables), f"{s.score:.2f}",
                  ("tired; " if s.tired else "") + s.detail)
    _console().print(t)


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help="Output JSON: {kind, detail, score}.")
def compare(a, b, as_json):
    """How A and B (words or phrases, up to 100 characters each) rhyme: perfect, near, identical or none."""
    from songwriter import prosody

    if len(a) > 100 or len(b) > 100:
        raise BadInput("each word or phrase may have at most 100 characters")
    m = prosody.compare(a, b)
    if as_json:
        _emit(m.to_dict())
        return
    colour = {"perfect": "green", "near": "yellow", "identical": "blue", "none": "red"}[m.kind]
    _console().print(f"[bold]{a}[/] / [bold]{b}[/]: [{colour}]{m.kind}[/]"
                     + (f" ({m.detail})" if m.detail else "") + f"  score {m.score:.2f}")


@click.command()
@click.argument("file", required=False, default="-")
@click.option("--json", "as_json", is_flag=True,
              help="Output JSON: {scheme, meter, lines: [{text, syllables, stresses, end_word, rhyme}], internal_rhymes}.")
def analyze(file, as_json):
    """Analyse a verse from FILE or stdin (-): syllables, stresses (x = either), rhyme scheme, meter,
    internal rhymes. Limit: 100 KB of UTF-8 text, 2000 lines. Blank lines separate stanzas; [Chorus]
    style tags name sections."""
    from songwriter import prosody
    from songwriter.prosody.analysis import MAX_TEXT

    if file == "-":
        data = sys.stdin.buffer.read(MAX_TEXT + 1)
    else:
        try:
            with open(file, "rb") as fh:
                data = fh.read(MAX_TEXT + 1)
        except OSError as exc:
            raise BadInput(f"cannot read {file}: {exc.strerror or exc}") from None
    if len(data) > MAX_TEXT:
        raise BadInput(f"text too long: the limit is {MAX_TEXT // 1000} KB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("the input is not UTF-8 text (binary file?)") from None
    result = prosody.analyze(text)
    if as_json:
        _emit(result.to_dict())
        return
    from rich.table import Table

    t = Table("#", "rhyme", "syll", "stresses", "line", title=f"scheme {result.scheme} · {result.meter}")
    letters = sorted({l.rhyme for l in result.lines})
    for i, l in enumerate(result.lines):
        c = COLOURS[letters.index(l.rhyme) % len(COLOURS)] if l.rhyme != "-" else "white"
        t.add_row(str(i + 1), f"[{c}]{l.rhyme}[/]", str(l.syllables), l.stresses,
                  f"{l.text}" if not l.end_word else l.text.replace(l.end_word, f"[{c}]{l.end_word}[/]"))
    _console().print(t)
    if result.internal_rhymes:
        _console().print("internal/multisyllabic: " + "; ".join(
            f"{r['kind']} " + " / ".join(r["words"]) for r in result.internal_rhymes[:20]))
