#!/usr/bin/env bash
# Runs the Python module's tests with the given interpreter (default /usr/bin/python3); exit 77 (reported
# by CTest as skipped) when pytest is not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
python="${1:-/usr/bin/python3}"
if ! "$python" -c "import pytest" >/dev/null 2>&1; then
  echo "pytest is not installed for $python (scripts/install-deps installs python3-pytest): Python module not tested"
  exit 77
fi
exec "$python" -m pytest tests/python -q -p no:cacheprovider
