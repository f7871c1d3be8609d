#!/usr/bin/env bash
# `make bench`: builds Release, runs the micro benchmarks, then load-tests ruoyi-server with wrk on
# each backend — (a) embedded SQLite, (b) PostgreSQL 15 + Redis started here on loopback — and
# prints one table (also written as JSON under bench/results/). Everything it starts is stopped by
# the EXIT trap; a watchdog bounds the whole run. docs/performance.md explains the figures.
#
# Knobs (environment):
#   BENCH_BACKENDS="sqlite postgres"  backends to run            BENCH_DURATION=10  seconds per scenario
#   BENCH_WARMUP=3                    warm-up seconds            BENCH_CONNECTIONS=64 / BENCH_PEAK_CONNECTIONS=256
#   BENCH_USERS=10000                 users seeded               BENCH_BCRYPT_COST=10 / BENCH_LOW_BCRYPT_COST=4
#   BENCH_MICRO=1 (0 skips)           BENCH_MICRO_MIN_TIME=0.1   BENCH_BUILD_DIR=build-bench
#   BENCH_MAX_SECONDS=540 (or more)   watchdog after the build   BENCH_SKIP_BUILD=1  use the existing build
#   BENCH_SQLITE_GET_BASELINE=3396    SQLite get req/s the issue-17 target doubles
# Other RUOYI_* variables (pool size, workers, offload threads…) are passed to the server.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BENCH_BUILD_DIR:-build-bench}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-64}
PEAK_CONNS=${BENCH_PEAK_CONNECTIONS:-256}
USERS=${BENCH_USERS:-10000}
BCRYPT_COST=${BENCH_BCRYPT_COST:-10}
LOW_BCRYPT_COST=${BENCH_LOW_BCRYPT_COST:-4}
MICRO=${BENCH_MICRO:-1}
MICRO_MIN_TIME=${BENCH_MICRO_MIN_TIME:-0.1}
SQLITE_GET_BASELINE=${BENCH_SQLITE_GET_BASELINE:-3396}
# Default bound: 540 s, or more when longer runs were asked for (≈ 9 runs + 2 pgbench per backend,
# plus on PostgreSQL 3 captures each followed by a pgbench run of the captured statements).
MAX_DEFAULT=$((60 + 2 * (9 * (DURATION + WARMUP + 4) + 2 * DURATION + 40) + 3 * (DURATION + 10)))
MAX_SECONDS=${BENCH_MAX_SECONDS:-$((MAX_DEFAULT > 540 ? MAX_DEFAULT : 540))}
CORES=$(nproc)
WRK_THREADS=$((CORES < 2 ? 1 : 2))
CLK_TCK=$(getconf CLK_TCK)
SERVER_BIN="$BUILD_DIR/ruoyi-server"
MICRO_BIN="$BUILD_DIR/bench/bench_micro"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULTS="$BENCH/results"
RESULT_JSON="$RESULTS/bench-$STAMP.json"
TAG=$(printf '%04x' $((RANDOM)))  # makes the create scenario's user names unique per run
STARTED_AT=$(date +%s)
# Other RUOYI_* variables of the caller's environment reach the server (RUOYI_DB_POOL_SIZE=16
# make bench); these two would point the sqlite backend elsewhere, so each backend sets its own.
unset RUOYI_DB_URL RUOYI_REDIS_URL

log() { printf '[bench %s +%3ss] %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - STARTED_AT))" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- everything this script starts, stopped on exit --------------------------------------------
TMP=$(mktemp -d /tmp/ruoyi-bench.XXXXXX)
SERVER_PID="" REDIS_PID="" PGDATA_DIR="" PG_STARTED="" WATCHDOG_PID="" BG_PIDS=()

stop_pid() {  # pid [grace seconds]: TERM, then KILL after the grace
  local pid=$1 grace=${2:-5} i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${BG_PIDS[@]}"; do stop_pid "$pid" 2; done
  stop_server
  stop_redis
  stop_postgres
  stop_pid "$WATCHDOG_PID" 2
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# The watchdog (started after the build): past MAX_SECONDS the run is stopped (TERM → the trap
# above cleans up). Its own TERM handler takes its sleep down with it.
start_watchdog() {
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$MAX_SECONDS" &
    sleeper=$!
    wait "$sleeper"
    echo "[bench] watchdog: the run exceeded ${MAX_SECONDS}s, stopping it" >&2
    kill -TERM $$
  ) &
  WATCHDOG_PID=$!
}

# A loopback port nobody listens on or uses (any TCP state), not handed out before in this run.
USED_PORTS=" "
free_port() {
  local p hex
  for _ in $(seq 500); do
    p=$((20000 + RANDOM % 40000))
    hex=$(printf ':%04X ' "$p")
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    grep -q "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    USED_PORTS+="$p "
    echo "$p"
    return 0
  done
  return 1
}

json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g' <<<"$1"; }

json_field() {  # json key → the value of "key": (number or string, unquoted)
  sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$1" | head -1
}

# --- build -------------------------------------------------------------------------------------
build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -x "$SERVER_BIN" ]; then
    log "build: skipped (BENCH_SKIP_BUILD=1), using $SERVER_BIN"
    return
  fi
  log "build: Release in $BUILD_DIR (ruoyi-server, bench_micro)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRUOYI_BUILD_BENCH=ON \
    -DRUOYI_BUILD_TESTS=OFF >"$TMP/cmake.log" 2>&1 || { cat "$TMP/cmake.log" >&2; die "cmake configure failed"; }
  local targets=(ruoyi-server)
  [ "$MICRO" = 1 ] && targets+=(bench_micro)
  cmake --build "$BUILD_DIR" -j "$CORES" --target "${targets[@]}" >"$TMP/build.log" 2>&1 ||
    { tail -40 "$TMP/build.log" >&2; die "build failed"; }
  log "build: done"
}

