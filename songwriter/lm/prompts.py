"""Prompt templates as files in prompts/: "# system" / "# user" / "# assistant" headers, {named} variables."""

import re
import string

from songwriter.config import PROMPTS
from songwriter.errors import BadInput, NotFound

HEADER = re.compile(r"^# (system|user|assistant)\s*$")


def template_names() -> list[str]:
    """Names of the templates (files directly in prompts/)."""
    return sorted(p.stem for p in PROMPTS.glob("*.txt"))


def variables(text: str) -> set[str]:
    """The {named} variables a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(name: str, **values) -> list[dict]:
    """Chat messages from prompts/NAME.txt; a variable without a value is a BadInput."""
    path = PROMPTS / f"{name}.txt"
    if not path.is_file():
        raise NotFound(f"no prompt template {name!r} in {PROMPTS}")
    text = path.read_text(encoding="utf-8")
    missing = variables(text) - set(values)
    if missing:
        raise BadInput(f"prompt {name!r} needs {', '.join(sorted(missing))}")
    messages, role, buf = [], None, []
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            if role:
                messages.append({"role": role, "content": "\n".join(buf).strip().format(**values)})
            role, buf = m.group(1), []
        elif role:
            buf.append(line)
    if role:
        messages.append({"role": role, "content": "\n".join(buf).strip().format(**values)})
    if not messages:
        raise BadInput(f"prompt {name!r} has no '# system' / '# user' sections")
    return messages
