"""Hugging Face transformers backend: the embedded SmolLM2 GGUF or any local folder / hub id."""

import os
import threading
from pathlib import Path
from typing import Iterator

from songwriter.errors import BackendError
from songwriter.lm import Backend, GenerateOptions, as_messages, cut_at_stop


class TransformersBackend(Backend):
    """Loads lazily, once, on first use (thread-safe); applies the chat template."""

    def __init__(self, spec: str = "default", quantize: bool | None = None):
        self.spec = spec
        self.model_id = "SmolLM2-135M-Instruct" if spec == "default" else spec
        # int8 dynamic quantization ~3x faster on CPU for this small model; SONGWRITER_QUANTIZE=0 turns off
        self.quantize = (os.environ.get("SONGWRITER_QUANTIZE", "1") != "0") if quantize is None else quantize
        self._lock = threading.Lock()
        self._model = None
        self._tokenizer = None
        self.generate_lock = threading.Lock()  # torch generation is not re-entrant per model

    def load(self):
        """(model, tokenizer), loading them the first time."""
        with self._lock:
            if self._model is None:
                self._model, self._tokenizer = self._load()
        return self._model, self._tokenizer

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        _quiet_library_noise()
        kwargs = {}
        if self.spec == "default":
            from songwriter.lm import default_model_path
            folder, gguf = default_model_path()
            source, kwargs = str(folder), {"gguf_file": gguf}
            if not (folder / gguf).exists():
                raise BackendError(f"default model file missing: {folder / gguf}")
        else:
            source = self.spec
            looks_local = self.spec.startswith((".", "/", "~")) or os.sep in self.spec.strip("/").split("/", 1)[-1]
            if looks_local and not Path(self.spec).expanduser().exists():
                raise BackendError(f"model path does not exist: {self.spec}")
            source = str(Path(self.spec).expanduser()) if Path(self.spec).expanduser().exists() else self.spec
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
            tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
            model = AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32, **kwargs)
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - any load failure is the model's, not ours
            raise BackendError(f"could not load model {self.spec!r}: {str(exc).splitlines()[0][:200]}")
        model.eval()
        if self.quantize:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"
        return model, tokenizer

    def prompt_text(self, prompt, prefix: str = "") -> str:
        """The chat-templated prompt, with ``prefix`` already written in the assistant turn."""
        _, tok = self.load()
        text = tok.apply_chat_template(as_messages(prompt), tokenize=False, add_generation_prompt=True)
        return text + prefix

    def stream(self, prompt, opts: GenerateOptions | None = None) -> Iterator[str]:
        opts = opts or GenerateOptions()
        import torch
        from transformers import TextIteratorStreamer

        model, tok = self.load()
        inputs = tok(self.prompt_text(prompt), return_tensors="pt")
        streamer = TextIteratorStreamer(tok, skip_prompt=True, skip_special_tokens=True)
        from transformers import StoppingCriteria, StoppingCriteriaList

        stop = threading.Event()  # set when the reader stops early: generation ends at the next token

        class Stopped(StoppingCriteria):
            def __call__(self, input_ids, scores, **_):
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool)

        kwargs = dict(**inputs, max_new_tokens=opts.max_tokens, streamer=streamer,
                      pad_token_id=tok.pad_token_id, stopping_criteria=StoppingCriteriaList([Stopped()]))
        if opts.temperature > 0:
            kwargs.update(do_sample=True, temperature=opts.temperature, top_p=opts.top_p)
        else:
            kwargs.update(do_sample=False)
        errors = []

        def run():
            try:
                with self.generate_lock:
                    torch.manual_seed(opts.seed)
                    model.generate(**kwargs)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        text = ""
        try:
            for piece in streamer:
                text += piece
                cut = cut_at_stop(text, opts.stop)
                if cut != text:
                    yield cut[len(text) - len(piece):] if len(cut) > len(text) - len(piece) else ""
                    break
                yield piece
        finally:  # a stop string, or the reader closed the stream: end the generation thread too
            stop.set()
            worker.join()
        if errors:
            raise BackendError(f"generation failed: {errors[0]}")


def _quiet_library_noise() -> None:
    """Loading progress bars and library deprecation warnings mean nothing to a songwriter; keep
    stderr for our own messages."""
    import warnings

    os.environ.setdefault("TQDM_DISABLE", "1")  # the GGUF converter's bar uses tqdm directly
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    warnings.filterwarnings("ignore", message=r".*torch\.ao\.quantization is deprecated.*")
    warnings.filterwarnings("ignore", message=r".*quantize_per_tensor.*deprecated.*")
    warnings.filterwarnings("ignore", message=r".*past_key_values.*is deprecated.*")
