#!/usr/bin/env bash
# Faults under load at scale-out (issue 24): the packaged pipeline scaled out (3 Kafka brokers with clerk.events on
# 6 partitions, RF 3, min.insync.replicas 2; PostgreSQL; clerk-emulator; 2 webhook-ingest; 2 tenant-store; 1
# onboarding-service), a sustained Svix-signed Clerk event stream with onboardings beside it, and a cycle of faults
# (kill -9 of a tenant-store and of an ingest replica, a rolling restart of ingest, a broker stopped 30 s, Postgres
# restarted, Postgres slow, Clerk 429/5xx to onboarding) every --cycle seconds. At the end it checks the tables
# against an independent model of every delivery answered 2xx (lost, wrongly applied), the DLQ and the onboardings,
# and writes a Markdown report with PNG plots.
#
# Usage: bench/faults.sh [--duration seconds (1200)] [--rate events/s (2000)] [--cycle seconds (300)] [--out dir]
#   Report: fault-bench/target/faults-report/README.md unless --out. Exit status 0 when the run passed.
#   On the shared 2-core build machine run it under the build lock: flock /tmp/ff-build.lock bench/faults.sh ...
# It builds what is missing (./mvnw), and every process it starts is stopped at its end (also on Ctrl-C).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/fault-bench"

missing=false
for module in clerk-emulator webhook-ingest tenant-store onboarding-service; do
  [ -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ] || missing=true
done
[ -f "$BENCH/target/fault-bench.classpath" ] && [ -d "$BENCH/target/classes" ] || missing=true
if $missing; then
  printf 'building the services and fault-bench...\n' >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package \
    -pl clerk-emulator,webhook-ingest,tenant-store,onboarding-service,fault-bench -am)
fi

OUT_DEFAULT=(--out "$BENCH/target/faults-report")
for arg in "$@"; do [ "$arg" = "--out" ] && OUT_DEFAULT=(); done
# from the module's directory: the processes' logs go to fault-bench/target/process-logs
cd "$BENCH"
exec java -Xmx1g -cp "$BENCH/target/classes:$(cat "$BENCH/target/fault-bench.classpath")" \
  com.fleetfusion.faults.FaultRun "${OUT_DEFAULT[@]}" "$@"
