"""The per-message cost benchmark's plan: who runs when, with which embedding model."""

from __future__ import annotations

import json
from typing import Any

import pytest

from benchmarks import semantic_cost


def test_two_variants_alternate_and_three_take_every_place() -> None:
    assert semantic_cost.rotations(["on", "off"], 3) == [
        ["on", "off"],
        ["off", "on"],
        ["on", "off"],
    ]
    assert semantic_cost.rotations(["on", "off", "int8"], 3) == [
        ["on", "off", "int8"],
        ["off", "int8", "on"],
        ["int8", "on", "off"],
    ]


def test_a_variant_runs_its_own_model_and_embeddings_and_is_compared_with_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[str, str | None]] = []
    cpu = {None: 10.0, "/nonexistent/semantic-layer-off": 2.0, "/m/int8": 5.0}

    def child(
        model: str, repeat: int, embeddings: str | None, risk_encoder: str | None = None
    ) -> dict[str, Any]:
        calls.append((model, embeddings))
        return {
            "semantic_on": embeddings != "/nonexistent/semantic-layer-off",
            "cpu": cpu[embeddings],
        }

    monkeypatch.setattr(semantic_cost, "child", child)
    argv = ["a.tar.gz", "--rounds", "2", "--variant", "int8", "b.tar.gz", "/m/int8"]
    assert semantic_cost.main(argv) == 0
    assert calls == [
        ("a.tar.gz", None),
        ("a.tar.gz", "/nonexistent/semantic-layer-off"),
        ("b.tar.gz", "/m/int8"),
        ("a.tar.gz", "/nonexistent/semantic-layer-off"),
        ("b.tar.gz", "/m/int8"),
        ("a.tar.gz", None),
    ]
    report = json.loads(capsys.readouterr().out)
    assert report["added_by_semantic_layer"] == {"cpu": 8.0}
    assert report["added_by_int8"] == {"cpu": 3.0}


def test_the_risk_encoder_part_keeps_the_embeddings_and_switches_off_the_encoder_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[str | None, str | None]] = []

    def child(
        model: str, repeat: int, embeddings: str | None, risk_encoder: str | None = None
    ) -> dict[str, Any]:
        calls.append((embeddings, risk_encoder))
        return {"semantic_on": True, "cpu": 4.0 if risk_encoder is None else 1.0}

    monkeypatch.setattr(semantic_cost, "child", child)
    assert semantic_cost.main(["a.tar.gz", "--rounds", "1", "--part", "risk-encoder"]) == 0
    assert calls == [(None, None), (None, "/nonexistent/risk-encoder-off")]
    assert json.loads(capsys.readouterr().out)["added_by_semantic_layer"] == {"cpu": 3.0}


def test_a_variant_may_not_reuse_a_builtin_name() -> None:
    with pytest.raises(SystemExit):
        semantic_cost.main(["a.tar.gz", "--variant", "off", "b.tar.gz", "/m"])
