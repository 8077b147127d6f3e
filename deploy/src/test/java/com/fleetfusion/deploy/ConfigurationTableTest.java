package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * README.md's configuration tables and the module READMEs' tell the truth about what each module's
 * application.properties reads: every variable listed, none listed that nobody reads, the right "used by" and the
 * code's default for each service ({@link ConfigurationTables} says how a default cell is written).
 */
class ConfigurationTableTest {

    @Test
    void theReadmeTablesStateEveryVariableTheModulesReadWithItsDefault() {
        Map<String, String> readmes = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (String module : SuiteRepository.CONTAINER_MODULES) {
            readmes.put(module, SuiteRepository.read(ROOT.resolve(module).resolve("README.md")));
            properties.put(module, SuiteRepository.read(ROOT.resolve(module).resolve(ConfigurationTables.PROPERTIES)));
        }

        List<String> problems = ConfigurationTables.problems(SuiteRepository.read(ROOT.resolve("README.md")), readmes,
                properties);

        assertThat(problems).as("README tables against application.properties, one line per wrong row or variable:\n%s",
                String.join("\n", problems)).isEmpty();
    }

    @Test
    void aDefaultWrittenInAConfigMappingAndInAnExpressionIsTheSame() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String module : SuiteRepository.CONTAINER_MODULES) {
            Map<String, String> mappings = new TreeMap<>();
            for (String source : SuiteRepository.codeModules(module)) {
                try (Stream<Path> files = Files.walk(ROOT.resolve(source).resolve("src/main/java"))) {
                    files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                        String text = SuiteRepository.read(file);
                        if (text.contains("@ConfigMapping")) {
                            mappings.put(file.getFileName().toString(), text);
                        }
                    });
                }
            }
            assertThat(mappings).as(module + "'s config mappings").isNotEmpty();
            problems.addAll(ConfigurationTables.mappingProblems(module,
                    SuiteRepository.read(ROOT.resolve(module).resolve(ConfigurationTables.PROPERTIES)), mappings));
        }

        assertThat(problems).as("one line per default written twice, differently:\n%s", String.join("\n", problems))
                .isEmpty();
    }

    @Test
    void aConfigMappingsDefaultIsReadThroughGroupsAndNames() {
        String source = """
                @ConfigMapping(prefix = "tenant-store")
                public interface StoreConfig {
                    /** "quoted" {braces}; // not a comment */
                    @WithDefault("${quarkus.application.name}")
                    String service();

                    Apply apply();

                    interface Apply {
                        @WithDefault("2")
                        int batchesInFlight();

                        @WithName("every")
                        @WithDefault("1h")
                        Duration purgeEvery();
                    }
                }
                """;

        assertThat(ConfigMappingDefaults.of(source)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tenant-store.service", "${quarkus.application.name}",
                "tenant-store.apply.batches-in-flight", "2",
                "tenant-store.apply.every", "1h"));
        assertThat(ConfigurationTables.mappingProblems("tenant-store",
                "tenant-store.apply.batches-in-flight=${APPLY_BATCHES_IN_FLIGHT:4}\n", Map.of("StoreConfig.java", source)))
                .containsExactly("tenant-store/src/main/resources/application.properties:"
                        + " tenant-store.apply.batches-in-flight=${APPLY_BATCHES_IN_FLIGHT:4} but StoreConfig.java declares"
                        + " @WithDefault(\"2\"): two defaults for APPLY_BATCHES_IN_FLIGHT");
    }

    @Test
    void aWrongDefaultAMissingVariableAndAnUnreadRowAreEachNamed() {
        String root = """
                | variable | meaning | default | used by |
                | --- | --- | --- | --- |
                | `PORT` | port | gateway: `8080`; store: `8083` | gateway, store |
                | `ISSUER` | issuer | `http://localhost:8090`; **required in production** | gateway, store |
                | `PARTIES` | azp | `http://localhost:5173` (in both) | gateway, store |
                | `GONE` | nobody reads it | – | gateway |
                | `QUARKUS_PROFILE` | Quarkus's own | `prod` | gateway, store |

                | service | variables |
                | --- | --- |
                | [tenant-store](tenant-store/README.md#configuration) | `SECRET` |
                """;
        String gatewayProperties = """
                quarkus.http.port=${PORT:8080}
                clerk.issuer=${ISSUER:http://localhost:8090}
                clerk.authorized-parties=${PARTIES:http://localhost:5173}
                """;
        String storeProperties = """
                quarkus.http.port=${PORT:8083}
                clerk.issuer=${ISSUER:http://localhost:8090}
                clerk.authorized-parties=${PARTIES:}
                %dev.clerk.authorized-parties=${PARTIES:http://localhost:5173}
                secret=${SECRET}
                mode=${MODE:fast}
                """;
        String storeReadme = """
                # tenant-store

                ## Configuration

                | variable | default | meaning |
                | --- | --- | --- |
                | `SECRET` | – | a secret |
                """;

        List<String> problems = ConfigurationTables.problems(root, Map.of("tenant-store", storeReadme),
                Map.of("auth-gateway", gatewayProperties, "tenant-store", storeProperties));

        assertThat(problems).containsExactlyInAnyOrder(
                "README.md configuration table, row `PARTIES`: default of PARTIES for store is `http://localhost:5173`"
                        + " in the table but – in tenant-store/src/main/resources/application.properties",
                "README.md configuration table, row `GONE`: no module reads GONE",
                "MODE, read by tenant-store, is missing from README.md: neither a configuration table row naming"
                        + " tenant-store in \"used by\" nor its further settings row lists it",
                "tenant-store/README.md configuration table, row `SECRET`: default of SECRET is – in the table but"
                        + " required in tenant-store/src/main/resources/application.properties");
    }
}
