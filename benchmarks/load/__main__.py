"""Load benchmark: Peerline's full stack against the same data on the `rasa init` pipeline.

The baseline is what a default Rasa 3.6 bot would be on Peerline's data: the `rasa init`
pipeline and policies (benchmarks/configs/rasa_init.yml), started with Rasa's own `rasa run`;
Peerline runs its config.yml through `bot.rasa_ext.cli` (its speed-ups). Both use the same
domain, action server and SQLite tracker store.

    python -m benchmarks.load            # full run (`make bench`); needs RASA_VENV
    python -m benchmarks.load --quick    # short phases for development (`make bench BENCH_QUICK=1`)
    python -m benchmarks.load --tune     # tuning candidates, interleaved (`make bench-tune`)

Per variant: model training time (from nothing, cached by a hash of its inputs) and size,
cold start (process start to first REST answer), latency at 1, 10 and 50 concurrent
conversations with 0.5-1 s think time, saturation (no think time, concurrency stepped up until
p95 doubles), errors, RSS of each process, and a count of stored check-ins per pseudonymous user
(exactly one each). Variants run side by side and their phases alternate, so a busy neighbour
on this shared machine slows both; the figures are still noisy. Writes reports/bench/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from actions.storage.cli import migrate
from benchmarks.load.chart import draw
from benchmarks.load.driver import PhaseResult, run_phase
from benchmarks.load.mix import Mix
from benchmarks.load.stats import Step, exactly_once, ratios, saturation
from benchmarks.load.system import embeddings_env, memory_mb, semantic_layer, trained_model
from devtools import stack as stack_module
from devtools.stack import REPO, Stack
from peerline_core.privacy import pseudonym

OUT = REPO / "reports" / "bench"
SECRET = "peerline-bench-pseudonym-secret"
THINK_S = (0.5, 1.0)
TARGETS = {
    "p95_ms_at_10_with_think_time": 150,
    "saturation_ratio_vs_baseline": 2.0,
    "cold_start_s": 25,
    "train_s": 180,
}


@dataclass(frozen=True)
class Plan:
    phase_s: float
    step_s: float
    steps: tuple[int, ...]
    cold_starts: int


FULL = Plan(phase_s=30, step_s=20, steps=(1, 2, 4, 8, 16), cold_starts=2)
QUICK = Plan(phase_s=10, step_s=8, steps=(1, 4, 16), cold_starts=1)


@dataclass
class Variant:
    """One stack under test and what was measured on it."""

    name: str
    model: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    stores_yaml: str | None = None
    stock_rasa: bool = False  # the baseline: Rasa's own `rasa run`, no Peerline speed-ups
    model_info: dict[str, object] = field(default_factory=dict)
    stack: Stack | None = None
    cold_start_s: list[float] = field(default_factory=list)
    phases: dict[str, PhaseResult] = field(default_factory=dict)
    memory: dict[str, dict[str, object]] = field(default_factory=dict)
    semantic_layer: list[str | None] = field(default_factory=list)

    def start(self, workdir: Path, rasa_venv: Path) -> None:
        """(Re)start the action server, then time Rasa from process start to first answer."""
        if self.stack is not None:
            self.stack.stop()
        workdir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{workdir / 'peerline.db'}"
        migrate(url)
        self.stack = Stack(
            workdir=workdir,
            rasa_venv=rasa_venv,
            database_url=url,
            model=self.model,
            extra_env={"PEERLINE_PSEUDONYM_SECRET": SECRET, **embeddings_env(), **self.extra_env},
            stores_yaml=self.stores_yaml,
            stock_rasa=self.stock_rasa,
        )
        self.stack.start_actions()
        started = time.monotonic()
        self.stack.start_rasa()
        self.cold_start_s.append(round(time.monotonic() - started, 1))
        self.semantic_layer.append(semantic_layer(workdir))
        print(
            f"  {self.name}: first answer {self.cold_start_s[-1]} s after start, "
            f"semantic layer {self.semantic_layer[-1]}",
            flush=True,
        )

    @property
    def running(self) -> Stack:
        if self.stack is None:
            raise RuntimeError(f"{self.name} is not running")
        return self.stack

    def sample_memory(self, label: str) -> None:
        self.memory[label] = {
            name: memory_mb(process.pid) for name, process in self.running.processes.items()
        }

    def stored_per_user(self) -> dict[str, int]:
        db = self.running.workdir / "peerline.db"
        with sqlite3.connect(db) as connection:
            rows = connection.execute("SELECT user_key, COUNT(*) FROM checkins GROUP BY user_key")
            return {key: count for key, count in rows}


def snapshot(model: Path, into: Path) -> Path:
    """A copy of a model from models/, which `make train` may replace during the run."""
    if model.parent != REPO / "models":
        return model
    copy = into / model.name
    shutil.copy2(model, copy)
    return copy


@contextmanager
def work_dir(name: str) -> Iterator[str]:
    """reports/bench/work/<name>: the stacks' logs and databases, kept until the next run."""
    path = OUT / "work" / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    yield str(path)


