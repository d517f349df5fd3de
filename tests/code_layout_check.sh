#!/usr/bin/env bash
# Fails when a C++ file of the project does not follow .clang-format (clang-format 14, Debian 12).
# Exit 77 (reported by CTest as skipped) when clang-format is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (scripts/install-deps installs it): layout not checked"
  exit 77
fi
mapfile -d '' files < <(find include src cli tests bench fuzz python -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z)
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
  echo "${#bad[@]} of ${#files[@]} files do not follow .clang-format (fix: clang-format -i FILE):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "${#files[@]} files follow .clang-format"
