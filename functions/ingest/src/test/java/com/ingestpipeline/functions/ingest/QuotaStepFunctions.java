package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Step Functions {@code StartExecution} answered in this JVM, throttled the way AWS throttles it: a token bucket per
 * account and Region. Defaults are AWS's for Standard workflows in us-east-1 (the stacks' Region): bucket 1,300,
 * refill 300 per second (Step Functions developer guide, "Service quotas", API action throttling:
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html; 800 and 150 in most other Regions).
 *
 * <p>It is an {@link SdkHttpClient}, not an {@link SfnClient} stub, so the real SDK client sits on top of it: request
 * marshalling, error parsing and the SDK's own retries with backoff on {@code ThrottlingException} all run as in
 * Lambda. Idempotency follows AWS: the same name with the same input returns the running execution; the same name
 * with another input is {@code ExecutionAlreadyExists}. {@link #throttleEverythingFor} models a regional throttling
 * event (every call refused, whatever the bucket holds).
 */
final class QuotaStepFunctions implements SdkHttpClient {
    static final int US_EAST_1_BUCKET = 1300;
    static final int US_EAST_1_REFILL_PER_SECOND = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final double bucketSize;
    private final double refillPerNano;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private volatile long throttleAllUntil;
    private final Map<String, String> executions = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();

    QuotaStepFunctions(int bucketSize, int refillPerSecond) {
        this.bucketSize = bucketSize;
        this.refillPerNano = refillPerSecond / 1e9;
        this.tokens = bucketSize;
    }

    /** AWS's default StartExecution quota for Standard workflows in us-east-1. */
    static QuotaStepFunctions usEast1Defaults() {
        return new QuotaStepFunctions(US_EAST_1_BUCKET, US_EAST_1_REFILL_PER_SECOND);
    }

    /**
     * A real SDK client (default retry policy, as {@code AwsClients.sfn()} builds it) over {@code http}: this fake, or
     * a wrapper around it.
     */
    SfnClient client(SdkHttpClient http) {
        return SfnClient.builder().httpClient(http).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://states.local"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** From now on, every call is throttled for {@code duration}. */
    void throttleEverythingFor(Duration duration) {
        throttleAllUntil = System.nanoTime() + duration.toNanos();
    }

    boolean throttlingEverything() {
        return System.nanoTime() < throttleAllUntil;
    }

    /** Execution name to input, of every execution started. */
    Map<String, String> executions() {
        return Map.copyOf(executions);
    }

    long calls() {
        return calls.get();
    }

    long throttles() {
        return throttles.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                byte[] body = request.contentStreamProvider().isPresent()
                        ? request.contentStreamProvider().get().newStream().readAllBytes() : new byte[0];
                if (!target.endsWith(".StartExecution")) {
                    return answer(400, "{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + "\"}");
                }
                return startExecution(JSON.readTree(body));
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse startExecution(JsonNode request) {
        calls.incrementAndGet();
        if (!takeToken()) {
            throttles.incrementAndGet();
            return answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        }
        String machine = request.path("stateMachineArn").asText();
        String name = request.path("name").asText();
        String input = request.path("input").asText("{}");
        String existing = executions.putIfAbsent(name, input);
        String arn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
        if (existing != null && !existing.equals(input)) {
            return answer(400, "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution Already Exists: '"
                    + arn + "'\"}");
        }
        return answer(200, "{\"executionArn\":\"" + arn + "\",\"startDate\":" + System.currentTimeMillis() / 1000.0 + "}");
    }

    private synchronized boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(bucketSize, tokens + (now - refilledAt) * refillPerNano);
        refilledAt = now;
        if (now < throttleAllUntil || tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private static HttpExecuteResponse answer(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", String.valueOf(bytes.length)).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    @Override
    public void close() {
    }

    static String inputKey(String executionInput) {
        try {
            return JSON.readTree(executionInput).path("key").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
