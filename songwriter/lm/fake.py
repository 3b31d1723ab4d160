"""A deterministic fake backend for unit tests: queued replies, recorded history."""

import re
from typing import Iterator

from songwriter.lm import Backend, GenerateOptions, Messages, as_messages, cut_at_stop


class FakeBackend(Backend):
    """Replies from a queue (then a fixed default), recording every call in ``history``.

    ``words`` is the vocabulary the constrained writer's fake decoding draws from (see
    songwriter.generation): no logits, so the writer takes its HTTP-style fallback path.
    """

    model_id = "fake"

    def __init__(self, replies: list[str] | None = None, default: str = "la la la"):
        self.replies = list(replies or [])
        self.default = default
        self.history: list[tuple[Messages, GenerateOptions]] = []

    def queue(self, *replies: str) -> None:
        """Add replies to give back in order."""
        self.replies.extend(replies)

    def stream(self, prompt, opts=None) -> Iterator[str]:
        opts = opts or GenerateOptions()
        self.history.append((as_messages(prompt), opts))
        text = self.replies.pop(0) if self.replies else self.default
        text = cut_at_stop(text, opts.stop)
        for piece in re.findall(r"\s*\S+|\s+$", text):
            yield piece
