package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts a backfill (docs/backfill.md), prints the Map Run's progress while it waits, then reads the result manifest
 * the Distributed Map wrote and prints what the ingest function did with the objects: started, rejected, already
 * recorded, ignored, and the batches that failed. Same conventions as {@link SmokeCheck}.
 */
public final class BackfillCommand {
    /** What the run did; {@code succeeded} is the execution's own verdict. */
    public record Result(boolean succeeded, String status, Counts counts, String manifest) {
    }

    /** Summed over every batch in the manifest. */
    public record Counts(long batchesSucceeded, long batchesFailed, long objects, long started, long rejected,
                         long alreadyRecorded, long ignored) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final S3Client s3;
    private final PrintStream out;
    private final Supplier<Instant> clock;
    private final SmokeCheck.Sleeper sleeper;
    private final Duration timeout;
    private final Duration pollInterval;

    public BackfillCommand(SfnClient sfn, S3Client s3, PrintStream out, Supplier<Instant> clock,
                           SmokeCheck.Sleeper sleeper, Duration timeout, Duration pollInterval) {
        this.sfn = sfn;
        this.s3 = s3;
        this.out = out;
        this.clock = clock;
        this.sleeper = sleeper;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /** The execution input the backfill state machine accepts; {@code since} may be null. */
    public static String input(String prefix, String mode, String since) {
        ObjectNode in = JSON.createObjectNode().put("prefix", prefix).put("mode", mode);
        if (since != null) {
            in.put("since", since);
        }
        return in.toString();
    }

    public Result run(String stateMachineArn, String name, String input) throws InterruptedException {
        Instant start = clock.get();
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input))
            .executionArn();
        progress(start, "started " + executionArn + " with " + input);
        DescribeExecutionResponse execution;
        while (true) {
            execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING) {
                break;
            }
            progress(start, mapRunProgress(executionArn));
            if (Duration.between(start, clock.get()).compareTo(timeout) >= 0) {
                progress(start, "still RUNNING after " + timeout.toSeconds() + " s; it goes on without this command");
                return new Result(false, "RUNNING", null, null);
            }
            sleeper.sleep(pollInterval);
        }
        String status = execution.statusAsString();
        progress(start, "execution " + status + (execution.error() == null ? ""
            : ": " + execution.error() + " " + execution.cause()));
        String manifest = manifestKey(execution.output());
        Counts counts = manifest == null ? null : counts(bucketOf(execution.output()), manifest);
        if (counts != null) {
            progress(start, String.format("objects %d: started %d, rejected %d, already recorded %d, ignored %d; "
                    + "batches %d succeeded, %d failed", counts.objects(), counts.started(), counts.rejected(),
                counts.alreadyRecorded(), counts.ignored(), counts.batchesSucceeded(), counts.batchesFailed()));
            progress(start, "manifest s3://" + bucketOf(execution.output()) + "/" + manifest);
        }
        boolean ok = execution.status() == ExecutionStatus.SUCCEEDED;
        out.println(ok ? "BACKFILL SUCCEEDED" : "BACKFILL " + status + " (start it again in ingest mode to resume; "
            + "see docs/backfill.md)");
        return new Result(ok, status, counts, manifest);
    }

    /** "items 120/300 succeeded, 0 failed, 40 running" from the execution's Map Run, while there is one. */
    private String mapRunProgress(String executionArn) {
        List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns();
        if (runs.isEmpty()) {
            return "execution RUNNING (listing the prefix)";
        }
        DescribeMapRunResponse run = sfn.describeMapRun(r -> r.mapRunArn(runs.get(0).mapRunArn()));
        var items = run.itemCounts();
        return String.format("objects %d/%d done (%d failed, %d running)", items.succeeded() + items.failed(),
            items.total(), items.failed(), items.running());
    }

    /** The ResultWriter's manifest key from the execution output ({@code ResultWriterDetails}). */
    private static String manifestKey(String output) {
        JsonNode details = read(output).path("ResultWriterDetails");
        return details.path("Key").isTextual() ? details.path("Key").asText() : null;
    }

    private static String bucketOf(String output) {
        return read(output).path("ResultWriterDetails").path("Bucket").asText();
    }

    /**
     * Sums the batches of the manifest's SUCCEEDED result files (each entry's {@code Output} is the ingest function's
     * summary, as a JSON string) and counts the entries of its FAILED ones.
     */
    Counts counts(String bucket, String manifestKey) {
        JsonNode manifest = object(bucket, manifestKey);
        long ok = 0;
        long failed = 0;
        long objects = 0;
        long started = 0;
        long rejected = 0;
        long recorded = 0;
        long ignored = 0;
        for (JsonNode file : manifest.path("ResultFiles").path("SUCCEEDED")) {
            for (JsonNode child : object(bucket, file.path("Key").asText())) {
                JsonNode summary = read(child.path("Output").asText("{}"));
                ok++;
                objects += summary.path("records").asLong();
                started += summary.path("started").asLong();
                rejected += summary.path("rejected").asLong();
                recorded += summary.path("duplicates").asLong();
                ignored += summary.path("ignored").asLong();
            }
        }
        for (JsonNode file : manifest.path("ResultFiles").path("FAILED")) {
            failed += object(bucket, file.path("Key").asText()).size();
        }
        return new Counts(ok, failed, objects, started, rejected, recorded, ignored);
    }

    private JsonNode object(String bucket, String key) {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private void progress(Instant start, String message) {
        out.printf("[%4ds] %s%n", Duration.between(start, clock.get()).toSeconds(), message);
    }
}
