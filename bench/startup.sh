#!/usr/bin/env bash
# Start-up time of each packaged service: from the moment its JVM is launched until /q/health/ready answers UP, with
# its real dependencies (a Kafka broker and a PostgreSQL from test-support's SuiteInfrastructure, the packaged
# clerk-emulator for the session-token keys), N starts each, one service at a time; prints the median.
#
#   ./mvnw -B package -pl clerk-emulator,auth-gateway,onboarding-service,webhook-ingest,tenant-store,test-support -am -DskipTests
#   bench/startup.sh [N (5)] [service ...]          (default: the four services and clerk-emulator)
#   STARTUP_JAVA_OPTS="..." bench/startup.sh       (JVM options of the services; default: deploy/jvm.options)
#   STARTUP_APPCDS=off|on|both (both)             without and/or with an AppCDS archive of the classes the service
#                                                  loaded in a first start until ready (-XX:ArchiveClassesAtExit, written
#                                                  by the same JVM when that start is stopped)
#
# Machine-readable output, one line per service (bench/report.sh reads these):
#   startup service=<name> appcds=<off|on> runs=<N> median_ms=<ms> min_ms=<ms> max_ms=<ms> rss_ready_mib=<median RSS when ready>
# Readiness is polled every 20 ms (curl), so a figure is at most ~20 ms late. Run it under the build lock on the shared
# 2-core machines (flock /tmp/ff-build.lock bench/startup.sh): a start is mostly CPU-bound.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5}
shift || true
SERVICES=("$@")
APPCDS=${STARTUP_APPCDS:-both}
case $APPCDS in off) MODES=(off) ;; on) MODES=(on) ;; both) MODES=(off on) ;; *) echo "STARTUP_APPCDS: off, on or both" >&2; exit 1 ;; esac
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=(auth-gateway onboarding-service webhook-ingest tenant-store clerk-emulator)
JAVA_OPTS=${STARTUP_JAVA_OPTS:-@$ROOT/deploy/jvm.options}
# as in the images (docs/jvm-footprint.md)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
CP_FILE="$ROOT/test-support/target/suite-infrastructure.classpath"
for s in clerk-emulator "${SERVICES[@]}"; do
  [ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ] || { echo "build $s first (see the header of $0)" >&2; exit 1; }
