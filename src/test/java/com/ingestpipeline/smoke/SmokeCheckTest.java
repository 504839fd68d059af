package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.testing.TestS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The smoke check against a real local S3 server, with Step Functions and Lambda mocked at the SDK boundary. */
class SmokeCheckTest {
    private static final String BUCKET = "smoke-data";
    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:dev-flow";
    private static final String EXEC = "arn:aws:states:us-east-1:123456789012:execution:dev-flow:f-abc";
    private static final StackOutputs STACK = new StackOutputs(BUCKET, "incoming/", SM, "dev-status");
    private static S3Client s3;

    private final SfnClient sfn = mock(SfnClient.class);
    private final LambdaClient lambda = mock(LambdaClient.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void startS3() {
        s3 = TestS3.get().client();
        if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(BUCKET))) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @BeforeEach
    void anExecutionAppearsOnTheSecondPoll() {
        ExecutionListItem item = ExecutionListItem.builder().executionArn(EXEC).name("f-abc")
            .startDate(now.get().plusSeconds(3)).status(ExecutionStatus.RUNNING).build();
        when(sfn.listExecutions(any(ListExecutionsRequest.class)))
            .thenReturn(ListExecutionsResponse.builder().build())
            .thenReturn(ListExecutionsResponse.builder().executions(item).build());
    }

    private SmokeCheck check(Duration timeout) {
        return new SmokeCheck(s3, sfn, lambda, new PrintStream(printed, true, StandardCharsets.UTF_8), now::get,
            d -> now.set(now.get().plus(d)), timeout, Duration.ofSeconds(10));
    }

    private void execution(String key, ExecutionStatus... statuses) {
        String input = "{\"fileId\":42,\"bucket\":\"" + BUCKET + "\",\"key\":\"" + key + "\"}";
        var first = DescribeExecutionResponse.builder().executionArn(EXEC).input(input).status(ExecutionStatus.RUNNING).build();
        var stub = when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(first);
        for (ExecutionStatus s : statuses) {
            stub = stub.thenReturn(first.toBuilder().status(s).error(s == ExecutionStatus.FAILED ? "Worker.Permanent" : null)
                .cause(s == ExecutionStatus.FAILED ? "not a CSV file" : null).build());
        }
    }

    private void statusAnswers(String json) {
        when(lambda.invoke(any(InvokeRequest.class)))
            .thenReturn(InvokeResponse.builder().statusCode(200).payload(SdkBytes.fromUtf8String(json)).build());
    }

    @Test
    void processedFile_withResultObjectsInTheBucket_passes() throws Exception {
        String key = "incoming/smoke/ok.csv";
        execution(key, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        s3.putObject(b -> b.bucket(BUCKET).key("results/42/profile.json"), RequestBody.fromString("{}"));
        statusAnswers("{\"fileId\":42,\"status\":\"processed\",\"results\":[{\"job\":\"profile\",\"rowCount\":100,"
            + "\"malformedCount\":0,\"outputs\":{\"profile\":\"results/42/profile.json\"}}]}");

        SmokeCheck.Result result = check(Duration.ofMinutes(5)).run(STACK, "smoke/ok.csv", SmokeMain.sample(now.get()));

        assertThat(result.passed()).isTrue();
        assertThat(result.executionArn()).contains(EXEC);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).startsWith("id,name,amount,run\n");
        ArgumentCaptor<InvokeRequest> invoke = ArgumentCaptor.forClass(InvokeRequest.class);
        verify(lambda, atLeastOnce()).invoke(invoke.capture());
        var payload = new ObjectMapper().readTree(invoke.getValue().payload().asUtf8String());
        assertThat(invoke.getValue().functionName()).isEqualTo("dev-status");
        assertThat(payload.path("action").asText()).isEqualTo("getStatus");
        assertThat(payload.path("key").asText()).isEqualTo(key);
        assertThat(printed.toString(StandardCharsets.UTF_8))
            .contains("uploaded s3://smoke-data/" + key)
            .contains("waiting for the ingest function")
            .contains("execution f-abc started")
            .contains("execution RUNNING")
            .contains("SMOKE CHECK PASSED: file 42 processed: profile rows=100");
    }

    @Test
    void failedExecution_failsWithTheWorkflowErrorAndTheFileStatus() throws Exception {
        execution("incoming/smoke/bad.csv", ExecutionStatus.FAILED);
        statusAnswers("{\"fileId\":42,\"status\":\"failed\",\"reason\":\"Worker.Permanent: not a CSV file\",\"results\":[]}");

        SmokeCheck.Result result = check(Duration.ofMinutes(5)).run(STACK, "smoke/bad.csv", new byte[] {1, 2});

        assertThat(result.passed()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("SMOKE CHECK FAILED: execution FAILED: Worker.Permanent")
            .contains("not a CSV file").contains("file status failed");
    }

    @Test
    void processedButResultObjectMissing_fails() throws Exception {
        execution("incoming/smoke/gone.csv", ExecutionStatus.SUCCEEDED);
        statusAnswers("{\"fileId\":43,\"status\":\"processed\",\"results\":[{\"job\":\"profile\","
            + "\"outputs\":{\"profile\":\"results/43/profile.json\"}}]}");

        SmokeCheck.Result result = check(Duration.ofMinutes(5)).run(STACK, "smoke/gone.csv", "a,b\n".getBytes());

        assertThat(result.passed()).isFalse();
        assertThat(result.summary()).contains("results/43/profile.json");
    }

    @Test
    void noExecutionBeforeTheTimeout_failsPointingAtTheIngestFunction() throws Exception {
        execution("incoming/some/other-file.csv");
        statusAnswers("{\"status\":\"unknown\"}");

        SmokeCheck.Result result = check(Duration.ofSeconds(30)).run(STACK, "smoke/lost.csv", "a\n".getBytes());

        assertThat(result.passed()).isFalse();
        assertThat(result.summary()).contains("no workflow execution started").contains("ingest function");
        assertThat(now.get()).isAfterOrEqualTo(Instant.parse("2026-11-27T10:00:30Z"));
    }

    @Test
    void outputsWithoutTheNeededKeys_areRejectedNamingEachOne() throws Exception {
        var json = new ObjectMapper().readTree("{\"bucketName\":\"b\",\"stateMachineArn\":\"\"}");

        assertThatThrownBy(() -> StackOutputs.parse(json)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("inputPrefix").hasMessageContaining("stateMachineArn")
            .hasMessageContaining("statusFunctionName").hasMessageNotContaining("bucketName,");
    }
}
