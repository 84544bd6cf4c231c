"""Fine-tune all-MiniLM-L6-v2 into the risk encoder and export it to ONNX (build time).

    python scripts/train_risk_encoder.py SOURCE_DIR OUT_DIR [--fine] [--epochs N]
        [--score SET.yml ...]

Runs in the Python 3.11 export environment (requirements/export.lock: CPU torch,
transformers, onnx), like scripts/export_embeddings.py. SOURCE_DIR is the wheel's files
(``var/models/all-MiniLM-L6-v2/source``). The whole encoder and a linear head over its
mean-pooled tokens are trained on ``nlp.risk_data.gather``'s examples (TRAINING below);
OUT_DIR receives model.onnx, whose output ``probabilities`` has one column per class of
``nlp.risk_model.CLASSES`` (with ``--fine`` the writers' categories are summed into them
inside the graph), tokenizer.json and manifest.json. Seeded, two threads: the same inputs
give the same model. ``--score`` prints, per labelled set, the AUC of the risk probability
(the riskiest of the message and its sentences, as the pipeline scores it) and the share
of benign messages flagged at a recall of 0.95.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.risk_data import coarse, gather, set_examples
from nlp.risk_model import CLASSES, sentences

NLU_DIR = Path("data/nlu")
EXEMPLARS = [
    Path("nlp/safety_exemplars.yml"),
    Path("nlp/safety_exemplars_blind.yml"),
    Path("nlp/safety_exemplars_blind2.yml"),
]
# Development sets no longer used for any choice (tests/eval/MANIFEST.yml): trained on.
# blind_dev2.yml, on which the encoder and the gates are chosen, is never trained on.
TRAINING_SETS = [Path("tests/safety/blind_dev.yml"), Path("tests/safety/fresh_utterances.yml")]
# The knowledge cards' example questions (data/nlu/knowledge.yml, about 2,900, all benign)
# would be 40% of the examples and of the training time: every 4th is kept.
THIN = {"knowledge.yml": 4}
MAX_TOKENS = 64
BATCH = 32
SEED = 0


def digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()


def batches(lengths: list[int], rng: random.Random) -> list[list[int]]:
    """Batches of similar length (short padding), in a seeded random order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = BATCH * 16
    out: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        out.extend(chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH))
    rng.shuffle(out)
    return out


def train(source: Path, examples: list[tuple[str, str]], epochs: int, lr: float) -> Any:
    import torch  # noqa: PLC0415  # export environment only
    from transformers import AutoModel, AutoTokenizer  # noqa: PLC0415

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    names = sorted({label for _, label in examples}, key=lambda n: (CLASSES.index(coarse(n)), n))
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    encoded = tokenizer([text for text, _ in examples], truncation=True, max_length=MAX_TOKENS)[
        "input_ids"
    ]
    targets = [names.index(label) for _, label in examples]

    class RiskEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(source), local_files_only=True)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(names))
            summed = torch.zeros(len(names), len(CLASSES))
            for row, name in enumerate(names):
                summed[row, CLASSES.index(coarse(name))] = 1.0
            self.register_buffer("summed", summed)

        def logits(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(mean))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            probabilities = torch.softmax(self.logits(input_ids, attention_mask), dim=-1)
            return probabilities @ self.summed

    model = RiskEncoder()
    # The word embeddings stay frozen: a third of the weights, and their Adam updates were a
    # large share of each step, for words the small data set would only overfit.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    rng = random.Random(SEED)  # noqa: S311  # a shuffle, not a secret
    plan = [batches([len(ids) for ids in encoded], rng) for _ in range(epochs)]
    steps = sum(len(epoch) for epoch in plan)
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in model.bert.parameters() if p.requires_grad], "lr": lr},
            {"params": model.head.parameters(), "lr": lr * 20},
        ],
        weight_decay=0.01,
    )
    warmup = max(1, steps // 10)

    def ramp(step: int) -> float:
        """Linear warm-up over a tenth of the steps, then linear decay to zero."""
        return min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup)))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, ramp)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    step = 0
    started = time.process_time()
    for epoch, order in enumerate(plan):
        total = 0.0
        for batch in order:
            width = max(len(encoded[i]) for i in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i])] = torch.tensor(encoded[i])
                mask[row, : len(encoded[i])] = 1
            loss = loss_fn(model.logits(ids, mask), torch.tensor([targets[i] for i in batch]))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(batch)
            step += 1
            if step % 50 == 0:
                cpu = time.process_time() - started
                print(f"step {step}/{steps}, CPU {cpu:.0f} s", file=sys.stderr)
        print(
            f"epoch {epoch + 1}: loss {total / len(examples):.4f}, "
            f"CPU {time.process_time() - started:.0f} s",
            file=sys.stderr,
        )
    return model.eval(), tokenizer, names