done
[ -f "$CP_FILE" ] || { echo "build test-support first (see the header of $0)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/startup-bench.XXXXXX")
INFRA=""
EMULATOR=""
SERVICE=""
stop() { # PID: TERM, then KILL after 30 s (SuiteInfrastructure stops its broker and database in a shutdown hook)
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() { stop "$SERVICE"; stop "$EMULATOR"; stop "$INFRA"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

java -Xmx128m -cp "$(cat "$CP_FILE"):$ROOT/test-support/target/classes" com.fleetfusion.testsupport.SuiteInfrastructure \
  "$WORK/infra" > "$WORK/infra.log" 2>&1 &
INFRA=$!
for _ in $(seq 1 480); do [ -f "$WORK/infra/infra.env" ] && break; kill -0 "$INFRA" 2>/dev/null || break; sleep 0.25; done
[ -f "$WORK/infra/infra.env" ] || { cat "$WORK/infra.log" >&2; echo "Kafka/Postgres did not start" >&2; exit 1; }
set -a; . "$WORK/infra/infra.env"; set +a

EMULATOR_PORT=$(free_port)
export CLERK_ISSUER="http://localhost:$EMULATOR_PORT" CLERK_API_URL="http://localhost:$EMULATOR_PORT"
export CLERK_SECRET_KEY="sk_test_$(openssl rand -hex 24)" CLERK_AUTHORIZED_PARTIES=http://localhost:5173
export CLERK_WEBHOOK_SECRETS="whsec_$(head -c 24 /dev/urandom | base64)" EVENTS_SIGNING_KEYS="$(openssl rand -hex 32)"
export ADMIN_TOKEN="$(openssl rand -hex 24)" QUARKUS_HTTP_HOST=127.0.0.1 LOG_JSON=false

# launch NAME PORT [JVM option...]: starts the packaged service in the background (its PID in LAUNCHED) with the environment ./suite gives it
launch() {
  local name=$1 port=$2 env=(QUARKUS_HTTP_PORT="$2") password_var
  shift 2
  [ "$name" = tenant-store ] && env+=(DB_USER="$TENANT_STORE_DB_USER" DB_PASSWORD="$SERVICE_DB_PASSWORD")
  [ "$name" = onboarding-service ] && env+=(DB_USER="$ONBOARDING_DB_USER" DB_PASSWORD="$SERVICE_DB_PASSWORD")
  [ "$name" = auth-gateway ] && env+=(TENANT_STORE_URL="http://127.0.0.1:1" ONBOARDING_URL="http://127.0.0.1:1")
  password_var="KAFKA_PASSWORD_$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')"
  [ -n "${!password_var:-}" ] && env+=(KAFKA_SASL_USERNAME="$name" KAFKA_SASL_PASSWORD="${!password_var}")
  # shellcheck disable=SC2086
  env "${env[@]}" java $JAVA_OPTS "$@" -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" >> "$WORK/$name.log" 2>&1 &
  LAUNCHED=$!
}
# await_ready PID PORT: polls readiness until UP (exit status 1 if the process died or 120 s passed)
await_ready() {
  local deadline=$(( $(now_ms) + 120000 ))
  until curl -fsS -o /dev/null "http://127.0.0.1:$2/q/health/ready" 2>/dev/null; do
    kill -0 "$1" 2>/dev/null || return 1
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}

launch clerk-emulator "$EMULATOR_PORT"
EMULATOR=$LAUNCHED
await_ready "$EMULATOR" "$EMULATOR_PORT" || { tail -30 "$WORK/clerk-emulator.log" >&2; echo "clerk-emulator did not start" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }
for name in "${SERVICES[@]}"; do
  for mode in "${MODES[@]}"; do
    cds=()
    if [ "$mode" = on ]; then
      # the JVM writes the archive when it exits: one start until ready, then a normal stop (SIGTERM)
      port=$(free_port)
      launch "$name" "$port" -XX:ArchiveClassesAtExit="$WORK/$name.jsa"
      SERVICE=$LAUNCHED
      await_ready "$SERVICE" "$port" || { tail -30 "$WORK/$name.log" >&2; echo "$name did not become ready" >&2; exit 1; }
      stop "$SERVICE"; SERVICE=""
      [ -s "$WORK/$name.jsa" ] || { echo "no AppCDS archive for $name" >&2; exit 1; }
      cds=(-XX:SharedArchiveFile="$WORK/$name.jsa")
    fi
    : > "$WORK/times"; : > "$WORK/rss"
    for _ in $(seq 1 "$RUNS"); do
      port=$(free_port)
      t0=$(now_ms)
      launch "$name" "$port" ${cds[@]+"${cds[@]}"}
      SERVICE=$LAUNCHED
      await_ready "$SERVICE" "$port" || { tail -30 "$WORK/$name.log" >&2; echo "$name did not become ready" >&2; exit 1; }
      echo $(( $(now_ms) - t0 )) >> "$WORK/times"
      awk '/^VmRSS/ { printf "%d\n", $2 / 1024 }' "/proc/$SERVICE/status" >> "$WORK/rss"
      stop "$SERVICE"; SERVICE=""
    done
    printf 'startup service=%s appcds=%s runs=%d median_ms=%s min_ms=%s max_ms=%s rss_ready_mib=%s\n' "$name" "$mode" \
      "$RUNS" "$(median < "$WORK/times")" "$(sort -n "$WORK/times" | head -1)" "$(sort -n "$WORK/times" | tail -1)" \
      "$(median < "$WORK/rss")"
  done
done
