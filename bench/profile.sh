#!/usr/bin/env bash
# Profiles one load scenario on the SQLite backend: ruoyi-server (the Release build of
# bench/run.sh) under `perf record` when the CPU exposes hardware counters, else under
# `valgrind --tool=callgrind` (repeatable instruction counts; ~50x slower, so few connections),
# driven by wrk with the scenario's Lua script. Prints the top functions, self and inclusive.
#
#   bench/profile.sh [get|list|info|create|login] [seconds]      (default: get 20)
#
# Output stays in bench/results/profile-<scenario>-<time>.* (callgrind.out / perf.data + the report).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
SCENARIO=${1:-get}
SECONDS_RUN=${2:-20}
BUILD_DIR=${BENCH_BUILD_DIR:-$ROOT/build-bench}
SERVER_BIN="$BUILD_DIR/ruoyi-server"
USERS=${BENCH_USERS:-10000}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$BENCH/results/profile-$SCENARIO-$STAMP"
TMP=$(mktemp -d /tmp/ruoyi-profile.XXXXXX)
SERVER_PID=""

log() { printf '[profile %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f "$BENCH/lua/$SCENARIO.lua" ] || { log "unknown scenario '$SCENARIO'"; exit 2; }
[ -x "$SERVER_BIN" ] || { log "no $SERVER_BIN: run make bench (or bench/run.sh) once first"; exit 1; }
mkdir -p "$BENCH/results"

PORT=$((20000 + RANDOM % 40000))
while grep -q "$(printf ':%04X ' "$PORT")" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do PORT=$((20000 + RANDOM % 40000)); done

# PROFILE_TOOL=perf|callgrind overrides (perf then samples cpu-clock: wall-clock, noisy, but it
# shows the kernel side — futex wake-ups, epoll — that callgrind does not).
probe=$(perf stat -e instructions true 2>&1 || true)
if [ -n "${PROFILE_TOOL:-}" ]; then TOOL=$PROFILE_TOOL
elif grep -q 'not supported\|rror\|ermission' <<<"$probe" || ! command -v perf >/dev/null; then TOOL=callgrind
else TOOL=perf; fi
command -v "$([ "$TOOL" = perf ] && echo perf || echo valgrind)" >/dev/null || { log "$TOOL is not installed"; exit 1; }
log "tool: $TOOL; scenario: $SCENARIO for ${SECONDS_RUN}s; output: $OUT.*"

env_vars=(RUOYI_HOST=127.0.0.1 RUOYI_PORT="$PORT" RUOYI_LOG_LEVEL=warn RUOYI_ACCESS_LOG=false
          RUOYI_DATA_DIR="$TMP/data" RUOYI_SHUTDOWN_GRACE=2 RUOYI_REQUEST_TIMEOUT=600 RUOYI_CAPTCHA_ENABLED=false)
if [ "$TOOL" = callgrind ]; then
  # Callgrind serialises the threads; more than a few connections only queue.
  CONNS=${PROFILE_CONNECTIONS:-8}
  env "${env_vars[@]}" valgrind --tool=callgrind --callgrind-out-file="$OUT.callgrind.out" \
    --instr-atstart=no "$SERVER_BIN" >"$TMP/server.log" 2>&1 &
else
  CONNS=${PROFILE_CONNECTIONS:-64}
  env "${env_vars[@]}" perf record -g -e cpu-clock -o "$OUT.perf.data" "$SERVER_BIN" >"$TMP/server.log" 2>&1 &
fi
SERVER_PID=$!
for _ in $(seq 600); do
  [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/captchaImage" || true)" = 200 ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; exit 1; }
  sleep 0.2
done

out=$(sed "s/__USERS__/$USERS/" "$BENCH/seed/sqlite.sql" | sqlite3 "$TMP/data/ruoyi.db")
read -r ID_MIN ID_MAX <<<"$(tail -1 <<<"$out")"
TOKEN=$(curl -s -m 120 -X POST --data 'username=admin&password=admin123' "http://127.0.0.1:$PORT/login" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { log "login failed"; exit 1; }

# Start-up, migrations, seeding and the login are not part of the profile: instrumentation is
# switched on only now.
if [ "$TOOL" = callgrind ]; then callgrind_control -i on "$SERVER_PID" >/dev/null; fi
log "driving $SCENARIO with $CONNS connections"
BENCH_TOKEN="$TOKEN" BENCH_ID_MIN="$ID_MIN" BENCH_ID_MAX="$ID_MAX" BENCH_TAG="p$RANDOM" \
  wrk -t 1 -c "$CONNS" -d "${SECONDS_RUN}s" --timeout 60s -s "$BENCH/lua/$SCENARIO.lua" "http://127.0.0.1:$PORT" |
  grep -E 'Requests/sec|BENCH_JSON' >&2 || true

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

{
  if [ "$TOOL" = callgrind ]; then
    echo "== self (exclusive) instructions =="
    callgrind_annotate --inclusive=no "$OUT.callgrind.out" 2>/dev/null | sed -n '1,60p'
    echo
    echo "== inclusive instructions =="
    callgrind_annotate --inclusive=yes "$OUT.callgrind.out" 2>/dev/null | sed -n '1,80p'
  else
    echo "== self samples by symbol =="
    perf report -i "$OUT.perf.data" --no-children --stdio -g none --percent-limit 0.5 2>/dev/null |
      grep -v '^#' | grep -v '^$' | cut -c1-220 | head -60
    echo
    echo "== with children (inclusive) =="
    perf report -i "$OUT.perf.data" --children --stdio -g none --percent-limit 2 2>/dev/null |
      grep -v '^#' | grep -v '^$' | cut -c1-220 | head -60
  fi
} >"$OUT.txt"
cat "$OUT.txt"
log "report: $OUT.txt"
