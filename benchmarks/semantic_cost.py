"""What the semantic safety layer adds to Rasa's NLU: per message, in memory, at start-up.

    python -m benchmarks.semantic_cost MODEL.tar.gz [--rounds 2] [--repeat 30]
        [--part all|risk-encoder]

Runs in the Rasa environment. Each round loads the same trained model twice in fresh
processes, once as shipped and once with the embedding model missing (the semantic layer
off, which is exactly the component's fallback; with ``--part risk-encoder`` only the
fine-tuned risk encoder is missing, so the difference is that model's cost), alternating
which goes first, and parses the same messages (a chat mix, a 10,000-character text,
emoji only, mixed languages). Reports, per variant and round, the model load time, RSS
after loading and after the messages, and per message parse latency and process CPU time
(p50/p95), for the chat mix and for the odd inputs apart, then the median difference
between the two variants.
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


def child(model: str, repeat: int, off: bool, part: str = "all") -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(Path.cwd()), "TF_CPP_MIN_LOG_LEVEL": "3"}
    if off:
        env["PEERLINE_RISK_ENCODER_DIR"] = "/nonexistent/risk-encoder-off"
        if part == "all":
            env["PEERLINE_EMBEDDINGS_DIR"] = "/nonexistent/semantic-layer-off"
    command = [sys.executable, "-m", "benchmarks.semantic_cost", model, "--child"]
    done = subprocess.run(
        [*command, "--repeat", str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--part", choices=("all", "risk-encoder"), default="all")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(asyncio.run(measure(args.model, args.repeat))))
        return 0
    runs: dict[str, list[dict[str, Any]]] = {"on": [], "off": []}
    for round_ in range(args.rounds):
        order = ("on", "off") if round_ % 2 == 0 else ("off", "on")
        for variant in order:
            runs[variant].append(
                child(args.model, args.repeat, off=variant == "off", part=args.part)
            )
    keys = [key for key in runs["on"][0] if key != "semantic_on"]
    added = {
        key: round(
            statistics.median(r[key] for r in runs["on"])
            - statistics.median(r[key] for r in runs["off"]),
            2,
        )
        for key in keys
    }
    print(json.dumps({"runs": runs, "added_by_semantic_layer": added}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
