#!/usr/bin/env bash
# Runs each libFuzzer target named on the command line for FUZZ_SECONDS on a copy of its seed
# corpus (tests/fuzz/corpus/<target> → $FUZZ_DIR/corpus/<target>, so the repository's corpus
# stays as committed), prints a summary, and exits non-zero if any target crashed.
# Used by `make fuzz`; crash inputs land in $FUZZ_DIR/artifacts/<target>/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
# Sanitizer reports are fatal; leaks inside Qt's global statics are not the codecs' business,
# but a leak per input would still show up as growing RSS (-rss_limit_mb).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

declare -A status
failed=0
for target in "$@"; do
    bin="$FUZZ_DIR/bin/$target"
    corpus="$FUZZ_DIR/corpus/$target"
    artifacts="$FUZZ_DIR/artifacts/$target"
    log="$FUZZ_DIR/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    cp -n "$here/corpus/$target"/* "$corpus"/ 2>/dev/null || true
    dict=()
    case $target in
        fuzz_json_codec|fuzz_validator) dict=("-dict=$here/json.dict") ;;
    esac
    echo "== $target: ${FUZZ_SECONDS}s (log: $log)"
    start=$(date +%s)
    "$bin" "$corpus" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/" $FUZZ_FLAGS >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 || true)
    if [[ $rc -eq 0 ]]; then
        status[$target]="ok     ${secs}s runs=${runs:-?} ${cov}"
    else
        failed=1
        status[$target]="CRASH  ${secs}s exit=$rc artifacts: $(ls "$artifacts" | tr '\n' ' ')"
        grep -E 'ERROR: |runtime error|FUZZ PROPERTY|SUMMARY' "$log" | head -5 | sed 's/^/    /'
    fi
done

echo "== fuzz summary"
for target in "$@"; do
    printf '  %-18s %s\n' "$target" "${status[$target]}"
done
exit $failed
