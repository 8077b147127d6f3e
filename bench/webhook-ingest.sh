#!/usr/bin/env bash
# Benchmark of webhook-ingest over loopback: accepted deliveries/s and p50/p99 latency of POST /webhooks/clerk
# (verify the Svix signature, publish to Kafka with acks=all, answer after the acknowledgement).
#
# Suite against peer, with wrk as the load of both (bench/wrk/svix-sign.lua: each request a distinct Svix delivery,
# signed when sent, the bodies realistic Clerk events written by WebhookLoad --bodies): the service, then the Node peer
# a Clerk/Node team would run (bench/peers/ingest-svix.mjs: node:http + svix verify + kafkajs send with acks=-1, answer
# after the ack; installed with npm at run time into target/bench-peers), publishing to the same topic of the same
# broker in the same way (SASL_SSL, SCRAM-SHA-512 as the webhook-ingest user, TLS checked against the broker's CA; or
# PLAINTEXT with BENCH_KAFKA_PLAINTEXT). Each prints deliveries/s, p50/p99, the CPU per delivery of the process under
# test and of the broker, its peak RSS, and the ratios suite / peer; the topic's records are counted before and after
# each, and every 2xx answer must be a record. BENCH_PEERS=0 leaves the peer out. Machine-readable RESULT lines
# (bench/bench-lib.sh) are printed for every run.
#
# References, with the generator of bench/webhook-ingest/WebhookLoad.java, in the same run: POST /webhooks/baseline of the same application, which reads the body the same way and
# answers 204 without verifying or publishing. Also prints the service's resident memory under load, and the CPU time
# per answered request of the service (and of its JIT compiler threads), the Kafka broker and the load generator during
# each measured window (from /proc/<pid>/stat, read by the generator at the start and end of the window), with the busy
# time of the rest of the machine, so that a run disturbed by other processes shows.
#
# Usage: bench/webhook-ingest.sh [connections (64)] [measured seconds per run (20)]
#   WEBHOOK_INGEST_APP=another quarkus-app directory (e.g. an older build, for before/after comparisons)
#   BENCH_WARMUP=seconds (45: the service's and the broker's JIT compilers are still busy after 15 s on 2 cores)
#   BENCH_JAVA_OPTS="-Xmx256m ..." (JVM options of the service, default none)
# It builds what is missing (./mvnw), starts a real Kafka broker (test-support's SuiteInfrastructure, --no-postgres),
# the packaged service and a load generator (bench/webhook-ingest/WebhookLoad.java, Vert.x, one event loop), and
# stops every process it started. BENCH_GENERATOR=0 leaves out the references. On the shared 2-core build machine,
# run it under the build lock:
#   flock /tmp/fleetfusion-mvn.lock bench/webhook-ingest.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNECTIONS=${1:-64}
MEASURED=${2:-20}
WARMUP=${BENCH_WARMUP:-45}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/webhook-ingest-bench.XXXXXX")
DURATION=$MEASURED
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench-lib.sh
. "$ROOT/bench/bench-lib.sh"
APP=${WEBHOOK_INGEST_APP:-$ROOT/webhook-ingest/target/quarkus-app}
JAR="$APP/quarkus-run.jar"
LIB="$APP/lib/main/*"
PIDS=()

say() { printf '%s\n' "$*" >&2; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # SuiteInfrastructure stops its broker in a shutdown hook: give it time, then insist
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# BENCH_THREADS=1: CPU seconds per service thread during the webhook run (for tuning)
thread_cpu() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null)" "$(cat "$t/comm" 2>/dev/null)"
  done
}

rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# 1. build what is missing
if [ ! -f "$JAR" ] || [ ! -f "$ROOT/test-support/target/suite-infrastructure.classpath" ] \
    || [ ! -d "$ROOT/test-support/target/classes" ]; then
  say "building webhook-ingest and test-support..."
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl webhook-ingest,test-support -am)
fi
javac -d "$WORK/classes" -cp "$LIB" "$ROOT/bench/webhook-ingest/WebhookLoad.java"

