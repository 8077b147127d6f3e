package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.SECRET_NAMES;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules every set of Kubernetes manifests of the suite keeps, whether read from the files of the base and the
 * overlays or from the output of {@code kubectl kustomize}. Each rule returns its violations, one line each, so that
 * a failing test names every offending object at once.
 */
final class ManifestRules {

    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PARTITIONS_ANNOTATION = "fleetfusion.io/clerk-events-partitions";
    static final Set<String> AUTOSCALED = Set.of("auth-gateway", "webhook-ingest", "onboarding-service");
    static final String INGRESS_NAMESPACE = "ingress-nginx";

    private final List<JsonNode> documents;

    ManifestRules(List<JsonNode> documents) {
        this.documents = List.copyOf(documents);
    }

    Stream<JsonNode> ofKind(String kind) {
        return documents.stream().filter(document -> kind.equals(document.path("kind").asText()));
    }

    Optional<JsonNode> named(String kind, String name) {
        return ofKind(kind).filter(document -> name.equals(name(document))).findFirst();
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    static Stream<JsonNode> each(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** The suite's own Quarkus containers: the Deployments named as a module. */
    Stream<JsonNode> quarkusDeployments() {
        return ofKind("Deployment").filter(deployment -> SuiteRepository.CONTAINER_MODULES.contains(name(deployment)));
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").path(0);
    }

    /** Liveness, readiness and startup probes on the Quarkus health paths, on the container's HTTP port. */
    List<String> probesOnTheHealthEndpoints() {
        List<String> violations = new ArrayList<>();
        quarkusDeployments().forEach(deployment -> {
            String name = name(deployment);
            JsonNode container = container(deployment);
            int expectedPort = SuiteRepository.httpPort(name);
            JsonNode ports = container.path("ports");
            Optional<JsonNode> http = each(ports).filter(port -> port.path("containerPort").asInt() == expectedPort)
                    .findFirst();
            if (http.isEmpty()) {
                violations.add(name + ": no containerPort " + expectedPort);
            }
            String portName = http.map(port -> port.path("name").asText()).orElse("");
            Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                    "startupProbe", "/q/health/started").forEach((probe, path) -> {
                        JsonNode get = container.path(probe).path("httpGet");
                        if (get.isMissingNode()) {
                            violations.add(name + ": no " + probe + " (httpGet)");
                            return;
                        }
                        if (!path.equals(get.path("path").asText())) {
                            violations.add(name + ": " + probe + " on " + get.path("path").asText() + ", not " + path);
                        }
                        JsonNode port = get.path("port");
                        boolean rightPort = port.isInt() ? port.asInt() == expectedPort
                                : !portName.isEmpty() && portName.equals(port.asText());
                        if (!rightPort) {
                            violations.add(name + ": " + probe + " on port " + port + ", not the HTTP port " + expectedPort);
                        }
                    });
            each(container.path("env")).filter(env -> "QUARKUS_HTTP_PORT".equals(env.path("name").asText()))
                    .filter(env -> env.path("value").asInt() != expectedPort)
                    .forEach(env -> violations.add(name + ": QUARKUS_HTTP_PORT " + env.path("value") + " but port " + expectedPort));
        });
        return violations;
    }

    /** Requests and limits for CPU and memory, non-root, no privilege escalation, no capabilities: every workload. */
    List<String> resourcesAndNonRootSecurityContext() {
        List<String> violations = new ArrayList<>();
        Stream.of("Deployment", "StatefulSet", "DaemonSet", "Job").flatMap(this::ofKind).forEach(workload -> {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                String where = workload.path("kind").asText() + " " + name(workload) + "/" + container.path("name").asText();
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container.path("resources").path(bound).path(resource).asText().isEmpty()) {
                            violations.add(where + ": no resources." + bound + "." + resource);
                        }
                    }
                }
                JsonNode security = container.path("securityContext");
                boolean nonRoot = security.path("runAsNonRoot").asBoolean(false)
                        || pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
                boolean rootUser = security.path("runAsUser").asInt(-1) == 0
                        || pod.path("securityContext").path("runAsUser").asInt(-1) == 0;
                if (!nonRoot || rootUser) {
                    violations.add(where + ": not runAsNonRoot");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (each(security.path("capabilities").path("drop")).noneMatch(drop -> "ALL".equals(drop.asText()))) {
                    violations.add(where + ": capabilities not dropped (drop: [ALL])");
                }
            }
        });
        return violations;
    }

    /** The suite's containers run on a read-only root filesystem and write only to an emptyDir on /tmp. */
    List<String> readOnlyRootFilesystemWithWritableTmp() {
        List<String> violations = new ArrayList<>();
        quarkusDeployments().forEach(deployment -> {
            JsonNode container = container(deployment);
            if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                violations.add(name(deployment) + ": root filesystem not read-only");
            }
            Optional<String> tmpVolume = each(container.path("volumeMounts"))
                    .filter(mount -> "/tmp".equals(mount.path("mountPath").asText()))
                    .map(mount -> mount.path("name").asText()).findFirst();
            boolean emptyDir = tmpVolume.isPresent() && each(deployment.path("spec").path("template").path("spec").path("volumes"))
                    .anyMatch(volume -> tmpVolume.get().equals(volume.path("name").asText()) && volume.has("emptyDir"));
            if (!emptyDir) {
                violations.add(name(deployment) + ": no emptyDir mounted on /tmp");
            }
        });
        return violations;
    }

    /**
     * No secret value anywhere: no Secret with data, no generated Secret from literals, secret-named variables only
     * from a secretKeyRef, no ConfigMap key named as a secret, and no string shaped like a Clerk or Svix secret.
     */
    List<String> noLiteralSecrets() {
        List<String> violations = new ArrayList<>();
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText();
            String where = (kind.isEmpty() ? "kustomization" : kind) + " " + name(document);
            if ("Secret".equals(kind) && (hasContent(document.path("data")) || hasContent(document.path("stringData")))) {
                violations.add(where + ": a Secret with literal data");
            }
            for (JsonNode generator : document.path("secretGenerator")) {
                if (hasContent(generator.path("literals"))) {
                    violations.add(where + ": secretGenerator " + generator.path("name").asText() + " with literals");
                }
            }
            if ("ConfigMap".equals(kind)) {
                document.path("data").fieldNames().forEachRemaining(key -> {
                    if (SECRET_NAMES.contains(key)) {
                        violations.add(where + ": secret " + key + " in a ConfigMap");
                    }
                });
            }
            for (JsonNode generator : document.path("configMapGenerator")) {
                for (JsonNode literal : generator.path("literals")) {
                    String key = literal.asText().split("=", 2)[0];
                    if (SECRET_NAMES.contains(key)) {
                        violations.add(where + ": secret " + key + " in configMapGenerator " + generator.path("name").asText());
                    }
                }
            }
            envEntries(document).forEach(env -> {
                String variable = env.path("name").asText();
                if (SECRET_NAMES.contains(variable)
                        && (env.has("value") || env.path("valueFrom").path("secretKeyRef").isMissingNode())) {
                    violations.add(where + ": " + variable + " not from a secretKeyRef");
                }
            });
            strings(document).filter(ManifestRules::looksLikeASecret)
                    .forEach(value -> violations.add(where + ": a literal secret value (" + value.substring(0, 6) + "...)"));
        }
        return violations;
    }

    static boolean looksLikeASecret(String value) {
        return value.matches("(?s).*\\b(sk_(live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/=]{8,}).*");
    }

    private static boolean hasContent(JsonNode node) {
        return !node.isMissingNode() && !node.isNull() && node.size() > 0;
    }

    /** Every env entry of every container (and init container) of a workload or a patch of one. */
    static Stream<JsonNode> envEntries(JsonNode document) {
        JsonNode pod = document.path("spec").path("template").path("spec");
        return Stream.concat(each(pod.path("containers")), each(pod.path("initContainers")))
                .flatMap(container -> each(container.path("env")));
    }

    static Stream<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return Stream.of(node.asText());
        }
        if (node.isContainerNode()) {
            return each(node).flatMap(ManifestRules::strings);
        }
        return Stream.empty();
    }

    /**
     * Ingress traffic: a default deny, then tenant-store and onboarding-service from the gateway's pods only,
     * auth-gateway and webhook-ingest from the ingress controller's namespace only. The exceptions allowed are
     * Prometheus (monitoring namespace) and, where the emulator runs (dev), its webhook deliveries to webhook-ingest.
     */
    List<String> networkPolicies() {
        List<String> violations = new ArrayList<>();
        boolean defaultDeny = ofKind("NetworkPolicy").anyMatch(policy -> policy.path("spec").path("podSelector").size() == 0
                && each(policy.path("spec").path("policyTypes")).anyMatch(type -> "Ingress".equals(type.asText()))
                && policy.path("spec").path("ingress").isMissingNode());
        if (!defaultDeny) {
            violations.add("no default-deny NetworkPolicy for ingress traffic");
        }
        boolean emulatorRuns = named("Deployment", SuiteRepository.EMULATOR).isPresent();
        Map<String, Set<String>> allowedPeers = Map.of(
                "tenant-store", Set.of("pods:auth-gateway"),
                "onboarding-service", Set.of("pods:auth-gateway"),
                "auth-gateway", Set.of("namespace:" + INGRESS_NAMESPACE),
                "webhook-ingest", emulatorRuns ? Set.of("namespace:" + INGRESS_NAMESPACE, "pods:" + SuiteRepository.EMULATOR)
                        : Set.of("namespace:" + INGRESS_NAMESPACE));
        allowedPeers.forEach((service, allowed) -> {
            List<String> peers = ofKind("NetworkPolicy").filter(policy -> selects(policy, service))
                    .flatMap(policy -> each(policy.path("spec").path("ingress")))
                    .flatMap(rule -> rule.has("from") ? each(rule.path("from")).map(ManifestRules::peer) : Stream.of("anyone"))
                    .toList();
            if (peers.isEmpty()) {
                violations.add(service + ": no NetworkPolicy lets anyone in");
            }
            peers.stream().filter(peer -> !allowed.contains(peer) && !peer.equals("prometheus"))
                    .forEach(peer -> violations.add(service + ": reachable from " + peer + ", allowed only " + allowed));
            int port = SuiteRepository.httpPort(service);
            boolean portOpen = ofKind("NetworkPolicy").filter(policy -> selects(policy, service))
                    .flatMap(policy -> each(policy.path("spec").path("ingress")))
                    .filter(rule -> each(rule.path("from")).map(ManifestRules::peer).anyMatch(allowed::contains))
                    .anyMatch(rule -> !rule.has("ports") || each(rule.path("ports")).anyMatch(p -> p.path("port").asInt() == port));
            if (!portOpen) {
                violations.add(service + ": its allowed clients cannot reach port " + port);
            }
        });
        if (!emulatorRuns && strings(documentsOf("NetworkPolicy")).anyMatch(SuiteRepository.EMULATOR::equals)) {
            violations.add("a NetworkPolicy lets in clerk-emulator pods where no emulator runs");
        }
        return violations;
    }

    private JsonNode documentsOf(String kind) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        ofKind(kind).forEach(array::add);
        return array;
    }

    private static boolean selects(JsonNode policy, String service) {
        JsonNode selector = policy.path("spec").path("podSelector");
        JsonNode labels = selector.path("matchLabels");
        if (labels.isMissingNode() || labels.size() == 0) {
            return selector.path("matchExpressions").isMissingNode();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> label = it.next();
            boolean matches = switch (label.getKey()) {
                case NAME_LABEL -> service.equals(label.getValue().asText());
                case "app.kubernetes.io/part-of" -> "fleetfusion-identity".equals(label.getValue().asText());
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static String peer(JsonNode from) {
        String namespace = from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText();
        String pod = from.path("podSelector").path("matchLabels").path(NAME_LABEL).asText();
        if ("monitoring".equals(namespace) && "prometheus".equals(pod)) {
            return "prometheus";
        }
        if (from.has("namespaceSelector") && !from.has("podSelector") && !namespace.isEmpty()
                && from.path("namespaceSelector").path("matchLabels").size() == 1) {
            return "namespace:" + namespace;
        }
        if (from.has("podSelector") && !from.has("namespaceSelector") && !pod.isEmpty() && !from.has("ipBlock")) {
            return "pods:" + pod;
        }
        return from.toString();
    }

    /** One Ingress: /webhooks/clerk to webhook-ingest, /api to auth-gateway, nothing else. */
    List<String> ingressExposesTheApiAndTheClerkWebhookOnly() {
        List<String> violations = new ArrayList<>();
        List<String> routes = ofKind("Ingress").flatMap(ingress -> each(ingress.path("spec").path("rules")))
                .flatMap(rule -> each(rule.path("http").path("paths")))
                .map(path -> path.path("path").asText() + " (" + path.path("pathType").asText() + ") -> "
                        + path.path("backend").path("service").path("name").asText() + ":"
                        + path.path("backend").path("service").path("port").path("name").asText())
                .toList();
        List<String> expected = List.of("/webhooks/clerk (Exact) -> webhook-ingest:http", "/api (Prefix) -> auth-gateway:http");
        if (!Set.copyOf(routes).equals(Set.copyOf(expected)) || routes.size() != expected.size()) {
            violations.add("Ingress routes are " + routes + ", expected " + expected);
        }
        for (String service : List.of("webhook-ingest", "auth-gateway")) {
            boolean servicePortNamedHttp = named("Service", service)
                    .map(svc -> each(svc.path("spec").path("ports")).anyMatch(port -> "http".equals(port.path("name").asText())))
                    .orElse(false);
            if (!servicePortNamedHttp) {
                violations.add("Service " + service + " has no port named http for the Ingress");
            }
        }
        return violations;
    }

    /** A Service per container module, selecting its pods, on its HTTP port. */
    List<String> servicePerDeployment() {
        List<String> violations = new ArrayList<>();
        quarkusDeployments().forEach(deployment -> {
            String name = name(deployment);
            Optional<JsonNode> service = named("Service", name);
            if (service.isEmpty()) {
                violations.add(name + ": no Service");
                return;
            }
            if (!name.equals(service.get().path("spec").path("selector").path(NAME_LABEL).asText())
                    || !name.equals(deployment.path("spec").path("template").path("metadata").path("labels").path(NAME_LABEL).asText())) {
                violations.add(name + ": the Service does not select the Deployment's pods");
            }
            if (each(service.get().path("spec").path("ports")).noneMatch(port -> port.path("port").asInt() == SuiteRepository.httpPort(name))) {
                violations.add(name + ": the Service is not on port " + SuiteRepository.httpPort(name));
            }
        });
        return violations;
    }

    /** HPAs for the stateless services (whose Deployments leave replicas to them), a PDB for every service. */
    List<String> autoscalersAndDisruptionBudgets() {
        List<String> violations = new ArrayList<>();
        for (String service : SuiteRepository.SERVICES) {
            Optional<JsonNode> deployment = named("Deployment", service);
            if (deployment.isEmpty()) {
                violations.add(service + ": no Deployment");
                continue;
            }
            Optional<JsonNode> hpa = ofKind("HorizontalPodAutoscaler")
                    .filter(candidate -> service.equals(candidate.path("spec").path("scaleTargetRef").path("name").asText()))
                    .findFirst();
            if (AUTOSCALED.contains(service)) {
                if (hpa.isEmpty()) {
                    violations.add(service + ": no HorizontalPodAutoscaler");
                } else {
                    JsonNode spec = hpa.get().path("spec");
                    if (!"Deployment".equals(spec.path("scaleTargetRef").path("kind").asText())
                            || spec.path("minReplicas").asInt(0) < 1 || spec.path("maxReplicas").asInt(0) < spec.path("minReplicas").asInt(1)
                            || spec.path("metrics").size() == 0) {
                        violations.add(service + ": HorizontalPodAutoscaler without a Deployment target, replica range or metric");
                    }
                }
                if (deployment.get().path("spec").has("replicas")) {
                    violations.add(service + ": replicas set in the Deployment although an HPA owns the count");
                }
            } else if (hpa.isPresent()) {
                violations.add(service + ": autoscaled, but it is not stateless");
            }
            boolean budget = ofKind("PodDisruptionBudget")
                    .anyMatch(pdb -> service.equals(pdb.path("spec").path("selector").path("matchLabels").path(NAME_LABEL).asText())
                            && (pdb.path("spec").has("maxUnavailable") || pdb.path("spec").has("minAvailable")));
            if (!budget) {
                violations.add(service + ": no PodDisruptionBudget");
            }
        }
        return violations;
    }

    /** tenant-store's consumers: never more replicas than clerk.events has partitions (an idle consumer otherwise). */
    List<String> tenantStoreWithinThePartitions() {
        return named("Deployment", "tenant-store").map(deployment -> {
            JsonNode partitions = deployment.path("metadata").path("annotations").path(PARTITIONS_ANNOTATION);
            int replicas = deployment.path("spec").path("replicas").asInt(1);
            if (!partitions.isTextual() || !partitions.asText().matches("\\d+")) {
                return List.of("tenant-store: no " + PARTITIONS_ANNOTATION + " annotation");
            }
            return replicas <= Integer.parseInt(partitions.asText()) ? List.<String>of()
                    : List.of("tenant-store: " + replicas + " replicas for " + partitions.asText() + " partitions");
        }).orElse(List.of("no tenant-store Deployment"));
    }

    /**
     * Every variable given to a container of the suite is one its module reads and one the README (or the module's
     * README) documents; every ConfigMap key referenced exists unless the reference is optional.
     */
    List<String> configurationNamesAsDocumented() {
        List<String> violations = new ArrayList<>();
        quarkusDeployments().forEach(deployment -> {
            String module = name(deployment);
            Set<String> documented = SuiteRepository.documentedVariables(module);
            envEntries(deployment).forEach(env -> {
                String variable = env.path("name").asText();
                if (!SuiteRepository.moduleReads(module, variable)) {
                    violations.add(module + ": " + variable + " is not read by " + module);
                }
                if (!documented.contains(variable)) {
                    violations.add(module + ": " + variable + " is in no configuration table of README.md or " + module + "/README.md");
                }
                JsonNode reference = env.path("valueFrom").path("configMapKeyRef");
                if (!reference.isMissingNode() && !reference.path("optional").asBoolean(false)) {
                    boolean exists = named("ConfigMap", reference.path("name").asText())
                            .map(configMap -> configMap.path("data").has(reference.path("key").asText())).orElse(false);
                    if (!exists) {
                        violations.add(module + ": " + variable + " refers to a missing ConfigMap key " + reference);
                    }
                }
            });
        });
        return violations;
    }

    List<String> all() {
        return Stream.of(probesOnTheHealthEndpoints(), resourcesAndNonRootSecurityContext(),
                readOnlyRootFilesystemWithWritableTmp(), noLiteralSecrets(), networkPolicies(),
                ingressExposesTheApiAndTheClerkWebhookOnly(), servicePerDeployment(), autoscalersAndDisruptionBudgets(),
                tenantStoreWithinThePartitions(), configurationNamesAsDocumented())
                .flatMap(List::stream).filter(Objects::nonNull).toList();
    }
}
