package com.fleetfusion.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import com.fleetfusion.testsupport.PostgresServer;

/**
 * Faults under load at scale-out: starts the {@link Pipeline}, sends a sustained stream of Svix-signed Clerk events at
 * a fixed rate with onboardings beside it, runs the {@link FaultSchedule}, drains, then checks the tables against the
 * {@link TenantModel} of every event answered 2xx, the onboardings against the tables and Clerk, and writes the report.
 *
 * <p>Usage: {@code FaultRun [--duration seconds (1200)] [--rate events/s (2000)] [--cycle seconds of one fault cycle
 * (300, at most the duration)] [--out directory (target/faults-report)]}
 */
public final class FaultRun {

    /** What a run found; {@link #passed()} is the verdict. */
    public record Result(int sent, int acknowledged, long pendingAtEnd, TableCheck.Result tables, int deadLettered,
            Map<Integer, Integer> onboardingStatuses, int onboarded, List<String> onboardingProblems,
            List<String> halfCreated, List<String> errors, Path report) {

        public boolean passed() {
            return errors.isEmpty() && pendingAtEnd == 0 && tables.equal() && deadLettered == 0
                    && onboardingProblems.isEmpty() && halfCreated.isEmpty();
        }
    }

    public record Options(int duration, int rate, int cycle, Path out) {

        static Options parse(String... args) {
            int duration = 1200;
            int rate = 2000;
            Integer cycle = null;
            Path out = Path.of("target", "faults-report");
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--duration" -> duration = Integer.parseInt(args[i + 1]);
                    case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                    case "--cycle" -> cycle = Integer.parseInt(args[i + 1]);
                    case "--out" -> out = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(duration, rate, Math.min(duration, cycle == null ? 300 : cycle), out);
        }
    }

    private FaultRun() {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        System.out.println(result.passed() ? "PASSED" : "FAILED");
        System.exit(result.passed() ? 0 : 1);
    }

