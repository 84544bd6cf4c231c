"""The embedding export's manifest: which file model.onnx is and how it was made."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scripts import export_embeddings


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def test_an_fp32_export_names_model_onnx_and_nothing_quantized(tmp_path: Path) -> None:
    digest = write(tmp_path / "model.onnx", b"fp32 graph")
    entries = export_embeddings.describe_onnx(tmp_path, 2e-7, None)
    assert entries == {
        "onnx_file": "model.onnx",
        "precision": "fp32",
        "onnx_sha256": digest,
        "onnx_max_difference_from_torch": 2e-7,
    }


def test_an_int8_export_hashes_both_files_and_says_how_it_was_quantized(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_embeddings, "onnxruntime_version", lambda: "9.9.9")
    int8 = write(tmp_path / "model.onnx", b"int8 graph")
    fp32 = write(tmp_path / "model-fp32.onnx", b"fp32 graph")
    entries = export_embeddings.describe_onnx(tmp_path, 2e-7, 0.97)
    assert entries["precision"] == "int8"
    assert entries["onnx_sha256"] == int8
    assert entries["fp32_onnx_file"] == "model-fp32.onnx"
    assert entries["fp32_onnx_sha256"] == fp32
    assert entries["quantization"] == {
        "method": "onnxruntime.quantization.quantize_dynamic",
        "weight_type": "QInt8",
        "per_channel": True,
        "graph_fusion": "onnxruntime.transformers.optimizer bert, opt_level 1",
        "onnxruntime": "9.9.9",
        "lowest_cosine_to_fp32_on_probes": 0.97,
    }


def test_an_unknown_precision_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        export_embeddings.main([str(tmp_path), str(tmp_path / "out"), "--precision", "int4"])
