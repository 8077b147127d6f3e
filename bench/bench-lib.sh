# Shared by the bench/*.sh scripts (sourced): wrk runs measured the same way for every process under test, and their
# results as one machine-readable line each:
#   RESULT bench=<bench> run=<id> rps=<2xx answers/s> p50_ms= p99_ms= cpu_us=<CPU us per 2xx of the process under
#   test and its children, user+system from /proc/<pid>/stat over the measured window> rss_mb=<peak RSS (VmHWM) of
#   the process and its children, MiB> ok= non2xx= socket_errors= wrk_cpu_us= [<name>_cpu_us= per BENCH_ALSO]
# appended to $BENCH_RESULTS too when set (bench/report.sh collects them there).
# Callers set WORK (scratch dir), CONNECTIONS, DURATION (s), optionally LOAD_CPU (an array: e.g. taskset -c 1),
# WRK_HEADERS (array of -H options), BENCH_ALSO ("name=pid ..." further processes whose CPU per request is reported).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# the process and all its descendants (Node cluster workers, the broker under SuiteInfrastructure)
tree_pids() {
  local child
  echo "$1"
  for child in $(pgrep -P "$1" 2>/dev/null); do tree_pids "$child"; done
}

# CPU clock ticks (user + system) a process tree has used so far; the command name may hold spaces: fields after ')'
tree_ticks() {
  local pid sum=0 t
  for pid in $(tree_pids "$1"); do
    t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}

# peak resident memory (VmHWM) of a process tree, MiB
peak_rss_mb() {
  local pid sum=0 kb
  for pid in $(tree_pids "$1"); do
    kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || kb=0
    sum=$((sum + ${kb:-0}))
  done
  echo $((sum / 1024))
}

# milliseconds since the epoch (start-up times)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait until URL answers 2xx (polled every 50 ms, at most TIMEOUT s); fails if PID dies first
await_ready() {
  local url=$1 pid=$2 deadline=$(( $(date +%s) + ${3:-90} ))
  while (( $(date +%s) < deadline )); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

bench_result() {
  echo "$*"
  [[ -z "${BENCH_RESULTS:-}" ]] || echo "$*" >> "$BENCH_RESULTS"
}

# field NAME of a RESULT/WRK line
result_field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

# wrk_warm URL [LUA SCRIPT [ARGS...]]: load without measuring (JIT warm-up), WARMUP seconds; sets WARM_OK to the
# number of 2xx answers it got
wrk_warm() {
  local url=$1 script="$BENCH_DIR/wrk/summary.lua" line; shift
  if (( $# > 0 )); then script=$1; shift; fi
  ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} wrk -t"${WRK_THREADS:-2}" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$script" \
    ${WRK_HEADERS[@]+"${WRK_HEADERS[@]}"} "$url" -- "$@" > "$WORK/warm.out"
  line=$(grep '^WRK ' "$WORK/warm.out") || line=""
  local requests non2xx
  requests=$(result_field "$line" requests); non2xx=$(result_field "$line" non2xx)
  WARM_OK=$(( ${requests:-0} - ${non2xx:-0} ))
}

# bench_wrk BENCH RUN PID URL [LUA SCRIPT [ARGS...]]: one measured wrk run (DURATION s) against the process PID,
# printed (and collected) as a RESULT line
bench_wrk() {
  local bench=$1 run=$2 pid=$3 url=$4 script="$BENCH_DIR/wrk/summary.lua"; shift 4
  if (( $# > 0 )); then script=$1; shift; fi
  local -A also_before=()
  local named extra="" t0 t1 wrk_cpu hz
  hz=$(getconf CLK_TCK)
  for named in ${BENCH_ALSO:-}; do also_before[${named%%=*}]=$(tree_ticks "${named#*=}"); done
  t0=$(tree_ticks "$pid")
  wrk_cpu=$( { /usr/bin/time -f '%U %S' ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} wrk -t"${WRK_THREADS:-2}" -c"$CONNECTIONS" \
    -d"${DURATION}s" --timeout 10s -s "$script" ${WRK_HEADERS[@]+"${WRK_HEADERS[@]}"} "$url" -- "$@" \
    > "$WORK/wrk.out"; } 2>&1 | tail -1)
  t1=$(tree_ticks "$pid")
  local line ok requests non2xx
  line=$(grep '^WRK ' "$WORK/wrk.out") || { cat "$WORK/wrk.out" >&2; echo "wrk gave no result for $url" >&2; return 1; }
  requests=$(result_field "$line" requests); non2xx=$(result_field "$line" non2xx)
  ok=$((requests - non2xx))
  per() { awk -v t="$1" -v hz="$hz" -v r="$ok" 'BEGIN { printf "%.1f", (r > 0 ? t * 1e6 / hz / r : 0) }'; }
  for named in ${BENCH_ALSO:-}; do
    extra+=" ${named%%=*}_cpu_us=$(per $(( $(tree_ticks "${named#*=}") - ${also_before[${named%%=*}]} )))"
  done
  bench_result "RESULT bench=$bench run=$run" \
    "rps=$(awk -v r="$ok" -v d="$(result_field "$line" duration_us)" 'BEGIN { printf "%.0f", r * 1e6 / d }')" \
    "p50_ms=$(awk -v v="$(result_field "$line" p50_us)" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "p99_ms=$(awk -v v="$(result_field "$line" p99_us)" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "cpu_us=$(per $((t1 - t0)))" "rss_mb=$(peak_rss_mb "$pid")" "ok=$ok" "non2xx=$non2xx" \
    "socket_errors=$(result_field "$line" socket_errors)" \
    "wrk_cpu_us=$(awk -v c="$wrk_cpu" -v r="$ok" 'BEGIN { split(c, a, " "); printf "%.1f", (r > 0 ? (a[1] + a[2]) * 1e6 / r : 0) }')$extra"
}

# ratio A/B with one decimal ("-" when B is 0 or missing)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.1f", a / b; else printf "-" }'; }
