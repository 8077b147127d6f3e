package com.fleetfusion.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The repository as the checks see it: the deploy files, the service modules (their ports and the configuration
 * names their code reads) and the READMEs' configuration tables. Paths are relative to the deploy module, the
 * working directory of its tests.
 */
final class SuiteRepository {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

    /** The modules that run as containers, in the order of the README's module table. */
    static final List<String> SERVICES = List.of("auth-gateway", "onboarding-service", "webhook-ingest", "tenant-store");
    static final String EMULATOR = "clerk-emulator";
    static final List<String> CONTAINER_MODULES = Stream.concat(SERVICES.stream(), Stream.of(EMULATOR)).toList();

    /** The configuration names whose values are secrets: never a literal in a manifest. */
    static final Set<String> SECRET_NAMES = Set.of("CLERK_SECRET_KEY", "CLERK_WEBHOOK_SECRETS", "DB_USER",
            "DB_PASSWORD", "EMULATOR_WEBHOOK_SECRET", "POSTGRES_USER", "POSTGRES_PASSWORD", "ADMIN_TOKEN",
            "KAFKA_SASL_PASSWORD", "EVENTS_SIGNING_KEYS");

    /** The libraries of this repository that a service's main code depends on. */
    static final List<String> LIBRARIES = List.of("clerk-session", "clerk-events", "clerk-client", "service-settings");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{QUARKUS_HTTP_PORT:(\\d+)}");
    private static final Pattern TABLE_NAME = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    private SuiteRepository() {
    }

    static List<JsonNode> yamlDocuments(String text) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            try (var iterator = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
                while (iterator.hasNext()) {
                    JsonNode document = iterator.next();
                    if (document != null && !document.isNull() && !document.isMissingNode()) {
                        documents.add(document);
                    }
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> yamlDocuments(Path file) {
        return yamlDocuments(read(file));
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's default HTTP port, from its application.properties (the port of DESIGN.md). */
    static int httpPort(String module) {
        String properties = read(ROOT.resolve(module).resolve("src/main/resources/application.properties"));
        Matcher matcher = HTTP_PORT.matcher(properties);
        if (!matcher.find()) {
            throw new IllegalStateException(module + " sets no quarkus.http.port=${QUARKUS_HTTP_PORT:...}");
        }
        return Integer.parseInt(matcher.group(1));
    }

    static Map<String, Integer> httpPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        CONTAINER_MODULES.forEach(module -> ports.put(module, httpPort(module)));
        return ports;
    }

    /**
     * Whether the main code or configuration of the module, or of a library of this repository it uses, mentions the
     * variable: the service really reads it (QUARKUS_PROFILE=prod,local, for one, steers service-settings' check).
     */
    static boolean moduleReads(String module, String variable) {
        Pattern word = Pattern.compile("(?<![A-Z0-9_])" + Pattern.quote(variable) + "(?![A-Z0-9_])");
        return codeModules(module).stream().anyMatch(source -> {
            try (Stream<Path> files = Files.walk(ROOT.resolve(source).resolve("src/main"))) {
                return files.filter(Files::isRegularFile)
                        .filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".properties"))
                        .anyMatch(file -> word.matcher(read(file)).find());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The module and the libraries of this repository it depends on: their code and mappings are the module's too. */
    static List<String> codeModules(String module) {
        String pom = read(ROOT.resolve(module).resolve("pom.xml"));
        List<String> modules = new ArrayList<>(List.of(module));
        LIBRARIES.stream().filter(library -> pom.contains("<artifactId>" + library + "</artifactId>")).forEach(modules::add);
        return modules;
    }

    /** The variable names in the first column of the configuration tables of README.md and the module's README. */
    static Set<String> documentedVariables(String module) {
        Set<String> names = new TreeSet<>();
        for (Path readme : List.of(ROOT.resolve("README.md"), ROOT.resolve(module).resolve("README.md"))) {
            if (!Files.exists(readme)) {
                continue;
            }
            for (String line : read(readme).split("\n")) {
                if (line.startsWith("|")) {
                    String firstCell = line.substring(1).split("\\|", -1)[0];
                    Matcher matcher = TABLE_NAME.matcher(firstCell);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        }
        return names;
    }
}
