// The Java half of bench/tenant-store.sh (run as a single-file program on test-support's class path).
//   preload  <bootstrap> <n> [id-prefix]        writes n realistic Clerk events to clerk.events (ids prefixed, so
//                                               that a warm-up set never touches the measured set's rows)
//   durable  <jdbc-url> <user> <password>       synchronous_commit=on for the database, as in production (the embedded
//                                               test server turns it off for speed)
//   await    <metrics-url> <from> <to>          times tenant-store from the moment it has processed <from> records
//                                               (0: its first) until it has processed <to>; prints events/s
//   baseline <bootstrap> <jdbc-url> <user> <password> <skip>
//            the plainest correct alternative: consumes the same topic and runs ONE INSERT ... ON CONFLICT DO
//            UPDATE ... WHERE <last writer wins> per event, each in its own transaction (autocommit), into a
//            schema "baseline" of the same Postgres; times the records after the first <skip> (its warm-up) and
//            prints events/s. (It does not even cascade deletions or dedupe svix-ids, which only makes it faster
//            than a complete implementation.)
//   check    <jdbc-url> <user> <password>       after both have run: the service's users and organizations must have
//                                               the baseline's ids, versions and live/deleted states, and its
//                                               memberships the baseline's keys (the baseline does not cascade
//                                               deletions, so membership states may differ); prints the row counts

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.EventSigner;

public class TenantStoreBench {

