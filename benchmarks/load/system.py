"""Process memory and CPU time from /proc, and trained models cached by a hash of their inputs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from devtools.procs import descendants
from devtools.stack import REPO
from nlp.embeddings import model_dir

# What a trained model depends on: a change to any of these retrains it.
MODEL_INPUTS = ("data", "domain", "nlp", "requirements/rasa.lock")


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    return [pid, *descendants(pid)]


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds used so far by ``pid`` and all its descendants (/proc)."""
    return sum(_cpu_ticks(p) for p in _tree(pid)) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> dict[str, float | int]:
    """RSS and peak RSS (VmHWM) of ``pid`` plus all its descendants, in MB."""
    pids = _tree(pid)
    return {
        "rss_mb": round(sum(_status_kb(p, "VmRSS") for p in pids) / 1024, 1),
        "peak_rss_mb": round(sum(_status_kb(p, "VmHWM") for p in pids) / 1024, 1),
        "processes": len(pids),
    }


def embeddings_env() -> dict[str, str]:
    """The repository's embedding model, named outright.

    devtools.stack points PEERLINE_VAR_DIR at the stack's work directory, which has no
    embedding model: without this, Peerline would run without its semantic layer.
    """
    return {"PEERLINE_EMBEDDINGS_DIR": str((REPO / model_dir()).resolve())}


def semantic_layer(workdir: Path) -> str | None:
    """The semantic layer's health as the SentenceEmbedder wrote it ("ok", "off"), or None."""
    health = workdir / "health" / "semantic.json"
    if not health.exists():
        return None
    status: str = json.loads(health.read_text())["status"]
    return status


def inputs_hash(config: Path) -> str:
    """SHA-256 (first 16 hex digits) over the config and every file a model is trained from."""
    digest = hashlib.sha256()
    files = [config]
    for name in MODEL_INPUTS:
        path = REPO / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def train_from_nothing(rasa_venv: Path, rasa_args: list[str], log: Path) -> float:
    """Seconds that ``rasa RASA_ARGS...`` takes with an empty Rasa cache; output into ``log``."""
    with tempfile.TemporaryDirectory() as rasa_cache, log.open("wb") as out:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(REPO),
            RASA_CACHE_DIRECTORY=rasa_cache,
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONWARNINGS="ignore::DeprecationWarning,ignore::UserWarning:pkg_resources",
        )
        started = time.monotonic()
        subprocess.run(
            [str(rasa_venv / "bin" / "rasa"), *rasa_args],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip
        return time.monotonic() - started


def trained_model(name: str, config: Path, cache: Path, rasa_venv: Path) -> dict[str, object]:
    """A model of ``config`` trained from nothing (fresh Rasa cache), reused while inputs match."""
    key = f"{name}-{inputs_hash(config)}"
    model, meta = cache / f"{key}.tar.gz", cache / f"{key}.json"
    if model.exists() and meta.exists():
        info: dict[str, object] = json.loads(meta.read_text())
        return {**info, "path": str(model), "cached": True}
    cache.mkdir(parents=True, exist_ok=True)
    log = cache / f"{key}.train.log"
    print(f"Training {name} ({config.relative_to(REPO)}) from nothing; log: {log}", flush=True)
    command = ["train", "--config", str(config), "--domain", "domain", "--data", "data"]
    command += ["--out", str(cache), "--fixed-model-name", key]
    seconds = train_from_nothing(rasa_venv, command, log)
    info = {
        "config": str(config.relative_to(REPO)),
        "train_s": round(seconds, 1),
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
    }
    meta.write_text(json.dumps(info, indent=2))
    return {**info, "path": str(model), "cached": False}
