#!/usr/bin/env bash
# Starts N workers on this machine against one storage and waits for them:
#   bash examples/distributed/launch_local.sh 4 postgresql+psycopg2://user@host/optuna gpei
set -euo pipefail
workers=${1:-4}
storage=${2:?storage URL}
sampler=${3:-gpei}
here=$(dirname "$0")
# Create the study (and, on a fresh database, Optuna's tables) once, before the workers race to.
optuna create-study --storage "$storage" --study-name distributed-search --skip-if-exists >/dev/null
for _ in $(seq "$workers"); do
  python3 "$here/worker.py" --storage "$storage" --sampler "$sampler" --trials 25 &
done
wait
