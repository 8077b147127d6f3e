package com.fleetfusion.deploy;

import static com.fleetfusion.deploy.SuiteRepository.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One JVM-mode Dockerfile per container module, as the Quarkus docs lay it out, running as a non-root user. */
class DockerfilesTest {

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
}
