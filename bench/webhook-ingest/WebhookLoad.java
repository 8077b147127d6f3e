import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Closed-loop HTTP load for webhook-ingest: {@code connections} keep-alive connections, each sending the next request
 * as soon as the previous answer arrived. Every request is a distinct, realistic Clerk event (user, organization and
 * membership events in turn) with a fresh svix-id, signed with the Svix scheme (HMAC-SHA256 of id.timestamp.body) the
 * moment it is sent, for the baseline as for the real endpoint, so that both runs cost the generator the same.
 *
 * <p>Usage: {@code WebhookLoad <url> <whsec_secret> <connections> <warmup seconds> <measure seconds> <label>
 * [name=pid,...]}. Prints one line: {@code label ok=.. other=.. rps=.. p50_ms=.. p99_ms=.. cpu_us=.. outcomes=..}, where
 * {@code cpu_us} is the CPU time (user + system, from {@code /proc/<pid>/stat}) each named process, and this generator
 * ({@code generator}), used during the measured window, in microseconds per 2xx answer of that window.
 *
 * <p>{@code WebhookLoad --bodies <count> <file>} writes {@code count} such events instead, one JSON document a line,
 * for the wrk load of bench/wrk/svix-sign.lua (which signs each one when it sends it).
 */
public final class WebhookLoad {

    private static final String[] FIRST_NAMES = { "Ada", "Grace", "Zoë", "Linus", "Margaret", "Ken", "Barbara", "Dennis" };

    private final Mac mac;
    private final String runId = Long.toString(System.nanoTime(), 36);
    private long sequence;

