#!/usr/bin/env bash
# Benchmark of tenant-store's reconciliation: a full run against a clerk-emulator holding 10,000 users, 2,000
# organizations and 20,000 memberships, against the plainest baseline there is.
#
#   bench/tenant-store-reconcile.sh [USERS ORGS MEMBERSHIPS]     (defaults 10000 2000 20000; needs the built jars:
#                                    ./mvnw -B package -pl test-support,clerk-emulator,tenant-store -am -DskipTests)
#
# 1. starts a real Kafka broker and PostgreSQL (test-support's SuiteInfrastructure; synchronous_commit=on, as in
#    production) and the packaged clerk-emulator (no webhook endpoint, its rate limit out of the way while filling);
# 2. fills the emulator through its Backend API: the users, then the organizations (each created by a user, who
#    becomes its org:admin: that is one membership), then the other memberships (about MEMBERSHIPS/ORGS per org);
# 3. starts the packaged tenant-store with its defaults (500 objects a page, 20 requests/s) and runs a
#    reconciliation through POST /admin/reconcile: "cold" (empty tables: every object is written), then again
#    "warm" (nothing changed in Clerk: nothing written). Duration, requests and objects/s come from GET /admin/reconcile;
# 4. the baseline: a plain client lists the same three collections, same pages, same 20 requests/s, and only
#    parses the JSON: what any reconciliation must pay at that request ceiling. ratio = baseline time / run time
#    (1.0x = the run costs no more than fetching the pages; below 1 = what writing to Postgres adds);
# 5. the same cold run and baseline again with the request ceiling lifted (RECONCILE_REQUESTS_PER_SECOND=10000),
#    which shows where the time goes when Clerk does not throttle.
# Run it under the build lock on shared machines: flock /tmp/fleetfusion-mvn.lock bench/tenant-store-reconcile.sh
set -euo pipefail

USERS="${1:-10000}"
ORGS="${2:-2000}"
MEMBERSHIPS="${3:-20000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STORE_JAR=tenant-store/target/quarkus-app/quarkus-run.jar
EMULATOR_JAR=clerk-emulator/target/quarkus-app/quarkus-run.jar
CP_FILE=test-support/target/suite-infrastructure.classpath
for f in "$STORE_JAR" "$EMULATOR_JAR" "$CP_FILE" test-support/target/classes; do
    [ -e "$f" ] || { echo "missing $f: build first (./mvnw -B package -pl test-support,clerk-emulator,tenant-store -am -DskipTests)" >&2; exit 1; }
done
CP="$(cat "$CP_FILE"):test-support/target/classes"
WORK="$(mktemp -d /tmp/tenant-store-reconcile-bench.XXXXXX)"
INFRA_PID=""
EMULATOR_PID=""
APP_PID=""
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
cleanup() {
    stop "$APP_PID"; stop "$EMULATOR_PID"; stop "$INFRA_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_url() {
    for _ in $(seq 1 240); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
    echo "$1 did not answer; logs in $WORK" >&2; exit 1
}

