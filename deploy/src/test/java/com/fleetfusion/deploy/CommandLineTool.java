package com.fleetfusion.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An external command the checks run (kubectl, docker-compose): found on the PATH, or at the path an environment
 * variable names (e.g. {@code KUBECTL=/tmp/kubernetes-client/usr/bin/kubectl} to try Debian's kubectl 1.20).
 * Absent, the test that needs it is skipped with a message, not failed: a developer's machine may have only a JDK,
 * while CI installs both tools (.ci/run).
 */
record CommandLineTool(String name, String overrideVariable, Optional<Path> executable) {

    static CommandLineTool find(String name, String overrideVariable) {
        String override = System.getenv(overrideVariable);
        if (override != null && !override.isBlank()) {
            return new CommandLineTool(name, overrideVariable, Optional.of(Path.of(override)).filter(Files::isExecutable));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return new CommandLineTool(name, overrideVariable, Optional.of(candidate));
            }
        }
        return new CommandLineTool(name, overrideVariable, Optional.empty());
    }

    /** Skips the calling test when the tool is missing, saying who runs that check instead. */
    Path require(String why) {
        assumeTrue(executable.isPresent(), () -> name + " not found (PATH, or $" + overrideVariable + "): " + why
                + " is checked where it is installed (CI installs it in .ci/run); install it to run this check here");
        return executable.get();
    }

    Result run(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.orElseThrow().toString());
        command.addAll(List.of(arguments));
        try {
            Path stderr = Files.createTempFile(name, ".stderr");
            try {
                Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectError(stderr.toFile()).start();
                process.getOutputStream().close();
                byte[] stdout = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 minutes");
                }
                return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stderr:\n" + stderr + "\n--- stdout:\n" + stdout;
        }
    }
}
