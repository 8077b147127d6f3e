package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.K8S;
import static com.fleetfusion.deploy.SuiteRepository.SECRET_NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes manifests under deploy/k8s. The rules are checked twice: on the files themselves (always, with
 * nothing but the JDK) and on what {@code kubectl kustomize} makes of each overlay (where kubectl is installed: CI).
 */
class ManifestsTest {

    private static final CommandLineTool KUBECTL = CommandLineTool.find("kubectl", "KUBECTL");

    @Test
    void baseManifestsKeepEveryRule() {
        assertThat(new ManifestRules(base()).all()).isEmpty();
    }

    @Test
    void baseDeploysTheFourServicesWithProbesResourcesAndANonRootReadOnlyContainer() {
        ManifestRules rules = new ManifestRules(base());

        assertThat(rules.quarkusDeployments().map(ManifestRules::name))
                .containsExactlyInAnyOrderElementsOf(SuiteRepository.SERVICES);
        assertThat(rules.probesOnTheHealthEndpoints()).isEmpty();
        assertThat(rules.resourcesAndNonRootSecurityContext()).isEmpty();
        assertThat(rules.readOnlyRootFilesystemWithWritableTmp()).isEmpty();
    }

    @Test
    void overlaysOwnWorkloadsKeepTheWorkloadRules() {
        for (String overlay : List.of("dev", "prod")) {
            List<JsonNode> documents = new ArrayList<>(resources(K8S.resolve("overlays").resolve(overlay)));
            documents.add(configMapOf(K8S.resolve("base")));
            ManifestRules rules = new ManifestRules(documents);

            assertThat(rules.probesOnTheHealthEndpoints()).as(overlay).isEmpty();
            assertThat(rules.resourcesAndNonRootSecurityContext()).as(overlay).isEmpty();
            assertThat(rules.readOnlyRootFilesystemWithWritableTmp()).as(overlay).isEmpty();
            assertThat(rules.configurationNamesAsDocumented()).as(overlay).isEmpty();
        }
    }

    @Test
    void noManifestKustomizationOrPatchCarriesASecretValue() throws IOException {
        // objects and the JSON 6902 patches (lists of operations) alike
        List<JsonNode> everything = yamlFiles(K8S).flatMap(file -> SuiteRepository.yamlDocuments(file).stream()).toList();

        assertThat(everything).hasSizeGreaterThan(20);
        assertThat(new ManifestRules(everything).noLiteralSecrets()).isEmpty();
    }

    @Test
    void secretEnvExamplesLeaveTheSecretsEmptyAndTheRealEnvFilesAreIgnoredByGit() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.walk(K8S)) {
            examples = files.filter(file -> file.toString().endsWith(".env.example")).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            for (String line : SuiteRepository.read(example).split("\n")) {
                String[] pair = line.split("=", 2);
                if (!line.startsWith("#") && pair.length == 2 && SECRET_NAMES.contains(pair[0]) && !pair[0].equals("DB_USER")) {
                    assertThat(pair[1]).as(example + " " + pair[0]).isEmpty();
                }
            }
        }
        assertThat(SuiteRepository.read(K8S.resolveSibling(".gitignore"))).contains("k8s/overlays/*/*.env");
    }

    @Test
    void clerkEmulatorIsNeverInTheBaseOrTheProdOverlay() throws IOException {
        for (Path dir : List.of(K8S.resolve("base"), K8S.resolve("overlays/prod"))) {
            List<String> mentions = yamlFiles(dir).flatMap(file -> SuiteRepository.yamlDocuments(file).stream())
                    .flatMap(ManifestRules::strings).filter(value -> value.contains(SuiteRepository.EMULATOR)).toList();
            assertThat(mentions).as(dir.toString()).isEmpty();
        }
        assertThat(new ManifestRules(resources(K8S.resolve("overlays/dev"))).named("Deployment", SuiteRepository.EMULATOR))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayBuildsWithKubectlKustomizeAndKeepsEveryRule(String overlay) {
        KUBECTL.require("the kustomize build of the overlays");

        CommandLineTool.Result build = KUBECTL.run(K8S.resolve("overlays"), "kustomize", overlay);

        assertThat(build.exitCode()).as("kubectl kustomize %s\n%s", overlay, build).isZero();
        List<JsonNode> rendered = SuiteRepository.yamlDocuments(build.stdout());
        ManifestRules rules = new ManifestRules(rendered);
        assertThat(rules.all()).as("rules of the %s overlay", overlay).isEmpty();

        String namespace = overlay.equals("dev") ? "fleetfusion-dev" : "fleetfusion";
        assertThat(rendered).filteredOn(document -> !document.path("kind").asText().equals("Namespace"))
                .allSatisfy(document -> assertThat(document.path("metadata").path("namespace").asText())
                        .as(document.path("kind").asText() + " " + ManifestRules.name(document)).isEqualTo(namespace));
        assertThat(rules.named("Namespace", namespace)).isPresent();
        if (overlay.equals("dev")) {
            assertThat(rules.named("Deployment", SuiteRepository.EMULATOR)).isPresent();
            assertThat(rules.named("StatefulSet", "kafka")).isPresent();
            assertThat(rules.named("StatefulSet", "postgres")).isPresent();
        } else {
            assertThat(rendered).extracting(ManifestRules::name).doesNotContain(SuiteRepository.EMULATOR, "kafka", "postgres");
            assertThat(rules.ofKind("Deployment").map(deployment -> ManifestRules.container(deployment).path("image").asText()))
                    .allSatisfy(image -> assertThat(image).doesNotStartWith("fleetfusion/").doesNotEndWith("SNAPSHOT"));
        }
    }

    /** The documents of the files a kustomization lists under resources (not its bases, patches or generators). */
    static List<JsonNode> resources(Path kustomizationDir) {
        JsonNode kustomization = SuiteRepository.yamlDocuments(kustomizationDir.resolve("kustomization.yaml")).get(0);
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            documents.addAll(SuiteRepository.yamlDocuments(kustomizationDir.resolve(resource.asText())));
        }
        return documents;
    }

    /** The base: its resources and the ConfigMap its generator makes (under the name the Deployments refer to). */
    static List<JsonNode> base() {
        List<JsonNode> documents = new ArrayList<>(resources(K8S.resolve("base")));
        documents.add(configMapOf(K8S.resolve("base")));
        return documents;
    }

    static JsonNode configMapOf(Path kustomizationDir) {
        JsonNode generator = SuiteRepository.yamlDocuments(kustomizationDir.resolve("kustomization.yaml")).get(0)
                .path("configMapGenerator").path(0);
        ObjectNode configMap = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", generator.path("name").asText());
        ObjectNode data = configMap.putObject("data");
        for (JsonNode literal : generator.path("literals")) {
            String[] pair = literal.asText().split("=", 2);
            data.put(pair[0], pair[1]);
        }
        return configMap;
    }

    private static Stream<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }
}
