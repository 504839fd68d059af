package com.ingestpipeline.e2e.runtime;

import com.ingestpipeline.e2e.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Lambda function from the plan, run the way the {@code java21} managed runtime runs it: its deployment
 * package (the jar the plan's {@code code} asset points at) unpacked as the task root, a fresh JVM started on the
 * AWS Lambda runtime interface client with the plan's handler string, the plan's environment plus the variables
 * Lambda itself sets, talking to a {@link LocalRuntimeApi}. The JVM stays up between invocations (a warm
 * function) until {@link #close()}.
 *
 * <p>The environment is the plan's except for {@code overrides}, which the caller must list (the database
 * location and the AWS endpoint redirections); {@link #environment()} shows the result.
 */
public final class LambdaFunctionProcess implements AutoCloseable {
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final LocalRuntimeApi api;
    private final Process process;
    private final Path log;
    private final Map<String, String> environment;

    private LambdaFunctionProcess(LocalRuntimeApi api, Process process, Path log, Map<String, String> environment) {
        this.api = api;
        this.process = process;
        this.log = log;
        this.environment = environment;
    }

    /**
     * Starts {@code function} (a planned {@code aws:lambda/function:Function}).
     *
     * @param overrides  replace plan values (each key must exist in the plan's environment) or add the
     *                   {@code AWS_ENDPOINT_URL_*} redirections
     * @param recorder   the API-call recorder, added as a layer jar under the task root's {@code lib/}
     */
    public static LambdaFunctionProcess start(Plan plan, Plan.Resource function, Map<String, String> overrides,
                                              ApiCallRecorder recorder, Path workDir) throws IOException {
        String name = function.name();
        Path taskRoot = workDir.resolve(name + "-task");
        unzip(function.assetPath("code"), taskRoot);
        recorder.writeJar(taskRoot.resolve("lib/e2e-api-recorder.jar"));

        String region = plan.config("aws:region");
        String functionArn = "arn:aws:lambda:" + region + ":123456789012:function:" + name;
        int timeoutSeconds = function.inputs().path("timeout").asInt(3);
        int memory = function.inputs().path("memorySize").asInt(128);
        LocalRuntimeApi api = new LocalRuntimeApi(functionArn, Duration.ofSeconds(timeoutSeconds));

        Map<String, String> env = new LinkedHashMap<>(function.environment());
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!env.containsKey(o.getKey()) && !o.getKey().startsWith("AWS_ENDPOINT_URL_")) {
                throw new IllegalArgumentException("override " + o.getKey() + " is not in " + name
                        + "'s planned environment " + env.keySet());
            }
            env.put(o.getKey(), o.getValue());
        }
        // What the Lambda service adds to every java21 function's environment (reserved variables).
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("_HANDLER", function.input("handler"));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.input("runtime"));
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.inputs().path("loggingConfig").path("logGroup").asText("/aws/lambda/" + name));
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]e2e");
        env.put("AWS_LAMBDA_LOG_FORMAT", function.inputs().path("loggingConfig").path("logFormat").asText("Text"));
        // The execution role's session credentials (fake: the local servers do not check signatures).
        env.put("AWS_ACCESS_KEY_ID", "ASIAE2EEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "e2e-secret");
        env.put("AWS_SESSION_TOKEN", "e2e-session");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");

        Path runtimeDir = Path.of(System.getProperty("e2e.lambdaRuntimeDir", "target/lambda-runtime"));
        List<String> runtimeJars;
        try (Stream<Path> jars = Files.list(runtimeDir)) {
            runtimeJars = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        }
        if (runtimeJars.isEmpty()) {
            throw new IllegalStateException("no runtime interface client jars in " + runtimeDir);
        }
        List<String> command = new ArrayList<>(List.of(ChildJvm.java().toString(),
                // Like the managed runtime: heap from the configured memory, serial GC, IPv4.
                "-XX:MaxHeapSize=" + (memory * 85 / 100) + "m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-classpath", String.join(java.io.File.pathSeparator, runtimeJars), RIC_MAIN, function.input("handler")));
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new LambdaFunctionProcess(api, pb.start(), log, Map.copyOf(env));
    }

    /** Invokes the function with {@code event} and waits for its answer. */
    public LocalRuntimeApi.Outcome invoke(byte[] event, Duration wait) throws InterruptedException {
        try {
            return api.invoke(event, wait);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + wait + " (alive: " + process.isAlive() + "); log:\n"
                    + ChildJvm.tail(log, 60), e);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + ChildJvm.tail(log, 60), e);
        }
    }

    /** The child's whole environment (plan + overrides + what Lambda sets). */
    public Map<String, String> environment() {
        return environment;
    }

    public Path log() {
        return log;
    }

    private static void unzip(Path jar, Path target) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("deployment package " + jar + " (from the plan) does not exist");
        }
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the task root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        api.close();
    }
}
