#!/usr/bin/env bash
# Benchmark of tenant-store: events applied per second, against the plainest correct alternative.
#
#   bench/tenant-store.sh [N]          (default N = 200000; run from anywhere; needs the built modules:
#                                       ./mvnw -B package -pl tenant-store -am -DskipTests)
#   BENCH_DB_RTT_MS=1 bench/tenant-store.sh   (Postgres reached through a proxy adding 1 ms per round trip, both sides)
#   BENCH_TENANT_STORE_JAR=/tmp/old/quarkus-app/quarkus-run.jar bench/tenant-store.sh   (another build of the service)
#   TENANT_STORE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/ts.jfr" bench/tenant-store.sh   (e.g. to profile)
#
# 1. starts a real Kafka broker and a real PostgreSQL (test-support's SuiteInfrastructure) in a scratch directory,
#    with durable commits (synchronous_commit=on) as a production Postgres has them;
# 2. preloads BENCH_WARMUP_EVENTS (default 300000) warm-up events with other ids, then N realistic Clerk events
#    into clerk.events (users, organizations, memberships, updates, deletions, about 10% Svix redeliveries,
#    shuffled);
# 3. runs the baseline once (step 4), then starts the packaged tenant-store and measures events/s from the moment it
#    has processed the warm-up records until it has processed the N records after them (its
#    tenant_store_events_total counters); its JIT compilers took over 40% of its CPU in a cold 30-second run, still
#    ~15-30% after the default warm-up (a long tail of first compilations of per-batch code);
#    BENCH_WARMUP_EVENTS=0 measures a cold start from its first processed batch;
# 4. on the same Postgres, the baseline reads the same topic and runs one INSERT ... ON CONFLICT DO UPDATE ...
#    WHERE <last writer wins> per event, each in its own transaction (bench/tenant-store-bench.java), timed the same
#    way: the N records after the warm-up ones; it runs before and after the service (a fresh schema each time), so
#    that a change of the machine's speed during the run (this VM's varies by 10-25% over minutes) moves both sides;
# 5. checks that both produced the same rows (users and organizations: ids, versions, live or deleted; memberships:
#    keys), then prints the rates and the ratio of the service's to the mean of the two baseline runs.
# Run it under the build lock on shared machines: flock /tmp/fleetfusion-mvn.lock bench/tenant-store.sh
set -euo pipefail

N="${1:-200000}"
WARMUP="${BENCH_WARMUP_EVENTS:-300000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# BENCH_TENANT_STORE_JAR: another build's quarkus-run.jar (e.g. a copy of quarkus-app/ to compare builds)
JAR="${BENCH_TENANT_STORE_JAR:-tenant-store/target/quarkus-app/quarkus-run.jar}"
CP_FILE=test-support/target/suite-infrastructure.classpath
for f in "$JAR" "$CP_FILE" test-support/target/classes; do
    [ -e "$f" ] || { echo "missing $f: build first (./mvnw -B package -pl tenant-store -am -DskipTests)" >&2; exit 1; }
done
CP="$(cat "$CP_FILE"):test-support/target/classes"
WORK="$(mktemp -d /tmp/tenant-store-bench.XXXXXX)"
INFRA_PID=""
APP_PID=""
PROXY_PID=""
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
    [ -n "$INFRA_PID" ] && kill "$INFRA_PID" 2>/dev/null && wait "$INFRA_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# the broker speaks SASL_SSL (SCRAM users, ACLs) as in production; BENCH_KAFKA_PLAINTEXT=true for a PLAINTEXT one
java -cp "$CP" com.fleetfusion.testsupport.SuiteInfrastructure "$WORK" ${BENCH_KAFKA_PLAINTEXT:+--plaintext-kafka} > "$WORK/infra.log" 2>&1 &
INFRA_PID=$!
for _ in $(seq 1 240); do [ -f "$WORK/infra.env" ] && break; sleep 0.5; done
[ -f "$WORK/infra.env" ] || { echo "infrastructure did not start; see $WORK/infra.log" >&2; cat "$WORK/infra.log" >&2; exit 1; }
set -a; . "$WORK/infra.env"; set +a
# records are signed (event-signature) by the preload with the key the service verifies: a fresh one per run
export EVENTS_SIGNING_KEYS="$(openssl rand -hex 32)"
# the load generator and the baseline as the broker's admin, the service as its own user
bench() { KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_ADMIN:-}" java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" "$ROOT/bench/tenant-store-bench.java" "$@"; }

# durable commits, as in production (Neon acknowledges a commit only once the WAL is safe): the embedded server
# of the tests runs with synchronous_commit=off, which would hide the cost of one transaction per event
bench durable "jdbc:$DB_URL" "$DB_USER" "$DB_PASSWORD"

# BENCH_DB_RTT_MS: both the service and the baseline reach Postgres through a proxy adding that round-trip time
# (bench/latency-proxy.py), to model a database across a network (Neon: ~1 ms within a region) on this machine
if [ "${BENCH_DB_RTT_MS:-0}" != 0 ]; then
    DB_HOSTPORT="${DB_URL#postgresql://}"; DB_HOSTPORT="${DB_HOSTPORT%%/*}"
    PROXY_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    python3 "$ROOT/bench/latency-proxy.py" "$PROXY_PORT" "${DB_HOSTPORT%:*}" "${DB_HOSTPORT##*:}" "$BENCH_DB_RTT_MS" &
    PROXY_PID=$!
    DB_URL="postgresql://127.0.0.1:$PROXY_PORT/${DB_URL#postgresql://*/}"
    echo "Postgres through a proxy adding $BENCH_DB_RTT_MS ms per round trip: $DB_URL"