    public static Result run(Options options) throws Exception {
        Files.createDirectories(options.out());
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Path work = Files.createTempDirectory("fleetfusion-faults-");
        try (Pipeline pipeline = new Pipeline(work)) {
            // Ctrl-C on bench/faults.sh: no process of the pipeline outlives the run (close is idempotent)
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "pipeline-stop"));
            System.out.println("starting the pipeline in " + work);
            pipeline.start();
            return load(options, runId, pipeline);
        }
    }

    private static Result load(Options options, String runId, Pipeline pipeline) throws Exception {
        Duration drainLimit = Duration.ofSeconds(Math.max(120, options.duration() / 4));
        Timeline timeline = new Timeline(options.duration() + (int) drainLimit.toSeconds() + 60);
        long runStartEpochMs = System.currentTimeMillis();
        ClerkEventStream stream = new ClerkEventStream(runId, runStartEpochMs);
        SvixDeliveries deliveries = new SvixDeliveries(
                pipeline.ingest.stream().map(p -> p.baseUrl()).toList(), pipeline.webhookSecret, timeline);
        OnboardingLoad onboarding = new OnboardingLoad(pipeline.clerk.client(), pipeline.onboarding.baseUrl(), timeline,
                Duration.ofSeconds(options.duration()), Duration.ofMillis(options.duration() <= 120 ? 1500 : 500));
        FaultSchedule faults = new FaultSchedule(pipeline, timeline);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        try (Sampler sampler = new Sampler(pipeline.kafka.adminSettings(), pipeline.processes(), timeline)) {
            clock.scheduleAtFixedRate(() -> {
                sampler.sample();
                int s = timeline.second();
                if (s % 5 == 4) {
                    List<Timeline.Sample> samples = timeline.samples();
                    System.out.printf("[%7.1f s] last 5 s: %d accepted, %d 503, %d failed, %d retries; lag %d; %d pending%n",
                            timeline.now(), sum(timeline, Timeline.Counter.ACCEPTED, s), sum(timeline,
                                    Timeline.Counter.REJECTED_503, s), sum(timeline, Timeline.Counter.FAILED_OTHER, s),
                            sum(timeline, Timeline.Counter.RETRIES, s),
                            samples.isEmpty() ? -1 : samples.get(samples.size() - 1).lag(), deliveries.pending());
                }
            }, 0, 1, TimeUnit.SECONDS);
            // a fixed rate: every 10 ms the events due by then, whatever the answers (an open loop, as Svix is)
            long loadNanos = TimeUnit.SECONDS.toNanos(options.duration());
            long start = System.nanoTime();
            long[] sentSoFar = { 0 };
            clock.scheduleAtFixedRate(() -> {
                long elapsed = Math.min(loadNanos, System.nanoTime() - start);
                long due = elapsed * options.rate() / TimeUnit.SECONDS.toNanos(1);
                try {
                    for (; sentSoFar[0] < due; sentSoFar[0]++) {
                        deliveries.deliver(stream.next());
                    }
                } catch (RuntimeException e) {
                    // a periodic task that throws is never run again: log and keep the rate
                    e.printStackTrace();
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            Thread onboarder = new Thread(onboarding, "onboarding-load");
            onboarder.start();
            faults.schedule(options.duration(), options.cycle());

            faults.awaitAll();
            onboarder.join();
            sleepUntil(start + loadNanos);
            faults.repair();
            System.out.printf("[%7.1f s] load ended: %d messages sent, %d pending%n", timeline.now(),
                    deliveries.sentMessages(), deliveries.pending());
            // drained: every message answered 2xx (Svix keeps retrying) and every record committed by tenant-store
            long drainUntil = System.nanoTime() + drainLimit.toNanos();
            while (System.nanoTime() < drainUntil && (deliveries.pending() > 0 || sampler.offsets()[0] != 0)) {
                Thread.sleep(500);
            }
            System.out.printf("[%7.1f s] drained: %d pending, lag %d%n", timeline.now(), deliveries.pending(),
                    sampler.offsets()[0]);
            Thread.sleep(2000);
        } finally {
            clock.shutdownNow();
            deliveries.close();
        }

        List<String> errors = new ArrayList<>();
        timeline.faults().stream().filter(f -> f.error() != null)
                .forEach(f -> errors.add("fault " + f.name() + ": " + f.error()));
        TenantModel model = TenantModel.of(deliveries.acknowledged().values());
        TableCheck.Result tables = check(errors, "tables", new TableCheck.Result(0, -1, -1, List.of()),
                () -> TableCheck.compare(pipeline.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD, runId,
                        model));
        RowLatency.Result latency = check(errors, "latency and DLQ", new RowLatency.Result(new java.util.TreeMap<>(),
                new long[0], 0, List.of()), () -> RowLatency.measure(pipeline.kafka.adminSettings(),
                        pipeline.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD, runId, runStartEpochMs));
        List<String> onboardingProblems = check(errors, "onboardings", List.of(),
                () -> checkOnboardings(pipeline, onboarding.organizations()));
        List<String> halfCreated = check(errors, "Clerk", List.of(), () -> halfCreatedInClerk(pipeline));
        Result result = new Result(deliveries.sentMessages(), deliveries.acknowledged().size(), deliveries.pending(),
                tables, latency.deadLettered().size(), onboarding.statuses(), onboarding.organizations().size(),
                onboardingProblems, halfCreated, errors, options.out().resolve("README.md"));
        FaultsReport.write(options, Instant.ofEpochMilli(runStartEpochMs), timeline, latency, result);
        return result;
    }

    private interface Check<T> {
        T run() throws Exception;
    }

    /** A check's answer, or {@code failed} with the reason in {@code errors}: the report is written whatever happens. */
    private static <T> T check(List<String> errors, String name, T failed, Check<T> check) {
        try {
            return check.run();
        } catch (Exception e) {
            e.printStackTrace();
            errors.add(name + ": " + e);
            return failed;
        }
    }

    private static long sum(Timeline timeline, Timeline.Counter counter, int last) {
        long sum = 0;
        for (int s = Math.max(0, last - 4); s <= last; s++) {
            sum += timeline.get(counter, s);
        }
        return sum;
    }

    /** Every onboarding answered 201 has its organization and its admin's membership live in the tables. */
    private static List<String> checkOnboardings(Pipeline pipeline, Map<String, String> organizations)
            throws Exception {
        List<String> problems = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(pipeline.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
                var org = db.prepareStatement("SELECT 1 FROM organizations WHERE id = ? AND deleted_at IS NULL");
                var admin = db.prepareStatement("SELECT 1 FROM organization_memberships WHERE organization_id = ?"
                        + " AND user_id = ? AND role = 'org:admin' AND deleted_at IS NULL")) {
            for (var entry : organizations.entrySet()) {
                org.setString(1, entry.getValue());
                admin.setString(1, entry.getValue());
                admin.setString(2, entry.getKey());
                boolean hasOrg;
                boolean hasAdmin;
                try (var rows = org.executeQuery()) {
                    hasOrg = rows.next();
                }
                try (var rows = admin.executeQuery()) {
                    hasAdmin = rows.next();
                }
                if (!hasOrg || !hasAdmin) {
                    problems.add(entry.getValue() + " of " + entry.getKey() + ": organization row " + hasOrg
                            + ", admin membership row " + hasAdmin);
                }
            }
        }
        return problems;
    }

    /**
     * No organization in Clerk is left half-made by an onboarding that failed midway: each has its creator as an
     * admin member, and that user's public metadata names it (the saga's last step).
     */
    private static List<String> halfCreatedInClerk(Pipeline pipeline) throws Exception {
        List<String> problems = new ArrayList<>();
        var http = java.net.http.HttpClient.newHttpClient();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, JsonNode> get = path -> {
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(pipeline.clerk.baseUrl() + path))
                        .header("Authorization", "Bearer " + pipeline.clerk.secretKey()).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return json.readTree(response.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<JsonNode> organizations = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = get.apply("/v1/organizations?limit=500&offset=" + offset).path("data");
            page.forEach(organizations::add);
            if (page.size() < 500) {
                break;
            }
        }
        for (JsonNode organization : organizations) {
            String id = organization.path("id").asText();
            String creator = organization.path("created_by").asText();
            boolean admin = false;
            for (JsonNode member : get.apply("/v1/organizations/" + id + "/memberships?limit=500").path("data")) {
                admin |= member.path("public_user_data").path("user_id").asText().equals(creator)
                        && member.path("role").asText().equals("org:admin");
            }
            String named = get.apply("/v1/users/" + creator).path("public_metadata").path("organizationId").asText();
            if (!admin || !id.equals(named)) {
                problems.add(id + " (created by " + creator + "): admin membership " + admin
                        + ", user's metadata names " + named);
            }
        }
        return problems;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