    private WebhookLoad(String secret) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--bodies")) {
            WebhookLoad events = new WebhookLoad("whsec_AAAA");
            try (var out = java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(args[2]))) {
                for (long n = 0, count = Long.parseLong(args[1]); n < count; n++) {
                    out.write(events.event(n));
                    out.write('\n');
                }
            }
            return;
        }
        java.net.URI url = java.net.URI.create(args[0]);
        WebhookLoad load = new WebhookLoad(args[1]);
        int connections = Integer.parseInt(args[2]);
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        long measureNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        String label = args[5];
        Map<String, String> cpuPids = new LinkedHashMap<>();
        if (args.length > 6 && !args[6].isBlank()) {
            for (String named : args[6].split(",")) {
                String[] parts = named.split("=", 2);
                cpuPids.put(parts[0], parts[1]);
            }
        }
        cpuPids.put("generator", "self");
        cpuPids.put("machine", "machine");
        long[] cpuAtStart = new long[cpuPids.size()];
        long[] cpuAtEnd = new long[cpuPids.size()];

        // one event loop: the generator takes at most one core of the machine, in both runs alike
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setPipelining(false).setDefaultHost(url.getHost())
                        .setDefaultPort(url.getPort()),
                new PoolOptions().setHttp1MaxSize(connections));

        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long measureUntil = measureFrom + measureNanos;
        long[] latencies = new long[16 * 1024 * 1024];
        int[] recorded = { 0 };
        long[] ok = { 0 };
        long[] other = { 0 };
        Map<String, Long> outcomes = new LinkedHashMap<>();
        CountDownLatch done = new CountDownLatch(connections);

        vertx.runOnContext(ignored -> {
            // CPU of every named process at the start and the end of the measured window
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime())),
                    t -> cpuTicks(cpuPids, cpuAtStart));
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(measureUntil - System.nanoTime())),
                    t -> cpuTicks(cpuPids, cpuAtEnd));
            for (int i = 0; i < connections; i++) {
                new Runnable() {
                    @Override
                    public void run() {
                        long sent = System.nanoTime();
                        if (sent >= measureUntil) {
                            done.countDown();
                            return;
                        }
                        RequestOptions request = load.nextRequest(url.getPath());
                        Buffer body = load.lastBody;
                        client.request(request)
                                .compose(r -> r.send(body))
                                .onComplete(ar -> {
                                    long now = System.nanoTime();
                                    if (sent >= measureFrom && now <= measureUntil) {
                                        if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                                            ok[0]++;
                                            if (recorded[0] < latencies.length) {
                                                latencies[recorded[0]++] = now - sent;
                                            }
                                            String outcome = ar.result().getHeader("Ingest-Outcome");
                                            outcomes.merge(outcome == null ? "204" : outcome, 1L, Long::sum);
                                        } else {
                                            other[0]++;
                                            String key = ar.succeeded() ? "status_" + ar.result().statusCode()
                                                    : "error_" + ar.cause().getClass().getSimpleName();
                                            outcomes.merge(key, 1L, Long::sum);
                                        }
                                    }
                                    run();
                                });
                    }
                }.run();
            }
        });
        done.await(measureNanos + warmupNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
        long[] sorted = Arrays.copyOf(latencies, recorded[0]);
        Arrays.sort(sorted);
        double seconds = measureNanos / 1e9;
        StringBuilder cpu = new StringBuilder();
        int i = 0;
        for (String name : cpuPids.keySet()) {
            // clock ticks of 10 ms (USER_HZ = 100) -> microseconds per answered request
            double usPerRequest = ok[0] == 0 ? Double.NaN : (cpuAtEnd[i] - cpuAtStart[i]) * 10_000.0 / ok[0];
            cpu.append(cpu.length() == 0 ? "" : ",").append(name).append(':').append(String.format(java.util.Locale.ROOT, "%.1f", usPerRequest));
            i++;
        }
        System.out.printf("%s ok=%d other=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f cpu_us=%s outcomes=%s%n", label, ok[0],
                other[0], ok[0] / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), cpu, outcomes);
        client.close();
        vertx.close();
    }

    private Buffer lastBody;

    private RequestOptions nextRequest(String path) {
        long n = sequence++;
        String svixId = "msg_" + runId + "_" + n;
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] body = event(n).getBytes(StandardCharsets.UTF_8);
        lastBody = Buffer.buffer(body);
        mac.update((svixId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        return new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("content-type", "application/json")
                .putHeader("svix-id", svixId)
                .putHeader("svix-timestamp", Long.toString(timestamp))
                .putHeader("svix-signature", signature);
    }

    /** Clerk-shaped events (docs/clerk-facts.md, "Webhook payload shapes"), 1.2 to 2.5 KB, each with its own ids. */
    private String event(long n) {
        String user = "user_" + runId + n;
        String org = "org_" + runId + (n / 4);
        String first = FIRST_NAMES[(int) (n % FIRST_NAMES.length)];
        long ms = System.currentTimeMillis();
        String userJson = """
                {"object":"user","id":"%s","external_id":null,"primary_email_address_id":"idn_%s",\
                "primary_phone_number_id":null,"primary_web3_wallet_id":null,"username":null,"first_name":"%s",\
                "last_name":"Doe","profile_image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",\
                "image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","has_image":false,\
                "public_metadata":{"onboardingComplete":false},"private_metadata":{},"unsafe_metadata":{},\
                "email_addresses":[{"id":"idn_%s","object":"email_address","email_address":"%s.%d@example.com",\
                "verification":{"status":"verified","strategy":"email_code","attempts":1,"expire_at":%d},\
                "linked_to":[]}],"phone_numbers":[],"web3_wallets":[],"passkeys":[],"external_accounts":[],\
                "saml_accounts":[],"enterprise_accounts":[],"password_enabled":true,"two_factor_enabled":false,\
                "totp_enabled":false,"backup_code_enabled":false,"mfa_enabled_at":null,"mfa_disabled_at":null,\
                "last_sign_in_at":null,"banned":false,"locked":false,"lockout_expires_in_seconds":null,\
                "verification_attempts_remaining":100,"delete_self_enabled":true,"create_organization_enabled":true,\
                "create_organizations_limit":null,"last_active_at":%d,"legal_accepted_at":null,\
                "created_at":%d,"updated_at":%d}"""
                .formatted(user, user, first, user, first.toLowerCase(), n, ms + 600_000, ms, ms, ms);
        String orgJson = """
                {"object":"organization","id":"%s","name":"Fleet %d","slug":"fleet-%s-%d",\
                "image_url":"https://img.clerk.com/eyJ0eXBlIjoib3JnIn0","has_image":false,"members_count":%d,\
                "missing_member_with_elevated_permissions":false,"pending_invitations_count":0,\
                "max_allowed_memberships":5,"admin_delete_enabled":true,"public_metadata":{"plan":"fleet"},\
                "private_metadata":{},"created_by":"%s","created_at":%d,"updated_at":%d}"""
                .formatted(org, n / 4, runId, n / 4, 1 + n % 4, user, ms, ms);
        String type;
        String data;
        switch ((int) (n % 4)) {
            case 0 -> { type = "user.created"; data = userJson; }
            case 1 -> { type = "user.updated"; data = userJson; }
            case 2 -> { type = "organization.created"; data = orgJson; }
            default -> {
                type = "organizationMembership.created";
                data = """
                        {"object":"organization_membership","id":"orgmem_%s%d","role":"org:member",\
                        "role_name":"Member","permissions":["org:sys_memberships:read","org:fleet:read"],\
                        "public_metadata":{},"private_metadata":{},"organization":%s,\
                        "public_user_data":{"user_id":"%s","first_name":"%s","last_name":"Doe",\
                        "profile_image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",\
                        "image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","has_image":false,\
                        "identifier":"%s.%d@example.com"},"created_at":%d,"updated_at":%d}"""
                        .formatted(runId, n, orgJson, user, first, first.toLowerCase(), n, ms, ms);
            }
        }
        return "{\"data\":" + data + ",\"event_attributes\":{\"http_request\":{\"client_ip\":\"203.0.113.7\","
                + "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"}},\"instance_id\":\"ins_2fleetfusion\","
                + "\"object\":\"event\",\"timestamp\":" + ms + ",\"type\":\"" + type + "\"}";
    }

    /**
     * CPU clock ticks used so far by each named process: utime + stime (fields 14 and 15 of /proc/<pid>/stat); for
     * {@code <pid>:jit} only its JIT compiler threads; for {@code machine} every CPU of the machine (busy time in
     * /proc/stat), so that the load of processes outside the benchmark shows. -1 when it cannot be read.
     */
    private static void cpuTicks(Map<String, String> pids, long[] into) {
        int i = 0;
        for (String pid : pids.values()) {
            try {
                if (pid.equals("machine")) {
                    String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
                    long busy = 0;
                    for (int f = 1; f < cpu.length && f <= 8; f++) {
                        busy += f == 4 || f == 5 ? 0 : Long.parseLong(cpu[f]); // all but idle and iowait
                    }
                    into[i] = busy;
                } else if (pid.endsWith(":jit")) {
                    long ticks = 0;
                    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", pid.substring(0, pid.length() - 4), "task"))) {
                        for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                            String stat = java.nio.file.Files.readString(task.resolve("stat"));
                            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            if (comm.contains("CompilerThre")) {
                                ticks += processTicks(stat);
                            }
                        }
                    }
                    into[i] = ticks;
                } else {
                    into[i] = processTicks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat")));
                }
            } catch (java.io.IOException | RuntimeException e) {
                into[i] = -1;
            }
            i++;
        }
    }

    private static long processTicks(String stat) {
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
