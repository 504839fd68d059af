package com.ingestpipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The committed project copied to a folder of its own, as a newcomer's clone would be, with a Maven local
 * repository of its own whose read-only tail is this build's repository (Maven 3.9's chained local repository):
 * third-party downloads come from the tail, and nothing of this project can.
 */
final class FreshCopy {
    private static final String PROJECT_GROUP_PATH = "com/ingestpipeline";
    private static final long RUN_TIMEOUT_MINUTES = 15;

    private final Path root;
    private final Path localRepository;

    private FreshCopy(Path root, Path localRepository) {
        this.root = root;
        this.localRepository = localRepository;
    }

    /** Copies the files git tracks (the working tree's content of them) into a new folder under target/. */
    static FreshCopy ofCommittedProject() throws IOException {
        Path source = Path.of(required("ingestpipeline.repoRoot")).toRealPath();
        Path base = Path.of(required("ingestpipeline.freshCopyDir"));
        deleteRecursively(base);
        Path root = Files.createDirectories(base.resolve("repo"));
        for (String file : trackedFiles(source)) {
            Path from = source.resolve(file);
            if (!Files.isRegularFile(from)) {
                continue; // deleted in the working tree
            }
            Path to = root.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES); // keeps mvnw's execute bit
        }
        return new FreshCopy(root, Files.createDirectories(base.resolve("m2")));
    }

    Path root() {
        return root;
    }

    Path localRepository() {
        return localRepository;
    }

    /** A property of the copy's root pom.xml, as written there. */
    String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(
                Files.readString(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("pom.xml has no property " + name);
        }
        return m.group(1).trim();
    }

    /**
     * {@code ./mvnw ARGS} the way Pulumi's language host starts it: the environment carries the settings (here
     * the copy's own local repository, and offline when this build is), the command line is Pulumi's.
     */
    PulumiMavenExecutorTest.MavenRun mavenWithPulumiEnvironment(List<String> args) throws Exception {
        Map<String, String> env = cleanEnvironment();
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + localRepository
                + " -Dmaven.repo.local.tail=" + outerLocalRepository());
        if ("--offline=true".equals(System.getProperty("ingestpipeline.offline"))) {
            env.put("MAVEN_ARGS", "-o"); // Maven 3.9 reads MAVEN_ARGS as extra command-line arguments
        }
        return run(args, env);
    }

    /** {@code ./mvnw ARGS} with no Maven settings in the environment: everything comes from ARGS. */
    PulumiMavenExecutorTest.MavenRun mavenWithoutEnvironmentFlags(List<String> args) throws Exception {
        return run(args, cleanEnvironment());
    }

    private PulumiMavenExecutorTest.MavenRun run(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("./mvnw");
        command.addAll(args);
        Path out = Files.createTempFile(root.getParent(), "stdout", ".log");
        Path err = Files.createTempFile(root.getParent(), "stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + RUN_TIMEOUT_MINUTES + " minutes");
        }
        return new PulumiMavenExecutorTest.MavenRun(command, process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** This process's environment without Maven and Pulumi settings, and with this JVM as JAVA_HOME. */
    private static Map<String, String> cleanEnvironment() {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeIf(key -> key.startsWith("MAVEN_") || key.startsWith("PULUMI_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** The local repository of the build running this test. */
    static Path outerLocalRepository() {
        return Path.of(required("ingestpipeline.localRepository"));
    }

    /** Maven's default local repository, where a build that ignores the given one would write. */
    static Path defaultLocalRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Every file of this project's groupIds in a local repository, with its modification time. */
    static Map<Path, Long> projectArtifacts(Path repository) throws IOException {
        Map<Path, Long> files = new TreeMap<>();
        Path group = repository.resolve(PROJECT_GROUP_PATH);
        if (!Files.isDirectory(group)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(group)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(repository.relativize(file), Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files;
    }

    private static List<String> trackedFiles(Path source) throws IOException {
        Process git = new ProcessBuilder("git", "-C", source.toString(), "ls-files", "-z")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (git.waitFor() != 0) {
                throw new AssertionError("git ls-files failed in " + source + ": the test copies what git tracks");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return List.of(listing.split("\0")).stream().filter(f -> !f.isEmpty()).toList();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the pom's surefire "
                    + "configuration sets it; run the test through Maven)");
        }
        return value;
    }
}