fi

if [ "$WARMUP" -gt 0 ]; then
    echo "preloading $WARMUP warm-up events (other ids) into clerk.events at $KAFKA_BOOTSTRAP_SERVERS ..."
    bench preload "$KAFKA_BOOTSTRAP_SERVERS" "$WARMUP" warm_ > /dev/null
fi
echo "preloading $N events into clerk.events ..."
bench preload "$KAFKA_BOOTSTRAP_SERVERS" "$N" > /dev/null

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# lookups are not benchmarked: a throwaway key keeps quarkus-oidc off the network
JWT_KEY="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout)"
start_store() {
    # its own Kafka user and database role, and explicit safe values: the packaged service refuses to start in
    # production without them (no comment inside the continued command: it would end it there)
    KAFKA_SASL_USERNAME=tenant-store KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_TENANT_STORE:-}" \
    DB_USER="$TENANT_STORE_DB_USER" DB_PASSWORD="$SERVICE_DB_PASSWORD" CLERK_AUTHORIZED_PARTIES=http://localhost:5173 \
    CLERK_SECRET_KEY=sk_test_bench_only \
    CLERK_JWT_KEY="$JWT_KEY" QUARKUS_HTTP_PORT="$PORT" java -Xmx512m ${TENANT_STORE_JAVA_OPTS:-} -jar "$JAR" \
        >> "$WORK/tenant-store.log" 2>&1 &
    APP_PID=$!
}
stop_store() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
baseline() {
    echo "baseline, $1 the service: one INSERT ... ON CONFLICT per event, one transaction each ..." >&2
    bench baseline "$KAFKA_BOOTSTRAP_SERVERS" "jdbc:$DB_URL" "$DB_USER" "$DB_PASSWORD" "$WARMUP"
}

# the baseline copies the service's tables (CREATE TABLE ... LIKE): a first start, reading another (empty) topic, only
# migrates the schema
echo "migrating the schema (tenant-store reading an empty topic) ..."
MP_MESSAGING_INCOMING_CLERK_EVENTS_TOPIC=bench.schema-only start_store
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/q/health/started" > /dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/q/health/started" > /dev/null 2>&1 \
    || { echo "tenant-store did not start; the end of its log:" >&2; tail -20 "$WORK/tenant-store.log" >&2; exit 1; }
stop_store
read -r BASE1_RATE BASE1_SECONDS BASE1_COUNT < <(baseline before)

echo "starting tenant-store on port $PORT ..."
start_store
read -r STORE_RATE STORE_SECONDS < <(bench await "http://127.0.0.1:$PORT/q/metrics" "$WARMUP" "$((WARMUP + N))")
RSS_KB=$(ps -o rss= -p "$APP_PID" | tr -d ' ')
# where the service's time went: its batch transactions (sum and count of tenant_store_apply_transaction_seconds)
read -r TX_SECONDS TX_COUNT < <(curl -fsS "http://127.0.0.1:$PORT/q/metrics" \
    | awk '/^tenant_store_apply_transaction_seconds_sum/ { s = $2 } /^tenant_store_apply_transaction_seconds_count/ { c = $2 }
           END { printf "%.2f %d\n", s, c }')
stop_store

read -r BASE2_RATE BASE2_SECONDS BASE2_COUNT < <(baseline after)
BASE_RATE=$(( (BASE1_RATE + BASE2_RATE) / 2 ))
# both applied every record (warm-up included) with the same last-writer-wins rule: the same rows must come out
CHECK="$(bench check "jdbc:$DB_URL" "$DB_USER" "$DB_PASSWORD")" \
    || { echo "tenant-store's tables differ from the baseline's: $CHECK" >&2; exit 1; }

echo
printf 'events                 %d measured, after %d warm-up events\n' "$N" "$WARMUP"
printf 'tenant-store           %8d events/s  (%s s; RSS %d MB after the run)\n' "$STORE_RATE" "$STORE_SECONDS" "$((RSS_KB / 1024))"
printf '                         batch transactions: %d, %s s in all (warm-up included)\n' "$TX_COUNT" "$TX_SECONDS"
printf 'baseline (row by row)  %8d events/s  (mean of %d before the service, %s s, and %d after, %s s; %d events)\n' \
    "$BASE_RATE" "$BASE1_RATE" "$BASE1_SECONDS" "$BASE2_RATE" "$BASE2_SECONDS" "$BASE2_COUNT"
printf 'same rows as baseline  %s\n' "$CHECK"
python3 -c "print('ratio                  %.1fx' % ($STORE_RATE / $BASE_RATE))"
# machine-readable, for bench/report.sh
echo "RESULT bench=tenant-store run=suite rate=$STORE_RATE baseline_rate=$BASE_RATE events=$N rss_mb=$((RSS_KB / 1024))" \
    | tee -a "${BENCH_RESULTS:-/dev/null}"
