"""Plan a song before writing it: a title, a hook line that fits the chorus meter, and what each
section says.

The model is asked only for a title (prompt in ``prompts/songdraft_title.txt``): a 135M model names
things passably but cannot count syllables. Its answer is kept only if it is short and about the
theme; otherwise the title comes from the theme's most telling words. The hook is then built
around the title from templates whose syllable count is exactly the hook line's, so the chorus can
be written around a line that already scans.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

from songwriter.lm.prompts import render
from songwriter.errors import BadInput
from songwriter.songdraft.forms import SongForm, load_data

MAX_THEME_CHARS = 300
STOPWORDS = set("""a an the and or but of on at in into onto to for from by with about over under
my your our his her their its me you him them us we they i he she it is are was were be been am
this that these those who whom which what when where why how not no so as than then there here
some someone something any all just very can could will would should won't can't don't do does
did have has had get got one ones""".split())
CONNECTORS = {"of", "on", "at", "in", "the", "a", "by", "to", "and", "my", "your", "our"}


@dataclass
class SongPlan:
    """What the song will say. ``hook`` is a whole chorus line that already has the hook line's
    syllable count, or "" when none fitted (the writer then writes that line too). ``ideas`` maps a
    section's part ("verse1", "chorus") to what it says. ``sources`` tells where title and hook
    came from ("model", "given", "theme", "template")."""

    theme: str
    title: str
    hook: str
    ideas: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)
    prompt: str = ""
    model_answer: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def clean_theme(text: str) -> str:
    """The theme as a single tidy line, or BadInput saying what is wrong with it."""
    if text is None or not str(text).strip():
        raise BadInput("the theme is empty: say in a few words what the song is about")
    text = str(text)
    if "\x00" in text:
        raise BadInput("the theme looks like binary data, not words")
    if len(text) > MAX_THEME_CHARS:
        raise BadInput(f"the theme is {len(text)} characters long; keep it under {MAX_THEME_CHARS} "
                       f"(a sentence or two about what the song is about)")
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", " ", text, flags=re.I | re.S)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    words = re.findall(r"[A-Za-z][A-Za-z']+", text)
    if not words:
        raise BadInput("the theme has no words in it: say in a few words what the song is about")
    from wordfreq import zipf_frequency

    if not any(zipf_frequency(w.lower(), "en") > 1.5 for w in words):
        raise BadInput(f"I don't recognise any English words in the theme '{text}'; "
                       f"say in a few words what the song is about")
    return text


def _salience(word: str) -> float:
    from wordfreq import zipf_frequency

    return 0.0 if word.lower() in STOPWORDS else max(1.0, 8.0 - zipf_frequency(word.lower(), "en"))


def key_phrase(theme: str) -> str:
    """The theme's most telling short phrase: 1–4 words that start and end on content words,
    scored by how unusual their words are ("leaving my hometown at dawn" → "hometown at dawn")."""
    tokens = re.findall(r"[A-Za-z][A-Za-z']*", theme)
    best, best_score = "", -1.0
    for i, first in enumerate(tokens):
        if _salience(first) == 0:
            continue
        for j in range(i, min(i + 4, len(tokens))):
            span = tokens[i:j + 1]
            if _salience(span[-1]) == 0:
                continue
            if any(_salience(w) == 0 and w.lower() not in CONNECTORS for w in span):
                break
            # Connectors cost a little, so "hometown at dawn" beats "hometown" but not by padding.
            score = sum(_salience(w) or -0.5 for w in span)
            if score > best_score:
                best, best_score = " ".join(span), score
    return best or " ".join(tokens[:3])


def title_case(phrase: str) -> str:
    small = {"a", "an", "the", "of", "on", "at", "in", "to", "by", "and", "or", "for"}
    words = phrase.split()
    return " ".join(w if (k and w.lower() in small) else w[:1].upper() + w[1:]
                    for k, w in enumerate(words))


def _content_words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z']+", text)
            if w.lower() not in STOPWORDS and len(w) > 2}


def parse_title(answer: str, theme: str) -> str:
    """A usable title from the model's answer, or "" when none: one line, "Title:"/"Song:" and
    quotes stripped, the part before a colon tried first, 1–6 words, sharing a word with the theme."""
    first = next((ln for ln in answer.strip().splitlines() if ln.strip()), "")
    first = re.sub(r"^\s*(title|song|song title)\s*:\s*", "", first, flags=re.I)
    for part in re.split(r"\s*[:–—]\s*|\s+-\s+", first):
        part = part.strip().strip("\"'“”*#.… ").strip()
        part = re.sub(r"^(song|title)\s*:\s*", "", part, flags=re.I).strip("\"'“” ")
        words = part.split()
        if not 1 <= len(words) <= 6 or len(part) > 48:
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z' ,!?-]*", part):
            continue
        if _content_words(part) & _content_words(theme):
            return title_case(part)
    return ""


def ask_title(theme: str, mood: str, genre: str, backend, seed: int = 0) -> tuple[str, list, str]:
    """(title or "", prompt messages, raw answer) from the model."""
    from songwriter.lm import GenerateOptions

    messages = render("songdraft_title", theme=theme, mood=mood, genre=genre)
    answer = backend.generate(messages, GenerateOptions(max_tokens=16, temperature=0.0,
                                                        seed=seed, stop=["\n\n"]))
    return parse_title(answer, theme), messages, answer


def hook_lines(phrases: list[str], syllables: int, mode: str, seed: int = 0) -> list[str]:
    """Hook candidates of exactly ``syllables`` syllables, best first: each template (forms.toml
    [hooks]) around each phrase; ones that end on the phrase and whose end word rhymes easily
    come first; the seed shuffles within equal ranks."""
    from songwriter import prosody

    data = load_data()["hooks"]
    templates = data["any"] + data.get(mode, [])
    rng = random.Random(seed)
    found, rhyme_counts = [], {}
    for rank_phrase, phrase in enumerate(p for p in phrases if p):
        for template in templates:
            line = template.format(x=phrase.lower())
            line = line[:1].upper() + line[1:]
            try:
                if prosody.line_syllables(line) != syllables:
                    continue
            except Exception:  # noqa: BLE001 - a word the engine cannot read is just not a hook
                continue
            end = prosody.tokenize(line)[-1].lower()
            if end not in rhyme_counts:  # few distinct end words; the lookup is not free
                rhyme_counts[end] = len(prosody.rhymes(end, kind="perfect", limit=12))
            rank = (rank_phrase, 0 if template.endswith("{x}") else 1,
                    0 if rhyme_counts[end] >= 4 else 1, rng.random())
            found.append((rank, line))
    return [line for _, line in sorted(found)]


def plan_song(theme: str, form: SongForm, mood: str, genre: str, mode: str = "major",
              title: str | None = None, backend=None, seed: int = 0) -> SongPlan:
    """Title, hook and per-section ideas for ``theme`` in ``form``. Uses the model for the title
    when ``backend`` is given and no title was; never fails because the model rambled."""
    sources = {}
    prompt, answer = [], ""
    if title:
        title = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", title))).strip()
        if not title or len(title) > 80:
            raise BadInput("the title must be 1 to 80 characters of text")
        sources["title"] = "given"
    else:
        if backend is not None:
            title, prompt, answer = ask_title(theme, mood, genre, backend, seed)
            sources["title"] = "model"
        if not title:
            title = title_case(key_phrase(theme))
            sources["title"] = "theme"
    hook_specs = [s for s in form.sections if s.hook_line]
    hook = ""
    if hook_specs:
        target = hook_specs[0].syllables[hook_specs[0].hook_line - 1]
        phrases = [title, re.sub(r"^(the|a|an)\s+", "", title, flags=re.I), key_phrase(theme)]
        seen = []
        for p in phrases:
            if p.lower() not in [s.lower() for s in seen]:
                seen.append(p)
        candidates = hook_lines(seen, target, mode, seed)
        if candidates:
            hook, sources["hook"] = candidates[0], "template"
        else:
            sources["hook"] = "none fitted"
    ideas = {}
    for spec in form.sections:
        if spec.part not in ideas:
            ideas[spec.part] = spec.idea.format(theme=theme, hook=hook or title)
    return SongPlan(theme=theme, title=title, hook=hook, ideas=ideas, sources=sources,
                    prompt=str(prompt), model_answer=answer)
