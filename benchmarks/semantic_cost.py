"""What the semantic safety layer adds to Rasa's NLU: per message, in memory, at start-up.

    python -m benchmarks.semantic_cost MODEL.tar.gz [--rounds 2] [--repeat 30]
        [--part all|risk-encoder] [--variant NAME MODEL.tar.gz EMBEDDINGS_DIR ...]

Runs in the Rasa environment. Each round loads the same trained model twice in fresh
processes, once as shipped and once with the embedding model missing (the semantic layer
off, which is exactly the component's fallback; with ``--part risk-encoder`` only the
fine-tuned risk encoder is missing, so the difference is that model's cost), alternating
which goes first, and parses
the same messages (a chat mix, a 10,000-character text, emoji only, mixed languages).
Reports, per variant and round, the model load time, RSS after loading and after the
messages, and per message parse latency and process CPU time (p50/p95), for the chat mix
and for the odd inputs apart, then the median difference between the two variants.
Each ``--variant`` adds a third (fourth...) process per round: another trained model with its
own embedding model (PEERLINE_EMBEDDINGS_DIR), e.g. one trained on the int8 export, its
place in the order rotating with the others; its difference from "off" is reported too.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.embedding_runtimes import MIX, ODD, percentile, rss_mb


async def measure(model: str, repeat: int) -> dict[str, Any]:
    import structlog  # noqa: PLC0415  # Rasa env only
    from rasa.core.agent import Agent  # noqa: PLC0415  # as above

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    start = time.perf_counter()
    agent = Agent.load(model)
    await agent.parse_message("hello")
    load_s = time.perf_counter() - start
    loaded = rss_mb()
    figures: dict[str, Any] = {"load_s": round(load_s, 2), "rss_loaded_mb": round(loaded)}
    semantic_on = None
    for name, texts in (("chat", MIX), ("odd", list(ODD.values()))):
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(repeat):
            for text in texts:
                begin, begin_cpu = time.perf_counter(), time.process_time()
                parsed = await agent.parse_message(text)
                wall.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
                semantic_on = parsed["safety"]["signals"]["semantic"] is not None
        figures |= {
            f"{name}_p50_ms": round(statistics.median(wall), 2),
            f"{name}_p95_ms": round(percentile(wall, 0.95), 2),
            f"{name}_cpu_p50_ms": round(statistics.median(cpu), 2),
            f"{name}_cpu_p95_ms": round(percentile(cpu, 0.95), 2),
        }
    return {"semantic_on": semantic_on, **figures, "rss_after_mb": round(rss_mb())}


def child(
    model: str, repeat: int, embeddings: str | None, risk_encoder: str | None = None
) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(Path.cwd()), "TF_CPP_MIN_LOG_LEVEL": "3"}
    if embeddings is not None:
        env["PEERLINE_EMBEDDINGS_DIR"] = embeddings
    if risk_encoder is not None:
        env["PEERLINE_RISK_ENCODER_DIR"] = risk_encoder
    command = [sys.executable, "-m", "benchmarks.semantic_cost", model, "--child"]
    done = subprocess.run(
        [*command, "--repeat", str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def rotations(names: list[str], rounds: int) -> list[list[str]]:
    """Each round's order: every variant takes every place in turn (two variants alternate)."""
    return [names[r % len(names) :] + names[: r % len(names)] for r in range(rounds)]


def added_to(runs: dict[str, list[dict[str, Any]]], name: str) -> dict[str, float]:
    """Median of ``name``'s figures minus the median of the layer-off figures."""
    keys = [key for key in runs[name][0] if key != "semantic_on"]
    return {
        key: round(
            statistics.median(r[key] for r in runs[name])
            - statistics.median(r[key] for r in runs["off"]),
            2,
        )
        for key in keys
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--variant", nargs=3, action="append", default=[], metavar=("NAME", "MODEL", "DIR")
    )
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--part", choices=("all", "risk-encoder"), default="all")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(asyncio.run(measure(args.model, args.repeat))))
        return 0
    # "on" inherits PEERLINE_EMBEDDINGS_DIR; "off" points the risk encoder, and with
    # --part all the embeddings too, at nothing (the fallback).
    off_embeddings = "/nonexistent/semantic-layer-off" if args.part == "all" else None
    setups: dict[str, tuple[str, str | None, str | None]] = {
        "on": (args.model, None, None),
        "off": (args.model, off_embeddings, "/nonexistent/risk-encoder-off"),
    }
    for name, model, directory in args.variant:
        if name in setups:
            parser.error(f"variant name {name!r} is taken")
        setups[name] = (model, directory, None)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in setups}
    for order in rotations(list(setups), args.rounds):
        for name in order:
            model, directory, encoder = setups[name]
            runs[name].append(child(model, args.repeat, directory, encoder))
    report: dict[str, Any] = {"runs": runs, "added_by_semantic_layer": added_to(runs, "on")}
    for name, _, _ in args.variant:
        report[f"added_by_{name}"] = added_to(runs, name)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