def measure(
    variant: Variant,
    name: str,
    mix: Mix,
    concurrency: int,
    seconds: float,
    *,
    think: tuple[float, float] | None,
    seed: int,
) -> PhaseResult:
    result = asyncio.run(
        run_phase(
            variant.running.rest_url, name, mix, concurrency, seconds, think_s=think, seed=seed
        )
    )
    variant.phases[name] = result
    summary = result.summary()
    print(
        f"  {variant.name:<22} {name:<12} c={concurrency:<3} {summary['messages']:>5} msgs "
        f"{summary['messages_per_s']:>6}/s p50 {summary.get('p50_ms')} p95 {summary.get('p95_ms')}"
        f" p99 {summary.get('p99_ms')} ms, errors {summary['errors']}, "
        f"unexpected {summary['unexpected_replies']} (load {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return result


def checkin_counts(variant: Variant) -> dict[str, dict[str, int]]:
    stored = variant.stored_per_user()

    def key(sender: str) -> str:
        return pseudonym(SECRET.encode(), "rest", sender)

    return {
        name: exactly_once(
            [key(s) for s in phase.checkins_confirmed],
            [key(s) for s in phase.checkins_attempted],
            stored,
        )
        for name, phase in variant.phases.items()
    }


def figures(variant: Variant) -> dict[str, object]:
    """The per-variant figures of the report (what the ratio table compares)."""
    load = {
        name: phase.summary()
        for name, phase in variant.phases.items()
        if not name.startswith(("sat_", "warmup"))
    }
    steps = [
        Step(p.concurrency, float(s["p95_ms"]), float(s["messages_per_s"]))
        for p in variant.phases.values()
        if p.name.startswith("sat_") and "p95_ms" in (s := p.summary())
    ]
    recorded = [p for name, p in variant.phases.items() if name != "warmup"]
    model = variant.model  # the copy that ran (models/ may have been retrained since)
    return {
        "model": {
            "size_mb": round(model.stat().st_size / 1e6, 2),
            "train_s": variant.model_info.get("train_s"),
        },
        "cold_start_s": min(variant.cold_start_s),
        "semantic_layer": variant.semantic_layer,
        "load": load,
        "saturation": {
            "steps": [
                {k: v for k, v in p.summary().items() if not k.endswith(("_turn", "kinds"))}
                for p in variant.phases.values()
                if p.name.startswith("sat_")
            ],
            **(saturation(steps) if steps else {}),
        },
        "errors": sum(sum(p.errors.values()) for p in recorded),
        "unexpected_replies": sum(sum(p.unexpected.values()) for p in recorded),
        "memory": variant.memory,
        "checkins": checkin_counts(variant),
    }


def run_saturation(variants: list[Variant], mix: Mix, plan: Plan) -> None:
    """Step concurrency up with no think time; a variant stops once its p95 has doubled."""
    base: dict[str, float] = {}
    active = list(variants)
    for index, concurrency in enumerate(plan.steps):
        order = active if index % 2 == 0 else active[::-1]
        for variant in order:
            result = measure(
                variant,
                f"sat_{concurrency}",
                mix,
                concurrency,
                plan.step_s,
                think=None,
                seed=100 + index,
            )
            p95 = float(result.summary().get("p95_ms", 0.0))
            base.setdefault(variant.name, p95)
            if p95 > 2 * base[variant.name]:
                active = [v for v in active if v is not variant]
        if not active:
            break


def bench(variants: list[Variant], mix: Mix, plan: Plan, rasa_venv: Path, tmp: Path) -> None:
    print("Cold starts (one at a time):", flush=True)
    for attempt in range(plan.cold_starts):
        order = variants if attempt % 2 == 0 else variants[::-1]
        for variant in order:
            variant.start(tmp / f"{variant.name}-{attempt}", rasa_venv)
    for variant in variants:
        measure(variant, "warmup", mix, 2, plan.step_s / 2, think=None, seed=1)
        variant.sample_memory("idle_after_warmup")
    print("Load with think time 0.5-1 s (variants alternate):", flush=True)
    for index, concurrency in enumerate((1, 10, 50)):
        order = variants if index % 2 == 0 else variants[::-1]
        for variant in order:
            seed = 10 + index
            measure(
                variant, f"c{concurrency}", mix, concurrency, plan.phase_s, think=THINK_S, seed=seed
            )
    print("Saturation, no think time:", flush=True)
    run_saturation(variants, mix, plan)
    for variant in variants:
        variant.sample_memory("after_load")


def targets(ours: dict[str, object], base: dict[str, object]) -> dict[str, object]:
    load = ours["load"]
    sat, base_sat = ours["saturation"], base["saturation"]
    assert isinstance(load, dict) and isinstance(sat, dict) and isinstance(base_sat, dict)
    p95 = load.get("c10", {}).get("p95_ms")
    ratio = (
        round(sat["sustained_messages_per_s"] / base_sat["sustained_messages_per_s"], 2)
        if sat.get("sustained_messages_per_s") and base_sat.get("sustained_messages_per_s")
        else None
    )
    model = ours["model"]
    checkins = ours["checkins"]
    assert isinstance(model, dict) and isinstance(checkins, dict)
    c50 = checkins.get("c50", {})
    return {
        "p95_ms_at_10_with_think_time": {"value": p95, "target": "<= 150",
                                         "met": p95 is not None and p95 <= 150},
        "errors": {"value": ours["errors"], "target": "0", "met": ours["errors"] == 0},
        "checkins_at_50": {"value": c50, "target": "some confirmed, 0 lost, 0 duplicated",
                           "met": bool(c50) and c50["confirmed"] > 0 and c50["lost"] == 0
                           and c50["duplicated"] == 0},
        "saturation_ratio_vs_baseline": {"value": ratio, "target": ">= 2",
                                         "met": ratio is not None and ratio >= 2},
        "cold_start_s": {"value": ours["cold_start_s"], "target": "<= 25",
                         "met": float(str(ours["cold_start_s"])) <= 25},
        "train_s": {"value": model.get("train_s"), "target": "<= 180",
                    "met": model.get("train_s") is not None and model["train_s"] <= 180},
    }  # fmt: skip


def ratio_rows(table: dict[str, float | None]) -> list[str]:
    keep = (
        "cold_start_s",
        "model.",
        "errors",
        ".p50_ms",
        ".p95_ms",
        ".p99_ms",
        ".messages_per_s",
        "sustained_messages_per_s",
        "peak_messages_per_s",
        ".rss_mb",
    )
    rows = ["| figure | peerline / baseline |", "|---|---|"]
    for key, value in table.items():
        if any(part in key for part in keep) and ".steps" not in key and "checkins" not in key:
            rows.append(f"| {key} | {value if value is not None else 'n/a'} |")
    return rows


def main_compare(args: argparse.Namespace, rasa_venv: Path, mix: Mix) -> dict[str, object]:
    plan = QUICK if args.quick else FULL
    cache = OUT / "models"
    if args.baseline_model:
        baseline_info: dict[str, object] = {"path": str(args.baseline_model.resolve())}
    else:
        baseline_info = trained_model(
            "baseline", REPO / "benchmarks" / "configs" / "rasa_init.yml", cache, rasa_venv
        )
    if args.quick:
        newest = max((REPO / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        peerline_info: dict[str, object] = {
            "path": str(newest),
            "train_s": None,
            "note": "quick run: models/, not retrained",
        }
    else:
        peerline_info = trained_model("peerline", REPO / "config.yml", cache, rasa_venv)
    variants = [
        Variant("peerline", Path(str(peerline_info["path"])), model_info=peerline_info),
        Variant(
            "baseline", Path(str(baseline_info["path"])), model_info=baseline_info, stock_rasa=True
        ),
    ]
    load_before = os.getloadavg()
    started = time.monotonic()
    with work_dir("compare") as tmp:
        for variant in variants:
            variant.model = snapshot(variant.model, Path(tmp))
        try:
            bench(variants, mix, plan, rasa_venv, Path(tmp))
            result = {v.name: figures(v) for v in variants}
        finally:
            for variant in variants:
                if variant.stack is not None:
                    variant.stack.stop()
    ours, base = result["peerline"], result["baseline"]
    return {
        "meta": _meta(args, plan, load_before, started),
        "models": {"peerline": peerline_info, "baseline": baseline_info},
        "peerline": ours,
        "baseline": base,
        "ratio_peerline_over_baseline": ratios(ours, base),
        "targets": targets(ours, base),
    }


TUNE_VARIANTS: dict[str, tuple[dict[str, str], str | None]] = {
    "default": ({}, None),
    "tf_threads_1_1": (
        {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}, None),
    "tf_threads_2_1": (
        {"TF_INTRA_OP_PARALLELISM_THREADS": "2", "TF_INTER_OP_PARALLELISM_THREADS": "1"}, None),
    "inmemory_tracker": ({}, "tracker_store:\n  type: InMemoryTrackerStore\n"),
    "sanic_workers_2": ({"SANIC_WORKERS": "2"}, None),  # stores_yaml filled in main_tune
    # No embedding model: the semantic layer off (the component's own fallback), to price it.
    "semantic_off": ({"PEERLINE_EMBEDDINGS_DIR": "/nonexistent/semantic-layer-off"}, None),
}  # fmt: skip


def main_tune(args: argparse.Namespace, rasa_venv: Path, mix: Mix) -> dict[str, object]:
    """Each candidate in its own stack on the same model; short phases, rotated order, rounds."""
    newest = max((REPO / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    names = args.variants or list(TUNE_VARIANTS)
    variants = []
    for name in names:
        env, stores = TUNE_VARIANTS[name]
        variants.append(Variant(name, newest, extra_env=env, stores_yaml=stores))
    rounds, seconds = args.rounds, 12.0 if args.quick else 20.0
    load_before, started = os.getloadavg(), time.monotonic()
    per_round: dict[str, list[dict[str, object]]] = {v.name: [] for v in variants}
    with work_dir("tune") as tmp:
        copy = snapshot(newest, Path(tmp))
        for variant in variants:
            variant.model = copy
        try:
            for variant in variants:
                if variant.name == "sanic_workers_2":
                    # Rasa refuses >1 worker with its in-memory lock store: Redis locks.
                    variant.stores_yaml = (
                        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n"
                        f"  db: {Path(tmp) / variant.name / 'tracker.db'}\n"
                        "lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: 6379\n"
                        f"  key_prefix: peerlinebench{os.getpid()}\n"
                    )
                variant.start(Path(tmp) / variant.name, rasa_venv)
                measure(variant, "warmup", mix, 2, 6, think=None, seed=1)
                variant.sample_memory("idle_after_warmup")
            for index in range(rounds):
                shift = index % len(variants)
                for variant in variants[shift:] + variants[:shift]:
                    think = measure(
                        variant, "c10", mix, 10, seconds, think=THINK_S, seed=20 + index
                    )
                    sat = measure(variant, "sat_8", mix, 8, seconds, think=None, seed=40 + index)
                    per_round[variant.name].append(
                        {
                            "c10_think": think.summary(),
                            "sat_8": sat.summary(),
                            "checkins": checkin_counts(variant),
                        }
                    )
            for variant in variants:
                variant.sample_memory("after_load")
        finally:
            for variant in variants:
                if variant.stack is not None:
                    variant.stack.stop()
    summary = {}
    for variant in variants:
        rows = per_round[variant.name]
        summary[variant.name] = {
            "cold_start_s": variant.cold_start_s[0],
            "semantic_layer": variant.semantic_layer[0],
            "c10_think_p95_ms_median": _median([r["c10_think"]["p95_ms"] for r in rows]),
            "c10_think_p50_ms_median": _median([r["c10_think"]["p50_ms"] for r in rows]),
            "sat_8_messages_per_s_median": _median([r["sat_8"]["messages_per_s"] for r in rows]),
            "sat_8_p95_ms_median": _median([r["sat_8"]["p95_ms"] for r in rows]),
            "errors": sum(r["c10_think"]["errors"] + r["sat_8"]["errors"] for r in rows),
            "rss_mb_after_load": {k: v["rss_mb"] for k, v in variant.memory["after_load"].items()},
        }
    return {
        "meta": _meta(args, None, load_before, started),
        "model": str(newest),
        "summary": summary,
        "ratio_vs_default": {
            name: ratios(figs, summary["default"]) for name, figs in summary.items()
        } if "default" in summary else {},
        "rounds": per_round,
    }  # fmt: skip


def _median(values: list[object]) -> float | None:
    numbers = sorted(float(str(v)) for v in values if v is not None)
    if not numbers:
        return None
    middle = len(numbers) // 2
    return numbers[middle] if len(numbers) % 2 else (numbers[middle - 1] + numbers[middle]) / 2


def _meta(args: argparse.Namespace, plan: Plan | None, load_before: tuple[float, ...],
          started: float) -> dict[str, object]:  # fmt: skip
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "tune" if args.tune else ("quick" if args.quick else "full"),
        "plan": plan.__dict__ if plan else None,
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "duration_s": round(time.monotonic() - started, 1),
        "note": "Shared 2-core machine: other work ran at the same time, so figures are noisy. "
        "Variants run side by side with alternating phase order so both see the same noise.",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short phases; uses models/")
    parser.add_argument("--tune", action="store_true", help="compare tuning candidates")
    parser.add_argument("--variants", nargs="*", choices=list(TUNE_VARIANTS), help="with --tune")
    parser.add_argument("--rounds", type=int, default=2, help="with --tune")
    parser.add_argument("--baseline-model", type=Path, help="use this model, do not train one")
    args = parser.parse_args()
    # A model loads in ~10 s on an idle machine, but minutes when the 2 cores are shared.
    stack_module.READY_TIMEOUT_S = max(stack_module.READY_TIMEOUT_S, 900.0)
    rasa_venv = Path(os.environ["RASA_VENV"])
    # The development questions (tests/eval/MANIFEST.yml): the load needs realistic texts, not
    # a final set, which only `make eval` may read.
    mix = Mix.from_questions(REPO / "tests" / "eval" / "questions.yml")
    OUT.mkdir(parents=True, exist_ok=True)
    if args.tune:
        report = main_tune(args, rasa_venv, mix)
        out = OUT / ("tune-quick.json" if args.quick else "tune.json")
        out.write_text(json.dumps(report, indent=2))
        print(json.dumps(report["summary"], indent=2))
        print(f"Wrote {out}")
        return 0
    report = main_compare(args, rasa_venv, mix)
    stem = "load-quick" if args.quick else "load"
    (OUT / f"{stem}.json").write_text(json.dumps(report, indent=2))
    draw(report, OUT / f"{stem}.png")
    table = ratio_rows(report["ratio_peerline_over_baseline"])  # type: ignore[arg-type]
    (OUT / f"{stem}-ratios.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))
    print(json.dumps(report["targets"], indent=2))
    print(f"Wrote {OUT / stem}.json, .png and -ratios.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
