"""Does every line of a draft fit its section's meter and rhyme scheme? Measured with
``songwriter.prosody``, independently of what the writer claims about its own lines."""

from __future__ import annotations

from songwriter.song import Section
from songwriter.songdraft.forms import SectionSpec


def check_section(section: Section, spec: SectionSpec) -> dict:
    """Per line: syllables counted vs asked; per rhyme pair (consecutive written lines sharing a
    scheme letter, "X" excluded): the rhyme kind prosody finds between their end words."""
    from songwriter import prosody

    texts = [line.text for line in section.lines]
    lines = []
    for i, text in enumerate(texts):
        expected = spec.syllables[i] if i < len(spec.syllables) else None
        try:
            counted = prosody.line_syllables(text)
        except Exception:  # noqa: BLE001 - a line the engine cannot read fails its check
            counted = None
        lines.append({"line": i + 1, "text": text, "syllables": counted, "expected": expected,
                      "ok": counted == expected, "repeat": (i + 1) in spec.repeats})
    rhymes = []
    written = [i for i in spec.written_lines() if i < len(texts)]
    for letter in sorted(set(spec.scheme) - {"X"}):
        group = [i for i in written if spec.scheme[i] == letter]
        for a, b in zip(group, group[1:]):
            end_a, end_b = _end_word(texts[a]), _end_word(texts[b])
            kind = prosody.compare(end_a, end_b).kind if end_a and end_b else "none"
            rhymes.append({"lines": [a + 1, b + 1], "words": [end_a, end_b], "kind": kind,
                           "ok": kind in ("perfect", "near")})
    return {"label": section.label, "part": spec.part, "lines": lines, "rhymes": rhymes}


def _end_word(text: str) -> str:
    from songwriter import prosody

    words = prosody.tokenize(text)
    return words[-1] if words else ""


def summarize(section_checks: list[dict]) -> dict:
    """Totals over the song, each part counted once (a chorus sung three times is one chorus):
    lines with exactly the asked syllables, and rhyme pairs that are perfect (or at least near)."""
    seen, lines, pairs = set(), [], []
    for check in section_checks:
        if check["part"] in seen:
            continue
        seen.add(check["part"])
        lines += [ln for ln in check["lines"] if not ln["repeat"]]
        pairs += check["rhymes"]
    exact = sum(ln["ok"] for ln in lines)
    perfect = sum(p["kind"] == "perfect" for p in pairs)
    near = sum(p["kind"] == "near" for p in pairs)
    return {
        "lines": len(lines), "lines_exact": exact,
        "pct_lines_exact": round(100.0 * exact / len(lines), 1) if lines else 0.0,
        "rhyme_pairs": len(pairs), "rhyme_perfect": perfect, "rhyme_near": near,
        "pct_rhyme_perfect": round(100.0 * perfect / len(pairs), 1) if pairs else 0.0,
    }
