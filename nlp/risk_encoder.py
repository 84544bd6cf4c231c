"""The fine-tuned risk encoder at run time: ONNX, CPU, offline (no torch, no Rasa).

``make risk-encoder`` fine-tunes all-MiniLM-L6-v2 on the risk training data
(``scripts/train_risk_encoder.py``) and exports it to ``var/models/risk-encoder``
(``model.onnx``, ``tokenizer.json``). Its output is one row of class probabilities per
text, columns in ``nlp.risk_model.CLASSES`` order. :func:`load_risk_encoder` loads it;
:meth:`RiskEncoder.score` gives a message's risk as the riskiest of the whole message and
its sentences (``nlp.risk_model.sentences``), as the perceptron does.

onnxruntime and tokenizers are imported by the loader only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlp.embeddings import open_onnx, run_padded
from nlp.risk_model import CLASSES, sentences

# The encoder was fine-tuned on texts cut to 64 tokens: a disclosure sits early or in a
# sentence of its own, which is scored apart.
MAX_TOKENS = 64


class RiskEncoderError(RuntimeError):
    """The risk encoder's files are missing or unreadable (run `make risk-encoder`)."""


def encoder_dir() -> Path:
    """``PEERLINE_RISK_ENCODER_DIR``, else ``models/risk-encoder`` under ``PEERLINE_VAR_DIR``."""
    explicit = os.environ.get("PEERLINE_RISK_ENCODER_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("PEERLINE_VAR_DIR", "var")) / "models" / "risk-encoder"


class RiskEncoder:
    """A fine-tuned encoder whose ONNX graph ends in the three class probabilities."""

    def __init__(self, session: Any, tokenizer: Any, max_tokens: int = MAX_TOKENS) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_tokens)

    def probabilities(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """One row of class probabilities (columns follow CLASSES) per text."""
        if not texts:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        return np.asarray(run_padded(self._session, self._tokenizer, texts), dtype=np.float32)

    def score(self, text: str, split: bool = True) -> dict[str, Any]:
        """Risk (self + client) of the riskiest of the message and its sentences, and the
        likelier kind there (self on a tie)."""
        rows = self.probabilities([text, *(sentences(text) if split else [])])
        risk = rows[:, 1] + rows[:, 2]
        row = int(risk.argmax())
        p_self, p_client = float(rows[row, 1]), float(rows[row, 2])
        return {"risk": p_self + p_client, "kind": "client" if p_client > p_self else "self"}


def load_risk_encoder(
    path: str | os.PathLike[str] | None = None, *, threads: int = 1
) -> RiskEncoder:
    """Load the encoder from ``path`` (default :func:`encoder_dir`); raise RiskEncoderError."""
    directory = Path(path) if path is not None else encoder_dir()
    session, tokenizer = open_onnx(directory, threads, RiskEncoderError, "make risk-encoder")
    outputs = session.get_outputs()
    if len(outputs) != 1 or outputs[0].shape[-1] != len(CLASSES):
        raise RiskEncoderError(
            f"{directory / 'model.onnx'}: expected one output of {len(CLASSES)} probabilities"
        )
    return RiskEncoder(session, tokenizer)