# --- the server ----------------------------------------------------------------------------------
SERVER_PORT="" SERVER_LOG="" TOKEN=""

# start_server label [VAR=value ...]: starts ruoyi-server on a free loopback port with the given
# environment; returns 1 (server not running, its log in $SERVER_LOG) if it exits or is not ready
# within 30 s.
start_server() {
  local label=$1
  shift
  SERVER_PORT=$(free_port) || die "no free port"
  SERVER_LOG="$TMP/server-$label.log"
  # The per-IP rate limits are off: wrk sends every login and readiness poll from one address.
  env RUOYI_HOST=127.0.0.1 RUOYI_PORT="$SERVER_PORT" RUOYI_LOG_LEVEL=warn RUOYI_ACCESS_LOG=false \
    RUOYI_SHUTDOWN_GRACE=2 RUOYI_RATE_LIMIT_LOGIN=0 RUOYI_RATE_LIMIT_CAPTCHA=0 RUOYI_CAPTCHA_ENABLED=false "$@" "$SERVER_BIN" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  local i code
  for ((i = 0; i < 300; i++)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      return 1
    fi
    code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$SERVER_PORT/captchaImage" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  stop_server
  return 1
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  stop_pid "$SERVER_PID" 5
  SERVER_PID=""
}

login() {
  local body
  body=$(curl -s -m 30 -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'username=admin&password=admin123' "http://127.0.0.1:$SERVER_PORT/login") || true
  TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$body")
  [ -n "$TOKEN" ] || die "login failed: ${body:0:200}"
}

peak_rss_reset() { echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true; }  # VmHWM := VmRSS
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?"; }

# --- PostgreSQL 15 and Redis on loopback ---------------------------------------------------------
PG_BIN=${BENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_PORT="" PG_URL="" REDIS_PORT="" REDIS_URL=""

# initdb and postgres refuse to run as root: as root, run them as the `postgres` system user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start_postgres() {
  [ -x "$PG_BIN/initdb" ] || { log "postgres: no initdb under /usr/lib/postgresql/*/bin"; return 1; }
  PGDATA_DIR=$(mktemp -d /tmp/ruoyi-bench-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGDATA_DIR"; fi
  PG_PORT=$(free_port) || die "no free port"
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$TMP/initdb.log" 2>&1 || { tail -5 "$TMP/initdb.log" >&2; return 1; }
  # synchronous_commit=off is the analogue of the SQLite backend's WAL + synchronous=NORMAL (no
  # fsync per commit); max_connections leaves room for pgbench's 64 clients beside the server.
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/postgres.log" -w -t 30 \
    -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c synchronous_commit=off" \
    start >"$TMP/pg_ctl.log" 2>&1 || { tail -5 "$PGDATA_DIR/postgres.log" >&2; return 1; }
  PG_STARTED=1
  psql_admin -d postgres -c "CREATE DATABASE ruoyi" >/dev/null || return 1
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/ruoyi"
  log "postgres: $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data $PGDATA_DIR)"
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

stop_postgres() {
  if [ -n "$PG_STARTED" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    PG_STARTED=""
  fi
  [ -n "$PGDATA_DIR" ] && rm -rf "$PGDATA_DIR"
  PGDATA_DIR=""
}

start_redis() {
  command -v redis-server >/dev/null || { log "redis: redis-server not installed"; return 1; }
  REDIS_PORT=$(free_port) || die "no free port"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
    --daemonize no --loglevel warning >"$TMP/redis.log" 2>&1 &
  REDIS_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || return 1
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  log "redis: $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  [ -n "$REDIS_PID" ] || return 0
  stop_pid "$REDIS_PID" 5
  REDIS_PID=""
}

# --- seeding (one transaction, one reused bcrypt hash) -------------------------------------------
ID_MIN="" ID_MAX=""

seed_sqlite() {  # db file
  local out
  out=$(sed "s/__USERS__/$USERS/" "$BENCH/seed/sqlite.sql" | sqlite3 "$1") || die "seeding SQLite failed"
  read -r ID_MIN ID_MAX <<<"$(tail -1 <<<"$out")"
}

seed_postgres() {
  local out
  out=$(sed "s/__USERS__/$USERS/" "$BENCH/seed/postgres.sql" | psql_admin -d ruoyi -t -A) ||
    die "seeding PostgreSQL failed"
  read -r ID_MIN ID_MAX <<<"$(tail -1 <<<"$out")"
}

# --- results -------------------------------------------------------------------------------------
# One row per run: ROWS[i] holds the table's columns (|-separated, in COLUMNS order; "-" = none),
# ROW_DETAIL[i] the run's own JSON (wrk's or pgbench's figures), ROW_EXTRA[i] more JSON members.
COLUMNS=(scenario backend conns rps p50 p99 errors rss cpu_us vs_pgbench vs_own)
ROWS=() ROW_DETAIL=() ROW_EXTRA=()
LAST_ROW=""  # the index of the row added last
SKIPPED=()   # why a backend or scenario did not run

add_row() {  # scenario backend conns rps p50 p99 errors rss cpu_us [detail-json]
  ROWS+=("$1|$2|$3|$4|$5|$6|$7|$8|$9|-|-")
  ROW_DETAIL+=("${10:-null}")
  ROW_EXTRA+=("")
  LAST_ROW=$((${#ROWS[@]} - 1))
}

col_index() {  # column name → its index in COLUMNS
  local i
  for i in "${!COLUMNS[@]}"; do [ "${COLUMNS[$i]}" = "$1" ] && { echo "$i"; return 0; }; done
  die "no column $1"
}

row_get() {  # row column → the value
  local fields
  IFS='|' read -r -a fields <<<"${ROWS[$1]}"
  echo "${fields[$(col_index "$2")]}"
}

row_set() {  # row column value
  local fields
  IFS='|' read -r -a fields <<<"${ROWS[$1]}"
  fields[$(col_index "$2")]=$3
  ROWS[$1]=$(IFS='|'; echo "${fields[*]}")
}

json_num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]] && echo "$1" || echo null; }

row_json() {  # row → the row as one JSON object
  local s b c r p50 p99 e rss cpu vp vo
  IFS='|' read -r s b c r p50 p99 e rss cpu vp vo <<<"${ROWS[$1]}"
  printf '{"scenario":"%s","backend":"%s","connections":%s,"rps":%s,"p50_ms":%s,"p99_ms":%s,"errors":%s,"peak_rss_mb":%s,"cpu_us_per_request":%s,"ratio_to_pgbench":%s,"ratio_to_own_statements":%s%s,"detail":%s}' \
    "$s" "$b" "$c" "$r" "$(json_num "$p50")" "$(json_num "$p99")" "$(json_num "$e")" "$(json_num "$rss")" \
    "$(json_num "$cpu")" "$(json_num "$vp")" "$(json_num "$vo")" "${ROW_EXTRA[$1]}" "${ROW_DETAIL[$1]}"
}

# The server's CPU: user + system time of all its threads (/proc/<pid>/stat fields 14 and 15, after
# the command name, which is in parentheses), in clock ticks (getconf CLK_TCK per second).
cpu_ticks() { sed 's/^.*) //' "/proc/$SERVER_PID/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
cpu_since() {  # ticks at the start → ticks used since ("" if unknown)
  local now
  now=$(cpu_ticks)
  [ -n "$1" ] && [ -n "$now" ] && echo $((now - $1))
  return 0
}
cpu_us_per_request() {  # ticks requests → µs of server CPU per completed request ("-" if unknown)
  awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" \
    'BEGIN { if (t ~ /^[0-9]+$/ && n + 0 > 0) printf "%.0f", t * 1e6 / hz / n; else print "-" }'
}

# run_wrk scenario backend script conns [timeout] [warm_conns]: warm-up, then the measured run with
# the server's peak RSS reset and its CPU time read before it. Sets LAST_JSON, LAST_ROW.
LAST_JSON=""
wrk_cmd() {  # script conns duration timeout threads: wrk with the run's environment
  BENCH_TOKEN="$TOKEN" BENCH_ID_MIN="$ID_MIN" BENCH_ID_MAX="$ID_MAX" BENCH_TAG="$TAG$RANDOM" \
    wrk -t "$5" -c "$2" -d "${3}s" --timeout "${4}s" -s "$BENCH/lua/$1" "http://127.0.0.1:$SERVER_PORT"
}
wrk_json() {  # wrk output file → its BENCH_JSON payload ('{}' and the output on stderr if none)
  grep '^BENCH_JSON ' "$1" | cut -c12- || { cat "$1" >&2; echo '{}'; }
}
run_wrk_raw() {  # script conns duration timeout threads → BENCH_JSON payload on stdout
  wrk_cmd "$@" >"$TMP/wrk.out" 2>&1 || true
  wrk_json "$TMP/wrk.out"
}

# warm_conns: the warm-up's connections. CPU-bound scenarios (bcrypt) warm up with 2, so the
# measured run does not start behind a backlog of warm-up hashes still queued on the offload pool.
run_wrk() {
  local scenario=$1 backend=$2 script=$3 conns=$4 timeout=${5:-5} warm_conns=${6:-$4} ticks
  if [ "$WARMUP" -gt 0 ]; then run_wrk_raw "$script" "$warm_conns" "$WARMUP" "$timeout" "$WRK_THREADS" >/dev/null; fi
  settle
  peak_rss_reset
  ticks=$(cpu_ticks)
  LAST_JSON=$(run_wrk_raw "$script" "$conns" "$DURATION" "$timeout" "$WRK_THREADS")
  ticks=$(cpu_since "$ticks")
  record "$scenario" "$backend" "$conns" "$LAST_JSON" "$(peak_rss_mb)" "$ticks"
  settle
}

# Waits (≤ 15 s) until the server answers a GET /system/user/1 within 100 ms: work a wrk run left
# queued (wrk stops with requests in flight; their handlers still run) is done before the next.
settle() {
  local i t
  for ((i = 0; i < 30; i++)); do
    t=$(curl -s -o /dev/null -m 15 -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$SERVER_PORT/system/user/1" || echo 99)
    awk -v t="$t" 'BEGIN { exit !(t < 0.1) }' && return 0
    sleep 0.5
  done
}

record() {  # scenario backend conns wrk-json rss [cpu ticks of the run]
  local rps p50 p99 errors first cpu
  rps=$(json_field "$4" rps) p50=$(json_field "$4" p50_ms) p99=$(json_field "$4" p99_ms)
  errors=$(json_field "$4" errors) first=$(json_field "$4" first_error)
  cpu=$(cpu_us_per_request "${6:-}" "$(json_field "$4" requests)")
  if [ "$(json_field "$4" requests)" = 0 ]; then
    # Nothing answered within the run: the latency is longer than the run itself.
    p50=">$(json_field "$4" duration_s | cut -d. -f1)s" p99=$p50
    first=${first:-no response completed during the run}
  fi
  add_row "$1" "$2" "$3" "${rps:-0}" "${p50:--}" "${p99:--}" "${errors:-?}" "$5" "$cpu" "$4"
  log "$(printf '%-22s %-9s c=%-4s %9s req/s  p50 %7s ms  p99 %8s ms  errors %-5s peak RSS %s MB  CPU %s µs/req' \
    "$1" "$2" "$3" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${errors:-?}" "$5" "$cpu")${first:+  (first error: ${first:0:100})}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.3f", a / b; else print "-" }'; }
as_factor() { awk -v r="$1" 'BEGIN { if (r ~ /^[0-9.]+$/) printf "%.2f×", r; else print "-" }'; }  # 0.083 → 0.08×

# pgbench_run name script → PGBENCH_TPS; adds a row. Same -c/-j/-T as the wrk runs, -M prepared.
PGBENCH_TPS=""
pgbench_run() {
  local name=$1 script=$2 out tps lat
  out=$(pgbench -n -M prepared -c "$CONNS" -j "$WRK_THREADS" -T "$DURATION" -h 127.0.0.1 -p "$PG_PORT" \
    -U postgres -D id_min="$ID_MIN" -D id_max="$ID_MAX" -f "$script" ruoyi 2>&1) ||
    { log "pgbench $name failed: $(tail -3 <<<"$out")"; PGBENCH_TPS=0; return; }
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out" | head -1)
  PGBENCH_TPS=$(awk -v t="${tps:-0}" 'BEGIN { printf "%.1f", t }')
  add_row "pgbench $name" postgres "$CONNS" "$PGBENCH_TPS" - - 0 - - \
    "{\"tps\":${tps:-0},\"latency_avg_ms\":${lat:-null},\"mode\":\"prepared\",\"script\":\"${script#"$ROOT"/}\"}"
  log "$(printf '%-22s %-9s c=%-4s %9s tx/s  latency avg %s ms (the database alone)' "pgbench $name" postgres "$CONNS" "$PGBENCH_TPS" "${lat:-?}")"
}

# --- "own statements": what the server sends for one request, replayed by pgbench ----------------
# After a scenario's measured run (its caches as warm as that run left them), statement logging is
# switched on, ONE request of the scenario is sent between two marker statements of our own, and
# logging is switched off again; bench/pgbench/own_statements.pl turns the log between the markers
# into a pgbench script kept beside the JSON (bench/results/pgbench-own-<scenario>-<time>.sql): one
# transaction = that request's statements, sequentially, the requested user id as :id. The server's
# Redis command (GETEX of the session) has no place in it. A failed capture is reported, not fatal.
OWN_JSON=()  # "scenario":{...} per capture, for the JSON

pg_statement_log() {  # on | off: log_statement = 'all' on the bench PostgreSQL (its log: postgres.log)
  if [ "$1" = on ]; then
    psql_admin -d postgres -c "ALTER SYSTEM SET log_statement = 'all'" \
      -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] '" -c "SELECT pg_reload_conf()" >/dev/null
  else
    psql_admin -d postgres -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" \
      -c "SELECT pg_reload_conf()" >/dev/null
  fi
}

# pg_marker text: runs SELECT 'text' until it shows in the log (≤ 5 s). The postmaster signals every
# backend before it forks a new one, so once a marker is logged the server's pooled connections
# log too (each applies the reload before its next message).
pg_marker() {
  local i
  for ((i = 0; i < 50; i++)); do
    psql_admin -d ruoyi -c "SELECT '$1'" >/dev/null || return 1
    grep -qF "statement: SELECT '$1'" "$PGDATA_DIR/postgres.log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

own_request() {  # path → success if the server answered with code 200
  curl -s -m 10 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SERVER_PORT$1" 2>/dev/null |
    grep -q '^{"code":200'
}

# capture_own scenario path id-or-"" warm-path: sets OWN_SCRIPT and OWN_COUNT (statements); on
# failure returns 1 with OWN_ERROR.
OWN_SCRIPT="" OWN_COUNT=0 OWN_ERROR=""
capture_own() {
  local scenario=$1 path=$2 id=$3 warm=$4 mark="bench-own-$1-$RANDOM" ok=1 body
  OWN_SCRIPT="$RESULTS/pgbench-own-$scenario-$STAMP.sql" OWN_COUNT=0 OWN_ERROR=""
  # Two requests of the kind first: the captured one is the third.
  own_request "$warm" && own_request "$warm" || { OWN_ERROR="the warm-up requests failed"; return 1; }
  pg_statement_log on || { OWN_ERROR="could not switch statement logging on"; return 1; }
  pg_marker "$mark-start" || { ok=0; OWN_ERROR="statement logging did not start"; }
  if [ "$ok" = 1 ] && ! own_request "$path"; then ok=0; OWN_ERROR="the request GET $path failed"; fi
  if [ "$ok" = 1 ] && ! pg_marker "$mark-end"; then ok=0; OWN_ERROR="the end marker is not in the log"; fi
  pg_statement_log off || log "warning: could not switch PostgreSQL's statement logging off"
  [ "$ok" = 1 ] || return 1
  body=$(perl "$BENCH/pgbench/own_statements.pl" "$mark-start" "$mark-end" "$id" \
    <"$PGDATA_DIR/postgres.log" 2>"$TMP/own.err") || { OWN_ERROR="parsing the log: $(head -1 "$TMP/own.err")"; return 1; }
  OWN_COUNT=$(grep -c . <<<"$body" || true)
  [ "$OWN_COUNT" -gt 0 ] || { OWN_ERROR="no statement logged between the markers"; return 1; }
  {
    echo "-- pgbench -M prepared: the $OWN_COUNT statements ruoyi-server sent to PostgreSQL for one warm"
    echo "-- \`$scenario\` request, GET $path, captured from the statement log by bench/run.sh"
    echo "-- (run $STAMP UTC, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown))."
    echo "-- One transaction = one request, its statements one after the other. The server's Redis"
    echo "-- command (GETEX of the session) is not here: pgbench cannot send it."
    case "$scenario" in
      get) echo '\set id random(:id_min, :id_max)' ;;
      *) [ -n "$id" ] && echo "\\set id $id" ;;
    esac
    echo "$body"
  } >"$OWN_SCRIPT"
}

# compare_own scenario row path id warm-path: capture, pgbench the capture, fill the row's "vs own".
compare_own() {
  local scenario=$1 row=$2 path=$3 id=$4 warm=$5 entry
  if capture_own "$scenario" "$path" "$id" "$warm"; then
    log "$scenario: $OWN_COUNT statements captured (${OWN_SCRIPT#"$ROOT"/})"
    entry="{\"statements\":$OWN_COUNT,\"request\":\"GET $(json_escape "$path")\",\"script\":\"${OWN_SCRIPT#"$ROOT"/}\"}"
    pgbench_run "own $scenario" "$OWN_SCRIPT"
    row_set "$row" vs_own "$(ratio "$(row_get "$row" rps)" "$PGBENCH_TPS")"
    log "  → $scenario at $(as_factor "$(row_get "$row" vs_own)") of pgbench running its own statements"
  else
    log "$scenario: statement capture FAILED ($OWN_ERROR); no own-statements comparison"
    entry="{\"statements\":0,\"error\":\"$(json_escape "$OWN_ERROR")\"}"
    rm -f "$OWN_SCRIPT"
  fi
  OWN_JSON+=("\"$scenario\":$entry")
  ROW_EXTRA[$row]+=",\"own_statements\":$entry"
}

# --- the scenarios, on a running, seeded server ---------------------------------------------------
# run_scenarios backend pg-get-tps pg-list-tps env...: the wrk scenarios (and, on PostgreSQL, the
# own-statements comparisons); env is the start_server environment for the low-bcrypt-cost restart.
run_scenarios() {
  local backend=$1 pg_get=${2:-} pg_list=${3:-}
  shift 3
  local env_args=("$@") row id
  login
  run_wrk get "$backend" get.lua "$CONNS"
  row=$LAST_ROW
  if [ -n "$pg_get" ]; then set_ratio "$row" "$pg_get"; fi
  if [ "$backend" = postgres ]; then
    id=$((ID_MIN + (ID_MAX - ID_MIN) / 2 + RANDOM % ((ID_MAX - ID_MIN) / 2 + 1)))  # far from the small ids
    compare_own get "$row" "/system/user/$id" "$id" "/system/user/$((id - 1))"
  fi
  run_wrk list "$backend" list.lua "$CONNS"
  row=$LAST_ROW
  if [ -n "$pg_list" ]; then set_ratio "$row" "$pg_list"; fi
  if [ "$backend" = postgres ]; then
    # Page 50 of 1..100: its OFFSET is the mean of the wrk run's.
    compare_own list "$row" "/system/user/list?pageNum=50&pageSize=10&status=0" "" \
      "/system/user/list?pageNum=49&pageSize=10&status=0"
  fi
  run_wrk info "$backend" info.lua "$CONNS"
  row=$LAST_ROW
  if [ "$backend" = postgres ]; then compare_own info "$row" /getInfo 1 /getInfo; fi  # admin = user 1
  run_wrk get "$backend" get.lua "$PEAK_CONNS"

  # login saturates the offload pool with bcrypt; beside it, starting 1 s in and ending 1 s before,
  # a second wrk (4 connections) measures get, and a third, paced one a path no route matches —
  # answered on the loop alone, so it tells a blocked loop from a starved offload pool.
  if [ "$WARMUP" -gt 0 ]; then run_wrk_raw login.lua 2 "$WARMUP" 30 "$WRK_THREADS" >/dev/null; fi
  settle
  peak_rss_reset
  local ticks
  ticks=$(cpu_ticks)
  wrk_cmd login.lua "$CONNS" "$DURATION" 30 "$WRK_THREADS" >"$TMP/login.out" 2>&1 &
  local login_pid=$!
  BG_PIDS+=("$login_pid")
  sleep 1
  local side_seconds=$((DURATION > 3 ? DURATION - 2 : 1))
  wrk_cmd loop.lua 2 "$side_seconds" 30 1 >"$TMP/loop.out" 2>&1 &
  local loop_pid=$!
  BG_PIDS+=("$loop_pid")
  wrk_cmd get.lua 4 "$side_seconds" 30 1 >"$TMP/side.out" 2>&1 || true
  wait "$loop_pid" || true
  wait "$login_pid" || true
  ticks=$(cpu_since "$ticks")
  # The server's CPU over the login run includes the two side runs': it is all on the login row.
  record login "$backend" "$CONNS" "$(wrk_json "$TMP/login.out")" "$(peak_rss_mb)" "$ticks"
  ROW_EXTRA[$LAST_ROW]+=',"cpu_note":"includes the concurrent get and 404 runs"'
  record "get during login" "$backend" 4 "$(wrk_json "$TMP/side.out")" "$(peak_rss_mb)"
  record "404 during login" "$backend" 2 "$(wrk_json "$TMP/loop.out")" "$(peak_rss_mb)"
  settle

  run_wrk "create (cost $BCRYPT_COST)" "$backend" create.lua "$CONNS" 30 2
  # The server's own cost of a create, with bcrypt made cheap: restart at the low cost.
  stop_server
  if start_server "$backend-lowcost" "${env_args[@]}" RUOYI_BCRYPT_COST="$LOW_BCRYPT_COST"; then
    login
    run_wrk "create (cost $LOW_BCRYPT_COST)" "$backend" create.lua "$CONNS" 30 2
  else
    SKIPPED+=("$backend create (cost $LOW_BCRYPT_COST): server did not restart: $(tail -1 "$SERVER_LOG")")
  fi
  stop_server
}

set_ratio() {  # row pgbench-tps: the row's "vs pgbench" (its req/s ÷ the hand-written script's tx/s)
  row_set "$1" vs_pgbench "$(ratio "$(row_get "$1" rps)" "$2")"
  log "  → $(as_factor "$(row_get "$1" vs_pgbench)") of pgbench"
}

backend_sqlite() {
  log "backend sqlite: starting the server (data dir $TMP/sqlite, bcrypt cost $BCRYPT_COST)"
  local env_args=(RUOYI_DATA_DIR="$TMP/sqlite" RUOYI_BCRYPT_COST="$BCRYPT_COST")
  start_server sqlite "${env_args[@]}" || die "the server did not start on SQLite: $(tail -3 "$SERVER_LOG")"
  # Seeded while the server runs (WAL mode: the server's readers see the rows once committed).
  seed_sqlite "$TMP/sqlite/ruoyi.db"
  log "backend sqlite: seeded $USERS users (ids $ID_MIN..$ID_MAX)"
  local low_env=(RUOYI_DATA_DIR="$TMP/sqlite")
  run_scenarios sqlite "" "" "${low_env[@]}"
}

backend_postgres() {
  if ! start_postgres; then
    SKIPPED+=("postgres: PostgreSQL could not be started (see messages above)")
    log "backend postgres: skipped — PostgreSQL could not be started"
    stop_postgres
    return
  fi
  if ! start_redis; then
    SKIPPED+=("postgres: Redis could not be started")
    log "backend postgres: skipped — Redis could not be started"
    stop_postgres
    return
  fi
  log "backend postgres: starting the server on $PG_URL + $REDIS_URL"
  local env_args=(RUOYI_DATA_DIR="$TMP/pg-data" RUOYI_DB_URL="$PG_URL" RUOYI_REDIS_URL="$REDIS_URL")
  local server_up=1
  if ! start_server postgres "${env_args[@]}" RUOYI_BCRYPT_COST="$BCRYPT_COST" &&
    grep -qi 'redis' "$SERVER_LOG" && ! grep -qi 'RUOYI_DB_URL' "$SERVER_LOG"; then
    # PostgreSQL accepted, Redis refused (the two land separately): measure PostgreSQL with the
    # in-process cache rather than nothing, and say so.
    SKIPPED+=("postgres: the server refused RUOYI_REDIS_URL ($(tail -1 "$SERVER_LOG" | cut -c1-160)); measured with the in-process cache")
    log "backend postgres: the server refuses RUOYI_REDIS_URL; running PostgreSQL with the in-process cache"
    env_args=(RUOYI_DATA_DIR="$TMP/pg-data" RUOYI_DB_URL="$PG_URL")
    start_server postgres "${env_args[@]}" RUOYI_BCRYPT_COST="$BCRYPT_COST" || true
  fi
  if [ -z "$SERVER_PID" ]; then
    server_up=0
    local why
    why=$(grep -v '^\s*$' "$SERVER_LOG" | tail -1 | sed 's/^.*critical[^ ]* *\(\[[^]]*\] \)\{0,1\}//')
    SKIPPED+=("postgres: the server refused RUOYI_DB_URL=postgresql (${why:0:200}); server scenarios skipped, pgbench reference measured")
    log "backend postgres: SKIPPED — the server refuses RUOYI_DB_URL=postgresql://… today:"
    log "  ${why:0:300}"
    log "  (measuring the database's own limit with pgbench anyway; the migrations are applied by psql)"
    local f
    for f in "$ROOT"/migrations/postgres/*.sql; do psql_admin -d ruoyi -f "$f" >/dev/null || die "psql $f failed"; done
  fi
  seed_postgres
  log "backend postgres: seeded $USERS users (ids $ID_MIN..$ID_MAX)"
  pgbench_run get "$BENCH/pgbench/get.sql"
  local pg_get=$PGBENCH_TPS
  pgbench_run list "$BENCH/pgbench/list.sql"
  local pg_list=$PGBENCH_TPS
  if [ "$server_up" = 1 ]; then
    run_scenarios postgres "$pg_get" "$pg_list" "${env_args[@]}"
  fi
  stop_redis
  stop_postgres
}

print_table() {
  local fmt='%-20s %-9s %5s %10s %9s %9s %7s %12s %11s %11s %7s\n'
  echo
  # (the header's µ takes two bytes: one more column of width there)
  printf '%-20s %-9s %5s %10s %9s %9s %7s %12s %12s %11s %7s\n' scenario backend conns 'req/s' 'p50 ms' 'p99 ms' \
    errors 'peak RSS MB' 'CPU µs/req' 'vs pgbench' 'vs own'
  printf '%s\n' "-----------------------------------------------------------------------------------------------------------------"
  local row s b c r p50 p99 e rss cpu vp vo
  for row in "${ROWS[@]}"; do
    IFS='|' read -r s b c r p50 p99 e rss cpu vp vo <<<"$row"
    printf "$fmt" "$s" "$b" "$c" "$r" "$p50" "$p99" "$e" "$rss" "$cpu" "$(as_factor "$vp")" "$(as_factor "$vo")"
  done
  echo "CPU µs/req: the server's user + system CPU during the measured run ÷ the requests it completed"
  echo "  (login's includes the get and 404 runs beside it)."
  if [[ " ${BACKENDS} " == *" postgres "* ]]; then
    echo "vs pgbench: req/s ÷ pgbench's tx/s on bench/pgbench/get.sql (the single-row SELECT) or list.sql."
    echo "vs own: req/s ÷ pgbench's tx/s on the statements the server sent for one warm request of the"
    echo "  scenario (pgbench own <scenario>: bench/results/pgbench-own-<scenario>-$STAMP.sql), one after"
    echo "  the other; the server's Redis command (GETEX of the session) is not replayed."
  fi
  local own name
  for own in "${OWN_JSON[@]}"; do
    name=${own%%\":*} name=${name#\"}
    [[ "$own" == *'"statements":0,'* ]] && echo "own statements of $name: capture failed ($(json_field "$own" error))"
  done
  for s in "${SKIPPED[@]}"; do echo "skipped: $s"; done
  echo
}

# The targets, checked against this run's rows: issue 17's, and issue 8's where 17 sets none.
TARGETS=()  # backend|issue|target|value|met, MISSED or (not measured)
target() { TARGETS+=("$1|$2|$3|$4|$5"); }
at_most() { awk -v v="$1" -v t="$2" 'BEGIN { print (v ~ /^[0-9.]+$/ && v + 0 <= t) ? "met" : "MISSED" }'; }
below() { awk -v v="$1" -v t="$2" 'BEGIN { print (v ~ /^[0-9.]+$/ && v + 0 < t) ? "met" : "MISSED" }'; }
own_status() { [ "$1" = - ] && echo "(not measured: no capture)" || at_least "$1" 0.9; }
at_least() { awk -v v="$1" -v t="$2" 'BEGIN { print (v ~ /^[0-9.]+$/ && v + 0 >= t) ? "met" : "MISSED" }'; }

check_row_targets() {  # the row's columns: s b c r p50 p99 e rss cpu vp vo
  local s=$1 b=$2 c=$3 r=$4 p99=$6 rss=$8 vp=${10} vo=${11}
  case "$b|$s|$c" in
    "postgres|get|$CONNS")
      target "$b" 17 "get ≥ 0.35× pgbench's single-row SELECT" "$(as_factor "$vp")" "$(at_least "$vp" 0.35)"
      target "$b" 17 "get ≥ 0.9× pgbench running get's own statements" "$(as_factor "$vo")" "$(own_status "$vo")"
      target "$b" 17 "get p99 ≤ 10 ms at $CONNS connections" "$p99 ms" "$(at_most "$p99" 10)" ;;
    "postgres|info|$CONNS")
      target "$b" 17 "info ≥ 0.9× pgbench running info's own statements" "$(as_factor "$vo")" "$(own_status "$vo")"
      target "$b" 17 "info p99 ≤ 10 ms at $CONNS connections" "$p99 ms" "$(at_most "$p99" 10)" ;;
    "postgres|list|$CONNS")
      target "$b" 17 "list ≥ 0.9× pgbench running list's own statements" "$(as_factor "$vo")" "$(own_status "$vo")" ;;
    "postgres|get|$PEAK_CONNS")
      target "$b" 17 "peak RSS < 32 MB during the $PEAK_CONNS-connection run" "$rss MB" "$(below "$rss" 32)" ;;
    "sqlite|get|$CONNS")
      target "$b" 17 "get ≥ 2 × $SQLITE_GET_BASELINE = $((2 * SQLITE_GET_BASELINE)) req/s (BENCH_SQLITE_GET_BASELINE)" "$r req/s" \
        "$(at_least "$r" $((2 * SQLITE_GET_BASELINE)))"
      target "$b" 8 "get p99 < 10 ms at $CONNS connections" "$p99 ms" "$(below "$p99" 10)" ;;
    "sqlite|get|$PEAK_CONNS")
      target "$b" 8 "peak RSS < 64 MB during the $PEAK_CONNS-connection run" "$rss MB" "$(below "$rss" 64)" ;;
    *"|get during login|"*)
      target "$b" 8 "get p99 < 20 ms while login runs" "$p99 ms" "$(below "$p99" 20)" ;;
    *"|404 during login|"*)
      target "$b" 8 "(loop alone) 404 p99 < 20 ms while login runs" "$p99 ms" "$(below "$p99" 20)" ;;
  esac
}

check_targets() {
  local backend row fields seen errs err_list skip
  for backend in sqlite postgres; do
    seen=0 errs=0 err_list=""
    for row in "${ROWS[@]}"; do
      IFS='|' read -r -a fields <<<"$row"
      [ "${fields[1]}" = "$backend" ] || continue
      [[ "${fields[0]}" == pgbench* ]] && continue
      seen=1
      if [ "${fields[6]}" != 0 ]; then errs=$((errs + 1)) err_list+=" ${fields[0]}@${fields[2]}=${fields[6]}"; fi
      check_row_targets "${fields[@]}"
    done
    if [ "$seen" = 0 ]; then
      for skip in "${SKIPPED[@]}"; do
        if [[ "$skip" == "$backend:"* ]]; then
          target "$backend" - "every target" "not measured" "(backend skipped)"
          break
        fi
      done
      continue
    fi
    if [ "$errs" = 0 ]; then target "$backend" 8 "no errors in any scenario" "0" met
    else target "$backend" 8 "no errors in any scenario" "${err_list# }" MISSED; fi
  done
  return 0
}

pad() {  # text width: the text and spaces to width characters (≥, ≤ and × are multibyte)
  local n=$(($2 - $(printf %s "$1" | wc -m)))
  printf '%s%*s' "$1" $((n > 0 ? n : 0)) ""
}

print_targets() {
  check_targets
  [ "${#TARGETS[@]}" -gt 0 ] || return 0
  echo "targets (issue 17, and issue 8 where 17 sets none; docs/performance.md says how to read them):"
  local t b i what value status
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r b i what value status <<<"$t"
    value=${value/#>* ms/${value% ms}}
    printf '  %-9s [%2s] %s %s %s\n' "$b" "$i" "$(pad "$what" 60)" "$(pad "$value" 14)" "$status"
  done
  echo
}

write_json() {
  mkdir -p "$RESULTS"
  local commit rows="" skipped="" target_json="" own s i b what value status
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  for i in "${!ROWS[@]}"; do rows+="${rows:+,}$(row_json "$i")"; done
  for s in "${SKIPPED[@]}"; do skipped+="${skipped:+,}\"$(json_escape "$s")\""; done
  for s in "${TARGETS[@]}"; do
    IFS='|' read -r b i what value status <<<"$s"
    target_json+="${target_json:+,}$(printf '{"backend":"%s","issue":"%s","target":"%s","value":"%s","status":"%s"}' \
      "$b" "$i" "$(json_escape "$what")" "$(json_escape "$value")" "$status")"
  done
  own=$(IFS=,; echo "${OWN_JSON[*]}")
  cat >"$RESULT_JSON" <<EOF2
{"started_utc":"$STAMP","commit":"$commit","cores":$CORES,"kernel":"$(uname -r)","clk_tck":$CLK_TCK,
 "config":{"duration_s":$DURATION,"warmup_s":$WARMUP,"connections":$CONNS,"peak_connections":$PEAK_CONNS,
   "users":$USERS,"bcrypt_cost":$BCRYPT_COST,"low_bcrypt_cost":$LOW_BCRYPT_COST,"wrk_threads":$WRK_THREADS,
   "sqlite_get_baseline_rps":$SQLITE_GET_BASELINE},
 "micro":$([ -f "$RESULTS/micro-$STAMP.json" ] && echo "\"bench/results/micro-$STAMP.json\"" || echo null),
 "rows":[$rows],
 "own_statements":{$own},
 "skipped":[$skipped],
 "targets":[$target_json]}
EOF2
  log "results: $RESULT_JSON"
}
# --- main ----------------------------------------------------------------------------------------
command -v wrk >/dev/null || die "wrk is not installed (make deps, or apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 is not installed (make deps, or apt-get install sqlite3)"
build
start_watchdog
mkdir -p "$RESULTS"
if [ "$MICRO" = 1 ]; then
  log "micro: $MICRO_BIN (min time ${MICRO_MIN_TIME}s per benchmark)"
  "$MICRO_BIN" --benchmark_min_time="$MICRO_MIN_TIME" --benchmark_out="$RESULTS/micro-$STAMP.json" \
    --benchmark_out_format=json 2>&1 | grep -v '^\*\*\*WARNING' || die "bench_micro failed"
fi
for backend in $BACKENDS; do
  case "$backend" in
    sqlite) backend_sqlite ;;
    postgres) backend_postgres ;;
    *) die "unknown backend '$backend' (sqlite, postgres)" ;;
  esac
done
print_table
print_targets
write_json
log "done in $(($(date +%s) - STARTED_AT)) s"
