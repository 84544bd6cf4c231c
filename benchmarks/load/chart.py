"""The PNG chart of a comparison report: latency, saturation, start/training, memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

COLOURS = {"peerline": "#1f6f8b", "baseline": "#c2703d"}


def draw(report: dict[str, Any], path: Path) -> None:
    names = [name for name in ("peerline", "baseline") if name in report]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    latency, sat, start, memory = axes.flat

    phases = ["c1", "c10", "c50"]
    width = 0.13
    for offset, name in enumerate(names):
        load = report[name]["load"]
        for q_index, q in enumerate(("p50_ms", "p95_ms", "p99_ms")):
            xs = [i + (offset * 3 + q_index - 2.5) * width for i in range(len(phases))]
            values = [load.get(phase, {}).get(q, 0) for phase in phases]
            latency.bar(xs, values, width, color=COLOURS[name], alpha=0.45 + 0.25 * q_index,
                        label=f"{name} {q[:3]}")  # fmt: skip
    latency.axhline(150, color="grey", linestyle="--", linewidth=1, label="target p95 at 10")
    latency.set_xticks(range(len(phases)), ["1 user", "10 users", "50 users"])
    latency.set_ylabel("ms per message")
    latency.set_title("Latency, think time 0.5-1 s")
    latency.legend(fontsize=7, ncol=2)

    twin = sat.twinx()
    for name in names:
        steps = report[name]["saturation"]["steps"]
        xs = [step["concurrency"] for step in steps]
        sat.plot(xs, [step["messages_per_s"] for step in steps], "o-", color=COLOURS[name],
                 label=f"{name} msgs/s")  # fmt: skip
        twin.plot(xs, [step.get("p95_ms", 0) for step in steps], "x--", color=COLOURS[name],
                  label=f"{name} p95")  # fmt: skip
    sat.set_xscale("log", base=2)
    sat.set_xlabel("concurrent conversations, no think time")
    sat.set_ylabel("messages / s (solid)")
    twin.set_ylabel("p95 ms (dashed)")
    sat.set_title("Saturation")
    sat.legend(fontsize=7, loc="upper left")
    twin.legend(fontsize=7, loc="lower right")

    labels = ["cold start s", "training s", "model MB"]
    for offset, name in enumerate(names):
        figures = report[name]
        values = [figures["cold_start_s"], figures["model"]["train_s"] or 0,
                  figures["model"]["size_mb"]]  # fmt: skip
        xs = [i + (offset - 0.5) * 0.35 for i in range(len(labels))]
        start.bar(xs, values, 0.35, color=COLOURS[name], label=name)
    start.set_xticks(range(len(labels)), labels)
    start.set_yscale("log")
    start.set_title("Start-up, training, size")
    start.legend(fontsize=8)

    processes = ["rasa", "actions"]
    for offset, name in enumerate(names):
        after = report[name]["memory"].get("after_load", {})
        values = [after.get(process, {}).get("rss_mb", 0) for process in processes]
        xs = [i + (offset - 0.5) * 0.35 for i in range(len(processes))]
        memory.bar(xs, values, 0.35, color=COLOURS[name], label=name)
    memory.set_xticks(range(len(processes)), ["rasa run", "action server"])
    memory.set_ylabel("RSS MB after load")
    memory.set_title("Memory")
    memory.legend(fontsize=8)

    meta = report.get("meta", {})
    fig.suptitle(f"Peerline vs rasa init baseline, {meta.get('date', '')} "
                 f"({meta.get('mode', '')}; shared machine, noisy)")  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