# 2. a real Kafka broker
java -Xmx128m -cp "$(cat "$ROOT/test-support/target/suite-infrastructure.classpath"):$ROOT/test-support/target/classes" \
  com.fleetfusion.testsupport.SuiteInfrastructure "$WORK/infra" --no-postgres ${BENCH_KAFKA_PLAINTEXT:+--plaintext-kafka} \
  >"$WORK/infra.log" 2>&1 &
INFRA=$!
PIDS+=("$INFRA")
for _ in $(seq 1 240); do [ -f "$WORK/infra/infra.env" ] && break; sleep 0.5; done
[ -f "$WORK/infra/infra.env" ] || { cat "$WORK/infra.log" >&2; say "Kafka did not start"; exit 1; }
set -a; . "$WORK/infra/infra.env"; set +a
KAFKA=$(pgrep -P "$INFRA" java | head -1 || true)

# 3. the service, with a fresh signing secret and the baseline endpoint on
PORT=$(free_port)
SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
# the service signs every record it writes (event-signature): a fresh key per run
# shellcheck disable=SC2086
# over SASL_SSL as its own user (the broker's default), or PLAINTEXT with BENCH_KAFKA_PLAINTEXT=true
SERVICE_STARTED=$(now_ms)
KAFKA_SASL_USERNAME=webhook-ingest KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_WEBHOOK_INGEST:-}" \
EVENTS_SIGNING_KEYS="$(openssl rand -hex 32)" CLERK_WEBHOOK_SECRETS="$SECRET" QUARKUS_HTTP_PORT="$PORT" \
  INGEST_BENCHMARK_BASELINE_ENABLED=true \
  java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE=$!
PIDS+=("$SERVICE")
await_ready "http://127.0.0.1:$PORT/q/health/ready" "$SERVICE" 60 \
  || { cat "$WORK/service.log" >&2; say "webhook-ingest not ready"; exit 1; }
STARTUP_MS=$(( $(now_ms) - SERVICE_STARTED ))
bench_result "RESULT bench=startup run=webhook-ingest ms=$STARTUP_MS" >&2
RSS_IDLE=$(rss_mib "$SERVICE")

load() {
  java -Xmx512m -cp "$WORK/classes:$LIB" WebhookLoad "http://127.0.0.1:$PORT$1" "$SECRET" "$CONNECTIONS" "$WARMUP" "$MEASURED" "$2" \
    "service=$SERVICE,jit=$SERVICE:jit,broker=$KAFKA"
}

# 4. the baseline, then the real endpoint with the service's RSS sampled every second
if [ "${BENCH_GENERATOR:-1}" != 0 ]; then
say "baseline: $CONNECTIONS connections, ${WARMUP}s warm-up + ${MEASURED}s measured..."
BASELINE=$(load /webhooks/baseline baseline)
say "$BASELINE"
: >"$WORK/rss"
( while kill -0 "$SERVICE" 2>/dev/null; do rss_mib "$SERVICE" >>"$WORK/rss"; echo >>"$WORK/rss"; sleep 1; done ) &
SAMPLER=$!
PIDS+=("$SAMPLER")
say "webhook: $CONNECTIONS connections, ${WARMUP}s warm-up + ${MEASURED}s measured..."
[ -z "${BENCH_THREADS:-}" ] || thread_cpu "$SERVICE" >"$WORK/threads.before"
WEBHOOK=$(load /webhooks/clerk webhook)
if [ -n "${BENCH_THREADS:-}" ]; then
  thread_cpu "$SERVICE" >"$WORK/threads.after"
  say "service threads, CPU ticks (1/100 s) during the webhook run:"
  awk -F'\t' 'NR == FNR { before[$2] += $1; next } { after[$2] += $1 } END { for (n in after) print after[n] - before[n] "\t" n }' \
    "$WORK/threads.before" "$WORK/threads.after" | sort -rn | head -12 >&2
fi
say "$WEBHOOK"
kill "$SAMPLER" 2>/dev/null || true
RSS_MAX=$(sort -n "$WORK/rss" | tail -1)

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
ACCEPTED=$(sed -n 's/.*outcomes={.*accepted=\([0-9]*\).*/\1/p' <<<"$WEBHOOK")
ACCEPTED=${ACCEPTED:-0}
ACCEPTED_RPS=$(awk -v a="$ACCEPTED" -v s="$MEASURED" 'BEGIN { printf "%.0f", a / s }')
BASE_RPS=$(field "$BASELINE" rps)
RATIO=$(awk -v a="$ACCEPTED_RPS" -v b="$BASE_RPS" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }')

