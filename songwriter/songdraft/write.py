"""Write one section's words with the constrained writer (``songwriter.generation``).

The section's spec gives meter and scheme; the plan gives what it says; the hook line, when the
section holds it, is fixed and the others are written around it (rhyming with it where the scheme
says so). Lines the form repeats (blues AAB) are copied, not written.
"""

from __future__ import annotations

from songwriter.song import Line, Section
from songwriter.songdraft.forms import SectionSpec
from songwriter.songdraft.plan import SongPlan

ENERGY_WORDS = {1: "hushed", 2: "quiet", 3: "rising", 4: "strong", 5: "soaring"}


def section_theme(plan: SongPlan, spec: SectionSpec, mood: str, hint: str | None = None) -> str:
    """The theme text the writer sees for this section: the song's theme, what the section says,
    its mood and energy, and any change asked for ("darker")."""
    idea = plan.ideas.get(spec.part) or plan.theme
    parts = [idea] if plan.theme in idea else [plan.theme, idea]
    parts.append(f"{mood} mood, {ENERGY_WORDS.get(spec.energy, 'steady')}")
    if hint:
        parts.insert(0, hint)  # first, so a small model cannot miss it
    return "; ".join(parts)[:480]  # the writer takes at most 500 characters


def write_section(spec: SectionSpec, plan: SongPlan, mood: str, backend, seed: int = 0,
                  hint: str | None = None, keep: dict[int, Line] | None = None,
                  backend_spec: str = "default") -> Section:
    """A finished :class:`Section` of ``spec.lines`` lines. ``keep`` maps 0-based line indexes to
    lines that stay as they are (regenerating one line keeps the others)."""
    from songwriter.generation import WriteRequest, write_lines

    keep = dict(keep or {})
    hook_index = spec.hook_line - 1 if spec.hook_line and plan.hook else None
    if hook_index is not None and hook_index not in keep:
        keep[hook_index] = Line(text=plan.hook, provenance={
            "source": "generated", "tool": "songdraft", "role": "hook",
            "by": plan.sources.get("hook", "template"), "title": plan.title})
    written = spec.written_lines()
    todo = [i for i in written if i not in keep]
    theme = section_theme(plan, spec, mood, hint)
    texts: dict[int, str] = {i: line.text for i, line in keep.items()}
    result = None
    if todo:
        scheme = "".join(spec.scheme[i] for i in written)
        syllables = [spec.syllables[i] for i in written]
        given = [texts.get(i) for i in written]
        request = WriteRequest(theme=theme, section=spec.kind, syllables=syllables, scheme=scheme,
                               given_lines=given if any(given) else None, seed=seed)
        result = write_lines(request, backend=backend)
        for i, text in zip(written, result.lines):
            texts.setdefault(i, text)
    lines = []
    for i in range(spec.lines):
        if (i + 1) in spec.repeats:
            of = spec.repeats[i + 1] - 1
            lines.append(Line(text=texts[of], provenance={"source": "repeat", "of_line": of + 1,
                                                          "tool": "songdraft"}))
        elif i in keep:
            lines.append(keep[i])
        else:
            lines.append(Line(text=texts[i], provenance={
                "source": "generated", "tool": "songdraft", "backend": backend_spec,
                "model": getattr(result, "model", "") or getattr(backend, "model_id", ""),
                "settings": {"syllables": spec.syllables[i], "scheme": spec.scheme,
                             "section": spec.kind, "part": spec.part},
                "seed": seed, "prompt": theme}))
    return Section(kind=spec.kind, label=spec.label, lines=lines)
