#!/usr/bin/env bash
# Runs every benchmark of bench/ once and writes one Markdown report with tables and PNG plots (JFreeChart, from
# bench/report/BenchReport.java) to target/bench-report/: auth-gateway and webhook-ingest against their Node peers
# (throughput, latency, CPU per request, peak RSS, with the references), tenant-store against its row-by-row baseline,
# and the start-up time (launch to ready) of the services the benchmarks start. The benchmarks' machine-readable
# RESULT lines are collected in target/bench-report/results.txt; their full output in target/bench-report/*.log.
#
#   bench/report.sh
#   REPORT_SECONDS=20 REPORT_WARMUP=30 bench/report.sh     measured / warm-up seconds per run (default 10 / 10)
#   REPORT_GATEWAY_CONNECTIONS=32 REPORT_INGEST_CONNECTIONS=64 (defaults)
#   REPORT_TS_EVENTS=50000 REPORT_TS_WARMUP=100000         tenant-store events measured / warm-up (defaults)
#   REPORT_ONLY="auth-gateway webhook-ingest tenant-store"  a subset
#   BENCH_JAVA_OPTS, BENCH_PEERS, PEER_WORKERS, BENCH_KAFKA_PLAINTEXT, ...  passed on to the benchmarks
#
# Builds what is missing (./mvnw), installs the Node peers with npm (target/bench-peers) and JFreeChart with Maven.
# Takes the build lock for the whole run (FLEETFUSION_LOCK names it): nothing else may load the 2 cores meanwhile.
set -euo pipefail

if [[ "${FLEETFUSION_BENCH_LOCKED:-}" != 1 ]]; then
  export FLEETFUSION_BENCH_LOCKED=1
  exec flock "${FLEETFUSION_LOCK:-/tmp/fleetfusion-mvn.lock}" "$0" "$@"
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/bench-report"
SECONDS_MEASURED="${REPORT_SECONDS:-10}"
export BENCH_WARMUP="${REPORT_WARMUP:-10}"
ONLY="${REPORT_ONLY:-auth-gateway webhook-ingest tenant-store}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v node >/dev/null || echo "node is missing (apt-get install nodejs npm): the report will have no peers" >&2
command -v node >/dev/null || export BENCH_PEERS=0

rm -rf "$OUT"
mkdir -p "$OUT/lib"
export BENCH_RESULTS="$OUT/results.txt"
: > "$BENCH_RESULTS"

needed=()
[[ -f auth-gateway/target/quarkus-app/quarkus-run.jar ]] || needed+=(auth-gateway)
[[ -f webhook-ingest/target/quarkus-app/quarkus-run.jar ]] || needed+=(webhook-ingest)
[[ -f tenant-store/target/quarkus-app/quarkus-run.jar ]] || needed+=(tenant-store)
[[ -f test-support/target/suite-infrastructure.classpath ]] || needed+=(test-support)
if (( ${#needed[@]} > 0 )); then
  echo "building ${needed[*]} ..."
  ./mvnw -B -q -DskipTests package -pl "$(IFS=,; echo "${needed[*]}")" -am
fi
./mvnw -B -q -N dependency:copy -Dartifact=org.jfree:jfreechart:1.5.6 -DoutputDirectory="$OUT/lib" > "$OUT/maven.log" 2>&1 \
  || { cat "$OUT/maven.log" >&2; exit 1; }

STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
bench_failed=()
for bench in $ONLY; do
  echo "== $bench ($(date -u +%H:%M:%S))"
  case "$bench" in
    auth-gateway) bench/auth-gateway.sh "$SECONDS_MEASURED" "${REPORT_GATEWAY_CONNECTIONS:-32}" > "$OUT/auth-gateway.log" 2>&1 ;;
    webhook-ingest) bench/webhook-ingest.sh "${REPORT_INGEST_CONNECTIONS:-64}" "$SECONDS_MEASURED" > "$OUT/webhook-ingest.log" 2>&1 ;;
    tenant-store) BENCH_WARMUP_EVENTS="${REPORT_TS_WARMUP:-100000}" bench/tenant-store.sh "${REPORT_TS_EVENTS:-50000}" \
      > "$OUT/tenant-store.log" 2>&1 ;;
    *) echo "unknown benchmark $bench" >&2; exit 1 ;;
  esac || {
    # the others still make a report; the failure is named in it
    echo "$bench failed; the end of its output:" >&2; grep -v '^{"timestamp' "$OUT/$bench.log" | tail -15 >&2
    bench_failed+=("$bench")
    echo "FAILED bench=$bench" >> "$BENCH_RESULTS"
  }
  grep '^RESULT ' "$OUT/$bench.log" | grep -v 'bench=startup' | sed 's/^/  /' || true
done

MEMORY_MB=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-Linux}")
JDK=$(java -version 2>&1 | head -1 | sed 's/"//g')
MACHINE="$(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), ${MEMORY_MB} MB memory, $OS, kernel $(uname -r), $JDK, Node $(node --version 2>/dev/null || echo -), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')"
SETTINGS="${SECONDS_MEASURED} s measured after ${BENCH_WARMUP} s warm-up per run; service JVM options: ${BENCH_JAVA_OPTS:-defaults of the scripts}; Node peers: ${PEER_WORKERS:-1} process(es) each; Kafka: $([[ -n "${BENCH_KAFKA_PLAINTEXT:-}" ]] && echo PLAINTEXT || echo 'SASL_SSL (SCRAM-SHA-512, TLS)'); tenant-store: ${REPORT_TS_EVENTS:-50000} events after ${REPORT_TS_WARMUP:-100000} warm-up"
COMMAND="bench/report.sh"
for v in REPORT_SECONDS REPORT_WARMUP REPORT_ONLY BENCH_JAVA_OPTS BENCH_PEERS PEER_WORKERS BENCH_KAFKA_PLAINTEXT; do
  [[ -z "${!v:-}" ]] || COMMAND="$v='${!v}' $COMMAND"
done

java -Djava.awt.headless=true -cp "$OUT/lib/*" bench/report/BenchReport.java "$BENCH_RESULTS" "$OUT" "$STARTED" \
  "$COMMAND" "$MACHINE" "$SETTINGS"
echo "report: $OUT/report.md"
(( ${#bench_failed[@]} == 0 )) || { echo "failed: ${bench_failed[*]} (see $OUT/<bench>.log)" >&2; exit 1; }
