#!/usr/bin/env bash
# Runs the benchmarks that are built (bench/), printing their figures. Benchmarks are not tests:
# nothing here passes or fails on a figure. docs/benchmarks.md says what each one measures, the
# targets, and the figures recorded on the reference machine.
#   switchboard-bench         load generator against a spawned switchboard-server: room fan-out,
#                             chat ack latency at 2,000 msgs/s, the market feed to 100 subscribers,
#                             15,000 idle connections (~75 s)
#   switchboard-bench-ingest  the desktop models and chart offscreen at 10,000 ticks/s, and a room
#                             of 100,000 messages (~20 s)
set -euo pipefail
bin=${1:-build/bin}
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
found=0
for b in "$bin"/switchboard-bench*; do
    [[ -x "$b" ]] || continue
    found=1
    echo "== $(basename "$b")"
    "$b"
done
[[ $found -eq 1 ]] || echo "No benchmarks are built yet (bench/ is empty)."
