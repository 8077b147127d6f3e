package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Grafana dashboard: a panel for each metric DESIGN.md's Operations section names, and only metrics that exist:
 * the services' own Micrometer meters (read from their code) or the framework's meters they expose.
 */
class DashboardTest {

    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/fleetfusion-dashboard.json");
    private static final Pattern METER = Pattern.compile(
            "(?:(?:Counter|Timer|Gauge|DistributionSummary)\\.builder|registry\\.(?:counter|timer|gauge|summary))\\(\"([a-z_.]+)\"");
    private static final Pattern METRIC_IN_QUERY = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{");
    private static final Pattern PROMETHEUS_SUFFIX = Pattern.compile("(_seconds)?(_total|_bucket|_count|_sum|_max)?$");
    /** Meters of the frameworks, seen on the services' /q/metrics: Kafka client (via Micrometer), reactive Postgres pool. */
    private static final Set<String> FRAMEWORK_METRICS = Set.of("kafka_consumer_fetch_manager_records_lag_max",
            "postgresql_processing_seconds_sum", "postgresql_processing_seconds_count",
            "sql_pool_queue_delay_seconds_sum", "sql_pool_queue_delay_seconds_count");

    private final JsonNode dashboard = SuiteRepository.json(DASHBOARD);

    @Test
    void hasAPanelForEveryMetricTheDesignNames() {
        List<String> titles = panels().map(panel -> panel.path("title").asText()).toList();

        for (String subject : List.of("Registrations", "Auth errors by reason", "DB latency", "Webhook delay",
                "Consumer lag", "Events applied / stale / dead-lettered")) {
            assertThat(titles).as("a panel for " + subject).anyMatch(title -> title.startsWith(subject));
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("fleetfusion-identity");
        assertThat(panels().filter(panel -> !"row".equals(panel.path("type").asText())))
                .allSatisfy(panel -> assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive());
    }

    @Test
    void queriesOnlyMetricsTheServicesExpose() throws IOException {
        Set<String> meters = servicesMeters();
        assertThat(meters).contains("onboarding_registrations_completed", "gateway_auth_failures", "webhook_delay",
                "tenant_store_events");

        Set<String> unknown = new TreeSet<>();
        queries().forEach(query -> {
            Matcher metric = METRIC_IN_QUERY.matcher(query);
            while (metric.find()) {
                String name = metric.group(1);
                String meter = PROMETHEUS_SUFFIX.matcher(name).replaceFirst("");
                if (!meters.contains(meter) && !FRAMEWORK_METRICS.contains(name)) {
                    unknown.add(name);
                }
            }
        });
        assertThat(unknown).as("metrics no service registers").isEmpty();
    }

    @Test
    void takesItsDataSourceAsAVariableSoThatItImportsAnywhere() {
        assertThat(panels().filter(panel -> panel.has("datasource")))
                .allSatisfy(panel -> assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource", "namespace");
    }

    private Stream<JsonNode> panels() {
        return ManifestRules.each(dashboard.path("panels"));
    }

    private Stream<String> queries() {
        return panels().flatMap(panel -> ManifestRules.each(panel.path("targets"))).map(target -> target.path("expr").asText());
    }

    /** The Prometheus names (before the _total/_seconds suffixes) of the meters registered in the services' code. */
    private static Set<String> servicesMeters() throws IOException {
        Set<String> meters = new TreeSet<>();
        for (String module : SuiteRepository.SERVICES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(SuiteRepository.read(file));
                    while (meter.find()) {
                        meters.add(meter.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return meters;
    }
}
