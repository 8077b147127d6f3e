#!/usr/bin/env bash
# Benchmark of auth-gateway: authenticated, proxied requests/s through the packaged gateway (PEM key, no network)
# to a trivial Vert.x upstream, beside the same load sent straight to that upstream and through a reference proxy
# with no authentication at all (bench/auth-gateway-reference-proxy.java: plain Vert.x server + client, what any proxy
# hop costs on this machine), all in the same run. Prints each with p50/p99 latency, the CPU each process spent per
# request, and the ratios (target: the gateway keeps >= 70% of the direct throughput).
#
#   ./mvnw -B package -pl auth-gateway -am -DskipTests     # the packaged gateway
#   bench/auth-gateway.sh [duration-seconds] [connections]
#   GATEWAY_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/gw.jfr' bench/auth-gateway.sh   # e.g. to profile
#   GATEWAY_APP=/elsewhere/auth-gateway/target/quarkus-app bench/auth-gateway.sh                # another build
#   BENCH_PIN=1 bench/auth-gateway.sh    # pinned: the proxy (gateway or reference) alone on CPU 0, upstream and wrk
#                                        # on CPU 1, in every path (direct: CPU 0 idle); a separate figure
#
# All paths get the same wrk settings and a JIT warm-up first; the gateway's is longer (30 s) because on two shared
# cores its C2 compilation takes some 20 s of load before the throughput stops climbing.
#
# Runs under the build lock (2-core machines: nothing else may load the CPU) and stops every process it starts.
set -euo pipefail

if [[ "${FLEETFUSION_BENCH_LOCKED:-}" != 1 ]]; then
  export FLEETFUSION_BENCH_LOCKED=1
  exec flock /tmp/fleetfusion-mvn.lock "$0" "$@"
fi

DURATION="${1:-20}"
CONNECTIONS="${2:-32}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="${GATEWAY_APP:-$ROOT/auth-gateway/target/quarkus-app}"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "build the gateway first: ./mvnw -B package -pl auth-gateway -am -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# BENCH_PIN=1: the system under test on CPU 0, the load (wrk) and the upstream on CPU 1; the JVMs start pinned, so each
# sizes its event loops and GC for the one CPU it has, as in a one-CPU container
if [[ "${BENCH_PIN:-0}" == 1 ]]; then
  (( $(nproc) >= 2 )) || { echo "BENCH_PIN=1 needs 2 CPUs" >&2; exit 1; }
  SUT_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); MODE="pinned: proxy on CPU 0, upstream + wrk on CPU 1"
else
  SUT_CPU=(); LOAD_CPU=(); MODE="shared: all processes on all $(nproc) CPUs"
fi

WORK="$(mktemp -d /tmp/auth-gateway-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
wait_for() { for _ in $(seq 1 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }

# A test signing key and a Clerk-shaped v2 session token signed with it (RS256), valid for the whole run.
ISSUER="https://clerk.bench.test"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
openssl rsa -in "$WORK/key.pem" -pubout -out "$WORK/pub.pem" 2>/dev/null
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","kid":"ins_bench","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"azp":"http://localhost:5173","exp":%d,"iat":%d,"iss":"%s","nbf":%d,"sid":"sess_bench","sub":"user_bench","v":2,"sts":"active","fea":"o:fleet","o":{"id":"org_bench","slg":"bench","rol":"admin","per":"read","fpm":"1"},"metadata":{"onboardingComplete":true}}' \
  $((NOW + 3600)) "$NOW" "$ISSUER" $((NOW - 5)) | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$WORK/key.pem" | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIGNATURE"

UPSTREAM_PORT=$(free_port)
${LOAD_CPU[@]+"${LOAD_CPU[@]}"} java -Xmx256m -cp "$APP/lib/main/*" "$ROOT/bench/auth-gateway-upstream.java" "$UPSTREAM_PORT" \
  > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!
PIDS+=($UPSTREAM_PID)
wait_for "http://127.0.0.1:$UPSTREAM_PORT/me"

REFERENCE_PORT=$(free_port)
${SUT_CPU[@]+"${SUT_CPU[@]}"} java -Xmx256m -cp "$APP/lib/main/*" "$ROOT/bench/auth-gateway-reference-proxy.java" \
  "$REFERENCE_PORT" "$UPSTREAM_PORT" > "$WORK/reference.log" 2>&1 &
REFERENCE_PID=$!
PIDS+=($REFERENCE_PID)
wait_for "http://127.0.0.1:$REFERENCE_PORT/me"

GATEWAY_PORT=$(free_port)
# explicit safe values: the packaged gateway refuses to start in production without them
CLERK_JWT_KEY="$(cat "$WORK/pub.pem")" CLERK_ISSUER="$ISSUER" CLERK_AUTHORIZED_PARTIES=http://localhost:5173 TENANT_STORE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
  ONBOARDING_URL="http://127.0.0.1:$UPSTREAM_PORT" QUARKUS_HTTP_PORT="$GATEWAY_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  ${SUT_CPU[@]+"${SUT_CPU[@]}"} java -Xmx256m ${GATEWAY_JAVA_OPTS:-} -jar "$APP/quarkus-run.jar" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