printf '\nwebhook-ingest benchmark (%s, %s cores, %s connections, %ss measured per run)\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$CONNECTIONS" "$MEASURED"
printf '%-38s %12s %10s %10s\n' endpoint "deliveries/s" "p50 ms" "p99 ms"
printf '%-38s %12s %10s %10s\n' "POST /webhooks/baseline (204 only)" "$BASE_RPS" "$(field "$BASELINE" p50_ms)" "$(field "$BASELINE" p99_ms)"
printf '%-38s %12s %10s %10s\n' "POST /webhooks/clerk (accepted)" "$ACCEPTED_RPS" "$(field "$WEBHOOK" p50_ms)" "$(field "$WEBHOOK" p99_ms)"
printf 'ratio: %s%% of baseline (a reference)\n' "$RATIO"
printf 'webhook-ingest RSS: %s MiB idle after start, %s MiB max under load\n' "$RSS_IDLE" "$RSS_MAX"
printf 'non-2xx or errors during the webhook run: %s\n' "$(field "$WEBHOOK" other)"
cpu() { sed -n "s/.*cpu_us=\([^ ]*\).*/\1/p" <<<"$1" | tr ',' '\n' | sed -n "s/^$2://p"; }
printf 'CPU us per answered request in the measured window (user+system from /proc; "service JIT" is the part of the\n'
printf 'service spent in its JIT compiler threads; "others" is the busy time of the machine outside these three processes):\n'
printf '%-10s %10s %12s %10s %10s %10s %10s\n' run service "service JIT" broker generator total others
for run in baseline webhook; do
  line=$BASELINE; [ "$run" = webhook ] && line=$WEBHOOK
  printf '%-10s %10s %12s %10s %10s %10s %10s\n' "$run" "$(cpu "$line" service)" "$(cpu "$line" jit)" "$(cpu "$line" broker)" \
    "$(cpu "$line" generator)" \
    "$(awk -v a="$(cpu "$line" service)" -v b="$(cpu "$line" broker)" -v c="$(cpu "$line" generator)" 'BEGIN { printf "%.1f", a + b + c }')" \
    "$(awk -v a="$(cpu "$line" service)" -v b="$(cpu "$line" broker)" -v c="$(cpu "$line" generator)" -v m="$(cpu "$line" machine)" \
       'BEGIN { printf "%.1f", m - a - b - c }')"
done
cpu_of() { cpu "$1" "$2"; }
bench_result "RESULT bench=webhook-ingest run=baseline rps=$BASE_RPS p50_ms=$(field "$BASELINE" p50_ms)" \
  "p99_ms=$(field "$BASELINE" p99_ms) cpu_us=$(cpu_of "$BASELINE" service) broker_cpu_us=$(cpu_of "$BASELINE" broker)" >&2
bench_result "RESULT bench=webhook-ingest run=generator rps=$ACCEPTED_RPS p50_ms=$(field "$WEBHOOK" p50_ms)" \
  "p99_ms=$(field "$WEBHOOK" p99_ms) cpu_us=$(cpu_of "$WEBHOOK" service) broker_cpu_us=$(cpu_of "$WEBHOOK" broker)" >&2
fi

