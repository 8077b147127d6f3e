package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.COMPOSE_FILE;
import static com.fleetfusion.deploy.SuiteRepository.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The root docker-compose.yml: no Docker engine here, so Debian's docker-compose validates it ({@code config -q}) and
 * the checks below read it: every part of the suite, health checks, images built from the modules, the README's names.
 */
class ComposeTest {

    private static final CommandLineTool DOCKER_COMPOSE = CommandLineTool.find("docker-compose", "DOCKER_COMPOSE");

    private final JsonNode compose = SuiteRepository.yamlDocuments(COMPOSE_FILE).get(0);

    @Test
    void dockerComposeAcceptsTheFile() {
        DOCKER_COMPOSE.require("docker-compose.yml's validity");

        CommandLineTool.Result config = DOCKER_COMPOSE.run(ROOT, "-f", "docker-compose.yml", "config", "-q");

        assertThat(config.exitCode()).as("docker-compose config -q\n%s", config).isZero();
    }

    @Test
    void composeRunsPostgresKafkaTheEmulatorAndTheFourServicesEachWithAHealthCheck() {
        List<String> expected = new ArrayList<>(List.of("postgres", "kafka"));
        expected.addAll(SuiteRepository.CONTAINER_MODULES);

        assertThat(compose.path("services").fieldNames()).toIterable().containsAll(expected);
        for (String service : expected) {
            JsonNode test = compose.path("services").path(service).path("healthcheck").path("test");
            assertThat(test.size()).as(service + " health check").isGreaterThan(1);
        }
        assertThat(compose.path("services").path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .as("KRaft: broker and controller, no ZooKeeper").isEqualTo("broker,controller");
    }

    @Test
    void eachServiceIsBuiltFromItsModulesDockerfileAndProbedOnItsReadinessEndpoint() {
        SuiteRepository.httpPorts().forEach((module, port) -> {
            JsonNode service = compose.path("services").path(module);
            String context = service.path("build").path("context").asText();
            String dockerfile = service.path("build").path("dockerfile").asText();

            assertThat(ROOT.resolve(context).normalize()).as(module + " build context").isEqualTo(ROOT.resolve(module));
            assertThat(dockerfile).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(Files.isRegularFile(ROOT.resolve(module).resolve(dockerfile))).as(module + " Dockerfile").isTrue();
            assertThat(ManifestRules.strings(service.path("healthcheck").path("test")))
                    .as(module + " health check").contains("http://localhost:" + port + "/q/health/ready");
            assertThat(service.path("environment").path("QUARKUS_HTTP_PORT").asText()).isEqualTo(String.valueOf(port));
            assertThat(ManifestRules.strings(service.path("ports"))).as(module + " ports")
                    .containsExactly("127.0.0.1:" + port + ":" + port);
        });
    }

    @Test
    void servicesGetOnlyTheConfigurationNamesTheyReadAndTheReadmesDocument() {
        List<String> violations = new ArrayList<>();
        for (String module : SuiteRepository.CONTAINER_MODULES) {
            var documented = SuiteRepository.documentedVariables(module);
            compose.path("services").path(module).path("environment").fieldNames().forEachRemaining(variable -> {
                if (!SuiteRepository.moduleReads(module, variable)) {
                    violations.add(module + ": " + variable + " is not read by the module");
                }
                if (!documented.contains(variable)) {
                    violations.add(module + ": " + variable + " is in no README configuration table");
                }
            });
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void secretsComeFromTheEnvironmentWithLocalOnlyDefaults() {
        for (var service : (Iterable<Map.Entry<String, JsonNode>>) () -> compose.path("services").fields()) {
            service.getValue().path("environment").fields().forEachRemaining(variable -> {
                if (SuiteRepository.SECRET_NAMES.contains(variable.getKey())) {
                    // each service's Kafka password has a name of its own: KAFKA_<SERVICE>_PASSWORD
                    String name = variable.getKey().equals("KAFKA_SASL_PASSWORD")
                            ? "KAFKA_" + service.getKey().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PASSWORD"
                            : variable.getKey().replace("POSTGRES_", "DB_");
                    assertThat(variable.getValue().asText()).as(service.getKey() + " " + variable.getKey())
                            .startsWith("${" + name + ":-");
                }
            });
        }
    }
}
