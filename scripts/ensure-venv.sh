#!/usr/bin/env bash
# ensure-venv.sh NAME LOCKFILE -> prints the path of a ready virtual environment.
# VENV_PYTHON picks another interpreter than Python 3.10 (the export environment uses 3.11).
# Environments live outside the clone, keyed by the lock file's hash, so a fresh clone
# (CI included) reuses an install whose lock has not changed, and a changed lock
# builds a new one.
set -euo pipefail
name=$1; lock=$2
home=${PEERLINE_VENV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/peerline}
hash=$(sha256sum "$lock" | cut -c1-16)
venv="$home/$name-$hash"
if [ ! -f "$venv/.complete" ]; then
  py=${VENV_PYTHON:-$("$(dirname "$0")/python310.sh")}
  rm -rf "$venv"; mkdir -p "$home"
  echo "Creating the $name environment in $venv (one-off, a few minutes)..." >&2
  start=$(date +%s)
  "$py" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade "pip<26" 2>&1 | grep -v "is ignored: it is neither" >&2 || true
  if ! "$venv/bin/python" -m pip install --quiet --require-hashes --no-deps -r "$lock" 2>&1 \
      | { grep -v "is ignored: it is neither" >&2 || true; }; then
    echo "Installing the $name environment from $lock failed; see pip's message above." >&2
    exit 1
  fi
  "$venv/bin/python" -m pip check >&2
  echo "$(( $(date +%s) - start ))" > "$venv/.complete"
  echo "The $name environment took $(cat "$venv/.complete") s to install." >&2
fi
echo "$venv"
