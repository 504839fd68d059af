package com.ingestpipeline.e2e.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The batch worker from the plan's jar, started as its systemd unit would start it: the unit's ExecStart (local
 * java; classpath = the planned worker jar + the API-call recorder jar) with exactly the environment file the boot
 * script wrote, except for {@code overrides} (database location, work directory, AWS endpoints), which must be
 * listed. {@link #stop()} sends SIGTERM, as {@code systemctl stop} does.
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Map<String, String> environment;

    private WorkerProcess(Process process, Path log, Map<String, String> environment) {
        this.process = process;
        this.log = log;
        this.environment = environment;
    }

    public static WorkerProcess start(WorkerUserData userData, Path workerJar, Map<String, String> overrides,
                                      ApiCallRecorder recorder, Path workDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(userData.environmentFile());
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!env.containsKey(o.getKey()) && !o.getKey().startsWith("AWS_ENDPOINT_URL_")) {
                throw new IllegalArgumentException("override " + o.getKey() + " is not in worker.env " + env.keySet());
            }
            env.put(o.getKey(), o.getValue());
        }
        // The instance profile's credentials (fake: the local servers do not check signatures).
        env.put("AWS_ACCESS_KEY_ID", "ASIAE2EWORKER");
        env.put("AWS_SECRET_ACCESS_KEY", "e2e-secret");
        env.put("AWS_SESSION_TOKEN", "e2e-session");
        Path recorderJar = recorder.writeJar(workDir.resolve("worker-lib/e2e-api-recorder.jar"));
        String classpath = workerJar + java.io.File.pathSeparator + recorderJar;
        Path log = workDir.resolve("worker.log");
        ProcessBuilder pb = new ProcessBuilder(userData.command(ChildJvm.java(), classpath))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new WorkerProcess(pb.start(), log, Map.copyOf(env));
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the worker to drain and exit; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker did not exit within 60 s of SIGTERM; log:\n" + ChildJvm.tail(log, 40));
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