# ---------------------------------------------------------------- the Java half (a single-file program)
cat > "$WORK/ReconcileBench.java" <<'JAVA'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class ReconcileBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "list" -> list(args[1], args[2], Double.parseDouble(args[3]));
            case "reconcile" -> reconcile(args[1], args[2]);
            case "sql" -> sql(args[1], args[2], args[3], args[4]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Creates the objects through the Backend API, 16 requests in flight. */
    static void fill(String base, String key, int users, int orgs, int memberships) throws Exception {
        List<String> userIds = post(base, key, "/v1/users", users, i -> "{\"email_address\":[\"bench" + i
                + "@example.com\"],\"first_name\":\"Bench\",\"last_name\":\"User " + i + "\"}");
        List<String> orgIds = post(base, key, "/v1/organizations", orgs, i -> "{\"name\":\"Fleet " + i
                + "\",\"created_by\":\"" + userIds.get(i % users) + "\"}");
        int extra = memberships - orgs;
        post(base, key, null, extra, i -> {
            int org = i % orgs;
            int member = (org + 1 + i / orgs) % users;   // never the creator, never twice in one organization
            return org + "|{\"user_id\":\"" + userIds.get(member) + "\",\"role\":\"org:member\"}";
        }, orgIds);
    }

    static List<String> post(String base, String key, String path, int n, java.util.function.IntFunction<String> body)
            throws Exception {
        return post(base, key, path, n, body, null);
    }

    /** path null: memberships, the body is "orgIndex|json". Answers the created ids in order. */
    static List<String> post(String base, String key, String path, int n, java.util.function.IntFunction<String> body,
            List<String> orgIds) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<String>> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String json = body.apply(i);
            String target = path;
            if (path == null) {
                int bar = json.indexOf('|');
                target = "/v1/organizations/" + orgIds.get(Integer.parseInt(json.substring(0, bar))) + "/memberships";
                json = json.substring(bar + 1);
            }
            inFlight.acquire();
            ids.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + target))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release())
                    .thenApply(r -> {
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(r.statusCode() + " " + r.body());
                        }
                        try {
                            return JSON.readTree(r.body()).path("id").asText();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
        List<String> created = new ArrayList<>(n);
        for (CompletableFuture<String> id : ids) {
            created.add(id.get());
        }
        return created;
    }

    /** The baseline: the same pages at the same request rate, parsed, nothing else. Prints seconds requests objects. */
    static void list(String base, String key, double perSecond) throws Exception {
        long interval = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        long start = System.nanoTime();
        int requests = 0;
        long objects = 0;
        for (String path : List.of("/v1/users", "/v1/organizations", "/v1/organization_memberships")) {
            for (int offset = 0; ; offset += 500) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next = Math.max(next, System.nanoTime()) + interval;
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path
                                + "?limit=500&offset=" + offset + "&order_by=%2Bcreated_at"))
                        .header("Authorization", "Bearer " + key).header("Clerk-API-Version", "2026-05-12").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                requests++;
                JsonNode page = JSON.readTree(response.body());
                JsonNode data = page.isArray() ? page : page.path("data");
                objects += data.size();
                if (data.size() < 500) {
                    break;
                }
            }
        }
        System.out.printf("%.2f %d %d%n", (System.nanoTime() - start) / 1e9, requests, objects);
    }

    /** POST /admin/reconcile, then GET until it finished. Prints phase seconds requests scanned changed tombstoned. */
    static void reconcile(String base, String token) throws Exception {
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/reconcile"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /admin/reconcile answered " + started.statusCode() + " " + started.body());
        }
        while (true) {
            Thread.sleep(200);
            JsonNode state = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/reconcile"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            String phase = state.path("phase").asText();
            if (phase.equals("completed") || phase.equals("failed")) {
                System.out.printf("%s %.2f %d %d %d %d%n", phase, state.path("elapsedSeconds").asDouble(),
                        state.path("requests").asLong(), state.path("scanned").asLong(), state.path("changed").asLong(),
                        state.path("tombstoned").asLong());
                return;
            }
        }
    }

    static void sql(String url, String user, String password, String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
JAVA
bench() { java -cp "$CP" "$WORK/ReconcileBench.java" "$@"; }

# ---------------------------------------------------------------- infrastructure, emulator, data
java -cp "$CP" com.fleetfusion.testsupport.SuiteInfrastructure "$WORK" ${BENCH_KAFKA_PLAINTEXT:+--plaintext-kafka} > "$WORK/infra.log" 2>&1 &
INFRA_PID=$!
for _ in $(seq 1 240); do [ -f "$WORK/infra.env" ] && break; sleep 0.5; done
[ -f "$WORK/infra.env" ] || { echo "infrastructure did not start; see $WORK/infra.log" >&2; cat "$WORK/infra.log" >&2; exit 1; }
set -a; . "$WORK/infra.env"; set +a
DATABASE="${DB_URL##*/}"; DATABASE="${DATABASE%%\?*}"
bench sql "jdbc:$DB_URL" "$DB_USER" "$DB_PASSWORD" "ALTER DATABASE \"$DATABASE\" SET synchronous_commit = on"

SECRET=sk_test_reconcile_bench
EMULATOR_PORT=$(free_port)
EMULATOR="http://127.0.0.1:$EMULATOR_PORT"
QUARKUS_HTTP_PORT="$EMULATOR_PORT" QUARKUS_HTTP_HOST=127.0.0.1 CLERK_SECRET_KEY="$SECRET" CLERK_ISSUER="$EMULATOR" \
EMULATOR_RATE_LIMIT=100000000 java -Xmx1g -jar "$EMULATOR_JAR" > "$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
await_url "$EMULATOR/q/health/ready"
echo "filling the emulator: $USERS users, $ORGS organizations, $MEMBERSHIPS memberships ..."
FILL_START=$(date +%s.%N)
bench fill "$EMULATOR" "$SECRET" "$USERS" "$ORGS" "$MEMBERSHIPS"
printf 'filled in %.0f s\n' "$(echo "$(date +%s.%N) - $FILL_START" | bc)"

ADMIN_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_store() {   # $1: requests per second
    STORE_PORT=$(free_port)
    # lookups are not benchmarked: a throwaway key keeps quarkus-oidc off the network
    CLERK_JWT_KEY="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout)" \
    KAFKA_SASL_USERNAME=tenant-store KAFKA_SASL_PASSWORD="${KAFKA_PASSWORD_TENANT_STORE:-}" \
    QUARKUS_HTTP_PORT="$STORE_PORT" CLERK_API_URL="$EMULATOR" CLERK_SECRET_KEY="$SECRET" ADMIN_TOKEN="$ADMIN_TOKEN" \
    EVENTS_SIGNING_KEYS="$(openssl rand -hex 32)" \
    DB_USER="$TENANT_STORE_DB_USER" DB_PASSWORD="$SERVICE_DB_PASSWORD" CLERK_AUTHORIZED_PARTIES=http://localhost:5173 \
    RECONCILE_SCHEDULE=off RECONCILE_REQUESTS_PER_SECOND="$1" java -Xmx512m -jar "$STORE_JAR" >> "$WORK/tenant-store.log" 2>&1 &
    APP_PID=$!
    await_url "http://127.0.0.1:$STORE_PORT/q/health/ready"
}
reconcile() { bench reconcile "http://127.0.0.1:$STORE_PORT" "$ADMIN_TOKEN"; }
empty_tables() {
    bench sql "jdbc:$DB_URL" "$DB_USER" "$DB_PASSWORD" "TRUNCATE users, organizations, organization_memberships"
}
OBJECTS=$((USERS + ORGS + MEMBERSHIPS))
report() {   # label phase seconds requests scanned changed tombstoned
    printf '%-34s %7.2f s  %4d requests  %7.0f objects/s  (%s; %d scanned, %d written, %d tombstoned)\n' \
        "$1" "$3" "$4" "$(echo "$5 / $3" | bc -l)" "$2" "$5" "$6" "$7"
}

# ---------------------------------------------------------------- runs
echo "tenant-store at the default ceiling (20 requests/s) ..."
start_store 20
read -r -a COLD < <(reconcile)
read -r -a WARM < <(reconcile)
RSS_KB=$(ps -o rss= -p "$APP_PID" | tr -d ' ')
stop "$APP_PID"; APP_PID=""
read -r -a BASE < <(bench list "$EMULATOR" "$SECRET" 20)

echo "tenant-store with the ceiling lifted (10000 requests/s) ..."
empty_tables
start_store 10000
read -r -a FAST < <(reconcile)
stop "$APP_PID"; APP_PID=""
read -r -a FAST_BASE < <(bench list "$EMULATOR" "$SECRET" 10000)

echo
echo "Clerk (emulator): $USERS users, $ORGS organizations, $MEMBERSHIPS memberships = $OBJECTS objects"
echo "-- 20 requests/s (the default ceiling)"
report "reconciliation, empty tables" "${COLD[@]}"
report "reconciliation, nothing changed" "${WARM[@]}"
printf '%-34s %7.2f s  %4d requests  %7.0f objects/s\n' "baseline: the same pages, parsed" "${BASE[0]}" "${BASE[1]}" \
    "$(echo "${BASE[2]} / ${BASE[0]}" | bc -l)"
printf '%-34s %7.2fx (empty tables), %.2fx (nothing changed)\n' "ratio baseline time / run time" \
    "$(echo "${BASE[0]} / ${COLD[1]}" | bc -l)" "$(echo "${BASE[0]} / ${WARM[1]}" | bc -l)"
echo "-- ceiling lifted (10000 requests/s)"
report "reconciliation, empty tables" "${FAST[@]}"
printf '%-34s %7.2f s  %4d requests  %7.0f objects/s\n' "baseline: the same pages, parsed" "${FAST_BASE[0]}" \
    "${FAST_BASE[1]}" "$(echo "${FAST_BASE[2]} / ${FAST_BASE[0]}" | bc -l)"
printf '%-34s %7.2fx\n' "ratio baseline time / run time" "$(echo "${FAST_BASE[0]} / ${FAST[1]}" | bc -l)"
echo "tenant-store RSS after the 20 requests/s runs: $((RSS_KB / 1024)) MB"
