package com.ingestpipeline.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * After {@code pulumi up}: uploads a sample file, finds the execution the ingest function started for
 * it, waits for it (printing progress), then asks the status function for the file's result through the
 * Lambda API and checks the result objects exist. One clear PASS or FAIL at the end.
 */
public final class SmokeCheck {
    /** The verdict and what it is based on. */
    public record Result(boolean passed, String summary, Optional<String> executionArn, JsonNode status) {
    }

    /** Waits between polls; tests pass one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The execution is started before the upload returns only in theory; allow for clock skew. */
    private static final Duration SKEW = Duration.ofMinutes(2);

    private final S3Client s3;
    private final SfnClient sfn;
    private final LambdaClient lambda;
    private final PrintStream out;
    private final Supplier<Instant> clock;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final Duration pollInterval;

    public SmokeCheck(S3Client s3, SfnClient sfn, LambdaClient lambda, PrintStream out, Supplier<Instant> clock,
                      Sleeper sleeper, Duration timeout, Duration pollInterval) {
        this.s3 = s3;
        this.sfn = sfn;
        this.lambda = lambda;
        this.out = out;
        this.clock = clock;
        this.sleeper = sleeper;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /** Runs the check for one sample uploaded under {@code <inputPrefix><name>}. */
    public Result run(StackOutputs stack, String name, byte[] sample) throws InterruptedException {
        Instant start = clock.get();
        String key = stack.inputPrefix() + name;
        PutObjectResponse put = s3.putObject(PutObjectRequest.builder().bucket(stack.bucketName()).key(key)
            .contentType("text/csv").build(), RequestBody.fromBytes(sample));
        progress(start, "uploaded s3://" + stack.bucketName() + "/" + key + " (" + sample.length + " bytes, etag "
            + put.eTag() + ")");

        Optional<String> execution = findExecution(stack, key, start);
        if (execution.isEmpty()) {
            return verdict(false, "no workflow execution started for " + key + " within " + timeout.toSeconds()
                + " s: check the ingest function's logs and the bucket notification", Optional.empty(), status(stack, key));
        }
        DescribeExecutionResponse done = waitForEnd(start, execution.get());
        JsonNode status = status(stack, key);
        progress(start, "status function: " + status);
        if (done == null) {
            return verdict(false, "execution " + execution.get() + " still running after " + timeout.toSeconds() + " s",
                execution, status);
        }
        if (done.status() != ExecutionStatus.SUCCEEDED) {
            return verdict(false, "execution " + done.status() + ": " + done.error() + " — " + done.cause()
                + "; file status " + status.path("status").asText() + " " + status.path("reason").asText(""), execution, status);
        }
        if (!"processed".equals(status.path("status").asText())) {
            return verdict(false, "execution succeeded but the file's status is '" + status.path("status").asText()
                + "'", execution, status);
        }
        List<String> missing = missingResults(stack, status);
        if (!status.path("results").isArray() || status.path("results").isEmpty() || !missing.isEmpty()) {
            return verdict(false, "processed, but result objects are missing: " + (missing.isEmpty() ? "no results listed"
                : String.join(", ", missing)), execution, status);
        }
        return verdict(true, "file " + status.path("fileId").asText() + " processed: " + summary(status), execution, status);
    }

    private Optional<String> findExecution(StackOutputs stack, String key, Instant start) throws InterruptedException {
        Set<String> seen = new HashSet<>();
        Instant deadline = start.plus(timeout);
        while (clock.get().isBefore(deadline)) {
            for (ExecutionListItem item : sfn.listExecutions(ListExecutionsRequest.builder()
                    .stateMachineArn(stack.stateMachineArn()).maxResults(100).build()).executions()) {
                if (item.startDate() != null && item.startDate().isBefore(start.minus(SKEW)) || !seen.add(item.executionArn())) {
                    continue;
                }
                JsonNode input = parse(sfn.describeExecution(DescribeExecutionRequest.builder()
                    .executionArn(item.executionArn()).build()).input());
                if (key.equals(input.path("key").asText()) && stack.bucketName().equals(input.path("bucket").asText())) {
                    progress(start, "execution " + item.name() + " started (file " + input.path("fileId").asText() + ")");
                    return Optional.of(item.executionArn());
                }
            }
            progress(start, "waiting for the ingest function to start an execution...");
            sleeper.sleep(pollInterval);
        }
        return Optional.empty();
    }

    private DescribeExecutionResponse waitForEnd(Instant start, String executionArn) throws InterruptedException {
        Instant deadline = start.plus(timeout);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(DescribeExecutionRequest.builder()
                .executionArn(executionArn).build());
            if (d.status() != ExecutionStatus.RUNNING && d.status() != ExecutionStatus.PENDING_REDRIVE) {
                progress(start, "execution " + d.status());
                return d;
            }
            if (!clock.get().isBefore(deadline)) {
                return null;
            }
            progress(start, "execution RUNNING (workers start on demand; the first file waits for an instance to boot)");
            sleeper.sleep(pollInterval);
        }
    }

    /** Asks the status function through the Lambda API, exactly as an operator would. */
    private JsonNode status(StackOutputs stack, String key) {
        String request = JSON.createObjectNode().put("action", "getStatus").put("bucket", stack.bucketName())
            .put("key", key).toString();
        InvokeResponse response = lambda.invoke(InvokeRequest.builder().functionName(stack.statusFunctionName())
            .payload(SdkBytes.fromUtf8String(request)).build());
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            return JSON.createObjectNode().put("status", "error").put("reason", response.functionError() + ": " + payload);
        }
        return parse(payload);
    }

    private List<String> missingResults(StackOutputs stack, JsonNode status) {
        List<String> missing = new ArrayList<>();
        for (JsonNode result : status.path("results")) {
            for (JsonNode outKey : result.path("outputs")) {
                try {
                    s3.headObject(HeadObjectRequest.builder().bucket(stack.bucketName()).key(outKey.asText()).build());
                } catch (NoSuchKeyException e) {
                    missing.add(outKey.asText());
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                    missing.add(outKey.asText());
                }
            }
        }
        return missing;
    }

    private static String summary(JsonNode status) {
        List<String> parts = new ArrayList<>();
        for (JsonNode r : status.path("results")) {
            parts.add(r.path("job").asText() + " rows=" + r.path("rowCount").asText() + " malformed="
                + r.path("malformedCount").asText() + " outputs=" + r.path("outputs").size());
        }
        return String.join("; ", parts);
    }

    private Result verdict(boolean passed, String summary, Optional<String> execution, JsonNode status) {
        out.println((passed ? "SMOKE CHECK PASSED: " : "SMOKE CHECK FAILED: ") + summary);
        return new Result(passed, summary, execution, status);
    }

    private void progress(Instant start, String message) {
        out.printf("[%4ds] %s%n", Duration.between(start, clock.get()).toSeconds(), message);
    }

    private static JsonNode parse(String json) {
        try {
            return json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode().put("status", "error").put("reason", "not JSON: " + json);
        }
    }
}
