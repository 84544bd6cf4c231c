#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains in one sentence how to get one.
# Rasa 3.6 and rasa-sdk 3.6 declare Python < 3.11, so both environments use 3.10.
set -euo pipefail
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "${candidates[@]}"; do
  if "$p" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$p"; exit 0
  fi
done
echo "Python 3.10 was not found (Rasa 3.6 needs Python < 3.11): install it with 'pyenv install 3.10' (or your OS packages) or set PYTHON310=/path/to/python3.10." >&2
exit 1