def export(model: Any, tokenizer: Any, out: Path) -> float:
    """Export to ONNX; return the largest difference from torch on a few probes."""
    import onnxruntime  # noqa: PLC0415
    import torch  # noqa: PLC0415

    probes = ["i gave my cat to my sister and wrote letters to everyone", "how do i log a visit?"]
    batch = tokenizer(probes, padding=True, return_tensors="pt")
    with torch.no_grad():
        expected = model(batch["input_ids"], batch["attention_mask"]).numpy()
        torch.onnx.export(
            model,
            (batch["input_ids"], batch["attention_mask"]),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["probabilities"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "probabilities": {0: "batch"},
            },
            opset_version=14,
            dynamo=False,
        )
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    (got,) = session.run(
        None,
        {name: batch[name].numpy() for name in ("input_ids", "attention_mask")},
    )
    return float(np.abs(got - expected).max())


def risk_of(directory: Path, texts: list[str]) -> npt.NDArray[np.float64]:
    """Risk per text from the exported model: the riskiest of the text and its sentences."""
    import onnxruntime  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(
        str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    risks = []
    for text in texts:
        parts = [text, *sentences(text)]
        encodings = tokenizer.encode_batch(parts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(parts), width), np.int64)
        mask = np.zeros((len(parts), width), np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        (probabilities,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
        risks.append(float((1.0 - probabilities[:, 0]).max()))
    return np.array(risks)


def figures(labels: list[str], risk: npt.NDArray[np.float64]) -> dict[str, float]:
    """AUC (risk vs benign) and the benign share flagged at recall 0.95 (and recall at 8%)."""
    positive = risk[[label != "benign" for label in labels]]
    negative = risk[[label == "benign" for label in labels]]
    greater = (positive[:, None] > negative[None, :]).mean()
    ties = (positive[:, None] == negative[None, :]).mean()
    gate = float(np.sort(positive)[int(np.floor(0.05 * len(positive)))])
    at_8 = float(np.sort(negative)[::-1][int(np.floor(0.08 * len(negative)))])
    return {
        "auc": round(float(greater + ties / 2), 4),
        "gate_at_recall_95": round(gate, 4),
        "benign_flagged_at_recall_95": round(float((negative >= gate).mean()), 4),
        "recall_at_benign_8": round(float((positive > at_8).mean()), 4),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--fine", action="store_true", help="train on the writers' categories")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--score", type=Path, nargs="*", default=[])
    parser.add_argument("--score-only", action="store_true", help="score an existing OUT")
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    if not args.score_only:
        examples = gather(NLU_DIR, EXEMPLARS, TRAINING_SETS, fine=args.fine, thin=THIN)
        counts = {c: sum(coarse(label) == c for _, label in examples) for c in CLASSES}
        print(f"{len(examples)} examples: {counts}", file=sys.stderr)
        started, wall = time.process_time(), time.time()
        model, tokenizer, names = train(args.source, examples, args.epochs, args.lr)
        cpu, wall = time.process_time() - started, time.time() - wall
        args.out.parent.mkdir(parents=True, exist_ok=True)
        staging = args.out.with_name(args.out.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        difference = export(model, tokenizer, staging / "model.onnx")
        if difference > 1e-4:
            raise SystemExit(f"ONNX export differs from torch by {difference:.2e}")
        shutil.copy(args.source / "tokenizer.json", staging / "tokenizer.json")
        manifest = {
            "base": "sentence-transformers/all-MiniLM-L6-v2",
            "classes": list(CLASSES),
            "categories": names,
            "examples": len(examples),
            "training_sha256": digest([*sorted(NLU_DIR.glob("*.yml")), *EXEMPLARS, *TRAINING_SETS]),
            "epochs": args.epochs,
            "lr": args.lr,
            "max_tokens": MAX_TOKENS,
            "train_cpu_s": round(cpu, 1),
            "train_wall_s": round(wall, 1),
            "onnx_max_difference_from_torch": difference,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        shutil.rmtree(args.out, ignore_errors=True)
        staging.rename(args.out)
        print(f"{args.out}: trained in {cpu:.0f} s CPU, {wall:.0f} s wall", file=sys.stderr)
    for path in args.score:
        items = set_examples(path)
        result = figures([label for _, label in items], risk_of(args.out, [t for t, _ in items]))
        print(json.dumps({"set": str(path), **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
