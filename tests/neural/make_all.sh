#!/usr/bin/env bash
# Builds every tiny model and reference file of the neural tests into OUTDIR (CTest fixture
# neural_make_tiny_models): runs each tests/neural/make_*.py with Debian's Python 3, which has
# python3-torch and python3-sentencepiece (installed by scripts/install-deps).
set -euo pipefail
out=${1:?usage: make_all.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
for script in "$here"/make_*.py; do
  PYTHONDONTWRITEBYTECODE=1 "$python" "$script" "$out.tmp"
done
rm -rf "$out" && mv "$out.tmp" "$out"