    static final String TOPIC = "clerk.events";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "preload" -> preload(args[1], Integer.parseInt(args[2]), args.length > 3 ? args[3] : "");
            case "await" -> await(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "baseline" -> baseline(args[1], args[2], args[3], args[4], Long.parseLong(args[5]));
            case "durable" -> durable(args[1], args[2], args[3]);
            case "check" -> check(args[1], args[2], args[3]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    record Event(String svixId, String type, String key, String body) {
    }

    // ---------------------------------------------------------------- preload

    /** The KAFKA_* security settings of the environment (SASL_SSL as the broker's admin, or PLAINTEXT). */
    static Map<String, Object> kafkaSecurity() {
        Map<String, Object> security = new HashMap<>(
                com.fleetfusion.testsupport.KafkaClientSettings.fromEnvironment().clientProperties());
        security.remove("bootstrap.servers");
        return security;
    }

    static void preload(String bootstrap, int n, String prefix) {
        Random random = new Random(7);
        List<Event> events = new ArrayList<>(n);
        int users = Math.max(1, n / 5);
        int orgs = Math.max(1, n / 50);
        long t0 = 1_716_883_200_000L;
        // ~90% distinct events: users and orgs created, updated several times, memberships added/changed/removed,
        // some deletions; then ~10% Svix redeliveries (same svix-id); then everything shuffled
        int distinct = n - n / 10;
        int u = 0;
        int o = 0;
        while (events.size() < distinct) {
            int pick = random.nextInt(100);
            long version = t0 + events.size();
            if (pick < 25 || u == 0) {
                String id = prefix + "user_" + (u < users ? u++ : random.nextInt(users));
                events.add(event("user.created", id, user(id, version), version));
            } else if (pick < 45) {
                String id = prefix + "user_" + random.nextInt(u);
                events.add(event("user.updated", id, user(id, version), version));
            } else if (pick < 52 || o == 0) {
                String id = prefix + "org_" + (o < orgs ? o++ : random.nextInt(orgs));
                events.add(event("organization.created", id, org(id, version), version));
            } else if (pick < 58) {
                String id = prefix + "org_" + random.nextInt(o);
                events.add(event("organization.updated", id, org(id, version), version));
            } else if (pick < 88) {
                String org = prefix + "org_" + random.nextInt(o);
                String user = prefix + "user_" + random.nextInt(u);
                events.add(event("organizationMembership.created", ClerkEventKey.membership(org, user),
                        membership(org, user, version), version));
            } else if (pick < 95) {
                String org = prefix + "org_" + random.nextInt(o);
                String user = prefix + "user_" + random.nextInt(u);
                events.add(event("organizationMembership.deleted", ClerkEventKey.membership(org, user),
                        membership(org, user, version - 1), version));
            } else if (pick < 98) {
                String id = prefix + "user_" + random.nextInt(u);
                events.add(event("user.deleted", id, "{\"object\":\"user\",\"id\":\"" + id + "\",\"deleted\":true}",
                        version));
            } else {
                String id = prefix + "org_" + random.nextInt(o);
                events.add(event("organization.deleted", id,
                        "{\"object\":\"organization\",\"id\":\"" + id + "\",\"deleted\":true}", version));
            }
        }
        while (events.size() < n) {
            events.add(events.get(random.nextInt(distinct)));
        }
        Collections.shuffle(events, random);

        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.putAll(kafkaSecurity());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // signed as webhook-ingest signs (event-signature), with the key the service verifies
        EventSigner signer = EventSigner.ofKeys(System.getenv("EVENTS_SIGNING_KEYS"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Event event : events) {
                byte[] value = event.body().getBytes(StandardCharsets.UTF_8);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, event.key(), value);
                record.headers().add(ClerkEventRecords.SVIX_ID, event.svixId().getBytes(StandardCharsets.UTF_8));
                record.headers().add(ClerkEventRecords.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
                record.headers().add(ClerkEventRecords.EVENT_SOURCE,
                        ClerkEventRecords.SOURCE_CLERK.getBytes(StandardCharsets.UTF_8));
                record.headers().add(ClerkEventRecords.EVENT_SIGNATURE, signer.sign(event.svixId(),
                        ClerkEventRecords.SOURCE_CLERK, event.type(), event.key(), value)
                        .getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
        System.out.println(n);
    }

    static Event event(String type, String key, String data, long timestamp) {
        String body = "{\"data\":" + data + ",\"object\":\"event\",\"type\":\"" + type + "\",\"timestamp\":"
                + timestamp + ",\"instance_id\":\"ins_bench\"}";
        return new Event("msg_" + UUID.randomUUID().toString().replace("-", ""), type, key, body);
    }

    static String user(String id, long version) {
        return "{\"object\":\"user\",\"id\":\"" + id + "\",\"primary_email_address_id\":\"idn_" + id
                + "\",\"email_addresses\":[{\"id\":\"idn_" + id + "\",\"object\":\"email_address\",\"email_address\":\""
                + id + "." + version + "@example.com\",\"verification\":{\"status\":\"verified\"}}],"
                + "\"username\":null,\"first_name\":\"First\",\"last_name\":\"Last " + version
                + "\",\"image_url\":\"https://img.clerk.com/" + id + "\",\"has_image\":true,"
                + "\"public_metadata\":{\"onboardingComplete\":true},\"private_metadata\":{},\"unsafe_metadata\":{},"
                + "\"phone_numbers\":[],\"password_enabled\":true,\"two_factor_enabled\":false,"
                + "\"last_sign_in_at\":" + version + ",\"banned\":false,\"locked\":false,"
                + "\"created_at\":1716883200000,\"updated_at\":" + version + "}";
    }

    static String org(String id, long version) {
        return "{\"object\":\"organization\",\"id\":\"" + id + "\",\"name\":\"Org " + version + "\",\"slug\":\""
                + id + "\",\"image_url\":\"https://img.clerk.com/" + id + "\",\"has_image\":true,"
                + "\"members_count\":3,\"max_allowed_memberships\":50,\"admin_delete_enabled\":true,"
                + "\"public_metadata\":{\"plan\":\"pro\"},\"private_metadata\":{},\"created_by\":\"user_0\","
                + "\"created_at\":1716883200000,\"updated_at\":" + version + "}";
    }

    static String membership(String org, String user, long version) {
        return "{\"object\":\"organization_membership\",\"id\":\"orgmem_" + org + "_" + user
                + "\",\"role\":\"org:member\",\"role_name\":\"Member\",\"permissions\":[\"org:posts:read\"],"
                + "\"public_metadata\":{},\"private_metadata\":{},\"organization\":" + org(org, 1716883200000L)
                + ",\"public_user_data\":{\"user_id\":\"" + user + "\",\"first_name\":\"Jane\",\"last_name\":\"Doe\","
                + "\"image_url\":\"https://img.clerk.com/u\",\"has_image\":true,\"identifier\":\"" + user
                + "@example.com\"},\"created_at\":1716883200000,\"updated_at\":" + version + "}";
    }

    // ---------------------------------------------------------------- await

    static void await(String metricsUrl, long from, long to) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern counter = Pattern.compile("(?m)^tenant_store_events_total\\{[^}]*} (\\S+)$");
        long start = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        // a service that stopped consuming (e.g. refused by the broker) fails the run instead of holding the lock
        double lastProcessed = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            double processed = 0;
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).header("Accept", "text/plain")
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher matcher = counter.matcher(body);
                while (matcher.find()) {
                    processed += Double.parseDouble(matcher.group(1));
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (start == 0 && processed > 0 && processed >= from) {
                start = System.nanoTime();
                from = (long) processed;
            }
            if (start != 0 && processed >= to) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%.0f %.2f%n", (processed - from) / seconds, seconds);
                return;
            }
            if (processed > lastProcessed) {
                lastProcessed = processed;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException("tenant-store processed nothing for 2 minutes, at " + processed);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("tenant-store did not catch up");
    }

    static void durable(String jdbcUrl, String user, String password) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement()) {
            // the embedded server is started with -c synchronous_commit=off, which ALTER SYSTEM cannot override;
            // a database-level setting applies to every new session of both runs
            statement.execute("ALTER DATABASE " + db.getCatalog() + " SET synchronous_commit = on");
        }
    }

    /** A table of both sides compared by its key columns; {@code differs}: a condition on rows p and b of one key. */
    record Comparison(String table, String keys, String differs) {
        String sql() {
            String key = keys.split(",")[0];
            return "SELECT count(p." + key + "), count(*) FILTER (WHERE p." + key + " IS NULL OR b." + key + " IS NULL"
                    + " OR " + differs + ") FROM public." + table + " p FULL JOIN baseline." + table + " b USING ("
                    + keys + ")";
        }
    }

    static final String OTHER_VERSION_OR_STATE =
            "p.source_version <> b.source_version OR (p.deleted_at IS NULL) <> (b.deleted_at IS NULL)";

    static void check(String jdbcUrl, String user, String password) throws Exception {
        List<String> lines = new ArrayList<>();
        boolean identical = true;
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement()) {
            for (Comparison comparison : List.of(new Comparison("users", "id", OTHER_VERSION_OR_STATE),
                    new Comparison("organizations", "id", OTHER_VERSION_OR_STATE),
                    new Comparison("organization_memberships", "organization_id, user_id", "false"))) {
                try (java.sql.ResultSet counts = statement.executeQuery(comparison.sql())) {
                    counts.next();
                    lines.add(comparison.table() + " " + counts.getLong(1) + " (" + counts.getLong(2) + " differ)");
                    identical &= counts.getLong(2) == 0;
                }
            }
        }
        System.out.println(String.join(", ", lines));
        if (!identical) {
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- baseline

    static final String LWW = " WHERE excluded.source_version > t.source_version OR (excluded.source_version ="
            + " t.source_version AND (excluded.deleted_at IS NOT NULL OR t.deleted_at IS NULL))";

    static void baseline(String bootstrap, String jdbcUrl, String user, String password, long skip)
            throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP SCHEMA IF EXISTS baseline CASCADE");
                ddl.execute("CREATE SCHEMA baseline");
                for (String table : List.of("users", "organizations", "organization_memberships")) {
                    ddl.execute("CREATE TABLE baseline." + table + " (LIKE public." + table + " INCLUDING ALL)");
                }
            }
            db.setAutoCommit(true);
            try (Statement show = db.createStatement();
                    java.sql.ResultSet setting = show.executeQuery("SHOW synchronous_commit")) {
                setting.next();
                System.err.println("baseline: synchronous_commit=" + setting.getString(1));
            }
            PreparedStatement users = db.prepareStatement("INSERT INTO baseline.users AS t (id, primary_email,"
                    + " first_name, last_name, username, image_url, public_metadata, last_sign_in_at, banned, created_at,"
                    + " updated_at, source_version, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ms_to_timestamptz(?),"
                    + " ?, ms_to_timestamptz(?), ms_to_timestamptz(?), ?, ms_to_timestamptz(?)) ON CONFLICT (id) DO UPDATE"
                    + " SET primary_email = excluded.primary_email, first_name = excluded.first_name, last_name ="
                    + " excluded.last_name, username = excluded.username, image_url = excluded.image_url, public_metadata"
                    + " = excluded.public_metadata, last_sign_in_at = excluded.last_sign_in_at, banned = excluded.banned,"
                    + " created_at = excluded.created_at, updated_at = excluded.updated_at, source_version ="
                    + " excluded.source_version, deleted_at = excluded.deleted_at" + LWW);
            PreparedStatement orgs = db.prepareStatement("INSERT INTO baseline.organizations AS t (id, name, slug,"
                    + " image_url, created_by, public_metadata, max_allowed_memberships, created_at, updated_at,"
                    + " source_version, deleted_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ms_to_timestamptz(?),"
                    + " ms_to_timestamptz(?), ?, ms_to_timestamptz(?)) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                    + " slug = excluded.slug, image_url = excluded.image_url, created_by = excluded.created_by,"
                    + " public_metadata = excluded.public_metadata, max_allowed_memberships ="
                    + " excluded.max_allowed_memberships, created_at = excluded.created_at, updated_at ="
                    + " excluded.updated_at, source_version = excluded.source_version, deleted_at = excluded.deleted_at"
                    + LWW);
            PreparedStatement memberships = db.prepareStatement("INSERT INTO baseline.organization_memberships AS t"
                    + " (organization_id, user_id, membership_id, role, permissions, public_metadata, public_user_data,"
                    + " created_at, updated_at, source_version, deleted_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                    + " ms_to_timestamptz(?), ms_to_timestamptz(?), ?, ms_to_timestamptz(?)) ON CONFLICT"
                    + " (organization_id, user_id) DO UPDATE SET membership_id = excluded.membership_id, role ="
                    + " excluded.role, permissions = excluded.permissions, public_metadata = excluded.public_metadata,"
                    + " public_user_data = excluded.public_user_data, created_at = excluded.created_at, updated_at ="
                    + " excluded.updated_at, source_version = excluded.source_version, deleted_at = excluded.deleted_at"
                    + LWW);

            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.putAll(kafkaSecurity());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "tenant-store-baseline-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
            long processed = 0;
            long start = skip == 0 ? System.nanoTime() : 0;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                Map<TopicPartition, Long> end = null;
                while (true) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (end == null && !consumer.assignment().isEmpty()) {
                        end = consumer.endOffsets(consumer.assignment());
                    }
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(JSON.readTree(record.value()), users, orgs, memberships);
                        if (++processed == skip) {
                            start = System.nanoTime();
                        }
                    }
                    consumer.commitSync();
                    if (end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%.0f %.2f %d%n", (processed - skip) / seconds, seconds, processed - skip);
        }
    }

    static void apply(JsonNode envelope, PreparedStatement users, PreparedStatement orgs,
            PreparedStatement memberships) throws Exception {
        String type = envelope.path("type").asText();
        JsonNode data = envelope.path("data");
        long timestamp = envelope.path("timestamp").asLong();
        boolean deleted = type.endsWith(".deleted");
        long version = deleted ? timestamp : data.path("updated_at").asLong();
        if (type.startsWith("user.")) {
            users.setString(1, data.path("id").asText());
            String email = null;
            for (JsonNode address : data.path("email_addresses")) {
                if (address.path("id").asText().equals(data.path("primary_email_address_id").asText())) {
                    email = address.path("email_address").asText();
                }
            }
            setText(users, 2, deleted ? null : email);
            setText(users, 3, deleted ? null : text(data, "first_name"));
            setText(users, 4, deleted ? null : text(data, "last_name"));
            setText(users, 5, deleted ? null : text(data, "username"));
            setText(users, 6, deleted ? null : text(data, "image_url"));
            setText(users, 7, deleted ? null : data.path("public_metadata").toString());
            setLong(users, 8, deleted ? null : data.path("last_sign_in_at").asLong());
            if (deleted) {
                users.setNull(9, Types.BOOLEAN);
            } else {
                users.setBoolean(9, data.path("banned").asBoolean());
            }
            setLong(users, 10, deleted ? null : data.path("created_at").asLong());
            setLong(users, 11, deleted ? null : data.path("updated_at").asLong());
            users.setLong(12, version);
            setLong(users, 13, deleted ? version : null);
            users.executeUpdate();
        } else if (type.startsWith("organization.")) {
            orgs.setString(1, data.path("id").asText());
            setText(orgs, 2, deleted ? null : text(data, "name"));
            setText(orgs, 3, deleted ? null : text(data, "slug"));
            setText(orgs, 4, deleted ? null : text(data, "image_url"));
            setText(orgs, 5, deleted ? null : text(data, "created_by"));
            setText(orgs, 6, deleted ? null : data.path("public_metadata").toString());
            if (deleted) {
                orgs.setNull(7, Types.INTEGER);
            } else {
                orgs.setInt(7, data.path("max_allowed_memberships").asInt());
            }
            setLong(orgs, 8, deleted ? null : data.path("created_at").asLong());
            setLong(orgs, 9, deleted ? null : data.path("updated_at").asLong());
            orgs.setLong(10, version);
            setLong(orgs, 11, deleted ? version : null);
            orgs.executeUpdate();
        } else if (type.startsWith("organizationMembership.")) {
            memberships.setString(1, data.path("organization").path("id").asText());
            memberships.setString(2, data.path("public_user_data").path("user_id").asText());
            setText(memberships, 3, deleted ? null : text(data, "id"));
            setText(memberships, 4, deleted ? null : text(data, "role"));
            if (deleted) {
                memberships.setNull(5, Types.ARRAY);
            } else {
                List<String> permissions = new ArrayList<>();
                data.path("permissions").forEach(p -> permissions.add(p.asText()));
                memberships.setArray(5, memberships.getConnection().createArrayOf("text", permissions.toArray()));
            }
            setText(memberships, 6, deleted ? null : data.path("public_metadata").toString());
            setText(memberships, 7, deleted ? null : data.path("public_user_data").toString());
            setLong(memberships, 8, deleted ? null : data.path("created_at").asLong());
            setLong(memberships, 9, deleted ? null : data.path("updated_at").asLong());
            memberships.setLong(10, version);
            setLong(memberships, 11, deleted ? version : null);
            memberships.executeUpdate();
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static void setText(PreparedStatement statement, int index, String value) throws Exception {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws Exception {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
