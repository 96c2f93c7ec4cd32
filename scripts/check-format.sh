#!/usr/bin/env bash
# Checks that the C and BPF sources are laid out as .clang-format says (the Java sources are checked by
# Spotless in `mvn verify`). `--fix` rewrites them instead; run it, and `mvn spotless:apply`, after a merge.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find bpf jni/src/main/c jni/generator bench/verifier -name '*.[ch]' | sort)
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
