"""The semantic safety layer with the real all-MiniLM-L6-v2 export (`make embeddings`).

The embedder runs here, in the app environment; the Rasa components run in Rasa's
environment through ``in_rasa_env``: a model that cannot load leaves Rasa on rules and
DIET, says so once in the log and in the health file, and the crisis decision still works.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from devtools.stack import in_rasa_env
from nlp.embeddings import load_embedder, model_dir

pytestmark = pytest.mark.integration

COMPONENTS = """
import io, json, logging, os, sys
os.environ["PEERLINE_VAR_DIR"] = sys.argv[1]
log = io.StringIO()
logging.basicConfig(level=logging.INFO, stream=log)
from rasa.shared.nlu.training_data.message import Message
from nlp.crisis_component import CrisisDetector
from nlp.semantic_components import SentenceEmbedder, SEMANTIC_RISK
from nlp.embeddings import MESSAGE_EMBEDDING

embedder = SentenceEmbedder({"model": sys.argv[2]})
messages = [Message(data={"text": t}) for t in sys.argv[3:]]
embedder.process(messages)
decider = CrisisDetector(CrisisDetector.get_default_config())
decider.process(messages)
print(json.dumps({
    "embedded": [m.get(MESSAGE_EMBEDDING) is not None for m in messages],
    "intents": [m.get("intent", {}).get("name") for m in messages],
    "tiers": [m.get("safety")["tier"] for m in messages],
    "log": log.getvalue(),
}))
"""


def test_embeddings_are_normalised_and_mean_something() -> None:
    """Rows have unit length, and a paraphrase is nearer than an unrelated sentence."""
    embedder = load_embedder(model_dir())
    vectors = embedder.embed(
        ["i want to end my life", "i don't want to be alive anymore", "where is the parking lot"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@pytest.mark.parametrize(
    "text",
    [
        "I keep writing because nobody listens. " * 260,  # over 10,000 characters
        "😔😔😔💔🙏",
        "no sé qué hacer, i just want to sleep y no despertar",
        "",
    ],
)
def test_odd_input_is_embedded_quickly(text: str) -> None:
    """Long, emoji-only, mixed-language and empty texts give one finite row in bounded time."""
    embedder = load_embedder(model_dir())
    embedder.embed(["warm up"])
    start = time.perf_counter()
    vector = embedder.embed([text])
    elapsed = time.perf_counter() - start
    assert vector.shape == (1, 384)
    assert np.isfinite(vector).all()
    # The truncation to 128 tokens bounds the cost; the budget itself is measured in
    # benchmarks.embedding_runtimes, this only catches an untruncated 10,000-token run.
    assert elapsed < 1.0


def test_a_missing_model_leaves_rules_and_diet_in_charge(tmp_path: Path) -> None:
    """No model: one clear log line, health 'off', no embedding, and the detector still decides."""
    missing = tmp_path / "no-model"
    result = in_rasa_env(
        "-c", COMPONENTS, str(tmp_path), str(missing),
        "i want to kill myself tonight", "how do i get certified",
    )  # fmt: skip
    assert result["embedded"] == [False, False]
    assert result["tiers"] == ["crisis", "none"]
    assert result["intents"][0] == "crisis_self"
    health = json.loads((tmp_path / "health" / "semantic.json").read_text())
    assert health["status"] == "off"
    assert "model.onnx is missing" in health["detail"]
    assert result["log"].count("Semantic safety layer OFF") == 1


def test_the_real_model_loads_and_reports_ok(tmp_path: Path) -> None:
    """With the model in place every message is embedded and the health file says ok."""
    result = in_rasa_env(
        "-c", COMPONENTS, str(tmp_path), str(model_dir().resolve()), "hello", "😔😔😔",
    )  # fmt: skip
    assert result["embedded"] == [True, True]
    assert json.loads((tmp_path / "health" / "semantic.json").read_text())["status"] == "ok"


ENCODER = """
import io, json, logging, os, sys
os.environ["PEERLINE_VAR_DIR"] = sys.argv[1]
log = io.StringIO()
logging.basicConfig(level=logging.INFO, stream=log)
from rasa.shared.nlu.training_data.message import Message
from nlp.crisis_component import CrisisDetector
from nlp.semantic_components import RiskEncoderClassifier, SEMANTIC_RISK

classifier = RiskEncoderClassifier({"model": sys.argv[2], "sentences": True})
messages = [Message(data={"text": t}) for t in sys.argv[3:]]
classifier.process(messages)
decider = CrisisDetector(CrisisDetector.get_default_config())
decider.process(messages)
print(json.dumps({
    "risk": [(m.get(SEMANTIC_RISK) or {}).get("risk") for m in messages],
    "tiers": [m.get("safety")["tier"] for m in messages],
    "log": log.getvalue(),
}))
"""


def test_a_missing_risk_encoder_leaves_rules_and_diet_in_charge(tmp_path: Path) -> None:
    """No encoder: one log line, health/risk_encoder.json 'off', no risk, rules still decide."""
    result = in_rasa_env(
        "-c", ENCODER, str(tmp_path), str(tmp_path / "no-encoder"),
        "i want to kill myself tonight", "how do i get certified",
    )  # fmt: skip
    assert result["risk"] == [None, None]
    assert result["tiers"] == ["crisis", "none"]
    health = json.loads((tmp_path / "health" / "risk_encoder.json").read_text())
    assert health["status"] == "off"
    assert "make risk-encoder" in health["detail"]
    assert result["log"].count("Semantic safety layer OFF") == 1


def test_the_risk_encoder_separates_a_disclosure_from_a_work_question(tmp_path: Path) -> None:
    """With `make risk-encoder`'s model, a plain disclosure outscores a protocol question."""
    from nlp.risk_encoder import encoder_dir  # noqa: PLC0415  # only this test needs it

    result = in_rasa_env(
        "-c", ENCODER, str(tmp_path), str(encoder_dir().resolve()),
        "i gave my cat to my sister and wrote letters to everyone",
        "how do i document a safety plan with a client?",
        "😔😔😔💔🙏", "I keep writing because nobody listens. " * 260,
    )  # fmt: skip
    risk = result["risk"]
    assert all(isinstance(value, float) and 0.0 <= value <= 1.0 for value in risk)
    assert risk[0] > risk[1]
    assert json.loads((tmp_path / "health" / "risk_encoder.json").read_text())["status"] == "ok"
