#!/usr/bin/env bash
# Benchmark of auth-gateway: authenticated, org-confined, proxied requests/s through the packaged gateway (PEM key, no
# network) to a trivial Vert.x upstream, beside, in the same run and with the same wrk load:
#   - the peers a Clerk/Node team would run instead (bench/peers, installed with npm at run time into
#     target/bench-peers): Node + Clerk's @clerk/backend verifyToken + node:http proxy, and Node + jose (key imported
#     once) + node:http proxy, both with the gateway's rules (onboarding done, the path's org is the session's);
#   - references: the same load straight to the upstream, and through a reference proxy with no authentication at all
#     (bench/auth-gateway-reference-proxy.java: plain Vert.x server + client, what any proxy hop costs here).
# Prints each with requests/s, p50/p99 latency, the CPU per request of the process under test (and of the upstream and
# wrk), its peak RSS, the ratios suite / peer, and one machine-readable RESULT line per run (bench/bench-lib.sh).
#
#   ./mvnw -B package -pl auth-gateway -am -DskipTests     # the packaged gateway
#   bench/auth-gateway.sh [duration-seconds (20)] [connections (32)]
#   BENCH_JAVA_OPTS='-XX:+UseSerialGC ...'  the gateway's JVM options (default -Xmx256m)
#   GATEWAY_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/gw.jfr' bench/auth-gateway.sh   # added, e.g. to profile
#   GATEWAY_APP=/elsewhere/auth-gateway/target/quarkus-app bench/auth-gateway.sh                # another build
#   BENCH_WARMUP=seconds   one warm-up for every path (default: 10 s direct and peers, 15 s reference, 30 s gateway)
#   BENCH_PEERS=0          without the Node peers; BENCH_PEERS=node-jose only that one (node-clerk, node-jose)
#   PEER_WORKERS=2         each Node peer as a cluster of 2 processes (default 1; CPU and RSS summed over them)
#   BENCH_PIN=1 bench/auth-gateway.sh    # pinned: the proxy (gateway, reference or peer) alone on CPU 0, upstream and
#                                        # wrk on CPU 1, in every path (direct: CPU 0 idle); a separate figure
#
# All paths get the same wrk settings and a JIT warm-up first; the gateway's is longer (30 s) because on two shared
# cores its C2 compilation takes some 20 s of load before the throughput stops climbing.
#
# Runs under the build lock (2-core machines: nothing else may load the CPU; FLEETFUSION_LOCK names it) and stops
# every process it starts.
set -euo pipefail

if [[ "${FLEETFUSION_BENCH_LOCKED:-}" != 1 ]]; then
  export FLEETFUSION_BENCH_LOCKED=1
  exec flock "${FLEETFUSION_LOCK:-/tmp/fleetfusion-mvn.lock}" "$0" "$@"
fi

DURATION="${1:-20}"
CONNECTIONS="${2:-32}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="${GATEWAY_APP:-$ROOT/auth-gateway/target/quarkus-app}"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "build the gateway first: ./mvnw -B package -pl auth-gateway -am -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench-lib.sh
. "$ROOT/bench/bench-lib.sh"
# the request of every gateway path: an organization route, so that the org confinement runs
GATEWAY_PATH=/api/orgs/org_bench/vehicles
UPSTREAM_PATH=/orgs/org_bench/vehicles
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
GATEWAY_STARTED=$(now_ms)
# explicit safe values: the packaged gateway refuses to start in production without them
CLERK_JWT_KEY="$(cat "$WORK/pub.pem")" CLERK_ISSUER="$ISSUER" CLERK_AUTHORIZED_PARTIES=http://localhost:5173 TENANT_STORE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
  ONBOARDING_URL="http://127.0.0.1:$UPSTREAM_PORT" QUARKUS_HTTP_PORT="$GATEWAY_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  ${SUT_CPU[@]+"${SUT_CPU[@]}"} java ${BENCH_JAVA_OPTS:--Xmx256m} ${GATEWAY_JAVA_OPTS:-} -jar "$APP/quarkus-run.jar" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
await_ready "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" "$GATEWAY_PID" \
  || { echo "the gateway did not start" >&2; cat "$WORK/gateway.log" >&2; exit 1; }
GATEWAY_STARTUP_MS=$(( $(now_ms) - GATEWAY_STARTED ))
bench_result "RESULT bench=startup run=auth-gateway ms=$GATEWAY_STARTUP_MS"
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GATEWAY_PORT$GATEWAY_PATH" > /dev/null \
  || { echo "the gateway refused the bench token" >&2; cat "$WORK/gateway.log" >&2; exit 1; }

# the Node peers, with the gateway's settings, pinned like the gateway
declare -A PEER_PORT=() PEER_PID=() PEER_LABEL=([node-clerk]="Node + @clerk/backend verifyToken + proxy"
  [node-jose]="Node + jose (key imported once) + proxy")
PEERS=()
case "${BENCH_PEERS:-1}" in
  0) ;;
  1) PEERS=(node-clerk node-jose) ;;
  *) read -ra PEERS <<< "${BENCH_PEERS//,/ }" ;;
