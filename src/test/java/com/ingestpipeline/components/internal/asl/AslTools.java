package com.ingestpipeline.components.internal.asl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools under {@code tools/asl/} (asl-validator, aws-local-stepfunctions), installed on first use
 * with {@code npm ci} from the committed lock file, so a clean clone needs nothing but Node and npm.
 */
public final class AslTools {
    /** What a Node tool printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private AslTools() {
    }

    /** {@code tools/asl} in this checkout (surefire runs with the project directory as basedir). */
    public static Path toolsDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "tools", "asl");
    }

    /** Installs the pinned packages unless they are already there; safe when several builds run at once. */
    public static synchronized void ensureInstalled() throws IOException, InterruptedException {
        Path dir = toolsDir();
        if (Files.exists(dir.resolve("node_modules/.bin/asl-validator"))
            && Files.exists(dir.resolve("node_modules/aws-local-stepfunctions/package.json"))) {
            return;
        }
        // Concurrent builds of one checkout share tools/asl: one npm ci at a time, the others wait for it.
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "ingest-pipeline-asl-npm.lock");
        try (FileChannel channel = new RandomAccessFile(lockFile.toFile(), "rw").getChannel();
             FileLock ignored = channel.lock()) {
            if (Files.exists(dir.resolve("node_modules/.bin/asl-validator"))) {
                return;
            }
            Result r = run(dir, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            if (r.exitCode() != 0) {
                throw new IllegalStateException("npm ci in " + dir + " failed (exit " + r.exitCode() + "):\n"
                    + r.output());
            }
        }
    }

    /** Runs asl-validator on a definition; exit 0 means valid. */
    public static Result validate(String definitionJson) throws IOException, InterruptedException {
        ensureInstalled();
        Path file = Files.createTempFile("definition-", ".asl.json");
        try {
            Files.writeString(file, definitionJson, StandardCharsets.UTF_8);
            Path bin = toolsDir().resolve("node_modules/.bin/asl-validator");
            return run(toolsDir(), 120, bin.toString(), "--json-path", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Runs a definition in aws-local-stepfunctions with scripted Task outcomes ({@code tools/asl/run-scenario.mjs}
     * describes the scenario and the result JSON).
     */
    public static Result runScenario(String definitionJson, String scenarioJson) throws IOException, InterruptedException {
        ensureInstalled();
        Path definition = Files.createTempFile("definition-", ".asl.json");
        Path scenario = Files.createTempFile("scenario-", ".json");
        try {
            Files.writeString(definition, definitionJson, StandardCharsets.UTF_8);
            Files.writeString(scenario, scenarioJson, StandardCharsets.UTF_8);
            return run(toolsDir(), 120, "node", "--import", "./polyfill.mjs", "run-scenario.mjs",
                definition.toString(), scenario.toString());
        } finally {
            Files.deleteIfExists(definition);
            Files.deleteIfExists(scenario);
        }
    }

    /** Runs a command, merging stdout and stderr; fails clearly when the program is not installed. */
    public static Result run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (Node.js and npm are needed for the "
                + "ASL checks; install them, e.g. apt-get install nodejs npm)", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
