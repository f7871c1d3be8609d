#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan + UBSan) in their own tree and runs each one for
# FUZZ_SECONDS on its committed seeds (fuzz/corpus/<target>, read only: new inputs go to
# $FUZZ_BUILD_DIR/corpus/<target>). A crash, leak, UB report, timeout or a run past the memory limits
# fails the script; the input is kept as $FUZZ_BUILD_DIR/crashes/<target>-<kind>-<sha1>.
#   FUZZ_SECONDS   seconds per target (default 60)    FUZZ_TARGETS  names to run (default: all)
#   FUZZ_BUILD_DIR build tree (default build-fuzz)    FUZZ_JOBS     build jobs (default nproc)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}
targets=${FUZZ_TARGETS:-"http_request form_query json_body jwt multipart xlsx zip cron"}

cmake -S . -B "$build" -G Ninja -DRUOYI_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs"

failed=()
for t in $targets; do
  mkdir -p "$build/corpus/$t" "$build/crashes"
  case $t in
    xlsx | zip) max_len=65536 ;;
    *) max_len=8192 ;;
  esac
  log="$build/fuzz_$t.log"
  # rss/malloc limits: an input that makes a parser allocate past them is a finding too.
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$t-" "$build/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    echo "fuzz $t: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds}s)"
  else
    echo "fuzz $t: FAILED, see $log"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5 || true
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: all targets clean"