# 5. suite against peer, with wrk: distinct deliveries signed when sent, the same bodies for both
java -cp "$WORK/classes:$LIB" WebhookLoad --bodies 4096 "$WORK/bodies.jsonl"
KEY_HEX=$(printf '%s' "${SECRET#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \n')
RUN_ID=$(date +%s)
PEERS_DIR=""
[ "${BENCH_PEERS:-1}" = 0 ] || PEERS_DIR=$("$ROOT/bench/peers/install.sh")
# records on the topic, counted by the peer's client over the same connection settings
records() {
  if [ -n "$PEERS_DIR" ]; then
    KAFKA_SASL_USERNAME=webhook-ingest KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_WEBHOOK_INGEST:-}" node "$PEERS_DIR/topic-records.mjs"
  else
    echo 0
  fi
}
BENCH_ALSO="broker=$KAFKA"
declare -A RESULTS=()
# wrk_ingest RUN PID URL: warm-up and measured wrk runs; every 2xx answer must be a record on the topic
wrk_ingest() {
  local before after line answered
  before=$(records)
  say "$1 (wrk): $CONNECTIONS connections, ${WARMUP}s warm-up + ${MEASURED}s measured..."
  wrk_warm "$3" "$ROOT/bench/wrk/svix-sign.lua" "$KEY_HEX" "$WORK/bodies.jsonl" "${RUN_ID}w$1"
  line=$(BENCH_RESULTS="" bench_wrk webhook-ingest "$1" "$2" "$3" "$ROOT/bench/wrk/svix-sign.lua" "$KEY_HEX" "$WORK/bodies.jsonl" "${RUN_ID}m$1")
  after=$(records)
  answered=$((WARM_OK + $(result_field "$line" ok)))
  if [ -n "$PEERS_DIR" ]; then
    line="$line records=$((after - before)) answered_2xx=$answered"
    (( after - before >= answered )) || { say "$1: $answered 2xx answers but only $((after - before)) new records"; exit 1; }
  fi
  [ "$(result_field "$line" non2xx)" = 0 ] || say "WARNING: $1 answered non-2xx: $(result_field "$line" non2xx)"
  RESULTS[$1]=$line
  say "$line"
}
wrk_ingest suite "$SERVICE" "http://127.0.0.1:$PORT/webhooks/clerk"
RUNS=(suite)
if [ -n "$PEERS_DIR" ]; then
  PEER_PORT=$(free_port)
  KAFKA_SASL_USERNAME=webhook-ingest KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_WEBHOOK_INGEST:-}" KAFKA_TOPIC=clerk.events \
    CLERK_WEBHOOK_SECRET="$SECRET" PORT="$PEER_PORT" node "$PEERS_DIR/ingest-svix.mjs" >"$WORK/peer.log" 2>&1 &
  PEER=$!
  PIDS+=("$PEER")
  for _ in $(seq 1 200); do grep -q listening "$WORK/peer.log" && break; kill -0 "$PEER" 2>/dev/null || break; sleep 0.1; done
  grep -q listening "$WORK/peer.log" || { cat "$WORK/peer.log" >&2; say "the Node peer did not start"; exit 1; }
  wrk_ingest node-svix "$PEER" "http://127.0.0.1:$PEER_PORT/webhooks/clerk"
  RUNS+=(node-svix)
fi
# the final lines go to stdout (and into $BENCH_RESULTS)
for run in "${RUNS[@]}"; do bench_result "${RESULTS[$run]}"; done
w() { result_field "${RESULTS[$1]}" "$2"; }
printf '\nwebhook-ingest against its Node peer, wrk load (%s connections, %ss measured, Kafka %s)\n' "$CONNECTIONS" "$MEASURED" \
  "${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}"
printf '%-44s %12s %8s %8s %10s %10s %8s\n' receiver "deliveries/s" "p50 ms" "p99 ms" "CPU us/req" "broker us" "RSS MB"
printf '%-44s %12s %8s %8s %10s %10s %8s\n' "webhook-ingest" "$(w suite rps)" "$(w suite p50_ms)" "$(w suite p99_ms)" \
  "$(w suite cpu_us)" "$(w suite broker_cpu_us)" "$(w suite rss_mb)"
if [ -n "$PEERS_DIR" ]; then
  printf '%-44s %12s %8s %8s %10s %10s %8s\n' "Node + svix + kafkajs (acks=-1)" "$(w node-svix rps)" "$(w node-svix p50_ms)" \
    "$(w node-svix p99_ms)" "$(w node-svix cpu_us)" "$(w node-svix broker_cpu_us)" "$(w node-svix rss_mb)"
  printf 'suite / peer: throughput %sx, CPU per delivery %sx, RSS %sx\n' "$(ratio "$(w suite rps)" "$(w node-svix rps)")" \
    "$(ratio "$(w suite cpu_us)" "$(w node-svix cpu_us)")" "$(ratio "$(w suite rss_mb)" "$(w node-svix rss_mb)")"
fi
