package com.ingestpipeline.e2e.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finding a JVM for the child processes and reading what they logged. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The {@code java} launcher for children: a JDK 21 (the plan's Lambda runtime) when installed, else the
     * newest JDK under /usr/lib/jvm that is at least 21, else this JVM's.
     */
    public static Path java() {
        String explicit = System.getProperty("e2e.childJavaHome");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit, "bin", "java");
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                List<Path> candidates = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                        .filter(d -> !Files.isSymbolicLink(d))
                        .filter(d -> feature(d) >= 21)
                        .sorted(Comparator.comparingInt((Path d) -> feature(d) == 21 ? 0 : 1)
                                .thenComparing(Comparator.comparingInt(ChildJvm::feature).reversed()))
                        .toList();
                if (!candidates.isEmpty()) {
                    return candidates.get(0).resolve("bin/java");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int feature(Path jdk) {
        Path release = jdk.resolve("release");
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The last {@code n} lines of a child's log, for failure messages. */
    public static String tail(Path log, int n) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