esac
if (( ${#PEERS[@]} > 0 )); then
  PEERS_DIR=$("$ROOT/bench/peers/install.sh")
  for peer in "${PEERS[@]}"; do
    PEER_PORT[$peer]=$(free_port)
    CLERK_JWT_KEY="$(cat "$WORK/pub.pem")" CLERK_ISSUER="$ISSUER" CLERK_AUTHORIZED_PARTIES=http://localhost:5173 \
      PORT="${PEER_PORT[$peer]}" UPSTREAM_PORT="$UPSTREAM_PORT" \
      ${SUT_CPU[@]+"${SUT_CPU[@]}"} node "$PEERS_DIR/gateway-${peer#node-}.mjs" > "$WORK/$peer.log" 2>&1 &
    PEER_PID[$peer]=$!
    PIDS+=("${PEER_PID[$peer]}")
    for _ in $(seq 1 100); do grep -q listening "$WORK/$peer.log" && break; sleep 0.1; done
    curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PEER_PORT[$peer]}$GATEWAY_PATH" > /dev/null \
      || { echo "the $peer peer refused the bench token" >&2; cat "$WORK/$peer.log" >&2; exit 1; }
  done
fi

BENCH_ALSO="upstream=$UPSTREAM_PID"
WRK_HEADERS=(-H "Authorization: Bearer $TOKEN")
# run ID PID URL: one measured wrk run; any non-2xx answer fails the benchmark (a refusal is not a throughput)
run() {
  local line
  line=$(bench_wrk auth-gateway "$@")
  echo "$line" >&2
  if [[ "$(result_field "$line" non2xx)" != 0 || "$(result_field "$line" ok)" == 0 ]]; then
    echo "non-2xx answers from $3:" >&2; cat "$WORK/wrk.out" >&2; exit 1
  fi
  RESULTS[$1]=$line
}
declare -A RESULTS=()

echo "warming up (JIT) ..."
WARMUP=${BENCH_WARMUP:-10} wrk_warm "http://127.0.0.1:$UPSTREAM_PORT$UPSTREAM_PATH"
WARMUP=${BENCH_WARMUP:-15} wrk_warm "http://127.0.0.1:$REFERENCE_PORT$UPSTREAM_PATH"
WARMUP=${BENCH_WARMUP:-30} wrk_warm "http://127.0.0.1:$GATEWAY_PORT$GATEWAY_PATH"
for peer in "${PEERS[@]}"; do WARMUP=${BENCH_WARMUP:-10} wrk_warm "http://127.0.0.1:${PEER_PORT[$peer]}$GATEWAY_PATH"; done

run direct "$UPSTREAM_PID" "http://127.0.0.1:$UPSTREAM_PORT$UPSTREAM_PATH"
run reference "$REFERENCE_PID" "http://127.0.0.1:$REFERENCE_PORT$UPSTREAM_PATH"
run suite "$GATEWAY_PID" "http://127.0.0.1:$GATEWAY_PORT$GATEWAY_PATH"
for peer in "${PEERS[@]}"; do run "$peer" "${PEER_PID[$peer]}" "http://127.0.0.1:${PEER_PORT[$peer]}$GATEWAY_PATH"; done

f() { result_field "${RESULTS[$1]}" "$2"; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100*a/b }'; }

printf '\nauth-gateway benchmark (%s): wrk, %s s measured per run, %s connections, 2 wrk threads, %s cores\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$DURATION" "$CONNECTIONS" "$(nproc)"
printf 'mode: %s; gateway started (launch to ready) in %s ms\n' "$MODE" "$GATEWAY_STARTUP_MS"
printf '%-44s %10s %8s %8s %10s %8s   %s\n' "path" "requests/s" "p50 ms" "p99 ms" "CPU us/req" "RSS MB" "CPU us/req: upstream wrk"
line() {
  printf '%-44s %10s %8s %8s %10s %8s   %8s %8s\n' "$2" "$(f "$1" rps)" "$(f "$1" p50_ms)" "$(f "$1" p99_ms)" \
    "$([[ $1 == direct ]] && echo - || f "$1" cpu_us)" "$(f "$1" rss_mb)" "$(f "$1" upstream_cpu_us)" "$(f "$1" wrk_cpu_us)"
}
line direct "direct to upstream ($UPSTREAM_PATH)"
line reference "reference proxy, no auth"
line suite "auth-gateway ($GATEWAY_PATH, RS256)"
for peer in "${PEERS[@]}"; do line "$peer" "${PEER_LABEL[$peer]}"; done
printf 'gateway keeps %s%% of the direct throughput, the reference proxy %s%%; gateway / reference proxy: %s%% of its\n' \
  "$(percent "$(f suite rps)" "$(f direct rps)")" "$(percent "$(f reference rps)" "$(f direct rps)")" \
  "$(percent "$(f suite rps)" "$(f reference rps)")"
printf 'throughput, CPU per request %s of the reference proxy\n' "$(ratio "$(f suite cpu_us)" "$(f reference cpu_us)")x"
for peer in "${PEERS[@]}"; do
  printf 'suite / %s: throughput %sx, CPU per request %sx, RSS %sx\n' "$peer" "$(ratio "$(f suite rps)" "$(f "$peer" rps)")" \
    "$(ratio "$(f suite cpu_us)" "$(f "$peer" cpu_us)")" "$(ratio "$(f suite rss_mb)" "$(f "$peer" rss_mb)")"
done
