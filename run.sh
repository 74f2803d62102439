#!/usr/bin/env bash
# One command for each thing a newcomer does:
#   bash run.sh chat   set up .venv (first time only) and start the chat on 127.0.0.1:7860
#   bash run.sh test   set up .venv with the test tools and run the whole test suite
#   bash run.sh lint   set up .venv with the test tools, run ruff (lint and format check,
#                      ruff.toml) and vulture
# Extra arguments go to app.py (chat: --port P, --host H, --allow-upload, --mcp; --help)
# or pytest (test).
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-chat}"; shift || true

python=${PYTHON:-python3}
stamp=.venv/.installed
reqs=requirements.txt
[ "$what" = test ] || [ "$what" = lint ] && reqs=requirements-dev.txt
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Reinstall only when the requirements changed since the last install.
want=$(cat requirements.txt requirements-milvus.txt requirements-mcp.txt requirements-ray.txt requirements-dev.txt | sha256sum | cut -c1-16)-$reqs
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
  echo "$want" > "$stamp"
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
case "$what" in
  chat) exec .venv/bin/python app.py "$@" ;;
  test)
    if [ ! -x /usr/bin/chromium ]; then
      echo "note: /usr/bin/chromium is missing, so the browser tests will be skipped" \
           "(install it: apt-get install chromium)" >&2
    fi
    exec .venv/bin/python -m pytest -q "$@" ;;
  lint)  # ruff's rules and its formatting (ruff.toml), then code nothing uses (vulture,
         # sure findings only). Fix formatting with: .venv/bin/ruff format .
    .venv/bin/ruff check --no-cache "$@" .
    .venv/bin/ruff format --check --no-cache .
    exec .venv/bin/vulture qa qa_web app.py benchmarks tests --min-confidence 80 ;;
  *) echo "usage: bash run.sh chat|test|lint [args]" >&2; exit 2 ;;
esac
