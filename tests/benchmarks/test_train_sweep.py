"""The training sweep's config variants: what each change does to config.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.train_sweep import config_with


def pipeline(path: Path) -> list[dict[str, object]]:
    return list(yaml.safe_load(path.read_text())["pipeline"])


def by_name(steps: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(step for step in steps if step["name"] == name)


def test_diet_epochs_and_char_ngrams_combine(tmp_path: Path) -> None:
    steps = pipeline(config_with("diet:60+chars:3000", tmp_path))
    assert by_name(steps, "DIETClassifier")["epochs"] == 60
    chars = [step for step in steps if step.get("analyzer") == "char_wb"]
    assert [step.get("max_features") for step in chars] == [3000]
    words = [s for s in steps if s["name"] == "CountVectorsFeaturizer" and "analyzer" not in s]
    assert words and all("max_features" not in step for step in words)


def test_transformer_shape_and_word_ngrams_change_only_their_settings(tmp_path: Path) -> None:
    """The pipeline-choice variants: no transformer, 256 units, word bigrams."""
    diet = by_name(pipeline(config_with("layers:0+units:256", tmp_path)), "DIETClassifier")
    assert (diet["number_of_transformer_layers"], diet["transformer_size"]) == (0, 256)
    steps = pipeline(config_with("words:2", tmp_path))
    words = [s for s in steps if s["name"] == "CountVectorsFeaturizer" and "analyzer" not in s]
    assert [step.get("max_ngram") for step in words] == [2]
    chars = [step for step in steps if step.get("analyzer") == "char_wb"]
    assert [step["max_ngram"] for step in chars] == [4]


def test_logreg_replaces_diet_and_keeps_the_rest(tmp_path: Path) -> None:
    committed = pipeline(Path("config.yml"))
    steps = pipeline(config_with("logreg", tmp_path))
    assert [s["name"] for s in steps] == [
        "LogisticRegressionClassifier" if s["name"] == "DIETClassifier" else s["name"]
        for s in committed
    ]


def test_each_variant_gets_its_own_file(tmp_path: Path) -> None:
    assert config_with("diet:60+chars:3000", tmp_path).name == "config-diet-60_chars-3000.yml"
    assert config_with("diet:60", tmp_path) != config_with("diet:30", tmp_path)


@pytest.mark.parametrize("variant", ["diet:many", "chars:", "tf:2", "logreg:1"])
def test_unknown_changes_are_refused_by_name(tmp_path: Path, variant: str) -> None:
    with pytest.raises(SystemExit, match="unknown change"):
        config_with(variant, tmp_path)
