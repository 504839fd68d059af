package com.ingestpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * aws-local-stepfunctions 3.0.0 (npm, pinned in {@code tools/asl/}) running a definition with local handlers for its
 * Task states, through the repository's {@code tools/asl/run-scenario.mjs}: each Task consumes scripted outcomes
 * (return a value or throw an error) and every input it received is reported back. Node 20 lacks
 * {@code Promise.withResolvers}, so the runner is started with {@code --import ./polyfill.mjs}.
 */
public final class AslInterpreter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AslInterpreter() {
    }

    static Path toolsDir() {
        return Path.of(System.getProperty("e2e.repoRoot", "..")).toAbsolutePath().normalize().resolve("tools/asl");
    }

    /** Runs {@code definition} on {@code scenario}; returns {@code {status, output | error, cause, calls}}. */
    public static JsonNode run(JsonNode definition, JsonNode scenario) throws IOException, InterruptedException {
        ensureInstalled();
        Path def = Files.createTempFile("plan-definition-", ".asl.json");
        Path scen = Files.createTempFile("scenario-", ".json");
        try {
            Files.writeString(def, definition.toString(), StandardCharsets.UTF_8);
            Files.writeString(scen, scenario.toString(), StandardCharsets.UTF_8);
            String out = exec(List.of("node", "--import", "./polyfill.mjs", "run-scenario.mjs", def.toString(), scen.toString()));
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            try {
                return JSON.readTree(last);
            } catch (IOException e) {
                throw new IllegalStateException("interpreter printed no result line:\n" + out, e);
            }
        } finally {
            Files.deleteIfExists(def);
            Files.deleteIfExists(scen);
        }
    }

    /** {@code npm ci} from the lock file on first use; one install at a time across concurrent builds. */
    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        Path marker = toolsDir().resolve("node_modules/aws-local-stepfunctions/package.json");
        if (Files.exists(marker)) {
            return;
        }
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "ingest-pipeline-asl-npm.lock");
        try (FileChannel channel = new RandomAccessFile(lock.toFile(), "rw").getChannel(); FileLock ignored = channel.lock()) {
            if (!Files.exists(marker)) {
                exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
            }
        }
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(toolsDir().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": Node.js 20+ and npm are needed "
                    + "(apt-get install nodejs npm)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + toolsDir() + ":\n" + out);
        }
        return out;
    }
}
