"""Sentence embeddings on the CPU, offline: one small interface for every caller.

``load_embedder(path)`` loads the ONNX export of all-MiniLM-L6-v2 that ``make embeddings``
unpacks into ``var/models/all-MiniLM-L6-v2`` (``model.onnx`` and ``tokenizer.json``), and
returns an :class:`Embedder` whose ``embed(texts)`` gives an ``(n, 384)`` float32 array of
L2-normalised rows (mean pooling over the tokens, as sentence-transformers does), so a dot
product is the cosine similarity. Texts are cut to the model's first ``max_tokens`` tokens.

It imports neither TensorFlow nor anything heavy at import time: onnxruntime and tokenizers
are imported by ``load_embedder``. It runs in both environments (Rasa's and the app's).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

DEFAULT_MODEL_DIR = "var/models/all-MiniLM-L6-v2"
DIMENSION = 384
# all-MiniLM-L6-v2 was trained on 128-token inputs (its tokenizer.json truncates there);
# a longer input costs quadratic attention time and gains the model nothing.
MAX_TOKENS = 128
# Where nlp.semantic_components.SentenceEmbedder stores a message's vector on a Rasa
# Message (``message.get(MESSAGE_EMBEDDING)``): computed once, shared by every component.
MESSAGE_EMBEDDING = "sentence_embedding"


class EmbeddingModelError(RuntimeError):
    """The embedding model's files are missing or unreadable (run `make embeddings`)."""


class Embedder(Protocol):
    """Turns texts into L2-normalised sentence vectors."""

    dimension: int

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised float32 row of ``dimension`` values per text."""
        ...


def model_dir() -> Path:
    """Where the model lives: ``PEERLINE_EMBEDDINGS_DIR``, else under ``PEERLINE_VAR_DIR``."""
    explicit = os.environ.get("PEERLINE_EMBEDDINGS_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("PEERLINE_VAR_DIR", "var")) / "models" / "all-MiniLM-L6-v2"


def model_fingerprint(directory: Path | None = None) -> str:
    """What identifies the exported model: its manifest (package, weights, which ONNX file,
    its precision and hash), or "" when there is none. Components trained on its vectors
    put this in their Rasa fingerprint, so an int8 export is not served with card vectors
    cached from the fp32 one."""
    manifest = (directory or model_dir()) / "manifest.json"
    return manifest.read_text(encoding="utf-8") if manifest.is_file() else ""


class OnnxEmbedder:
    """all-MiniLM-L6-v2 exported to ONNX (mean pooling and normalisation inside the graph)."""

    dimension = DIMENSION

    def __init__(self, session: Any, tokenizer: Any, max_tokens: int = MAX_TOKENS) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_tokens)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = run_padded(self._session, self._tokenizer, texts)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_embedder(path: str | os.PathLike[str] | None = None, *, threads: int = 1) -> Embedder:
    """Load the embedder from ``path`` (default :func:`model_dir`); raise EmbeddingModelError.

    One intra-op thread: a message is a handful of tokens, and the processes that embed
    share two cores with Rasa's event loop.
    """
    directory = Path(path) if path is not None else model_dir()
    session, tokenizer = open_onnx(directory, threads, EmbeddingModelError, "make embeddings")
    return OnnxEmbedder(session, tokenizer)


def open_onnx(
    directory: Path, threads: int, error: type[RuntimeError], make_target: str
) -> tuple[Any, Any]:
    """The onnxruntime session of ``directory``/model.onnx and its tokenizer.json, on the
    CPU with ``threads`` intra-op threads; ``error`` (naming ``make_target``) when a file
    is missing or cannot be loaded. Shared by the embedder and the risk encoder."""
    model, vocabulary = directory / "model.onnx", directory / "tokenizer.json"
    for needed in (model, vocabulary):
        if not needed.is_file():
            raise error(f"{needed} is missing: run `{make_target}`")
    # Local files only: nothing may reach for a model hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import onnxruntime  # noqa: PLC0415  # heavy; loaded with the model only
    from tokenizers import Tokenizer  # noqa: PLC0415  # as above

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(vocabulary))
    except Exception as cause:  # onnxruntime and tokenizers raise their own base types
        raise error(f"cannot load {directory}: {cause}") from cause
    return session, tokenizer


def run_padded(session: Any, tokenizer: Any, texts: Sequence[str]) -> npt.NDArray[Any]:
    """Tokenise ``texts`` (at least one), pad them to the longest with an attention mask,
    and return the session's one output: a row per text."""
    encodings = tokenizer.encode_batch([text or "" for text in texts])
    width = max(len(encoding.ids) for encoding in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    (rows,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
    return np.asarray(rows)


def embed_batched(
    embedder: Embedder, texts: Sequence[str], size: int = 64
) -> npt.NDArray[np.float32]:
    """``embedder.embed(texts)``, in batches of ``size`` texts of similar length: one batch
    of all texts pads every row to the longest, which made training embed ~1,000 exemplars
    in about a minute instead of a few seconds. Rows come back in the order of ``texts``."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        vectors[chunk] = embedder.embed([texts[i] for i in chunk])
    return vectors
