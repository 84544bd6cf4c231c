#!/usr/bin/env bash
# rasa_run.sh FLAGS... -> `rasa run FLAGS...`, with Rasa's HTTP API only when it has a credential.
# The API (/status, /model/parse, /conversations/...) stays off, its routes 404, unless
# RASA_API_TOKEN (callers add ?token=...) or RASA_JWT_SECRET (callers send
# "Authorization: Bearer <JWT>", RASA_JWT_METHOD default HS256) is set; then it is on and
# refuses requests without one.
set -euo pipefail
api=()
if [[ -n "${RASA_API_TOKEN:-}" ]]; then
  if (( ${#RASA_API_TOKEN} < 16 )); then
    echo "RASA_API_TOKEN is shorter than 16 characters: use a long random value" \
      "(python -c \"import secrets; print(secrets.token_urlsafe(32))\")." >&2
    exit 2
  fi
  # --flag=value: a random token may start with "-", which argparse would take for a flag.
  api+=("--auth-token=$RASA_API_TOKEN")
fi
if [[ -n "${RASA_JWT_SECRET:-}" ]]; then
  api+=("--jwt-secret=$RASA_JWT_SECRET" "--jwt-method=${RASA_JWT_METHOD:-HS256}")
fi
if (( ${#api[@]} )); then
  api=(--enable-api "${api[@]}")
fi
# Rasa's CLI with Peerline's speed-ups installed first (bot/rasa_ext/cli.py).
exec "${RASA_VENV:?RASA_VENV is not set: start Peerline with make run}/bin/python" \
  -m bot.rasa_ext.cli run "$@" ${api[@]+"${api[@]}"}
