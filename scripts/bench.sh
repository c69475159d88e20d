#!/usr/bin/env bash
# Runs the benchmarks that are built (bench/), printing their figures. Benchmarks are not tests.
set -euo pipefail
bin=${1:-build/bin}
found=0
for b in "$bin"/switchboard-bench*; do
    [[ -x "$b" ]] || continue
    found=1
    echo "== $(basename "$b")"
    "$b"
done
[[ $found -eq 1 ]] || echo "No benchmarks are built yet (bench/ is empty)."
