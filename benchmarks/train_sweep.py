"""Training time against answer quality for the intent classifier (docs/performance.md).

    RASA_VENV=... python -m benchmarks.train_sweep [--variants diet:100 diet:100+chars:3000 logreg]
        [--questions FILE]

For each variant, ``config.yml`` changed as ``config_with`` describes (DIET's epochs, the
number of character n-grams, or DIET replaced by a scikit-learn classifier), everything
else as committed, is trained from nothing (``rasa train nlu``, fresh Rasa cache) and timed; the
questions are then parsed with it and scored with the assistant's answering rule
(benchmarks/eval_report.py). The default questions are the development set
(tests/eval/questions.yml), on which the pipeline was chosen; the final set stays held out.
Writes reports/sweep/sweep-<variants>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from actions.settings import get_settings
from benchmarks.eval_report import rasa_prediction, score
from benchmarks.load.system import train_from_nothing
from knowledge import get_knowledge

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "reports" / "sweep"


def config_with(variant: str, folder: Path) -> Path:
    """config.yml changed as ``variant`` says, written into ``folder``.

    A variant is one or more changes joined by ``+``: ``diet:EPOCHS`` (DIET's epochs),
    ``layers:N`` and ``units:N`` (DIET's transformer layers, 0 for none, and their size),
    ``words:N`` (word n-grams up to N in the lemma CountVectorsFeaturizer), ``chars:N`` (at
    most N character n-grams in the char_wb CountVectorsFeaturizer) or ``logreg`` (DIET
    replaced by Rasa's LogisticRegressionClassifier).
    """
    config = yaml.safe_load((REPO / "config.yml").read_text())
    pipeline = config["pipeline"]
    index = next(i for i, c in enumerate(pipeline) if c["name"] == "DIETClassifier")
    for change in variant.split("+"):
        kind, _, value = change.partition(":")
        if kind == "logreg" and not value:
            pipeline[index] = {"name": "LogisticRegressionClassifier", "random_state": 42}
        elif kind == "diet" and value.isdigit():
            pipeline[index]["epochs"] = int(value)
        elif kind == "layers" and value.isdigit():
            pipeline[index]["number_of_transformer_layers"] = int(value)
        elif kind == "units" and value.isdigit():
            pipeline[index]["transformer_size"] = int(value)
        elif kind == "words" and value.isdigit():
            words = next(c for c in pipeline if c.get("use_lemma"))
            words["max_ngram"] = int(value)
        elif kind == "chars" and value.isdigit():
            chars = next(c for c in pipeline if c.get("analyzer") == "char_wb")
            chars["max_features"] = int(value)
        else:
            raise SystemExit(
                f"unknown change {change!r}: use diet:EPOCHS, layers:N, units:N, words:N,"
                " chars:N or logreg"
            )
    path = folder / f"config-{variant.replace(':', '-').replace('+', '_')}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def train_nlu(rasa_venv: Path, config: Path, out: Path) -> tuple[Path, float]:
    command = ["train", "nlu", "--config", str(config), "--nlu", "data", "--domain", "domain"]
    command += ["--out", str(out), "--fixed-model-name", config.stem]
    seconds = train_from_nothing(rasa_venv, command, out / f"{config.stem}.train.log")
    return out / f"{config.stem}.tar.gz", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", nargs="+", default=["diet:100", "diet:50", "diet:30"])
    parser.add_argument("--questions", type=Path, default=REPO / "tests/eval/questions.yml")
    args = parser.parse_args()
    rasa_venv = Path(os.environ["RASA_VENV"])
    OUT.mkdir(parents=True, exist_ok=True)
    questions = yaml.safe_load(args.questions.read_text())["questions"]
    kb, gate = get_knowledge(), get_settings().toolkit_min_confidence
    results: dict[str, Any] = {}
    for variant in args.variants:
        config = config_with(variant, OUT)
        model, seconds = train_nlu(rasa_venv, config, OUT)
        parsed_file = OUT / f"parsed-{config.stem}.json"
        subprocess.run(
            [str(rasa_venv / "bin" / "python"), "-m", "benchmarks.parse_questions",
             str(model), str(args.questions), str(parsed_file)],
            cwd=REPO, check=True, capture_output=True,
        )  # fmt: skip
        parsed = json.loads(parsed_file.read_text())
        scored = score(questions, [rasa_prediction(p, kb, gate) for p in parsed])
        results[variant] = {
            "train_nlu_s": round(seconds, 1),
            "loadavg_1m_after": round(os.getloadavg()[0], 2),
            **{k: v for k, v in scored.items() if k != "worst_entries"},
        }
        print(json.dumps({variant: results[variant]}), flush=True)
    report = {"questions": str(args.questions.relative_to(REPO)), "gate": gate, "runs": results}
    name = "_".join(args.variants).replace(":", "").replace("+", "-")
    (OUT / f"sweep-{name}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
