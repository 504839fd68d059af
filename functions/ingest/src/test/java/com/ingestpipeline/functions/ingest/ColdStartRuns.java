package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The cold-start half of {@link IngestBenchmark}: fresh JVMs on the built jar, the ingest handler and a trivial
 * handler alternating. Each ingest run reports its init (constructor with priming and the background connect, then
 * SnapStart's checkpoint hook) and its first event after init separately ({@link ColdStartLauncher}).
 */
final class ColdStartRuns {
    static final int COLD_RUNS = 9;
    private static final byte[] CSV = "id,name,amount\n1,alice,3.5\n2,bob,4\n".getBytes(StandardCharsets.UTF_8);

    /** Medians: whole cold start (spawn to result), trivial handler's whole cold start, init, first event. */
    record Result(long coldMs, long trivialMs, long initMs, long firstEventMs) {
    }

    private ColdStartRuns() {
    }

    static Result run(Path jar, Path testClasses, TestDatabase pg, TestS3 s3, String bucket) throws Exception {
        long[] cold = new long[COLD_RUNS];
        long[] trivial = new long[COLD_RUNS];
        List<String> phases = new ArrayList<>();
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint()) {
            for (int r = 0; r < COLD_RUNS; r++) {
                Path eventFile = eventFile(s3, bucket, "run-" + r);
                trivial[r] = launch(jar, testClasses, ColdStartLauncher.TrivialHandler.class.getName(), eventFile, pg, s3,
                        aws, bucket, new ArrayList<>());
                cold[r] = launch(jar, testClasses, IngestHandler.class.getName(), eventFile, pg, s3, aws, bucket, phases);
            }
        }
        long[] init = phases.stream().mapToLong(p -> Long.parseLong(p.split(" ")[0])).toArray();
        long[] first = phases.stream().mapToLong(p -> Long.parseLong(p.split(" ")[1])).toArray();
        Result result = new Result(IngestBenchmark.medianLong(cold), IngestBenchmark.medianLong(trivial),
                IngestBenchmark.medianLong(init), IngestBenchmark.medianLong(first));
        System.out.println();
        System.out.println("| measure (median of " + COLD_RUNS + " fresh JVMs) | ingest function | floor | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| cold start without SnapStart, spawn to first event handled, ms | %d | %d (trivial handler, whole"
                + " cold start, same jar and JVM flags) | %.2f | (context) |%n", result.coldMs(), result.trivialMs(),
                (double) result.coldMs() / result.trivialMs());
        System.out.printf("| init phase (constructor, priming, background connect, checkpoint hook), ms | %d | | | |%n",
                result.initMs());
        System.out.printf("| first event after init (what a SnapStart restore pays beyond the platform), ms | %d | %d"
                + " (trivial handler, whole cold start) | %.2f | <= 2 |%n", result.firstEventMs(), result.trivialMs(),
                (double) result.firstEventMs() / result.trivialMs());
        System.out.println("cold start ms: " + Arrays.toString(cold) + "  trivial ms: " + Arrays.toString(trivial));
        System.out.println("ingest handler phases (init ms, first event ms): " + phases);
        return result;
    }

    /**
     * Writes the classes a first event loads after init, without the class list primed, to {@code out}
     * (Priming.CLASS_LIST's source): one cold start under {@code -Xlog:class+load}, cut at ColdStartLauncher's marker.
     */
    static void recordFirstEventClasses(Path jar, Path testClasses, TestDatabase pg, TestS3 s3, String bucket, Path out)
            throws Exception {
        Path log = Files.createTempFile("class-load", ".log");
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint()) {
            launch(jar, testClasses, IngestHandler.class.getName(), eventFile(s3, bucket, "record"), pg, s3, aws,
                    bucket, new ArrayList<>(), "-Xlog:class+load=info:file=" + log, "-D" + Priming.SKIP_CLASS_LIST + "=true");
        }
        Set<String> classes = new LinkedHashSet<>();
        boolean afterInit = false;
        for (String line : Files.readAllLines(log)) {
            int start = line.indexOf("] ");
            int end = line.indexOf(' ', start + 2);
            if (start < 0 || end < 0) {
                continue;
            }
            String name = line.substring(start + 2, end);
            if (name.equals(ColdStartLauncher.InitDone.class.getName())) {
                afterInit = true;
            } else if (afterInit && !name.contains("$$") && !name.contains("/") && !name.startsWith("jdk.internal.reflect.Generated")
                    && !name.startsWith(ColdStartLauncher.class.getName()) && !name.contains("$Proxy")) {
                classes.add(name);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Classes the ingest handler's first event loaded after init, recorded by");
        lines.add("# IngestBenchmark record-classes (docs/ingest-function.md, \"SnapStart priming\"). Loaded by Priming in init.");
        lines.addAll(classes);
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + classes.size() + " classes to " + out);
    }

    private static Path eventFile(TestS3 s3, String bucket, String name) throws Exception {
        String key = "incoming/cold/" + name + "-" + System.nanoTime() + ".csv";
        String etag = s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"),
                RequestBody.fromBytes(CSV)).eTag().replace("\"", "");
        ObjectNode event = Events.forObject("object-created-put.json", bucket, key, CSV.length, etag,
                String.format("%016X", System.nanoTime()), null);
        Path eventFile = Files.createTempFile("event", ".json");
        Files.write(eventFile, Events.bytes(event));
        return eventFile;
    }

    private static long launch(Path jar, Path testClasses, String handler, Path event, TestDatabase pg, TestS3 s3,
                               FakeAwsEndpoint aws, String bucket, List<String> phases, String... jvmOptions) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + testClasses, ColdStartLauncher.class.getName(),
                handler, event.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SFN", aws.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint().toString());
        env.put("DB_HOST", "localhost");
        env.put("DB_PORT", String.valueOf(pg.port()));
        env.put("DB_NAME", TestDatabase.NAME);
        env.put("DB_SECRET_ARN", TestDatabase.SECRET_ARN);
        env.put("DB_SSL_MODE", "disable");
        env.put("BUCKET_NAME", bucket);
        env.put("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:flow");
        env.put("INPUT_PREFIX", "incoming/");
        env.put("RESULTS_PREFIX", "results/");
        env.put("MAX_OBJECT_BYTES", "1073741824");
        env.put("POWERTOOLS_LOG_LEVEL", "WARN");
        long t0 = System.nanoTime();
        Process p = pb.start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("PHASES ")) {
                    phases.add(line.substring(7));
                }
                if (line.startsWith("RESULT ")) {
                    result = line;
                    break;
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        p.waitFor();
        if (result == null || (handler.equals(IngestHandler.class.getName()) && !result.contains("\"started\":1"))) {
            throw new IllegalStateException("cold start run of " + handler + " did not handle the event:\n" + all);
        }
        return ms;
    }

}
