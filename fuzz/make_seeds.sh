#!/usr/bin/env bash
# Seed corpora for the fuzz targets, from the checkpoint fixtures of the neural tests:
#   fuzz/make_seeds.sh OUTDIR   ->  OUTDIR/zip/* (whole checkpoints), OUTDIR/pickle/* (their data.pkl)
set -euo pipefail
out=${1:?usage: make_seeds.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/../tests/neural/make_checkpoint_fixtures.py" "$tmp"
mkdir -p "$out/zip" "$out/pickle"
for f in pytorch_model.bin model_p4.bin model_p5.bin lightning.ckpt compressed.bin; do
  cp "$tmp/weight_store/$f" "$out/zip/$f"
  /usr/bin/python3 - "$tmp/weight_store/$f" "$out/pickle/${f%.*}.pkl" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = [n for n in z.namelist() if n.endswith("/data.pkl")][0]
open(sys.argv[2], "wb").write(z.read(name))
PY
done
mkdir -p "$out/safetensors"
cp "$tmp/weight_store/model.safetensors" "$out/safetensors/"
