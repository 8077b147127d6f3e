package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * One JVM-mode Dockerfile per container module, as the Quarkus docs lay it out, running as a non-root user, with the
 * JVM options of deploy/jvm.options.
 */
class DockerfilesTest {

    private static final Pattern JAVA_OPTS = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"$");

    @Test
    void eachModuleHasAJvmDockerfileCopyingTheQuarkusAppAndRunningAsNonRootOnItsPort() {
        SuiteRepository.httpPorts().forEach((module, port) -> {
            Path dockerfile = ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
            List<String> instructions = Arrays.stream(SuiteRepository.read(dockerfile).split("\n"))
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

            assertThat(instructions.get(0)).as(module).startsWith("FROM ").contains("openjdk-17");
            assertThat(instructions).as(module).contains(
                    "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                    "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                    "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
                    "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/",
                    "EXPOSE " + port);
            String lastUser = instructions.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            assertThat(lastUser.substring(5).strip()).as(module + " runs as").isNotIn("root", "0").matches("\\d+");
        });
    }

    @Test
    void eachImageRunsWithTheJvmOptionsOfDeployJvmOptionsAndAnExplicitHeap() {
        List<String> options = jvmOptions();
        assertThat(options).as("deploy/jvm.options").contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                .anyMatch(option -> option.startsWith("-Xmx")).anyMatch(option -> option.startsWith("-XX:MaxMetaspaceSize="))
                .anyMatch(option -> option.startsWith("-XX:MaxDirectMemorySize="));
        SuiteRepository.httpPorts().keySet().forEach(module -> {
            String dockerfile = SuiteRepository.read(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
            Matcher javaOpts = JAVA_OPTS.matcher(dockerfile);
            assertThat(javaOpts.find()).as(module + ": ENV JAVA_OPTS=\"...\"").isTrue();
            assertThat(Arrays.asList(javaOpts.group(1).strip().split("\\s+"))).as(module + " JAVA_OPTS").isEqualTo(options);
            // no heap share of the container limit from run-java.sh, and the same collector (run-java.sh's default,
            // the parallel GC, beside the serial one of JAVA_OPTS would stop the JVM from starting)
            assertThat(dockerfile).as(module).contains("ENV JAVA_MAX_MEM_RATIO=0", "ENV GC_CONTAINER_OPTIONS=\"-XX:+UseSerialGC\"",
                    "ENV MALLOC_ARENA_MAX=2");
        });
    }

    /** deploy/jvm.options, a java @argfile: its options without the comments. */
    static List<String> jvmOptions() {
        return Arrays.stream(SuiteRepository.read(ROOT.resolve("deploy/jvm.options")).split("\n"))
                .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty())
                .flatMap(line -> Arrays.stream(line.split("\\s+"))).toList();
    }
}