wait_for "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GATEWAY_PORT/api/me" > /dev/null \
  || { echo "the gateway refused the bench token" >&2; cat "$WORK/gateway.log" >&2; exit 1; }

# CPU time (user + system, clock ticks) a process has used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# microseconds of CPU per request: ticks used during a run / requests served
us_per_request() { awk -v t="$1" -v r="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t * 1e6 / hz / r }'; }

# wrk's --latency output: "Requests/sec:  1234.56" and "50%  1.23ms"; latencies normalised to ms.
# run URL [PROXY_PID]: prints requests/s, p50, p99, and the CPU per request of the upstream, the proxy ("-" when
# none) and wrk during the run. Any non-2xx answer fails the benchmark (a refusal is not a throughput).
run() {
  local url="$1" proxy_pid="${2:-}" up0 px0=0 wrk_cpu
  up0=$(cpu_ticks "$UPSTREAM_PID"); [[ -n "$proxy_pid" ]] && px0=$(cpu_ticks "$proxy_pid")
  wrk_cpu=$( { /usr/bin/time -f '%U %S' ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} wrk -t2 -c"$CONNECTIONS" -d"$DURATION"s \
    --latency -H "Authorization: Bearer $TOKEN" "$url" > "$WORK/wrk.out"; } 2>&1 | tail -1)
  if grep -q 'Non-2xx' "$WORK/wrk.out"; then echo "non-2xx answers from $url:" >&2; cat "$WORK/wrk.out" >&2; exit 1; fi
  local rps p50 p99 requests px_us="-"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  [[ -n "$proxy_pid" ]] && px_us=$(us_per_request $(( $(cpu_ticks "$proxy_pid") - px0 )) "$requests")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")" \
    "$(us_per_request $(( $(cpu_ticks "$UPSTREAM_PID") - up0 )) "$requests") $px_us" \
    "$(awk -v c="$wrk_cpu" -v r="$requests" 'BEGIN { split(c, a, " "); printf "%.1f", (a[1] + a[2]) * 1e6 / r }')"
}
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

warm() { ${LOAD_CPU[@]+"${LOAD_CPU[@]}"} wrk -t2 -c"$CONNECTIONS" -d"$1"s -H "Authorization: Bearer $TOKEN" "$2" > /dev/null; }
echo "warming up (JIT) ..."
warm 10 "http://127.0.0.1:$UPSTREAM_PORT/me"
warm 15 "http://127.0.0.1:$REFERENCE_PORT/me"
warm 30 "http://127.0.0.1:$GATEWAY_PORT/api/me"

read -r DIRECT_RPS DIRECT_P50 DIRECT_P99 DIRECT_UP_US _ DIRECT_WRK_US <<< "$(run "http://127.0.0.1:$UPSTREAM_PORT/me")"
read -r REF_RPS REF_P50 REF_P99 REF_UP_US REF_US REF_WRK_US \
  <<< "$(run "http://127.0.0.1:$REFERENCE_PORT/me" "$REFERENCE_PID")"
read -r GW_RPS GW_P50 GW_P99 GW_UP_US GW_US GW_WRK_US <<< "$(run "http://127.0.0.1:$GATEWAY_PORT/api/me" "$GATEWAY_PID")"
GW_RSS_MB=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$GATEWAY_PID/status")
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100*a/b }'; }

printf '\nauth-gateway benchmark: %s s per run, %s connections, 2 wrk threads, %s cores\n' "$DURATION" "$CONNECTIONS" "$(nproc)"
printf 'mode: %s\n' "$MODE"
printf '%-36s %12s %10s %10s   %s\n' "path" "requests/s" "p50 ms" "p99 ms" "CPU us/request: upstream proxy wrk"
line() { printf '%-36s %12s %10s %10s   %8s %8s %8s\n' "$@"; }
line "direct to upstream (/me)" "$DIRECT_RPS" "$DIRECT_P50" "$DIRECT_P99" "$DIRECT_UP_US" "-" "$DIRECT_WRK_US"
line "reference proxy, no auth (/me)" "$REF_RPS" "$REF_P50" "$REF_P99" "$REF_UP_US" "$REF_US" "$REF_WRK_US"
line "through gateway (/api/me, RS256)" "$GW_RPS" "$GW_P50" "$GW_P99" "$GW_UP_US" "$GW_US" "$GW_WRK_US"
printf 'gateway keeps %s%% of the direct throughput (target >= 70%%); the reference proxy %s%%;\n' \
  "$(percent "$GW_RPS" "$DIRECT_RPS")" "$(percent "$REF_RPS" "$DIRECT_RPS")"
printf 'gateway / reference proxy: %s%% of its throughput; gateway RSS after the run: %s MB (%s)\n' \
  "$(percent "$GW_RPS" "$REF_RPS")" "$GW_RSS_MB" "$MODE"
